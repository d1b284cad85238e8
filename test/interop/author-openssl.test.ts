// Generated certificates, CSRs and keys against openssl, the strictest verifier at hand:
// verify -x509_strict with the purpose matching the profile, chains through intermediates,
// name constraints enforced, encrypted keys readable, CSRs verifiable, openssl-made keys usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCsr, decryptPkcs8, readPrivateKey, readCertificates, signCsr } from '../../src/core/author';
import type { KeyType, Profile } from '../../src/core/author';
import { decodeBase64 } from '../../src/core/bytes';
import { readCaDir, writeAuthored } from '../../src/node/author-files';
import { makeCa, makeLeaf, openssl, tmp, verify } from './author-support';

const KEY_TYPES: KeyType[] = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ed25519'];
const PURPOSES: Record<Profile, Array<['sslserver' | 'sslclient', boolean]>> = {
  server: [['sslserver', true], ['sslclient', false]],
  client: [['sslserver', false], ['sslclient', true]],
  mtls: [['sslserver', true], ['sslclient', true]],
};

for (const caKey of KEY_TYPES) {
  test(`openssl verify -x509_strict: ${caKey} CA, leaves of every profile, purposes match`, { timeout: 120_000 }, async () => {
    const d = tmp();
    const ca = await makeCa(join(d, 'ca'), `Root ${caKey}`, { keyType: caKey });
    const self = openssl(['verify', '-x509_strict', '-CAfile', join(ca, 'ca.crt'), join(ca, 'ca.crt')]);
    assert.equal(self.code, 0, self.out);
    const leafKey: KeyType = caKey === 'rsa-4096' ? 'ecdsa-p256' : caKey;
    for (const profile of ['server', 'client', 'mtls'] as Profile[]) {
      const leaf = await makeLeaf(join(d, profile), ca, `${profile}.example`, { dns: [`${profile}.example`], ips: ['127.0.0.1'] }, profile, leafKey);
      for (const [purpose, ok] of PURPOSES[profile]) {
        const r = verify(leaf, purpose);
        assert.equal(r.code === 0, ok, `${profile} leaf, -purpose ${purpose}: ${r.out}`);
        if (!ok) assert.match(r.out, /unsuitable certificate purpose/);
      }
      const text = openssl(['x509', '-noout', '-text', '-in', join(leaf, 'tls.crt')]).out;
      assert.doesNotMatch(text, /sha1With|ecdsa-with-SHA1/i);
      assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
      assert.match(text, /X509v3 Key Usage: critical/);
      assert.match(text, /X509v3 Authority Key Identifier/);
      assert.match(text, /X509v3 Subject Key Identifier/);
    }
  });
}

test('a leaf from an intermediate verifies through it; without the intermediate it does not', async () => {
  const d = tmp();
  const root = await makeCa(join(d, 'root'), 'Root', { pathLength: 1 });
  const inter = await makeCa(join(d, 'inter'), 'Intermediate', { parent: root, pathLength: 0, keyType: 'rsa-2048' });
  const leaf = await makeLeaf(join(d, 'leaf'), inter, 'svc', { dns: ['svc.prod.svc'] }, 'mtls');
  for (const purpose of ['sslserver', 'sslclient'] as const) {
    const r = verify(leaf, purpose);
    assert.equal(r.code, 0, r.out);
  }
  // ca.crt is the root only; the leaf alone cannot reach it.
  const alone = openssl(['verify', '-x509_strict', '-CAfile', join(leaf, 'ca.crt'), join(leaf, 'tls.crt')]);
  assert.notEqual(alone.code, 0);
  assert.match(alone.out, /unable to get local issuer certificate/);
  const depth = openssl(['verify', '-x509_strict', '-show_chain', '-CAfile', join(leaf, 'ca.crt'), '-untrusted', join(leaf, 'tls.crt'), join(leaf, 'tls.crt')]);
  assert.match(depth.out, /depth=1: CN = Intermediate/);
  assert.match(depth.out, /depth=2: CN = Root/);
});

test('name constraints are enforced by openssl: inside passes, outside fails', async () => {
  const d = tmp();
  const ca = await makeCa(join(d, 'ca'), 'Cluster CA', { permittedDns: ['.svc.cluster.local'] });
  assert.match(openssl(['x509', '-noout', '-ext', 'nameConstraints', '-in', join(ca, 'ca.crt')]).out, /critical[\s\S]*Permitted:\s+DNS:\.svc\.cluster\.local/);
  const inside = await makeLeaf(join(d, 'in'), ca, 'payment', { dns: ['payment.prod.svc.cluster.local'] }, 'server');
  const r1 = verify(inside, 'sslserver');
  assert.equal(r1.code, 0, r1.out);
  const outside = await makeLeaf(join(d, 'out'), ca, 'evil', { dns: ['payment.evil.example'] }, 'server');
  const r2 = verify(outside, 'sslserver');
  assert.notEqual(r2.code, 0);
  assert.match(r2.out, /permitted subtree violation/);
  // Through an intermediate too.
  const inter = await makeCa(join(d, 'inter'), 'Sub CA', { parent: ca });
  const deep = await makeLeaf(join(d, 'deep'), inter, 'x', { dns: ['x.example.com'] }, 'server');
  assert.match(verify(deep, 'sslserver').out, /permitted subtree violation/);
});

test('encrypted keys: openssl reads ours with the passphrase and refuses a wrong one; we read openssl\'s', async () => {
  const d = tmp();
  const r = await createCsr({ commonName: 'k', keyType: 'ecdsa-p256' });
  await writeAuthored(join(d, 'enc'), r, { keyName: 'tls.key', passphrase: 'open sesame' });
  const key = join(d, 'enc/tls.key');
  assert.match(readFileSync(key, 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  const ok = openssl(['pkey', '-in', key, '-passin', 'pass:open sesame', '-pubout']);
  assert.equal(ok.code, 0, ok.out);
  assert.equal(openssl(['pkey', '-in', key, '-passin', 'pass:wrong', '-noout']).code === 0, false);
  const asn1 = openssl(['asn1parse', '-in', key]).out;
  for (const want of ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']) assert.match(asn1, new RegExp(want));
  // openssl's own encrypted PKCS#8 (PBES2, AES-256-CBC, HMAC-SHA256) decrypts with ours.
  const theirs = join(d, 'theirs.key');
  assert.equal(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-aes-256-cbc', '-pass', 'pass:hunter2', '-out', theirs]).code, 0);
  const k = await readPrivateKey(readFileSync(theirs, 'utf8'), 'hunter2');
  assert.equal(k.curve, 'P-384');
  const der = decodeBase64(readFileSync(theirs, 'utf8').replace(/-----[^-]+-----/g, ''));
  await assert.rejects(decryptPkcs8(der, 'hunter3'), /wrong passphrase/);
  // An openssl-made CA key in SEC1 form signs through our CA loader.
  const sec1Dir = join(d, 'sec1');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(d, 'sec1.key')]);
  assert.equal(openssl(['req', '-x509', '-new', '-key', join(d, 'sec1.key'), '-subj', '/CN=OpenSSL CA', '-days', '30', '-out', join(d, 'sec1.crt'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']).code, 0);
  writeFileSync(join(d, 'ca.crt'), readFileSync(join(d, 'sec1.crt')));
  writeFileSync(join(d, 'ca.key'), readFileSync(join(d, 'sec1.key')));
  const leaf = await makeLeaf(sec1Dir, d, 'from-openssl-ca', { dns: ['a.example'] }, 'server');
  assert.equal(verify(leaf, 'sslserver').code, 0);
});

test('CSRs: openssl req -verify accepts ours; we sign openssl\'s and openssl verifies the result', async () => {
  const d = tmp();
  const ca = await makeCa(join(d, 'ca'), 'Signer', { keyType: 'ecdsa-p384' });
  for (const keyType of ['ecdsa-p256', 'rsa-2048', 'ed25519'] as KeyType[]) {
    const r = await createCsr({ commonName: `csr-${keyType}`, san: { dns: [`${keyType}.example`] }, profile: 'server', keyType });
    await writeAuthored(join(d, keyType), r, { keyName: 'tls.key' });
    const v = openssl(['req', '-verify', '-noout', '-in', join(d, keyType, 'tls.csr')]);
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /verify OK|Certificate request self-signature verify OK/);
  }
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(d, 'o.key'), '-out', join(d, 'o.csr'), '-subj', '/CN=openssl-client',
    '-addext', 'subjectAltName=DNS:client.example,URI:spiffe://cluster.local/ns/a/sa/b', '-addext', 'extendedKeyUsage=clientAuth']);
  const signed = await signCsr({ ca: await readCaDir(ca), csrText: readFileSync(join(d, 'o.csr'), 'utf8') });
  await writeAuthored(join(d, 'o'), signed);
  assert.deepEqual(readCertificates(signed.files['tls.crt'])[0].san.uris, ['spiffe://cluster.local/ns/a/sa/b']);
  assert.equal(verify(join(d, 'o'), 'sslclient').code, 0);
  assert.notEqual(verify(join(d, 'o'), 'sslserver').code, 0, 'the CSR asked for client auth only');
});
