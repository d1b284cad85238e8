// Keystores and bundles (#17 part 5): PKCS#12 (openssl 3 PBES2, -legacy RC2, 3DES, no
// encryption), JKS key and trust stores made by keytool, PKCS#7 in PEM and DER; with the right,
// a wrong and no password; inside YAML Secrets (cert-manager's keystores); hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBase64 } from '../../src/core/bytes';
import { decodeContainer, type ContainerResult } from '../../src/core/containers';
import { bmpPassword, pbeDecrypt, pkcs12Kdf, rc2DecryptBlock8, WorkBudget } from '../../src/core/containers/crypto';
import { checkObjects } from '../../src/core/diagnostics';
import { hoverMarkdown } from '../../src/core/describe';
import { scanBytes, scanText } from '../../src/core/scan';
import { nodeContainers } from '../../src/node/containers-bundle';
import { nodeContainerCrypto, nodeHasher } from '../../src/node/platform';
import { FIXTURES } from './helpers';

const DIR = join(FIXTURES, 'containers');
const bytes = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
const PW = 'changeit-test';
const decode = (f: string, password?: string) => decodeContainer(bytes(f), { hasher: nodeHasher, crypto: nodeContainerCrypto, password })!;
const subjects = (r: ContainerResult) => r.entries.map((e) => (e.result.ok ? (e.result.object.type === 'certificate' ? e.result.object.subject.rfc4514 : e.result.object.type === 'private-key' ? `key ${e.result.object.encrypted ? 'encrypted' : e.result.object.publicKey.curve}` : e.result.object.type) : `error ${e.result.error}`));
const LEAF = 'CN=app.example.com';
const CA = 'CN=Keystore Test CA';

test('each keystore and bundle: format, what is read, integrity, with the password, a wrong one and none', () => {
  const cases: [string, string | undefined, string, string[], ContainerResult['integrity'], boolean][] = [
    ['modern.p12', PW, 'PKCS#12', [LEAF, CA, 'key P-256'], 'verified', false],
    ['modern.p12', undefined, 'PKCS#12', ['key encrypted'], 'unchecked', true],
    ['modern.p12', 'wrong', 'PKCS#12', ['key encrypted'], 'failed', false],
    ['legacy.pfx', PW, 'PKCS#12', [LEAF, CA, 'key P-256'], 'verified', false],
    ['legacy.pfx', undefined, 'PKCS#12', ['key encrypted'], 'unchecked', true],
    ['des.p12', PW, 'PKCS#12', [LEAF, 'key P-256'], 'verified', false],
    ['nopass.p12', undefined, 'PKCS#12', [LEAF, CA, 'key P-256'], 'verified', false],
    ['truststore.p12', PW, 'PKCS#12', [CA], 'verified', false],
    ['truststore.p12', undefined, 'PKCS#12', [], 'unchecked', true],
    ['keystore.jks', PW, 'JKS', ['key P-256', LEAF, CA], 'verified', false],
    ['keystore.jks', undefined, 'JKS', ['key encrypted', LEAF, CA], 'unchecked', true],
    ['keystore.jks', 'wrong', 'JKS', ['key encrypted', LEAF, CA], 'failed', false],
    ['truststore.jks', undefined, 'JKS', [CA], 'unchecked', true],
    ['truststore.jks', PW, 'JKS', [CA], 'verified', false],
    ['bundle.p7c', undefined, 'PKCS#7', [LEAF, CA], 'none', false],
  ];
  for (const [file, pw, format, want, integrity, needsPassword] of cases) {
    const r = decode(file, pw);
    const at = `${file} with ${pw ?? 'no password'}`;
    assert.equal(r.format, format, at);
    assert.deepEqual(subjects(r), want, at);
    assert.equal(r.integrity, integrity, at);
    assert.equal(r.needsPassword, needsPassword, at);
  }
});

test('what is not read says why and what scheme: PBES2 AES-256-CBC (openssl 3), 40-bit RC2 (-legacy), wrong password', () => {
  assert.deepEqual(decode('modern.p12').locked, ['1 safe (usually the certificates) encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC): a password is needed']);
  assert.deepEqual(decode('legacy.pfx').locked, ['1 safe (usually the certificates) encrypted with pbeWithSHAAnd40BitRC2-CBC: a password is needed']);
  assert.deepEqual(decode('legacy.pfx', 'wrong').locked, ['1 safe (usually the certificates) encrypted with pbeWithSHAAnd40BitRC2-CBC: the password does not open it']);
  assert.match(decode('modern.p12', 'wrong').summary, /MAC does not verify \(SHA-256\): wrong password, or the file was altered/);
  assert.match(decode('keystore.jks').summary, /^JKS keystore: 1 private key, 2 certificates; integrity not checked: a password is needed$/);
  assert.match(decode('keystore.jks', PW).summary, /integrity verified \(SHA-1\)/);
});

test('aliases: PKCS#12 friendlyName and JKS aliases', () => {
  assert.deepEqual(decode('modern.p12', PW).entries.map((e) => e.alias), ['app', undefined, 'app']);
  assert.deepEqual(decode('truststore.jks').entries.map((e) => e.alias), ['ca']);
});

test('a decrypted key matches its certificate (the same key identity), and is never more than type and size', () => {
  const r = decode('keystore.jks', PW);
  const key = r.entries[0].result.ok && r.entries[0].result.object.type === 'private-key' ? r.entries[0].result.object : undefined;
  const leaf = r.entries[1].result.ok && r.entries[1].result.object.type === 'certificate' ? r.entries[1].result.object : undefined;
  assert.ok(key && leaf);
  assert.equal(key.publicKey.keyMaterialHex, leaf.publicKey.keyMaterialHex);
  assert.equal(key.encrypted, false);
});

test('RC2 (RFC 2268 section 5 test vectors) and the PKCS#12 KDF', () => {
  const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
  const vectors: [string, number, string, string][] = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ];
  for (const [key, bits, plain, cipher] of vectors) assert.equal(Buffer.from(rc2DecryptBlock8(hex(key), bits, hex(cipher))).toString('hex'), plain, `${key}/${bits}`);
  // PKCS#12 KDF: the password as BMPString with its terminator; no password is zero bytes.
  assert.deepEqual([...bmpPassword('ab')], [0, 0x61, 0, 0x62, 0, 0]);
  assert.equal(bmpPassword(undefined).length, 0);
  assert.equal(pkcs12Kdf(nodeContainerCrypto, 'SHA-1', bmpPassword('x'), new Uint8Array(8), 1, 1, 45).length, 45);
});

test('hostile parameters: an iteration count in the billions is refused, not run', () => {
  // PBES2 AlgorithmIdentifier with PBKDF2 iterations 0x7fffffff.
  const tlv = (tag: string, ...parts: string[]) => { const body = parts.join(''); return tag + (body.length / 2).toString(16).padStart(2, '0') + body; };
  const oid = (hex: string) => tlv('06', hex);
  const pbkdf2 = tlv('30', oid('2a864886f70d01050c'), tlv('30', tlv('04', '0102030405060708'), tlv('02', '7fffffff'), tlv('30', oid('2a864886f70d0209'), '0500')));
  const aes = tlv('30', oid('60864801650304012a'), tlv('04', '00'.repeat(16)));
  const alg = Uint8Array.from(Buffer.from(tlv('30', oid('2a864886f70d01050d'), tlv('30', pbkdf2, aes)), 'hex'));
  const r = pbeDecrypt(nodeContainerCrypto, alg, new Uint8Array(32), ['x'], new WorkBudget());
  assert.equal(r.problem, 'limit');
  assert.match(r.detail ?? '', /iteration count 2147483647 is over 100000/);
});

test('truncated, flipped and inflated keystores never throw and stay readable up to the damage', () => {
  for (const f of ['modern.p12', 'legacy.pfx', 'keystore.jks', 'truststore.jks', 'bundle.p7c']) {
    const b = bytes(f);
    for (let cut = 1; cut < b.length; cut += 7) {
      const r = decodeContainer(b.subarray(0, cut), { hasher: nodeHasher, crypto: nodeContainerCrypto, password: PW });
      if (r) assert.ok(Array.isArray(r.entries));
    }
    for (let i = 0; i < b.length; i += 5) {
      const m = b.slice();
      m[i] ^= 0xff;
      const r = decodeContainer(m, { hasher: nodeHasher, crypto: nodeContainerCrypto, password: PW });
      if (r) assert.ok(typeof r.summary === 'string');
    }
  }
  // A JKS that claims 2^32-1 entries, each a certificate of 2^32-1 bytes: an answer, at once.
  const jks = Uint8Array.from(Buffer.from('feedfeed00000002ffffffff00000002000161' + '0000000000000000' + '0005582e353039' + 'ffffffff', 'hex'));
  const r = decodeContainer(jks, { hasher: nodeHasher })!;
  assert.match(r.locked.join(), /malformed/);
});

test('scan: keystore files become objects of one group; what needs a password is a placeholder, not a problem', () => {
  const found = scanBytes(bytes('modern.p12'), { hasher: nodeHasher, containers: nodeContainers() }).objects;
  assert.deepEqual(found.map((f) => [f.group, f.index, f.groupSize, !!f.container?.placeholder]), [[0, 0, 2, false], [0, 1, 2, true]]);
  assert.deepEqual(checkObjects('', found, { now: new Date('2027-01-01T00:00:00Z'), expiryWarningDays: 30 }), []);
  const md = hoverMarkdown(found.map((f) => ({ object: f.result.ok ? f.result.object : undefined, error: f.result.ok ? undefined : f.result.error, index: f.index, groupSize: f.groupSize, container: f.container })), new Date('2027-01-01T00:00:00Z'), 30);
  assert.match(md, /^\*\*PKCS\\#12: 1 private key/);
  assert.match(md, /Open Keystore with Password/);
  assert.doesNotMatch(md, /Cannot decode/);
  // Without container support (verify's small bundle) nothing changes: a PFX is named, not read.
  const plain = scanBytes(bytes('modern.p12'), { hasher: nodeHasher }).objects;
  assert.match(plain[0].result.ok ? '' : plain[0].result.error, /PKCS#12 file/);
});

test('scan: cert-manager keystore Secret values (keystore.p12, truststore.jks) and a PEM PKCS7 block', () => {
  const yaml = [
    'apiVersion: v1', 'kind: Secret', 'metadata: {name: app-tls}', 'data:',
    `  keystore.p12: ${encodeBase64(bytes('modern.p12'))}`,
    `  truststore.jks: ${encodeBase64(bytes('truststore.jks'))}`,
    '',
  ].join('\n');
  const found = scanText(yaml, { hasher: nodeHasher, containers: nodeContainers(PW) }).objects;
  assert.deepEqual(found.map((f) => [f.key, f.container?.format, f.result.ok ? f.result.object.type : 'x']), [
    ['keystore.p12', 'PKCS#12', 'certificate'], ['keystore.p12', 'PKCS#12', 'certificate'], ['keystore.p12', 'PKCS#12', 'private-key'],
    ['truststore.jks', 'JKS', 'certificate'],
  ]);
  assert.equal(new Set(found.slice(0, 3).map((f) => f.group)).size, 1);
  const pem = readFileSync(join(DIR, 'bundle.p7b'), 'latin1');
  const p7 = scanText(`# bundle\n${pem}`, { hasher: nodeHasher, containers: nodeContainers() }).objects;
  assert.deepEqual(p7.map((f) => [f.label, f.container?.format, f.index, f.groupSize, f.start]), [['PKCS7', 'PKCS#7', 0, 2, 9], ['PKCS7', 'PKCS#7', 1, 2, 9]]);
});
