// Path validation (src/core/validate): the matchers table-driven, the validator on a fixed set
// of openssl-made chains (test/fixtures/certs/verify, valid 2026-2126), and the verify CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main';
import type { CertificateInfo } from '../../src/core/model';
import {
  checkNameConstraints, createSyncValidator, createValidator, matchHostnamePattern, parseIp, type GeneralName, type NameConstraints,
} from '../../src/core/validate';
import { ekuAllows } from '../../src/core/validate/eku';
import { certFacts } from '../../src/core/validate/facts';
import { matchDnsConstraint, matchEmailConstraint, matchIpConstraint, matchUriConstraint } from '../../src/core/validate/name-constraints';
import { nodeSignatureVerifier } from '../../src/node/platform';
import { CERTS, ROOT, scanFixture } from './helpers';

const AT = new Date('2030-01-01T00:00:00Z');
const DIR = join(CERTS, 'verify');
const cert = (name: string): CertificateInfo => {
  const o = scanFixture(`verify/${name}.pem`)[0].result;
  assert.ok(o.ok && o.object.type === 'certificate');
  return o.object as CertificateInfo;
};

test('DNS name constraints: a name permits itself and everything under it; a leading dot only what is under it', () => {
  const rows: [string, string, boolean][] = [
    ['example.com', 'example.com', true],
    ['api.example.com', 'example.com', true],
    ['API.Example.COM', 'example.com', true],
    ['badexample.com', 'example.com', false],
    ['example.com', '.example.com', false],
    ['a.example.com', '.example.com', true],
    ['example.org', 'example.com', false],
    ['anything.test', '', true],
  ];
  for (const [name, c, want] of rows) assert.equal(matchDnsConstraint(name, c), want, `${name} in ${c}`);
});

test('email, URI and IP name constraints', () => {
  const email: [string, string, boolean][] = [
    ['a@example.com', 'example.com', true],
    ['a@mail.example.com', 'example.com', false],
    ['a@mail.example.com', '.example.com', true],
    ['a@example.com', 'a@example.com', true],
    ['b@example.com', 'a@example.com', false],
    ['a@EXAMPLE.com', 'a@example.com', true],
  ];
  for (const [n, c, want] of email) assert.equal(matchEmailConstraint(n, c), want, `${n} in ${c}`);
  const uri: [string, string, boolean][] = [
    ['https://svc.example.com/x', '.example.com', true],
    ['https://example.com/x', '.example.com', false],
    ['https://example.com:8443/x', 'example.com', true],
    ['spiffe://example.com/ns/a', 'example.com', true],
    ['https://user@evil.org/x', 'example.com', false],
    ['https://10.0.0.1/', '10.0.0.1', false],
    ['urn:x:y', 'example.com', false],
  ];
  for (const [n, c, want] of uri) assert.equal(matchUriConstraint(n, c), want, `${n} in ${c}`);
  const net = Uint8Array.from([10, 0, 0, 0, 255, 0, 0, 0]);
  assert.equal(matchIpConstraint(Uint8Array.from([10, 9, 8, 7]), net), true);
  assert.equal(matchIpConstraint(Uint8Array.from([11, 0, 0, 1]), net), false);
  assert.equal(matchIpConstraint(parseIp('::1')!, net), false, 'families differ');
});

test('checkNameConstraints: excluded wins, permitted applies per name type, unconstrained types pass', () => {
  const dns = (text: string): GeneralName => ({ type: 'dns', text });
  const nc: NameConstraints = { permitted: [dns('example.com')], excluded: [dns('internal.example.com')] };
  const rows: [GeneralName[], string | undefined][] = [
    [[dns('api.example.com')], undefined],
    [[dns('api.example.org')], 'DNS:api.example.org is outside the permitted subtrees (DNS:example.com)'],
    [[dns('db.internal.example.com')], 'DNS:db.internal.example.com is in the excluded subtree DNS:internal.example.com'],
    [[{ type: 'email', text: 'a@anywhere.org' }], undefined],
    [[dns('api.example.com'), dns('x.example.net')], 'DNS:x.example.net is outside the permitted subtrees (DNS:example.com)'],
  ];
  for (const [names, want] of rows) assert.equal(checkNameConstraints(nc, names)?.message, want);
  const many = Array.from({ length: 600 }, (_, i) => dns(`h${i}.example.com`));
  const wide: NameConstraints = { permitted: Array.from({ length: 500 }, (_, i) => dns(`d${i}.example.com`)), excluded: [] };
  assert.match(checkNameConstraints(wide, many)?.message ?? '', /^600 names against 500 constraints is more than 250000 comparisons: refused/);
});

test('host names as Go matches them: wildcard only as the whole leftmost label, case and trailing dot ignored', () => {
  const rows: [string, string, boolean][] = [
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'A.EXAMPLE.COM.', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['a*.example.com', 'ab.example.com', false],
    ['api.example.com', 'api.example.com', true],
    ['api.example.com', 'web.example.com', false],
  ];
  for (const [p, h, want] of rows) assert.equal(matchHostnamePattern(p, h), want, `${p} ~ ${h}`);
  assert.deepEqual([...parseIp('10.0.0.1')!], [10, 0, 0, 1]);
  assert.deepEqual([...parseIp('::ffff:1.2.3.4')!].slice(10), [0xff, 0xff, 1, 2, 3, 4]);
  assert.equal(parseIp('256.0.0.1'), undefined);
  assert.equal(parseIp('api.example.com'), undefined);
  assert.equal(parseIp('1::2::3'), undefined);
});

test('extended key usage: absent or anyExtendedKeyUsage allows all; otherwise the purpose must be listed', () => {
  const rows: [string[] | undefined, 'server' | 'client', boolean][] = [
    [undefined, 'server', true],
    [['2.5.29.37.0'], 'client', true],
    [['1.3.6.1.5.5.7.3.1'], 'server', true],
    [['1.3.6.1.5.5.7.3.1'], 'client', false],
    [['1.3.6.1.5.5.7.3.2'], 'server', false],
    [['2.16.840.1.113730.4.1'], 'server', true],
  ];
  for (const [eku, p, want] of rows) assert.equal(ekuAllows(eku, p), want, `${eku} for ${p}`);
});

test('names chain under RFC 5280 comparison: case and inner whitespace do not matter', () => {
  const a = certFacts(cert('leaf'));
  assert.equal(a.issuerKey, certFacts(cert('inter')).subjectKey);
  assert.equal(a.selfIssued, false);
  assert.equal(certFacts(cert('root')).selfIssued, true);
  assert.deepEqual(certFacts(cert('nc-inter')).nameConstraints?.excluded.map((n) => n.text), ['internal.example.com']);
});

test('path validation over fixed chains: each case gets its verdict and its code at its depth', async () => {
  const validate = createValidator({ anchors: [cert('root')], intermediates: [cert('inter'), cert('nc-inter'), cert('noca-inter')], verify: nodeSignatureVerifier });
  const rows: { leaf: string; at?: Date; purpose?: 'server' | 'client'; name?: string; want: [number, string][]; chain?: number }[] = [
    { leaf: 'leaf', want: [], chain: 3 },
    { leaf: 'root', want: [], chain: 1 },
    { leaf: 'leaf', purpose: 'server', name: 'api.example.com', want: [] },
    { leaf: 'leaf', name: '10.0.0.1', want: [] },
    { leaf: 'leaf', name: 'web.example.com', want: [[0, 'hostname-mismatch']] },
    { leaf: 'leaf', purpose: 'client', want: [[0, 'eku-mismatch']] },
    { leaf: 'client', purpose: 'client', want: [] },
    { leaf: 'leaf', at: new Date('2200-01-01T00:00:00Z'), want: [[0, 'expired'], [1, 'expired'], [2, 'expired']] },
    { leaf: 'leaf', at: new Date('2020-01-01T00:00:00Z'), want: [[0, 'not-yet-valid'], [1, 'not-yet-valid'], [2, 'not-yet-valid']] },
    { leaf: 'nc-outside', want: [[0, 'name-constraint-violation']] },
    { leaf: 'noca-leaf', want: [[1, 'not-a-ca']] },
    { leaf: 'other-root', want: [[0, 'untrusted-root']], chain: 1 },
  ];
  for (const r of rows) {
    const res = await validate(cert(r.leaf), { at: r.at ?? AT, purpose: r.purpose, name: r.name });
    assert.deepEqual(res.errors.map((e) => [e.depth, e.code]), r.want, `${r.leaf} ${JSON.stringify(res.errors)}`);
    assert.equal(res.valid, r.want.length === 0);
    if (r.chain) assert.equal(res.chain.length, r.chain, r.leaf);
  }
  const alone = createValidator({ anchors: [cert('root')], verify: nodeSignatureVerifier });
  const res = await alone(cert('leaf'), { at: AT });
  assert.deepEqual(res.errors.map((e) => [e.depth, e.code]), [[0, 'unknown-issuer']]);
  const bundled = await alone(cert('leaf'), { at: AT, extra: [cert('inter')] });
  assert.equal(bundled.valid, true, 'the rest of the leaf file completes the chain');
});

test('one algorithm, three ways to run it: the synchronous validator, the thread-pool verifier and a slow asynchronous one (several passes) give the same results', async () => {
  const { nodeSignatureVerifierSync } = await import('../../src/node/platform');
  const opts = { anchors: [cert('root')], intermediates: [cert('inter'), cert('nc-inter'), cert('noca-inter')] };
  const sync = createSyncValidator({ ...opts, verify: nodeSignatureVerifierSync });
  const pool = createValidator({ ...opts, verify: nodeSignatureVerifier });
  // Answers after a macrotask each: every new result leaves a pass pending, so a validation runs several passes.
  let slowChecks = 0;
  const slow = createValidator({ ...opts, verify: (spki, signed) => new Promise((res) => setImmediate(() => { slowChecks++; res(nodeSignatureVerifierSync(spki, signed)); })) });
  const reqs: { leaf: string; at?: Date; purpose?: 'server' | 'client'; name?: string }[] = [
    { leaf: 'leaf' }, { leaf: 'root' }, { leaf: 'leaf', purpose: 'client' }, { leaf: 'leaf', name: 'web.example.com' },
    { leaf: 'nc-outside' }, { leaf: 'noca-leaf' }, { leaf: 'other-root' }, { leaf: 'client', purpose: 'client' },
    { leaf: 'leaf', at: new Date('2200-01-01T00:00:00Z') },
  ];
  const shape = (r: { valid: boolean; chain: CertificateInfo[]; errors: { depth: number; code: string; message: string }[] }) =>
    JSON.stringify({ valid: r.valid, chain: r.chain.map((c) => c.sha256), errors: r.errors });
  let invalid = 0;
  for (const q of reqs) {
    const req = { at: q.at ?? AT, purpose: q.purpose, name: q.name };
    const s = sync(cert(q.leaf), req);
    assert.ok(!(s instanceof Promise), 'the synchronous validator answers without a promise');
    if (!s.valid) invalid++;
    assert.equal(shape(await pool(cert(q.leaf), req)), shape(s), q.leaf);
    assert.equal(shape(await slow(cert(q.leaf), req)), shape(s), `${q.leaf} (slow verifier)`);
  }
  assert.equal(invalid, 6, 'the table mixes valid and invalid chains');
  assert.ok(slowChecks >= 4, `the slow verifier was asked ${slowChecks} times`);
  // A verifier that fails (throws or rejects) counts as "cannot be checked", as before.
  const throwing = createValidator({ ...opts, verify: () => { throw new Error('boom'); } });
  const rejecting = createValidator({ ...opts, verify: () => Promise.reject(new Error('boom')) });
  for (const v of [throwing, rejecting]) {
    const r = await v(cert('leaf'), { at: AT });
    assert.equal(r.valid, false);
    assert.ok(r.errors.some((e) => e.code === 'unsupported-signature'), JSON.stringify(r.errors));
  }
});

test('the chain builder tries alternatives: an impostor with the issuer name but another key is passed over', async () => {
  // other-root and root differ in name, so give the builder a pool where a same-named CA fails the signature.
  const impostor = { ...cert('other-root'), subject: cert('inter').subject, sha256: 'impostor' } as CertificateInfo;
  const validate = createValidator({ anchors: [cert('root')], intermediates: [impostor, cert('inter')], verify: nodeSignatureVerifier });
  const r = await validate(cert('leaf'), { at: AT });
  assert.equal(r.valid, true, JSON.stringify(r.errors));
  assert.equal(r.chain[1].sha256, cert('inter').sha256);
});

test('the chain builder is bounded: 500 same-named impostors cost at most 16 signature checks', async () => {
  const impostors = Array.from({ length: 500 }, (_, i) => ({ ...cert('other-root'), subject: cert('inter').subject, issuer: cert('inter').subject, sha256: `impostor-${i}` }) as CertificateInfo);
  let calls = 0;
  const counting: typeof nodeSignatureVerifier = (spki, signed) => { calls++; return nodeSignatureVerifier(spki, signed); };
  const validate = createValidator({ anchors: [cert('root')], intermediates: impostors, verify: counting });
  const r = await validate(cert('leaf'), { at: AT });
  assert.equal(r.valid, false);
  assert.ok(calls <= 16 * 2, `${calls} signature checks`);
  assert.ok(r.errors.some((e) => e.code === 'signature-invalid' || e.code === 'unknown-issuer'), JSON.stringify(r.errors));
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(['verify', ...args], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

test('verify CLI: exit codes, one stderr line per reason, JSON for one and for several certificates', async () => {
  const f = (n: string) => join(DIR, `${n}.pem`);
  const at = ['--at', AT.toISOString()];
  const ok = await cli(['--ca', f('root'), '--untrusted', f('inter'), ...at, f('leaf')]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /leaf\.pem: OK\n$/);

  const bad = await cli(['--ca', f('root'), '--untrusted', f('inter'), '--untrusted', f('nc-inter'), '--name', 'web.example.com', ...at, f('leaf'), f('nc-outside')]);
  assert.equal(bad.code, 1);
  const lines = bad.err.trim().split('\n');
  assert.equal(lines.length, 3, bad.err);
  assert.match(lines[0], /leaf\.pem: depth 0, CN=api\.example\.com,O=Certwright Fixtures: not valid for web\.example\.com \(hostname-mismatch\)$/);
  assert.match(lines[1], /nc-outside\.pem: depth 0, CN=outside,O=Certwright Fixtures: DNS:api\.example\.org is outside the permitted subtrees \(DNS:example\.com\), in the name constraints of CN=Constrained Intermediate,O=Certwright Fixtures \(name-constraint-violation\)$/);
  assert.match(lines[2], /nc-outside\.pem: depth 0, CN=outside,O=Certwright Fixtures: not valid for web\.example\.com \(hostname-mismatch\)$/);

  const one = await cli(['--json', '--ca', f('root'), ...at, f('leaf-bundle')]);
  assert.equal(one.code, 0, one.err);
  const j = JSON.parse(one.out);
  assert.deepEqual(Object.keys(j), ['valid', 'chain', 'errors']);
  assert.equal(j.valid, true);
  assert.deepEqual(j.chain.map((c: { subject: string }) => c.subject), ['CN=api.example.com,O=Certwright Fixtures', 'CN=Fixture Intermediate,O=Certwright Fixtures', 'CN=Fixture Root,O=Certwright Fixtures']);
  assert.match(j.chain[0].sha256, /^[0-9a-f]{64}$/);

  const many = await cli(['--json', '--ca', f('root'), '--purpose', 'client', ...at, f('leaf'), f('leaf-bundle')]);
  assert.equal(many.code, 1);
  const arr = JSON.parse(many.out);
  assert.equal(arr.length, 2);
  assert.deepEqual(Object.keys(arr[0]), ['file', 'valid', 'chain', 'errors']);
  assert.deepEqual(arr[0].errors.map((e: { code: string }) => e.code), ['eku-mismatch', 'unknown-issuer']);
  assert.deepEqual(arr[1].errors, [{ depth: 0, code: 'eku-mismatch', message: 'extended key usage does not allow clientAuth (1.3.6.1.5.5.7.3.2)' }]);
});

test('verify CLI: usage and I/O errors exit 2 with a one-line reason', async () => {
  const f = (n: string) => join(DIR, `${n}.pem`);
  const rows: [string[], RegExp][] = [
    [[f('leaf')], /needs --ca ROOTS/],
    [['--ca', f('root')], /needs at least one CERT/],
    [['--ca', f('root'), '--purpose', 'email', f('leaf')], /--purpose must be server or client/],
    [['--ca', f('root'), '--at', 'yesterday', f('leaf')], /--at: not an ISO time/],
    [['--ca', join(DIR, 'missing.pem'), f('leaf')], /cannot read .*missing\.pem: ENOENT/],
    [['--ca', f('root'), join(DIR, 'missing.pem')], /cannot read .*missing\.pem: ENOENT/],
  ];
  for (const [args, re] of rows) {
    const r = await cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: certwright verify --ca ROOTS/);
});

test('the bundled bin: dist/cli.js verify runs its own small bundle with the same output and exit codes', () => {
  const f = (n: string) => join(DIR, `${n}.pem`);
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'verify', ...args], { encoding: 'utf8' });
  const ok = run(['--ca', f('root'), '--untrusted', f('inter'), '--at', AT.toISOString(), f('leaf'), f('client')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.split('\n').filter((l) => l.endsWith(': OK')).length, 2);
  const bad = run(['--ca', f('root'), '--untrusted', f('nc-inter'), '--json', '--at', AT.toISOString(), f('nc-outside')]);
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).errors[0].code, 'name-constraint-violation');
  const usage = run([f('leaf')]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^certwright verify: verify needs --ca ROOTS/);
});

test('the bundled bin over many files: the same lines in argument order, exit codes and JSON as main() in-process', async () => {
  const f = (n: string) => join(DIR, `${n}.pem`);
  // 300 files (more than one run of 256), mixing valid, invalid and unreadable ones.
  const kinds = [f('leaf'), f('client'), f('noca-leaf'), f('leaf-bundle'), f('nc-outside'), join(DIR, 'missing.pem')];
  const files = Array.from({ length: 300 }, (_, i) => kinds[(i * 7) % kinds.length]);
  const base = ['--ca', f('root'), '--untrusted', f('inter'), '--untrusted', f('nc-inter'), '--purpose', 'server', '--at', AT.toISOString()];
  for (const extra of [[], ['--json']]) {
    const bin = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'verify', ...base, ...extra, ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const one = await cli([...base, ...extra, ...files]);
    assert.equal(bin.status, 2);
    assert.equal(one.code, 2);
    assert.equal(bin.stdout, one.out);
    assert.equal(bin.stderr, one.err);
    assert.ok(bin.stderr.includes('missing.pem: ENOENT'));
    if (extra.length) assert.equal(JSON.parse(bin.stdout).length, 250);
    else assert.equal(bin.stdout.split('\n').filter((l) => l.endsWith(': OK')).length, 100);
  }
  // All valid: exit 0, one OK line per file in order.
  const ok = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'verify', ...base, ...Array.from({ length: 250 }, (_, i) => f(i % 2 ? 'leaf' : 'leaf-bundle'))], { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(ok.stdout.trim().split('\n').map((l) => l.replace(/^.*\//, '')), Array.from({ length: 250 }, (_, i) => `${i % 2 ? 'leaf' : 'leaf-bundle'}.pem: OK`));
});

test('verify CLI: an unreadable file is reported in its place among the other files\' lines, also past the first few dozen files', async () => {
  const f = (n: string) => join(DIR, `${n}.pem`);
  // 60 invalid files (no CA between leaf and root: one error line each), an unreadable one at 40.
  const files = Array.from({ length: 60 }, (_, i) => (i === 40 ? join(DIR, 'missing.pem') : f('noca-leaf')));
  const r = await cli(['--ca', f('root'), '--at', AT.toISOString(), ...files]);
  assert.equal(r.code, 2);
  const lines = r.err.trim().split('\n');
  const at = lines.findIndex((l) => l.includes('missing.pem: ENOENT'));
  assert.ok(at > 0, r.err);
  assert.equal(lines.slice(0, at).filter((l) => l.includes('noca-leaf.pem:')).length >= 40, true, `the unreadable file's line comes after the 40 files before it: line ${at}`);
});

test('verify CLI: one-block files read in one pass and the general reader agree (CRLF, trailing text, a broken body)', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'cw-verify-pem-'));
  const pem = readFileSync(join(DIR, 'leaf.pem'), 'latin1').trim();
  const lines = pem.split('\n');
  const rows: [string, string, number, RegExp][] = [
    ['lf', pem + '\n', 0, /: OK$/m],
    ['crlf', pem.replace(/\n/g, '\r\n') + '\r\n', 0, /: OK$/m],
    ['blank-lines', '\n' + pem + '\n\n\n', 0, /: OK$/m],
    ['commented', '# the leaf\n' + pem + '\n', 0, /: OK$/m],
    ['broken-body', [lines[0], lines[1].replace(/^..../, '!!!!'), ...lines.slice(2)].join('\n') + '\n', 2, /broken-body\.pem: no certificate found/],
    ['truncated', lines.slice(0, 5).join('\n') + '\n' + lines[lines.length - 1] + '\n', 2, /truncated\.pem: no certificate found/],
    ['no-end-line', lines.slice(0, -1).join('\n') + '\n', 2, /no-end-line\.pem: no certificate found \(.*no matching "-----END CERTIFICATE-----"/],
    ['end-cut-short', pem.slice(0, -10), 2, /end-cut-short\.pem: no certificate found/],
  ];
  for (const [name, text, code, re] of rows) {
    writeFileSync(join(dir, `${name}.pem`), text, 'latin1');
    const r = await cli(['--ca', join(DIR, 'root.pem'), '--untrusted', join(DIR, 'inter.pem'), '--at', AT.toISOString(), join(dir, `${name}.pem`)]);
    assert.equal(r.code, code, `${name}: ${r.err}`);
    assert.match(r.out + r.err, re, name);
  }
});

test('validations running side by side check a shared chain link once; the synchronous verifier (the verify command\'s) agrees with the thread-pool one', async () => {
  const { nodeSignatureVerifierSync } = await import('../../src/node/platform');
  for (const verifier of [nodeSignatureVerifier, nodeSignatureVerifierSync]) {
    const seen: string[] = [];
    const counting: typeof nodeSignatureVerifier = (spki, signed) => { seen.push(Buffer.from(signed.signatureValue).toString('hex')); return verifier(spki, signed); };
    const validate = createValidator({ anchors: [cert('root')], intermediates: [cert('inter')], verify: counting });
    const leaf = cert('leaf'), client = cert('client');
    const results = await Promise.all([leaf, client, leaf, client, leaf].map((c) => validate(c, { at: AT })));
    assert.deepEqual(results.map((r) => r.valid), [true, true, true, true, true]);
    // leaf by inter, client by inter, inter by root: three checks, however many validations share them.
    assert.equal(seen.length, 3, `checks: ${seen.length}`);
    assert.equal(new Set(seen).size, 3);
    const forged = { ...leaf, signatureValue: leaf.signatureValue.map((b, i) => (i === leaf.signatureValue.length - 1 ? b ^ 1 : b)), sha256: 'f'.repeat(64) };
    assert.equal((await validate(forged as CertificateInfo, { at: AT })).valid, false);
  }
});
