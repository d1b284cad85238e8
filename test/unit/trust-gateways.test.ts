// g17 (#17 gaps): end-to-end trust through Istio Gateways (a client dialing a gateway host must
// trust its credential's root; a MUTUAL gateway's client CA must hold the root of what clients
// present; an egress DestinationRule to a gateway host both ways) and root-expires-before-renewal
// on pinned copies of a root (ConfigMap, Bundle inLine, Secret ca.crt or the key a TLS_CA_FILE
// names, Istio root-cert.pem, Linkerd identityTrustAnchorsPEM). Exact ranges across files; what
// is templated, ambiguous or managed stays silent. The failing/passing rows are in trust-cases.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintWorkspace, Workspace, type LintFinding } from '../../src/core/lint/index';
import {
  BOTH_ROOTS_BUNDLE, BOTH_ROOTS_CLIENT, bundle, daysBeforeRootExpiry, egressRule, gatewayCorpus, gatewayCredential, GATEWAY_URL, inlineBundle,
  istioGateway, PIN_FILES, pinnedCacerts, pinnedConfigMap, secretSource, type Input,
} from './trust-cases';
import { fixtureText } from './helpers';

const lint = (files: Input[], now?: Date) => { const ws = new Workspace(files); ws.now = now; return lintWorkspace(ws); };
const trust = (files: Input[]) => lint(files).filter((f) => f.code === 'trust-root-missing');
const pins = (files: Input[], now?: Date) => lint(files, now).filter((f) => f.code === 'root-expires-before-renewal');
const at = (files: Input[], f: LintFinding) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);
const where = (files: Input[], f: LintFinding) => [f.file, f.line, f.column, at(files, f)];
const under = (dir: string, files: Input[]) => files.map((f) => ({ path: `${dir}/${f.path}`, text: f.text }));

test('Istio Gateway, serving: a client dialing a gateway host with a CA file that lacks the credential\'s root gets the error on its URL, naming the root and the gateway', () => {
  const files = gatewayCorpus({ gateway: { mode: 'SIMPLE' } });
  const got = trust(files);
  assert.deepEqual(got.map((f) => where(files, f)), [['apps/orders/orders.yaml', 36, 21, GATEWAY_URL]]);
  assert.equal(got[0].severity, 'error');
  assert.match(got[0].message, /^https:\/\/api\.example\.com reaches Istio Gateway "public" \(tls\.mode SIMPLE, credentialName "api-gateway-credential"\), which serves Certificate "api-gateway-credential" chaining to root Certificate "payments-root" \(namespace cert-manager, platform\/pki\.yaml\), but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root Certificate "orders-root" .*\): the handshake fails with "x509: certificate signed by unknown authority"/);
  assert.deepEqual(got[0].related?.map((r) => [r.file, r.line, r.message.split(': ')[1]]), [
    ['istio/gateway.yaml', 17, 'the server for api.example.com'],
    ['istio/gateway.yaml', 22, 'the certificate the gateway presents'],
    ['platform/pki.yaml', 10, 'the root the client lacks'],
    ['apps/orders/orders.yaml', 42, 'the client\'s trust source'],
    ['apps/orders/orders.yaml', 3, 'what TLS_CA_FILE holds'],
  ]);
  // Fixed by issuing the gateway's credential from the client's CA, or trusting both roots.
  assert.deepEqual(trust(gatewayCorpus({ gateway: { mode: 'SIMPLE' }, credentialIssuer: 'orders-ca' })), []);
  assert.deepEqual(trust(gatewayCorpus({ gateway: { mode: 'SIMPLE' }, client: BOTH_ROOTS_CLIENT, extra: [BOTH_ROOTS_BUNDLE] })), []);
});

test('Istio Gateway, MUTUAL: the client CA (the credential\'s ca.crt, or the <name>-cacert Secret istiod reads first) must hold the root of the certificate the client presents; the error is on credentialName', () => {
  const files = gatewayCorpus({ client: BOTH_ROOTS_CLIENT, extra: [BOTH_ROOTS_BUNDLE] });
  const got = trust(files);
  assert.deepEqual(got.map((f) => where(files, f)), [['istio/gateway.yaml', 17, 24, 'api-gateway-credential']]);
  assert.match(got[0].message, /^Istio Gateway "public" \(tls\.mode MUTUAL\) verifies client certificates for api\.example\.com against Secret "api-gateway-credential" key ca\.crt \(root Certificate "payments-root" .*\), but Deployment "orders" \(apps\/orders\/orders\.yaml\) dials https:\/\/api\.example\.com presenting Certificate "orders" chaining to root Certificate "orders-root" .*: the gateway rejects that certificate and the handshake fails/);
  assert.deepEqual(got[0].related?.map((r) => [r.file, r.line, r.message.split(': ').slice(1).join(': ')]), [
    ['apps/orders/orders.yaml', 3, 'the certificate the client presents'],
    ['platform/pki.yaml', 37, 'the root the gateway lacks'],
    ['apps/orders/orders.yaml', 36, 'dials api.example.com'],
    ['apps/orders/orders.yaml', 38, 'the certificate file it presents'],
    ['istio/gateway.yaml', 22, 'the CA the gateway verifies clients with'],
  ]);
  // Both directions at once: the client lacks the gateway's root and the gateway the client's.
  const both = gatewayCorpus();
  assert.deepEqual(trust(both).map((f) => where(both, f)), [['apps/orders/orders.yaml', 36, 21, GATEWAY_URL], ['istio/gateway.yaml', 17, 24, 'api-gateway-credential']]);
  // A separate api-gateway-credential-cacert Secret (a Bundle of both roots) is the client CA.
  const cacert = { path: 'istio/cacert.yaml', text: bundle('api-gateway-credential-cacert', secretSource('orders') + secretSource('payments')).replace('configMap:\n      key: ca-bundle.crt', 'secret:\n      key: ca.crt') };
  assert.deepEqual(trust([...files, cacert]), []);
  // OPTIONAL_MUTUAL: client certificates are not required; only the serving side is checked.
  assert.deepEqual(trust(gatewayCorpus({ gateway: { mode: 'OPTIONAL_MUTUAL' }, client: BOTH_ROOTS_CLIENT, extra: [BOTH_ROOTS_BUNDLE] })), []);
  // A client of the gateway's own CA: nothing.
  assert.deepEqual(trust(gatewayCorpus({ client: { issuer: 'payments-ca' } })), []);
});

test('Istio Gateway hosts: ns/host and wildcards match; an exact host wins over a wildcard; a host two servers serve is not guessed', () => {
  const simple = { mode: 'SIMPLE' };
  assert.equal(trust(gatewayCorpus({ gateway: { ...simple, hosts: ['istio-system/api.example.com'] } })).length, 1);
  assert.equal(trust(gatewayCorpus({ gateway: { ...simple, hosts: ['"*.example.com"'] } })).length, 1);
  assert.deepEqual(trust(gatewayCorpus({ gateway: { ...simple, hosts: ['"*.other.example.com"', '"*"'] } })), []);
  // The exact server (orders' CA) wins over a wildcard one (payments').
  const exact = gatewayCorpus({ gateway: { ...simple, hosts: ['"*.example.com"'] }, extra: [{ path: 'istio/exact.yaml', text: `${istioGateway({ name: 'exact', cred: 'exact-gw', mode: 'SIMPLE' })}---\n${gatewayCredential('orders-ca', 'exact-gw')}` }] });
  assert.deepEqual(trust(exact), []);
  // Two Gateways for one host with different roots: which one answers is not known.
  const two = gatewayCorpus({ gateway: simple, extra: [{ path: 'istio/second.yaml', text: `${istioGateway({ name: 'second', cred: 'orders-gw', mode: 'SIMPLE' })}---\n${gatewayCredential('orders-ca', 'orders-gw')}` }] });
  assert.deepEqual(trust(two), []);
  // The same Gateway copied in two files is one server.
  const copies = gatewayCorpus({ gateway: simple, extra: [{ path: 'istio/copy.yaml', text: istioGateway(simple) }] });
  assert.equal(trust(copies).length, 1);
});

test('Istio Gateway: templated credentialName, mode or hosts, a credential nothing writes, a gateway in another scope: silent', () => {
  const simple = { mode: 'SIMPLE' };
  assert.equal(trust(gatewayCorpus({ gateway: simple })).length, 1, 'the baseline fails');
  assert.deepEqual(trust(gatewayCorpus({ gateway: { ...simple, cred: '"{{ .Values.credential }}"' } })), []);
  assert.deepEqual(trust(gatewayCorpus({ gateway: { mode: '${TLS_MODE}' } })), []);
  assert.deepEqual(trust(gatewayCorpus({ gateway: { ...simple, hosts: ['"{{ .Values.host }}"'] } })), []);
  assert.deepEqual(trust(gatewayCorpus({ gateway: { ...simple, cred: 'made-elsewhere' } })), []);
  assert.deepEqual(trust(gatewayCorpus({ gateway: simple, client: { caEnv: ['TLS_CA_FILE', '$(CA_FILE)'] } })), []);
  const scoped = [
    ...under('a', gatewayCorpus({ gateway: simple }).filter((f) => f.path !== 'istio/gateway.yaml')),
    { path: 'a/kustomization.yaml', text: 'resources:\n  - platform/pki.yaml\n  - apps/orders/orders.yaml\n' },
    { path: 'b/gateway.yaml', text: `${istioGateway(simple)}---\n${gatewayCredential('payments-ca')}` },
    { path: 'b/pki.yaml', text: gatewayCorpus()[0].text },
    { path: 'b/kustomization.yaml', text: 'resources:\n  - gateway.yaml\n  - pki.yaml\n' },
  ];
  assert.deepEqual(trust(scoped), []);
});

test('Istio Gateway with a literal credential: its chain\'s root, or any certificate of it, in the client\'s pool verifies; another root does not', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const chain = fixtureText('verify/leaf.pem') + fixtureText('verify/inter.pem') + fixtureText('verify/root.pem');
  const literal = (clientCa: string) => [
    ...gatewayCorpus({ gateway: { mode: 'SIMPLE', cred: 'literal-gw' } }).filter((f) => f.path !== 'istio/gateway.yaml'),
    { path: 'istio/gateway.yaml', text: `${istioGateway({ mode: 'SIMPLE', cred: 'literal-gw' })}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: literal-gw\n  namespace: istio-system\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(chain)}\n` },
    { path: 'apps/orders/secret.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-tls\n  namespace: orders\ndata:\n  ca.crt: ${b64(clientCa)}\n` },
  ].map((f) => (f.path === 'apps/orders/orders.yaml' ? { path: f.path, text: f.text.slice(f.text.indexOf('---\n') + 4) } : f));
  const bad = literal(fixtureText('root.pem'));
  const got = trust(bad);
  assert.deepEqual(got.map((f) => where(bad, f)), [['apps/orders/orders.yaml', 19, 21, GATEWAY_URL]]);
  assert.match(got[0].message, /which serves CN=api\.example\.com,O=Certwright Fixtures in Secret "literal-gw" chaining to root CN=Fixture Root,O=Certwright Fixtures \(in Secret "literal-gw" in namespace istio-system, istio\/gateway\.yaml\)/);
  assert.deepEqual(trust(literal(fixtureText('verify/root.pem'))), []);
  assert.deepEqual(trust(literal(fixtureText('verify/inter.pem'))), [], 'an intermediate in the pool is an anchor (Go)');
});

test('egress DestinationRule to an Istio Gateway host: its CA must hold the gateway\'s root (on its credentialName); with MUTUAL both sides, the gateway\'s client CA the root of its credential', () => {
  const files = gatewayCorpus({ client: BOTH_ROOTS_CLIENT, extra: [BOTH_ROOTS_BUNDLE, { path: 'apps/orders/egress.yaml', text: egressRule('orders-tls') }] });
  const got = trust(files);
  assert.deepEqual(got.map((f) => where(files, f)), [
    ['apps/orders/egress.yaml', 10, 22, 'orders-tls'],
    ['istio/gateway.yaml', 17, 24, 'api-gateway-credential'],
    ['istio/gateway.yaml', 17, 24, 'api-gateway-credential'],
  ]);
  assert.match(got[0].message, /^DestinationRule "partner-api" \(tls\.mode MUTUAL\) verifies api\.example\.com against Secret "orders-tls" key ca\.crt \(root Certificate "orders-root" .*\), but Istio Gateway "public" serves api\.example\.com with Certificate "api-gateway-credential" \(credentialName "api-gateway-credential"\) chaining to root Certificate "payments-root"/);
  assert.match(got[2].message, /but Deployment "orders" \(apps\/orders\/orders\.yaml\) dials https:\/\/api\.example\.com presenting Certificate "orders"/);
  assert.match(got[1].message, /but DestinationRule "partner-api" \(apps\/orders\/egress\.yaml\) originates mTLS to it presenting Certificate "orders" chaining to root Certificate "orders-root"/);
  assert.deepEqual(got[1].related?.map((r) => [r.file, r.line]), [['apps/orders/orders.yaml', 3], ['platform/pki.yaml', 37], ['apps/orders/egress.yaml', 10], ['istio/gateway.yaml', 22]]);
  // A DestinationRule whose credential comes from the gateway's CA: nothing; SIMPLE presents no certificate.
  const sameCa = gatewayCorpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/orders/egress.yaml', text: egressRule('orders-tls') }] });
  assert.deepEqual(trust(sameCa), []);
  const simple = gatewayCorpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/orders/egress.yaml', text: egressRule('orders-tls', 'SIMPLE') }] });
  assert.deepEqual(trust(simple), []);
});

// ---- pinned copies of a root ------------------------------------------------------------------------

const ROOT = fixtureText('verify/root.pem');
const block = (pem: string, indent: number) => pem.trim().split('\n').join(`\n${' '.repeat(indent)}`);

test('root-expires-before-renewal on a ConfigMap\'s pinned copy of a CA issuer\'s root: the PEM block, the date, the Certificates whose plan outlasts it', () => {
  const files = PIN_FILES({ path: 'apps/web/roots.yaml', text: pinnedConfigMap(ROOT) });
  const got = pins(files, daysBeforeRootExpiry(30));
  // The CA issuer's own Secret (rootExpiry, tls.crt) and the copy, each with its finding.
  assert.deepEqual(got.map((f) => [f.file, f.line, f.column]), [['apps/web/roots.yaml', 7, 4], ['platform/legacy-ca.yaml', 15, 11]]);
  const f = got[0];
  assert.equal(at(files, f), block(ROOT, 4));
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^This copy of root CN=Fixture Root,O=Certwright Fixtures in ConfigMap "pinned-roots" in namespace orders key ca\.crt expires 2126-11-08, in 30 days: before what chains to it reaches the end of its plan \(Certificate "web" \(90 days\)\)\. Nothing in the workspace renews a pinned copy/);
  assert.deepEqual(f.related?.map((r) => [r.file, r.line, r.message.split(': ')[1]]), [['k8s/web.yaml', 3, 'chains to this root, planned for 90 days from now']]);
  // 200 days ahead the leaf's plan ends before the copy: nothing.
  assert.deepEqual(pins(files, daysBeforeRootExpiry(200)), []);
});

test('root-expires-before-renewal on copies in a Bundle inLine source, a Secret\'s ca.crt and the Secret key a TLS_CA_FILE names', () => {
  const now = daysBeforeRootExpiry(10);
  const inline = PIN_FILES({ path: 'platform/bundle.yaml', text: inlineBundle(ROOT) });
  assert.deepEqual(pins(inline, now).filter((f) => f.file === 'platform/bundle.yaml').map((f) => [f.line, f.column, at(inline, f)]), [[7, 8, block(ROOT, 8)]]);
  const b64 = Buffer.from(ROOT).toString('base64');
  const secret = PIN_FILES({ path: 'apps/web/ca.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-ca\n  namespace: payments\ndata:\n  ca.crt: ${b64}\n` });
  assert.deepEqual(pins(secret, now).filter((f) => f.file === 'apps/web/ca.yaml').map((f) => [f.line, f.column]), [[6, 10]]);
  // An unconventional key, named by a workload's TLS_CA_FILE through its volume mount.
  const named = (env: string) => PIN_FILES({ path: 'apps/web/app.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-trust\n  namespace: payments\nstringData:\n  trust.pem: |\n    ${block(ROOT, 4)}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: payments\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: web:1\n          env:\n            - name: ${env}\n              value: /etc/trust/trust.pem\n          volumeMounts:\n            - name: trust\n              mountPath: /etc/trust\n      volumes:\n        - name: trust\n          secret:\n            secretName: web-trust\n` });
  const viaEnv = named('TLS_CA_FILE');
  assert.deepEqual(pins(viaEnv, now).filter((f) => f.file === 'apps/web/app.yaml').map((f) => [f.line, f.column, at(viaEnv, f)]), [[7, 4, block(ROOT, 4)]]);
  assert.deepEqual(pins(named('UNRELATED_FILE'), now).filter((f) => f.file === 'apps/web/app.yaml'), [], 'a key nothing names as a CA file is not read as one');
});

test('root-expires-before-renewal on Istio\'s root-cert.pem and Linkerd\'s identityTrustAnchorsPEM outlived by the CA they anchor', () => {
  const istio = [{ path: 'istio/cacerts.yaml', text: pinnedCacerts() }];
  const got = pins(istio);
  assert.deepEqual(got.map((f) => [f.file, f.line, f.column, at(istio, f)]), [['istio/cacerts.yaml', 21, 4, block(fixtureText('pins/root.pem'), 4)]]);
  assert.match(got[0].message, /^This copy of root CN=Pinned Root,O=Certwright Pins in Secret "cacerts" in namespace istio-system key root-cert\.pem expires 2126-11-09, .*\(CN=Pinned Intermediate,O=Certwright Pins in Secret "cacerts" in namespace istio-system key ca-cert\.pem \(valid until 2136-06-09\)\)/);
  const values = `identityTrustAnchorsPEM: |\n  ${block(fixtureText('pins/root.pem'), 2)}\nidentity:\n  issuer:\n    tls:\n      crtPEM: |\n        ${block(fixtureText('pins/ca.pem'), 8)}\n`;
  const linkerd = [{ path: 'deploy/linkerd/values.yaml', text: values }];
  const l = pins(linkerd);
  assert.deepEqual(l.map((f) => [f.file, f.line, f.column, at(linkerd, f)]), [['deploy/linkerd/values.yaml', 1, 2, block(fixtureText('pins/root.pem'), 2)]]);
  assert.match(l[0].message, /in the Helm values' identityTrustAnchorsPEM \(deploy\/linkerd\/values\.yaml\) expires 2126-11-09/);
  // A leaf in a kubernetes.io/tls Secret (tls.crt with its intermediate) under a ConfigMap's copy of the root.
  const chain = fixtureText('pins/leaf.pem') + fixtureText('pins/ca.pem');
  const leaf = [
    { path: 'apps/tls.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pinned-tls\n  namespace: apps\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n    ${block(chain, 4)}\n` },
    { path: 'apps/roots.yaml', text: pinnedConfigMap(fixtureText('pins/root.pem'), 'roots', 'apps') },
  ];
  const lf = pins(leaf);
  assert.deepEqual(lf.map((f) => [f.file, f.line]), [['apps/roots.yaml', 7]]);
  assert.match(lf[0].message, /\(CN=pinned\.example\.com,O=Certwright Pins in Secret "pinned-tls" in namespace apps key tls\.crt \(valid until 2133-09-13\)\)/);
});

test('root-expires-before-renewal on copies: managed, unrelated, templated or out-of-scope copies are silent', () => {
  const now = daysBeforeRootExpiry(10);
  // A ConfigMap trust-manager writes (a Bundle targets it): managed.
  const written = [...PIN_FILES({ path: 'platform/roots.yaml', text: pinnedConfigMap(ROOT, 'trust-bundle') }), { path: 'platform/bundle.yaml', text: bundle('trust-bundle', secretSource('payments')).replace('key: ca-bundle.crt', 'key: ca.crt') }];
  assert.deepEqual(pins(written, now).filter((f) => f.file === 'platform/roots.yaml'), []);
  // istiod's istio-ca-root-cert and kube-root-ca.crt are written by controllers.
  assert.deepEqual(pins(PIN_FILES({ path: 'apps/roots.yaml', text: pinnedConfigMap(ROOT, 'istio-ca-root-cert') }), now).filter((f) => f.file === 'apps/roots.yaml'), []);
  // A Secret a Certificate writes is cert-manager's.
  const certWritten = PIN_FILES({ path: 'k8s/copy.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\n  namespace: payments\nstringData:\n  ca.crt: |\n    ${block(ROOT, 4)}\n` });
  assert.deepEqual(pins(certWritten, now).filter((f) => f.file === 'k8s/copy.yaml'), []);
  // A copy of a root nothing in the workspace chains to; a templated copy.
  assert.deepEqual(pins([{ path: 'apps/roots.yaml', text: pinnedConfigMap(fixtureText('root.pem')) }], now), []);
  assert.deepEqual(pins(PIN_FILES({ path: 'apps/roots.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: roots\ndata:\n  ca.crt: "{{ .Values.caBundle }}"\n' }), now).filter((f) => f.file === 'apps/roots.yaml'), []);
  // A copy in another kustomization than the certificates chaining to it.
  const scoped = [
    ...under('a', PIN_FILES({ path: 'unused.yaml', text: '' })), { path: 'a/kustomization.yaml', text: 'resources:\n  - platform/legacy-ca.yaml\n  - k8s/web.yaml\n' },
    { path: 'b/roots.yaml', text: pinnedConfigMap(ROOT) }, { path: 'b/kustomization.yaml', text: 'resources:\n  - roots.yaml\n' },
  ];
  assert.deepEqual(pins(scoped, now).filter((f) => f.file === 'b/roots.yaml'), []);
});

test('root-expires-before-renewal on an older copy of the same root (same subject and key, shorter validity) than the CA issuer holds', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const issuer = `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: pinned-ca\nspec:\n  ca:\n    secretName: pinned-ca\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pinned-ca\n  namespace: cert-manager\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(fixtureText('pins/ca.pem'))}\n  ca.crt: ${b64(fixtureText('pins/root.pem'))}\n`;
  const leaf = `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: web\nspec:\n  secretName: web-tls\n  dnsNames: [web.web.svc]\n  duration: 2160h\n  issuerRef:\n    name: pinned-ca\n    kind: ClusterIssuer\n`;
  const older = fixtureText('pins/root-older.pem');
  const files = [{ path: 'platform/ca.yaml', text: issuer }, { path: 'apps/web.yaml', text: leaf }, { path: 'apps/roots.yaml', text: pinnedConfigMap(older, 'roots', 'web') }];
  const expiry = new Date('2076-11-20T14:36:58Z').getTime();
  const got = pins(files, new Date(expiry - 30 * 86_400_000));
  assert.deepEqual(got.map((f) => [f.file, f.line, f.column, at(files, f)]), [['apps/roots.yaml', 7, 4, block(older, 4)]]);
  assert.match(got[0].message, /^This copy of root CN=Pinned Root,O=Certwright Pins in ConfigMap "roots" in namespace web key ca\.crt expires 2076-11-20, in 30 days: before what chains to it reaches the end of its plan \(Certificate "web" \(90 days\), CN=Pinned Intermediate,O=Certwright Pins in Secret "pinned-ca" in namespace cert-manager key tls\.crt \(valid until 2136-06-09\)\)/);
  assert.deepEqual(got[0].related?.map((r) => [r.file, r.line]), [['apps/web.yaml', 3], ['platform/ca.yaml', 11]]);
  // 200 days ahead the 90-day leaf is not named; the CA issuer's intermediate (valid until 2136) still outlives the copy.
  const early = pins(files, new Date(expiry - 200 * 86_400_000));
  assert.equal(early.length, 1);
  assert.match(early[0].message, /end of its plan \(CN=Pinned Intermediate,O=Certwright Pins in Secret "pinned-ca" in namespace cert-manager key tls\.crt \(valid until 2136-06-09\)\)\./);
});
