// Quick fixes of the Gateway API rules (g15): the ReferenceGrant a cross-namespace certificateRef
// needs, and cert-manager's Gateway API switch where its install lives in the workspace. Each
// with its exact edits, applied and re-linted: the finding is gone and nothing new appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { lintTexts, type LintFinding, type TextEdit } from '../../src/core/lint/index';
import { cmController, cmValues, gatewayApi, LISTENER } from './lint-mesh-cases';

type Input = { path: string; text: string };

function apply(files: Input[], edits: TextEdit[]): Input[] {
  return files.map((f) => {
    let text = f.text;
    for (const e of edits.filter((x) => x.file === f.path).sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    return { path: f.path, text };
  });
}

const codes = (fs: LintFinding[]) => fs.map((f) => `${f.file} ${f.code}`).sort();

/** The one finding of `code`, its one fix applied: the finding is gone, every other finding stays as it was. */
function fixOnce(files: Input[], code: string): { finding: LintFinding; edits: TextEdit[]; after: Input[] } {
  const before = lintTexts(files);
  const found = before.filter((f) => f.code === code);
  assert.equal(found.length, 1, codes(before).join('\n'));
  const [finding] = found;
  assert.equal(finding.fixes?.length, 1, `${code} offers one quick fix`);
  const after = apply(files, finding.fixes![0].edits);
  const again = lintTexts(after);
  assert.deepEqual(codes(again), codes(before.filter((f) => f !== finding)), 'after the fix: the finding is gone and nothing else changed');
  return { finding, edits: finding.fixes![0].edits, after };
}

// ---- ReferenceGrant --------------------------------------------------------------------------------

const crossNs = (name = 'edge-tls', ns = 'certs') => gatewayApi(`- name: https\n  hostname: www.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: ${name}\n        namespace: ${ns}\n`, '');

const GRANT = (name: string, ns: string, secret: string) => `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: infra
  to:
    - group: ""
      kind: Secret
      name: ${secret}
`;

test('gateway-cross-namespace-ref: the fix appends a ReferenceGrant in the Secret\'s namespace to the Gateway\'s file; re-linted clean', () => {
  const text = crossNs();
  const files = [{ path: 'gw/gateway.yaml', text }];
  const { finding, edits, after } = fixOnce(files, 'gateway-cross-namespace-ref');
  assert.equal(text.slice(finding.start, finding.end), 'certs');
  assert.equal(finding.fixes![0].title, 'Add a ReferenceGrant in certs for Secret "edge-tls"');
  assert.deepEqual(edits, [{ file: 'gw/gateway.yaml', start: text.length, end: text.length, newText: GRANT('edge-infra-edge-tls', 'certs', 'edge-tls') }]);
  const docs = parseAllDocuments(after[0].text).map((d) => d.toJS());
  assert.deepEqual(docs.map((d) => d.kind), ['Gateway', 'ReferenceGrant']);
  assert.deepEqual(lintTexts(after), []);
});

test('gateway-cross-namespace-ref: a file without a final newline, a second listener into another namespace, the grant of one leaves the other', () => {
  const two = gatewayApi('- name: a\n  hostname: a.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: a-tls\n        namespace: certs\n- name: b\n  hostname: b.example.com\n  port: 8443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: b-tls\n        namespace: shared\n', '').trimEnd();
  const files = [{ path: 'gw/gateway.yaml', text: two }];
  const findings = lintTexts(files).filter((f) => f.code === 'gateway-cross-namespace-ref');
  assert.deepEqual(findings.map((f) => two.slice(f.start, f.end)), ['certs', 'shared']);
  const [a, b] = findings.map((f) => f.fixes![0].edits);
  assert.deepEqual(a, [{ file: 'gw/gateway.yaml', start: two.length, end: two.length, newText: '\n' + GRANT('edge-infra-a-tls', 'certs', 'a-tls') }]);
  assert.deepEqual(b, [{ file: 'gw/gateway.yaml', start: two.length, end: two.length, newText: '\n' + GRANT('edge-infra-b-tls', 'shared', 'b-tls') }]);
  const afterA = apply(files, a);
  assert.deepEqual(lintTexts(afterA).map((f) => afterA[0].text.slice(f.start, f.end)), ['shared']);
  const afterBoth = apply(afterA, lintTexts(afterA)[0].fixes![0].edits);
  assert.deepEqual(lintTexts(afterBoth), []);
});

test('gateway-cross-namespace-ref: a name that is not plain YAML stays inside its scalar', () => {
  const text = crossNs('"edge: tls #x"');
  const files = [{ path: 'gw/gateway.yaml', text }];
  const f = lintTexts(files).find((x) => x.code === 'gateway-cross-namespace-ref')!;
  const after = apply(files, f.fixes![0].edits);
  const grant = parseAllDocuments(after[0].text)[1].toJS();
  assert.deepEqual(grant.spec.to, [{ group: '', kind: 'Secret', name: 'edge: tls #x' }]);
  assert.equal(grant.metadata.name, 'edge-infra-edge-tls-x');
  assert.deepEqual(lintTexts(after).filter((x) => x.code === 'gateway-cross-namespace-ref'), []);
});

// ---- cert-manager's Gateway API switch ----------------------------------------------------------------

const GW = { path: 'gw/gateway.yaml', text: gatewayApi(LISTENER) };
const CONFIG = 'config:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  kind: ControllerConfiguration\n';

const shimCases: Array<{ name: string; title: string; install: Input; edits: (t: string) => Array<Omit<TextEdit, 'file'>>; fixed: (t: string) => string }> = [
  {
    name: 'Helm values without config: config is added as the chart wants it (apiVersion, kind, enableGatewayAPI)',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues() },
    edits: (t) => [{ start: t.length, end: t.length, newText: CONFIG + '  enableGatewayAPI: true\n' }],
    fixed: (t) => t + CONFIG + '  enableGatewayAPI: true\n',
  },
  {
    name: 'Helm values with enableGatewayAPI: false: flipped',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues(CONFIG + '  enableGatewayAPI: false\n') },
    edits: (t) => [{ start: t.indexOf('false'), end: t.indexOf('false') + 5, newText: 'true' }],
    fixed: (t) => t.replace('enableGatewayAPI: false', 'enableGatewayAPI: true'),
  },
  {
    name: 'Helm values with a quoted "false": the boolean true (not a string)',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues(CONFIG + '  enableGatewayAPI: "false"\n') },
    edits: (t) => [{ start: t.indexOf('"false"'), end: t.indexOf('"false"') + 7, newText: 'true' }],
    fixed: (t) => t.replace('enableGatewayAPI: "false"', 'enableGatewayAPI: true'),
  },
  {
    name: 'Helm values with a config block without the switch: inserted at its end',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues(CONFIG + '  logging:\n    verbosity: 2\n') + 'podLabels:\n  team: infra\n' },
    edits: (t) => [{ start: t.indexOf('podLabels'), end: t.indexOf('podLabels'), newText: '  enableGatewayAPI: true\n' }],
    fixed: (t) => t.replace('podLabels', '  enableGatewayAPI: true\npodLabels'),
  },
  {
    name: 'older chart values with extraArgs and no config: --enable-gateway-api appended to extraArgs',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues('extraArgs:\n  - --v=2\n') },
    edits: (t) => [{ start: t.length, end: t.length, newText: '  - --enable-gateway-api\n' }],
    fixed: (t) => t + '  - --enable-gateway-api\n',
  },
  {
    name: 'extraArgs --enable-gateway-api=false: made --enable-gateway-api',
    title: 'cert-manager\'s Helm values',
    install: { path: 'cert-manager/values.yaml', text: cmValues('extraArgs:\n  - --enable-gateway-api=false\n  - --v=2\n') },
    edits: (t) => [{ start: t.indexOf('--enable'), end: t.indexOf('--enable') + '--enable-gateway-api=false'.length, newText: '--enable-gateway-api' }],
    fixed: (t) => t.replace('--enable-gateway-api=false', '--enable-gateway-api'),
  },
  {
    name: 'the controller Deployment: --enable-gateway-api appended to its args',
    title: 'Deployment "cert-manager"',
    install: { path: 'gw/cert-manager.yaml', text: cmController(['--v=2', '--leader-election-namespace=kube-system']) },
    edits: (t) => [{ start: t.length, end: t.length, newText: '            - --enable-gateway-api\n' }],
    fixed: (t) => t + '            - --enable-gateway-api\n',
  },
  {
    name: 'a Flux HelmRelease without values: values with config added under spec',
    title: 'HelmRelease "cert-manager"',
    install: { path: 'gw/helmrelease.yaml', text: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cert-manager\n  namespace: cert-manager\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: cert-manager\n      version: v1.16.2\n      sourceRef:\n        kind: HelmRepository\n        name: jetstack\n' },
    edits: (t) => [{ start: t.length, end: t.length, newText: '  values:\n    config:\n      apiVersion: controller.config.cert-manager.io/v1alpha1\n      kind: ControllerConfiguration\n      enableGatewayAPI: true\n' }],
    fixed: (t) => t + '  values:\n    config:\n      apiVersion: controller.config.cert-manager.io/v1alpha1\n      kind: ControllerConfiguration\n      enableGatewayAPI: true\n',
  },
];

for (const c of shimCases) {
  test(`gateway-shim-disabled: quick fix on ${c.name}`, () => {
    const files = [GW, c.install];
    const { finding, edits, after } = fixOnce(files, 'gateway-shim-disabled');
    assert.equal(finding.file, GW.path);
    assert.equal(GW.text.slice(finding.start, finding.end), 'cert-manager.io/cluster-issuer');
    assert.equal(finding.fixes![0].title, `Enable the Gateway API in ${c.title}`);
    assert.deepEqual(edits, c.edits(c.install.text).map((e) => ({ file: c.install.path, ...e })));
    assert.equal(after[1].text, c.fixed(c.install.text));
    assert.equal(after[0].text, GW.text, 'the Gateway is left alone');
  });
}

test('gateway-shim-disabled: two installs in scope are both switched on by the one fix', () => {
  const files = [GW, { path: 'gw/values.yaml', text: cmValues() }, { path: 'gw/cert-manager.yaml', text: cmController(['--v=2']) }];
  const { finding, edits } = fixOnce(files, 'gateway-shim-disabled');
  assert.equal(finding.fixes![0].title, 'Enable the Gateway API in 2 cert-manager installs');
  assert.deepEqual(edits.map((e) => e.file).sort(), ['gw/cert-manager.yaml', 'gw/values.yaml']);
});

test('gateway-shim-disabled: no quick fix where the install gives no safe place; the message says what to set', () => {
  const files = [GW, { path: 'cert-manager/values.yaml', text: cmValues('config: {apiVersion: controller.config.cert-manager.io/v1alpha1, kind: ControllerConfiguration}\n') }];
  const [f] = lintTexts(files).filter((x) => x.code === 'gateway-shim-disabled');
  assert.ok(f, 'the finding');
  assert.equal(f.fixes, undefined);
  assert.match(f.message, /Set config\.enableGatewayAPI: true in cert-manager's Helm values \(cert-manager 1\.15\+\), or pass --enable-gateway-api to the controller\./);
});
