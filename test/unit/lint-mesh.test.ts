// The mesh and gateway rules (src/core/lint/rules/mesh-ca.ts, gateways.ts) on openssl-made
// material: every case of the table (also run by lint-rules.test.ts) with its exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, LINT_RULES, type LintFinding } from '../../src/core/lint/index';
import { MESH_FAILS, MESH_PASSES } from './lint-mesh-cases';
import { completionsAt, hoverAt } from '../../src/core/lint/features';
import { Workspace, lintWorkspace } from '../../src/core/lint/index';
import { PKI, cacertsFiles } from './mesh-pki';


type Input = { path: string; text: string };
/** Lints at the case's clock (now when unset). */
const lintAt = (files: Input[], now?: Date) => { const ws = new Workspace(files); ws.now = now; return lintWorkspace(ws); };
const textOf = (files: Input[], path: string) => files.find((f) => f.path === path)!.text;
const show = (files: Input[], fs: LintFinding[]) => fs.map((f) => `${f.file}:${(f.line ?? 0) + 1} ${f.code} ${JSON.stringify(textOf(files, f.file).slice(f.start, f.end).slice(0, 80))}: ${f.message}`).join('\n');

for (const c of MESH_FAILS) {
  test(`${c.code}: fails on ${c.name} (exact range)`, () => {
    const findings = lintAt(c.files, c.now);
    const file = c.file ?? c.files[0].path;
    const f = findings.find((x) => x.code === c.code && x.file === file && textOf(c.files, file).slice(x.start, x.end) === c.at);
    assert.ok(f, `expected ${c.code} in ${file}; got:\n${show(c.files, findings)}`);
    assert.equal(f.severity, LINT_RULES[c.code].severity);
    // No error from any other rule on these inputs except the one under test.
    assert.deepEqual(findings.filter((x) => x.severity === 'error' && x.code !== c.code && !x.code.startsWith('linkerd-') && !x.code.startsWith('istio-c')).map((x) => x.code), [], show(c.files, findings));
  });
}

for (const c of MESH_PASSES) {
  test(`${c.code}: passes on ${c.name}`, () => {
    const findings = lintAt(c.files, c.now);
    assert.deepEqual(findings.filter((f) => f.code === c.code).map((f) => f.message), [], show(c.files, findings));
  });
}

// ---- hovers, completions and the clock ----------------------------------------------------------


const DR = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  host: api.example.com\n  trafficPolicy:\n    portLevelSettings:\n      - port:\n          number: 443\n        tls:\n          mode: SIMPLE\n';
const GW = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: infra\nspec:\n  gatewayClassName: istio\n  listeners:\n    - name: https\n      hostname: www.example.com\n      port: 443\n      protocol: HTTPS\n      tls:\n        mode: Terminate\n';

test('hover: DestinationRule tls.mode and Gateway API listener fields are documented, with the finding\'s rule', () => {
  const ws = new Workspace([{ path: 'istio/dr.yaml', text: DR }, { path: 'gw/gw.yaml', text: GW }]);
  const findings = lintWorkspace(ws);
  const at = DR.indexOf('SIMPLE') + 2;
  const h = hoverAt(ws, ws.files.get('istio/dr.yaml')!, at, findings)!;
  assert.match(h, /\*\*DestinationRule `spec\.trafficPolicy\.portLevelSettings\.tls\.mode`\*\*/);
  assert.match(h, /Allowed: `DISABLE`, `SIMPLE`, `MUTUAL`, `ISTIO_MUTUAL`/);
  assert.match(h, /certwright\(destinationrule-mutual-no-ca\)/);
  const g = hoverAt(ws, ws.files.get('gw/gw.yaml')!, GW.indexOf('hostname') + 1)!;
  assert.match(g, /gateway-shim needs it/);
});

test('completion: tls.mode values for DestinationRule and Gateway API listeners', () => {
  const ws = new Workspace([{ path: 'istio/dr.yaml', text: DR }, { path: 'gw/gw.yaml', text: GW }]);
  assert.deepEqual(completionsAt(ws, ws.files.get('istio/dr.yaml')!, DR.indexOf('SIMPLE') + 1).map((c) => c.label), ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);
  assert.deepEqual(completionsAt(ws, ws.files.get('gw/gw.yaml')!, GW.indexOf('Terminate') + 1).map((c) => c.label), ['Terminate', 'Passthrough']);
});

test('expiry rules measure against the workspace clock (Workspace.now)', () => {
  const files = cacertsFiles('istio/c1', { ca: PKI.inter.cert, key: PKI.inter.key, root: PKI.root.cert, chain: PKI.inter.cert + PKI.root.cert });
  const codes = (now?: Date) => { const ws = new Workspace(files); ws.now = now; return lintWorkspace(ws).map((f) => f.code); };
  assert.deepEqual(codes(), []);
  // 1,760 days on, the plug-in CA (1,800 days) has 40 days left; the root (3,650) is fine.
  assert.deepEqual(codes(new Date(Date.now() + 1760 * 86_400_000)), ['istio-cacerts-expiring']);
  // 3,700 days on, both have expired.
  const late = codes(new Date(Date.now() + 3700 * 86_400_000));
  assert.deepEqual(late, ['istio-cacerts-expiring', 'istio-cacerts-expiring']);
});

test('hostile input: a cacerts Secret with thousands of PEM blocks and garbage lints quickly without throwing', () => {
  const junk = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'.repeat(5000);
  const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\nstringData:\n  ca-cert.pem: |\n${junk.split('\n').map((l) => '    ' + l).join('\n')}\n  cert-chain.pem: "${'-----BEGIN CERTIFICATE-----'.repeat(2000)}"\n`;
  const findings = lintTexts([{ path: 'istio/cacerts.yaml', text }]);
  assert.ok(Array.isArray(findings));
  assert.deepEqual(findings.filter((f) => f.code === 'internal'), []);
});

test('hover and completion: ReferenceGrant, listener certificateRefs kind, Linkerd and cert-manager Helm values (g15)', () => {
  const RG = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: edge-certs\n  namespace: certs\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      namespace: infra\n  to:\n    - group: ""\n      kind: Secret\n';
  const VALUES = 'identityTrustAnchorsPEM: ""\nidentity:\n  issuer:\n    scheme: linkerd.io/tls\n    tls:\n      crtPEM: ""\n';
  const CM = 'config:\n  enableGatewayAPI: false\n';
  const ws = new Workspace([{ path: 'gw/rg.yaml', text: RG }, { path: 'linkerd/values.yaml', text: VALUES }, { path: 'cm/values.yaml', text: CM }]);
  const rg = ws.files.get('gw/rg.yaml')!;
  assert.match(hoverAt(ws, rg, RG.indexOf('from:') + 1)!, /\*\*ReferenceGrant `spec\.from`\*\*/);
  assert.deepEqual(completionsAt(ws, rg, RG.indexOf('Secret') + 1).map((c) => c.label), ['Secret', 'Service', 'ConfigMap']);
  const v = ws.files.get('linkerd/values.yaml')!;
  assert.match(hoverAt(ws, v, VALUES.indexOf('crtPEM') + 1)!, /\*\*Helm values `identity\.issuer\.tls\.crtPEM`\*\*[\s\S]*ECDSA P-256/);
  assert.deepEqual(completionsAt(ws, v, VALUES.indexOf('linkerd.io/tls') + 1).map((c) => c.label), ['linkerd.io/tls', 'kubernetes.io/tls']);
  assert.match(hoverAt(ws, ws.files.get('cm/values.yaml')!, CM.indexOf('enableGatewayAPI') + 1)!, /gateway-shim[\s\S]*Default: `false`/);
  const GWR = GW.replace('        mode: Terminate\n', '        mode: Terminate\n        certificateRefs:\n          - kind: Secret\n            name: edge-tls\n');
  const ws2 = new Workspace([{ path: 'gw/gw.yaml', text: GWR }]);
  assert.match(hoverAt(ws2, ws2.files.get('gw/gw.yaml')!, GWR.indexOf('kind: Secret') + 1)!, /gateway-shim writes only Secrets/);
});

test('hover and completion (g15): Istio Gateway servers.tls, AuthorizationPolicy action and principals, PeerAuthentication, Gateway API certificateRefs, ReferenceGrant group, BackendTLSPolicy', () => {
  const IGW = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ingress\n  namespace: istio-system\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n    - port:\n        number: 443\n        name: https\n        protocol: HTTPS\n      hosts:\n        - www.example.com\n      tls:\n        mode: SIMPLE\n        credentialName: www-tls\n        minProtocolVersion: TLSV1_2\n';
  const AP = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  action: ALLOW\n  rules:\n    - from:\n        - source:\n            principals:\n              - mesh.example/ns/prod/sa/web\n              - \n';
  const PA = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: prod\nspec:\n  mtls:\n    mode: STRICT\n';
  const APPS = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  template:\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: example/web:1\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: example/db:1\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n  namespace: jobs\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: {{ .Values.sa }}\n          containers:\n            - name: r\n              image: example/r:1\n';
  const ws = new Workspace([{ path: 'mesh/igw.yaml', text: IGW }, { path: 'mesh/ap.yaml', text: AP }, { path: 'mesh/pa.yaml', text: PA }, { path: 'mesh/apps.yaml', text: APPS }]);
  const file = (p: string) => ws.files.get(p)!;
  const labels = (p: string, text: string, needle: string, d = 1) => completionsAt(ws, file(p), text.indexOf(needle) + d).map((c) => c.label);

  assert.equal(hoverAt(ws, file('mesh/igw.yaml'), IGW.indexOf('tls:') + 1), '**Gateway `spec.servers.tls`**\n\nTLS the gateway terminates for this server: `mode` and the certificate (`credentialName`, or files).');
  assert.match(hoverAt(ws, file('mesh/igw.yaml'), IGW.indexOf('minProtocolVersion') + 1)!, /^\*\*Gateway `spec\.servers\.tls\.minProtocolVersion`\*\*\n\nLowest TLS version accepted\.[\s\S]*`TLSV1_3`/);
  assert.deepEqual(labels('mesh/igw.yaml', IGW, 'TLSV1_2'), ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3']);
  assert.deepEqual(labels('mesh/igw.yaml', IGW, 'SIMPLE'), ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']);

  assert.deepEqual(labels('mesh/ap.yaml', AP, 'ALLOW'), ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
  // The empty item offers the service accounts the workloads deployed with the policy run as, in
  // the trust domain the policy already uses; a templated account is left out.
  const empty = AP.lastIndexOf('- ') + 2;
  const pr = completionsAt(ws, file('mesh/ap.yaml'), empty);
  assert.deepEqual(pr.map((c) => c.label), ['mesh.example/ns/prod/sa/web', 'mesh.example/ns/prod/sa/default']);
  assert.deepEqual(pr.map((c) => c.detail), ['service account of Deployment "web" (mesh/apps.yaml)', 'service account of StatefulSet "db" (mesh/apps.yaml)']);
  assert.match(hoverAt(ws, file('mesh/ap.yaml'), AP.indexOf('principals') + 1)!, /^\*\*AuthorizationPolicy `spec\.rules\.from\.source\.principals`\*\*\n\nPeer identities: `<trust domain>\/ns\/<namespace>\/sa\/<service account>`/);

  assert.equal(hoverAt(ws, file('mesh/pa.yaml'), PA.indexOf('mtls') + 1), '**PeerAuthentication `spec.mtls`**\n\nMutual TLS for the workloads the policy selects (its namespace, or the whole mesh from the root namespace, usually istio-system).');
  assert.deepEqual(labels('mesh/pa.yaml', PA, 'STRICT'), ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);

  const GWR = GW.replace('        mode: Terminate\n', '        mode: Terminate\n        certificateRefs:\n          - group: ""\n            name: edge-tls\n');
  const RG = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: certs\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      namespace: infra\n  to:\n    - group: ""\n      kind: Secret\n';
  const BT = 'apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  targetRefs:\n    - kind: Service\n      name: api\n  validation:\n    hostname: api.prod.svc\n    wellKnownCACertificates: System\n';
  const ws2 = new Workspace([{ path: 'gw/gw.yaml', text: GWR }, { path: 'gw/rg.yaml', text: RG }, { path: 'gw/bt.yaml', text: BT }]);
  const f2 = (p: string) => ws2.files.get(p)!;
  assert.equal(hoverAt(ws2, f2('gw/gw.yaml'), GWR.indexOf('name: edge-tls') + 1), '**Gateway `spec.listeners.tls.certificateRefs.name`**\n\nThe Secret\'s name: the `secretName` of the Certificate that writes it (the gateway-shim makes one per Secret).');
  assert.equal(hoverAt(ws2, f2('gw/gw.yaml'), GWR.indexOf('group: ""') + 1), '**Gateway `spec.listeners.tls.certificateRefs.group`**\n\nThe referenced object\'s API group: `""` (core) for a Secret.\n\nDefault: `""`');
  assert.equal(hoverAt(ws2, f2('gw/rg.yaml'), RG.indexOf('group: gateway') + 1), '**ReferenceGrant `spec.from.group`**\n\nThe referring object\'s API group: `gateway.networking.k8s.io` for Gateways and Routes.');
  assert.deepEqual(completionsAt(ws2, f2('gw/rg.yaml'), RG.indexOf('Gateway\n') + 1).map((c) => c.label), ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']);
  assert.equal(hoverAt(ws2, f2('gw/bt.yaml'), BT.indexOf('validation') + 1), '**BackendTLSPolicy `spec.validation`**\n\nHow the gateway verifies the backend\'s certificate: `hostname` and one of `caCertificateRefs` / `wellKnownCACertificates`.');
  assert.deepEqual(completionsAt(ws2, f2('gw/bt.yaml'), BT.indexOf('System') + 1).map((c) => c.label), ['System']);
});
