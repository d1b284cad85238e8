// Unknown values in the model (src/core/lint/model.ts, hcl.ts): which fields a template that stands
// alone on its line may write (templateOwners / mayBeTemplated), which entries depend on if/else
// (hasTemplatedEntries), what counts as substituted later (isUnknown), Go string literals in
// actions, and ${VAR} / $VAR in SPIRE's HCL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, hasTemplatedEntries, isUnknown, maskTemplates, mayBeTemplated, parseFile } from '../../src/core/lint/model';
import { parseHcl } from '../../src/core/lint/hcl';

const doc = (body: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n${body}`;

/** [name, text, path that may be templated (or null), paths that are known to be absent]. */
const SHAPES: Array<[string, string, string[][], string[][]]> = [
  ['next-line include writes the key', doc('spec:\n  secretName:\n    {{ include "x.fullname" . }}\n'), [['spec', 'secretName']], [['spec', 'issuerRef']]],
  ['toYaml | nindent 2 under spec', doc('spec:\n  {{- toYaml .Values.spec | nindent 2 }}\n'), [['spec', 'secretName'], ['spec', 'issuerRef', 'name']], []],
  ['column-0 action with indent 2 adds to spec', doc('spec:\n  secretName: a\n{{ toYaml .Values.more | indent 2 }}\n'), [['spec', 'dnsNames']], [['metadata', 'namespace']]],
  ['nested nindent 4 adds to issuerRef only', doc('spec:\n  secretName: a\n  issuerRef:\n    kind: Issuer\n    {{- include "x.issuerName" . | nindent 4 }}\n'), [['spec', 'issuerRef', 'name']], [['spec', 'dnsNames']]],
  ['with/end around a key: the key is there, nothing is printed beside it', doc('spec:\n  {{- with .Values.dnsNames }}\n  dnsNames:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n  secretName: a\n'), [['spec', 'dnsNames']], [['spec', 'issuerRef']]],
  ['same-line nindent makes the value unknown', doc('  labels: {{- include "x.labels" . | nindent 4 }}\nspec:\n  secretName: a\n'), [['metadata', 'labels', 'app']], [['spec', 'dnsNames']]],
  ['an action printing into a nested map (keystores.pkcs12)', doc('spec:\n  keystores:\n    pkcs12:\n      create: true\n      {{- include "x.password" . | nindent 6 }}\n'), [['spec', 'keystores', 'pkcs12', 'passwordSecretRef']], [['spec', 'secretName']]],
  ['a control line at the document root prints nothing', `{{- if .Values.enabled }}\n${doc('spec:\n  secretName: a\n')}{{- end }}\n`, [], [['spec', 'issuerRef'], ['spec', 'dnsNames']]],
  ['a block scalar with template lines stays a scalar', doc('spec:\n  secretName: a\n  literalSubject: |\n    {{- include "x.subject" . | nindent 4 }}\n'), [], [['spec', 'issuerRef']]],
];

for (const [name, text, maybe, absent] of SHAPES) {
  test(`unknown shapes: ${name}`, () => {
    const f = parseFile('chart/templates/c.yaml', text);
    assert.equal(f.manifests.length, 1, 'one object parsed');
    const m = f.manifests[0];
    assert.equal(m.kind, 'Certificate');
    for (const p of maybe) assert.equal(mayBeTemplated(m, ...p), true, `${p.join('.')} may be templated`);
    for (const p of absent) assert.equal(mayBeTemplated(m, ...p), false, `${p.join('.')} is known to be absent`);
  });
}

test('unknown shapes: if/else around keys makes the entries depend on templates, plain maps do not', () => {
  const f = parseFile('c.yaml', doc('spec:\n  {{- if .Values.ca }}\n  ca:\n    secretName: x\n  {{- else }}\n  selfSigned: {}\n  {{- end }}\n  other:\n    a: 1\n'));
  const m = f.manifests[0];
  assert.equal(hasTemplatedEntries(f, get(m.root, 'spec')), true);
  assert.equal(hasTemplatedEntries(f, get(m.root, 'spec', 'other')), false);
  assert.equal(hasTemplatedEntries(f, get(m.root, 'metadata')), false);
});

test('isUnknown: templates, $(VAR), ${VAR}, $VAR and <placeholders>; literals are known', () => {
  const text = 'a: $(SERVICE_NAME).svc\nb: ${DOMAIN}\nc: www.$DOMAIN_NAME\nd: <base64-encoded-ca-cert>\ne: {{ .Values.x }}\nf: web.example.com\ng: price $5\nh: Jane <jane@example.com>\n';
  const f = parseFile('x.yaml', text);
  const root = f.manifests[0].root;
  const unknown = Object.fromEntries('abcdefgh'.split('').map((k) => [k, isUnknown(f, get(root, k))]));
  assert.deepEqual(unknown, { a: true, b: true, c: true, d: true, e: true, f: false, g: false, h: false });
  assert.equal(parseFile('y.yaml', 'name: plain\n').manifests.length, 1);
});

test('maskTemplates: "}}" and "{{" inside Go string literals do not end or start an action', () => {
  const text = 'id: "spiffe://{{ "{{" }} .TrustDomain {{ "}}" }}/ns/{{ `}}` }}x"\n';
  const { masked, spans } = maskTemplates(text);
  assert.deepEqual(spans.map(([s, e]) => text.slice(s, e)), ['{{ "{{" }}', '{{ "}}" }}', '{{ `}}` }}']);
  assert.equal(masked.length, text.length);
  assert.ok(!/[{}]/.test(masked));
  // An unterminated quote is not a string: the action still ends at the next "}}".
  assert.deepEqual(maskTemplates('a: {{ " }} b\n').spans.map(([s, e]) => e - s), ['{{ " }}'.length]);
});

test('HCL: ${VAR} and $VAR (-expandEnv) are unknown values; bare words only with templates', () => {
  const src = 'server {\n  bind_port = ${PORT}\n  trust_domain = "${TD}"\n  log_level = "$LEVEL"\n  ca_ttl = "24h"\n}\n';
  const res = parseHcl(src);
  assert.equal(res.error, undefined);
  const byPath = Object.fromEntries(res.attributes.map((a) => [a.path, [a.value, !!a.unknown, src.slice(a.start, a.end)]]));
  assert.deepEqual(byPath, {
    'server.bind_port': ['${PORT}', true, '${PORT}'],
    'server.trust_domain': ['${TD}', true, '"${TD}"'],
    'server.log_level': ['$LEVEL', true, '"$LEVEL"'],
    'server.ca_ttl': ['24h', false, '"24h"'],
  });
  assert.match(parseHcl('server {\n  port = xxxx\n}\n').error!.message, /expected a value/);
  assert.equal(parseHcl('server {\n  port = xxxx\n}\n', { bareWords: true }).attributes[0].unknown, true);
});
