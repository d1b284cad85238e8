// Generated certificates, CSRs and keys against openssl, the strictest verifier at hand:
// verify -x509_strict with the purpose matching the profile, chains through intermediates,
// name constraints enforced, encrypted keys readable, CSRs verifiable, openssl-made keys usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCa, createCsr, decryptPkcs8, readPrivateKey, readCertificates, signCsr } from '../../src/core/author';
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

/** A CSR made by openssl for these names, signed by openssl with the CA in `caDir` (copying the SANs): what a tool without our check would issue. */
function opensslLeaf(dir: string, caDir: string, cn: string, san: string | undefined, caChain = join(caDir, 'ca.crt')): { csr: string; crt: string } {
  mkdirSync(dir, { recursive: true });
  const csr = join(dir, 'r.csr');
  const crt = join(dir, 'tls.crt');
  const req = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-subj', cn ? `/CN=${cn}` : '/', ...(san ? ['-addext', `subjectAltName=${san}`] : []), '-out', csr]);
  assert.equal(req.code, 0, req.out);
  const x = openssl(['x509', '-req', '-in', csr, '-CA', join(caDir, 'ca.crt'), '-CAkey', join(caDir, 'ca.key'), '-days', '1', '-copy_extensions', 'copy', '-out', crt]);
  assert.equal(x.code, 0, x.out);
  writeFileSync(join(dir, 'chain.pem'), readFileSync(caChain, 'utf8'));
  return { csr, crt };
}

/** openssl verify -x509_strict of `crt` against the chain file (every certificate of it trusted as given: the root anchors). */
function verifyWith(crt: string, chainFile: string): { code: number; out: string } {
  const certs = readFileSync(chainFile, 'utf8');
  const blocks = certs.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
  const dir = dirname(crt);
  writeFileSync(join(dir, 'root.pem'), blocks[blocks.length - 1] ?? '');
  writeFileSync(join(dir, 'untrusted.pem'), blocks.slice(0, -1).join('') || (blocks[0] ?? ''));
  return openssl(['verify', '-x509_strict', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'untrusted.pem'), crt]);
}

test('name constraints: what openssl rejects with error 47 we refuse to issue, naming the constraint; what it accepts we issue', async () => {
  const d = tmp();
  const ca = await makeCa(join(d, 'ca'), 'Cluster CA', { permittedDns: ['.svc.cluster.local'] });
  assert.match(openssl(['x509', '-noout', '-ext', 'nameConstraints', '-in', join(ca, 'ca.crt')]).out, /critical[\s\S]*Permitted:\s+DNS:\.svc\.cluster\.local/);
  const inside = await makeLeaf(join(d, 'in'), ca, 'payment', { dns: ['payment.prod.svc.cluster.local'] }, 'server');
  const r1 = verify(inside, 'sslserver');
  assert.equal(r1.code, 0, r1.out);
  await assert.rejects(makeLeaf(join(d, 'out'), ca, 'evil', { dns: ['payment.evil.example'] }, 'server'),
    { message: /^refused: DNS name "payment\.evil\.example" is outside the permitted subtree "\.svc\.cluster\.local" of CA "CN=Cluster CA"/ });
  assert.ok(!existsSync(join(d, 'out')), 'nothing written');
  const theirs = opensslLeaf(join(d, 'theirs'), ca, 'evil', 'DNS:payment.evil.example');
  const r2 = verifyWith(theirs.crt, join(d, 'theirs', 'chain.pem'));
  assert.match(r2.out, /error 47 .*permitted subtree violation/);
  // Through an intermediate: the root's constraint still applies.
  const inter = await makeCa(join(d, 'inter'), 'Sub CA', { parent: ca });
  await assert.rejects(makeLeaf(join(d, 'deep'), inter, 'x', { dns: ['x.example.com'] }, 'server'), { message: /outside the permitted subtree "\.svc\.cluster\.local" of CA "CN=Cluster CA"/ });
  const deep = opensslLeaf(join(d, 'deep-theirs'), inter, 'x', 'DNS:x.example.com');
  assert.match(verifyWith(deep.crt, join(d, 'deep-theirs', 'chain.pem')).out, /error 47/);
  // A dotted common name without DNS SANs counts as a DNS name (openssl too), for an intermediate as well.
  await assert.rejects(readCaDir(ca).then((parent) => createCa({ commonName: 'inter.example.com', keyType: 'ecdsa-p256', parent })), { message: /DNS name "inter\.example\.com" is outside/ });
});

test('name constraints of every type (DNS, IP, email, URI; permitted and excluded) on an openssl CA: signCsr agrees with openssl verify case by case', async () => {
  const d = tmp();
  const caDir = join(d, 'ca');
  mkdirSync(caDir);
  const nc = 'critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0,permitted;email:example.com,permitted;URI:.example.com,excluded;DNS:bad.example.com,excluded;IP:10.9.0.0/255.255.0.0';
  const mk = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(caDir, 'ca.key'), '-subj', '/CN=Constrained', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', `nameConstraints=${nc}`, '-out', join(caDir, 'ca.crt')]);
  assert.equal(mk.code, 0, mk.out);
  const ca = await readCaDir(caDir);
  assert.equal(ca.certificate.nameConstraints?.permitted.length, 4);
  const cases: Array<[string, string]> = [
    ['a', 'DNS:a.example.com'], ['b', 'DNS:example.com'], ['c', 'DNS:bad.example.com'], ['d', 'DNS:x.bad.example.com'], ['e', 'DNS:example.org'], ['f', 'DNS:notexample.com'],
    ['g', 'DNS:a.example.com,IP:10.1.2.3'], ['h', 'DNS:a.example.com,IP:192.168.0.1'], ['i', 'DNS:a.example.com,IP:10.9.1.1'],
    ['j', 'DNS:a.example.com,email:me@example.com'], ['k', 'DNS:a.example.com,email:me@other.org'], ['l', 'DNS:a.example.com,email:me@sub.example.com'],
    ['m', 'DNS:a.example.com,URI:spiffe://td.example.com/ns/a/sa/b'], ['n', 'DNS:a.example.com,URI:spiffe://example.com/x'], ['o', 'DNS:a.example.com,URI:https://other.org/'],
    ['host.example.com', ''], ['host.example.org', ''],
  ];
  let accepted = 0;
  let refused = 0;
  for (const [cn, san] of cases) {
    const theirs = opensslLeaf(join(d, cn), caDir, cn, san || undefined);
    const v = verifyWith(theirs.crt, join(d, cn, 'chain.pem'));
    const rejected47 = /error 47 |permitted subtree violation|excluded subtree violation/.test(v.out);
    assert.ok(v.code === 0 || rejected47, `${cn} ${san}: ${v.out}`);
    const ours = signCsr({ ca, csrText: readFileSync(theirs.csr, 'utf8'), profile: 'mtls' });
    if (rejected47) {
      await assert.rejects(ours, { message: /^refused: .* (outside the permitted|inside the excluded) subtree/ }, `${cn} ${san}: openssl says ${v.out}`);
      refused++;
    } else {
      const r = await ours;
      writeFileSync(join(d, cn, 'ours.crt'), r.files['tls.crt']);
      const again = verifyWith(join(d, cn, 'ours.crt'), join(d, cn, 'chain.pem'));
      assert.equal(again.code, 0, `${cn} ${san}: ours: ${again.out}`);
      accepted++;
    }
  }
  assert.ok(accepted >= 5 && refused >= 5, `both sides exercised (${accepted} accepted, ${refused} refused)`);
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
