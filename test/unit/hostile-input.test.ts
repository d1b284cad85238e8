// Input that used to hang or kill the tool (issue 13): each case asserts outputs and counts of
// work (steps, files, findings), never wall-clock time. Where the old code backtracked without
// end, the case runs the CLI in a child process with a generous time limit, so a regression
// fails the test instead of hanging the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLatin1, encodeBase64 } from '../../src/core/bytes';
import { DerError } from '../../src/core/der';
import { flowDepth, parseFile } from '../../src/core/lint/model';
import { MAX_HCL_DEPTH, parseHcl } from '../../src/core/lint/hcl';
import { lintTexts } from '../../src/core/lint/index';
import { findPemBlocks, pemBody } from '../../src/core/pem';
import { LATIN1_SLICE, latin1Steps, scanBytesSteps, scanText } from '../../src/core/scan';
import { expandPaths } from '../../src/node/files';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { nodeHasher } from '../../src/node/platform';
import { toJsonFindings, toSarif } from '../../src/cli/lint';
import { main } from '../../src/cli/main';
import { CERTS, ROOT, fixtureText } from './helpers';

const H = { hasher: nodeHasher };

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-hostile-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A path that exists but cannot be read as a file (reading a socket fails with ENXIO). */
async function socketAt(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 8443\n';

// ---------------------------------------------------------------------------------------------
// PEM headers: one line at a time

test('hostile: a PEM body of 200,000 blank lines then "!:" is read in linear time (the header pattern never crosses lines)', () => {
  // The old pattern backtracked over every following blank line from every line start: quadratic,
  // minutes for this input. The CLI runs it in a child process with a time limit far above the
  // few milliseconds it now takes.
  const dir = folder({ 'hostile.pem': '-----BEGIN CERTIFICATE-----\n' + ' \n'.repeat(200_000) + '!:\n-----END CERTIFICATE-----\n' });
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'inspect', join(dir, 'hostile.pem')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, 'inspect did not finish');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /hostile\.pem:1: error: cannot decode CERTIFICATE: invalid base64 character "!"/);
});

test('PEM headers: each on its own line, trailing quotes and joiners trimmed, blank lines before them kept out of the value', () => {
  const text = '-----BEGIN RSA PRIVATE KEY-----\n\n\nProc-Type: 4,ENCRYPTED\r\n"DEK-Info: AES-128-CBC,00FF" +\nAAAA\n-----END RSA PRIVATE KEY-----\n';
  const body = pemBody(text, findPemBlocks(text)[0]);
  assert.deepEqual(body.headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00FF' });
  assert.equal(body.base64.replace(/\s/g, ''), 'AAAA');
  // A name followed by a colon and a line break is a header with an empty value, not one that
  // takes the next line as its value.
  const split = '-----BEGIN X-----\nProc-Type:\nAAAA\n-----END X-----\n';
  const b = pemBody(split, findPemBlocks(split)[0]);
  assert.deepEqual([b.headers, b.base64.replace(/\s/g, '')], [{ 'Proc-Type': '' }, 'AAAA']);
});

// ---------------------------------------------------------------------------------------------
// YAML nesting guard: the parser's own reading of quotes

test('hostile: a quote inside a plain scalar hides no brackets from the nesting guard', () => {
  assert.deepEqual([
    'a: [x "\n' + '['.repeat(1000) + '\n', // " inside a plain scalar in a flow sequence (closed at the dedent)
    'a: x "\n' + '['.repeat(1000) + '\n', // the same in block context
    "a: it's [[\n" + '['.repeat(1000) + '\n',
    'a: "[[[[" # [[[[',
    "a: '{{{'",
    'a: "x\\" [[[["',
    'a: |\n  [[[[\n',
    'a: [1, {b: [2]}]',
  ].map(flowDepth), [1000, 1000, 1000, 0, 0, 0, 0, 3]);
  const quoted = 'a: [x "\n' + '['.repeat(100_000) + '\n---\nkind: Certificate\napiVersion: cert-manager.io/v1\nmetadata:\n  name: c\nspec:\n  secretName: c\n  duration: 90d\n  dnsNames: [c]\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n';
  // The refused document is one finding; the next document is still linted.
  const fs = lintTexts([{ path: 'q.yaml', text: quoted }]).filter((f) => f.code !== 'issuer-not-found');
  assert.deepEqual(fs.map((f) => [f.code, f.start]), [['yaml-syntax', 0], ['duration-syntax', quoted.indexOf('90d')]]);
  assert.match(fs[0].message, /nested 100000 levels deep/);
});

test('hostile: block collections nested thousands deep are refused with a finding, not a stack overflow', () => {
  for (const text of ['- '.repeat(20_000) + 'x\n', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + 'a:\n').join('')]) {
    const fs = lintTexts([{ path: 'deep.yaml', text }]);
    assert.equal(fs.length, 1);
    assert.equal(fs[0].code, 'yaml-syntax');
    assert.match(fs[0].message, /nested more than 1000 levels deep/);
  }
});

test('hostile: 20,000 tiny documents: one chunk and one manifest each, nothing refused', () => {
  const text = 'kind: ConfigMap\n---\n'.repeat(20_000);
  const file = parseFile('tiny.yaml', text);
  assert.deepEqual([file.order.length, file.manifests.length, file.syntax.length], [20_001, 20_000, 0]);
  assert.deepEqual(lintTexts([{ path: 'tiny.yaml', text }]), []);
});

// ---------------------------------------------------------------------------------------------
// Scanning: one-line base64, nesting, Latin-1

test('hostile: a 6 MB single-line base64 value is one finding, not a stack overflow', () => {
  const text = 'data:\n  tls.crt: MII' + 'A'.repeat(6_000_000) + '\n  other: x\n';
  const r = scanText(text, H);
  assert.equal(r.objects.length, 1);
  const [o] = r.objects;
  assert.deepEqual([o.start, o.end, o.key, o.source, o.result.ok], [text.indexOf('MII'), text.indexOf('MII') + 6_000_003, 'tls.crt', 'base64-der', false]);
});

test('base64 values: the extent rules of the old pattern (at most two "=", nothing glued on either side)', () => {
  const pem = fixtureText('leaf-server.crt');
  const b64 = encodeBase64(new TextEncoder().encode(pem));
  const der = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  const cases: Array<[string, number]> = [
    [`ca.crt: ${b64}\n`, 1],
    [`ca.crt: ${der}\n`, 1],
    [`ca.crt: x${der}\n`, 0], // glued to a word
    [`ca.crt: ${der}===\n`, 0], // three "="
    [`ca.crt: ${der}==A\n`, 0], // symbols after the padding
    [`ca.crt: MIIB${'A'.repeat(30)}\n`, 0], // too short
  ];
  assert.deepEqual(cases.map(([t]) => scanText(t, H).objects.filter((o) => o.result.ok).length), cases.map(([, n]) => n));
});

test('hostile: base64-encoded PEM inside base64-encoded PEM is followed 8 levels deep, then reported', () => {
  const pem = fixtureText('leaf-server.crt');
  let value = '';
  for (let level = 0; level < 10; level++) value = encodeBase64(new TextEncoder().encode(pem + (value ? `inner: ${value}\n` : '')));
  const r = scanText(`tls.crt: ${value}\n`, H);
  // Each level holds a certificate and the next level: 8 levels decoded, the 9th reported.
  assert.deepEqual(r.objects.map((o) => o.result.ok), [true, true, true, true, true, true, true, true, false]);
  const last = r.objects[8].result;
  assert.ok(!last.ok && /nested more than 8 levels deep/.test(last.error));
});

test('hostile: 18,000 broken PEM blocks: each a finding, and a DER error captures no stack (that cost most of the scan)', () => {
  const text = '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n'.repeat(18_000);
  const r = scanText(text, H);
  assert.equal(r.objects.length, 18_000);
  assert.deepEqual(r.objects[17_999].result, { ok: false, error: 'malformed DER: certificate: truncated DER length (at byte 1)' });
  const e = new DerError('truncated DER length', 1);
  assert.deepEqual([e instanceof Error, e.offset, e.message, /\n\s+at /.test(e.stack ?? '')], [true, 1, 'truncated DER length (at byte 1)', false]);
  assert.ok(/\n\s+at /.test(new Error('x').stack ?? ''), 'other errors keep their stack');
});

test('decodeLatin1: every byte value maps to the same code point (not windows-1252), in slices', () => {
  const all = new Uint8Array(256).map((_, i) => i);
  assert.equal(decodeLatin1(all), String.fromCharCode(...Array.from(all)));
  const big = new Uint8Array(3 * LATIN1_SLICE + 5).map((_, i) => (i * 7) & 0xff);
  const s = decodeLatin1(big);
  assert.equal(s.length, big.length);
  assert.deepEqual([s.charCodeAt(0x80 * 3), s.charCodeAt(big.length - 1)], [big[0x80 * 3], big[big.length - 1]]);
  let steps = 0;
  const it = latin1Steps(big);
  for (let r = it.next(); !r.done; r = it.next()) steps++;
  assert.equal(steps, 4);
});

test('hostile: a 3 MB file that is not UTF-8 is decoded in slices (one pause per MiB), not in one step', () => {
  const count = (bytes: Uint8Array) => {
    let n = 0;
    const it = scanBytesSteps(bytes, H);
    for (let r = it.next(); !r.done; r = it.next()) n++;
    return n;
  };
  const utf8 = new Uint8Array(3 * LATIN1_SLICE).fill(0x41);
  const latin1 = utf8.slice();
  latin1[0] = 0xff;
  assert.equal(count(latin1) - count(utf8), 3);
});

// ---------------------------------------------------------------------------------------------
// Folder walks: links back to a folder already walked

for (const [name, link, target] of [['a link to "."', 'loop', '.'], ['a link to the parent', 'sub/up', '..']] as const) {
  test(`hostile: a folder with ${name} is walked once (inspect, manifests and lint walks)`, () => {
    const dir = folder({ 'a.yaml': SERVICE, 'sub/b.yaml': SERVICE });
    symlinkSync(target, join(dir, link));
    assert.deepEqual(expandPaths([dir]), [join(dir, 'a.yaml'), join(dir, 'sub', 'b.yaml')]);
    assert.deepEqual(walkRespectingGitignore(dir, () => true), [join(dir, 'a.yaml'), join(dir, 'sub', 'b.yaml')]);
  });
}

test('hostile: two links to "." and a FIFO: inspect, lint and manifests finish, each file read once', async () => {
  const dir = folder({ 'leaf.crt': fixtureText('leaf-server.crt'), 'svc.yaml': SERVICE });
  symlinkSync('.', join(dir, 'a'));
  symlinkSync('.', join(dir, 'b'));
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
  assert.equal(fifo.status, 0, 'mkfifo');
  const inspected = await run('inspect', '--json', dir);
  assert.equal(inspected.code, 0, inspected.err);
  assert.equal(JSON.parse(inspected.out).length, 1);
  const linted = await run('lint', dir);
  assert.equal(linted.code, 0, linted.err);
  assert.match(linted.out, /^1 file, /m);
  const m = await run('manifests', dir);
  assert.equal(m.code, 0, m.err);
  assert.equal(m.out.match(/^# mTLS for prod\/api /gm)?.length, 1);
});

// ---------------------------------------------------------------------------------------------
// One file that cannot be read or decoded never hides the others

test('hostile: inspect reports the 6 MB base64 file and still decodes the other files', async () => {
  const dir = folder({ 'big.yaml': 'data:\n  tls.crt: MII' + 'A'.repeat(6_000_000) + '\n' });
  const r = await run('inspect', join(dir, 'big.yaml'), join(CERTS, 'leaf-server.crt'));
  assert.equal(r.code, 1);
  assert.match(r.err, /big\.yaml:2: error: cannot decode tls\.crt: /);
  assert.match(r.out, /leaf-server\.crt:1 {2}Certificate · CN=payment-service/);
});

test('hostile: lint and manifests report a file that cannot be read (exit 2) and still process the others', async () => {
  const dir = folder({ 'svc.yaml': SERVICE, 'cert.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: c\n  duration: 90d\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n' });
  const sock = join(dir, 'sock.yaml');
  const server = await socketAt(sock);
  try {
    const linted = await run('lint', sock, join(dir, 'cert.yaml'));
    assert.equal(linted.code, 2);
    assert.match(linted.err, /^certwright: .*sock\.yaml: cannot read it \(ENXIO\); check the path and its permissions\n$/);
    assert.match(linted.out, /cert\.yaml:7:13: error duration-syntax: /);
    const m = await run('manifests', sock, join(dir, 'svc.yaml'));
    assert.equal(m.code, 2);
    assert.match(m.err, /^certwright manifests: cannot read the manifest .*sock\.yaml: ENXIO\n$/);
    assert.match(m.out, /^# mTLS for prod\/api /m);
  } finally {
    server.close();
  }
});

// ---------------------------------------------------------------------------------------------
// HCL depth; SARIF and JSON positions

test('hostile: 50,000 nested HCL blocks: one hcl-syntax finding at the block past the limit, finite positions in JSON and SARIF', () => {
  const text = 'server {\n  trust_domain = "example.org"\n' + 'a {\n'.repeat(50_000) + '}\n'.repeat(50_000) + '}\n';
  const parsed = parseHcl(text);
  const at = 'server {\n  trust_domain = "example.org"\n'.length + 'a {\n'.length * MAX_HCL_DEPTH;
  assert.deepEqual(parsed.error, { message: `blocks, lists and objects are nested more than ${MAX_HCL_DEPTH} levels deep`, offset: at, tooDeep: true });
  const fs = lintTexts([{ path: 'spire/server.conf', text }]);
  assert.deepEqual(fs.map((f) => [f.code, f.start, f.end]), [['hcl-syntax', at, at + 1]]);
  assert.match(fs[0].message, /^SPIRE configuration not checked: blocks, lists and objects are nested more than 64 levels deep/);
  const records = toJsonFindings(fs, (p) => p);
  assert.deepEqual(records.map((r) => [r.line, r.column, r.endLine, r.endColumn]), [[3 + MAX_HCL_DEPTH, 1, 3 + MAX_HCL_DEPTH, 2]]);
});

test('JSON and SARIF writers: a finding with NaN or out-of-range positions still gets positive integer positions', () => {
  const bad = [NaN, -5, 1e9 + 0.5, Infinity].map((n) => ({ file: 'x.yaml', start: 0, end: 0, line: n, column: n, endLine: n, endColumn: n, severity: 'error' as const, code: 'yaml-syntax', message: 'm' }));
  const records = toJsonFindings(bad, (p) => p);
  assert.deepEqual(records.map((r) => [r.line, r.column, r.endLine, r.endColumn]), [[1, 1, 1, 1], [1, 1, 1, 1], [1e9 + 1, 1e9 + 1, 1e9 + 1, 1e9 + 1], [1, 1, 1, 1]]);
  const sarif = toSarif([{ ...records[0], line: NaN, column: NaN, endLine: NaN, endColumn: NaN }]) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: Record<string, number> } }> }> }> };
  assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 });
  assert.ok(!JSON.stringify(sarif).includes('null'));
});

test('hostile: 50,000 blank lines before text: the "what kind of file is this" checks (.conf, SPIRE .hcl, schema) are linear', async () => {
  // Each used `^\s*...` with the m flag: from every line start \s* ran over all following blank
  // lines, quadratic (16 s per check for this input). They now stay on one line.
  const { isOpensslConfPath } = await import('../../src/core/lint/pki-model');
  const { wantsSchema } = await import('../../src/core/lint/schemas');
  const blanks = '\n  \n'.repeat(50_000);
  assert.equal(isOpensslConfPath('service.conf', blanks + 'x = 1\n'), false);
  assert.equal(isOpensslConfPath('service.conf', blanks + '[ v3_req ]\nsubjectAltName = @alt_names\n'), true);
  assert.equal(wantsSchema(blanks + 'kind: Foo\n'), false);
  assert.equal(wantsSchema(blanks + 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\n'), true);
  const findings = lintTexts([{ path: 'spire/server.hcl', text: blanks + 'server {\n  trust_domain = "example.org"\n}\n' }, { path: 'ok.conf', text: blanks + 'x\n' }]);
  assert.ok(Array.isArray(findings));
  assert.equal(findings.filter((f) => f.severity === 'error').length, 0);
});
