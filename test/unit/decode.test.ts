// Decoding agrees with openssl: every fixture with an expected/*.json, object by object; key
// types and signature algorithms; CSRs; CRLs (PEM and DER).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoUtc } from '../../src/core/time';
import { nodeHasher } from '../../src/node/platform';
import type { CertificateInfo, CrlInfo, CsrInfo, PkiObject, PrivateKeyInfo, PublicKeyObject } from '../../src/core/model';
import { CRL_REASON, EXT_KEY_USAGE, KEY_USAGE, cert, expectedFixtures, mapAll, ok, onlyObject } from './core-helpers';
import { expected, scanFixture } from './helpers';

type Entry = Record<string, unknown>;

function checkKeyFields(o: { publicKey: { algorithm: string; size: number | null; curve: string | null } }, e: Entry, where: string) {
  assert.deepEqual(
    { algorithm: o.publicKey.algorithm, size: o.publicKey.size, curve: o.publicKey.curve },
    { algorithm: e.keyType, size: e.keySize, curve: e.curve ?? null },
    `${where}: public key`,
  );
}

function checkCertificate(c: CertificateInfo, e: Entry, where: string) {
  assert.equal(c.serialNumber, e.serial, `${where}: serial`);
  assert.equal(c.version, e.version, `${where}: version`);
  assert.equal(c.subject.rfc4514, e.subject, `${where}: subject`);
  assert.equal(c.issuer.rfc4514, e.issuer, `${where}: issuer`);
  assert.equal(isoUtc(c.notBefore), e.notBefore, `${where}: notBefore`);
  assert.equal(isoUtc(c.notAfter), e.notAfter, `${where}: notAfter`);
  assert.equal(c.sha256, e.sha256, `${where}: sha256`);
  assert.equal(c.sha1, e.sha1, `${where}: sha1`);
  assert.equal(c.signature.name, e.signatureAlgorithm, `${where}: signature algorithm`);
  checkKeyFields(c, e, where);
  assert.equal(nodeHasher.sha256(c.publicKey.spki), e.spkiSha256, `${where}: SPKI sha256`);
  assert.equal(c.isCA, e.isCA, `${where}: isCA`);
  assert.equal(c.pathLength, e.pathLength, `${where}: pathLength`);
  assert.deepEqual(c.san, e.sanByType, `${where}: SANs`);
  assert.deepEqual(c.keyUsage, mapAll(e.keyUsage, KEY_USAGE), `${where}: keyUsage`);
  assert.deepEqual(c.extendedKeyUsage, mapAll(e.extendedKeyUsage, EXT_KEY_USAGE), `${where}: extendedKeyUsage`);
  const ku = c.extensions.find((x) => x.oid === '2.5.29.15');
  if (e.keyUsage && (e.keyUsage as string[]).length) assert.equal(ku?.critical, e.keyUsageCritical, `${where}: keyUsage critical`);
  assert.equal(c.subjectKeyId, e.subjectKeyId ?? undefined, `${where}: SKI`);
  assert.equal(c.authorityKeyId, e.authorityKeyId ?? undefined, `${where}: AKI`);
  assert.equal(c.selfSigned, e.selfIssued, `${where}: selfSigned`);
}

function checkCsr(c: CsrInfo, e: Entry, where: string) {
  assert.equal(c.subject.rfc4514, e.subject, `${where}: subject`);
  assert.deepEqual(c.san, e.sanByType, `${where}: SANs`);
  assert.deepEqual(c.keyUsage, mapAll(e.keyUsage, KEY_USAGE), `${where}: keyUsage`);
  assert.deepEqual(c.extendedKeyUsage, mapAll(e.extendedKeyUsage, EXT_KEY_USAGE), `${where}: extendedKeyUsage`);
  assert.equal(c.signature.name, e.signatureAlgorithm, `${where}: signature algorithm`);
  checkKeyFields(c, e, where);
  assert.equal(nodeHasher.sha256(c.publicKey.spki), e.spkiSha256, `${where}: SPKI sha256`);
  assert.equal(c.sha256, e.sha256, `${where}: sha256`);
  assert.equal(c.sha1, e.sha1, `${where}: sha1`);
}

function checkCrl(c: CrlInfo, e: Entry, where: string) {
  assert.equal(c.issuer.rfc4514, e.issuer, `${where}: issuer`);
  assert.equal(isoUtc(c.thisUpdate), e.thisUpdate, `${where}: thisUpdate`);
  assert.equal(c.nextUpdate && isoUtc(c.nextUpdate), e.nextUpdate, `${where}: nextUpdate`);
  assert.equal(c.crlNumber, e.crlNumber, `${where}: crlNumber`);
  assert.equal(c.authorityKeyId, e.authorityKeyId, `${where}: AKI`);
  assert.equal(c.signature.name, e.signatureAlgorithm, `${where}: signature algorithm`);
  assert.deepEqual(
    c.revoked.map((r) => ({ serial: r.serialNumber, revocationDate: isoUtc(r.revocationDate), reason: r.reason })),
    (e.revoked as Entry[]).map((r) => ({ serial: r.serial, revocationDate: r.revocationDate, reason: CRL_REASON[r.reason as string] })),
    `${where}: revoked`,
  );
  assert.equal(c.sha256, e.sha256, `${where}: sha256`);
  assert.equal(c.sha1, e.sha1, `${where}: sha1`);
}

function checkKey(k: PrivateKeyInfo | PublicKeyObject, e: Entry, where: string) {
  assert.equal(k.type, e.kind, `${where}: kind`);
  assert.equal(k.format, e.format, `${where}: format`);
  if (k.type === 'private-key') {
    assert.equal(k.encrypted, e.encrypted, `${where}: encrypted`);
    // Without the passphrase the decoder cannot know what an encrypted key holds.
    if (!k.encrypted) checkKeyFields(k, e, where);
    else assert.deepEqual({ size: k.publicKey.size, curve: k.publicKey.curve }, { size: null, curve: null }, `${where}: encrypted key shape`);
  } else {
    checkKeyFields(k, e, where);
    assert.equal(nodeHasher.sha256(k.publicKey.spki), e.spkiSha256, `${where}: SPKI sha256`);
  }
}

/** The object an expected entry describes: certificates/CSRs/CRLs/keys by kind of entry. */
function kindOf(e: Entry): PkiObject['type'] {
  if (e.kind) return e.kind as PkiObject['type'];
  if ('thisUpdate' in e) return 'crl';
  if ('serial' in e) return 'certificate';
  return 'csr';
}

for (const rel of expectedFixtures()) {
  test(`decoding agrees with openssl: ${rel}`, () => {
    const want = expected(rel);
    const found = scanFixture(rel);
    assert.ok(found.length > 0, 'found nothing');
    for (const f of found) assert.ok(f.result.ok, `${rel}: ${!f.result.ok && f.result.error}`);
    const kinds = new Set(want.map(kindOf));
    // embedded/* list only their certificates; keys beside them are checked in keys.test.ts.
    const got = found.map(ok).filter((o) => kinds.has(o.type));
    assert.equal(got.length, want.length, `${rel}: number of objects`);
    want.forEach((e, i) => {
      const o = got[i];
      const where = `${rel}#${i}`;
      assert.equal(o.type, kindOf(e), `${where}: type`);
      if (o.type === 'certificate') checkCertificate(o, e, where);
      else if (o.type === 'csr') checkCsr(o, e, where);
      else if (o.type === 'crl') checkCrl(o, e, where);
      else checkKey(o, e, where);
    });
  });
}

test('every non-bad fixture with an expected file was checked (the table is not empty)', () => {
  const all = expectedFixtures();
  assert.ok(all.length >= 50, `only ${all.length} expected files`);
  for (const must of ['leaf-server.crt', 'leaf-server.der', 'keytypes/rsa-2048.der', 'crl/intermediate.crl.der', 'embedded/secret.yaml', 'csr/ed25519.csr']) {
    assert.ok(all.includes(must), must);
  }
});

const keyTypes: Array<{ file: string; algorithm: string; size: number; curve: string | null; signature: string; hash?: string }> = [
  { file: 'keytypes/rsa-2048.crt', algorithm: 'RSA', size: 2048, curve: null, signature: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  { file: 'keytypes/rsa-2048.der', algorithm: 'RSA', size: 2048, curve: null, signature: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  { file: 'keytypes/rsa-4096.crt', algorithm: 'RSA', size: 4096, curve: null, signature: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  { file: 'keytypes/rsa-1024-weak.crt', algorithm: 'RSA', size: 1024, curve: null, signature: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  { file: 'keytypes/sha1-rsa.crt', algorithm: 'RSA', size: 2048, curve: null, signature: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  { file: 'keytypes/ecdsa-p256.crt', algorithm: 'EC', size: 256, curve: 'P-256', signature: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  { file: 'keytypes/ecdsa-p384.crt', algorithm: 'EC', size: 384, curve: 'P-384', signature: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  { file: 'keytypes/ecdsa-p521.crt', algorithm: 'EC', size: 521, curve: 'P-521', signature: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  { file: 'keytypes/ed25519.crt', algorithm: 'Ed25519', size: 256, curve: null, signature: 'ED25519' },
  { file: 'root.pem', algorithm: 'EC', size: 384, curve: 'P-384', signature: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  { file: 'root2.pem', algorithm: 'RSA', size: 2048, curve: null, signature: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  { file: 'intermediate-cross.pem', algorithm: 'EC', size: 256, curve: 'P-256', signature: 'sha256WithRSAEncryption', hash: 'SHA-256' },
];

for (const k of keyTypes) {
  test(`key type and signature algorithm: ${k.file}`, () => {
    const c = cert(k.file);
    assert.deepEqual({ algorithm: c.publicKey.algorithm, size: c.publicKey.size, curve: c.publicKey.curve }, { algorithm: k.algorithm, size: k.size, curve: k.curve });
    assert.equal(c.signature.name, k.signature);
    assert.equal(c.signature.hash, k.hash);
    assert.equal(c.isCA, k.file.startsWith('root') || k.file.startsWith('intermediate'));
  });
}

test('the SHA-1 certificate is sha1WithRSAEncryption (OID 1.2.840.113549.1.1.5), the others are not SHA-1', () => {
  const sha1 = cert('keytypes/sha1-rsa.crt');
  assert.deepEqual({ ...sha1.signature }, { oid: '1.2.840.113549.1.1.5', name: 'sha1WithRSAEncryption', hash: 'SHA-1', key: 'RSA' });
  for (const f of ['keytypes/rsa-2048.crt', 'keytypes/ecdsa-p256.crt', 'keytypes/ed25519.crt']) assert.notEqual(cert(f).signature.hash, 'SHA-1', f);
});

test('the PEM and DER forms of a certificate decode to the same object', () => {
  for (const [pem, der] of [['leaf-server.crt', 'leaf-server.der'], ['keytypes/rsa-2048.crt', 'keytypes/rsa-2048.der']]) {
    const a = cert(pem);
    const b = cert(der);
    assert.deepEqual(Uint8Array.from(b.der), Uint8Array.from(a.der));
    assert.equal(b.sha256, a.sha256);
    assert.equal(b.subject.rfc4514, a.subject.rfc4514);
  }
});

test('serial numbers: high-bit serial without its DER sign byte, odd-length serials kept as is', () => {
  const leaf = cert('leaf-server.crt');
  assert.equal(leaf.serialNumber, '8badf00ddeadbeef8badf00ddeadbeef');
  assert.equal(cert('root2.pem').serialNumber.length % 2, 1);
  assert.equal(cert('root2.pem').serialNumber, expected('root2.pem')[0].serial);
  assert.equal(cert('intermediate.pem').serialNumber, '2001');
  assert.equal(cert('intermediate-cross.pem').serialNumber, '2002');
  assert.equal(cert('intermediate-forged.pem').serialNumber, '2003');
});

test('names: RFC 4514 escaping, RDN order, common name', () => {
  const r2 = cert('root2.pem');
  assert.equal(r2.subject.rfc4514, 'CN=Certwright Test Root CA 2,O=Other Trust\\, GmbH,C=DE');
  assert.equal(r2.subject.commonName, 'Certwright Test Root CA 2');
  assert.deepEqual(r2.subject.rdns.map((rdn) => rdn.map((a) => `${a.type}=${a.value}`).join('+')), ['C=DE', 'O=Other Trust, GmbH', 'CN=Certwright Test Root CA 2']);
  const leaf = cert('leaf-server.crt');
  assert.equal(leaf.subject.rfc4514, 'CN=payment-service,OU=Payments,O=Acme');
  assert.equal(leaf.issuer.commonName, 'Certwright Test Intermediate CA');
});

test('validity: GeneralizedTime after 2049 and fixed dates', () => {
  const nyv = cert('not-yet-valid.crt');
  assert.equal(nyv.notBefore.toISOString(), '2099-01-01T00:00:00.000Z');
  assert.equal(nyv.notAfter.toISOString(), '2100-01-01T00:00:00.000Z');
  const exp = cert('expired.crt');
  assert.equal(exp.notBefore.toISOString(), '2020-01-01T00:00:00.000Z');
  assert.equal(exp.notAfter.toISOString(), '2021-01-01T00:00:00.000Z');
  assert.equal(exp.serialNumber, '1000');
});

const csrCases: Array<{ file: string; subject: string; key: [string, number, string | null]; signature: string; san: Partial<CsrInfo['san']>; keyUsage: string[]; eku: string[]; extensions: string[] }> = [
  {
    file: 'csr/ecdsa-p256.csr',
    subject: 'CN=checkout.production.svc,OU=Payments,O=Acme',
    key: ['EC', 256, 'P-256'],
    signature: 'ecdsa-with-SHA256',
    san: { dnsNames: ['checkout', 'checkout.production.svc'], ipAddresses: ['10.0.0.2'], uris: ['spiffe://cluster.local/ns/production/sa/checkout'], emailAddresses: [] },
    keyUsage: ['digital signature'],
    eku: ['server auth', 'client auth'],
    extensions: ['Subject Alternative Name', 'Key Usage', 'Extended Key Usage'],
  },
  {
    file: 'csr/rsa-2048.csr',
    subject: 'CN=legacy-api,O=Acme,C=US',
    key: ['RSA', 2048, null],
    signature: 'sha256WithRSAEncryption',
    san: { dnsNames: [], ipAddresses: [], uris: [], emailAddresses: [] },
    keyUsage: [],
    eku: [],
    extensions: [],
  },
  {
    file: 'csr/ed25519.csr',
    subject: 'CN=ed25519-workload',
    key: ['Ed25519', 256, null],
    signature: 'ED25519',
    san: { dnsNames: [], ipAddresses: [], uris: ['spiffe://cluster.local/ns/production/sa/ed25519'], emailAddresses: [] },
    keyUsage: [],
    eku: [],
    extensions: ['Subject Alternative Name'],
  },
];

for (const c of csrCases) {
  test(`CSR: ${c.file}`, () => {
    const o = onlyObject(c.file);
    assert.equal(o.type, 'csr');
    if (o.type !== 'csr') return;
    assert.equal(o.subject.rfc4514, c.subject);
    assert.deepEqual([o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], c.key);
    assert.equal(o.signature.name, c.signature);
    assert.deepEqual({ dnsNames: o.san.dnsNames, ipAddresses: o.san.ipAddresses, uris: o.san.uris, emailAddresses: o.san.emailAddresses }, c.san);
    assert.deepEqual(o.keyUsage, c.keyUsage);
    assert.deepEqual(o.extendedKeyUsage, c.eku);
    assert.deepEqual(o.extensions.map((e) => e.name), c.extensions);
    assert.equal(o.challengePassword, false);
    assert.equal(o.isCA, false);
  });
}

test('CSR keys are the keys of the keytypes/ certificates', () => {
  const pairs: Array<[string, string]> = [['csr/ecdsa-p256.csr', 'keytypes/ecdsa-p256.crt'], ['csr/rsa-2048.csr', 'keytypes/rsa-2048.crt'], ['csr/ed25519.csr', 'keytypes/ed25519.crt']];
  for (const [csr, crt] of pairs) {
    const o = onlyObject(csr);
    assert.ok(o.type === 'csr');
    assert.equal(o.publicKey.keyMaterialHex, cert(crt).publicKey.keyMaterialHex, csr);
  }
  assert.notEqual((onlyObject('csr/rsa-2048.csr') as CsrInfo).publicKey.keyMaterialHex, cert('keytypes/rsa-4096.crt').publicKey.keyMaterialHex);
});

const crlCases: Array<{ file: string; thisUpdate?: string; nextUpdate?: string; crlNumber: string }> = [
  { file: 'crl/intermediate.crl.pem', crlNumber: '1' },
  { file: 'crl/intermediate.crl.der', crlNumber: '1' },
  { file: 'crl/intermediate-stale.crl.pem', thisUpdate: '2021-01-01T00:00:00.000Z', nextUpdate: '2021-02-01T00:00:00.000Z', crlNumber: '2' },
];

for (const c of crlCases) {
  test(`CRL: ${c.file}`, () => {
    const o = onlyObject(c.file);
    assert.equal(o.type, 'crl');
    if (o.type !== 'crl') return;
    assert.equal(o.issuer.rfc4514, 'CN=Certwright Test Intermediate CA,O=Certwright Test,C=US');
    assert.equal(o.authorityKeyId, cert('intermediate.pem').subjectKeyId);
    assert.equal(o.crlNumber, c.crlNumber);
    if (c.thisUpdate) assert.equal(o.thisUpdate.toISOString(), c.thisUpdate);
    if (c.nextUpdate) assert.equal(o.nextUpdate?.toISOString(), c.nextUpdate);
    assert.ok(o.nextUpdate && o.nextUpdate > o.thisUpdate);
    // openssl crl -text: "Serial Number: 1000 ... X509v3 CRL Reason Code: Key Compromise".
    assert.deepEqual(o.revoked.map((r) => [r.serialNumber, r.reason]), [['1000', 'keyCompromise']]);
    assert.equal(o.revoked[0].serialNumber, cert('expired.crt').serialNumber);
    assert.deepEqual(o.extensions.map((e) => e.name).sort(), ['Authority Key Identifier', 'CRL Number']);
  });
}

test('CRL PEM and DER are the same CRL; the stale CRL is a different one', () => {
  const pem = onlyObject('crl/intermediate.crl.pem') as CrlInfo;
  const der = onlyObject('crl/intermediate.crl.der') as CrlInfo;
  assert.deepEqual(Uint8Array.from(der.der), Uint8Array.from(pem.der));
  assert.equal(der.sha256, pem.sha256);
  const stale = onlyObject('crl/intermediate-stale.crl.pem') as CrlInfo;
  assert.notEqual(stale.sha256, pem.sha256);
  assert.ok(stale.nextUpdate!.getTime() < pem.thisUpdate.getTime());
});
