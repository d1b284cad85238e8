// Mesh and gateway configuration written the way the projects write it (test/fixtures/lint/
// corpus-mesh/): istio's istiod chart (templated cacerts Secret, mesh policy, gateways), linkerd's
// control-plane chart (values with empty PEMs, the templated issuer Secret and trust-roots
// ConfigMap), Linkerd's cert-manager guide, the Gateway API and cert-manager gateway docs, a
// Bitnami-style Ingress chart, Istio's bookinfo samples and Secure Gateways task. Each folder, linted
// as its own workspace, gives exactly the findings listed: none is an error. Mistakes planted in
// them are found at their exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintTexts, type LintFinding } from '../../src/core/lint/index';
import { FIXTURES, readFolder } from './helpers';

type Input = { path: string; text: string };
const CORPUS = join(FIXTURES, 'lint', 'corpus-mesh');
const group = (name: string): Input[] => readFolder(CORPUS, name);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function show(files: Input[], findings: LintFinding[]): string[] {
  return findings.map((f) => {
    const text = files.find((x) => x.path === f.file)?.text ?? '';
    return `${f.file}:${lineOf(text, f.start)} ${f.severity} ${f.code} ${JSON.stringify(text.slice(f.start, f.end))}`;
  });
}

function replaceIn(files: Input[], path: string, from: string, to: string): Input[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    assert.ok(f.text.includes(from), `${path} contains ${JSON.stringify(from)}`);
    return { path: f.path, text: f.text.replace(from, to) };
  });
}

const GROUPS: Record<string, string[]> = {
  'istio-discovery': [],
  'linkerd-control-plane': [],
  // Linkerd's guide rotates the trust anchor's key at renewal while trust-manager distributes only
  // that anchor: a real hazard (linkerd's trust anchor rotation needs both roots for a while).
  'linkerd-cert-manager': ['linkerd-cert-manager/trust-anchor.yaml:22 warning ca-rotation-no-overlap "Always"'],
  'gateway-api-docs': [],
  'ingress-charts': [],
  // The ClusterIssuer is installed with cert-manager, outside the folder (info).
  'istio-samples': ['istio-samples/ingress-gateway.yaml:32 info issuer-not-found "letsencrypt-prod"'],
  // g17: Istio's Secure Gateways task with mutual TLS, gateway and curl client from one cert-manager CA.
  'istio-mutual-gateway': [],
};

for (const [name, expected] of Object.entries(GROUPS)) {
  test(`corpus-mesh: ${name} lints with exactly the expected findings, none an error`, () => {
    const files = group(name);
    assert.ok(files.length >= 2, `${name} has files`);
    const findings = show(files, lintTexts(files));
    assert.deepEqual(findings, expected);
    assert.ok(!findings.some((f) => / error /.test(f)));
  });
}

// ---- planted mistakes ---------------------------------------------------------------------------

const PLANTED: Array<{ name: string; group: string; path: string; from: string; to: string; expect: string }> = [
  { name: 'a Gateway API cross-namespace reference without its ReferenceGrant', group: 'gateway-api-docs', path: 'gateway-api-docs/gateway.yaml', from: '  namespace: gateway-api-example-ns2\nspec:\n  from:', to: '  namespace: other\nspec:\n  from:', expect: 'gateway-api-docs/gateway.yaml:20 warning gateway-cross-namespace-ref "gateway-api-example-ns2"' },
  { name: 'the gateway-shim listener without its hostname', group: 'gateway-api-docs', path: 'gateway-api-docs/gateway.yaml', from: '      hostname: example.com\n', to: '', expect: 'gateway-api-docs/gateway.yaml:46 warning gateway-listener-hostname-required "http"' },
  { name: 'a Passthrough listener given a certificate', group: 'gateway-api-docs', path: 'gateway-api-docs/gateway.yaml', from: '        mode: Passthrough\n', to: '        mode: Passthrough\n        certificateRefs:\n          - name: db-tls\n', expect: 'gateway-api-docs/gateway.yaml:72 warning gateway-passthrough-certificate-refs "certificateRefs"' },
  { name: 'the Secure Gateways host missing from the Certificate', group: 'istio-samples', path: 'istio-samples/ingress-gateway.yaml', from: '        - httpbin.example.com\n---', to: '        - httpbin.example.com\n        - shop.example.com\n---', expect: 'istio-samples/ingress-gateway.yaml:20 error istio-gateway-host-not-covered "shop.example.com"' },
  { name: 'MUTUAL origination without credentialName or files', group: 'istio-samples', path: 'istio-samples/bookinfo-destination-rules.yaml', from: '          credentialName: client-credential\n', to: '', expect: 'istio-samples/bookinfo-destination-rules.yaml:66 error destinationrule-tls-invalid "MUTUAL"' },
  { name: 'a principal naming a service account no workload uses', group: 'istio-samples', path: 'istio-samples/ingress-gateway.yaml', from: '["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]', to: '["cluster.local/ns/bookinfo/sa/reviews"]', expect: 'istio-samples/ingress-gateway.yaml:57 warning authz-principal-unknown-sa "\\"cluster.local/ns/bookinfo/sa/reviews\\""' },
  { name: 'the Linkerd issuer Certificate with an RSA key', group: 'linkerd-cert-manager', path: 'linkerd-cert-manager/issuer.yaml', from: '    algorithm: ECDSA', to: '    algorithm: RSA', expect: 'linkerd-cert-manager/issuer.yaml:18 error linkerd-issuer-certificate-spec "RSA"' },
  { name: 'the pre-1.0 shim annotation on the Gateway', group: 'gateway-api-docs', path: 'gateway-api-docs/gateway.yaml', from: '    cert-manager.io/issuer: foo', to: '    certmanager.k8s.io/issuer: foo', expect: 'gateway-api-docs/gateway.yaml:42 warning shim-annotation-invalid "certmanager.k8s.io/issuer"' },
  // g17: the client's certificate (and CA file) from another CA than the gateway's: both directions fail.
  { name: 'a MUTUAL gateway\'s client from another CA: the gateway lacks the client\'s root', group: 'istio-mutual-gateway', path: 'istio-mutual-gateway/client.yaml', from: '    name: example-ca', to: '    name: partner-ca', expect: 'istio-mutual-gateway/gateway.yaml:18 error trust-root-missing "httpbin-credential"' },
  { name: 'a MUTUAL gateway\'s client from another CA: the client lacks the gateway\'s root', group: 'istio-mutual-gateway', path: 'istio-mutual-gateway/client.yaml', from: '    name: example-ca', to: '    name: partner-ca', expect: 'istio-mutual-gateway/client.yaml:41 error trust-root-missing "https://httpbin.example.com"' },
];

for (const p of PLANTED) {
  test(`corpus-mesh: ${p.name} is found at its exact range`, () => {
    const files = replaceIn(group(p.group), p.path, p.from, p.to);
    const findings = show(files, lintTexts(files));
    assert.ok(findings.includes(p.expect), findings.join('\n'));
  });
}
