// The linter on realistic inputs that are right (test/fixtures/lint/): a Helm chart with
// if/range/include/toYaml/nindent/quote/default, kustomize bases and overlays with strategic-merge
// and JSON6902 patches, plain values files, a multi-document file with anchors and aliases.
// None of them may produce errors or warnings. Then broken and hostile inputs: one bad document
// among good ones, an alias bomb, and odd texts that must never make lintTexts throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintTexts, type LintFinding } from '../../src/core/lint/index';
import { FIXTURES, readFolder } from './helpers';

type Input = { path: string; text: string };

const CORPUS = join(FIXTURES, 'lint');

const group = (name: string): Input[] => readFolder(CORPUS, name);

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function show(files: Input[], findings: LintFinding[]): string {
  return findings.map((f) => {
    const text = files.find((x) => x.path === f.file)?.text ?? '';
    return `${f.file}:${lineOf(text, f.start)} ${f.severity} ${f.code} ${JSON.stringify(text.slice(f.start, f.end))}: ${f.message}`;
  }).join('\n');
}

const serious = (fs: LintFinding[]) => fs.filter((f) => f.severity === 'error' || f.severity === 'warning');

function replaceIn(files: Input[], path: string, from: string, to: string): Input[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    assert.ok(f.text.includes(from), `${path} contains ${JSON.stringify(from)}`);
    return { path: f.path, text: f.text.replace(from, to) };
  });
}

// ---- the corpus: right inputs -------------------------------------------------------------------

test('corpus: the folders hold the expected kinds of files', () => {
  const helm = group('helm').map((f) => f.path);
  for (const p of ['Chart.yaml', 'values.yaml', 'templates/_helpers.tpl', 'templates/NOTES.txt', 'templates/certificate.yaml', 'templates/issuer.yaml', 'templates/deployment.yaml', 'templates/service.yaml']) {
    assert.ok(helm.includes(`helm/mtls-service/${p}`), p);
  }
  const kustomize = group('kustomize').map((f) => f.path);
  assert.ok(kustomize.includes('kustomize/overlays/prod/certificate-dnsnames.json6902.yaml'));
  assert.ok(kustomize.includes('kustomize/overlays/staging/kustomization.yaml'));
});

test('Helm chart: no errors, no warnings, no findings at all in templates/', () => {
  const files = group('helm');
  const findings = lintTexts(files);
  assert.deepEqual(serious(findings), [], show(files, findings));
  assert.deepEqual(findings.filter((f) => f.file.includes('/templates/')), [], show(files, findings));
});

test('Helm chart: template files are linted, not skipped (a literal mistake in a template is found)', () => {
  const files = replaceIn(group('helm'), 'helm/mtls-service/templates/certificate.yaml', 'rotationPolicy: Always', 'rotationPolicy: always');
  const findings = lintTexts(files);
  assert.deepEqual(findings.map((f) => [f.file, f.code, lineOf(files.find((x) => x.path === f.file)!.text, f.start)]), [
    ['helm/mtls-service/templates/certificate.yaml', 'rotation-policy-invalid', 30],
  ], show(files, findings));
});

test('Helm chart: values.yaml with a "90d" is plain data, not a Certificate', () => {
  const files = replaceIn(group('helm'), 'helm/mtls-service/values.yaml', 'duration: 2160h', 'duration: 90d');
  assert.deepEqual(lintTexts(files), []);
});

test('kustomize base and overlays: no errors or warnings', () => {
  const files = group('kustomize');
  const findings = lintTexts(files);
  assert.deepEqual(serious(findings), [], show(files, findings));
  assert.deepEqual(findings, [], show(files, findings));
});

test('kustomize: each overlay linted with the base on its own is clean too', () => {
  const all = group('kustomize');
  for (const overlay of ['prod', 'staging']) {
    const files = all.filter((f) => f.path.startsWith('kustomize/base/') || f.path.startsWith(`kustomize/overlays/${overlay}/`));
    const findings = lintTexts(files);
    assert.deepEqual(findings, [], `${overlay}:\n${show(files, findings)}`);
  }
});

test('kustomize: strategic-merge patches get value rules only (a bad value is found, missing required fields are not)', () => {
  const files = replaceIn(group('kustomize'), 'kustomize/overlays/prod/certificate-duration.yaml', 'duration: 2160h', 'duration: 90d');
  const findings = lintTexts(files);
  assert.deepEqual(findings.map((f) => [f.file, f.code, f.fixes?.[0]?.edits[0]?.newText]), [['kustomize/overlays/prod/certificate-duration.yaml', 'duration-syntax', '2160h']], show(files, findings));
});

test('kustomize: the same partial Certificate outside any kustomization is a whole object (required fields missing)', () => {
  const files = group('kustomize').filter((f) => f.path === 'kustomize/overlays/prod/certificate-duration.yaml');
  const codes = lintTexts(files).map((f) => f.code).sort();
  assert.deepEqual(codes, ['issuer-ref-required', 'no-identity', 'secret-name-required']);
});

test('plain values and config files: no findings', () => {
  const files = group('plain');
  const findings = lintTexts(files);
  assert.deepEqual(findings, [], show(files, findings));
});

test('multi-document file with anchors and aliases: no findings', () => {
  const files = group('multidoc');
  const findings = lintTexts(files);
  assert.deepEqual(findings, [], show(files, findings));
});

test('the whole corpus linted as one workspace: no errors or warnings', () => {
  const files = ['helm', 'kustomize', 'plain', 'multidoc'].flatMap(group);
  const findings = lintTexts(files);
  assert.deepEqual(serious(findings), [], show(files, findings));
});

// ---- one broken document among good ones -------------------------------------------------------

const GOOD_CERT = (name: string, extra: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: prod
spec:
  secretName: ${name}-tls
  dnsNames:
    - ${name}.prod.svc
  issuerRef:
    name: ca
    kind: ClusterIssuer
${extra}`;

const ISSUER = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca
spec:
  selfSigned: {}
`;

test('multi-document file: one invalid document gives one yaml-syntax finding at its line; the others are still linted', () => {
  const text = [
    GOOD_CERT('first', '  duration: 90d\n'),
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: value\n  other: @oops\n',
    '---\n' + GOOD_CERT('third', '  ipAddresses:\n    - 10.0.0.300\n'),
    '---\n' + ISSUER,
  ].join('');
  const files = [{ path: 'k8s/all.yaml', text }];
  const findings = lintTexts(files);
  const at = (code: string) => findings.filter((f) => f.code === code).map((f) => [lineOf(text, f.start), text.slice(f.start, f.end)]);
  assert.deepEqual(at('yaml-syntax'), [[21, '@']], show(files, findings));
  assert.deepEqual(at('duration-syntax'), [[13, '90d']]);
  assert.deepEqual(at('ip-invalid'), [[36, '10.0.0.300']]);
  assert.deepEqual(findings.map((f) => f.code).sort(), ['duration-syntax', 'ip-invalid', 'yaml-syntax'], show(files, findings));
});

test('multi-document file: a broken first document does not hide the later ones', () => {
  const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: [oops\n---\n' + GOOD_CERT('second', '  renewBefore: 1m\n') + '---\n' + ISSUER;
  const findings = lintTexts([{ path: 'k8s/all.yaml', text }]);
  assert.deepEqual(findings.map((f) => [f.code, lineOf(text, f.start)]), [['yaml-syntax', 5], ['renew-before-too-short', 18]]);
});

// ---- hostile inputs -----------------------------------------------------------------------------

function aliasBomb(levels: number, width: number): string {
  let text = `l0: &l0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i <= levels; i++) text += `l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}

test('a "billion laughs" alias bomb is handled quickly, without expanding it and without throwing', () => {
  const bomb = aliasBomb(9, 10);
  const inCert = GOOD_CERT('bomb', '  dnsNames2: *l9\n').replace('spec:\n', `x: ${'&a [1]'}\nspec:\n`);
  const findings = lintTexts([
    { path: 'bomb.yaml', text: bomb },
    { path: 'bomb-multi.yaml', text: bomb + '---\n' + bomb + '---\n' + ISSUER },
    { path: 'bomb-cert.yaml', text: bomb.replace(/\n$/, '\n') + 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: b\nspec:\n  secretName: b\n  dnsNames: *l9\n  usages: *l9\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n' },
    { path: 'cert.yaml', text: inCert },
  ]);
  assert.ok(Array.isArray(findings));
  assert.deepEqual(findings.filter((f) => f.code === 'internal'), []);
});

const ODD: Array<[string, string]> = [
  ['empty.yaml', ''],
  ['marker.yaml', '---'],
  ['markers.yaml', '---\n---\n...\n---\n'],
  ['comment.yaml', '# only a comment\n'],
  ['binary.yaml', '\u0000\u0001\u0002\uFFFD\u00ff garbage \u0007\n\u0000: \u0000\n'],
  ['binary.go', '\u0000\u0001https://\u0000:\u0000'],
  ['huge.yaml', 'x'.repeat(1_000_000)],
  ['huge-value.yaml', 'a: ' + 'b'.repeat(1_000_000)],
  ['huge-url.go', 'https://' + 'a'.repeat(200_000) + '.svc:1'],
  ['braces.yaml', '{{'],
  ['braces2.yaml', '}}{{ }}{{'],
  ['scalar.yaml', 'just a string'],
  ['list.yaml', '- a\n- b\n'],
  ['kind-only.yaml', 'kind: Certificate'],
  ['no-spec.yaml', 'apiVersion: cert-manager.io/v1\nkind: Certificate'],
  ['null-spec.yaml', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nspec: null\n'],
  ['list-spec.yaml', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nspec: [1, 2]\n'],
  ['wrong-types.yaml', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: [x]\n  namespace: {a: 1}\nspec:\n  dnsNames: {a: 1}\n  usages: server auth\n  issuerRef: ca\n  privateKey: RSA\n  secretName: [a]\n  duration: [1]\n  renewBefore: {a: 1}\n  keystores: 5\n  additionalOutputFormats: [DER, {type: [1]}]\n  secretTemplate: {annotations: [a]}\n  isCA: "true"\n  revisionHistoryLimit: x\n'],
  ['weird-meta.yaml', 'metadata: 5\nkind: [a]\napiVersion: {a: b}\n'],
  ['deep-flow.yaml', '['.repeat(10_000)],
  ['deep-seq.yaml', '- '.repeat(5_000) + 'a'],
  ['deep-map.yaml', 'a:\n' + Array.from({ length: 1_000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n')],
  ['workload.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      volumes:\n        - secret: 5\n        - projected: {sources: 5}\n        - csi: {driver: csi.cert-manager.io, volumeAttributes: 5}\n      containers:\n        - env: 5\n        - env: [{value: 5}, {value: [https://x]}]\n'],
  ['service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: [a]\n'],
  ['k/kustomization.yaml', 'patches: 5\npatchesStrategicMerge: [5, {path: [1]}]\npatchesJson6902: {a: 1}\n'],
  ['cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  server.conf: 5\n  agent.conf: [a]\n  other.conf: |\n    server {\n' + '      a = {\n'.repeat(300) + '\n'],
  ['server.conf', 'server {\n  trust_domain = 5\n  ca_ttl = true\n}\nagent {\n  trust_domain = "x"\n}\n'],
  ['deep.conf', 'server {\n  trust_domain = "x"\n' + 'a { '.repeat(2_000) + '\n'],
  ['entries.sh', 'spire-server entry create\nspire-server entry create -spiffeID\nspire-server entry create \\'],
  ['bundle.yaml', 'apiVersion: trust.cert-manager.io/v1alpha1\nkind: Bundle\nmetadata:\n  name: b\nspec: 5\n'],
  ['istio.yaml', 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: a\nspec:\n  rules: [{from: [{source: {principals: [5, "", "**"]}}]}]\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: a\nspec:\n  mtls: {mode: 5}\n  portLevelMtls: [1]\n'],
  ['csid.yaml', 'apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata:\n  name: a\nspec:\n  spiffeIDTemplate: [a]\n  federatesWith: 5\n  ttl: 5\n'],
  ['bom-crlf.yaml', '\uFEFFapiVersion: cert-manager.io/v1\r\nkind: Certificate\r\nmetadata:\r\n  name: x\r\nspec:\r\n  secretName: x\r\n  dnsNames: [a]\r\n  issuerRef: {name: ca, kind: ClusterIssuer}\r\n'],
  ['issuer.yaml', 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: x\nspec:\n  acme: 5\n  vault: {path: 5, auth: 5}\n  ca: 5\n'],
  ['request.yaml', 'apiVersion: cert-manager.io/v1\nkind: CertificateRequest\nmetadata:\n  name: x\nspec: 5\n'],
];

for (const [path, text] of ODD) {
  test(`lintTexts never throws: ${path} (${text.length} chars)`, () => {
      let findings: LintFinding[] = [];
    assert.doesNotThrow(() => { findings = lintTexts([{ path, text }]); });
      assert.deepEqual(findings.filter((f) => f.code === 'internal'), [], 'no rule crashed');
    for (const f of findings) {
      assert.equal(f.file, path);
      assert.ok(f.start >= 0 && f.start <= f.end && f.start <= text.length, `${f.code} range [${f.start}, ${f.end}] in ${text.length} chars`);
    }
  });
}

test('lintTexts never throws: all odd inputs in one workspace, and no files at all', () => {
  assert.deepEqual(lintTexts([]), []);
  assert.doesNotThrow(() => lintTexts(ODD.map(([path, text]) => ({ path, text }))));
});
