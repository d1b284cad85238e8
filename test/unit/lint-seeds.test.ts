// The linter on the demo repo (examples/), read the way `certwright lint examples` reads it: the
// exact findings a careful reviewer agrees with, by code, file and line, so regressions (lost or
// new findings) show. Each one was checked by hand against examples/README.md and the manifests.
import { LINTED } from '../../src/cli/lint';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintTexts, LINT_RULES, type LintFinding, type TextEdit } from '../../src/core/lint/index';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { main } from '../../src/cli/main';
import { ROOT } from './helpers';
import { demoCopy } from '../support/demo';

type Input = { path: string; text: string };


// A temp copy of examples/ (never the live folder): paths stay 'examples/...'.
const DEMO = demoCopy(ROOT);

/**
 * examples/ without the rule showcases (examples/vault, examples/openssl: test/unit/lint-pki.test.ts;
 * the mistakes folders of istio/, linkerd/, gateway/: test/unit/examples-mistakes.test.ts, which
 * with the CLI test below and demo-claims.test.ts checks they add nothing here).
 */
function examples(): Input[] {
  return walkRespectingGitignore(DEMO, (f) => LINTED.test(f) && !/[\\/]examples[\\/](vault|openssl|(istio|linkerd|gateway)[\\/]mistakes)[\\/]/.test(f))
    .map((p) => ({ path: relative(join(DEMO, '..'), p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function describe(files: Input[], fs: LintFinding[]): string[] {
  return fs.map((f) => `${f.file}:${lineOf(files.find((x) => x.path === f.file)!.text, f.start)} ${f.code}`);
}

/**
 * What a reviewer expects, and why each is right:
 * - api-services.yaml:10: the CA ClusterIssuer's Secret "ca-key-pair" is created out of band (the file says
 *   so): nothing in the repo produces it. Info, since it may well exist in the cluster.
 * - api-services.yaml:28: Service "api" (default) selects the api Deployment that serves api-service-tls, whose
 *   dnsNames lack "api.default" (a client in another namespace dialing https://api.default:8443 fails).
 * - auth-service.yaml:41: the auth-service Deployment (default) mounts "internal-ca-key-pair"; the only
 *   Secret of that name (certs/ca-key-pair.yaml) is in cert-manager, so the pod cannot start.
 * - linkerd/trust-anchor.yaml:25: the same for Linkerd's trust anchor (rotationPolicy: Always, one-root Bundle).
 * - mtls-demo/ca.yaml:17: the root mtls-ca has no rotationPolicy (Always since cert-manager 1.18), and the
 *   Bundle mtls-ca-bundle distributes only it: after its first renewal the Bundle holds only the new root (#17).
 * - mtls-demo/certificates.yaml:16: Service "server" (mtls-demo) fronts server-cert, which lacks "server.mtls-demo".
 * - scripts/generate-service-cert.sh:24, setup-ca.sh:60 and :68: nsCertType, an obsolete Netscape extension
 *   that verifiers ignore (info).
 * - scripts/vault-pki.sh:31: `alt_names="payment-service"` is not admitted by role pki_int/roles/services
 *   (allowed_domains svc.cluster.local,internal with allow_subdomains only): Vault refuses the request.
 * - scripts/tls.tmpl:1: the seed's Vault Agent template asks the same role for `common_name=payment-service`,
 *   a bare name it does not admit either: Vault refuses it and the agent renders nothing.
 * - gateway/edge-gateway.yaml:20 and gateway/legacy-ingress.yaml:15: the Gateway's gateway-shim and the Ingress's
 *   ingress-shim both write Secret shop-edge-tls in edge (cert-manager#2099): one warning on each writer.
 * - gateway/edge-gateway.yaml:22: listener "admin" has no hostname, so the gateway-shim makes no Certificate for it.
 * - gateway/edge-gateway.yaml:36: the Passthrough listener "database" lists certificateRefs it never uses.
 * - istio/traffic-tls.yaml:52: the payments DestinationRule originates TLS (SIMPLE) without caCertificates (IST0128).
 * - istio/traffic-tls.yaml:66: ISTIO_MUTUAL ignores the caCertificates it sets.
 */
const EXPECTED = [
  'examples/cert-manager/api-services.yaml:10 ca-secret-not-produced',
  'examples/cert-manager/api-services.yaml:28 san-service-coverage',
  'examples/cert-manager/auth-service.yaml:41 secret-not-produced',
  'examples/gateway/edge-gateway.yaml:20 tls-secret-multiple-writers',
  'examples/gateway/edge-gateway.yaml:22 gateway-listener-hostname-required',
  'examples/gateway/edge-gateway.yaml:36 gateway-passthrough-certificate-refs',
  'examples/gateway/legacy-ingress.yaml:15 tls-secret-multiple-writers',
  'examples/istio/traffic-tls.yaml:52 destinationrule-mutual-no-ca',
  'examples/istio/traffic-tls.yaml:66 destinationrule-istio-mutual-ignored-field',
  'examples/linkerd/trust-anchor.yaml:25 ca-rotation-no-overlap',
  'examples/mtls-demo/ca.yaml:17 ca-rotation-no-overlap',
  'examples/mtls-demo/certificates.yaml:16 san-service-coverage',
  'examples/scripts/generate-service-cert.sh:24 openssl-obsolete-extension',
  'examples/scripts/setup-ca.sh:60 openssl-obsolete-extension',
  'examples/scripts/setup-ca.sh:68 openssl-obsolete-extension',
  'examples/scripts/tls.tmpl:1 vault-role-denies-name',
  'examples/scripts/vault-pki.sh:31 vault-role-denies-name',
];

test('examples/: the files the CLI would lint are all read', () => {
  const paths = examples().map((f) => f.path);
  for (const p of ['examples/spire/spire-server.yaml', 'examples/spire/register-workloads.sh', 'examples/mtls-demo/go/local-client/main.go', 'examples/mtls-demo/python/client.py', 'examples/mtls-demo/nginx/mtls.conf', 'examples/istio/mtls-policies.yaml']) {
    assert.ok(paths.includes(p), p);
  }
  assert.ok(!paths.some((p) => /\.(crt|key|txt|mod)$/.test(p)));
});

test('examples/: exactly the findings a reviewer agrees with (code, file, line)', () => {
  const files = examples();
  const findings = lintTexts(files);
  assert.deepEqual(describe(files, findings), EXPECTED);
  for (const f of findings) assert.equal(f.severity, LINT_RULES[f.code].severity, f.code);
  // The errors are the Vault seed's own bugs (Vault refuses both requests); the manifests have none.
  assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.code}`), ['examples/scripts/tls.tmpl vault-role-denies-name', 'examples/scripts/vault-pki.sh vault-role-denies-name']);
});

test('examples/: each finding points at the right node and names the right things', () => {
  const files = examples();
  const text = (p: string) => files.find((f) => f.path === p)!.text;
  const findings = lintTexts(files);
  const by = (code: string, file: string) => findings.find((f) => f.code === code && f.file === file)!;

  const ca = by('ca-secret-not-produced', 'examples/cert-manager/api-services.yaml');
  assert.equal(text(ca.file).slice(ca.start, ca.end), 'ca-key-pair');
  assert.equal(ca.severity, 'info');

  const api = by('san-service-coverage', 'examples/cert-manager/api-services.yaml');
  assert.match(api.message, /Service "api" \(examples\/cert-manager\/api-deployment\.yaml\)/);
  assert.match(api.message, /does not cover "api\.default":/);
  assert.ok(text(api.file).slice(api.start, api.end).startsWith('- api\n'));

  const secret = by('secret-not-produced', 'examples/cert-manager/auth-service.yaml');
  assert.equal(text(secret.file).slice(secret.start, secret.end), 'internal-ca-key-pair');
  assert.match(secret.message, /in namespace default/);

  const demo = by('san-service-coverage', 'examples/mtls-demo/certificates.yaml');
  assert.match(demo.message, /Service "server" \(examples\/mtls-demo\/server\.yaml\)/);
  assert.match(demo.message, /does not cover "server\.mtls-demo":/);
});

test('examples/: the Service-coverage quick fixes add exactly the missing name, and the findings go away', () => {
  const files = examples();
  const findings = lintTexts(files).filter((f) => f.code === 'san-service-coverage');
  assert.equal(findings.length, 2);
  const expectedInsert: Record<string, [string, string]> = {
    'examples/cert-manager/api-services.yaml': ['    - api.default.svc.cluster.local\n', '    - api.default.svc.cluster.local\n    - api.default\n'],
    'examples/mtls-demo/certificates.yaml': ['  - server\n', '  - server\n  - server.mtls-demo\n'],
  };
  let fixed = files;
  for (const f of findings) {
    const edits = f.fixes![0].edits;
    assert.ok(edits.every((e) => e.file === f.file));
    const before = fixed.find((x) => x.path === f.file)!.text;
    const after = applyEdits(before, edits);
    const [from, to] = expectedInsert[f.file];
    assert.equal(after, before.replace(from, to), f.file);
    fixed = fixed.map((x) => (x.path === f.file ? { path: x.path, text: after } : x));
  }
  assert.deepEqual(describe(fixed, lintTexts(fixed)), EXPECTED.filter((e) => !e.includes('san-service-coverage')));
});

test('examples/: `certwright lint --format json examples` reports the same findings and exits 1 (the Vault seed\'s errors)', async () => {
  let out = '';
  let err = '';
  const code = await main(['lint', '--format', 'json', DEMO], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  assert.equal(code, 1, err);
  const all = JSON.parse(out) as Array<{ file: string; line: number; code: string; severity: string }>;
  const records = all.filter((r) => !/(^|[\\/])examples[\\/](vault|openssl|(istio|linkerd|gateway)[\\/]mistakes)[\\/]/.test(r.file));
  const got = records.map((r) => `examples/${relative(DEMO, join(process.cwd(), r.file)).split('\\').join('/')}:${r.line} ${r.code}`);
  assert.deepEqual(got, EXPECTED);
  assert.deepEqual(records.map((r) => r.severity), ['info', 'warning', 'info', 'warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'info', 'info', 'info', 'error', 'error']);
});
