// Regression tests for linter bugs found while writing the lint-* tests: each asserts the
// correct behaviour (they failed before the fixes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, type TextEdit } from '../../src/core/lint/index';
import { parseGoDuration } from '../../src/core/lint/durations';
import { maskTemplates } from '../../src/core/lint/model';
import { main } from '../../src/cli/main';
import { LintEngine } from '../../src/node/lint-engine';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const apply = (text: string, edits: TextEdit[]) => { for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end); return text; };
const C = (spec: string) => 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: prod\nspec:\n' + spec;
const CI = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  selfSigned: {}\n';
const slice = (t: string, f: { start: number; end: number }) => t.slice(f.start, f.end);

test('regression 1: "Remove key encipherment" on a flow list deletes the whole usages line', () => {
  const text = C('  secretName: w\n  dnsNames: [w]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n  privateKey: {algorithm: ECDSA}\n  usages: [digital signature, key encipherment, server auth]\n');
  const f = lintTexts([{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }]).find((x) => x.code === 'usage-key-encipherment-ecdsa')!;
  assert.equal(apply(text, f.fixes![0].edits), text.replace('key encipherment, ', ''));
});

test('regression 1b: "Remove server auth" (usage-ca-leaf) on a flow list deletes cert sign too', () => {
  const text = C('  isCA: true\n  commonName: r\n  secretName: w\n  issuerRef: {name: ca, kind: ClusterIssuer}\n  usages: [cert sign, server auth]\n');
  const f = lintTexts([{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }]).find((x) => x.code === 'usage-ca-leaf')!;
  assert.equal(apply(text, f.fixes![0].edits), text.replace('[cert sign, server auth]', '[cert sign]'));
});

test('regression 2: "Change kind to ClusterIssuer" with a flow issuerRef inserts spec.kind instead of issuerRef.kind', () => {
  const text = C('  secretName: w\n  dnsNames: [w]\n  issuerRef: {name: ca}\n');
  const files = [{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }];
  const f = lintTexts(files).find((x) => x.code === 'issuer-kind-mismatch')!;
  const after = apply(text, f.fixes![0].edits);
  assert.deepEqual(lintTexts([{ path: 'c.yaml', text: after }, files[1]]).map((x) => x.code), [], after);
});

test('regression 3: an unresolved alias (unquoted wildcard "- *.prod.svc") is not a YAML error (kubectl: unknown anchor)', () => {
  const text = C('  secretName: w\n  dnsNames:\n    - *.prod.svc\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n');
  const fs = lintTexts([{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }]);
  assert.deepEqual(fs.map((x) => [x.code, slice(text, x)]), [['yaml-syntax', '*.prod.svc']]);
});

test('regression 4a: aliases are not resolved: dnsNames: *names gives a false no-identity error', () => {
  const text = 'x-names: &names\n  - web.prod.svc\n' + C('  secretName: w\n  dnsNames: *names\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n');
  assert.deepEqual(lintTexts([{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }]).map((x) => x.code), []);
});

test('regression 4b: aliases are not resolved: pod labels via *labels hide a Service-coverage warning', () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\n  labels: &labels\n    app: api\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      containers:\n        - name: api\n          image: api\n      volumes:\n        - name: tls\n          secret:\n            secretName: api-tls\n';
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 443\n';
  const cert = C('  secretName: api-tls\n  dnsNames:\n    - api.prod.svc\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n');
  const codes = lintTexts([{ path: 'd.yaml', text: dep }, { path: 's.yaml', text: svc }, { path: 'c.yaml', text: cert }, { path: 'i.yaml', text: CI }]).map((x) => x.code);
  assert.deepEqual(codes, ['san-service-coverage']);
});

test('regression 5: Helm if/else setting the same key in both branches is reported as a duplicate-key YAML error', () => {
  const text = C('  secretName: w\n  dnsNames: [w]\n  issuerRef:\n    name: {{ .Values.issuer.name }}\n    {{- if .Values.issuer.cluster }}\n    kind: ClusterIssuer\n    {{- else }}\n    kind: Issuer\n    {{- end }}\n');
  assert.deepEqual(lintTexts([{ path: 'chart/templates/cert.yaml', text }]).map((x) => `${x.code}: ${x.message}`), []);
});

test('regression 6: spire-server entry create with shell variables gives spiffe-id-invalid errors', () => {
  const text = 'TD=example.org\nspire-server entry create -spiffeID spiffe://${TD}/ns/prod/sa/web -parentID "$AGENT_ID" -selector k8s:ns:prod\n';
  assert.deepEqual(lintTexts([{ path: 'register.sh', text }]).map((x) => [x.code, slice(text, x)]), []);
});

test('regression 7: spire-server entry create inside a Helm template is checked unmasked (range "spiffe://{{")', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: reg\nspec:\n  template:\n    spec:\n      containers:\n        - name: r\n          image: spire\n          command: ["sh", "-c", "spire-server entry create -spiffeID spiffe://{{ .Values.trustDomain }}/web -parentID spiffe://{{ .Values.trustDomain }}/agent"]\n';
  assert.deepEqual(lintTexts([{ path: 'chart/templates/job.yaml', text }]).map((x) => [x.code, slice(text, x)]), []);
});

const srv = (v: string) => 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  namespace: spire\ndata:\n  server.conf: |\n    server {\n      trust_domain = ' + v + '\n    }\n';
const agt = (v: string) => 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: spire\ndata:\n  agent.conf: |\n    agent {\n      trust_domain = ' + v + '\n    }\n';

test('regression 8: server.conf in a Helm ConfigMap with trust_domain = {{ ... | quote }} is an hcl-syntax error', () => {
  const text = srv('{{ .Values.trustDomain | quote }}');
  assert.deepEqual(lintTexts([{ path: 'chart/templates/server.yaml', text }]).map((x) => [x.code, slice(text, x)]), []);
});

test('regression 9: templated trust domains in server and agent are compared as masked text (false mismatch)', () => {
  const s = srv('"{{ .Values.trustDomain }}"');
  const a = agt('"{{ .Values.global.trustDomain }}"');
  assert.deepEqual(lintTexts([{ path: 'chart/templates/server.yaml', text: s }, { path: 'chart/templates/agent.yaml', text: a }]).map((x) => x.code), []);
});

/** Counts the characters String.prototype.indexOf examines while fn runs (no clocks). */
function indexOfChars(fn: () => void): number {
  const proto = String.prototype as unknown as { indexOf: (this: string, s: string, from?: number) => number };
  const orig = proto.indexOf;
  let n = 0;
  proto.indexOf = function (this: string, s: string, from?: number) {
    const r = orig.call(this, s, from);
    n += (r < 0 ? this.length : r) - (from ?? 0);
    return r;
  };
  try { fn(); } finally { proto.indexOf = orig; }
  return n;
}

test('regression 12: a line of many template actions followed by text is masked as a plain scalar (no backtracking regex)', () => {
  for (const count of [30, 3000]) {
    const text = 'a: 1\n' + '{{ a }}'.repeat(count) + ' x\n' + '{{- if .x }}\n';
    const { masked, spans } = maskTemplates(text);
    assert.equal(spans.length, count + 1);
    assert.equal(masked.length, text.length);
    const lines = masked.split('\n');
    assert.ok(lines[1].startsWith('xxxxxxx') && lines[1].endsWith(' x'), 'not alone: masked as a scalar');
    assert.ok(lines[2].startsWith('#'), 'alone on its line: masked as a comment');
  }
});

test('regression 13: masking examines each character a bounded number of times (200k unclosed "{{", many actions on one line)', () => {
  for (const text of ['a: ' + '{{'.repeat(200_000) + '\n', 'a: ' + '{{ v }} y '.repeat(20_000) + '\n']) {
    let out: ReturnType<typeof maskTemplates> | undefined;
    const n = indexOfChars(() => { out = maskTemplates(text); });
    assert.equal(out!.masked.length, text.length);
    assert.ok(n <= 10 * text.length, `examined ${n} characters for a ${text.length}-character text`);
  }
});

test('regression 14: yaml-syntax at end of file has end > text.length', () => {
  for (const text of ['{{', 'a: [1, 2\n', 'spec: {a: 1\n']) {
    const f = lintTexts([{ path: 'x.yaml', text }])[0];
    assert.ok(f.end <= text.length, `${JSON.stringify(text)}: [${f.start}, ${f.end}] in ${text.length}`);
  }
});

test('regression 16: parseGoDuration accepts durations Go rejects as overflow', () => {
  assert.equal(parseGoDuration('2562048h').ok, false); // Go: time: invalid duration "2562048h"
});

test('regression 17: CLI text summary says "1 errors" / "1 warnings"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-bug-'));
  writeFileSync(join(dir, 'c.yaml'), C('  secretName: w\n  dnsNames: [w]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n  duration: 90d\n'));
  writeFileSync(join(dir, 'i.yaml'), CI);
  let out = '';
  await main(['lint', dir], { out: (s) => { out += s; }, err: () => {} });
  assert.match(out, /2 files, 1 error, 0 warnings, 0 info\n$/);
});

test('gap 1: the items of a kind: List (kubectl get -o yaml) are linted as objects, also across files', () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n' + [
    C('  secretName: api-tls\n  duration: 90d\n  dnsNames:\n    - api\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    app: api\n',
  ].map((doc) => doc.trimEnd().replace(/^/gm, '    ').replace(/^    /, '  - ') + '\n').join('');
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      volumes:\n        - name: tls\n          secret:\n            secretName: api-tls\n';
  const files = [{ path: 'dump.yaml', text: list }, { path: 'dep.yaml', text: dep }, { path: 'i.yaml', text: CI }];
  const fs = lintTexts(files);
  assert.deepEqual(fs.map((f) => [f.file, f.code, slice(list, f).trim()]), [['dump.yaml', 'duration-syntax', '90d'], ['dump.yaml', 'san-service-coverage', '- api']]);
  assert.ok(fs[1].message.includes('"api.prod"'), fs[1].message);
  // The same after an edit in the editor's engine (the List's items are reused and shifted).
  const engine = new LintEngine();
  engine.update(files);
  engine.lint();
  const edited = '# cluster dump\n' + list;
  engine.update([{ path: 'dump.yaml', text: edited }]);
  assert.deepEqual(engine.lint().map((f) => [f.code, f.start]), lintTexts([{ ...files[0], text: edited }, files[1], files[2]]).map((f) => [f.code, f.start]));
});

test('hostile 1: flow collections nested thousands deep are refused before parsing, the other documents are linted', async () => {
  const { flowDepth } = await import('../../src/core/lint/model');
  assert.deepEqual(['a: [1, {b: [2]}]', 'a: "[[[[" # [[[[', "a: '{{{'", 'a: [', '[[]]\n[[[]]]', "it's: [x]"].map(flowDepth), [3, 0, 0, 1, 3, 1]);
  const deep = 'a: ' + '{a: '.repeat(5000) + '1' + '}'.repeat(5000) + '\n';
  const text = deep + '---\n' + C('  secretName: w\n  duration: 90d\n  dnsNames: [w]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n');
  const fs = lintTexts([{ path: 'c.yaml', text }, { path: 'i.yaml', text: CI }]);
  assert.deepEqual(fs.map((f) => f.code), ['yaml-syntax', 'duration-syntax']);
  assert.match(fs[0].message, /nested 5000 levels deep/);
});
