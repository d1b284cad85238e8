// `certwright inspect` in process (main(argv, io) with captured output) and once through the
// bundled bin (dist/cli.js): the JSON record, line numbers, exit codes, messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { EXT_KEY_USAGE, KEY_USAGE, lineOf, mapAll, pemBase64, windows } from './core-helpers';
import { CERTS, ROOT, expected, fixtureText, scanFixture } from './helpers';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

async function json(...paths: string[]): Promise<Array<Record<string, unknown>>> {
  const r = await run('inspect', '--json', ...paths);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  return JSON.parse(r.out);
}

const P = (rel: string) => join(CERTS, rel);

const CERT_KEYS = [
  'file', 'line', 'type', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'dnsNames', 'ipAddresses', 'uris',
  'emailAddresses', 'publicKey', 'signatureAlgorithm', 'isCA', 'pathLength', 'keyUsage', 'extendedKeyUsage', 'sha1', 'sha256', 'selfSigned',
];

test('inspect --json leaf-server.crt: one record with exactly the documented keys and openssl\'s values', async () => {
  const records = await json(P('leaf-server.crt'));
  assert.equal(records.length, 1);
  const [r] = records;
  assert.deepEqual(Object.keys(r), CERT_KEYS);
  const e = expected('leaf-server.crt')[0];
  const s = e.sanByType as Record<string, string[]>;
  assert.deepEqual(r, {
    file: P('leaf-server.crt'),
    line: 1,
    type: 'certificate',
    subject: e.subject,
    issuer: e.issuer,
    serialNumber: e.serial,
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    dnsNames: s.dnsNames,
    ipAddresses: s.ipAddresses,
    uris: s.uris,
    emailAddresses: s.emailAddresses,
    publicKey: { algorithm: e.keyType, size: e.keySize, curve: e.curve },
    signatureAlgorithm: e.signatureAlgorithm,
    isCA: e.isCA,
    pathLength: e.pathLength,
    keyUsage: mapAll(e.keyUsage, KEY_USAGE),
    extendedKeyUsage: mapAll(e.extendedKeyUsage, EXT_KEY_USAGE),
    sha1: e.sha1,
    sha256: e.sha256,
    selfSigned: e.selfIssued,
  });
  assert.deepEqual(r.extendedKeyUsage, ['server auth', 'client auth'], 'cert-manager usage words');
  assert.deepEqual(r.keyUsage, ['digital signature']);
});

test('inspect --json on a CA: pathLength, isCA, selfSigned, no SANs', async () => {
  const [r] = await json(P('root.pem'));
  assert.deepEqual(
    { isCA: r.isCA, pathLength: r.pathLength, selfSigned: r.selfSigned, dnsNames: r.dnsNames, keyUsage: r.keyUsage, extendedKeyUsage: r.extendedKeyUsage, publicKey: r.publicKey },
    { isCA: true, pathLength: 1, selfSigned: true, dnsNames: [], keyUsage: ['cert sign', 'crl sign'], extendedKeyUsage: [], publicKey: { algorithm: 'EC', size: 384, curve: 'P-384' } },
  );
});

test('inspect --json: private keys have only file, line, type, publicKey, encrypted; no key material anywhere', async () => {
  const files = ['leaf-server.key', 'keys/rsa-pkcs1.key', 'keys/ec-sec1.key', 'keys/ed25519-pkcs8.key', 'keys/ec-pkcs8-encrypted.key'];
  const r = await run('inspect', '--json', ...files.map(P));
  assert.equal(r.code, 0, r.err);
  const records = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(records.map((x) => Object.keys(x)), files.map(() => ['file', 'line', 'type', 'publicKey', 'encrypted']));
  assert.deepEqual(records.map((x) => x.encrypted), [false, false, false, false, true]);
  assert.deepEqual(records.map((x) => x.publicKey), [
    { algorithm: 'EC', size: 256, curve: 'P-256' },
    { algorithm: 'RSA', size: 2048, curve: null },
    { algorithm: 'EC', size: 256, curve: 'P-256' },
    { algorithm: 'Ed25519', size: 256, curve: null },
    { algorithm: 'unknown', size: null, curve: null },
  ]);
  for (const f of files) assert.deepEqual(windows(pemBase64(f)).filter((w) => r.out.includes(w)), [], f);
  const text = await run('inspect', ...files.map(P));
  assert.equal(text.code, 0);
  for (const f of files) assert.deepEqual(windows(pemBase64(f)).filter((w) => text.out.includes(w)), [], `text output: ${f}`);
  assert.match(text.out, /key {7}unknown \(encrypted\)\n/, 'the encrypted key says "encrypted" once');
});

test('inspect --json: other record types carry their own keys', async () => {
  const records = await json(P('csr/ecdsa-p256.csr'), P('keys/ec-spki.pub'), P('crl/intermediate.crl.pem'));
  assert.deepEqual(records.map((x) => [x.type, Object.keys(x)]), [
    ['csr', ['file', 'line', 'type', 'subject', 'dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'publicKey', 'signatureAlgorithm', 'isCA', 'pathLength', 'keyUsage', 'extendedKeyUsage', 'sha1', 'sha256']],
    ['public-key', ['file', 'line', 'type', 'publicKey', 'sha1', 'sha256']],
    ['crl', ['file', 'line', 'type', 'issuer', 'notBefore', 'notAfter', 'signatureAlgorithm', 'sha1', 'sha256']],
  ]);
  const crl = expected('crl/intermediate.crl.pem')[0];
  assert.deepEqual([records[2].notBefore, records[2].notAfter], [crl.thisUpdate, crl.nextUpdate]);
});

const lineCases: Array<{ file: string; lines: number[] }> = [
  { file: 'embedded/configmap.yaml', lines: [8, 22] },
  { file: 'embedded/trust-bundle.yaml', lines: [9, 23] },
  { file: 'embedded/secret.yaml', lines: [11, 11, 12, 13] },
  { file: 'embedded/webhook.yaml', lines: [14, 14] },
  { file: 'embedded/multi-doc.yaml', lines: [8, 9, 18, 19, 22] },
  { file: 'embedded/config.json', lines: [5, 6, 7] },
  { file: 'embedded/tls.go', lines: [6, 25] },
  { file: 'embedded/tls.py', lines: [4] },
  { file: 'chain.pem', lines: [1, 18, 32] },
  { file: 'leaf-server.der', lines: [1] },
  { file: 'crl/intermediate.crl.der', lines: [1] },
];

for (const c of lineCases) {
  test(`inspect --json line numbers: ${c.file} → ${c.lines.join(', ')}`, async () => {
    const records = await json(P(c.file));
    assert.deepEqual(records.map((r) => r.line), c.lines);
    assert.ok(records.every((r) => r.file === P(c.file)));
    if (!c.file.endsWith('.der')) {
      const text = fixtureText(c.file);
      // The line is where the object starts: the BEGIN line, or the line of the base64 value.
      assert.deepEqual(scanFixture(c.file).map((f) => lineOf(text, f.start)), c.lines);
      for (const [i, f] of scanFixture(c.file).entries()) {
        const line = text.split('\n')[c.lines[i] - 1];
        assert.ok(f.source === 'pem' ? line.includes('-----BEGIN ') : line.includes(`${f.key}: `), `${c.file}:${c.lines[i]}: ${line.slice(0, 40)}`);
      }
    }
  });
}

test('exit 0 for a folder where everything decodes', async () => {
  const r = await run('inspect', '--json', P('keytypes'));
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  const records = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.equal(records.length, 9);
  assert.ok(records.every((x) => x.type === 'certificate'));
  assert.deepEqual(records.map((x) => String(x.file).slice(P('keytypes').length + 1)), [
    'ecdsa-p256.crt', 'ecdsa-p384.crt', 'ecdsa-p521.crt', 'ed25519.crt', 'rsa-1024-weak.crt', 'rsa-2048.crt', 'rsa-2048.der', 'rsa-4096.crt', 'sha1-rsa.crt',
  ]);
});

test('exit 1 when an object cannot be decoded: error on stderr naming file:line, the rest still printed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-inspect-'));
  copyFileSync(P('leaf-server.crt'), join(dir, 'a-good.crt'));
  writeFileSync(join(dir, 'b-secret.yaml'), `kind: Secret\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUN3VENDQW1lZ0F3SUJBZ0lS\n`);
  writeFileSync(join(dir, 'c-bundle.pem'), '# bundle\n\n' + fixtureText('bad/truncated-base64.pem'));
  const r = await run('inspect', '--json', dir);
  assert.equal(r.code, 1);
  const records = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(records.map((x) => [x.file, x.line, x.type]), [[join(dir, 'a-good.crt'), 1, 'certificate']]);
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.err);
  assert.match(lines[0], new RegExp(`^${escape(join(dir, 'b-secret.yaml'))}:3: error: cannot decode tls\\.crt: .*has no matching "-----END CERTIFICATE-----" line$`));
  assert.match(lines[1], new RegExp(`^${escape(join(dir, 'c-bundle.pem'))}:3: error: cannot decode CERTIFICATE: malformed DER: .*truncated`));
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('exit 1 for the bad/ fixtures: one error per file, binary.bin skipped silently inside a folder', async () => {
  const r = await run('inspect', P('bad'));
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  const lines = r.err.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.slice(P('bad').length + 1).replace(/: error: .*/, '')), [
    'garbage.der:1', 'mismatched-armor.pem:1', 'missing-end.pem:1', 'not-base64.pem:1', 'truncated-base64.pem:1', 'typo-label.pem:1', 'wrong-label.pem:1',
  ]);
  assert.ok(lines.some((l) => l.includes('did you mean "CERTIFICATE"?')));
});

test('exit 3 (nothing found) with a note for a binary file named on the command line', async () => {
  const r = await run('inspect', P('bad/binary.bin'));
  assert.equal(r.code, 3);
  assert.equal(r.out, '');
  assert.equal(r.err, `certwright: ${P('bad/binary.bin')}: no certificates, keys or CRLs found (binary file)\n`);
  const j = await run('inspect', '--json', P('bad/binary.bin'));
  assert.deepEqual([j.code, JSON.parse(j.out)], [3, []]);
});

const usageCases: Array<{ name: string; argv: string[]; err: RegExp }> = [
  { name: 'missing path', argv: ['inspect', join(CERTS, 'does-not-exist.pem')], err: /^certwright: \/.*does-not-exist\.pem: no such file or folder; check the path\n$/ },
  { name: 'unknown flag', argv: ['inspect', '--bogus', P('leaf-server.crt')], err: /^certwright inspect: unknown option --bogus; run "certwright inspect --help" for its options\n$/ },
  { name: 'no path', argv: ['inspect'], err: /inspect needs at least one file or folder/ },
  { name: 'bad --now', argv: ['inspect', '--now', 'yesterday', P('leaf-server.crt')], err: /--now: not a date: yesterday/ },
  { name: 'negative --warning-days', argv: ['inspect', '--warning-days', '-1', P('leaf-server.crt')], err: /--warning-days must be a number of days/ },
  { name: '--json with a value', argv: ['inspect', '--json=yes', P('leaf-server.crt')], err: /--json takes no value/ },
  { name: 'unknown command', argv: ['inspekt'], err: /^certwright: unknown command "inspekt"; run "certwright --help" for the commands\n$/ },
];

for (const u of usageCases) {
  test(`exit 2: ${u.name}`, async () => {
    const r = await run(...u.argv);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, u.err);
  });
}

test('text output: one header line per object with file:line and the lens title, then rows', async () => {
  const r = await run('inspect', '--now', '2021-01-11T00:00:00Z', P('expired.crt'), P('leaf-server.key'));
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.equal(lines[0], `${P('expired.crt')}:1  Certificate · CN=expired.certwright.test · EXPIRED 10 days ago`);
  assert.ok(lines.includes('    subject   CN=expired.certwright.test,O=Certwright Test'));
  assert.ok(lines.includes('    serial    1000'));
  assert.ok(lines.includes('    usages    digital signature, server auth'));
  assert.ok(lines.includes(`${P('leaf-server.key')}:1  Private key · ECDSA P-256`));
  assert.ok(lines.includes('    key       ECDSA P-256'));
  assert.ok(!r.out.includes(`${P('leaf-server.key')}:1  Private key · ECDSA P-256\n    sha256`), 'no fingerprint row for a private key');
});

test('--help and --version', async () => {
  const h = await run('inspect', '--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /^Usage: certwright inspect \[--json\]/);
  const v = await run('--version');
  assert.deepEqual([v.code, v.out], [0, '0.1.0\n']);
});

const BIN = join(ROOT, 'dist', 'cli.js');

/** The environment of a user's shell: without the variables node --test sets for its children. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

test('the bundled bin dist/cli.js works end to end', () => {
  assert.ok(existsSync(BIN), 'run node scripts/build.mjs first');
  const opts = { encoding: 'utf8' as const, env: shellEnv() };
  const r = spawnSync(process.execPath, [BIN, 'inspect', '--json', P('leaf-server.crt'), P('leaf-server.der')], opts);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const records = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(records.map((x) => [x.file, x.line, x.sha256]), [
    [P('leaf-server.crt'), 1, expected('leaf-server.crt')[0].sha256],
    [P('leaf-server.der'), 1, expected('leaf-server.der')[0].sha256],
  ]);
  assert.deepEqual(Object.keys(records[0]), CERT_KEYS);
  const bad = spawnSync(process.execPath, [BIN, 'inspect', P('bad/not-base64.pem')], opts);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not-base64\.pem:1: error: cannot decode CERTIFICATE: invalid base64 character "!"/);
  const missing = spawnSync(process.execPath, [BIN, 'inspect', P('nope.pem')], opts);
  assert.equal(missing.status, 2);
});

// BUG (src/cli/main.ts entry guard `require.main === module && !process.env.NODE_TEST_CONTEXT`):
// NODE_TEST_CONTEXT is inherited by every process a test spawns, so the real bin run from a
// test (or from any script run under `node --test`) does nothing and exits 0 with no output.
test('dist/cli.js also runs when spawned with the environment of a node --test process', () => {
  assert.ok(existsSync(BIN));
  const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: process.env.NODE_TEST_CONTEXT ?? 'child-v8' } });
  assert.deepEqual([r.status, r.stdout], [0, '0.1.0\n']);
});
