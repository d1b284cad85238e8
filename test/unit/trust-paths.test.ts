// End-to-end trust and real lifetimes across files (#17 parts 2 and 3): the messages name the
// missing root and the trust source, related locations point at each object followed, the hover
// on duration shows the real lifetime (Vault role caps from the Vault rule pack's model: scripts and Terraform),
// and corpora where nothing is provable stay silent. The failing/passing table is in
// lint-rules.test.ts (cases from trust-cases.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, lintWorkspace, Workspace, type LintFinding } from '../../src/core/lint/index';
import { hoverAt } from '../../src/core/lint/features';
import { renewAfterMs } from '../../src/core/lint/rules/trust-paths';
import { bundle, configClient, corpus, gatewayCorpus, leafUnder, root, secretSource, SELFSIGNED, TRUST_FAILS, VAULT_ISSUER, VAULT_SETUP, type Input } from './trust-cases';
import { fixtureText } from './helpers';

const H = 3_600_000;
const codes = new Set(['trust-root-missing', 'renewal-loop', 'leaf-outlives-ca', 'ca-rotation-no-overlap']);
const mine = (files: Input[]) => lintTexts(files).filter((f) => codes.has(f.code));
const at = (files: Input[], f: LintFinding) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);

test('trust-root-missing: names the URL, the server certificate, the missing root and the trust source; related places follow the path', () => {
  const files = corpus();
  const got = mine(files);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  const f = got[0];
  assert.equal(f.code, 'trust-root-missing');
  assert.equal(f.severity, 'error');
  assert.equal(f.file, 'apps/orders/orders.yaml');
  assert.equal(at(files, f), 'https://api.payments.svc:8443');
  assert.equal(f.line, 36);
  assert.match(f.message, /^https:\/\/api\.payments\.svc:8443 reaches Service "api", whose pods serve Certificate "api" chaining to root Certificate "payments-root" \(namespace cert-manager, platform\/pki\.yaml\), but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root Certificate "orders-root" \(namespace cert-manager, platform\/pki\.yaml\)\): the handshake fails with "x509: certificate signed by unknown authority"/);
  assert.deepEqual(f.related?.map((r) => [r.file, r.message.split(':')[0]]), [
    ['apps/payments/api.yaml', 'Certificate "api" in namespace payments'],
    ['platform/pki.yaml', 'root Certificate "payments-root" (namespace cert-manager, platform/pki.yaml)'],
    ['apps/orders/orders.yaml', 'TLS_CA_FILE'],
    ['apps/orders/orders.yaml', 'Certificate "orders" in namespace orders'],
  ]);
});

test('trust-root-missing: through a trust-manager Bundle target; the public CAs never hold a root made in the workspace', () => {
  const c = TRUST_FAILS.find((x) => x.name.includes('Bundle of the other team'))!;
  const got = mine(c.files);
  assert.equal(got.length, 1);
  assert.match(got[0].message, /SSL_CERT_FILE=\/etc\/trust\/ca-bundle\.crt \(ConfigMap "orders-bundle" key ca-bundle\.crt: root Certificate "orders-root" .*, the public CAs \(useDefaultCAs\)\)/);
  assert.ok(got[0].related?.some((r) => r.file === 'platform/bundle.yaml'));
});

test('trust-root-missing: literal roots in Secrets (openssl-made) are compared by certificate; a literal next to a cert-manager root is not guessed', () => {
  const pem = (n: string) => fixtureText(`broken/${n}`);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = (name: string, ns: string, data: Record<string, string>) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ntype: kubernetes.io/tls\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${b64(v)}\n`).join('')}`;
  // The server's CA issuer signs with a literal CA Secret (root Broken Root); the client's ca.crt holds another root.
  const caSecret = (issuerCa: string) => `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: payments-ca\nspec:\n  ca:\n    secretName: payments-root\n---\n${secret('payments-root', 'cert-manager', { 'tls.crt': issuerCa })}`;
  const clientSecret = (ca: string) => secret('orders-tls', 'orders', { 'tls.crt': pem('good-leaf.pem'), 'ca.crt': ca });
  const base = corpus().filter((f) => f.path !== 'platform/pki.yaml');
  const noCert = (files: Input[]) => files.map((f) => f.path === 'apps/orders/orders.yaml' ? { path: f.path, text: f.text.slice(f.text.indexOf('---\n') + 4) } : f);
  const other = fixtureText('root.pem');
  const bad = noCert([...base, { path: 'platform/ca.yaml', text: caSecret(pem('root.pem')) }, { path: 'apps/orders/secret.yaml', text: clientSecret(other) }]);
  const got = mine(bad);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to root O=Certwright Broken,CN=Broken Root \(in Secret "payments-root" in namespace cert-manager, platform\/ca\.yaml\), but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root .*Certwright Test Root CA/);
  const good = noCert([...base, { path: 'platform/ca.yaml', text: caSecret(pem('root.pem')) }, { path: 'apps/orders/secret.yaml', text: clientSecret(pem('root.pem')) }]);
  assert.deepEqual(mine(good), []);
  // A cert-manager root on one side and a literal on the other: not provable.
  const mixed = noCert([...corpus().filter((f) => f.path !== 'apps/orders/orders.yaml'), { path: 'apps/orders/orders.yaml', text: corpus()[2].text }, { path: 'apps/orders/secret.yaml', text: clientSecret(other) }]);
  assert.deepEqual(mine(mixed), []);
});

test('trust-root-missing: silent when the trust source is not a provable file (no env var, a path outside any mount, projected volumes with several sources)', () => {
  const noEnv = corpus().map((f) => f.path === 'apps/orders/orders.yaml' ? { path: f.path, text: f.text.replace(/ {12}- name: TLS_CA_FILE\n {14}value: \/etc\/tls\/ca\.crt\n/, '') } : f);
  assert.ok(!noEnv[2].text.includes('TLS_CA_FILE'));
  assert.deepEqual(mine(noEnv), []);
  assert.deepEqual(mine(corpus({ client: { caEnv: ['TLS_CA_FILE', '/usr/local/share/ca.pem'] } })), []);
  assert.deepEqual(mine(corpus({ client: { caEnv: ['TLS_CA_FILE', '$(CA_PATH)'] } })), []);
  assert.deepEqual(mine(corpus({ client: { url: 'https://api.example.com/v1' } })), []);
});

test('trust-root-missing: the editor path (a Workspace with a parse cache) agrees with the CLI path, before and after an edit that fixes it', () => {
  const cache = new Map();
  const files = corpus();
  const first = lintWorkspace(new Workspace(files, cache)).filter((f) => f.code === 'trust-root-missing');
  assert.equal(first.length, 1);
  const fixed = files.map((f) => f.path === 'apps/orders/orders.yaml' ? { path: f.path, text: f.text.replace('name: orders-ca', 'name: payments-ca') } : f);
  assert.deepEqual(lintWorkspace(new Workspace(fixed, cache)).filter((f) => f.code === 'trust-root-missing'), []);
  assert.equal(lintWorkspace(new Workspace(files, cache)).filter((f) => f.code === 'trust-root-missing').length, 1);
});

test('real lifetimes: Vault role max_ttl and the CA cut the duration; cert-manager\'s renewal time on the real lifetime; the hover on duration says it', () => {
  assert.equal(renewAfterMs(720 * H, 240 * H), 480 * H);
  assert.equal(renewAfterMs(720 * H, 720 * H), 480 * H, 'renewBefore not shorter: two thirds');
  assert.equal(renewAfterMs(720 * H + 30_000, 720 * H), 30_000, 'Vault backdating: 30 s');
  const loop = TRUST_FAILS.find((c) => c.code === 'renewal-loop')!;
  const got = mine(loop.files);
  assert.deepEqual(got.map((f) => [f.code, f.severity, at(loop.files, f)]), [['renewal-loop', 'error', '720h']]);
  assert.match(got[0].message, /^renewBefore 30 days is just short of the lifetime this certificate really gets, 30 days .*\(duration 60 days cut by Vault role pki_int\/roles\/payments max_ttl 720h\): cert-manager renews it 30 seconds after each issuance, in a loop/);
  assert.deepEqual(got[0].related?.map((r) => r.file), ['vault/setup.sh']);
  // Hover on duration: the planned renewal (existing sentence) and the real lifetime.
  const ws = new Workspace(loop.files);
  const file = ws.files.get('k8s/web.yaml')!;
  const hover = hoverAt(ws, file, file.text.indexOf('1440h') + 1)!;
  assert.match(hover, /This certificate lives 60 days, renews after 30 days/);
  assert.match(hover, /It really lives 30 days, not 60 days: cut by Vault role pki_int\/roles\/payments max_ttl 720h; renews 30 seconds after issuance: a renewal loop\./);
  // Under a CA: the CA's lifetime, and the leaf-outlives-ca warning on duration.
  const ca = [{ path: 'k8s/pki.yaml', text: `${SELFSIGNED}---\n${root('payments', { duration: '720h' })}` }, { path: 'k8s/web.yaml', text: leafUnder('payments-ca', '  duration: 2160h\n  renewBefore: 360h\n') }];
  const w2 = new Workspace(ca);
  const f2 = w2.files.get('k8s/web.yaml')!;
  assert.match(hoverAt(w2, f2, f2.text.indexOf('2160h') + 1)!, /It really lives 30 days, not 90 days: cut by CA Certificate "payments-root" lives 30 days; renews 15 days after issuance\./);
  const out = mine(ca);
  assert.deepEqual(out.map((f) => [f.code, f.severity, at(ca, f)]), [['leaf-outlives-ca', 'warning', '2160h']]);
  assert.match(out[0].message, /^duration 90 days outlives the CA that signs it: CA Certificate "payments-root" lives 30 days, and the CA issuer caps notAfter at the CA's/);
  // Through an intermediate: cut by the root's lifetime, transitively.
  const chain = [
    { path: 'k8s/pki.yaml', text: `${SELFSIGNED}---\n${root('payments', { duration: '720h' })}---\n${root('inter', { duration: '8760h' }).replace('name: selfsigned\n', 'name: payments-ca\n')}` },
    { path: 'k8s/web.yaml', text: leafUnder('inter-ca', '  duration: 2160h\n') },
  ];
  const deep = mine(chain);
  assert.deepEqual(deep.map((f) => [f.code, f.file, at(chain, f)]), [['leaf-outlives-ca', 'k8s/pki.yaml', '8760h'], ['leaf-outlives-ca', 'k8s/web.yaml', '2160h']]);
  assert.match(deep[1].message, /CA Certificate "inter-root" lives 30 days \(itself cut by CA Certificate "payments-root" lives 30 days\)/);
});

test('ca-rotation-no-overlap: on the root\'s rotationPolicy (or its name when unset), naming the Bundle', () => {
  const [unset, always] = TRUST_FAILS.filter((c) => c.code === 'ca-rotation-no-overlap');
  const a = mine(unset.files).filter((f) => f.code === 'ca-rotation-no-overlap');
  assert.deepEqual(a.map((f) => [f.severity, f.file, at(unset.files, f), f.line]), [['warning', 'platform/pki.yaml', 'payments-root', 10]]);
  assert.match(a[0].message, /rotationPolicy unset: Always since cert-manager 1\.18\), and Bundle "payments-bundle" holds only this root/);
  const b = mine(always.files).filter((f) => f.code === 'ca-rotation-no-overlap');
  assert.deepEqual(b.map((f) => at(always.files, f)), ['Always']);
  // No Bundle at all: nothing to say (leaves' ca.crt is re-written at their renewal).
  assert.deepEqual(mine(corpus({ roots: root('payments', { rotation: '' }), client: { issuer: 'payments-ca' } })), []);
});

test('SPIRE input: the lifetime rules leave SPIRE to spire-svid-ttl and Vault roles without max_ttl are not guessed', () => {
  const files = [{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/web.yaml', text: leafUnder('vault', '  duration: 1440h\n  renewBefore: 720h\n') }, { path: 'vault/setup.sh', text: VAULT_SETUP('720h').replace(/ max_ttl=\S+/, '') }];
  assert.deepEqual(mine(files), []);
  const b = bundle('x', secretSource('payments'));
  assert.match(b, /kind: Bundle/);
});

test('the bench corpus with a PKI per team (test/bench/lint-bench.ts): every connection is followed and trusted; a client of another root is found', async () => {
  const { generateMonorepo } = await import('../bench/lint-bench');
  const files = generateMonorepo(600, 2, 2, true);
  assert.ok(files.some((f) => f.text.includes('TLS_CA_FILE')) && files.some((f) => f.text.includes('kind: Bundle')));
  assert.deepEqual(mine(files), []);
  // Team 1's root gets another name: its clients' ca.crt still comes from it, but team 1's server
  // certificates move to a second root that nobody trusts.
  const other = files.map((f) => f.path !== 'teams/team-1/app-0.yaml' ? f : {
    path: f.path,
    text: f.text
      .replace('kind: ClusterIssuer\nmetadata:\n  name: ca-issuer\nspec:\n  ca:\n    secretName: ca-key-pair', 'kind: ClusterIssuer\nmetadata:\n  name: ca-issuer\nspec:\n  ca:\n    secretName: ca-key-pair\n---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: other-issuer\nspec:\n  selfSigned: {}')
      .replace(/name: svc-3\n  namespace: ns-3\nspec:\n  secretName: svc-3-tls\n([\s\S]*?)issuerRef:\n    name: ca-issuer/, 'name: svc-3\n  namespace: ns-3\nspec:\n  secretName: svc-3-tls\n$1issuerRef:\n    name: other-issuer'),
  });
  assert.notEqual(other[files.findIndex((f) => f.path === 'teams/team-1/app-0.yaml')].text.indexOf('name: other-issuer\n'), -1);
  const got = mine(other);
  // svc-2 dials svc-3 (now under its own root); svc-3, trusting only itself, dials svc-4.
  assert.deepEqual(got.map((f) => [f.code, f.file, f.message.slice(0, f.message.indexOf(' reaches'))]), [
    ['trust-root-missing', 'teams/team-1/app-0.yaml', 'https://svc-3.ns-3.svc:8443'],
    ['trust-root-missing', 'teams/team-1/app-0.yaml', 'https://svc-4.ns-4.svc:8443'],
  ]);
  assert.match(got[0].message, /whose pods serve Certificate "svc-3" chaining to root Certificate "svc-3"/);
});

test('renewal-loop reads Vault roles from the Vault rule pack\'s model: a Terraform role, a mount\'s max lease TTL; the Issuer path names the role', () => {
  const tf = `resource "vault_mount" "pki_int" {\n  path = "pki_int"\n  type = "pki"\n}\n\nresource "vault_pki_secret_backend_role" "payments" {\n  backend          = vault_mount.pki_int.path\n  name             = "payments"\n  allowed_domains  = ["payments.svc"]\n  allow_subdomains = true\n  require_cn       = false\n  max_ttl          = "2592000"\n}\n`;
  const files = [{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/web.yaml', text: leafUnder('vault', '  duration: 1440h\n  renewBefore: 720h\n') }, { path: 'terraform/vault.tf', text: tf }];
  const got = lintTexts(files).filter((f) => f.code === 'renewal-loop' || f.code === 'vault-renew-before-exceeds-ttl');
  assert.deepEqual(got.map((f) => [f.code, f.severity, f.file, at(files, f)]), [['renewal-loop', 'error', 'k8s/web.yaml', '720h']]);
  assert.match(got[0].message, /cut by Vault role pki_int\/roles\/payments max_ttl 2592000\)/);
  assert.deepEqual(got[0].related?.map((r) => [r.file, r.line]), [['terraform/vault.tf', 7]]);
  // The mount's max lease TTL when the role has no max_ttl.
  const mount = [files[0], files[1], { path: 'vault/setup.sh', text: '#!/bin/sh\nvault secrets enable -path=pki_int pki\nvault secrets tune -max-lease-ttl=720h pki_int\nvault write pki_int/roles/payments allowed_domains=payments.svc allow_subdomains=true require_cn=false\n' }];
  const m = lintTexts(mount).filter((f) => f.code === 'renewal-loop');
  assert.deepEqual(m.map((f) => at(mount, f)), ['720h']);
  assert.match(m[0].message, /cut by the max lease TTL of Vault mount pki_int \(720h\)/);
  // A path naming another role, or a role whose not_before_duration is unknown: nothing is guessed.
  assert.deepEqual(lintTexts([{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER.replace('sign/payments', 'sign/other') }, files[1], files[2]]).filter((f) => f.code === 'renewal-loop'), []);
  assert.deepEqual(lintTexts([files[0], files[1], { path: 'vault/setup.sh', text: VAULT_SETUP('720h').replace('max_ttl=720h', 'max_ttl=720h not_before_duration=$SKEW') }]).filter((f) => f.code === 'renewal-loop'), []);
});

test('renewal-loop and vault-renew-before-exceeds-ttl: one finding per problem (the loop belongs to renewal-loop; a renewBefore cert-manager ignores to the Vault rule)', () => {
  const setup = (ttl: string, rb: string) => [{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/web.yaml', text: leafUnder('vault', `  duration: 1440h\n  renewBefore: ${rb}\n`) }, { path: 'vault/setup.sh', text: VAULT_SETUP(ttl) }];
  const both = (files: Input[]) => lintTexts(files).filter((f) => f.code === 'renewal-loop' || f.code === 'vault-renew-before-exceeds-ttl').map((f) => [f.code, f.severity, at(files, f)]);
  // renewBefore equal to max_ttl: Vault issues 720h30s, cert-manager renews 30 s after issuance.
  assert.deepEqual(both(setup('720h', '720h')), [['renewal-loop', 'error', '720h']]);
  // renewBefore a few minutes under max_ttl: still a loop.
  assert.deepEqual(both(setup('720h', '719h57m')), [['renewal-loop', 'error', '719h57m']]);
  // renewBefore beyond the real lifetime: cert-manager ignores it and renews at two thirds; not a loop.
  const ignored = setup('720h', '1000h');
  assert.deepEqual(both(ignored), [['vault-renew-before-exceeds-ttl', 'warning', '1000h']]);
  assert.match(lintTexts(ignored).find((f) => f.code === 'vault-renew-before-exceeds-ttl')!.message, /cert-manager ignores it and renews two thirds of the way through, 20 days after issuance/);
  // Well below: neither.
  assert.deepEqual(both(setup('720h', '240h')), []);
});

test('root-expires-before-renewal: one finding per CA Secret on its tls.crt, naming the certificates planned past the CA\'s expiry; the hover shows the cut', async () => {
  const { LITERAL_CA_FILES, daysBeforeCaExpiry } = await import('./trust-cases');
  const files = [...LITERAL_CA_FILES(), { path: 'k8s/api.yaml', text: leafUnder('legacy-ca', '  duration: 1440h\n').replace('name: web\n', 'name: api\n').replace('web-tls', 'api-tls') }, { path: 'k8s/short.yaml', text: leafUnder('legacy-ca', '  duration: 24h\n').replace('name: web\n', 'name: short\n').replace('web-tls', 'short-tls') }];
  const run = (days: number) => { const ws = new Workspace(files); ws.now = daysBeforeCaExpiry(days); return { ws, found: lintWorkspace(ws).filter((f) => f.code === 'root-expires-before-renewal') }; };
  const { ws, found } = run(30);
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].file, 'platform/legacy-ca.yaml');
  assert.equal(found[0].line, 15);
  assert.match(found[0].message, /^CA CN=Fixture Intermediate,O=Certwright Fixtures \(Secret "legacy-ca"\), whose chain ends with CN=Fixture Root,O=Certwright Fixtures expiring 2126-11-08, in 29 days 23 hours: before the Certificates it signs reach the end of their planned lifetime \("web" \(90 days\), "api" \(60 days\)\), and nothing in the workspace replaces it\./);
  assert.deepEqual(found[0].related?.map((r) => r.file), ['k8s/web.yaml', 'k8s/api.yaml']);
  // The hover on duration: really lives as long as the CA has left.
  const f = ws.files.get('k8s/web.yaml')!;
  assert.match(hoverAt(ws, f, f.text.indexOf('2160h') + 1)!, /It really lives 29 days 23 hours, not 90 days: cut by CA CN=Fixture Intermediate,O=Certwright Fixtures \(Secret "legacy-ca"\), whose chain ends with CN=Fixture Root,O=Certwright Fixtures expiring 2126-11-08, which nothing in the workspace renews/);
  // 75 days left: only the 90-day certificate is planned past it.
  assert.match(run(75).found[0].message, /\("web" \(90 days\)\), and nothing/);
  assert.deepEqual(run(100).found, []);
  // No leaf-outlives-ca for a literal CA (that rule is about CA Certificates), no renewal-loop.
  assert.deepEqual(lintWorkspace(ws).filter((x) => x.code === 'leaf-outlives-ca' || x.code === 'renewal-loop'), []);
});

test('SPIRE ca_ttl cuts SVID lifetimes: one finding per TTL (outlives the CA, or beyond min(ca_ttl/6, 7d)), naming the server\'s ca_ttl as related', async () => {
  const { spireServerConf, clusterSpiffeIdTtl, spireValues } = await import('./trust-cases');
  const spire = (files: Input[]) => lintTexts(files).filter((f) => f.code === 'leaf-outlives-ca' || f.code === 'spire-svid-ttl').map((f) => [f.code, f.file, at(files, f)]);
  const long = [{ path: 'spire/server.conf', text: spireServerConf() }, { path: 'spire/csid.yaml', text: clusterSpiffeIdTtl('48h') }];
  assert.deepEqual(spire(long), [['leaf-outlives-ca', 'spire/csid.yaml', '48h']]);
  const f = lintTexts(long).find((x) => x.code === 'leaf-outlives-ca')!;
  assert.match(f.message, /^ClusterSPIFFEID ttl 2 days outlives the SPIRE server's CA \(ca_ttl "24h" in spire\/server\.conf, 1 day\): SPIRE never signs past the CA's notAfter, so these SVIDs really live at most 1 day, and as little as 4 hours next to a CA rotation\./);
  assert.deepEqual(f.related?.map((r) => [r.file, r.line]), [['spire/server.conf', 5]]);
  // The chart's values: caTTL 12h caps SVIDs at 2h; a ClusterSPIFFEID manifest next to them meets the same server.
  const chart = [{ path: 'deploy/values.yaml', text: spireValues('12h', '1h') }, { path: 'deploy/csid.yaml', text: clusterSpiffeIdTtl('3h') }];
  assert.deepEqual(spire(chart), [['spire-svid-ttl', 'deploy/csid.yaml', '3h']]);
  // Two servers in one scope that disagree: not guessed.
  assert.deepEqual(spire([...long, { path: 'spire/values.yaml', text: spireValues('720h', '1h') }]), []);
});

test('trust-root-missing on mesh and gateway connections: a DestinationRule\'s credentialName, a BackendTLSPolicy\'s caCertificateRefs, Istio\'s root ConfigMap as a trust source', () => {
  const cases = TRUST_FAILS.filter((c) => c.code === 'trust-root-missing').slice(2);
  const [dr, btp, istio] = cases.map((c) => ({ c, got: mine(c.files).filter((f) => f.code === 'trust-root-missing' && f.file === c.file) }));
  assert.equal(dr.got.length, 1);
  assert.match(dr.got[0].message, /^DestinationRule "payments-api" \(tls\.mode MUTUAL\) verifies api\.payments\.svc\.cluster\.local against Secret "orders-tls" key ca\.crt \(root Certificate "orders-root" .*\), but Service "api" serves Certificate "api" chaining to root Certificate "payments-root"/);
  assert.deepEqual(dr.got[0].related?.map((r) => r.file), ['apps/payments/api.yaml', 'platform/pki.yaml', 'apps/orders/orders.yaml']);
  assert.equal(btp.got.length, 1);
  assert.match(btp.got[0].message, /^BackendTLSPolicy "api-backend" makes the gateway verify Service "api" against ConfigMap "orders-ca-bundle" key ca\.crt \(root Certificate "orders-root"/);
  assert.equal(istio.got.length, 1);
  assert.match(istio.got[0].message, /SSL_CERT_FILE=\/etc\/istio-root\/root-cert\.pem \(ConfigMap "istio-ca-root-cert" key root-cert\.pem: root .*Certwright Test Root CA.*\(in Secret "cacerts" in namespace istio-system, istio\/cacerts\.yaml\)\)/);
  assert.match(istio.got[0].message, /chaining to root CN=Fixture Root,O=Certwright Fixtures/);
});

test('trust-root-missing on URLs in configs (g17): a ConfigMap a client reads through envFrom, configMapKeyRef or a mounted volume; the error on the URL in the ConfigMap', () => {
  const base = corpus().filter((f) => f.path !== 'apps/orders/orders.yaml');
  const files = [...base, ...configClient()];
  const got = mine(files);
  assert.deepEqual(got.map((f) => [f.code, f.file, f.line, f.column, at(files, f)]), [['trust-root-missing', 'apps/orders/config.yaml', 9, 11, 'https://api.payments.svc:8443']]);
  assert.match(got[0].message, /^https:\/\/api\.payments\.svc:8443 \(ConfigMap "orders-config" key config\.yaml, read by Deployment "orders"\) reaches Service "api", whose pods serve Certificate "api" chaining to root Certificate "payments-root" .*, but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt/);
  assert.deepEqual(got[0].related?.map((r) => [r.file, r.message.split(': ')[1]]), [
    ['apps/payments/api.yaml', 'the certificate the server presents'],
    ['platform/pki.yaml', 'the root the client lacks'],
    ['apps/orders/orders.yaml', 'reads this ConfigMap and dials the URL'],
    ['apps/orders/orders.yaml', 'the client\'s trust source'],
    ['apps/orders/orders.yaml', 'what TLS_CA_FILE holds'],
  ]);
  for (const via of ['volume', 'keyRef'] as const) {
    const v = [...base, ...configClient({ via })];
    assert.deepEqual(mine(v).map((f) => [f.file, f.line, f.column]), [['apps/orders/config.yaml', 9, 11]], via);
  }
  // Another key, a templated URL, a client of the server's CA, a ConfigMap of another namespace: silent.
  assert.deepEqual(mine([...base, ...configClient({ via: 'keyRef', key: 'LOG_LEVEL' })]), []);
  assert.deepEqual(mine([...base, ...configClient({ url: 'https://{{ .Values.paymentsHost }}:8443' })]), []);
  assert.deepEqual(mine([...base, ...configClient({ client: { issuer: 'payments-ca' } })]), []);
  assert.deepEqual(mine([...base, ...configClient().map((f) => (f.path === 'apps/orders/config.yaml' ? { path: f.path, text: f.text.replace('namespace: orders', 'namespace: elsewhere') } : f))]), []);
  // Two workloads reading one ConfigMap: one finding at the URL.
  const twice = [...base, ...configClient(), { path: 'apps/orders/worker.yaml', text: configClient()[0].text.split('---\n')[1].replace(/name: orders\n {2}namespace/, 'name: orders-worker\n  namespace') }];
  assert.equal(mine(twice).length, 1);
  // An Istio Gateway host in a ConfigMap.
  const gw = [...gatewayCorpus({ gateway: { mode: 'SIMPLE' } }).filter((f) => f.path !== 'apps/orders/orders.yaml'), ...configClient({ url: 'https://api.example.com/v1' })];
  const g = mine(gw);
  assert.deepEqual(g.map((f) => [f.file, f.line, f.column, at(gw, f)]), [['apps/orders/config.yaml', 9, 11, 'https://api.example.com']]);
  assert.match(g[0].message, /^https:\/\/api\.example\.com \(ConfigMap "orders-config" key config\.yaml, read by Deployment "orders"\) reaches Istio Gateway "public"/);
});
