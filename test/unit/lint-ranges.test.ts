// Ranges inside YAML strings: offsets in a scalar's value map back to the file for every scalar
// style (escapes, folding, quotes, block scalars with indentation indicators), and the findings
// that point inside strings cover exactly the text they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { lintTexts } from '../../src/core/lint/index';
import { valueOffsetMapper, type ParsedFile } from '../../src/core/lint/model';

/** Maps the value substring `inValue` of key `v` and returns the source text it covers. */
function covered(yaml: string, inValue: string, nth = 0): { value: string; source: string } {
  const doc = parseDocument(yaml);
  const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'v') : undefined;
  const node = pair?.value as Node;
  assert.ok(node && isScalar(node), 'a scalar under v');
  const value = String(node.value);
  let at = -1;
  for (let k = 0; k <= nth; k++) at = value.indexOf(inValue, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(inValue)} not in value ${JSON.stringify(value)}`);
  const map = valueOffsetMapper({ text: yaml } as ParsedFile, node);
  return { value, source: yaml.slice(map(at), map(at + inValue.length)) };
}

const CASES: Array<{ name: string; yaml: string; find: string; source: string }> = [
  { name: 'plain', yaml: 'v: spiffe://example.org/web\n', find: 'example.org', source: 'example.org' },
  { name: 'double-quoted with \\t and \\u escapes before', yaml: 'v: "a\\tb spiffe://x.org/\\u0041b"\n', find: 'spiffe://x.org/', source: 'spiffe://x.org/' },
  { name: 'double-quoted: a \\u escape inside the range', yaml: 'v: "a\\tb spiffe://x.org/\\u0041b"\n', find: 'Ab', source: '\\u0041b' },
  { name: 'double-quoted: escaped quotes before', yaml: 'v: "say \\"hi\\" https://svc.ns.svc:8443/"\n', find: 'https://svc.ns.svc:8443', source: 'https://svc.ns.svc:8443' },
  { name: 'double-quoted: \\x and \\\\ escapes', yaml: 'v: "C:\\\\dir \\x41 https://a.b.svc/"\n', find: 'https://a.b.svc', source: 'https://a.b.svc' },
  { name: 'double-quoted: an escaped line break joins lines', yaml: 'v: "https://a.\\\n    b.svc/x"\n', find: 'b.svc', source: 'b.svc' },
  { name: 'double-quoted: a folded line', yaml: 'v: "one\n  two three"\n', find: 'three', source: 'three' },
  { name: 'double-quoted: \\U escape above U+FFFF', yaml: 'v: "\\U0001F600 spiffe://e.org/x"\n', find: 'spiffe://e.org/x', source: 'spiffe://e.org/x' },
  { name: "single-quoted with ''", yaml: "v: 'it''s spiffe://e.org/w'\n", find: 'spiffe://e.org/w', source: 'spiffe://e.org/w' },
  { name: 'plain, folded over lines', yaml: 'v: one\n  two https://x.y.svc:1/\n', find: 'https://x.y.svc:1/', source: 'https://x.y.svc:1/' },
  { name: 'plain: a range across the fold', yaml: 'v: one\n  two\n', find: 'one two', source: 'one\n  two' },
  { name: 'literal |2 with a more-indented first line', yaml: 'v: |2\n     indented first\n    second spiffe://td/x\n', find: 'spiffe://td/x', source: 'spiffe://td/x' },
  { name: 'literal |2: the indented first line', yaml: 'v: |2\n     indented first\n    second\n', find: 'indented', source: 'indented' },
  { name: 'literal with leading empty lines', yaml: 'v: |\n\n\n    x = "a"\n    td = "b"\n', find: '"b"', source: '"b"' },
  { name: 'literal |- and |+ chomping', yaml: 'v: |-\n  a\n  bb\n', find: 'bb', source: 'bb' },
  { name: 'folded >', yaml: 'v: >\n  alpha\n  beta gamma\n', find: 'beta gamma', source: 'beta gamma' },
  { name: 'folded >: a range across the fold', yaml: 'v: >\n  alpha\n  beta\n', find: 'alpha beta', source: 'alpha\n  beta' },
  { name: 'folded > with a more-indented line', yaml: 'v: >\n  a\n    b c\n  d\n', find: 'b c', source: 'b c' },
];

for (const c of CASES) {
  test(`valueOffsetMapper: ${c.name}`, () => {
    assert.equal(covered(c.yaml, c.find).source, c.source);
  });
}

test('valueOffsetMapper: every character of random quoted values maps to itself in the source, escapes aside', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pieces = ['a', 'b', ' ', '\\t', '\\"', '\\\\', '\\n', '\\x41', '\\u00e9', 'spiffe://x/', '\n  ', "'"];
  for (let n = 0; n < 200; n++) {
    let body = '';
    for (let k = 0; k < 12; k++) body += pieces[Math.floor(rnd() * pieces.length)];
    body = body.replace(/^\n\s*/, '').replace(/\n\s*$/, '');
    const yaml = `v: "${body}z"\n`;
    const r = covered(yaml, 'z');
    assert.equal(r.source, 'z', yaml);
  }
});

const DEP = (value: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n          env:\n            - name: UPSTREAM\n              value: ${value}\n      volumes:\n        - name: tls\n          secret:\n            secretName: web-tls\n`;
const API = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    app: api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      volumes:\n        - name: tls\n          secret:\n            secretName: api-tls\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  secretName: api-tls\n  dnsNames: [api, api.prod, api.prod.svc, api.prod.svc.cluster.local]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n';

test('san-dialed-host: the URL range is exact inside a double-quoted env value with escapes', () => {
  const value = '"say \\"x\\" \\u0041 https://api.prod.example:8443/v1"';
  const text = DEP(value);
  const f = lintTexts([{ path: 'web.yaml', text }, { path: 'api.yaml', text: API }]).find((x) => x.code === 'san-dialed-host');
  // api.prod.example is not a Service name form: nothing to check; use a form that is.
  assert.equal(f, undefined);
  const text2 = DEP('"say \\"x\\" \\u0041 https://api:8443/v1 and more"');
  const g = lintTexts([{ path: 'web.yaml', text: text2 }, { path: 'api.yaml', text: API.replace('[api, api.prod, ', '[api.prod, ') }]).find((x) => x.code === 'san-dialed-host');
  assert.ok(g, 'a finding');
  assert.equal(text2.slice(g.start, g.end), 'https://api:8443');
});

test('SPIRE settings inside a |2 block scalar with a more-indented first line: the range is the value', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  namespace: spire\ndata:\n  server.conf: |2\n      # indented comment\n    server {\n      trust_domain = "example.org"\n      ca_ttl = "1d"\n    }\n';
  const agent = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: spire\ndata:\n  agent.conf: >-\n    agent {\n\n      trust_domain = "other.org"\n\n    }\n';
  const fs = lintTexts([{ path: 'spire/server.yaml', text }, { path: 'spire/agent.yaml', text: agent }]);
  const ttl = fs.find((x) => x.code === 'duration-syntax');
  assert.equal(ttl && text.slice(ttl.start, ttl.end), '"1d"');
  const td = fs.find((x) => x.code === 'spiffe-trust-domain-mismatch');
  assert.equal(td && agent.slice(td.start, td.end), '"other.org"');
});

test('a duplicate key finding covers the whole repeated key', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  server.conf: a\n  "server.conf": b\n';
  const f = lintTexts([{ path: 'k8s/cm.yaml', text }]).find((x) => x.code === 'yaml-syntax');
  assert.ok(f);
  assert.equal(text.slice(f.start, f.end), '"server.conf"');
  const text2 = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  name: y\n';
  const g = lintTexts([{ path: 'k8s/s.yaml', text: text2 }]).find((x) => x.code === 'yaml-syntax');
  assert.equal(g && text2.slice(g.start, g.end), 'name');
  assert.equal(g && g.start, text2.lastIndexOf('name'));
});

test('a key repeated a thousand times: one finding per repetition, each at its own key (the fuzzer found this one slow)', () => {
  const text = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  dnsNames:\n' + '    es:\n'.repeat(1000);
  const fs = lintTexts([{ path: 'k8s/cert.yaml', text }]).filter((x) => x.code === 'yaml-syntax');
  assert.equal(fs.length, 999);
  const first = text.indexOf('    es:\n') + 4;
  assert.deepEqual(fs.map((f) => [f.start, f.end]), Array.from({ length: 999 }, (_, i) => [first + (i + 1) * 8, first + (i + 1) * 8 + 2]));
});
