// The authoring core: what generated certificates, CSRs and keys look like (RFC 5280 and what
// real verifiers demand), decoded with our own decoder and walked at the DER level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorError, buildCertificate, buildName, createCa, createCsr, decryptPkcs8, encryptPkcs8, generateKey, importPrivateKey, issueCertificate,
  KEY_TYPES, loadCa, NeedPassphraseError, normalizeSans, parseIp, privateKeyPem, readCertificates, readPrivateKey, signCsr, spiffeProblem,
  validDnsName, WrongPassphraseError, BACKDATE_MS, DAY_MS, HOUR_MS,
} from '../../src/core/author';
import type { KeyType, Profile, Ca } from '../../src/core/author';
import { time } from '../../src/core/author/der-writer';
import { randomSerial } from '../../src/core/author/serial';
import { toPem } from '../../src/core/bytes';
import { scan, decoded } from './helpers';
import { rawFields, OIDS } from './author-helpers';
import type { CertificateInfo, CsrInfo } from '../../src/core/model';

const FAST_KEYS: KeyType[] = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'ed25519'];

function cert(pem: string, index = 0): CertificateInfo {
  const o = decoded(scan(pem))[index];
  assert.equal(o.type, 'certificate');
  return o as CertificateInfo;
}

async function rootCa(keyType: KeyType = 'ecdsa-p256', extra: Partial<Parameters<typeof createCa>[0]> = {}): Promise<Ca> {
  const r = await createCa({ commonName: `Root ${keyType}`, keyType, ...extra });
  return loadCa(r.files['ca.crt'], toPem('PRIVATE KEY', r.key!.pkcs8));
}

const expectedLeafKu = (k: KeyType) => (KEY_TYPES[k].algorithm === 'RSA' ? ['digital signature', 'key encipherment'] : ['digital signature']);
const expectedEku: Record<Profile, string[]> = { server: ['server auth'], client: ['client auth'], mtls: ['server auth', 'client auth'] };

for (const keyType of FAST_KEYS) {
  test(`CA (${keyType}): self-signed, CA:TRUE critical with path length, keyCertSign, SKI, no AKI, UTF8 CN`, async () => {
    const before = Date.now();
    const r = await createCa({ commonName: 'Certwright Test Root', organization: 'Acme', keyType, pathLength: 1, days: 30 });
    const c = cert(r.files['ca.crt']);
    assert.equal(c.subject.rfc4514, 'CN=Certwright Test Root,O=Acme');
    assert.equal(c.issuer.rfc4514, c.subject.rfc4514);
    assert.equal(c.selfSigned, true);
    assert.equal(c.isCA, true);
    assert.equal(c.pathLength, 1);
    assert.deepEqual(c.keyUsage, ['digital signature', 'cert sign', 'crl sign']);
    assert.deepEqual(c.extendedKeyUsage, []);
    assert.ok(c.subjectKeyId && c.subjectKeyId.length === 40, 'SKI of 20 bytes');
    assert.equal(c.authorityKeyId, undefined);
    const raw = rawFields(c.der);
    const crit = Object.fromEntries(raw.extensions.map((e) => [e.oid, e.critical]));
    assert.equal(crit[OIDS.basicConstraints], true);
    assert.equal(crit[OIDS.keyUsage], true);
    assert.equal(crit[OIDS.ski], false);
    assert.ok(!(OIDS.aki in crit));
    assert.ok(Math.abs(c.notBefore.getTime() - (before - BACKDATE_MS)) < 5000, 'notBefore backdated by 5 minutes');
    assert.ok(Math.abs(c.notAfter.getTime() - before - 30 * DAY_MS) < 5000);
    assert.equal(c.publicKey.algorithm, KEY_TYPES[keyType].algorithm);
    assert.ok(!/sha1|SHA-1|md5/i.test(c.signature.name), c.signature.name);
  });
}

for (const keyType of FAST_KEYS) {
  for (const profile of ['server', 'client', 'mtls'] as Profile[]) {
    test(`leaf (${keyType}, ${profile}): serial, SKI/AKI, critical BC and KU, KU fits the key, EKU fits the profile`, async () => {
      const ca = await rootCa('ecdsa-p256');
      const r = await issueCertificate({ ca, commonName: 'payment', san: { dns: ['payment.prod.svc'], ips: ['10.0.0.1', '::1'], uris: ['spiffe://cluster.local/ns/prod/sa/payment'] }, profile, keyType, validityMs: 2 * HOUR_MS });
      const c = cert(r.files['tls.crt']);
      assert.equal(c.isCA, false);
      assert.deepEqual(c.keyUsage, expectedLeafKu(keyType));
      assert.deepEqual(c.extendedKeyUsage, expectedEku[profile]);
      assert.equal(c.authorityKeyId, ca.certificate.subjectKeyId);
      assert.ok(c.subjectKeyId);
      assert.notEqual(c.subjectKeyId, c.authorityKeyId);
      assert.deepEqual(c.san.dnsNames, ['payment.prod.svc']);
      assert.deepEqual(c.san.ipAddresses, ['10.0.0.1', '::1']);
      assert.deepEqual(c.san.uris, ['spiffe://cluster.local/ns/prod/sa/payment']);
      assert.equal(c.issuer.rfc4514, ca.certificate.subject.rfc4514);
      const raw = rawFields(c.der);
      assert.ok(raw.serial.length >= 1 && raw.serial.length <= 20, 'serial at most 20 octets');
      assert.ok((raw.serial[0] & 0x80) === 0, 'serial positive');
      const crit = Object.fromEntries(raw.extensions.map((e) => [e.oid, e.critical]));
      assert.equal(crit[OIDS.basicConstraints], true);
      assert.equal(crit[OIDS.keyUsage], true);
      assert.equal(crit[OIDS.extKeyUsage], false);
      assert.equal(crit[OIDS.san], false, 'SAN not critical when the subject has a CN');
      assert.equal(crit[OIDS.aki], false);
      assert.equal(raw.notAfterTag, 0x17, 'UTCTime before 2050');
      assert.ok(Math.abs(c.notAfter.getTime() - c.notBefore.getTime() - 2 * HOUR_MS - BACKDATE_MS) < 2000);
      // ca.crt is the root; tls.crt holds the leaf only (no intermediates under a root).
      assert.equal(readCertificates(r.files['tls.crt']).length, 1);
      assert.equal(cert(r.files['ca.crt']).sha256, ca.certificate.sha256);
      // The key written is the certificate's.
      const key = await importPrivateKey(r.key!.pkcs8, 'PRIVATE KEY');
      assert.deepEqual(key.spki, c.publicKey.spki);
    });
  }
}

test('random serials differ, are positive and at most 20 octets', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const s = randomSerial();
    assert.ok(s.length <= 20 && s[0] !== 0 && (s[0] & 0x80) === 0);
    seen.add(Array.from(s).join(','));
  }
  assert.equal(seen.size, 200);
  assert.deepEqual(Array.from(randomSerial(() => new Uint8Array(16).fill(0xff))).slice(0, 1), [0x7f]);
  assert.deepEqual(Array.from(randomSerial(() => new Uint8Array(16)))[0], 1);
});

test('empty subject: SAN is critical; a certificate with neither subject nor SAN is refused', async () => {
  const ca = await rootCa();
  const r = await issueCertificate({ ca, commonName: '', san: { dns: ['only-san.example'] }, keyType: 'ecdsa-p256' });
  const c = cert(r.files['tls.crt']);
  assert.equal(c.subject.rfc4514, '');
  const raw = rawFields(c.der);
  assert.equal(raw.extensions.find((e) => e.oid === OIDS.san)?.critical, true);
  await assert.rejects(issueCertificate({ ca, commonName: '', keyType: 'ecdsa-p256' }), /common name or at least one subject alternative name/);
});

const timeTable: Array<[string, number]> = [
  ['1999-12-31T23:59:59Z', 0x17],
  ['2049-12-31T23:59:59Z', 0x17],
  ['2050-01-01T00:00:00Z', 0x18],
  ['2100-06-01T12:00:00Z', 0x18],
  ['1949-12-31T23:59:59Z', 0x18],
];
for (const [iso, tag] of timeTable) {
  test(`time ${iso} is ${tag === 0x17 ? 'UTCTime' : 'GeneralizedTime'}`, () => {
    const t = time(new Date(iso));
    assert.equal(t[0], tag);
    assert.equal(t[1], tag === 0x17 ? 13 : 15);
    const text = new TextDecoder().decode(t.subarray(2));
    assert.equal(text.slice(-1), 'Z');
  });
}

test('notAfter past 2049 is written as GeneralizedTime and decodes back exactly', async () => {
  const now = new Date('2049-12-31T12:00:00Z');
  const key = await generateKey('ecdsa-p256');
  for (const [hours, tag] of [[11, 0x17], [12, 0x18]] as const) {
    const b = await buildCertificate({ subject: buildName({ commonName: 'boundary' }), spki: key.spki, keyAlgorithm: 'EC', ca: {}, validityMs: hours * HOUR_MS, now }, undefined, key);
    const raw = rawFields(b.der);
    assert.equal(raw.notAfterTag, tag, `${hours}h`);
    assert.equal(raw.notBeforeTag, 0x17);
    const c = cert(toPem('CERTIFICATE', b.der));
    assert.equal(c.notAfter.toISOString(), new Date(now.getTime() + hours * HOUR_MS).toISOString());
  }
});

test('intermediate: path length below the parent, chain in ca.crt, leaf chain is leaf + intermediate, ca.crt is the root', async () => {
  const root = await rootCa('ecdsa-p256', { pathLength: 1 });
  const inter = await createCa({ commonName: 'Intermediate', keyType: 'ecdsa-p384', parent: root, pathLength: 0 });
  const certs = readCertificates(inter.files['ca.crt']);
  assert.equal(certs.length, 2);
  assert.equal(certs[0].issuer.rfc4514, 'CN=Root ecdsa-p256');
  assert.equal(certs[0].authorityKeyId, root.certificate.subjectKeyId);
  assert.equal(certs[0].pathLength, 0);
  assert.equal(certs[0].signature.name, 'ecdsa-with-SHA256', 'signed by the P-256 root');
  const ica = await loadCa(inter.files['ca.crt'], toPem('PRIVATE KEY', inter.key!.pkcs8));
  const leaf = await issueCertificate({ ca: ica, commonName: 'svc', san: { dns: ['svc'] }, keyType: 'ecdsa-p256' });
  const chain = readCertificates(leaf.files['tls.crt']);
  assert.deepEqual(chain.map((c) => c.subject.rfc4514), ['CN=svc', 'CN=Intermediate']);
  assert.equal(chain[0].signature.name, 'ecdsa-with-SHA384', 'signed by the P-384 intermediate');
  assert.equal(cert(leaf.files['ca.crt']).subject.rfc4514, 'CN=Root ecdsa-p256');
  await assert.rejects(createCa({ commonName: 'Too deep', keyType: 'ecdsa-p256', parent: ica }), /path length 0/);
});

test('leaf validity is clamped to the issuer\'s notAfter, with a note', async () => {
  const ca = await rootCa('ecdsa-p256', { days: 2 });
  const r = await issueCertificate({ ca, commonName: 'x', san: { dns: ['x'] }, keyType: 'ecdsa-p256', validityMs: 10 * DAY_MS });
  assert.equal(cert(r.files['tls.crt']).notAfter.getTime(), ca.certificate.notAfter.getTime());
  assert.match(r.notes.join(), /shortened/);
});

test('name constraints: critical, permitted DNS subtrees', async () => {
  const r = await createCa({ commonName: 'Constrained', keyType: 'ecdsa-p256', permittedDns: ['.svc.cluster.local', 'example.com'] });
  const c = cert(r.files['ca.crt']);
  assert.equal(rawFields(c.der).extensions.find((e) => e.oid === OIDS.nameConstraints)?.critical, true);
  await assert.rejects(createCa({ commonName: 'Bad', keyType: 'ecdsa-p256', permittedDns: ['not a domain'] }), /name constraint/);
});

test('loadCa refuses a key of another certificate, a non-CA, and asks for a passphrase', async () => {
  const a = await createCa({ commonName: 'A', keyType: 'ecdsa-p256' });
  const b = await createCa({ commonName: 'B', keyType: 'ecdsa-p256' });
  await assert.rejects(loadCa(a.files['ca.crt'], toPem('PRIVATE KEY', b.key!.pkcs8)), /does not match/);
  const ca = await loadCa(a.files['ca.crt'], toPem('PRIVATE KEY', a.key!.pkcs8));
  const leaf = await issueCertificate({ ca, commonName: 'leaf', san: { dns: ['leaf'] }, keyType: 'ecdsa-p256' });
  await assert.rejects(loadCa(leaf.files['tls.crt'], toPem('PRIVATE KEY', leaf.key!.pkcs8)), /not a CA/);
  const enc = await privateKeyPem(a.key!.pkcs8, 'correct horse', 1000);
  await assert.rejects(loadCa(a.files['ca.crt'], enc), NeedPassphraseError);
  await assert.rejects(loadCa(a.files['ca.crt'], enc, 'wrong'), WrongPassphraseError);
  const ok = await loadCa(a.files['ca.crt'], enc, 'correct horse');
  assert.equal(ok.certificate.subject.rfc4514, 'CN=A');
  // Signing with the decrypted key: the leaf verifies under the CA certificate's public key.
  const signed = await issueCertificate({ ca: ok, commonName: 'signed', san: { dns: ['signed'] }, keyType: 'ecdsa-p256' });
  const { X509Certificate } = await import('node:crypto');
  assert.ok(new X509Certificate(signed.files['tls.crt']).verify(new X509Certificate(a.files['ca.crt']).publicKey));
});

test('encrypted PKCS#8: PBES2 round trip; wrong passphrase fails cleanly; decoder sees PBES2/AES-256-CBC', async () => {
  const key = await generateKey('ed25519');
  const der = await encryptPkcs8(key.pkcs8, 'pässwörd', 2000);
  const found = decoded(scan(toPem('ENCRYPTED PRIVATE KEY', der)))[0];
  assert.equal(found.type, 'private-key');
  assert.ok(found.type === 'private-key' && found.encrypted && /PBES2.*AES-256-CBC/.test(found.encryption ?? ''), JSON.stringify(found.type === 'private-key' && found.encryption));
  assert.deepEqual(await decryptPkcs8(der, 'pässwörd'), key.pkcs8);
  for (const wrong of ['', 'passwörd', 'pässwörd ']) await assert.rejects(decryptPkcs8(der, wrong), WrongPassphraseError);
  const imported = await readPrivateKey(toPem('ENCRYPTED PRIVATE KEY', der), 'pässwörd');
  assert.deepEqual(imported.spki, key.spki);
  await assert.rejects(encryptPkcs8(key.pkcs8, ''), /empty/);
});

test('private keys in PKCS#1 and SEC1 form import (wrapped into PKCS#8)', async () => {
  const { execFileSync } = await import('node:child_process');
  const sec1 = execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout'], { encoding: 'utf8' });
  const k = await readPrivateKey(sec1);
  assert.equal(k.algorithm, 'EC');
  assert.equal(k.curve, 'P-256');
  const rsa = execFileSync('openssl', ['genrsa', '-traditional', '2048'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(rsa, /BEGIN RSA PRIVATE KEY/);
  const r = await readPrivateKey(rsa);
  assert.equal(r.algorithm, 'RSA');
  assert.equal(r.bits, 2048);
});

test('CSR: decodes with our decoder, carries SANs and EKU; sign checks its signature and takes only subject and SANs', async () => {
  const r = await createCsr({ commonName: 'orders', san: { dns: ['orders.shop.svc'], uris: ['spiffe://cluster.local/ns/shop/sa/orders'] }, profile: 'client', keyType: 'ecdsa-p256' });
  const csr = decoded(scan(r.files['tls.csr']))[0] as CsrInfo;
  assert.equal(csr.type, 'csr');
  assert.equal(csr.subject.rfc4514, 'CN=orders');
  assert.deepEqual(csr.san.dnsNames, ['orders.shop.svc']);
  assert.deepEqual(csr.extendedKeyUsage, ['client auth']);
  const ca = await rootCa();
  const signed = await signCsr({ ca, csrText: r.files['tls.csr'] });
  const c = cert(signed.files['tls.crt']);
  assert.deepEqual(c.extendedKeyUsage, ['client auth'], 'profile from the CSR');
  assert.deepEqual(c.publicKey.spki, r.key!.spki);
  assert.deepEqual(c.san.uris, ['spiffe://cluster.local/ns/shop/sa/orders']);
  const over = await signCsr({ ca, csrText: r.files['tls.csr'], profile: 'mtls' });
  assert.deepEqual(cert(over.files['tls.crt']).extendedKeyUsage, ['server auth', 'client auth']);
  // Tamper with the request: the subject changes, the signature no longer verifies.
  const tampered = toPem('CERTIFICATE REQUEST', csr.der.map((b, i, a) => (i > 20 && a[i - 2] === 0x0c && b === 'o'.charCodeAt(0) ? 'O'.charCodeAt(0) : b)));
  await assert.rejects(signCsr({ ca, csrText: tampered }), /does not verify/);
  await assert.rejects(signCsr({ ca, csrText: 'nothing here' }), /no certificate request/);
});

const dnsTable: Array<[string, boolean]> = [
  ['payment', true], ['payment.prod.svc.cluster.local', true], ['*.example.com', true], ['*.com', false],
  ['-bad.example', false], ['bad-.example', false], ['under_score.example', false], ['a'.repeat(64) + '.example', false], ['xn--bcher-kva.example', true],
];
for (const [name, ok] of dnsTable) test(`DNS name ${JSON.stringify(name.slice(0, 40))} is ${ok ? 'valid' : 'invalid'}`, () => assert.equal(validDnsName(name), ok));

const ipTable: Array<[string, string | undefined]> = [
  ['10.0.0.1', '0a000001'], ['255.255.255.255', 'ffffffff'], ['256.0.0.1', undefined], ['01.2.3.4', undefined],
  ['::1', '00000000000000000000000000000001'], ['2001:db8::8a2e:370:7334', '20010db80000000000008a2e03707334'],
  ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'], ['1:2:3:4:5:6:7:8:9', undefined], ['1::2::3', undefined], ['host', undefined],
];
for (const [ip, hex] of ipTable) {
  test(`IP ${ip} parses to ${hex ?? 'nothing'}`, () => {
    const b = parseIp(ip);
    assert.equal(b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') : undefined, hex);
  });
}

const spiffeTable: Array<[string, boolean]> = [
  ['spiffe://cluster.local/ns/prod/sa/payment', true], ['spiffe://example.org', true], ['SPIFFE://example.org/a', false],
  ['spiffe://Example.org/a', false], ['spiffe://example.org/a/', false], ['spiffe://example.org//a', false], ['spiffe://example.org/./a', false],
  ['spiffe://example.org/.a', true], ['spiffe://ex:8080/a', false], ['spiffe:///a', false],
];
for (const [id, ok] of spiffeTable) test(`SPIFFE ID ${id} is ${ok ? 'valid' : 'invalid'}`, () => assert.equal(spiffeProblem(id) === undefined, ok));

test('normalizeSans: lowercases DNS, removes duplicates, rejects bad entries with the entry named', () => {
  assert.deepEqual(normalizeSans({ dns: ['A.Example.', 'a.example', ' '], ips: ['10.0.0.1'] }).dns, ['a.example']);
  assert.throws(() => normalizeSans({ ips: ['10.0.0.256'] }), /not an IP address: "10.0.0.256"/);
  assert.throws(() => normalizeSans({ uris: ['spiffe://td/a//b'] }), /SPIFFE/);
  assert.throws(() => normalizeSans({ emails: ['nobody'] }), /email/);
  assert.throws(() => buildName({ commonName: 'x'.repeat(65) }), AuthorError);
});

test('RSA keys sign with SHA-256, never SHA-1; Ed25519 with PureEdDSA', async () => {
  for (const [k, oid] of [['rsa-2048', '1.2.840.113549.1.1.11'], ['ed25519', '1.3.101.112'], ['ecdsa-p384', '1.2.840.10045.4.3.3']] as const) {
    const r = await createCa({ commonName: k, keyType: k });
    assert.equal(rawFields(cert(r.files['ca.crt']).der).signatureOid, oid, k);
  }
});

test('cancellation: an aborted signal stops before writing anything', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(createCa({ commonName: 'x', keyType: 'rsa-2048', signal: ac.signal }), /cancelled/);
});
