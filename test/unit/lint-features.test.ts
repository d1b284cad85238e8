// The linter's building blocks and surfaces: Go durations, SPIFFE IDs, the HCL reader, Helm
// template masking, the renewal sentence, hover / completion / go-to-definition, and
// `certwright lint` (text, JSON, SARIF, exit codes, .gitignore).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatGoDuration, humanDuration, parseGoDuration } from '../../src/core/lint/durations';
import { checkTrustDomain, parseSpiffeId } from '../../src/core/lint/spiffe';
import { parseHcl } from '../../src/core/lint/hcl';
import { maskTemplates, parseFile } from '../../src/core/lint/model';
import { completionsAt, definitionAt, fieldAt, hoverAt, renewalSentence } from '../../src/core/lint/features';
import { lintTexts, LINT_RULES, Workspace } from '../../src/core/lint/index';
import { main } from '../../src/cli/main';

// ---- Go durations -------------------------------------------------------------------------------

const H = 3_600_000;
const durationsOk: Array<[string, number]> = [
  ['2160h', 2160 * H], ['720h', 720 * H], ['1h30m', 1.5 * H], ['1.5h', 1.5 * H], ['90m', 1.5 * H], ['500ms', 500],
  ['10µs', 0.01], ['10μs', 0.01], ['10us', 0.01], ['100ns', 0.0001], ['1h0m0s', H], ['2h45m30s', 2 * H + 45 * 60_000 + 30_000],
  ['0', 0], ['-5m', -300_000], ['+1h', H], ['.5h', 0.5 * H], ['5.h', 5 * H], ['1h1m1s1ms1us1ns', H + 60_000 + 1000 + 1 + 0.001 + 0.000001],
];

for (const [input, ms] of durationsOk) {
  test(`parseGoDuration("${input}") = ${ms} ms`, () => {
    const d = parseGoDuration(input);
    assert.ok(d.ok, JSON.stringify(d));
    assert.ok(Math.abs(d.ms - ms) < 1e-9, `${d.ms} != ${ms}`);
  });
}

const durationsBad: Array<[string, string, string | undefined]> = [
  ['90d', 'time: unknown unit "d" in duration "90d"', '2160h'],
  ['1w', 'time: unknown unit "w" in duration "1w"', '168h'],
  ['90', 'time: missing unit in duration "90"', undefined],
  ['1h30', 'time: missing unit in duration "1h30"', undefined],
  ['1.5d', 'time: unknown unit "d" in duration "1.5d"', '36h'],
  ['1y', 'time: unknown unit "y" in duration "1y"', '8760h'],
  ['30 days', 'time: unknown unit " days" in duration "30 days"', '720h'],
  ['2 weeks', 'time: unknown unit " weeks" in duration "2 weeks"', '336h'],
  ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"', undefined],
  ['10 hours', 'time: unknown unit " hours" in duration "10 hours"', '10h'],
  ['', 'time: invalid duration ""', undefined],
  ['h', 'time: invalid duration "h"', undefined],
  ['.', 'time: invalid duration "."', undefined],
  ['abc', 'time: invalid duration "abc"', undefined],
  ['1e3h', 'time: unknown unit "e" in duration "1e3h"', undefined],
];

for (const [input, error, suggestion] of durationsBad) {
  test(`parseGoDuration("${input}") fails like Go${suggestion ? `, suggests ${suggestion}` : ''}`, () => {
    const d = parseGoDuration(input) as { ok: boolean; error?: string; suggestion?: string };
    assert.deepEqual([d.ok, d.error, d.suggestion], [false, error, suggestion]);
  });
}

test('humanDuration and formatGoDuration', () => {
  const human: Array<[number, string]> = [
    [720 * H, '30 days'], [2160 * H, '90 days'], [1.5 * H, '1 hour 30 minutes'], [36 * H, '1 day 12 hours'], [H, '1 hour'],
    [60_000, '1 minute'], [45_000, '45 seconds'], [0, '0 seconds'], [7 * 24 * H, '7 days'], [90 * 24 * H + 300_000, '90 days'], [4 * H, '4 hours'],
  ];
  assert.deepEqual(human.map(([ms]) => humanDuration(ms)), human.map(([, s]) => s));
  const go: Array<[number, string]> = [[2160 * H, '2160h'], [1.5 * H, '1h30m'], [300_000, '5m'], [0, '0s'], [90_000, '1m30s'], [H + 1000, '1h1s']];
  assert.deepEqual(go.map(([ms]) => formatGoDuration(ms)), go.map(([, s]) => s));
  for (const [, s] of go) assert.ok(parseGoDuration(s).ok, s);
});

// ---- SPIFFE IDs (go-spiffe v2) --------------------------------------------------------------------

const spiffeValid = [
  'spiffe://example.org', 'spiffe://example.org/ns/prod/sa/web', 'spiffe://a-b_c.d/x', 'spiffe://example.org/.a', 'spiffe://example.org/..a',
  'spiffe://example.org/...', 'spiffe://example.org/A-Z_a.z0-9', 'spiffe://1.2.3.4/x', 'spiffe://example.org/' + 'a'.repeat(2048 - 'spiffe://example.org/'.length),
];
const spiffeInvalid: Array<[string, RegExp]> = [
  ['spiffe://Example.org/web', /trust domain has the character "E"/],
  ['SPIFFE://example.org/web', /scheme must be lowercase/],
  ['https://example.org/web', /starts with "spiffe:\/\/"/],
  ['example.org/web', /starts with "spiffe:\/\/"/],
  ['spiffe://example.org:8443/web', /cannot have a port/],
  ['spiffe://example.org/a%20b', /character "%"/],
  ['spiffe://ex%41mple.org/web', /trust domain has the character "%"/],
  ['spiffe://example.org//web', /empty segment/],
  ['spiffe://example.org/web/', /cannot end with "\/"/],
  ['spiffe://example.org/', /cannot end with "\/"/],
  ['spiffe://example.org/./web', /"\." segment/],
  ['spiffe://example.org/ns/../web', /"\.\." segment/],
  ['spiffe://example.org/web?x=1', /character "\?"/],
  ['spiffe://example.org/web#frag', /character "#"/],
  ['spiffe://user@example.org/web', /character "@"/],
  ['spiffe://', /trust domain is empty/],
  ['spiffe:///web', /trust domain is empty/],
  ['spiffe://example.org/' + 'a'.repeat(2049 - 'spiffe://example.org/'.length), /longer than 2048/],
];

test('parseSpiffeId accepts what go-spiffe accepts', () => {
  for (const id of spiffeValid) assert.ok(parseSpiffeId(id).ok, id);
  assert.deepEqual(parseSpiffeId('spiffe://example.org/ns/prod/sa/web'), { ok: true, trustDomain: 'example.org', path: '/ns/prod/sa/web' });
  assert.deepEqual(parseSpiffeId('spiffe://example.org'), { ok: true, trustDomain: 'example.org', path: '' });
});

for (const [id, error] of spiffeInvalid) {
  test(`parseSpiffeId rejects ${id.length > 60 ? `a ${id.length}-byte ID` : id}`, () => {
    const p = parseSpiffeId(id);
    assert.equal(p.ok, false);
    assert.match((p as { error: string }).error, error);
  });
}

test('checkTrustDomain', () => {
  assert.equal(checkTrustDomain('example.org'), undefined);
  assert.equal(checkTrustDomain('a'.repeat(255)), undefined);
  assert.match(checkTrustDomain('a'.repeat(256))!, /255/);
  assert.match(checkTrustDomain('')!, /empty/);
  assert.match(checkTrustDomain('example.org:443')!, /port/);
  assert.match(checkTrustDomain('Example.org')!, /"E"/);
});

// ---- HCL ------------------------------------------------------------------------------------------

test('parseHcl: blocks with labels, nested objects with quoted keys, lists, every comment style', () => {
  const src = [
    '# hash comment',
    'server {',
    '  // slash comment',
    '  trust_domain = "example.org" /* inline */',
    '  ca_ttl = "24h"',
    '  bind_port = 8081',
    '  audit_log_enabled = false',
    '  ca_subject = {',
    '    country = ["US", "DE"]',
    '  }',
    '}',
    '/* block',
    '   comment */',
    'plugins {',
    '  NodeAttestor "k8s_psat" {',
    '    plugin_data {',
    '      clusters = {',
    '        "prod-cluster" = {',
    '          service_account_allow_list = ["spire:spire-agent"]',
    '        }',
    '      }',
    '    }',
    '  }',
    '  KeyManager disk { plugin_data { keys_path = "/run/spire/keys.json" } }',
    '}',
  ].join('\n');
  const r = parseHcl(src);
  assert.equal(r.error, undefined);
  const byPath = new Map(r.attributes.map((a) => [a.path, a]));
  assert.deepEqual([...byPath.keys()], [
    'server.trust_domain', 'server.ca_ttl', 'server.bind_port', 'server.audit_log_enabled', 'server.ca_subject.country[0]', 'server.ca_subject.country[1]',
    'plugins.NodeAttestor.k8s_psat.plugin_data.clusters.prod-cluster.service_account_allow_list[0]', 'plugins.KeyManager.disk.plugin_data.keys_path',
  ]);
  const td = byPath.get('server.trust_domain')!;
  assert.equal(td.value, 'example.org');
  assert.equal(src.slice(td.start, td.end), '"example.org"');
  assert.equal(byPath.get('server.bind_port')!.value, 8081);
  assert.equal(byPath.get('server.audit_log_enabled')!.value, false);
  const sa = byPath.get('plugins.NodeAttestor.k8s_psat.plugin_data.clusters.prod-cluster.service_account_allow_list[0]')!;
  assert.equal(src.slice(sa.start, sa.end), '"spire:spire-agent"');
});

test('parseHcl: errors carry the offset of the problem', () => {
  const cases: Array<[string, string, string]> = [
    ['server {\n  a = \n}', 'expected a value', '}'],
    ['server { a = "x }', 'unterminated string', '"x }'],
    ['server {\n  a = "x"\n  b = "y";\n}', 'unexpected character ";"', ';\n}'],
    ['/* never closed', 'unterminated /* comment', '/* never closed'],
    ['}', 'expected an attribute or block name', '}'],
    ['server {\n  a = "x"\n', 'missing "}"', ''],
    ['server {\n  a = [1, 2\n}', 'expected a value', '}'],
  ];
  for (const [src, message, rest] of cases) {
    const r = parseHcl(src);
    assert.ok(r.error, src);
    assert.equal(r.error.message, message, src);
    assert.equal(src.slice(r.error.offset), rest, src);
  }
});

// ---- Helm template masking --------------------------------------------------------------------------

test('maskTemplates keeps every offset and line, turns action-only lines into comments and inline actions into scalars', () => {
  const text = [
    '{{- if .Values.enabled }}',
    'metadata:',
    '  name: {{ include "x.fullname" . }}-tls',
    '  labels:',
    '    {{- include "x.labels" . | nindent 4 }}',
    'spec:',
    '  duration: {{ .Values.duration | default "2160h" | quote }}',
    '  note: "{{ .Values.a }}"',
    '  {{- /* a',
    '  multi-line comment */}}',
    '{{- end }}',
    '',
  ].join('\n');
  const { masked, spans } = maskTemplates(text);
  assert.equal(masked.length, text.length);
  assert.deepEqual([...masked].map((c, i) => (c === '\n') === (text[i] === '\n')).filter((x) => !x), []);
  assert.equal(spans.length, 7);
  for (const [s, e] of spans) {
    assert.ok(text.slice(s, e).startsWith('{{') && text.slice(s, e).endsWith('}}'));
    assert.ok(!masked.slice(s, e).includes('{'));
  }
  const lines = masked.split('\n');
  assert.match(lines[0], /^#\s*$/);
  assert.match(lines[2], /^ {2}name: x+-tls$/);
  assert.match(lines[4], /^ {4}#\s*$/);
  assert.match(lines[6], /^ {2}duration: x+$/);
  assert.match(lines[7], /^ {2}note: "x+"$/);
  assert.match(lines[10], /^#\s*$/);
  assert.deepEqual(maskTemplates('no templates: {a: 1}'), { masked: 'no templates: {a: 1}', spans: [], alone: [] });
});

test('templated values are unknown, never wrong; literal values in the same file are still checked', () => {
  const text = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  secretName: {{ .Release.Name }}-tls\n  duration: {{ .Values.duration }}\n  renewBefore: 90d\n  dnsNames:\n    - {{ .Values.host | quote }}\n  issuerRef:\n    name: {{ .Values.issuer }}\n';
  const f = parseFile('chart/templates/cert.yaml', text);
  assert.equal(f.manifests.length, 1);
  assert.equal(f.manifests[0].name, undefined, 'a templated name is unknown');
  const findings = lintTexts([{ path: 'chart/templates/cert.yaml', text }]);
  assert.deepEqual(findings.map((x) => [x.code, text.slice(x.start, x.end)]), [['duration-syntax', '90d']]);
});

// ---- renewal sentence, hover, completion, definition -------------------------------------------------

const certText = (spec: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  secretName: web-tls\n  dnsNames:\n    - web.prod.svc\n  issuerRef:\n    name: ns-ca\n${spec}`;
const sentence = (spec: string) => renewalSentence(new Workspace([{ path: 'c.yaml', text: certText(spec) }]).manifests[0]);

test('renewalSentence: renewBefore, the default, renewBeforePercentage, a loop, invalid input', () => {
  assert.equal(sentence('  duration: 720h\n  renewBefore: 240h\n'), 'lives 30 days, renews after 20 days, 10 days before expiry (by renewBefore)');
  assert.equal(sentence(''), 'lives 90 days, renews after 60 days, 30 days before expiry (cert-manager\'s default: a third of the lifetime)');
  assert.equal(sentence('  duration: 720h\n'), 'lives 30 days, renews after 20 days, 10 days before expiry (cert-manager\'s default: a third of the lifetime)');
  assert.equal(sentence('  duration: 2160h\n  renewBeforePercentage: 25\n'), 'lives 90 days, renews after 67 days 12 hours, 22 days 12 hours before expiry (by renewBeforePercentage 25%)');
  assert.equal(sentence('  duration: 24h\n  renewBefore: 24h\n'), 'lives 1 day; renewBefore (1 day) is not shorter, so cert-manager would renew immediately, over and over');
  assert.equal(sentence('  duration: 90d\n'), undefined);
  assert.equal(sentence('  renewBefore: 10x\n'), undefined);
});

const ISSUER_TEXT = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: ns-ca\n  namespace: prod\nspec:\n  ca:\n    secretName: root-tls\n';
const ROOT_TEXT = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: root\n  namespace: prod\nspec:\n  isCA: true\n  commonName: root\n  secretName: root-tls\n  issuerRef:\n    name: selfsigned\n    kind: ClusterIssuer\n';
const DEPLOY_TEXT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web\n      volumes:\n        - name: tls\n          secret:\n            secretName: web-tls\n';
const SPIRE_TEXT = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-server\n  namespace: spire\ndata:\n  server.conf: |\n    server {\n      trust_domain = "example.org"\n    }\n';
const WEB = certText('  duration: 720h\n  renewBefore: 240h\n  privateKey:\n    algorithm: ECDSA\n    size: 256\n  usages:\n    - digital signature\n    - \n  uris:\n    - spiffe://example.org/web\n');

function workspace() {
  const files = [
    { path: 'k8s/web.yaml', text: WEB }, { path: 'k8s/issuer.yaml', text: ISSUER_TEXT }, { path: 'k8s/root.yaml', text: ROOT_TEXT },
    { path: 'k8s/deploy.yaml', text: DEPLOY_TEXT }, { path: 'spire/server.yaml', text: SPIRE_TEXT },
    { path: 'istio/pa.yaml', text: 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n    mode: \n' },
  ];
  const ws = new Workspace(files);
  const file = (p: string) => ws.files.get(p)!;
  const at = (p: string, needle: string, delta = 1) => {
    const i = files.find((f) => f.path === p)!.text.indexOf(needle);
    assert.ok(i >= 0, needle);
    return i + delta;
  };
  return { ws, files, file, at };
}

test('fieldAt: the path of keys and values', () => {
  const { file, at } = workspace();
  const f = fieldAt(file('k8s/web.yaml'), at('k8s/web.yaml', 'ECDSA'))!;
  assert.deepEqual(f.path, ['spec', 'privateKey', 'algorithm']);
  assert.equal(f.onKey, false);
  const k = fieldAt(file('k8s/web.yaml'), at('k8s/web.yaml', 'renewBefore'))!;
  assert.deepEqual([k.path, k.onKey], [['spec', 'renewBefore'], true]);
  const u = fieldAt(file('k8s/web.yaml'), at('k8s/web.yaml', 'digital signature'))!;
  assert.deepEqual(u.path, ['spec', 'usages', 0]);
});

test('hoverAt: field docs with default, the renewal sentence, the issuer\'s file, and rule summaries of findings', () => {
  const { ws, file, at } = workspace();
  const onDuration = hoverAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'duration'))!;
  assert.match(onDuration, /^\*\*Certificate `spec\.duration`\*\*/);
  assert.match(onDuration, /Default: `2160h \(90 days\)`/);
  assert.match(onDuration, /This certificate lives 30 days, renews after 20 days, 10 days before expiry \(by renewBefore\)\./);
  const onAlgorithm = hoverAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'ECDSA'))!;
  assert.match(onAlgorithm, /Allowed: `RSA`, `ECDSA`, `Ed25519`/);
  const onIssuer = hoverAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'ns-ca'))!;
  assert.match(onIssuer, /Defined in `k8s\/issuer\.yaml`/);
  const onMode = hoverAt(ws, file('istio/pa.yaml'), at('istio/pa.yaml', 'mode'))!;
  assert.match(onMode, /Allowed: `UNSET`, `DISABLE`, `PERMISSIVE`, `STRICT`/);
  assert.equal(hoverAt(ws, file('k8s/deploy.yaml'), at('k8s/deploy.yaml', 'image')), undefined);
  const bad = certText('  duration: 90d\n');
  const findings = lintTexts([{ path: 'k8s/bad.yaml', text: bad }]);
  const ws2 = new Workspace([{ path: 'k8s/bad.yaml', text: bad }]);
  const h = hoverAt(ws2, ws2.files.get('k8s/bad.yaml')!, bad.indexOf('90d') + 1, findings)!;
  assert.ok(h.includes(`\`certwright(duration-syntax)\`: ${LINT_RULES['duration-syntax'].summary}`), h);
});

test('completionsAt: usages (without those listed, without key encipherment for ECDSA), enums, issuers, SPIFFE IDs, Istio modes', () => {
  const { ws, file, at } = workspace();
  const labels = (p: string, offset: number) => completionsAt(ws, file(p), offset).map((c) => c.label);
  const usages = labels('k8s/web.yaml', at('k8s/web.yaml', '    - \n', 6));
  assert.ok(usages.includes('server auth') && usages.includes('client auth'));
  assert.ok(!usages.includes('digital signature'), 'already listed');
  assert.ok(!usages.includes('key encipherment'), 'ECDSA');
  assert.deepEqual(labels('k8s/web.yaml', at('k8s/web.yaml', 'ECDSA')), ['ECDSA', 'RSA', 'Ed25519']);
  assert.deepEqual(labels('k8s/web.yaml', at('k8s/web.yaml', '256')), ['256', '384', '521']);
  const issuers = completionsAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'ns-ca'));
  assert.deepEqual(issuers, [{ label: 'ns-ca', detail: 'Issuer in k8s/issuer.yaml', kind: 'reference' }]);
  assert.deepEqual(labels('k8s/web.yaml', at('k8s/web.yaml', 'spiffe://')), ['spiffe://example.org/ns/prod/sa/']);
  assert.deepEqual(labels('istio/pa.yaml', at('istio/pa.yaml', 'mode')), ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);
  assert.deepEqual(labels('k8s/deploy.yaml', at('k8s/deploy.yaml', 'image: web', 8)), []);
});

test('definitionAt: issuerRef.name -> the Issuer, secretName -> mounts, ca.secretName -> producers, volume secretName -> producers', () => {
  const { ws, files, file, at } = workspace();
  const text = (p: string) => files.find((f) => f.path === p)!.text;
  const loc = (p: string, needle: string) => definitionAt(ws, file(p), at(p, needle)).map((l) => [l.file, text(l.file).slice(l.start, l.end).split('\n')[1] ?? text(l.file).slice(l.start, l.end)]);
  assert.deepEqual(loc('k8s/web.yaml', 'ns-ca'), [['k8s/issuer.yaml', 'kind: Issuer']]);
  assert.deepEqual(definitionAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'web-tls')).map((l) => [l.file, text(l.file).slice(l.start, l.end)]), [['k8s/deploy.yaml', 'web-tls']]);
  assert.deepEqual(loc('k8s/issuer.yaml', 'root-tls'), [['k8s/root.yaml', 'kind: Certificate']]);
  assert.deepEqual(loc('k8s/deploy.yaml', 'web-tls'), [['k8s/web.yaml', 'kind: Certificate']]);
  assert.deepEqual(definitionAt(ws, file('k8s/web.yaml'), at('k8s/web.yaml', 'renewBefore')), [], 'on a key');
});

// ---- the CLI -------------------------------------------------------------------------------------------

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-lint-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const CLUSTER_ISSUER = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  selfSigned: {}\n';
const CLEAN = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  secretName: web-tls\n  dnsNames:\n    - web.prod.svc\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n';
const WITH_ERROR = CLEAN + '  duration: 90d\n';
const WITH_WARNING = CLEAN + '  privateKey:\n    algorithm: ECDSA\n  usages:\n    - digital signature\n    - key encipherment\n';
const WITH_HINT = CLEAN.replace('name: ca\n    kind', 'name: elsewhere\n    kind');

test('lint: exit 0 and no findings for a clean folder (text and JSON)', async () => {
  const dir = folder({ 'cert.yaml': CLEAN, 'issuer.yaml': CLUSTER_ISSUER, 'README.md': '# docs\n' });
  const text = await run('lint', dir);
  assert.equal(text.code, 0, text.err);
  assert.equal(text.out, '3 files, 0 errors, 0 warnings, 0 info\n');
  const json = await run('lint', '--format', 'json', dir);
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.out), []);
});

test('lint --format json: exactly the documented keys, 1-based positions, severities error|warning|info', async () => {
  const dir = folder({ 'cert.yaml': WITH_ERROR, 'warn.yaml': WITH_WARNING.replace('name: web', 'name: warn').replace('secretName: web-tls', 'secretName: warn-tls'), 'hint.yaml': WITH_HINT.replace('name: web', 'name: hint').replace('secretName: web-tls', 'secretName: hint-tls'), 'issuer.yaml': CLUSTER_ISSUER });
  const r = await run('lint', '--format', 'json', dir);
  assert.equal(r.code, 1, 'an error exists');
  const records = JSON.parse(r.out) as Array<Record<string, unknown>>;
  for (const rec of records) {
    assert.deepEqual(Object.keys(rec), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    assert.ok(['error', 'warning', 'info'].includes(rec.severity as string), String(rec.severity));
    assert.ok((rec.line as number) >= 1 && (rec.column as number) >= 1);
  }
  const byCode = new Map(records.map((x) => [x.code, x]));
  assert.deepEqual(byCode.get('duration-syntax'), {
    file: relative(process.cwd(), join(dir, 'cert.yaml')), line: 13, column: 13, endLine: 13, endColumn: 16, severity: 'error', code: 'duration-syntax',
    message: byCode.get('duration-syntax')!.message,
  });
  assert.equal(byCode.get('usage-key-encipherment-ecdsa')!.severity, 'warning');
  assert.deepEqual([byCode.get('usage-key-encipherment-ecdsa')!.line, byCode.get('usage-key-encipherment-ecdsa')!.column], [17, 7]);
  assert.equal(byCode.get('issuer-not-found')!.severity, 'info', 'hints are reported as info');
  assert.deepEqual([...byCode.keys()].sort(), ['duration-syntax', 'issuer-not-found', 'usage-key-encipherment-ecdsa']);
});

test('lint --format sarif: SARIF 2.1.0 with rules matching the results', async () => {
  const dir = folder({ 'cert.yaml': WITH_ERROR, 'warn.yaml': WITH_WARNING.replace('name: web', 'name: warn').replace('secretName: web-tls', 'secretName: warn-tls'), 'hint.yaml': WITH_HINT.replace('name: web', 'name: hint').replace('secretName: web-tls', 'secretName: hint-tls'), 'issuer.yaml': CLUSTER_ISSUER });
  const r = await run('lint', '--format', 'sarif', dir);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'certwright');
  const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.deepEqual(ruleIds, [...new Set(run0.results.map((x: { ruleId: string }) => x.ruleId))].sort());
  assert.equal(run0.results.length, 3);
  for (const res of run0.results) {
    assert.ok(['error', 'warning', 'note'].includes(res.level), res.level);
    assert.equal(ruleIds[res.ruleIndex], res.ruleId);
    assert.ok(res.message.text.length > 0);
    const loc = res.locations[0].physicalLocation;
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.ok(loc.region.endLine >= loc.region.startLine);
    assert.ok(!loc.artifactLocation.uri.includes('\\'));
  }
  const levels = Object.fromEntries(run0.results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]));
  assert.deepEqual(levels, { 'duration-syntax': 'error', 'usage-key-encipherment-ecdsa': 'warning', 'issuer-not-found': 'note' });
  for (const rule of run0.tool.driver.rules) assert.equal(rule.shortDescription.text, LINT_RULES[rule.id].summary);
});

test('lint: exit codes for warnings, --fail-on, hints', async () => {
  const warn = folder({ 'cert.yaml': WITH_WARNING, 'issuer.yaml': CLUSTER_ISSUER });
  assert.equal((await run('lint', warn)).code, 0, 'warnings do not fail by default');
  assert.equal((await run('lint', '--fail-on', 'error', warn)).code, 0);
  assert.equal((await run('lint', '--fail-on', 'warning', warn)).code, 1);
  assert.equal((await run('lint', '--fail-on=warning', warn)).code, 1);
  const hint = folder({ 'cert.yaml': WITH_HINT });
  assert.equal((await run('lint', '--fail-on', 'warning', hint)).code, 0, 'hints/info never fail');
  const err = folder({ 'cert.yaml': WITH_ERROR, 'issuer.yaml': CLUSTER_ISSUER });
  const text = await run('lint', err);
  assert.equal(text.code, 1);
  assert.match(text.out, /cert\.yaml:13:13: error duration-syntax: duration: time: unknown unit "d" in duration "90d"/);
  assert.match(text.out, /\n2 files, 1 errors?, 0 warnings, 0 info\n$/);
});

test('lint: exit 2 for a missing path, a bad --format, a bad --fail-on, no path', async () => {
  const missing = await run('lint', join(tmpdir(), 'certwright-does-not-exist-' + process.pid));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^certwright: .*certwright-does-not-exist-\d+: no such file or folder; check the path\n$/);
  const dir = folder({ 'cert.yaml': CLEAN });
  const fmt = await run('lint', '--format', 'xml', dir);
  assert.equal(fmt.code, 2);
  assert.match(fmt.err, /--format must be text, json, sarif, github or gitlab, not "xml"/);
  assert.equal((await run('lint', '--fail-on', 'notice', dir)).code, 2);
  assert.equal((await run('lint')).code, 2);
  assert.equal((await run('lint', '--bogus', dir)).code, 2);
  const help = await run('lint', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: certwright lint/);
});

test('lint: .gitignore is respected (ignored files are not reported; explicit files are)', async () => {
  const dir = folder({
    '.gitignore': 'bad.yaml\ngenerated/\n!keep.yaml\n',
    'bad.yaml': WITH_ERROR,
    'generated/cert.yaml': WITH_ERROR,
    'good.yaml': CLEAN,
    'issuer.yaml': CLUSTER_ISSUER,
    'sub/.gitignore': '*.tmp.yaml\n',
    'sub/x.tmp.yaml': WITH_ERROR,
  });
  const r = await run('lint', '--format', 'json', dir);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(JSON.parse(r.out), []);
  const text = await run('lint', dir);
  assert.match(text.out, /^2 files, 0 errors/);
  const explicit = await run('lint', '--format', 'json', join(dir, 'bad.yaml'));
  assert.equal(explicit.code, 1, 'a file named on the command line is linted');
});

test('lint: several paths are linted together (cross-file rules see all of them)', async () => {
  const a = folder({ 'cert.yaml': CLEAN.replace('kind: ClusterIssuer', 'kind: Issuer') });
  const b = folder({ 'issuer.yaml': CLUSTER_ISSUER });
  const alone = JSON.parse((await run('lint', '--format', 'json', a)).out).map((x: { code: string }) => x.code);
  assert.deepEqual(alone, ['issuer-not-found']);
  const together = await run('lint', '--format', 'json', a, b);
  assert.equal(together.code, 0, 'a kind mismatch is a warning: the issuer may exist in the cluster');
  assert.equal((await run('lint', '--format', 'json', '--fail-on', 'warning', a, b)).code, 1);
  assert.deepEqual(JSON.parse(together.out).map((x: { code: string }) => x.code), ['issuer-kind-mismatch']);
});
