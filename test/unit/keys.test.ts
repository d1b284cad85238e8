// Every key format: PKCS#1, SEC1, PKCS#8 (RSA/EC/Ed25519), encrypted PKCS#8, SPKI and PKCS#1
// public keys; which certificates each key belongs to; no key material in any text output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardMarkdown, detailsText, hoverMarkdown, lensTitle } from '../../src/core/describe';
import { completeKeyIdentities } from '../../src/core/inventory';
import { inspectRecord } from '../../src/core/json';
import type { PrivateKeyInfo } from '../../src/core/model';
import { NOW, cert, ok, onlyObject, pemBase64, windows } from './core-helpers';
import { expected, fixtureText, scan, scanFixture } from './helpers';

const formats: Array<{ file: string; type: 'private-key' | 'public-key'; label: string; format: string; key: [string, number | null, string | null]; encrypted?: boolean; certificate?: string }> = [
  { file: 'keys/rsa-pkcs1.key', type: 'private-key', label: 'RSA PRIVATE KEY', format: 'pkcs1', key: ['RSA', 2048, null], certificate: 'keytypes/rsa-2048.crt' },
  { file: 'keys/rsa-pkcs8.key', type: 'private-key', label: 'PRIVATE KEY', format: 'pkcs8', key: ['RSA', 2048, null], certificate: 'keytypes/rsa-2048.crt' },
  { file: 'keys/rsa-spki.pub', type: 'public-key', label: 'PUBLIC KEY', format: 'spki', key: ['RSA', 2048, null], certificate: 'keytypes/rsa-2048.crt' },
  { file: 'keys/rsa-pkcs1.pub', type: 'public-key', label: 'RSA PUBLIC KEY', format: 'pkcs1', key: ['RSA', 2048, null], certificate: 'keytypes/rsa-2048.crt' },
  { file: 'keys/ec-sec1.key', type: 'private-key', label: 'EC PRIVATE KEY', format: 'sec1', key: ['EC', 256, 'P-256'], certificate: 'keytypes/ecdsa-p256.crt' },
  { file: 'keys/ec-pkcs8.key', type: 'private-key', label: 'PRIVATE KEY', format: 'pkcs8', key: ['EC', 256, 'P-256'], certificate: 'keytypes/ecdsa-p256.crt' },
  { file: 'keys/ec-spki.pub', type: 'public-key', label: 'PUBLIC KEY', format: 'spki', key: ['EC', 256, 'P-256'], certificate: 'keytypes/ecdsa-p256.crt' },
  { file: 'keys/ec-pkcs8-encrypted.key', type: 'private-key', label: 'ENCRYPTED PRIVATE KEY', format: 'encrypted-pkcs8', key: ['unknown', null, null], encrypted: true },
  { file: 'keys/ed25519-pkcs8.key', type: 'private-key', label: 'PRIVATE KEY', format: 'pkcs8', key: ['Ed25519', 256, null], certificate: 'keytypes/ed25519.crt' },
  { file: 'keys/ed25519-spki.pub', type: 'public-key', label: 'PUBLIC KEY', format: 'spki', key: ['Ed25519', 256, null], certificate: 'keytypes/ed25519.crt' },
  { file: 'leaf-server.key', type: 'private-key', label: 'PRIVATE KEY', format: 'pkcs8', key: ['EC', 256, 'P-256'], certificate: 'leaf-server.crt' },
  { file: 'mismatched.key', type: 'private-key', label: 'PRIVATE KEY', format: 'pkcs8', key: ['EC', 256, 'P-256'] },
];

for (const f of formats) {
  test(`key format: ${f.file} is ${f.format} ${f.key.join(' ')}`, async () => {
    const found = scanFixture(f.file);
    assert.equal(found.length, 1);
    assert.equal(found[0].label, f.label);
    await completeKeyIdentities(found);
    const o = ok(found[0]);
    assert.equal(o.type, f.type);
    if (o.type !== 'private-key' && o.type !== 'public-key') return;
    assert.equal(o.format, f.format);
    assert.deepEqual([o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], f.key);
    if (o.type === 'private-key') assert.equal(o.encrypted, !!f.encrypted);
    const e = expected(f.file)[0];
    assert.equal(o.format, e.format);
    assert.equal(found[0].label, e.pemLabel);
    if (f.certificate) {
      const c = cert(f.certificate);
      assert.ok(o.publicKey.keyMaterialHex, 'has a key identity');
      assert.equal(o.publicKey.keyMaterialHex, c.publicKey.keyMaterialHex, `${f.file} matches ${f.certificate}`);
    }
  });
}

test('expected matchesCertificates: each key matches exactly the certificates openssl says', async () => {
  const candidates = [
    'leaf-server.crt', 'leaf-server.der', 'chain.pem', 'keytypes/rsa-2048.crt', 'keytypes/rsa-2048.der', 'keytypes/rsa-4096.crt',
    'keytypes/ecdsa-p256.crt', 'keytypes/ecdsa-p384.crt', 'keytypes/ed25519.crt', 'keytypes/sha1-rsa.crt', 'root.pem', 'root2.pem',
    'embedded/multi-doc.yaml', 'embedded/secret.yaml', 'leaf-orphan.crt',
  ];
  const certKeys = new Map(candidates.map((c) => [c, scanFixture(c).map(ok).filter((o) => o.type === 'certificate').map((o) => o.publicKey.keyMaterialHex)]));
  for (const f of formats) {
    if (f.encrypted) continue;
    const found = scanFixture(f.file);
    await completeKeyIdentities(found);
    const id = ok(found[0]).type !== 'crl' ? (ok(found[0]) as PrivateKeyInfo).publicKey.keyMaterialHex : undefined;
    const want = (expected(f.file)[0].matchesCertificates as string[]).filter((c) => candidates.includes(c)).sort();
    const got = candidates.filter((c) => certKeys.get(c)!.includes(id!)).sort();
    assert.deepEqual(got, want, f.file);
  }
});

test('leaf-server.key matches leaf-server.crt; mismatched.key matches neither it nor any fixture certificate', () => {
  const leaf = cert('leaf-server.crt');
  const key = onlyObject('leaf-server.key');
  const other = onlyObject('mismatched.key');
  assert.ok(key.type === 'private-key' && other.type === 'private-key');
  assert.equal(key.publicKey.keyMaterialHex, leaf.publicKey.keyMaterialHex);
  assert.match(key.publicKey.keyMaterialHex!, /^04[0-9a-f]{128}$/, 'uncompressed P-256 point');
  assert.notEqual(other.publicKey.keyMaterialHex, leaf.publicKey.keyMaterialHex);
  assert.deepEqual(expected('mismatched.key')[0].matchesCertificates, []);
});

test('Ed25519 PKCS#8 v1 has no public key inside: unknown until completeKeyIdentities derives it', async () => {
  const found = scanFixture('keys/ed25519-pkcs8.key');
  const k = ok(found[0]);
  assert.ok(k.type === 'private-key');
  assert.equal(k.publicKey.keyMaterialHex, undefined);
  await completeKeyIdentities(found);
  assert.equal(k.publicKey.keyMaterialHex, cert('keytypes/ed25519.crt').publicKey.keyMaterialHex);
  assert.match(k.publicKey.keyMaterialHex!, /^[0-9a-f]{64}$/);
});

test('completeKeyIdentities leaves encrypted keys alone and skips failed decodes', async () => {
  const found = [...scanFixture('keys/ec-pkcs8-encrypted.key'), ...scanFixture('bad/not-base64.pem')];
  await completeKeyIdentities(found);
  const k = ok(found[0]);
  assert.ok(k.type === 'private-key');
  assert.equal(k.publicKey.keyMaterialHex, undefined);
  assert.equal(found[1].result.ok, false);
});

test('encrypted PKCS#8: PBES2 with PBKDF2 and AES-256-CBC, nothing about the key itself', () => {
  const k = onlyObject('keys/ec-pkcs8-encrypted.key');
  assert.ok(k.type === 'private-key');
  assert.equal(k.encrypted, true);
  assert.equal(k.format, 'encrypted-pkcs8');
  assert.equal(k.encryption, 'PBES2 (PBKDF2, AES-256-CBC)');
  assert.deepEqual(k.publicKey, { algorithm: 'unknown', size: null, curve: null });
});

test('RSA public keys in SPKI and PKCS#1 form have the same identity and the SPKI openssl computes', () => {
  const spki = onlyObject('keys/rsa-spki.pub');
  const pkcs1 = onlyObject('keys/rsa-pkcs1.pub');
  assert.ok(spki.type === 'public-key' && pkcs1.type === 'public-key');
  assert.equal(pkcs1.publicKey.keyMaterialHex, spki.publicKey.keyMaterialHex);
  assert.deepEqual(pkcs1.publicKey.spki, spki.publicKey.spki, 'the PKCS#1 key wrapped as SPKI equals the SPKI file');
  assert.equal(spki.publicKey.keyMaterialHex.length, 512, '2048-bit modulus without a sign byte');
});

const secretFiles = formats.filter((f) => f.type === 'private-key').map((f) => f.file);

for (const file of secretFiles) {
  test(`no private key material in any output: ${file}`, async () => {
    const found = scanFixture(file);
    await completeKeyIdentities(found);
    const k = ok(found[0]);
    assert.equal(k.type, 'private-key');
    const texts = [
      cardMarkdown(k, NOW, 30),
      lensTitle(k, NOW, 30),
      hoverMarkdown([{ object: k, index: 0, groupSize: 1 }], NOW, 30),
      detailsText(k, NOW, 30),
      JSON.stringify(inspectRecord(k, file, 1)),
    ];
    const all = texts.join('\n');
    const body = pemBase64(file);
    const leaked = windows(body).filter((w) => all.includes(w));
    assert.deepEqual(leaked, [], 'a 16-character piece of the PEM body appears in the output');
    // The private scalar / modulus in hex must not appear either (public key identity is fine for
    // public parts, but no hex string longer than a fingerprint is printed for a private key).
    assert.ok(!/[0-9a-f]{80}/i.test(all.replace(/:/g, '')), 'no long hex string');
    assert.match(cardMarkdown(k, NOW, 30), /key material is never shown/);
    assert.match(detailsText(k, NOW, 30), /Key material:\s+not shown/);
    assert.deepEqual(Object.keys(inspectRecord(k, file, 1)).sort(), ['encrypted', 'file', 'line', 'publicKey', 'type']);
  });
}

test('keys embedded in text decode like the key files (Secret base64, JSON string, Go raw string)', () => {
  const leafKey = (onlyObject('leaf-server.key') as PrivateKeyInfo).publicKey.keyMaterialHex;
  for (const file of ['embedded/secret.yaml', 'embedded/secret-der.yaml', 'embedded/config.json', 'embedded/tls.go', 'embedded/multi-doc.yaml']) {
    const keys = scanFixture(file).map(ok).filter((o): o is PrivateKeyInfo => o.type === 'private-key');
    assert.ok(keys.length >= 1, file);
    assert.equal(keys[0].publicKey.keyMaterialHex, leafKey, file);
    assert.equal(keys[0].format, 'pkcs8', file);
  }
  const md = scanFixture('embedded/multi-doc.yaml').map(ok).filter((o): o is PrivateKeyInfo => o.type === 'private-key');
  assert.deepEqual(md.map((k) => k.format), ['pkcs8', 'pkcs1']);
  assert.equal(md[1].publicKey.keyMaterialHex, cert('keytypes/rsa-2048.crt').publicKey.keyMaterialHex);
});

test('a legacy encrypted PEM key (RFC 1421 Proc-Type/DEK-Info headers) is an encrypted key of known type', () => {
  const text = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,0123456789ABCDEF0123456789ABCDEF\n\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END RSA PRIVATE KEY-----\n';
  const found = scan(text);
  assert.equal(found.length, 1);
  const k = ok(found[0]);
  assert.ok(k.type === 'private-key');
  assert.deepEqual({ format: k.format, encrypted: k.encrypted, encryption: k.encryption, algorithm: k.publicKey.algorithm }, { format: 'legacy-encrypted', encrypted: true, encryption: 'AES-256-CBC', algorithm: 'RSA' });
  assert.match(lensTitle(k, NOW, 30), /encrypted \(AES-256-CBC\)/);
  const ec = ok(scan(text.replace(/RSA PRIVATE KEY/g, 'EC PRIVATE KEY').replace('AES-256-CBC,0123456789ABCDEF0123456789ABCDEF', 'DES-EDE3-CBC,0123456789ABCDEF'))[0]);
  assert.ok(ec.type === 'private-key');
  assert.deepEqual([ec.publicKey.algorithm, ec.encryption], ['EC', 'DES-EDE3-CBC']);
});

test('fixture text sanity: the key files are the PEM armor openssl writes', () => {
  assert.match(fixtureText('keys/ec-pkcs8-encrypted.key'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
  assert.match(fixtureText('keys/rsa-pkcs1.pub'), /^-----BEGIN RSA PUBLIC KEY-----\n/);
});
