// The secret-hygiene sweep of the integration runner (test/integration/secret-sweep.ts): it must
// find every form a leaked key takes, and never mistake a certificate or public key for one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { findKeys, findKeysInTree, needlesFor, searchText, sweep, undetectable } from '../integration/secret-sweep';

const fixture = (rel: string) => readFileSync(join(ROOT, 'test/fixtures/certs', rel), 'utf8');
const KEYS = ['keys/ec-pkcs8.key', 'keys/ec-sec1.key', 'keys/rsa-pkcs1.key', 'keys/rsa-pkcs8.key', 'keys/ed25519-pkcs8.key', 'keys/ec-pkcs8-encrypted.key', 'leaf-server.key'];

test('finds PEM keys of every form, and a base64 tls.key value; certificates and public keys are not keys', () => {
  for (const rel of KEYS) assert.equal(findKeys(fixture(rel), rel).size, 1, rel);
  const secret = `data:\n  tls.key: ${Buffer.from(fixture('leaf-server.key')).toString('base64')}\n  tls.crt: ${Buffer.from(fixture('leaf-server.crt')).toString('base64')}\n`;
  const fromSecret = [...findKeys(secret, 'secret.yaml').values()];
  assert.equal(fromSecret.length, 1);
  assert.deepEqual(fromSecret[0].der, [...findKeys(fixture('leaf-server.key'), 'k').values()][0].der);
  const json = JSON.stringify({ key: fixture('keys/ec-pkcs8.key') });
  assert.equal(findKeys(json, 'config.json').size, 1, 'PEM inside a JSON string');
  for (const rel of ['leaf-server.crt', 'chain.pem', 'keys/ec-spki.pub', 'keys/rsa-pkcs1.pub']) assert.equal(findKeys(fixture(rel), rel).size, 0, rel);
});

test('every leaked form is found: PEM lines, re-wrapped body, JSON escapes, DER hex (plain and colon), raw DER, the base64 Secret value', () => {
  const pem = fixture('keys/rsa-pkcs8.key');
  const keys = [...findKeys(pem, 'rsa').values()];
  const needles = needlesFor(keys);
  assert.ok(needles.count > 100);
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const der = keys[0].der;
  const mid = der.subarray(Math.floor(der.length / 2), Math.floor(der.length / 2) + 40);
  const cases: Array<[string, string, string]> = [
    ['one PEM line in a log', `2026-01-01 [info] read ${body[12]}`, 'pem-body'],
    ['the body re-wrapped at 76', body.join('').replace(/.{76}/g, '$&\n'), 'pem-body'],
    ['JSON-escaped', JSON.stringify({ x: body.slice(12, 15).join('\n') }), 'pem-body'],
    ['DER hex', `key bytes ${mid.toString('hex')}`, 'der-hex'],
    ['DER hex, upper case with colons, wrapped', mid.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:').replace(/(.{48})/g, '$1\n    '), 'der-hex'],
    ['the Secret value', `tls.key: ${Buffer.from(pem).toString('base64')}`, 'secret-value'],
  ];
  for (const [what, text, kind] of cases) {
    const hits = searchText(what, text, needles);
    assert.ok(hits.some((h) => h.kind === kind), `${what}: ${JSON.stringify(hits)}`);
    for (const h of hits) assert.match(h.needle, /^[0-9a-f]{12}$/, 'a hash, not the secret');
  }
  // Lines 2 to 5 hold the RSA modulus: public, it is in the certificate too.
  assert.deepEqual(searchText('modulus', body[3], needles), []);
  assert.ok(searchText('armor', 'x -----BEGIN PRIVATE KEY----- y', needles).some((h) => h.kind === 'pem-armor'));
  assert.deepEqual(searchText('another process\'s key', 'x -----BEGIN PRIVATE KEY----- y', needles, false, false), [], 'keys only');
  const bin = Buffer.concat([Buffer.from([0, 1, 2]), mid, Buffer.from([0])]).toString('latin1');
  assert.ok(searchText('binary', bin, needles, true).some((h) => h.kind === 'der-raw'));
});

test('no false positives: the certificate, the public key, its hex and the details of a key are clean', () => {
  const keyPem = fixture('leaf-server.key');
  const needles = needlesFor(findKeys(keyPem, 'leaf').values());
  const pub = createPrivateKey(keyPem).export({ format: 'jwk' });
  const spki = Buffer.from(fixture('leaf-server.crt').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const texts = [
    fixture('leaf-server.crt'), fixture('chain.pem'),
    Buffer.from(fixture('leaf-server.crt')).toString('base64'),
    spki.toString('hex'), spki.toString('hex').replace(/(..)(?!$)/g, '$1:'),
    `public x ${Buffer.from(pub.x!, 'base64url').toString('hex')} y ${Buffer.from(pub.y!, 'base64url').toString('hex')}`,
    'Private key · ECDSA P-256 · matches tls.crt',
  ];
  for (const t of texts) assert.deepEqual(searchText('clean', t, needles), [], t.slice(0, 60));
});

test('sweep reads files (binary too), counts what it scanned, skips what is too big; findKeysInTree walks folders', (t) => {
  const d = mkdtempSync(join(tmpdir(), 'cw-sweep-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  writeFileSync(join(d, 'clean.log'), 'nothing here\n');
  const keyPem = fixture('keys/ec-pkcs8.key');
  writeFileSync(join(d, 'leak.log'), `oops ${keyPem.split('\n')[1]}\n`);
  const keys = findKeysInTree(join(ROOT, 'test/fixtures/certs/keys'));
  assert.ok(keys.size >= 6, String(keys.size));
  assert.deepEqual(undetectable(keys.values(), needlesFor(keys.values())), [], 'every key type is detectable');
  const r = sweep([{ name: 'clean.log', file: join(d, 'clean.log') }, { name: 'leak.log', file: join(d, 'leak.log') }, { name: 'text', text: 'fine' }], needlesFor(keys.values()));
  assert.equal(r.scanned, 3);
  assert.deepEqual(r.hits.map((h) => [h.source, h.kind]), [['leak.log', 'pem-body']]);
  assert.match(r.hits[0].key, /ec-pkcs8\.key/);
  const big = sweep([{ name: 'big', file: join(d, 'leak.log') }], needlesFor(keys.values()), 10);
  assert.deepEqual(big.skipped.length, 1);
});

test('multi-megabyte runs of hex and base64 (a fuzz input in the temp folder) are searched, not a stack overflow', () => {
  const pem = fixture('keys/rsa-pkcs8.key');
  const keys = [...findKeys(pem, 'rsa').values()];
  const needles = needlesFor(keys);
  const der = keys[0].der;
  const mid = der.subarray(Math.floor(der.length / 2), Math.floor(der.length / 2) + 40).toString('hex').replace(/(..)(?!$)/g, '$1:');
  const filler = 'ab:'.repeat(2_000_000);
  const hits = searchText('huge', `${filler}${mid}:${filler}ab`, needles);
  assert.deepEqual(hits.map((h) => h.kind), ['der-hex']);
  assert.deepEqual(searchText('huge-clean', `${filler}ab`, needles), []);
  // One 30-million-character run overflowed the regex engine's stack.
  assert.deepEqual(searchText('one-run', 'a'.repeat(30_000_000), needles), []);
});
