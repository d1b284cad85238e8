// Charts, kustomize bases and configs written the way popular projects write them
// (test/fixtures/lint/corpus-real/: cert-manager's and Bitnami's charts, spiffe/helm-charts, Istio
// charts, kubebuilder's kustomize config with vars, envsubst'd manifests, SPIRE configs run with
// -expandEnv). What is filled in before use is unknown, never wrong: each folder, linted as its
// own workspace, gives exactly the findings listed (no error). Literal mistakes planted inside
// them are still found, at their exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintTexts, type LintFinding } from '../../src/core/lint/index';
import { parseFile } from '../../src/core/lint/model';
import { FIXTURES, readFolder } from './helpers';

type Input = { path: string; text: string };

const CORPUS = join(FIXTURES, 'lint', 'corpus-real');

const group = (name: string): Input[] => readFolder(CORPUS, name);

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** `file:line severity code "text"` for each finding. */
function show(files: Input[], findings: LintFinding[]): string[] {
  return findings.map((f) => {
    const text = files.find((x) => x.path === f.file)?.text ?? '';
    return `${f.file}:${lineOf(text, f.start)} ${f.severity} ${f.code} ${JSON.stringify(text.slice(f.start, f.end))}`;
  });
}

function replaceIn(files: Input[], path: string, from: string, to: string): Input[] {
  let found = false;
  const out = files.map((f) => {
    if (f.path !== path) return f;
    assert.ok(f.text.includes(from), `${path} contains ${JSON.stringify(from)}`);
    found = true;
    return { path: f.path, text: f.text.replace(from, to) };
  });
  assert.ok(found, `${path} is in the group`);
  return out;
}

// ---- right inputs: the exact findings (no error) ------------------------------------------------

const GROUPS: Record<string, string[]> = {
  'helm-app': [],
  'spire-chart': [],
  'istio-chart': [],
  'kustomize-vars': [],
  'spire-expandenv': [],
  // t17c: Go, Python and Node clients (CA files loaded in code) and the manifests that run them.
  'code-clients': [],
  // The only finding: an issuer that is not in the folder, which may exist in the cluster (info).
  envsubst: ['envsubst/webhook.yaml:52 info issuer-not-found "ca-issuer"'],
};

for (const [name, expected] of Object.entries(GROUPS)) {
  test(`corpus-real: ${name} lints with exactly the expected findings, none an error`, () => {
    const files = group(name);
    assert.ok(files.length >= 2, `${name} has files`);
    const findings = show(files, lintTexts(files));
    assert.deepEqual(findings, expected);
    assert.ok(!findings.some((f) => / error /.test(f)));
  });
}

test('corpus-real: the templated documents are parsed into objects (the silence is not a parse failure)', () => {
  const kinds = (name: string) => group(name).filter((f) => /\.ya?ml$/.test(f.path) && !f.path.endsWith('Chart.yaml') && !f.path.endsWith('values.yaml'))
    .flatMap((f) => { const p = parseFile(f.path, f.text); return p.manifests.map((m) => m.kind ?? '?'); });
  assert.deepEqual(kinds('helm-app'), ['Bundle', 'Certificate', 'Certificate', 'Certificate', 'Deployment', 'Issuer', 'ClusterIssuer', 'Issuer', 'Service']);
  assert.deepEqual(kinds('spire-chart'), ['ConfigMap', 'ClusterSPIFFEID', 'ClusterSPIFFEID', 'ConfigMap']);
  assert.deepEqual(kinds('istio-chart'), ['AuthorizationPolicy', 'AuthorizationPolicy', 'PeerAuthentication']);
});

// ---- planted literal mistakes: still found, at the exact range ----------------------------------

interface Plant {
  name: string; group: string; file: string; from: string; to: string; code: string; severity: string; at: string; line: number;
  /** Findings the mistake causes elsewhere (besides the folder's usual ones). */
  also?: string[];
}

const PLANTS: Plant[] = [
  { name: 'renewBefore 15d next to Helm templates', group: 'helm-app', file: 'helm-app/templates/certificate.yaml', from: 'renewBefore: 360h', to: 'renewBefore: 15d', code: 'duration-syntax', severity: 'error', at: '15d', line: 17 },
  { name: 'a Go-style usage word among templated usages', group: 'helm-app', file: 'helm-app/templates/certificate.yaml', from: '    - client auth', to: '    - clientAuth', code: 'usage-invalid', severity: 'error', at: 'clientAuth', line: 35 },
  { name: 'a lowercase key algorithm inside {{- if }}', group: 'helm-app', file: 'helm-app/templates/certificate.yaml', from: 'algorithm: ECDSA', to: 'algorithm: ecdsa', code: 'key-algorithm-invalid', severity: 'error', at: 'ecdsa', line: 30 },
  { name: 'duration 30d after a column-0 `tpl ... | indent 2`', group: 'helm-app', file: 'helm-app/templates/client-certificate.yaml', from: 'duration: 720h', to: 'duration: 30d', code: 'duration-syntax', severity: 'error', at: '30d', line: 15 },
  { name: 'a csi-driver duration 3d among templated attributes', group: 'helm-app', file: 'helm-app/templates/deployment.yaml', from: 'csi.cert-manager.io/duration: 72h', to: 'csi.cert-manager.io/duration: 3d', code: 'csi-attribute', severity: 'error', at: '3d', line: 44 },
  { name: 'a literal uppercase trust domain in a templated SPIRE agent ConfigMap', group: 'spire-chart', file: 'spire-chart/templates/agent-configmap.yaml', from: 'trust_domain = {{ .Values.global.spire.trustDomain | quote }}', to: 'trust_domain = "Example.org"', code: 'spiffe-id-invalid', severity: 'error', at: '"Example.org"', line: 15 },
  { name: 'ca_ttl "7d" in a templated SPIRE server ConfigMap', group: 'spire-chart', file: 'spire-chart/templates/server-configmap.yaml', from: 'ca_ttl = {{ .Values.server.caTTL | quote }}', to: 'ca_ttl = "7d"', code: 'duration-syntax', severity: 'error', at: '"7d"', line: 14 },
  { name: 'ClusterSPIFFEID ttl 1d next to a `with` block', group: 'spire-chart', file: 'spire-chart/templates/clusterspiffeid.yaml', from: '  ttl: 1h', to: '  ttl: 1d', code: 'duration-syntax', severity: 'error', at: '1d', line: 26 },
  { name: 'ca_ttl "7d" in a server.conf run with -expandEnv', group: 'spire-expandenv', file: 'spire-expandenv/server.conf', from: 'ca_ttl = "168h"', to: 'ca_ttl = "7d"', code: 'duration-syntax', severity: 'error', at: '"7d"', line: 9 },
  { name: 'an empty path segment in a literal entry among ${VAR} entries', group: 'spire-expandenv', file: 'spire-expandenv/register.sh', from: 'spiffe://example.org/workload/api', to: 'spiffe://example.org/workload//api', code: 'spiffe-id-invalid', severity: 'error', at: 'spiffe://example.org/workload//api', line: 8 },
  { name: 'a principal with spiffe:// among templated principals', group: 'istio-chart', file: 'istio-chart/templates/authorizationpolicy.yaml', from: '- cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', to: '- spiffe://cluster.local/ns/istio-system/sa/ingress', code: 'istio-principal', severity: 'warning', at: 'spiffe://cluster.local/ns/istio-system/sa/ingress', line: 16 },
  { name: 'a lowercase mTLS mode next to a templated portLevelMtls', group: 'istio-chart', file: 'istio-chart/templates/peerauthentication.yaml', from: 'mode: {{ .Values.mtls.mode | default "STRICT" }}', to: 'mode: strict', code: 'istio-mtls-mode', severity: 'error', at: 'strict', line: 11 },
  { name: 'a secretName with underscores next to $(VAR) dnsNames', group: 'kustomize-vars', file: 'kustomize-vars/config/certmanager/certificate.yaml', from: 'secretName: webhook-server-cert', to: 'secretName: webhook_server_cert', code: 'secret-name-invalid', severity: 'error', at: 'webhook_server_cert', line: 24,
    also: ['kustomize-vars/config/default/manager_webhook_patch.yaml:23 info secret-not-produced "webhook-server-cert"'] },
  { name: 'duration 90d in an overlay patch', group: 'kustomize-vars', file: 'kustomize-vars/overlays/prod/certificate-duration.yaml', from: 'duration: 2160h', to: 'duration: 90d', code: 'duration-syntax', severity: 'error', at: '90d', line: 7 },
  { name: 'renewBefore 15d among ${VAR} values', group: 'envsubst', file: 'envsubst/certificate.yaml', from: 'renewBefore: 360h', to: 'renewBefore: 15d', code: 'duration-syntax', severity: 'error', at: '15d', line: 32 },
  { name: 'a URL path in dnsNames among ${VAR} names', group: 'envsubst', file: 'envsubst/certificate.yaml', from: '    - www.$DOMAIN_NAME', to: '    - www.$DOMAIN_NAME\n    - web.example.com/login', code: 'dns-name-invalid', severity: 'error', at: 'web.example.com/login', line: 30 },
  { name: 'a usage with a dash next to <placeholders>', group: 'envsubst', file: 'envsubst/webhook.yaml', from: '    - client auth', to: '    - client-auth', code: 'usage-invalid', severity: 'error', at: 'client-auth', line: 55 },
];

for (const p of PLANTS) {
  test(`corpus-real: planted ${p.code} is found: ${p.name}`, () => {
    const files = replaceIn(group(p.group), p.file, p.from, p.to);
    const findings = lintTexts(files);
    const text = files.find((f) => f.path === p.file)!.text;
    const hits = findings.filter((f) => f.code === p.code && f.file === p.file);
    assert.deepEqual(hits.map((f) => [text.slice(f.start, f.end), lineOf(text, f.start), f.severity]), [[p.at, p.line, p.severity]], show(files, findings).join('\n'));
    // Nothing else changed: the other findings are the folder's usual ones.
    const others = show(files, findings.filter((f) => f !== hits[0])).sort();
    assert.deepEqual(others, [...GROUPS[p.group], ...(p.also ?? [])].sort());
  });
}
