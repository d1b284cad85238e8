// Re-linting after edits reuses parsed documents and findings; the result must equal a fresh lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintTexts } from '../../src/core/lint/index';
import { LintEngine } from '../../src/node/lint-engine';
import { FIXTURES } from './helpers';

const dir = join(FIXTURES, 'workspaces', 'lint', 'k8s');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ path: `k8s/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
const big = files.map((f) => f.text.trimEnd()).join('\n---\n') + '\n';

function strip(list: ReturnType<typeof lintTexts>) {
  return list.map((f) => ({ file: f.file, start: f.start, end: f.end, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, code: f.code, message: f.message, fixes: JSON.stringify(f.fixes ?? []), related: JSON.stringify(f.related ?? []) }));
}

// A fixed-seed generator: the same edits on every run.
function rng(seed: number) {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

const EDITS: Array<(t: string, r: () => number) => string> = [
  (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + 'x' + t.slice(i); },
  (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + t.slice(i + 1); },
  (t, r) => { const lines = t.split('\n'); const i = Math.floor(r() * lines.length); lines.splice(i, 0, lines[Math.floor(r() * lines.length)]); return lines.join('\n'); },
  (t, r) => { const lines = t.split('\n'); lines.splice(Math.floor(r() * lines.length), 1); return lines.join('\n'); },
  (t, r) => { const i = t.indexOf('\n---\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n' + t.slice(i + 5); },
  (t, r) => { const i = t.indexOf('\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n---\nkind: ConfigMap' + t.slice(i); },
  (t, r) => { const i = t.indexOf('\n---\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n---x\n' + t.slice(i + 5); },
  (t, r) => { const i = t.indexOf('\n---', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + ' ' + t.slice(i + 1); },
  (t) => t.replace('duration: 90d', 'duration: 2160h'),
  (t) => t.replace('- payments.production.svc\n', '- payments.production.svc\n    - payments.production\n'),
];

test('300 random edits: incremental re-lint equals a fresh lint every time', () => {
  const r = rng(42);
  const engine = new LintEngine();
  let text = big;
  engine.update([{ path: 'all.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'all.yaml', text }])));
  for (let n = 0; n < 300; n++) {
    text = EDITS[Math.floor(r() * EDITS.length)](text, r);
    engine.update([{ path: 'all.yaml', text }]);
    const incremental = strip(engine.lint());
    const fresh = strip(lintTexts([{ path: 'all.yaml', text }]));
    assert.deepEqual(incremental, fresh, `edit ${n} diverged`);
  }
});

test('duplicate documents and moved blocks stay consistent', () => {
  const engine = new LintEngine();
  const doc = files[1].text.trimEnd();
  let text = [doc, doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  engine.lint();
  text = [doc, 'kind: ConfigMap', doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'dup.yaml', text }])));
  text = [doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'dup.yaml', text }])));
});

// Edits that keep or change the relations between objects, over several files: the cross-file
// rules re-check only the units an edited document takes part in, and must agree with a fresh lint.
test('400 edits across files: cross-file results after partial re-checks equal a fresh lint', async () => {
  const { generate } = await import('../bench/lint-bench');
  const { crossFileRuns } = await import('../../src/core/lint/rules/crossfile');
  const r = rng(7);
  const texts = new Map<string, string>([['gen.yaml', generate(40)], ...files.map((f) => [f.path, f.text] as [string, string])]);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const lineEdit = (t: string, re: RegExp, f: (line: string) => string) => {
    const lines = t.split('\n');
    const at = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
    if (!at.length) return t;
    const i = pick(at);
    lines[i] = f(lines[i]);
    return lines.join('\n');
  };
  const MUTATIONS: Array<(t: string) => string> = [
    (t) => lineEdit(t, /^\s+- svc-\d+(\.ns-\d+)?(\.svc)?$/, (l) => l + 'x'),
    (t) => lineEdit(t, /^\s+- [a-z0-9.-]+\.svc(\.cluster\.local)?$/, (l) => l.replace(/\.svc/, '.svcx')),
    (t) => lineEdit(t, /^\s+- (server|client) auth$/, (l) => l.replace(/(server|client) auth/, 'digital signature')),
    (t) => lineEdit(t, /^\s+- digital signature$/, (l) => l.replace('digital signature', pick(['client auth', 'server auth']))),
    (t) => lineEdit(t, /^\s+isCA: /, (l) => l.replace(/true|false/, (v) => (v === 'true' ? 'false' : 'true'))),
    (t) => lineEdit(t, /^\s+(name|namespace|secretName): /, (l) => l + 'z'),
    (t) => lineEdit(t, /^\s+value: "https:/, (l) => l.replace(/svc-(\d+)/, (_, n) => `svc-${(Number(n) + 1) % 45}`)),
    (t) => lineEdit(t, /^\s+app: /, (l) => l + 'q'),
    (t) => lineEdit(t, /^\s+kind: (Issuer|ClusterIssuer)$/, (l) => l.replace(/Issuer|ClusterIssuer/, (v) => (v === 'Issuer' ? 'ClusterIssuer' : 'Issuer'))),
    (t) => lineEdit(t, /^[a-z]/, (l) => `# note\n${l}`),
    (t) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + pick(['x', ' ', '\n', '-', ':']) + t.slice(i); },
  ];
  const engine = new LintEngine();
  engine.update([...texts].map(([path, text]) => ({ path, text })));
  engine.lint();
  const before = { ...crossFileRuns };
  for (let n = 0; n < 400; n++) {
    const path = r() < 0.7 ? 'gen.yaml' : pick([...texts.keys()]);
    const text = pick(MUTATIONS)(texts.get(path)!);
    texts.set(path, text);
    engine.update([{ path, text }]);
    const incremental = strip(engine.lint());
    const fresh = strip(lintTexts([...texts].map(([p, t]) => ({ path: p, text: t }))));
    assert.deepEqual(incremental, fresh, `edit ${n} in ${path} diverged`);
  }
  // Both paths ran: partial re-checks (relations kept) and full runs (relations changed).
  assert.ok(crossFileRuns.incremental - before.incremental > 100, `incremental runs: ${crossFileRuns.incremental - before.incremental}`);
  assert.ok(crossFileRuns.full - before.full > 20, `full runs: ${crossFileRuns.full - before.full}`);
});

test('commonPrefix and commonSuffix: the edited region of two texts', async () => {
  const { commonPrefix, commonSuffix } = await import('../../src/core/lint/model');
  const long = 'abc'.repeat(40000);
  const cases: Array<[string, string, number, number]> = [
    ['', '', 0, 0],
    ['abc', 'abc', 3, 0],
    ['abc', 'abd', 2, 0],
    ['xbc', 'abc', 0, 2],
    [long, long.slice(0, 70000) + 'Z' + long.slice(70000), 70000, long.length - 70000],
    [long, long.slice(0, 99999) + long.slice(100000), 99999, long.length - 100000],
    [long + 'q', long + 'r', long.length, 0],
  ];
  for (const [a, b, p, s] of cases) {
    const prefix = commonPrefix(a, b);
    assert.equal(prefix, p, `prefix of ${a.length}/${b.length}`);
    assert.equal(commonSuffix(a, b, Math.min(a.length, b.length) - prefix), s, `suffix of ${a.length}/${b.length}`);
  }
});

// g18: a re-lint takes over the previous run's indexes when only objects with the same index keys
// were re-parsed (Workspace.reuseIndexes); edits that change those keys rebuild them. Either way
// the findings equal a fresh lint's, including the cross-file ones that follow issuers and Secrets.
test('re-lint with indexes taken over: cross-file findings follow edits exactly as a fresh lint', () => {
  const pki = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: selfsigned}
spec: {selfSigned: {}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: root
  namespace: cert-manager
spec:
  isCA: true
  commonName: root
  secretName: root-ca
  duration: 8760h
  issuerRef:
    name: selfsigned
    kind: ClusterIssuer
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca
spec:
  ca:
    secretName: root-ca
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: cert-manager
spec:
  secretName: web-tls
  duration: 2160h
  dnsNames: [web.example]
  issuerRef:
    name: ca
    kind: ClusterIssuer
`;
  const steps: Array<{ edit: (t: string) => string; has: boolean }> = [
    { edit: (t) => t.replace('duration: 8760h', 'duration: 720h'), has: true }, // same keys: indexes taken over
    { edit: (t) => t.replace('duration: 720h', 'duration: 8760h'), has: false },
    { edit: (t) => t.replace('duration: 8760h', 'duration: 721h'), has: true },
    { edit: (t) => t.replace('secretName: root-ca\n  duration', 'secretName: other-ca\n  duration'), has: false }, // a key changed: rebuilt
    { edit: (t) => t.replace('secretName: other-ca\n  duration', 'secretName: root-ca\n  duration'), has: true },
    { edit: (t) => t.replace('name: ca\n    kind', 'name: cb\n    kind'), has: false },
  ];
  const engine = new LintEngine();
  let text = pki;
  engine.update([{ path: 'pki.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'pki.yaml', text }])));
  for (const [i, s] of steps.entries()) {
    text = s.edit(text);
    engine.update([{ path: 'pki.yaml', text }]);
    const got = engine.lint();
    assert.deepEqual(strip(got), strip(lintTexts([{ path: 'pki.yaml', text }])), `step ${i}`);
    assert.equal(got.some((f) => f.code === 'leaf-outlives-ca'), s.has, `step ${i}: leaf-outlives-ca`);
  }
});

// g18 (#18 speed): the language server re-lints after each edit with what it kept from the last
// run (parsed documents, object findings, indexes, cross-file units and rule results). A table of
// edits over a multi-file workspace, each compared with a fresh LintEngine's findings.
test('edit table over a multi-file workspace: incremental findings equal a fresh engine after every step', async () => {
  const { generate } = await import('../bench/lint-bench');
  const secret = `apiVersion: v1
kind: Secret
metadata:
  name: shared-ca
  namespace: production
type: Opaque
stringData:
  ca.crt: placeholder
`;
  const consumer = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: consumer
  namespace: production
spec:
  selector:
    matchLabels:
      app: consumer
  template:
    metadata:
      labels:
        app: consumer
    spec:
      containers:
        - name: app
          image: consumer:1
          env:
            - name: TARGET
              value: "https://payments.production.svc:8443/"
            - name: SSL_CERT_FILE
              value: /ca/ca.crt
          volumeMounts:
            - name: ca
              mountPath: /ca
      volumes:
        - name: ca
          secret:
            secretName: shared-ca
            items:
              - key: ca.crt
                path: ca.crt
`;
  const texts = new Map<string, string>([
    ...files.map((f) => [f.path, f.text] as [string, string]),
    ['k8s/secret.yaml', secret],
    ['apps/consumer.yaml', consumer],
    ['gen/big.yaml', generate(30)],
    ['trust/pki.yaml', generate(12, true)],
    // A CA made by a script: its Certificate object is made anew every run.
    ['scripted/ca.sh', 'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj "/CN=script-ca"\nkubectl create secret tls script-ca --cert=ca.crt --key=ca.key -n production\n'],
    ['scripted/issuer.yaml', 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: script-ca\n  namespace: production\nspec:\n  ca:\n    secretName: script-ca\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: leaf\n  namespace: production\nspec:\n  secretName: leaf-tls\n  duration: 2160h\n  dnsNames: [leaf.production.svc]\n  issuerRef:\n    name: script-ca\n'],
  ]);
  type Step = { name: string; path: string; edit: (t: string | undefined) => string | null };
  const replace = (a: string, b: string) => (t: string | undefined) => {
    if (!t?.includes(a)) throw new Error(`the fixture lacks ${JSON.stringify(a)}`);
    return t.replace(a, b);
  };
  const extraDoc = `---
apiVersion: v1
kind: Service
metadata:
  name: extra
  namespace: production
spec:
  selector:
    app: payments
  ports:
    - port: 443
`;
  const steps: Step[] = [
    { name: 'change a SAN', path: 'k8s/payments.yaml', edit: replace('- payments.production.svc\n', '- payments.production.svc.cluster.local\n') },
    { name: 'change it back', path: 'k8s/payments.yaml', edit: replace('- payments.production.svc.cluster.local\n', '- payments.production.svc\n') },
    { name: 'change a SAN in the generated file', path: 'gen/big.yaml', edit: replace('    - svc-7.ns-7\n', '    - svc-7.ns-7x\n') },
    { name: 'add a document', path: 'k8s/payments.yaml', edit: (t) => t!.trimEnd() + '\n' + extraDoc },
    { name: 'remove it', path: 'k8s/payments.yaml', edit: (t) => t!.replace('\n' + extraDoc, '\n') },
    { name: 'rename a Service', path: 'k8s/ledger.yaml', edit: replace('kind: Service\nmetadata:\n  name: ledger\n', 'kind: Service\nmetadata:\n  name: ledger-v2\n') },
    { name: 'rename it back', path: 'k8s/ledger.yaml', edit: replace('name: ledger-v2\n', 'name: ledger\n') },
    { name: 'rename a generated Service', path: 'gen/big.yaml', edit: replace('kind: Service\nmetadata:\n  name: svc-3\n', 'kind: Service\nmetadata:\n  name: svc-3b\n') },
    { name: 'edit a Secret referenced from another file', path: 'k8s/secret.yaml', edit: replace('  ca.crt: placeholder\n', '  tls.crt: placeholder\n') },
    { name: 'rename that Secret', path: 'k8s/secret.yaml', edit: replace('name: shared-ca', 'name: shared-ca-2') },
    { name: 'point the consumer at it', path: 'apps/consumer.yaml', edit: replace('secretName: shared-ca\n', 'secretName: shared-ca-2\n') },
    { name: 'delete the Secret file', path: 'k8s/secret.yaml', edit: () => null },
    { name: 'create it again', path: 'k8s/secret.yaml', edit: () => secret },
    { name: 'break YAML', path: 'gen/big.yaml', edit: replace('  duration: 720h\n', '  duration: [720h\n') },
    { name: 'edit elsewhere while broken', path: 'gen/big.yaml', edit: replace('    - svc-11.ns-11\n', '    - svc-11.ns-11y\n') },
    { name: 'fix YAML', path: 'gen/big.yaml', edit: replace('  duration: [720h\n', '  duration: 720h\n') },
    { name: 'break YAML in a small file', path: 'k8s/ledger.yaml', edit: replace('kind: Service\n', 'kind: Service\n  bad: [\n') },
    { name: 'fix it', path: 'k8s/ledger.yaml', edit: replace('kind: Service\n  bad: [\n', 'kind: Service\n') },
    { name: 'an issuer renamed', path: 'k8s/issuers.yaml', edit: (t) => t!.replace(/name: mtls-ca-issuer/g, 'name: mtls-ca-issuer-2') },
    { name: 'a same-length value edit', path: 'gen/big.yaml', edit: replace('  duration: 720h\n', '  duration: 721h\n') },
    { name: 'a usage removed', path: 'k8s/payments.yaml', edit: replace('    - client auth\n', '') },
    { name: 'a template expression typed into a plain file', path: 'gen/big.yaml', edit: replace('    - svc-9.ns-9.svc\n', '    - {{ .Values.host }}\n') },
    { name: 'and removed', path: 'gen/big.yaml', edit: replace('    - {{ .Values.host }}\n', '    - svc-9.ns-9.svc\n') },
    { name: 'a substitution typed in (unknown, never wrong)', path: 'gen/big.yaml', edit: replace('    - svc-9.ns-9.svc\n', '    - ${HOST}\n') },
    { name: 'and removed again', path: 'gen/big.yaml', edit: replace('    - ${HOST}\n', '    - svc-9.ns-9.svc\n') },
    { name: 'a vault call typed into a manifest', path: 'k8s/payments.yaml', edit: replace('  renewBefore: 168h\n', '  renewBefore: 168h\n  # vault write pki/issue/web ttl=9000h\n') },
    { name: 'a leaf of the scripted CA edited', path: 'scripted/issuer.yaml', edit: replace('  duration: 2160h\n', '  duration: 2161h\n') },
    { name: 'and again', path: 'scripted/issuer.yaml', edit: replace('  duration: 2161h\n', '  duration: 240h\n') },
    { name: 'the script edited', path: 'scripted/ca.sh', edit: replace('-days 30', '-days 3650') },
    { name: 'the leaf edited after it', path: 'scripted/issuer.yaml', edit: replace('  duration: 240h\n', '  duration: 2160h\n') },
    { name: 'the root CA made short-lived (its leaves outlive it)', path: 'trust/pki.yaml', edit: replace('  duration: 87600h\n', '  duration: 100h\n') },
    { name: 'a leaf edited while they do', path: 'trust/pki.yaml', edit: replace('    - svc-3.ns-3\n', '    - svc-3.ns-3z\n') },
    { name: 'a leaf made shorter than the CA', path: 'trust/pki.yaml', edit: replace('  duration: 720h\n', '  duration: 90h\n') },
    { name: 'the root CA long-lived again', path: 'trust/pki.yaml', edit: replace('  duration: 100h\n', '  duration: 87600h\n') },
    { name: 'the CA issuer pointed at another Secret', path: 'trust/pki.yaml', edit: replace('    secretName: ca-key-pair\n', '    secretName: other-pair\n') },
    { name: 'and back', path: 'trust/pki.yaml', edit: replace('    secretName: other-pair\n', '    secretName: ca-key-pair\n') },
    { name: 'the root CA short-lived once more', path: 'trust/pki.yaml', edit: replace('  duration: 87600h\n', '  duration: 200h\n') },
  ];
  const engine = new LintEngine();
  engine.update([...texts].map(([path, text]) => ({ path, text })));
  const fresh = () => { const e = new LintEngine(); e.update([...texts].map(([path, text]) => ({ path, text }))); return strip(e.lint()); };
  assert.deepEqual(strip(engine.lint()), fresh());
  const codes = new Set<string>();
  for (const s of steps) {
    const text = s.edit(texts.get(s.path));
    if (text === null) texts.delete(s.path); else texts.set(s.path, text);
    engine.update([{ path: s.path, text }]);
    const got = strip(engine.lint());
    assert.deepEqual(got, fresh(), `after "${s.name}"`);
    for (const f of got) codes.add(f.code);
  }
  // The table exercised cross-file rules and syntax errors, not only per-object ones.
  for (const c of ['yaml-syntax', 'san-service-coverage', 'issuer-not-found', 'leaf-outlives-ca']) assert.ok(codes.has(c), `${c} seen: ${[...codes].join(', ')}`);
});
