// A realistic multi-file corpus for the trust and lifetime rules (#17 parts 2 and 3): two private
// PKIs made by cert-manager (a self-signed root per team, a CA ClusterIssuer on each root's
// Secret), a server behind a Service, a client that dials it with TLS_CA_FILE pointing at a
// mounted Secret's ca.crt or at a trust-manager Bundle's ConfigMap. Each variant changes one thing.
import { fixtureText } from './helpers';

export type Input = { path: string; text: string };

export interface Case { code: string; name: string; files: Input[]; file?: string; at?: string; now?: Date }

export function root(team: string, opts: { duration?: string; rotation?: string } = {}): string {
  const policy = opts.rotation === undefined ? '    rotationPolicy: Never\n' : opts.rotation === '' ? '' : `    rotationPolicy: ${opts.rotation}\n`;
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${team}-root
  namespace: cert-manager
spec:
  isCA: true
  commonName: ${team}-root
  secretName: ${team}-root
  duration: ${opts.duration ?? '87600h'}
  privateKey:
    algorithm: ECDSA
    size: 256
${policy}  issuerRef:
    name: selfsigned
    kind: ClusterIssuer
    group: cert-manager.io
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ${team}-ca
spec:
  ca:
    secretName: ${team}-root
`;
}

export const SELFSIGNED = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: selfsigned
spec:
  selfSigned: {}
`;

export function server(issuer = 'payments-ca', extra = ''): string {
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api
  namespace: payments
spec:
  secretName: api-tls
  dnsNames:
    - api
    - api.payments
    - api.payments.svc
    - api.payments.svc.cluster.local
  usages:
    - digital signature
    - server auth
  issuerRef:
    name: ${issuer}
    kind: ClusterIssuer
${extra}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.4.2
          ports:
            - containerPort: 8443
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
              readOnly: true
      volumes:
        - name: tls
          secret:
            secretName: api-tls
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: payments
spec:
  selector:
    app: api
  ports:
    - name: https
      port: 8443
      targetPort: 8443
`;
}

export interface ClientOpts {
  issuer?: string;
  /** The env var naming the CA file and its value. */
  caEnv?: [string, string];
  /** Mount a trust-manager bundle ConfigMap at /etc/trust. */
  bundle?: string;
  url?: string;
}

export function client(o: ClientOpts = {}): string {
  const [envName, envValue] = o.caEnv ?? ['TLS_CA_FILE', '/etc/tls/ca.crt'];
  const bundleMount = o.bundle ? `            - name: trust\n              mountPath: /etc/trust\n              readOnly: true\n` : '';
  const bundleVolume = o.bundle ? `        - name: trust\n          configMap:\n            name: ${o.bundle}\n` : '';
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: orders
  namespace: orders
spec:
  secretName: orders-tls
  commonName: orders
  dnsNames:
    - orders.orders.svc
  usages:
    - digital signature
    - client auth
  issuerRef:
    name: ${o.issuer ?? 'orders-ca'}
    kind: ClusterIssuer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: orders
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:2.0.1
          env:
            - name: PAYMENTS_URL
              value: ${o.url ?? 'https://api.payments.svc:8443/v1/charge'}
            - name: TLS_CERT_FILE
              value: /etc/tls/tls.crt
            - name: TLS_KEY_FILE
              value: /etc/tls/tls.key
            - name: ${envName}
              value: ${envValue}
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
              readOnly: true
${bundleMount}      volumes:
        - name: tls
          secret:
            secretName: orders-tls
${bundleVolume}`;
}

export function bundle(name: string, sources: string): string {
  return `apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata:
  name: ${name}
spec:
  sources:
${sources}  target:
    configMap:
      key: ca-bundle.crt
`;
}

export const secretSource = (team: string, key = 'ca.crt') => `    - secret:\n        name: ${team}-root\n        key: ${key}\n`;

/** The whole corpus: PKI, server, client (and any extra files). */
export function corpus(o: { client?: ClientOpts; serverIssuer?: string; extra?: Input[]; roots?: string } = {}): Input[] {
  return [
    { path: 'platform/pki.yaml', text: `${SELFSIGNED}---\n${o.roots ?? `${root('payments')}---\n${root('orders')}`}` },
    { path: 'apps/payments/api.yaml', text: server(o.serverIssuer) },
    { path: 'apps/orders/orders.yaml', text: client(o.client) },
    ...(o.extra ?? []),
  ];
}

// ---- lifetimes ----------------------------------------------------------------------------------

export function leafUnder(ca: string, spec: string): string {
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: payments
spec:
  secretName: web-tls
  dnsNames:
    - web.payments.svc
${spec}  issuerRef:
    name: ${ca}
    kind: ClusterIssuer
`;
}

export const VAULT_ISSUER = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: vault
spec:
  vault:
    server: https://vault.vault.svc:8200
    path: pki_int/sign/payments
    auth:
      kubernetes:
        role: cert-manager
        mountPath: /v1/auth/kubernetes
        secretRef:
          name: cert-manager-vault-token
          key: token
`;

export const VAULT_SETUP = (ttl: string) => `#!/bin/sh
set -eu
vault secrets enable -path=pki_int pki
vault secrets tune -max-lease-ttl=43800h pki_int
vault write pki_int/roles/payments allowed_domains=payments.svc allow_subdomains=true require_cn=false max_ttl=${ttl}
`;

// ---- a CA made outside cert-manager: literal certificates in a CA issuer's Secret --------------

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** The fixture intermediate (a CA, notAfter 2126-11-08T17:32:05Z) and its root. */
export const LITERAL_CA_EXPIRY = new Date('2126-11-08T17:32:05Z');
const DAY = 86_400_000;
export const daysBeforeCaExpiry = (days: number) => new Date(LITERAL_CA_EXPIRY.getTime() - days * DAY);

/** A CA ClusterIssuer on a Secret of literal certificates (tls.crt the CA made by openssl, ca.crt its root). */
export function literalCaIssuer(): string {
  return `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: legacy-ca
spec:
  ca:
    secretName: legacy-ca
---
apiVersion: v1
kind: Secret
metadata:
  name: legacy-ca
  namespace: cert-manager
type: kubernetes.io/tls
data:
  tls.crt: ${b64(fixtureText('verify/inter.pem'))}
  tls.key: ${b64('-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n')}
  ca.crt: ${b64(fixtureText('verify/root.pem'))}
`;
}

export const LITERAL_CA_FILES = (duration = '2160h'): Input[] => [
  { path: 'platform/legacy-ca.yaml', text: literalCaIssuer() },
  { path: 'k8s/web.yaml', text: leafUnder('legacy-ca', `  duration: ${duration}\n`) },
];

// ---- SPIRE: SVID TTLs against the server's ca_ttl -------------------------------------------------

export const spireServerConf = (caTtl = '"24h"') => `server {
  bind_address = "0.0.0.0"
  bind_port = "8081"
  trust_domain = "example.org"
  data_dir = "/run/spire/data"
${caTtl ? `  ca_ttl = ${caTtl}\n` : ''}  default_x509_svid_ttl = "1h"
}
`;

export const clusterSpiffeIdTtl = (ttl: string) => `apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterSPIFFEID
metadata:
  name: workloads
spec:
  spiffeIDTemplate: "spiffe://example.org/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"
  podSelector:
    matchLabels:
      spiffe: enabled
  ttl: ${ttl}
`;

export const spireValues = (caTtl: string, ttl: string) => `global:
  spire:
    trustDomain: example.org
spire-server:
  caTTL: ${caTtl}
  controllerManager:
    identities:
      clusterSPIFFEIDs:
        default:
          ttl: ${ttl}
`;

// ---- mesh and gateway connections and trust sources ----------------------------------------------

export const destinationRule = (credentialName: string, mode = 'MUTUAL') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments-api
  namespace: orders
spec:
  host: api.payments.svc.cluster.local
  trafficPolicy:
    tls:
      mode: ${mode}
      credentialName: ${credentialName}
`;

export const backendTlsPolicy = (configMap: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: api-backend
  namespace: payments
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: api
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        name: ${configMap}
    hostname: api.payments.svc
`;

const caBundle = (name: string, team: string) => bundle(name, secretSource(team)).replace('key: ca-bundle.crt', 'key: ca.crt');

/** A workload trusting the mesh's root ConfigMap (istio-ca-root-cert, root-cert.pem) and Istio's cacerts with root `rootPem`. */
export const istioRootClient = (rootPem: string): Input[] => [
  { path: 'apps/orders/orders.yaml', text: client({ caEnv: ['SSL_CERT_FILE', '/etc/istio-root/root-cert.pem'] }).replace('            - name: tls\n              mountPath: /etc/tls\n              readOnly: true\n', '            - name: tls\n              mountPath: /etc/tls\n              readOnly: true\n            - name: istio-root\n              mountPath: /etc/istio-root\n').replace('      volumes:\n', '      volumes:\n        - name: istio-root\n          configMap:\n            name: istio-ca-root-cert\n') },
  { path: 'istio/cacerts.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ndata:\n  root-cert.pem: ${b64(rootPem)}\n` },
];

const meshServer = (extra: Input[]): Input[] => [
  { path: 'platform/pki.yaml', text: `${SELFSIGNED}---\n${root('payments')}---\n${root('orders')}` },
  { path: 'platform/legacy-ca.yaml', text: literalCaIssuer() },
  { path: 'apps/payments/api.yaml', text: server('legacy-ca') },
  ...extra,
];

// ---- the failing and passing cases of each rule (for test/unit/lint-rules.test.ts) --------------

const URL = 'https://api.payments.svc:8443';

export const TRUST_FAILS: Case[] = [
  { code: 'trust-root-missing', name: 'the client trusts its own team\'s root (its Secret\'s ca.crt), not the server\'s', files: corpus(), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'trust-root-missing', name: 'a trust-manager Bundle of the other team\'s root only', files: corpus({ client: { caEnv: ['SSL_CERT_FILE', '/etc/trust/ca-bundle.crt'], bundle: 'orders-bundle' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('orders-bundle', secretSource('orders') + '    - useDefaultCAs: true\n') }] }), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'renewal-loop', name: 'renewBefore equal to the Vault role\'s max_ttl (Vault backdates 30s)', files: [{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/web.yaml', text: leafUnder('vault', '  duration: 1440h\n  renewBefore: 720h\n') }, { path: 'vault/setup.sh', text: VAULT_SETUP('720h') }], file: 'k8s/web.yaml', at: '720h' },
  { code: 'leaf-outlives-ca', name: 'a 90-day leaf under a 30-day CA', files: [{ path: 'k8s/pki.yaml', text: `${SELFSIGNED}---\n${root('payments', { duration: '720h' })}` }, { path: 'k8s/web.yaml', text: leafUnder('payments-ca', '  duration: 2160h\n') }], file: 'k8s/web.yaml', at: '2160h' },
  { code: 'ca-rotation-no-overlap', name: 'a root without rotationPolicy, distributed alone by a Bundle', files: corpus({ roots: root('payments', { rotation: '' }), client: { issuer: 'payments-ca' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('payments-bundle', secretSource('payments')) }] }), file: 'platform/pki.yaml', at: 'payments-root' },
  { code: 'ca-rotation-no-overlap', name: 'a root with rotationPolicy: Always, distributed alone by a Bundle', files: corpus({ roots: root('payments', { rotation: 'Always' }), client: { issuer: 'payments-ca' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('payments-bundle', secretSource('payments', 'tls.crt')) }] }), file: 'platform/pki.yaml', at: 'Always' },
  { code: 'root-expires-before-renewal', name: 'a CA issuer\'s literal CA expires in 30 days, its 90-day leaf is planned past that', files: LITERAL_CA_FILES(), file: 'platform/legacy-ca.yaml', at: b64(fixtureText('verify/inter.pem')), now: daysBeforeCaExpiry(30) },
  { code: 'leaf-outlives-ca', name: 'a ClusterSPIFFEID ttl longer than the SPIRE server\'s ca_ttl (server.conf)', files: [{ path: 'spire/server.conf', text: spireServerConf() }, { path: 'spire/csid.yaml', text: clusterSpiffeIdTtl('48h') }], file: 'spire/csid.yaml', at: '48h' },
  { code: 'spire-svid-ttl', name: 'a ClusterSPIFFEID ttl beyond min(ca_ttl/6, 7d) of the default ca_ttl', files: [{ path: 'spire/server.conf', text: spireServerConf('') }, { path: 'spire/csid.yaml', text: clusterSpiffeIdTtl('6h') }], file: 'spire/csid.yaml', at: '6h' },
  { code: 'spire-svid-ttl', name: 'spire-server entry create -x509SVIDTTL beyond the cap', files: [{ path: 'spire/server.conf', text: spireServerConf('"12h"') }, { path: 'spire/register.sh', text: '#!/bin/sh\nspire-server entry create -parentID spiffe://example.org/agent -spiffeID spiffe://example.org/ns/prod/sa/web -selector k8s:ns:prod -x509SVIDTTL 10800\n' }], file: 'spire/register.sh', at: '10800' },
  { code: 'spire-svid-ttl', name: 'the SPIRE Helm chart\'s values: clusterSPIFFEIDs.default.ttl against spire-server.caTTL', files: [{ path: 'deploy/spire/values.yaml', text: spireValues('12h', '4h') }], file: 'deploy/spire/values.yaml', at: '4h' },
  { code: 'trust-root-missing', name: 'a DestinationRule (MUTUAL) whose credentialName Secret\'s ca.crt holds another root than the server\'s', files: corpus({ extra: [{ path: 'apps/orders/dr.yaml', text: destinationRule('orders-tls') }] }), file: 'apps/orders/dr.yaml', at: 'orders-tls' },
  { code: 'trust-root-missing', name: 'a BackendTLSPolicy whose caCertificateRefs ConfigMap (a trust-manager Bundle) lacks the backend\'s root', files: corpus({ extra: [{ path: 'apps/payments/btp.yaml', text: backendTlsPolicy('orders-ca-bundle') }, { path: 'platform/bundle.yaml', text: caBundle('orders-ca-bundle', 'orders') }] }), file: 'apps/payments/btp.yaml', at: '- group: ""\n        kind: ConfigMap\n        name: orders-ca-bundle\n' },
  { code: 'trust-root-missing', name: 'a workload trusting Istio\'s root (istio-ca-root-cert from cacerts) dials a server of another CA', files: meshServer(istioRootClient(fixtureText('root.pem'))), file: 'apps/orders/orders.yaml', at: 'https://api.payments.svc:8443' },
];

export const TRUST_PASSES: Case[] = [
  { code: 'trust-root-missing', name: 'a DestinationRule trusting the server\'s root; SIMPLE with caCertificates; a credentialName nothing in the workspace writes', files: [
    ...corpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/orders/dr.yaml', text: destinationRule('orders-tls') }] }),
    ...corpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/orders/dr.yaml', text: destinationRule('orders-tls', 'SIMPLE').replace('      credentialName', '      caCertificates: /etc/certs/root.pem\n      credentialName') }] }).map((f) => ({ path: `b/${f.path}`, text: f.text })),
    ...corpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/orders/dr.yaml', text: destinationRule('external-credential') }] }).map((f) => ({ path: `c/${f.path}`, text: f.text })),
  ] },
  { code: 'trust-root-missing', name: 'a BackendTLSPolicy whose Bundle holds the backend\'s root; Istio\'s root that is the server\'s', files: [
    ...corpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'apps/payments/btp.yaml', text: backendTlsPolicy('payments-ca-bundle') }, { path: 'platform/bundle.yaml', text: caBundle('payments-ca-bundle', 'payments') }] }),
    ...meshServer(istioRootClient(fixtureText('verify/root.pem'))).map((f) => ({ path: `mesh/${f.path}`, text: f.text })),
  ] },
  { code: 'leaf-outlives-ca', name: 'SVID TTLs within the SPIRE CA; a ClusterSPIFFEID with no SPIRE server in its scope', files: [
    { path: 'spire/server.conf', text: spireServerConf('"168h"') }, { path: 'spire/csid.yaml', text: clusterSpiffeIdTtl('24h') },
    { path: 'other/csid.yaml', text: clusterSpiffeIdTtl('480h') },
    { path: 'other/kustomization.yaml', text: 'resources:\n  - csid.yaml\n' },
    { path: 'spire/kustomization.yaml', text: 'resources:\n  - csid.yaml\n' },
  ] },
  { code: 'spire-svid-ttl', name: 'registration TTLs within min(ca_ttl/6, 7d); chart values within the chart\'s caTTL', files: [
    { path: 'spire/server.conf', text: spireServerConf('"24h"') }, { path: 'spire/csid.yaml', text: clusterSpiffeIdTtl('4h') },
    { path: 'spire/register.sh', text: '#!/bin/sh\nspire-server entry create -parentID spiffe://example.org/agent -spiffeID spiffe://example.org/ns/prod/sa/web -selector k8s:ns:prod -x509SVIDTTL 3600\n' },
    { path: 'chart/values.yaml', text: spireValues('168h', '24h') },
    { path: 'chart/kustomization.yaml', text: 'resources: []\n' },
  ] },
  { code: 'root-expires-before-renewal', name: 'the literal CA outlives the leaf\'s planned lifetime; a CA a cert-manager Certificate renews; an expired CA (that is `expired`)', files: [
    ...LITERAL_CA_FILES(),
    ...corpus().map((f) => ({ path: `other/${f.path}`, text: f.text })),
  ], now: daysBeforeCaExpiry(200) },
  { code: 'root-expires-before-renewal', name: 'an already expired literal CA is left to `expired`', files: LITERAL_CA_FILES(), now: daysBeforeCaExpiry(-3) },
  { code: 'trust-root-missing', name: 'client and server issued by the same CA', files: corpus({ client: { issuer: 'payments-ca' } }) },
  { code: 'trust-root-missing', name: 'a Bundle holding both roots', files: corpus({ client: { caEnv: ['REQUESTS_CA_BUNDLE', '/etc/trust/ca-bundle.crt'], bundle: 'all-roots' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('all-roots', secretSource('orders') + secretSource('payments')) }] }) },
  { code: 'trust-root-missing', name: 'a templated CA file, a Vault-issued server, an unknown issuer: not provable, silent', files: [
    ...corpus({ client: { caEnv: ['TLS_CA_FILE', '"{{ .Values.caFile }}"'] } }).slice(0, 3),
    ...corpus({ serverIssuer: 'vault' }).map((f) => ({ path: `other/${f.path}`, text: f.text })),
    { path: 'other/platform/vault.yaml', text: VAULT_ISSUER },
    ...corpus({ serverIssuer: 'somewhere-else' }).map((f) => ({ path: `third/${f.path}`, text: f.text })),
  ] },
  { code: 'trust-root-missing', name: 'client and server in different scopes (kustomizations) do not meet', files: [
    ...corpus({ client: { issuer: 'payments-ca' } }).map((f) => ({ path: `a/${f.path}`, text: f.text })),
    { path: 'a/kustomization.yaml', text: 'resources:\n  - platform/pki.yaml\n  - apps/payments/api.yaml\n  - apps/orders/orders.yaml\n' },
    { path: 'b/orders.yaml', text: client() }, { path: 'b/pki.yaml', text: `${SELFSIGNED}---\n${root('orders')}` },
    { path: 'b/kustomization.yaml', text: 'resources:\n  - orders.yaml\n  - pki.yaml\n' },
  ] },
  { code: 'renewal-loop', name: 'renewBefore well below the Vault role\'s max_ttl; a percentage', files: [{ path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/web.yaml', text: leafUnder('vault', '  duration: 1440h\n  renewBefore: 240h\n') }, { path: 'k8s/web2.yaml', text: leafUnder('vault', '  duration: 1440h\n  renewBeforePercentage: 50\n').replace('name: web\n', 'name: web2\n').replace('web-tls', 'web2-tls') }, { path: 'vault/setup.sh', text: VAULT_SETUP('720h') }] },
  { code: 'renewal-loop', name: 'renewBefore close to a CA\'s lifetime (the CA\'s remaining validity shrinks: late once, not a loop)', files: [{ path: 'k8s/pki.yaml', text: `${SELFSIGNED}---\n${root('payments', { duration: '720h' })}` }, { path: 'k8s/web.yaml', text: leafUnder('payments-ca', '  duration: 2160h\n  renewBefore: 719h58m\n') }] },
  { code: 'leaf-outlives-ca', name: 'a 30-day leaf under a 10-year CA; a templated duration', files: [{ path: 'k8s/pki.yaml', text: `${SELFSIGNED}---\n${root('payments')}` }, { path: 'k8s/web.yaml', text: leafUnder('payments-ca', '  duration: 720h\n') }, { path: 'k8s/web2.yaml', text: leafUnder('payments-ca', '  duration: {{ .Values.duration }}\n').replace('name: web\n', 'name: web2\n').replace('web-tls', 'web2-tls') }] },
  { code: 'ca-rotation-no-overlap', name: 'rotationPolicy: Never', files: corpus({ client: { issuer: 'payments-ca' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('payments-bundle', secretSource('payments')) }] }) },
  { code: 'ca-rotation-no-overlap', name: 'a Bundle that also keeps the previous root inLine', files: corpus({ roots: root('payments', { rotation: '' }), client: { issuer: 'payments-ca' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('payments-bundle', secretSource('payments') + `    - inLine: |\n${fixtureText('broken/root.pem').trim().split('\n').map((l) => `        ${l}`).join('\n')}\n`) }] }) },
];

// ---- g17: Istio Gateways as connections, and pinned copies of a root ------------------------------

/** An Istio ingress Gateway serving `hosts` with credentialName `cred` (in istio-system). */
export const istioGateway = (o: { mode?: string; cred?: string; hosts?: string[]; name?: string } = {}) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${o.name ?? 'public'}
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 443
        name: https
        protocol: HTTPS
      hosts:
${(o.hosts ?? ['api.example.com']).map((h) => `        - ${h}\n`).join('')}      tls:
        mode: ${o.mode ?? 'MUTUAL'}
        credentialName: ${o.cred ?? 'api-gateway-credential'}
`;

/** The gateway's serving Certificate (writes the credentialName Secret in istio-system, ca.crt included). */
export const gatewayCredential = (issuer = 'payments-ca', name = 'api-gateway-credential') => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: istio-system
spec:
  secretName: ${name}
  dnsNames:
    - api.example.com
  issuerRef:
    name: ${issuer}
    kind: ClusterIssuer
`;

export const GATEWAY_URL = 'https://api.example.com';

/** Both teams' PKI, the gateway (serving from `credentialIssuer`) and the orders client dialing it. */
export function gatewayCorpus(o: { client?: ClientOpts; gateway?: Parameters<typeof istioGateway>[0]; credentialIssuer?: string; extra?: Input[] } = {}): Input[] {
  return [
    { path: 'platform/pki.yaml', text: `${SELFSIGNED}---\n${root('payments')}---\n${root('orders')}` },
    { path: 'istio/gateway.yaml', text: `${istioGateway(o.gateway)}---\n${gatewayCredential(o.credentialIssuer)}` },
    { path: 'apps/orders/orders.yaml', text: client({ url: `${GATEWAY_URL}/v1/charge`, ...o.client }) },
    ...(o.extra ?? []),
  ];
}

/** A client whose CA file is a Bundle of both roots: it trusts any gateway chain of the two teams. */
export const BOTH_ROOTS_CLIENT: ClientOpts = { caEnv: ['SSL_CERT_FILE', '/etc/trust/ca-bundle.crt'], bundle: 'all-roots' };
export const BOTH_ROOTS_BUNDLE: Input = { path: 'platform/bundle.yaml', text: bundle('all-roots', secretSource('orders') + secretSource('payments')) };

/** An egress DestinationRule (orders namespace) originating TLS to the gateway's host with credentialName `cred`. */
export const egressRule = (cred: string, mode = 'MUTUAL') => destinationRule(cred, mode).replace('host: api.payments.svc.cluster.local', 'host: api.example.com').replace('name: payments-api', 'name: partner-api');

const indentPem = (pem: string, n: number) => pem.trim().split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');

/** A ConfigMap pinning `pem` as a literal CA file (key ca.crt). */
export const pinnedConfigMap = (pem: string, name = 'pinned-roots', ns = 'orders') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  ca.crt: |\n${indentPem(pem, 4)}\n`;

/** A Bundle with `pem` inLine (and a Secret source when `secret` is given). */
export const inlineBundle = (pem: string, secret = '') => bundle('pinned-bundle', `${secret}    - inLine: |\n${indentPem(pem, 8)}\n`);

/** The literal CA issuer (legacy-ca, root verify/root.pem), its 90-day leaf, and a copy of the root in `copy`. */
export const PIN_FILES = (copy: Input): Input[] => [...LITERAL_CA_FILES(), copy];
/** The fixture root verify/root.pem expires 2126-11-08T17:32:04Z, one second before the intermediate. */
export const ROOT_EXPIRY = new Date('2126-11-08T17:32:04Z');
export const daysBeforeRootExpiry = (days: number) => new Date(ROOT_EXPIRY.getTime() - days * DAY);

/** Istio's plug-in CA: root-cert.pem the pinned root (expires 2126), ca-cert.pem an intermediate valid until 2136. */
export const istioCacerts = (ca: string, root: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ntype: Opaque\nstringData:\n  ca-cert.pem: |\n${indentPem(ca, 4)}\n  root-cert.pem: |\n${indentPem(root, 4)}\n`;
export const pinnedCacerts = () => istioCacerts(fixtureText('pins/ca.pem'), fixtureText('pins/root.pem'));

TRUST_FAILS.push(
  { code: 'trust-root-missing', name: 'a client dials an Istio Gateway host whose credential chains to a root its CA file lacks', files: gatewayCorpus({ gateway: { mode: 'SIMPLE' } }), file: 'apps/orders/orders.yaml', at: GATEWAY_URL },
  { code: 'trust-root-missing', name: 'a MUTUAL Istio Gateway whose client CA (the credential\'s ca.crt) lacks the root of the certificate its client presents', files: gatewayCorpus({ client: BOTH_ROOTS_CLIENT, extra: [BOTH_ROOTS_BUNDLE] }), file: 'istio/gateway.yaml', at: 'api-gateway-credential' },
  { code: 'trust-root-missing', name: 'an egress DestinationRule to an Istio Gateway\'s host whose credential\'s ca.crt lacks the gateway\'s root', files: gatewayCorpus({ gateway: { mode: 'SIMPLE' }, extra: [{ path: 'apps/orders/egress.yaml', text: egressRule('orders-tls', 'SIMPLE') }] }), file: 'apps/orders/egress.yaml', at: 'orders-tls' },
  { code: 'root-expires-before-renewal', name: 'a ConfigMap pins a copy of the CA issuer\'s root that expires before its 90-day leaf is due', files: PIN_FILES({ path: 'apps/web/roots.yaml', text: pinnedConfigMap(fixtureText('verify/root.pem')) }), file: 'apps/web/roots.yaml', at: fixtureText('verify/root.pem').trim().split('\n').join('\n    '), now: daysBeforeRootExpiry(30) },
  { code: 'root-expires-before-renewal', name: 'Istio\'s root-cert.pem expires years before the ca-cert.pem it anchors', files: [{ path: 'istio/cacerts.yaml', text: pinnedCacerts() }], file: 'istio/cacerts.yaml', at: indentPem(fixtureText('pins/root.pem'), 4).trimStart() },
);

TRUST_PASSES.push(
  { code: 'trust-root-missing', name: 'Istio Gateway and its clients of one CA; a templated credentialName, templated hosts, a host two Gateways serve, a literal credential without its root', files: [
    ...gatewayCorpus({ client: { issuer: 'payments-ca' } }),
    ...gatewayCorpus({ gateway: { cred: '{{ .Values.credential }}', mode: 'SIMPLE' } }).map((f) => ({ path: `templated/${f.path}`, text: f.text })),
    ...gatewayCorpus({ gateway: { hosts: ['"{{ .Values.host }}"'], mode: 'SIMPLE' } }).map((f) => ({ path: `hosts/${f.path}`, text: f.text })),
    ...gatewayCorpus({ gateway: { mode: 'SIMPLE' }, extra: [{ path: 'istio/second.yaml', text: `${istioGateway({ name: 'second', cred: 'orders-gw', mode: 'SIMPLE' })}---\n${gatewayCredential('orders-ca', 'orders-gw')}` }] }).map((f) => ({ path: `two/${f.path}`, text: f.text })),
    ...gatewayCorpus({ gateway: { mode: 'SIMPLE', cred: 'literal-gw' } }).map((f) => ({ path: `literal/${f.path}`, text: f.text })),
    { path: 'literal/istio/literal.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: literal-gw\n  namespace: istio-system\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n${indentPem(fixtureText('verify/leaf.pem'), 4)}\n` },
  ] },
  { code: 'root-expires-before-renewal', name: 'a pinned copy that outlives its leaves\' plan; a Bundle sourced from the cert-manager root\'s Secret; a ConfigMap a Bundle writes; Istio\'s root-cert.pem outlived by its ca-cert.pem by a second (made in one go)', files: [
    { path: 'mesh/istio/cacerts.yaml', text: istioCacerts(fixtureText('verify/inter.pem'), fixtureText('verify/root.pem')) },
    ...PIN_FILES({ path: 'apps/web/roots.yaml', text: pinnedConfigMap(fixtureText('verify/root.pem')) }),
    ...corpus({ client: { caEnv: ['SSL_CERT_FILE', '/etc/trust/ca-bundle.crt'], bundle: 'orders-bundle' }, extra: [{ path: 'platform/bundle.yaml', text: bundle('orders-bundle', secretSource('orders')) }, { path: 'platform/written.yaml', text: pinnedConfigMap(fixtureText('verify/root.pem'), 'orders-bundle') }] }).map((f) => ({ path: `managed/${f.path}`, text: f.text })),
  ], now: daysBeforeRootExpiry(200) },
  { code: 'root-expires-before-renewal', name: 'an expired pinned copy is left to `expired`', files: [
    ...PIN_FILES({ path: 'apps/web/roots.yaml', text: pinnedConfigMap(fixtureText('verify/root.pem')) }),
  ], now: daysBeforeRootExpiry(-3) },
);

/** The orders client reading its URLs from ConfigMap "orders-config" (envFrom, or a mounted volume) instead of its env. */
export function configClient(o: { via?: 'envFrom' | 'volume' | 'keyRef'; key?: string; url?: string; client?: ClientOpts } = {}): Input[] {
  let text = client({ ...o.client, url: 'see-config' });
  const via = o.via ?? 'envFrom';
  if (via === 'envFrom') text = text.replace('          env:\n', '          envFrom:\n            - configMapRef:\n                name: orders-config\n          env:\n');
  if (via === 'keyRef') text = text.replace('          env:\n', `          env:\n            - name: CONFIG\n              valueFrom:\n                configMapKeyRef:\n                  name: orders-config\n                  key: ${o.key ?? 'config.yaml'}\n`);
  if (via === 'volume') text = text.replace('          volumeMounts:\n', '          volumeMounts:\n            - name: config\n              mountPath: /etc/orders\n').replace('      volumes:\n', '      volumes:\n        - name: config\n          configMap:\n            name: orders-config\n');
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders-config\n  namespace: orders\ndata:\n  LOG_LEVEL: info\n  config.yaml: |\n    payments:\n      url: ${o.url ?? 'https://api.payments.svc:8443/v1/charge'}\n      timeout: 5s\n`;
  return [{ path: 'apps/orders/orders.yaml', text }, { path: 'apps/orders/config.yaml', text: cm }];
}

TRUST_FAILS.push(
  { code: 'trust-root-missing', name: 'a URL in a ConfigMap the client reads (envFrom) reaches a server of a root its CA file lacks', files: [...corpus().filter((f) => f.path !== 'apps/orders/orders.yaml'), ...configClient()], file: 'apps/orders/config.yaml', at: 'https://api.payments.svc:8443' },
);
