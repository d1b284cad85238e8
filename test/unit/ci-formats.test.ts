// CI integrations of the CLI (#19): `lint --format github|gitlab`, `--fail-on`, and the expiry
// gate `inspect --fail-expiring-within`, on the fixture repository test/fixtures/ci/repo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { escapeGithubData, escapeGithubProperty, toGithub, toGitlab } from '../../src/cli/ci-formats';
import { failsOn, JsonFinding } from '../../src/cli/lint';
import { runCli } from './cli-helpers';
import { FIXTURES } from './helpers';

const REPO = join(FIXTURES, 'ci', 'repo');
const CERT_YAML = join(REPO, 'deploy', 'certificate.yaml');

test('GitHub escaping: data escapes % CR LF; properties also : and ,', () => {
  const table: Array<[string, string, string]> = [
    ['plain', 'plain', 'plain'],
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['x: y, z', 'x: y, z', 'x%3A y%2C z'],
    ['%3A', '%253A', '%253A'],
    ['', '', ''],
  ];
  for (const [input, data, prop] of table) {
    assert.equal(escapeGithubData(input), data, `data ${JSON.stringify(input)}`);
    assert.equal(escapeGithubProperty(input), prop, `property ${JSON.stringify(input)}`);
  }
});

const rec = (o: Partial<JsonFinding>): JsonFinding => ({
  file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'duration-syntax', message: 'm', ...o,
});

test('toGithub: one workflow command per finding, severity to error/warning/notice, hostile text cannot end the command', () => {
  const out = toGithub([
    rec({ file: 'dir,x/a:b.yaml', line: 3, column: 5, endLine: 4, endColumn: 9, message: 'bad\n::error::injected 100%' }),
    rec({ severity: 'warning', code: 'usage-ca-leaf' }),
    rec({ severity: 'info', code: 'issuer-not-found', file: './b.yaml' }),
  ]);
  assert.deepEqual(out.split('\n'), [
    '::error file=dir%2Cx/a%3Ab.yaml,line=3,col=5,endLine=4,endColumn=9,title=certwright(duration-syntax)::bad%0A::error::injected 100%25',
    '::warning file=a.yaml,line=1,col=1,endLine=1,endColumn=2,title=certwright(usage-ca-leaf)::m',
    '::notice file=b.yaml,line=1,col=1,endLine=1,endColumn=2,title=certwright(issuer-not-found)::m',
    '',
  ]);
  assert.equal(toGithub([]), '');
});

test('lint --format github on the fixture repository: exact annotations and exit 1 on the error', async () => {
  const r = await runCli('lint', '--format', 'github', CERT_YAML);
  assert.equal(r.code, 1, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 3, r.out);
  const file = escapeGithubProperty(CERT_YAML.startsWith(process.cwd()) ? CERT_YAML.slice(process.cwd().length + 1) : CERT_YAML);
  assert.equal(lines[0], `::error file=${file},line=9,col=13,endLine=9,endColumn=16,title=certwright(duration-syntax)::duration: time: unknown unit "d" in duration "90d". cert-manager uses Go durations (h, m, s): write "2160h".`);
  assert.match(lines[1], new RegExp(`^::warning file=${file.replace(/[.%]/g, '\\$&')},line=16,col=7,endLine=16,endColumn=\\d+,title=certwright\\(usage-key-encipherment-ecdsa\\)::`));
  assert.match(lines[2], /^::notice .*title=certwright\(ca-secret-not-produced\)::Nothing in the workspace produces Secret "root-ca"/);
});

test('toGitlab: Code Quality fields, severities, and fingerprints stable across runs and line shifts, distinct per occurrence', () => {
  const a = toGitlab([
    rec({ line: 3, endLine: 5 }),
    rec({ line: 9, endLine: 9 }),
    rec({ severity: 'warning', code: 'usage-ca-leaf' }),
    rec({ severity: 'info', code: 'issuer-not-found', file: './sub/c.yaml' }),
  ]);
  assert.deepEqual(a.map((i) => i.severity), ['critical', 'critical', 'major', 'info']);
  assert.deepEqual(a[0], {
    description: 'm (duration-syntax)', check_name: 'duration-syntax', fingerprint: a[0].fingerprint, severity: 'critical',
    location: { path: 'a.yaml', lines: { begin: 3, end: 5 } },
  });
  assert.equal(a[3].location.path, 'sub/c.yaml');
  assert.match(a[0].fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(new Set(a.map((i) => i.fingerprint)).size, 4, 'same text twice: two fingerprints');
  // The same findings after lines were inserted above them: the same fingerprints.
  const b = toGitlab([rec({ line: 13, endLine: 15 }), rec({ line: 19, endLine: 19 }), rec({ severity: 'warning', code: 'usage-ca-leaf', line: 7 }), rec({ severity: 'info', code: 'issuer-not-found', file: './sub/c.yaml' })]);
  assert.deepEqual(b.map((i) => i.fingerprint), a.map((i) => i.fingerprint));
});

test('lint --format gitlab on the fixture repository: a Code Quality report GitLab accepts', async () => {
  const r = await runCli('lint', '--format', 'gitlab', '--fail-on', 'none', REPO);
  assert.equal(r.code, 0, r.err);
  const issues = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(issues.map((i) => [i.check_name, i.severity, (i.location as { lines: { begin: number } }).lines.begin]), [
    ['duration-syntax', 'critical', 9], ['usage-key-encipherment-ecdsa', 'major', 16], ['ca-secret-not-produced', 'info', 30],
  ]);
  for (const i of issues) {
    assert.deepEqual(Object.keys(i).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.ok(!String((i.location as { path: string }).path).startsWith('/'), 'relative path');
  }
  const again = JSON.parse((await runCli('lint', '--format', 'gitlab', '--fail-on', 'none', REPO)).out) as Array<{ fingerprint: string }>;
  assert.deepEqual(again.map((i) => i.fingerprint), issues.map((i) => i.fingerprint as string));
});

test('--fail-on: error, warning, info, none against each severity', async () => {
  const table: Array<[string, Array<JsonFinding['severity']>, boolean]> = [
    ['error', ['warning', 'info'], false], ['error', ['error'], true],
    ['warning', ['info'], false], ['warning', ['warning'], true], ['warning', ['error'], true],
    ['info', [], false], ['info', ['info'], true],
    ['none', ['error', 'warning', 'info'], false],
  ];
  for (const [level, sev, fails] of table) {
    assert.equal(failsOn(sev.map((severity) => ({ severity })), level), fails, `${level} ${sev}`);
  }
  const codes: Array<[string, number]> = [['error', 1], ['warning', 1], ['info', 1], ['none', 0]];
  for (const [level, code] of codes) assert.equal((await runCli('lint', '--fail-on', level, REPO)).code, code, level);
  const clean = join(FIXTURES, 'lint', 'monorepo', 'teams', 'team-a', 'certificate.yaml');
  assert.equal((await runCli('lint', '--fail-on', 'warning', clean)).code, 0);
  assert.equal((await runCli('lint', '--fail-on', 'info', clean)).code, 1);
  const bad = await runCli('lint', '--fail-on', 'toString', REPO);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--fail-on must be error, warning, info or none, not "toString"/);
  const fmt = await runCli('lint', '--format', 'junit', REPO);
  assert.equal(fmt.code, 2);
  assert.match(fmt.err, /--format must be text, json, sarif, github or gitlab/);
});

test('inspect --fail-expiring-within: exit 1 listing expired and expiring certificates, 0 when none', async () => {
  const certs = join(REPO, 'certs');
  const expired = await runCli('inspect', '--fail-expiring-within', '30d', certs);
  assert.equal(expired.code, 1);
  const lines = expired.err.trimEnd().split('\n');
  assert.equal(lines[0], 'certwright: 1 certificate has expired or expires within 30 days: renew it (or lower --fail-expiring-within)');
  assert.match(lines[1], /legacy\.crt:1 {2}CN=expired\.certwright\.test,O=Certwright Test {2}EXPIRED \d+ (days|years) ago \(2021-01-01\)$/);
  assert.equal(lines.length, 2);
  // leaf-server.crt (payments.crt) expires 2036-11-20T22:08:33Z.
  const table: Array<[string, string, number, number]> = [
    ['2036-10-01T00:00:00Z', '30d', 0, 0], ['2036-10-01T00:00:00Z', '60d', 1, 1], ['2036-11-20T22:00:00Z', '1h', 1, 1],
    ['2036-11-20T22:08:33Z', '0', 1, 1], ['2036-11-20T20:00:00Z', '1h', 0, 0], ['2036-10-01T00:00:00Z', '1300h', 1, 1], ['2036-10-01T00:00:00Z', '1200h', 0, 0], ['2036-11-10T00:00:00Z', '2w', 1, 1], ['2036-10-01T00:00:00Z', '1d12h', 0, 0],
  ];
  for (const [now, within, code, listed] of table) {
    const r = await runCli('inspect', '--now', now, '--fail-expiring-within', within, join(certs, 'payments.crt'));
    assert.equal(r.code, code, `${now} ${within}: ${r.err}`);
    assert.equal((r.err.match(/payments\.crt:1 /g) ?? []).length, listed, r.err);
  }
  const json = await runCli('inspect', '--json', '--fail-expiring-within', '30d', certs);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.out).length, 2, 'the JSON output is unchanged');
  const noGate = await runCli('inspect', certs);
  assert.equal(noGate.code, 0, 'without the gate an expired certificate is not a failure');
  const bad = await runCli('inspect', '--fail-expiring-within', '30 days', certs);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--fail-expiring-within: not a duration: "30 days" \(use e.g. 30d, 720h, 1h30m\)/);
});
