// Name constraints (#13): the core matcher (every name type, permitted and excluded), authoring
// refusing names outside any CA of the chain, and the `name-constraints` finding on decoded
// certificates whose issuer is in the same file (exact range: the certificate's PEM block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorError, buildName, createCa, generateKey, issueCertificate, loadCa, signCsr, createCsr } from '../../src/core/author';
import { buildCertificate } from '../../src/core/author/certificate';
import type { Ca } from '../../src/core/author';
import { toPem } from '../../src/core/bytes';
import { buildForest, type InventoryItem } from '../../src/core/chain';
import { webCryptoVerifier } from '../../src/core/verify';
import { checkObjects, RULES } from '../../src/core/diagnostics';
import type { NameConstraints, NameSubtree } from '../../src/core/model';
import { cnAsDnsName, describeViolation, nameConstraintViolation, uriHost } from '../../src/core/name-constraints';
import type { NamesToCheck } from '../../src/core/name-constraints';
import { scan } from './helpers';

const sub = (type: NameSubtree['type'], value: string, bytes?: number[]): NameSubtree => ({ type, value, ...(bytes ? { bytes: new Uint8Array(bytes) } : {}) });
const none: NamesToCheck = { dns: [], ips: [], emails: [], uris: [] };

test('matcher: each name type against permitted and excluded subtrees', () => {
  const nc: NameConstraints = {
    permitted: [sub('DNS', 'example.com'), sub('DNS', '.svc.cluster.local'), sub('email', 'example.com'), sub('email', '.corp.example'), sub('email', 'boss@example.org'), sub('URI', '.example.com'), sub('URI', 'td.org'), sub('IP', '10.0.0.0/255.0.0.0', [10, 0, 0, 0, 255, 0, 0, 0])],
    excluded: [sub('DNS', 'bad.example.com'), sub('IP', '10.9.0.0/255.255.0.0', [10, 9, 0, 0, 255, 255, 0, 0])],
  };
  const table: Array<[Partial<NamesToCheck>, string | undefined]> = [
    [{ dns: ['example.com'] }, undefined],
    [{ dns: ['A.Example.COM'] }, undefined],
    [{ dns: ['notexample.com'] }, 'outside'],
    [{ dns: ['svc.cluster.local'] }, 'outside'], // ".svc.cluster.local" permits names below it only
    [{ dns: ['payment.prod.svc.cluster.local'] }, undefined],
    [{ dns: ['*.prod.svc.cluster.local'] }, undefined],
    [{ dns: ['bad.example.com'] }, 'excluded'],
    [{ dns: ['x.bad.example.com'] }, 'excluded'],
    [{ emails: ['me@example.com'] }, undefined],
    [{ emails: ['me@sub.example.com'] }, 'outside'],
    [{ emails: ['me@a.corp.example'] }, undefined],
    [{ emails: ['boss@example.org'] }, undefined],
    [{ emails: ['Boss@example.org'] }, 'outside'],
    [{ uris: ['spiffe://a.example.com/ns/x/sa/y'] }, undefined],
    [{ uris: ['spiffe://example.com/x'] }, 'outside'],
    [{ uris: ['spiffe://td.org/ns/a/sa/b'] }, undefined],
    [{ uris: ['https://user@td.org:8443/x'] }, undefined],
    [{ uris: ['urn:uuid:1234'] }, 'outside'],
    [{ ips: [{ text: '10.1.2.3', bytes: new Uint8Array([10, 1, 2, 3]) }] }, undefined],
    [{ ips: [{ text: '192.168.0.1', bytes: new Uint8Array([192, 168, 0, 1]) }] }, 'outside'],
    [{ ips: [{ text: '10.9.1.1', bytes: new Uint8Array([10, 9, 1, 1]) }] }, 'excluded'],
    [{ ips: [{ text: '::1', bytes: new Uint8Array(16).fill(0, 0, 15).fill(1, 15) }] }, 'outside'],
  ];
  for (const [names, want] of table) {
    const v = nameConstraintViolation(nc, { ...none, ...names }, 'CN=inter');
    assert.equal(v === undefined ? undefined : v.excluded ? 'excluded' : 'outside', want, JSON.stringify(names));
  }
  // Types without subtrees are unconstrained.
  assert.equal(nameConstraintViolation({ permitted: [sub('DNS', 'example.com')], excluded: [] }, { ...none, emails: ['a@b.c'] }, 'CN=x'), undefined);
  assert.equal(describeViolation(nameConstraintViolation({ permitted: [sub('DNS', '.svc.cluster.local')], excluded: [] }, { ...none, dns: ['evil.example.com'] }, 'CN=inter')!),
    'DNS name "evil.example.com" is outside the permitted subtree ".svc.cluster.local" of CA "CN=inter"');
  assert.equal(describeViolation(nameConstraintViolation(nc, { ...none, dns: ['bad.example.com'] }, 'CN=inter')!),
    'DNS name "bad.example.com" is inside the excluded subtree "bad.example.com" of CA "CN=inter"');
  assert.equal(uriHost('spiffe://td/x'), 'td');
  assert.equal(uriHost('mailto:a@b'), undefined);
  assert.equal(cnAsDnsName('payment'), undefined);
  assert.equal(cnAsDnsName('payment.prod.svc'), 'payment.prod.svc');
  assert.equal(cnAsDnsName('Intermediate CA'), undefined);
});

async function pki(): Promise<{ root: Ca; rootPem: string; inter: Ca; interPem: string }> {
  const r = await createCa({ commonName: 'Cluster Root', keyType: 'ecdsa-p256', permittedDns: ['.svc.cluster.local'] });
  const root = await loadCa(r.files['ca.crt'], toPem('PRIVATE KEY', r.key!.pkcs8));
  const i = await createCa({ commonName: 'Sub CA', keyType: 'ecdsa-p256', parent: root });
  const inter = await loadCa(i.files['ca.crt'], toPem('PRIVATE KEY', i.key!.pkcs8));
  return { root, rootPem: r.files['ca.crt'], inter, interPem: toPem('CERTIFICATE', i.der!) };
}

/** What another tool would issue: no constraint check (the builder alone). */
async function unchecked(ca: Ca, dns: string[], cn = 'evil'): Promise<string> {
  const key = await generateKey('ecdsa-p256');
  const b = await buildCertificate({ subject: buildName({ commonName: cn }), spki: key.spki, keyAlgorithm: key.algorithm, san: { dns }, profile: 'server', validityMs: 864e5 }, ca.issuer);
  return toPem('CERTIFICATE', b.der);
}

test('authoring refuses names outside the chain\'s constraints (issue, sign, a dotted CN, through an intermediate), and issues names inside them', async () => {
  const { root, inter } = await pki();
  const refused = (e: unknown) => e instanceof AuthorError && /^refused: DNS name "evil\.example\.com" is outside the permitted subtree "\.svc\.cluster\.local" of CA "CN=Cluster Root"/.test(e.message);
  await assert.rejects(issueCertificate({ ca: root, commonName: 'evil', san: { dns: ['evil.example.com'] }, keyType: 'ecdsa-p256' }), refused);
  await assert.rejects(issueCertificate({ ca: inter, commonName: 'evil', san: { dns: ['evil.example.com'] }, keyType: 'ecdsa-p256' }), refused);
  await assert.rejects(issueCertificate({ ca: inter, commonName: 'evil.example.com', keyType: 'ecdsa-p256' }), refused);
  const csr = await createCsr({ commonName: 'evil', san: { dns: ['evil.example.com'] }, keyType: 'ecdsa-p256' });
  await assert.rejects(signCsr({ ca: inter, csrText: csr.files['tls.csr'] }), refused);
  const ok = await issueCertificate({ ca: inter, commonName: 'payment', san: { dns: ['payment.prod.svc.cluster.local'], ips: ['10.0.0.1'] }, keyType: 'ecdsa-p256' });
  assert.match(ok.files['tls.crt'], /BEGIN CERTIFICATE/);
});

test('finding name-constraints: on the certificate outside its issuer\'s constraints, exact range; none inside them or without the issuer in the file', async () => {
  assert.equal(RULES['name-constraints'].severity, 'error');
  const { root, rootPem, inter, interPem } = await pki();
  const now = new Date();
  const findings = (text: string) => checkObjects(text, scan(text), { now, expiryWarningDays: 0 });
  const evil = await unchecked(root, ['evil.example.com']);
  const text = rootPem + evil;
  const got = findings(text);
  assert.deepEqual(got.map((f) => [f.code, f.severity, f.start, f.end]), [['name-constraints', 'error', rootPem.length, text.length - 1]]);
  assert.match(got[0].message, /^Certificate CN=evil: DNS:evil\.example\.com is outside the permitted subtrees \(DNS:\.svc\.cluster\.local\), in the name constraints of CN=Cluster Root\. OpenSSL \(error 47/);
  // Leaf first, root after it (the usual tls.crt order): the same finding on the leaf.
  const leafFirst = evil + rootPem;
  assert.deepEqual(findings(leafFirst).map((f) => [f.code, f.start, f.end]), [['name-constraints', 0, evil.length - 1]]);
  // Through an intermediate: the root's constraint, named.
  const deep = await unchecked(inter, ['x.example.com'], 'x');
  assert.match(findings(deep + interPem + rootPem).map((f) => f.message).join('\n'), /DNS:x\.example\.com is outside .* in the name constraints of CN=Cluster Root/);
  // Passing: inside the constraint; a dotted CN with in-constraint DNS SANs; the issuer not in the file.
  assert.deepEqual(findings(rootPem + (await unchecked(root, ['a.prod.svc.cluster.local'], 'a.example.com'))), []);
  assert.deepEqual(findings(evil), []);
});

test('chains across files: the certificate outside a CA\'s constraints gets a note naming it; one inside gets none', async () => {
  const { root, rootPem } = await pki();
  const item = (pem: string, file: string): InventoryItem => {
    const f = scan(pem)[0];
    assert.ok(f.result.ok);
    return { object: f.result.object, locations: [{ file, start: 0, end: pem.length, line: 0 }] };
  };
  const evil = item(await unchecked(root, ['evil.example.com']), 'evil.crt');
  const good = item(await unchecked(root, ['a.prod.svc.cluster.local'], 'good'), 'good.crt');
  const f = await buildForest([item(rootPem, 'ca.crt'), evil, good], webCryptoVerifier);
  const notesOf = (cn: string) => f.roots[0].children.find((n) => n.item.object.type === 'certificate' && n.item.object.subject.commonName === cn)!.notes;
  assert.deepEqual(notesOf('evil'), ['does not validate: DNS:evil.example.com is outside the permitted subtrees (DNS:.svc.cluster.local), in the name constraints of CN=Cluster Root (name-constraint-violation)']);
  assert.deepEqual(notesOf('good'), []);
});
