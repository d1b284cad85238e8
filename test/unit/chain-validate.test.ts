// Why a chain does not validate (#17 part 1): the Certificates view's notes, the `chain-invalid`
// and `name-constraints` diagnostics and authoring's refusals all come from src/core/validate, on
// openssl-made chains that each break one rule at a CA (test/fixtures/certs/broken/make.sh; openssl
// verify -x509_strict rejects each of them at the same depth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildForest, type ChainNode, type InventoryItem } from '../../src/core/chain';
import { checkObjects } from '../../src/core/diagnostics';
import { hoverMarkdown } from '../../src/core/describe';
import { AuthorError, createCa, issueCertificate, loadCa, signCsr, createCsr } from '../../src/core/author';
import { buildCertificate } from '../../src/core/author/certificate';
import { generateKey, keyIdentifier } from '../../src/core/author/keys';
import { buildName } from '../../src/core/author/names';
import { toPem } from '../../src/core/bytes';
import { webCryptoVerifier } from '../../src/core/verify';
import { fixtureText, scan } from './helpers';

const NOW = new Date();
const B = (n: string) => fixtureText(`broken/${n}`);

function items(files: Record<string, string>): InventoryItem[] {
  const out: InventoryItem[] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const f of scan(text)) if (f.result.ok) out.push({ object: f.result.object, locations: [{ file, start: f.start, end: f.end, line: 0 }] });
  }
  return out;
}

function find(nodes: ChainNode[], cn: string): ChainNode | undefined {
  for (const n of nodes) {
    const o = n.item.object;
    if (o.type === 'certificate' && o.subject.commonName === cn) return n;
    const hit = find(n.children, cn);
    if (hit) return hit;
  }
  return undefined;
}

const CASES: Array<{ name: string; files: string[]; leaf: string; codes: string[]; note: RegExp }> = [
  { name: 'issuer without keyCertSign', files: ['root.pem', 'nokcs-ca.pem', 'nokcs-leaf.pem'], leaf: 'nokcs leaf', codes: ['key-cert-sign-missing'], note: /^does not validate: CA O=Certwright Broken,CN=No KeyCertSign CA \(the issuer\): issues certificates but its keyUsage lacks keyCertSign \(key-cert-sign-missing\)$/ },
  { name: 'issuer that is not a CA', files: ['root.pem', 'noca-ca.pem', 'noca-leaf.pem'], leaf: 'noca leaf', codes: ['not-a-ca'], note: /^does not validate: issuer O=Certwright Broken,CN=Not A CA \(the issuer\): issues certificates but basicConstraints says CA:FALSE \(not-a-ca\)$/ },
  { name: 'path length exceeded two levels up', files: ['root.pem', 'pl0-ca.pem', 'pl0-sub.pem', 'pl0-leaf.pem'], leaf: 'pl0 leaf', codes: ['path-length-exceeded'], note: /^does not validate: CA O=Certwright Broken,CN=PathLen0 CA \(2 levels up\): pathLenConstraint 0 allows 0 intermediate CAs below it; the chain has 1 \(path-length-exceeded\)$/ },
  { name: 'CA extended key usage leaves out the leaf\'s', files: ['root.pem', 'eku-ca.pem', 'eku-leaf.pem'], leaf: 'eku leaf', codes: ['eku-mismatch'], note: /^does not validate: CA O=Certwright Broken,CN=Client Only CA.*extended key usage does not allow serverAuth .*restricts every certificate below it \(eku-mismatch\)$/ },
  { name: 'CA with an unhandled critical extension', files: ['root.pem', 'crit-ca.pem', 'crit-leaf.pem'], leaf: 'crit leaf', codes: ['unhandled-critical-extension'], note: /unhandled critical extension 1\.3\.6\.1\.4\.1\.55555\.1 \(unhandled-critical-extension\)$/ },
];

test('Certificates view: a leaf below a broken CA carries the validation error (code, depth, CA), across files; a good chain carries none', async () => {
  for (const c of CASES) {
    const forest = await buildForest(items(Object.fromEntries(c.files.map((f) => [f, B(f)]))), webCryptoVerifier, () => false, { now: NOW });
    const leaf = find(forest.roots, c.leaf);
    assert.ok(leaf, c.name);
    assert.deepEqual(leaf.problems?.map((p) => p.code), c.codes, c.name);
    assert.equal(leaf.notes.length, 1, `${c.name}: ${leaf.notes}`);
    assert.match(leaf.notes[0], c.note, c.name);
    // The hover card of the certificate shows the same notes.
    assert.ok(hoverMarkdown([{ object: leaf.item.object, index: 0, groupSize: 1, notes: leaf.notes }], NOW, 30).includes('⚠ does not validate'), c.name);
  }
  const good = await buildForest(items({ 'root.pem': B('root.pem'), 'ca.pem': B('good-ca.pem'), 'leaf.pem': B('good-leaf.pem') }), webCryptoVerifier, () => false, { now: NOW });
  assert.deepEqual(find(good.roots, 'good leaf')?.notes, []);
  assert.equal(find(good.roots, 'good leaf')?.problems, undefined);
});

test('Certificates view: an expired CA is named on the certificates below it; validity is only checked with a clock', async () => {
  const rootKey = await generateKey('ecdsa-p256');
  const past = new Date(NOW.getTime() - 400 * 86400_000);
  const subject = buildName({ commonName: 'Expired Root' });
  const root = await buildCertificate({ subject, spki: rootKey.spki, keyAlgorithm: rootKey.algorithm, ca: {}, validityMs: 30 * 86400_000, now: past }, undefined, rootKey);
  const rootPem = toPem('CERTIFICATE', root.der);
  const leafKey = await generateKey('ecdsa-p256');
  const leaf = await buildCertificate({ subject: buildName({ commonName: 'under expired' }), spki: leafKey.spki, keyAlgorithm: leafKey.algorithm, san: { dns: ['a.example.com'] }, validityMs: 20 * 86400_000, now: past },
    { subjectDer: subject, keyId: await keyIdentifier(rootKey.spki), key: rootKey, notAfter: root.notAfter });
  const files = { 'root.pem': rootPem, 'leaf.pem': toPem('CERTIFICATE', leaf.der) };
  const forest = await buildForest(items(files), webCryptoVerifier, () => false, { now: NOW });
  const node = find(forest.roots, 'under expired')!;
  assert.deepEqual(node.problems?.map((p) => [p.depth, p.code]), [[1, 'expired']]);
  assert.match(node.notes[0], /^does not validate: CA CN=Expired Root \(the issuer\): expired at \d{4}-/);
  const noClock = await buildForest(items(files), webCryptoVerifier);
  assert.deepEqual(find(noClock.roots, 'under expired')!.notes, []);
});

test('diagnostics chain-invalid: on the leaf of a bundle whose CA breaks a rule, exact range; none for a good bundle or a leaf alone', () => {
  for (const c of CASES) {
    const text = B(c.files.includes('pl0-sub.pem') ? 'pl0-chain.pem' : `${c.files[1].replace('-ca.pem', '')}-chain.pem`);
    const found = scan(text);
    const got = checkObjects(text, found, { now: NOW, expiryWarningDays: 0 });
    assert.deepEqual(got.map((f) => [f.code, f.severity, f.start, f.end]), [['chain-invalid', 'error', found[0].start, found[0].end]], `${c.name}: ${JSON.stringify(got)}`);
    assert.match(got[0].message, new RegExp(`\\(${c.codes[0]}\\)`), c.name);
    assert.match(got[0].message, /^Certificate CN=.* does not validate through the CAs in this file: .*Go and OpenSSL reject it/);
  }
  const good = B('good-chain.pem');
  assert.deepEqual(checkObjects(good, scan(good), { now: NOW, expiryWarningDays: 0 }), []);
  const alone = B('nokcs-leaf.pem');
  assert.deepEqual(checkObjects(alone, scan(alone), { now: NOW, expiryWarningDays: 0 }), []);
});

test('authoring refuses to issue below a CA the result would not validate through, with one line naming the CA and the code', async () => {
  const ca = async (n: string, chain: string[]) => loadCa(chain.map(B).join(''), B(`${n}.key`));
  const refused = async (p: Promise<unknown>, re: RegExp) => {
    await assert.rejects(p, (e: unknown) => e instanceof AuthorError && re.test(e.message) && !e.message.includes('\n') && e.message.startsWith('refused: '));
  };
  // loadCa itself refuses a CA:FALSE certificate and a CA without keyCertSign (before anything else).
  await assert.rejects(ca('noca-ca', ['noca-ca.pem', 'root.pem']), /not a CA/);
  await assert.rejects(ca('nokcs-ca', ['nokcs-ca.pem', 'root.pem']), /cert sign/);
  const eku = await ca('eku-ca', ['eku-ca.pem', 'root.pem']);
  await refused(issueCertificate({ ca: eku, commonName: 'web', san: { dns: ['web.example.com'] }, profile: 'server', keyType: 'ecdsa-p256' }), /CA "O=Certwright Broken,CN=Client Only CA": extended key usage does not allow serverAuth.*\(eku-mismatch\)/);
  await refused(issueCertificate({ ca: eku, commonName: 'web', profile: 'mtls', keyType: 'ecdsa-p256' }), /eku-mismatch/);
  const ok = await issueCertificate({ ca: eku, commonName: 'client', profile: 'client', keyType: 'ecdsa-p256' });
  assert.match(ok.files['tls.crt'], /BEGIN CERTIFICATE/);
  const csr = await createCsr({ commonName: 'svc', san: { dns: ['svc.example.com'] }, profile: 'server', keyType: 'ecdsa-p256' });
  await refused(signCsr({ ca: eku, csrText: csr.files['tls.csr'], profile: 'server' }), /eku-mismatch/);
  const crit = await ca('crit-ca', ['crit-ca.pem', 'root.pem']);
  await refused(issueCertificate({ ca: crit, commonName: 'x', keyType: 'ecdsa-p256' }), /unhandled critical extension 1\.3\.6\.1\.4\.1\.55555\.1 \(unhandled-critical-extension\)/);
  // pathlen:0 CA: leaves yes, a CA below it no; a CA below a CA below it: the chain already breaks.
  const pl0 = await ca('pl0-ca', ['pl0-ca.pem', 'root.pem']);
  await refused(createCa({ commonName: 'deeper', keyType: 'ecdsa-p256', parent: pl0 }), /CA "O=Certwright Broken,CN=PathLen0 CA" has path length 0 .*\(path-length-exceeded\)/);
  assert.ok((await issueCertificate({ ca: pl0, commonName: 'fine', keyType: 'ecdsa-p256' })).files['tls.crt']);
  const sub = await ca('pl0-sub', ['pl0-sub.pem', 'pl0-ca.pem', 'root.pem']);
  await refused(issueCertificate({ ca: sub, commonName: 'leaf', keyType: 'ecdsa-p256' }), /CA "O=Certwright Broken,CN=PathLen0 CA": pathLenConstraint 0 .*\(path-length-exceeded\)/);
  // A good CA issues.
  const good = await ca('good-ca', ['good-ca.pem', 'root.pem']);
  assert.ok((await issueCertificate({ ca: good, commonName: 'ok', profile: 'server', keyType: 'ecdsa-p256' })).files['tls.crt']);
});

test('authoring: an expired CA is refused; a leaf is cut to the earliest expiry of its chain (a root expiring before its intermediate)', async () => {
  const day = 86400_000;
  const root = await createCa({ commonName: 'Short Root', keyType: 'ecdsa-p256', days: 10 });
  const rootCa = await loadCa(root.files['ca.crt'], toPem('PRIVATE KEY', root.key!.pkcs8));
  const inter = await createCa({ commonName: 'Long Inter', keyType: 'ecdsa-p256', days: 9, parent: rootCa });
  const interCa = await loadCa(inter.files['ca.crt'], toPem('PRIVATE KEY', inter.key!.pkcs8));
  const leaf = await issueCertificate({ ca: interCa, commonName: 'leaf', keyType: 'ecdsa-p256', validityMs: 30 * day });
  assert.match(leaf.notes.join(), /shortened/);
  const later = new Date(Date.now() + 11 * day);
  await assert.rejects(issueCertificate({ ca: interCa, commonName: 'late', keyType: 'ecdsa-p256', now: later }),
    (e: unknown) => e instanceof AuthorError && /^refused: CA "CN=Long Inter" expired at \d{4}-.* \(expired\): verifiers/.test(e.message));
});

