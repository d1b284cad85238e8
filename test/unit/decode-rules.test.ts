// Decoding agrees with openssl on the cases of issue #16: years below 100, negative serials,
// malformed times, DER that is not a key, traditional DSA and encrypted keys, concatenated DER
// certificates, explicit EC parameters, dotted attribute types, invalid UTF-8 names. Fixtures:
// test/fixtures/decode/ (make-decode-fixtures.py); the values are what openssl 3.0 prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDer, identifyDer } from '../../src/core/decode';
import { keyDescription, lensTitle } from '../../src/core/describe';
import { checkObjects } from '../../src/core/diagnostics';
import { inspectRecord } from '../../src/core/json';
import type { PkiObject } from '../../src/core/model';
import { scanBytes, scanText, type FoundObject } from '../../src/core/scan';
import { nodeHasher } from '../../src/node/platform';
import { FIXTURES } from './helpers';

const NOW = new Date('2026-01-01T00:00:00Z');
const bytes = (name: string) => readFileSync(join(FIXTURES, 'decode', name));
const found = (name: string): FoundObject[] => scanBytes(bytes(name), { hasher: nodeHasher }).objects;
function only(name: string): PkiObject {
  const f = found(name);
  assert.equal(f.length, 1, `${name}: one object`);
  assert.ok(f[0].result.ok, `${name}: ${!f[0].result.ok && f[0].result.error}`);
  return f[0].result.object;
}

/** Decoded objects and the fields openssl 3.0 reports for them. */
const decodedCases: Array<{ file: string; name: string; want: Record<string, unknown>; view: (o: PkiObject) => Record<string, unknown> }> = [
  {
    file: 'zero-time.der', name: "years 0-99 stay years 0-99 (Go's zero time), not 19xx",
    want: { notBefore: '0001-01-01T00:00:00.000Z', notAfter: '0099-06-15T12:00:00.000Z' },
    view: (o) => (o.type === 'certificate' ? { notBefore: o.notBefore.toISOString(), notAfter: o.notAfter.toISOString() } : {}),
  },
  {
    file: 'negative-serial.der', name: 'a negative serial is printed as openssl -serial prints it',
    want: { serialNumber: '-04316693ed' },
    view: (o) => (o.type === 'certificate' ? { serialNumber: o.serialNumber } : {}),
  },
  {
    file: 'dotted-attribute.der', name: 'RFC 4514: a dotted attribute type takes #<hex of the DER value>',
    want: { subject: '1.2.3.4=#0c0568656c6c6f,CN=dotted', commonName: 'dotted' },
    view: (o) => (o.type === 'certificate' ? { subject: o.subject.rfc4514, commonName: o.subject.commonName } : {}),
  },
  {
    file: 'invalid-utf8-cn.der', name: 'an invalid UTF-8 common name decodes, marked with its problem',
    want: { commonName: 'bad\ufffd(name', problem: 'is not valid UTF-8 (shown with U+FFFD in its place)' },
    view: (o) => (o.type === 'certificate' ? { commonName: o.subject.commonName, problem: o.subject.rdns[0][0].problem } : {}),
  },
  {
    file: 'dsa-traditional.pem', name: 'a traditional DSA PRIVATE KEY is DSA, not RSA',
    want: { type: 'private-key', format: 'dsa', key: ['DSA', 1024, null], encrypted: false },
    view: (o) => (o.type === 'private-key' ? { type: o.type, format: o.format, key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], encrypted: o.encrypted } : {}),
  },
  {
    file: 'dsa-traditional.der', name: 'bare DER of a traditional DSA key is DSA too',
    want: { type: 'private-key', format: 'dsa', key: ['DSA', 1024, null], encrypted: false },
    view: (o) => (o.type === 'private-key' ? { type: o.type, format: o.format, key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], encrypted: o.encrypted } : {}),
  },
  {
    file: 'encrypted-pkcs8.der', name: 'DER EncryptedPrivateKeyInfo is an encrypted private key',
    want: { type: 'private-key', format: 'encrypted-pkcs8', encryption: 'PBES2 (PBKDF2, AES-256-CBC)', key: ['unknown', null, null], encrypted: true },
    view: (o) => (o.type === 'private-key' ? { type: o.type, format: o.format, encryption: o.encryption, key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], encrypted: o.encrypted } : {}),
  },
  {
    file: 'legacy-encrypted-ec.pem', name: 'a legacy Proc-Type: 4,ENCRYPTED key: the label says EC, nothing says the size',
    want: { type: 'private-key', format: 'legacy-encrypted', encryption: 'AES-256-CBC', key: ['EC', null, null], encrypted: true },
    view: (o) => (o.type === 'private-key' ? { type: o.type, format: o.format, encryption: o.encryption, key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve], encrypted: o.encrypted } : {}),
  },
  {
    file: 'explicit-p256.der', name: 'explicit EC parameters: the size is the bit length of the order',
    want: { key: ['EC', 256, 'explicit parameters'] },
    view: (o) => (o.type === 'private-key' ? { key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve] } : {}),
  },
  {
    file: 'explicit-secp160r1.der', name: "a curve outside the table: 161 bits from its order, not 168 from the 21-byte private key",
    want: { key: ['EC', 161, 'explicit parameters'] },
    view: (o) => (o.type === 'private-key' ? { key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve] } : {}),
  },
  {
    file: 'named-secp160r1.der', name: 'a named curve: size and name from the curve table',
    want: { key: ['EC', 161, 'secp160r1'] },
    view: (o) => (o.type === 'private-key' ? { key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve] } : {}),
  },
  {
    file: 'rsa-public-pkcs1.der', name: 'bare PKCS#1 RSAPublicKey is a public key, not a private key',
    want: { type: 'public-key', format: 'pkcs1', key: ['RSA', 2048, null] },
    view: (o) => (o.type === 'public-key' ? { type: o.type, format: o.format, key: [o.publicKey.algorithm, o.publicKey.size, o.publicKey.curve] } : {}),
  },
];

for (const c of decodedCases) {
  test(`decode: ${c.name} (${c.file})`, () => {
    const o = only(c.file);
    assert.deepEqual(c.view(o), c.want);
  });
}

/** Rejected: the message names the object and the rule it breaks. */
const rejectedCases: Array<{ file: string; name: string; error: RegExp }> = [
  { file: 'utctime-offset.der', name: 'a 15-character UTCTime with an offset', error: /^malformed DER: certificate: UTCTime "2001010000-0500" is not YYMMDDHHMMSSZ \(13 characters ending in Z, RFC 5280 4\.1\.2\.5\.1\)/ },
  { file: 'crl-bad-time.der', name: 'a CRL with a malformed thisUpdate is named a CRL', error: /^malformed DER: CRL: UTCTime "2001010000-0500" is not YYMMDDHHMMSSZ/ },
  { file: 'tbs-certificate.der', name: 'a TBSCertificate is not a key', error: /^a TBSCertificate \(a certificate body without its signature\): Certwright decodes certificates, CSRs, CRLs and keys, not this$/ },
  { file: 'dh-parameters.der', name: 'DH parameters are not an RSA key', error: /^a DSA or DH parameter set \(three INTEGERs\): Certwright decodes certificates, CSRs, CRLs and keys, not this$/ },
  { file: 'ecdsa-signature.der', name: 'an ECDSA signature is not an RSA key', error: /^a SEQUENCE of two INTEGERs \(a DSA or ECDSA signature, or DH parameters\)/ },
];

for (const c of rejectedCases) {
  test(`reject: ${c.name} (${c.file})`, () => {
    const f = found(c.file);
    assert.equal(f.length, 1);
    assert.equal(f[0].result.ok, false, `${c.file} must not decode`);
    if (!f[0].result.ok) assert.match(f[0].result.error, c.error);
  });
}

test('concatenated DER certificates decode to every certificate, in order, as one group', () => {
  const f = found('bundle.der');
  assert.deepEqual(f.map((x) => [x.result.ok && x.result.object.type === 'certificate' ? x.result.object.subject.commonName : 'error', x.group, x.index, x.groupSize]), [
    ['decode-fixture', 0, 0, 2],
    ['decode-fixture-2', 0, 1, 2],
  ]);
  // The same bytes under one label stay one object: a PEM block holds one certificate.
  assert.match(String(!decodeDer(bytes('bundle.der'), 'CERTIFICATE', nodeHasher).ok && (decodeDer(bytes('bundle.der'), 'CERTIFICATE', nodeHasher) as { error: string }).error), /unexpected bytes after the certificate/);
});

test('DER followed by bytes that are not DER is not split: the trailing bytes are the error', () => {
  const f = scanBytes(Buffer.concat([bytes('base.der'), Buffer.from([0x00, 0x00])]), { hasher: nodeHasher }).objects;
  assert.equal(f.length, 1);
  assert.ok(!f[0].result.ok && /2 unexpected bytes after the certificate/.test(f[0].result.error));
});

test('inspect --json: encrypted keys say encrypted: true, plain keys false', () => {
  const rows = [
    ['encrypted-pkcs8.der', { algorithm: 'unknown', size: null, curve: null }, true],
    ['legacy-encrypted-ec.pem', { algorithm: 'EC', size: null, curve: null }, true],
    ['dsa-traditional.pem', { algorithm: 'DSA', size: 1024, curve: null }, false],
  ] as const;
  for (const [file, publicKey, encrypted] of rows) {
    const r = inspectRecord(only(file), file, 1);
    assert.deepEqual({ type: r.type, publicKey: r.publicKey, encrypted: r.encrypted }, { type: 'private-key', publicKey, encrypted }, file);
    assert.deepEqual(Object.keys(r).sort(), ['encrypted', 'file', 'line', 'publicKey', 'type'], file);
  }
});

test('the text of an encrypted key says "encrypted" once', () => {
  for (const file of ['encrypted-pkcs8.der', 'legacy-encrypted-ec.pem']) {
    const o = only(file);
    assert.ok(o.type === 'private-key');
    const text = `${keyDescription(o.publicKey)} (encrypted) ${lensTitle(o, NOW, 30)}`;
    assert.equal(text.match(/encrypted/g)?.length, 2, text); // "(encrypted)" after the key, "encrypted (scheme)" in the title
    assert.doesNotMatch(text, /\(encrypted\) \(encrypted\)/);
  }
});

test('findings: the DSA weak-key warning fires for a traditional DSA key; an invalid UTF-8 name is a warning', () => {
  const dsa = scanText(bytes('dsa-traditional.pem').toString('utf8'), { hasher: nodeHasher }).objects;
  assert.deepEqual(checkObjects('', dsa, { now: NOW, expiryWarningDays: 30 }).map((f) => [f.code, f.severity]), [['weak-key', 'warning']]);
  const bad = found('invalid-utf8-cn.der');
  const findings = checkObjects('', bad, { now: NOW, expiryWarningDays: 30 }).filter((f) => f.code === 'name-encoding');
  assert.deepEqual(findings.map((f) => [f.severity, f.message]), [
    ['warning', 'Certificate CN=bad\ufffd(name: the subject CN is not valid UTF-8 (shown with U+FFFD in its place): openssl and Go refuse to load it. Reissue it with the name in UTF-8.'],
    ['warning', 'Certificate CN=bad\ufffd(name: the issuer CN is not valid UTF-8 (shown with U+FFFD in its place): openssl and Go refuse to load it. Reissue it with the name in UTF-8.'],
  ]);
  assert.deepEqual(checkObjects('', found('base.der'), { now: NOW, expiryWarningDays: 30 }).filter((f) => f.code === 'name-encoding'), []);
});

/** identifyDer names each structure from its shape. */
const shapes: Array<[string, string | undefined, boolean]> = [
  ['base.der', 'certificate', false],
  ['crl-bad-time.der', 'CRL', false],
  ['dsa-traditional.der', 'DSA private key', false],
  ['encrypted-pkcs8.der', 'encrypted private key (PKCS#8)', false],
  ['explicit-p256.der', 'EC private key (SEC1)', false],
  ['rsa-public-pkcs1.der', 'RSA public key (PKCS#1)', false],
  ['tbs-certificate.der', 'TBSCertificate (a certificate body without its signature)', true],
  ['dh-parameters.der', 'DSA or DH parameter set (three INTEGERs)', true],
  ['ecdsa-signature.der', 'SEQUENCE of two INTEGERs (a DSA or ECDSA signature, or DH parameters)', true],
];
for (const [file, name, unsupported] of shapes) {
  test(`identifyDer: ${file} is ${name}`, () => {
    const s = identifyDer(bytes(file));
    assert.deepEqual([s?.name, !!s?.unsupported], [name, unsupported]);
  });
}

test('a PEM label that disagrees with the DER inside names what the DER is', () => {
  const armor = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
  const cases: Array<[string, string, RegExp]> = [
    ['RSA PRIVATE KEY', 'dsa-traditional.der', /^malformed DER: private key: not an RSAPrivateKey: PKCS#1 \(RFC 8017 A\.1\.2\) needs version 0 and the 8 INTEGERs/],
    ['CERTIFICATE', 'rsa-public-pkcs1.der', /^the block is labelled "CERTIFICATE" but holds an RSA public key \(PKCS#1\): fix the BEGIN\/END lines$/],
    ['PRIVATE KEY', 'dh-parameters.der', /^the block is labelled "PRIVATE KEY" but holds a DSA or DH parameter set \(three INTEGERs\)/],
  ];
  for (const [label, file, error] of cases) {
    const [f] = scanText(armor(label, bytes(file)), { hasher: nodeHasher }).objects;
    assert.ok(!f.result.ok && error.test(f.result.error), `${label} + ${file}: ${!f.result.ok && f.result.error}`);
  }
});
