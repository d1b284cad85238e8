// Failing and passing cases of the mesh and gateway rules (h15), in the shape of
// lint-rules.test.ts's table (which includes them): the finding's code, the exact text it points
// at, and inputs. Certificates come from openssl (./mesh-pki).
import { PKI, b64, block, cacertsFiles, cacertsSecret, linkerdIssuerSecret, linkerdValues, trustRootsConfigMap } from './mesh-pki';

type Input = { path: string; text: string };
export interface MeshFail { code: string; name: string; files: Input[]; at: string; file?: string; line?: number; fixed?: string; now?: Date }
export interface MeshPass { code: string; name: string; files: Input[]; now?: Date }

const P = PKI;
const pem = (s: string) => s.trimEnd();
/** A PEM block as it appears in a YAML block scalar indented by n (from its BEGIN line). */
const inYaml = (s: string, n: number) => block(s, n).trimStart();
const good = { ca: P.inter.cert, key: P.inter.key, root: P.root.cert, chain: P.inter.cert + P.root.cert };
const GOOD_FILES = cacertsFiles('istio/certs/cluster1', good);
const files = (e: Partial<typeof good>) => cacertsFiles('istio/certs/cluster1', { ...good, ...e });

// ---- traffic building blocks --------------------------------------------------------------------

/** Service api in prod, its Deployment mounting api-tls, and the Certificate writing it. */
const SERVED: Input[] = [
  { path: 'apps/api.yaml', text: `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: prod
spec:
  selector:
    app: api
  ports:
    - port: 443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: example/api:1
      volumes:
        - name: tls
          secret:
            secretName: api-tls
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api
  namespace: prod
spec:
  secretName: api-tls
  dnsNames:
    - api
    - api.prod
    - api.prod.svc
    - api.prod.svc.cluster.local
  usages:
    - server auth
    - client auth
  issuerRef:
    name: mesh-ca
    kind: ClusterIssuer
` },
  { path: 'apps/issuer.yaml', text: 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: mesh-ca\nspec:\n  ca:\n    secretName: mesh-ca\n' },
];

function dr(tls: string, host = 'api.prod.svc.cluster.local'): string {
  return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  host: ${host}\n  trafficPolicy:\n    tls:\n${tls.trimEnd().split('\n').map((l) => '      ' + l).join('\n')}\n`;
}

function istioGw(credential: string, hosts: string[]): string {
  return `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: web\n  namespace: istio-system\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n    - port:\n        number: 443\n        name: https\n        protocol: HTTPS\n      tls:\n        mode: SIMPLE\n        credentialName: ${credential}\n      hosts:\n${hosts.map((h) => `        - ${h}`).join('\n')}\n`;
}

function cmCert(name: string, ns: string, secret: string, dns: string[]): string {
  return `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  secretName: ${secret}\n  dnsNames:\n${dns.map((d) => `    - ${d}`).join('\n')}\n  issuerRef:\n    name: letsencrypt\n    kind: ClusterIssuer\n`;
}

const PA_STRICT = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: prod\nspec:\n  mtls:\n    mode: STRICT\n';

function caller(annotations: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: reporter\n  namespace: legacy\nspec:\n  selector:\n    matchLabels:\n      app: reporter\n  template:\n    metadata:\n      labels:\n        app: reporter\n${annotations}    spec:\n      containers:\n        - name: reporter\n          image: example/reporter:1\n          env:\n            - name: API_URL\n              value: http://api.prod.svc.cluster.local:8080/report\n`;
}

function authz(principal: string): string {
  return `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    matchLabels:\n      app: api\n  action: ALLOW\n  rules:\n    - from:\n        - source:\n            principals:\n              - ${principal}\n`;
}

export function gatewayApi(listener: string, annotations = '  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ns = 'infra'): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: ${ns}\n${annotations}spec:\n  gatewayClassName: istio\n  listeners:\n${listener.trimEnd().split('\n').map((l) => '    ' + l).join('\n')}\n`;
}

const REF_GRANT = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: edge-certs\n  namespace: certs\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      namespace: infra\n  to:\n    - group: ""\n      kind: Secret\n';

function ingress(annotations: string, hosts: string[], secret = 'web-tls', name = 'web'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: prod\n${annotations}spec:\n  ingressClassName: nginx\n  tls:\n    - hosts:\n${hosts.map((h) => `        - ${h}`).join('\n')}\n      secretName: ${secret}\n  rules:\n    - host: ${hosts[0]}\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n`;
}

function backendPolicy(hostname: string, caName = 'api-ca'): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  targetRefs:\n    - group: ""\n      kind: Service\n      name: api\n  validation:\n    caCertificateRefs:\n      - group: ""\n        kind: ConfigMap\n        name: ${caName}\n    hostname: ${hostname}\n`;
}

const configMap = (name: string, ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  ca.crt: |\n${block(P.root.cert, 4)}\n`;

function linkerdCert(extra: { alg?: string; cn?: string; isCA?: string } = {}): string {
  return `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: linkerd-identity-issuer\n  namespace: linkerd\nspec:\n  secretName: linkerd-identity-issuer\n  duration: 48h\n  renewBefore: 25h\n  issuerRef:\n    name: linkerd-trust-anchor\n    kind: Issuer\n  commonName: ${extra.cn ?? 'identity.linkerd.cluster.local'}\n  dnsNames:\n    - identity.linkerd.cluster.local\n  isCA: ${extra.isCA ?? 'true'}\n  privateKey:\n    algorithm: ${extra.alg ?? 'ECDSA'}\n  usages:\n    - cert sign\n    - crl sign\n    - server auth\n    - client auth\n`;
}

const LINKERD_ANCHOR_ISSUER = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: linkerd-trust-anchor\n  namespace: linkerd\nspec:\n  ca:\n    secretName: linkerd-trust-anchor\n';

const clusterIssuer = (name: string) => `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ${name}\nspec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef:\n      name: ${name}-account\n    solvers:\n      - http01:\n          ingress:\n            ingressClassName: nginx\n`;
const nsIssuer = (name: string, ns: string) => `apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  ca:\n    secretName: ${name}-ca\n`;
export const LISTENER = '- name: https\n  hostname: www.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    mode: Terminate\n    certificateRefs:\n      - name: edge-tls\n';
/** cert-manager's chart values as its README shows them, with `extra` appended. */
export const cmValues = (extra = '') => `crds:\n  enabled: true\nreplicaCount: 1\nwebhook:\n  replicaCount: 1\ncainjector:\n  enabled: true\nprometheus:\n  enabled: true\n${extra}`;
/** cert-manager's controller Deployment (as in its static release manifest), with `args`. */
export const cmController = (args: string[]) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cert-manager\n  namespace: cert-manager\nspec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: cert-manager\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: cert-manager\n    spec:\n      serviceAccountName: cert-manager\n      containers:\n        - name: cert-manager-controller\n          image: quay.io/jetstack/cert-manager-controller:v1.16.2\n          args:\n${args.map((a) => `            - ${a}`).join('\n')}\n`;

const TWO_DAYS_AGO = new Date(Date.now() - 2 * 86_400_000);

export const MESH_FAILS: MeshFail[] = [
  // Istio plug-in CA
  { code: 'istio-cacerts-not-ca', name: 'a leaf certificate in the cacerts Secret (stringData)', files: [{ path: 'istio/cacerts.yaml', text: cacertsSecret({ ...good, ca: P.leaf.cert, key: P.leaf.key, chain: P.leaf.cert + P.inter.cert + P.root.cert }) }], at: inYaml(P.leaf.cert, 4) },
  { code: 'istio-cacerts-not-ca', name: 'a leaf certificate in the cacerts Secret (data, base64)', files: [{ path: 'istio/cacerts.yaml', text: cacertsSecret({ ...good, ca: P.leaf.cert, key: P.leaf.key, chain: P.leaf.cert + P.inter.cert + P.root.cert }, true) }], at: b64(P.leaf.cert) },
  { code: 'istio-cacerts-key-mismatch', name: 'ca-key.pem of another CA', files: files({ key: P.root.key }), file: 'istio/certs/cluster1/ca-key.pem', at: pem(P.root.key) },
  { code: 'istio-cert-chain-order', name: 'cert-chain.pem without the intermediate between ca-cert.pem and the root', files: files({ ca: P.inter2.cert, key: P.inter2.key, chain: P.inter2.cert + P.root.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: P.inter2.cert + P.root.cert },
  { code: 'istio-cert-chain-order', name: 'root-cert.pem of another PKI', files: files({ root: P.otherRoot.cert, chain: P.inter.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: P.inter.cert },
  { code: 'istio-cert-chain-order', name: 'cert-chain.pem whose CA names the root but another key signed it (signature verified)', files: files({ ca: P.twinCa.cert, key: P.twinCa.key, chain: P.twinCa.cert + P.root.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: pem(P.twinCa.cert) },
  { code: 'istio-cert-chain-order', name: 'ca-cert.pem naming the root that did not sign it, cert-chain.pem holding only it', files: files({ ca: P.twinCa.cert, key: P.twinCa.key, chain: P.twinCa.cert }), file: 'istio/certs/cluster1/ca-cert.pem', at: pem(P.twinCa.cert) },
  { code: 'istio-cert-chain-order', name: 'a chain through a certificate that is not a CA (path validation)', files: files({ ca: P.underLeaf.cert, key: P.underLeaf.key, chain: P.underLeaf.cert + P.leaf.cert + P.inter.cert + P.root.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: pem(P.leaf.cert) },
  { code: 'istio-cert-chain-misordered', name: 'cert-chain.pem starting with the root', files: files({ chain: P.root.cert + P.inter.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: pem(P.root.cert) },
  { code: 'istio-root-repeated', name: 'cert-chain.pem with the root twice', files: files({ chain: P.inter.cert + P.root.cert + P.root.cert }), file: 'istio/certs/cluster1/cert-chain.pem', at: pem(P.root.cert) },
  { code: 'istio-root-not-self-signed', name: 'an intermediate in root-cert.pem', files: files({ ca: P.inter2.cert, key: P.inter2.key, root: P.inter.cert, chain: P.inter2.cert + P.inter.cert }), file: 'istio/certs/cluster1/root-cert.pem', at: pem(P.inter.cert) },
  { code: 'istio-cacerts-validity', name: 'ca-cert.pem valid after its root', files: files({ ca: P.longCa.cert, key: P.longCa.key, root: P.shortRoot.cert, chain: P.longCa.cert + P.shortRoot.cert }), file: 'istio/certs/cluster1/ca-cert.pem', at: pem(P.longCa.cert) },
  { code: 'istio-cacerts-expiring', name: 'a plug-in CA with 20 days left', files: files({ ca: P.shortCa.cert, key: P.shortCa.key, chain: P.shortCa.cert + P.root.cert }), file: 'istio/certs/cluster1/ca-cert.pem', at: pem(P.shortCa.cert) },
  // g15: not valid yet (the workspace clock two days before the PKI was made)
  { code: 'istio-cacerts-not-yet-valid', name: 'ca-cert.pem before its notBefore', files: GOOD_FILES, file: 'istio/certs/cluster1/ca-cert.pem', at: pem(P.inter.cert), now: TWO_DAYS_AGO },
  { code: 'istio-cacerts-not-yet-valid', name: 'root-cert.pem before its notBefore', files: GOOD_FILES, file: 'istio/certs/cluster1/root-cert.pem', at: pem(P.root.cert), now: TWO_DAYS_AGO },
  { code: 'linkerd-issuer-not-yet-valid', name: 'the issuer in Helm values before its notBefore', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.linkerdIssuer.cert, P.linkerdIssuer.key) }], at: inYaml(P.linkerdIssuer.cert, 8), now: TWO_DAYS_AGO },
  { code: 'linkerd-issuer-not-yet-valid', name: 'a trust anchor in the trust-roots ConfigMap before its notBefore', files: [{ path: 'linkerd/issuer.yaml', text: linkerdIssuerSecret(P.linkerdIssuer.cert, P.linkerdIssuer.key, '').replace(/\n  ca\.crt: \n/, '\n') }, { path: 'linkerd/roots.yaml', text: trustRootsConfigMap(P.root.cert) }], file: 'linkerd/roots.yaml', at: inYaml(P.root.cert, 4), now: TWO_DAYS_AGO },
  // Linkerd
  { code: 'linkerd-issuer-not-signed-by-anchor', name: 'Helm values whose issuer another root signed', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.otherRoot.cert, P.linkerdIssuer.cert, P.linkerdIssuer.key) }], at: inYaml(P.linkerdIssuer.cert, 8) },
  { code: 'linkerd-issuer-not-signed-by-anchor', name: 'an issuer Secret checked against the trust-roots ConfigMap', files: [{ path: 'linkerd/issuer.yaml', text: linkerdIssuerSecret(P.otherInter.cert, P.otherInter.key, '').replace(/\n  ca\.crt: \n/, '\n') }, { path: 'linkerd/roots.yaml', text: trustRootsConfigMap(P.root.cert) }], at: b64(P.otherInter.cert) },
  { code: 'linkerd-issuer-not-signed-by-anchor', name: 'an issuer naming the anchor but signed by another key (signature verified)', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.twinCa.cert, P.twinCa.key) }], at: inYaml(P.twinCa.cert, 8) },
  { code: 'linkerd-issuer-algorithm', name: 'an RSA issuer in Helm values', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.rsaCa.cert, P.rsaCa.key) }], at: inYaml(P.rsaCa.cert, 8) },
  { code: 'linkerd-issuer-not-ca', name: 'a leaf as the issuer', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.inter.cert + P.root.cert, P.leaf.cert, P.leaf.key) }], at: inYaml(P.leaf.cert, 8) },
  { code: 'linkerd-issuer-expiring', name: 'an issuer Secret with 20 days left', files: [{ path: 'linkerd/issuer.yaml', text: linkerdIssuerSecret(P.shortCa.cert, P.shortCa.key, P.root.cert) }], at: b64(P.shortCa.cert) },
  { code: 'linkerd-issuer-key-mismatch', name: 'keyPEM of another certificate', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.linkerdIssuer.cert, P.inter.key) }], at: inYaml(P.inter.key, 8) },
  { code: 'linkerd-issuer-certificate-spec', name: 'an RSA issuer Certificate', files: [{ path: 'linkerd/issuer-cert.yaml', text: linkerdCert({ alg: 'RSA' }) }, { path: 'linkerd/anchor.yaml', text: LINKERD_ANCHOR_ISSUER }], at: 'RSA', fixed: linkerdCert() },
  { code: 'linkerd-issuer-certificate-spec', name: 'an issuer Certificate with another commonName', files: [{ path: 'linkerd/issuer-cert.yaml', text: linkerdCert({ cn: 'linkerd-issuer' }) }, { path: 'linkerd/anchor.yaml', text: LINKERD_ANCHOR_ISSUER }], at: 'linkerd-issuer', line: 13, fixed: linkerdCert() },
  { code: 'linkerd-issuer-certificate-spec', name: 'an issuer Certificate whose usages lack client auth', files: [{ path: 'linkerd/issuer-cert.yaml', text: linkerdCert().replace('    - client auth\n', '') }, { path: 'linkerd/anchor.yaml', text: LINKERD_ANCHOR_ISSUER }], at: '- cert sign\n    - crl sign\n    - server auth\n', fixed: linkerdCert() },
  // Istio traffic
  { code: 'destinationrule-mutual-no-ca', name: 'SIMPLE without caCertificates', files: [{ path: 'istio/dr.yaml', text: dr('mode: SIMPLE\nsni: api.example.com\n', 'api.example.com') }], at: 'SIMPLE', fixed: dr('mode: SIMPLE\ncaCertificates: <ca-bundle-path>\nsni: api.example.com\n', 'api.example.com') },
  { code: 'destinationrule-mutual-no-ca', name: 'MUTUAL with client files and no CA: caCertificates is added', files: [{ path: 'istio/dr.yaml', text: dr('mode: MUTUAL\nclientCertificate: /etc/certs/cert.pem\nprivateKey: /etc/certs/key.pem\n') }], at: 'MUTUAL', fixed: dr('mode: MUTUAL\ncaCertificates: <ca-bundle-path>\nclientCertificate: /etc/certs/cert.pem\nprivateKey: /etc/certs/key.pem\n') },
  { code: 'destinationrule-tls-invalid', name: 'MUTUAL with neither credentialName nor client certificate', files: [{ path: 'istio/dr.yaml', text: dr('mode: MUTUAL\ncaCertificates: /etc/certs/ca.pem\n') }], at: 'MUTUAL' },
  { code: 'destinationrule-tls-invalid', name: 'credentialName next to caCertificates', files: [{ path: 'istio/dr.yaml', text: dr('mode: SIMPLE\ncredentialName: api-client\ncaCertificates: /etc/certs/ca.pem\n') }], at: 'caCertificates' },
  { code: 'destinationrule-san-mismatch', name: 'a SAN the served certificate lacks', files: [{ path: 'istio/dr.yaml', text: dr('mode: SIMPLE\ncaCertificates: /etc/certs/ca.pem\nsubjectAltNames:\n  - api.example.com\n') }, ...SERVED], at: 'api.example.com' },
  { code: 'destinationrule-istio-mutual-ignored-field', name: 'ISTIO_MUTUAL with caCertificates', files: [{ path: 'istio/dr.yaml', text: dr('mode: ISTIO_MUTUAL\ncaCertificates: /etc/certs/ca.pem\n') }], at: 'caCertificates' },
  { code: 'istio-gateway-credential-missing', name: 'a credentialName nothing writes', files: [{ path: 'istio/gw.yaml', text: istioGw('shop-cred', ['shop.example.com']) }, { path: 'istio/cert.yaml', text: cmCert('web', 'istio-system', 'web-cred', ['www.example.com']) }], at: 'shop-cred' },
  { code: 'istio-gateway-host-not-covered', name: 'a host the Certificate does not name', files: [{ path: 'istio/gw.yaml', text: istioGw('web-cred', ['www.example.com', 'shop.example.com']) }, { path: 'istio/cert.yaml', text: cmCert('web', 'istio-system', 'web-cred', ['www.example.com']) }], at: 'shop.example.com' },
  { code: 'peerauth-strict-plaintext-caller', name: 'a caller without sidecar dialing http:// into a STRICT namespace', files: [{ path: 'apps/reporter.yaml', text: caller('      annotations:\n        sidecar.istio.io/inject: "false"\n') }, { path: 'apps/pa.yaml', text: PA_STRICT }, ...SERVED], at: 'http://api.prod.svc.cluster.local:8080' },
  { code: 'peerauth-strict-plaintext-caller', name: 'a caller in a namespace with injection disabled, under a mesh-wide STRICT policy', files: [{ path: 'apps/reporter.yaml', text: caller('') }, { path: 'apps/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n    istio-injection: disabled\n' }, { path: 'apps/mesh-pa.yaml', text: PA_STRICT.replace('namespace: prod', 'namespace: istio-system') }, ...SERVED], at: 'http://api.prod.svc.cluster.local:8080' },
  { code: 'authz-principal-unknown-sa', name: 'a principal no workload runs as', files: [{ path: 'apps/authz.yaml', text: authz('cluster.local/ns/prod/sa/frontend') }, ...SERVED], at: 'cluster.local/ns/prod/sa/frontend' },
  // Gateway API, Ingress, BackendTLSPolicy, shims
  { code: 'gateway-listener-hostname-required', name: 'a shimmed listener without hostname', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: https\n  port: 443\n  protocol: HTTPS\n  tls:\n    mode: Terminate\n    certificateRefs:\n      - name: edge-tls\n') }], at: 'https', fixed: gatewayApi('- name: https\n  hostname: <hostname>\n  port: 443\n  protocol: HTTPS\n  tls:\n    mode: Terminate\n    certificateRefs:\n      - name: edge-tls\n') },
  { code: 'gateway-cross-namespace-ref', name: 'certificateRefs into another namespace without ReferenceGrant', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: https\n  hostname: www.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: edge-tls\n        namespace: certs\n', '') }], at: 'certs' },
  { code: 'gateway-passthrough-certificate-refs', name: 'a Passthrough listener with certificateRefs', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: tls\n  hostname: db.example.com\n  port: 443\n  protocol: TLS\n  tls:\n    mode: Passthrough\n    certificateRefs:\n      - name: db-tls\n', '') }], at: 'certificateRefs', fixed: gatewayApi('- name: tls\n  hostname: db.example.com\n  port: 443\n  protocol: TLS\n  tls:\n    mode: Passthrough\n', '') },
  { code: 'ingress-tls-host-not-covered', name: 'a tls host the Certificate does not name', files: [{ path: 'ing/ingress.yaml', text: ingress('', ['shop.example.com']) }, { path: 'ing/cert.yaml', text: cmCert('web', 'prod', 'web-tls', ['www.example.com']) }], at: 'shop.example.com', line: 10 },
  { code: 'tls-secret-multiple-writers', name: 'a shimmed Ingress and a Certificate writing one Secret', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }, { path: 'ing/cert.yaml', text: cmCert('web', 'prod', 'web-tls', ['www.example.com']) }], at: 'web-tls' },
  { code: 'backendtls-hostname-mismatch', name: 'a hostname the backend certificate lacks', files: [{ path: 'gw/btls.yaml', text: backendPolicy('api.internal.example') }, { path: 'gw/ca.yaml', text: configMap('api-ca', 'prod') }, ...SERVED], at: 'api.internal.example' },
  { code: 'backendtls-ca-namespace', name: 'a CA bundle in another namespace', files: [{ path: 'gw/btls.yaml', text: backendPolicy('api.prod.svc') }, { path: 'gw/ca.yaml', text: configMap('api-ca', 'infra') }, ...SERVED], at: 'api-ca' },
  { code: 'shim-annotation-invalid', name: 'the pre-1.0 annotation group', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    certmanager.k8s.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }], at: 'certmanager.k8s.io/cluster-issuer', fixed: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) },
  { code: 'shim-annotation-invalid', name: 'issuer-kind in lowercase', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: ca\n    cert-manager.io/issuer-kind: clusterissuer\n', ['www.example.com']) }], at: 'clusterissuer', fixed: ingress('  annotations:\n    cert-manager.io/issuer: ca\n    cert-manager.io/issuer-kind: ClusterIssuer\n', ['www.example.com']) },
  { code: 'shim-annotation-conflict', name: 'issuer and cluster-issuer both set', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: ca\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }], at: 'cert-manager.io/cluster-issuer' },
  { code: 'shim-issuer-not-found', name: 'a cluster-issuer name the deployed ClusterIssuers do not include', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt-production\n', ['www.example.com']) }, { path: 'ing/issuer.yaml', text: clusterIssuer('letsencrypt-prod') }], at: 'letsencrypt-production' },
  { code: 'shim-issuer-not-found', name: 'cert-manager.io/issuer naming a ClusterIssuer', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: letsencrypt\n', ['www.example.com']) }, { path: 'ing/issuer.yaml', text: clusterIssuer('letsencrypt') }], at: 'letsencrypt', fixed: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) },
  { code: 'shim-issuer-not-found', name: 'a Gateway naming a ClusterIssuer that is an Issuer of its namespace', files: [{ path: 'gw/gateway.yaml', text: gatewayApi(LISTENER, '  annotations:\n    cert-manager.io/cluster-issuer: edge-ca\n') }, { path: 'gw/issuer.yaml', text: nsIssuer('edge-ca', 'infra') }], at: 'edge-ca', fixed: gatewayApi(LISTENER, '  annotations:\n    cert-manager.io/issuer: edge-ca\n') },
  { code: 'shim-issuer-not-found', name: 'an Issuer of another namespace', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: team-ca\n', ['www.example.com']) }, { path: 'ing/issuer.yaml', text: nsIssuer('team-ca', 'staging') }], at: 'team-ca' },
  { code: 'gateway-shim-disabled', name: 'cert-manager Helm values without enableGatewayAPI', files: [{ path: 'gw/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'cert-manager/values.yaml', text: cmValues() }], at: 'cert-manager.io/cluster-issuer' },
  { code: 'gateway-shim-disabled', name: 'the controller Deployment without --enable-gateway-api', files: [{ path: 'gw/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'gw/cert-manager.yaml', text: cmController(['--v=2', '--cluster-resource-namespace=$(POD_NAMESPACE)', '--leader-election-namespace=kube-system']) }], at: 'cert-manager.io/cluster-issuer' },
  { code: 'gateway-shim-disabled', name: 'enableGatewayAPI: false in the Helm values', files: [{ path: 'gw/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'cert-manager/values.yaml', text: cmValues('config:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  kind: ControllerConfiguration\n  enableGatewayAPI: false\n') }], at: 'cert-manager.io/cluster-issuer' },
];

export const MESH_PASSES: MeshPass[] = [
  ...['istio-cacerts-not-ca', 'istio-cacerts-key-mismatch', 'istio-cert-chain-order', 'istio-cert-chain-misordered', 'istio-root-repeated', 'istio-root-not-self-signed', 'istio-cacerts-validity', 'istio-cacerts-expiring'].flatMap((code) => [
    { code, name: 'the plug-in CA files as Istio\'s Makefile makes them', files: GOOD_FILES },
    { code, name: 'the cacerts Secret with an intermediate below the CA (stringData)', files: [{ path: 'istio/cacerts.yaml', text: cacertsSecret({ ca: P.inter2.cert, key: P.inter2.key, root: P.root.cert, chain: P.inter2.cert + P.inter.cert + P.root.cert }) }] },
    { code, name: 'the cacerts Secret in base64 data', files: [{ path: 'istio/cacerts.yaml', text: cacertsSecret(good, true) }] },
    { code, name: 'a templated cacerts Secret', files: [{ path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: mesh\nversion: 1.0.0\n' }, { path: 'chart/templates/cacerts.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ndata:\n  ca-cert.pem: {{ .Values.caCert | b64enc }}\n  ca-key.pem: {{ .Values.caKey | b64enc }}\n  root-cert.pem: {{ .Values.rootCert | b64enc }}\n  cert-chain.pem: {{ .Values.certChain | b64enc }}\n' }] },
  ]),
  { code: 'istio-cacerts-not-yet-valid', name: 'the plug-in CA files just made (notBefore now), the cacerts Secret, a templated one', files: [...GOOD_FILES, { path: 'istio/cacerts.yaml', text: cacertsSecret(good, true) }, { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: mesh\nversion: 1.0.0\n' }, { path: 'chart/templates/cacerts.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ndata:\n  ca-cert.pem: {{ .Values.caCert | b64enc }}\n' }] },
  { code: 'istio-cacerts-not-yet-valid', name: 'a workspace clock 4 minutes behind the machine that made them (clock skew)', files: GOOD_FILES, now: new Date(Date.now() - 4 * 60_000) },
  { code: 'linkerd-issuer-not-yet-valid', name: 'Helm values and the issuer Secret made now, templated values', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.linkerdIssuer.cert, P.linkerdIssuer.key) }, { path: 'linkerd2/issuer.yaml', text: linkerdIssuerSecret(P.linkerdIssuer.cert, P.linkerdIssuer.key, P.root.cert) }, { path: 'linkerd3/values.yaml', text: 'identityTrustAnchorsPEM: {{ .Values.anchors | quote }}\n' }] },
  ...['linkerd-issuer-not-signed-by-anchor', 'linkerd-issuer-algorithm', 'linkerd-issuer-not-ca', 'linkerd-issuer-expiring', 'linkerd-issuer-key-mismatch'].flatMap((code) => [
    { code, name: 'Helm values as linkerd\'s docs make them', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.linkerdIssuer.cert, P.linkerdIssuer.key) }] },
    { code, name: 'the issuer Secret and the trust-roots ConfigMap', files: [{ path: 'linkerd/issuer.yaml', text: linkerdIssuerSecret(P.linkerdIssuer.cert, P.linkerdIssuer.key, P.root.cert) }, { path: 'linkerd/roots.yaml', text: trustRootsConfigMap(P.root.cert) }] },
    { code, name: 'templated Helm values', files: [{ path: 'linkerd/values.yaml', text: 'identityTrustAnchorsPEM: {{ .Values.anchors | quote }}\nidentity:\n  issuer:\n    tls:\n      crtPEM: {{ .Values.crt | quote }}\n      keyPEM: {{ .Values.key | quote }}\n' }] },
  ]),
  { code: 'linkerd-issuer-not-signed-by-anchor', name: 'an issuer signed by an intermediate its crtPEM carries', files: [{ path: 'linkerd/values.yaml', text: linkerdValues(P.root.cert, P.inter2.cert + P.inter.cert, P.inter2.key) }] },
  { code: 'linkerd-issuer-certificate-spec', name: 'the issuer Certificate from Linkerd\'s cert-manager guide', files: [{ path: 'linkerd/issuer-cert.yaml', text: linkerdCert() }, { path: 'linkerd/anchor.yaml', text: LINKERD_ANCHOR_ISSUER }] },
  { code: 'linkerd-issuer-certificate-spec', name: 'other Certificates', files: SERVED },
  { code: 'destinationrule-mutual-no-ca', name: 'SIMPLE with caCertificates, credentialName, insecureSkipVerify, ISTIO_MUTUAL', files: [
    { path: 'istio/dr1.yaml', text: dr('mode: SIMPLE\ncaCertificates: /etc/certs/ca.pem\n') },
    { path: 'istio/dr2.yaml', text: dr('mode: MUTUAL\ncredentialName: api-client\n').replace('name: api', 'name: api2') },
    { path: 'istio/dr3.yaml', text: dr('mode: SIMPLE\ninsecureSkipVerify: true\n').replace('name: api', 'name: api3') },
    { path: 'istio/dr4.yaml', text: dr('mode: ISTIO_MUTUAL\n').replace('name: api', 'name: api4') },
    { path: 'istio/dr5.yaml', text: dr('mode: {{ .Values.tlsMode }}\n').replace('name: api', 'name: api5') },
  ] },
  { code: 'destinationrule-tls-invalid', name: 'MUTUAL with files, or with credentialName alone', files: [
    { path: 'istio/dr1.yaml', text: dr('mode: MUTUAL\nclientCertificate: /etc/certs/cert.pem\nprivateKey: /etc/certs/key.pem\ncaCertificates: /etc/certs/ca.pem\n') },
    { path: 'istio/dr2.yaml', text: dr('mode: MUTUAL\ncredentialName: api-client\n').replace('name: api', 'name: api2') },
  ] },
  { code: 'destinationrule-san-mismatch', name: 'SANs the served certificate carries', files: [{ path: 'istio/dr.yaml', text: dr('mode: SIMPLE\ncaCertificates: /etc/certs/ca.pem\nsubjectAltNames:\n  - api.prod.svc.cluster.local\n  - api.prod.svc\n') }, ...SERVED] },
  { code: 'destinationrule-istio-mutual-ignored-field', name: 'ISTIO_MUTUAL alone, MUTUAL with files', files: [{ path: 'istio/dr.yaml', text: dr('mode: ISTIO_MUTUAL\nsni: api.prod.svc.cluster.local\n') }, { path: 'istio/dr2.yaml', text: dr('mode: MUTUAL\nclientCertificate: /c.pem\nprivateKey: /k.pem\ncaCertificates: /ca.pem\n').replace('name: api', 'name: api2') }] },
  { code: 'istio-gateway-credential-missing', name: 'a credentialName a Certificate writes', files: [{ path: 'istio/gw.yaml', text: istioGw('web-cred', ['www.example.com']) }, { path: 'istio/cert.yaml', text: cmCert('web', 'istio-system', 'web-cred', ['www.example.com']) }] },
  { code: 'istio-gateway-credential-missing', name: 'a workspace without any Secret or Certificate', files: [{ path: 'istio/gw.yaml', text: istioGw('web-cred', ['www.example.com']) }] },
  { code: 'istio-gateway-host-not-covered', name: 'hosts as namespace/host, a wildcard, and *', files: [{ path: 'istio/gw.yaml', text: istioGw('web-cred', ['prod/www.example.com', 'shop.example.com', '"*"']) }, { path: 'istio/cert.yaml', text: cmCert('web', 'istio-system', 'web-cred', ['www.example.com', '"*.example.com"']) }] },
  { code: 'peerauth-strict-plaintext-caller', name: 'the same caller with a sidecar', files: [{ path: 'apps/reporter.yaml', text: caller('') }, { path: 'apps/pa.yaml', text: PA_STRICT }, ...SERVED] },
  { code: 'peerauth-strict-plaintext-caller', name: 'a caller without sidecar and a PERMISSIVE namespace', files: [{ path: 'apps/reporter.yaml', text: caller('      annotations:\n        sidecar.istio.io/inject: "false"\n') }, { path: 'apps/pa.yaml', text: PA_STRICT.replace('STRICT', 'PERMISSIVE') }, ...SERVED] },
  { code: 'peerauth-strict-plaintext-caller', name: 'a mesh-wide STRICT policy that the namespace relaxes to PERMISSIVE', files: [{ path: 'apps/reporter.yaml', text: caller('      annotations:\n        sidecar.istio.io/inject: "false"\n') }, { path: 'apps/mesh-pa.yaml', text: PA_STRICT.replace('namespace: prod', 'namespace: istio-system') }, { path: 'apps/pa.yaml', text: PA_STRICT.replace('STRICT', 'PERMISSIVE') }, ...SERVED] },
  { code: 'authz-principal-unknown-sa', name: 'a principal a workload runs as, and one of an unknown namespace', files: [{ path: 'apps/authz.yaml', text: authz('cluster.local/ns/prod/sa/api') }, { path: 'apps/authz2.yaml', text: authz('cluster.local/ns/payments/sa/billing').replace('name: api', 'name: api2') }, ...SERVED] },
  { code: 'gateway-listener-hostname-required', name: 'a shimmed listener with hostname, an unannotated one without', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: https\n  hostname: www.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: edge-tls\n') }, { path: 'gw/other.yaml', text: gatewayApi('- name: https\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: other-tls\n', '', 'other') }] },
  { code: 'gateway-cross-namespace-ref', name: 'certificateRefs into another namespace with a ReferenceGrant', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: https\n  hostname: www.example.com\n  port: 443\n  protocol: HTTPS\n  tls:\n    certificateRefs:\n      - name: edge-tls\n        namespace: certs\n', '') }, { path: 'gw/grant.yaml', text: REF_GRANT }] },
  { code: 'gateway-passthrough-certificate-refs', name: 'Passthrough without certificateRefs, Terminate with them', files: [{ path: 'gw/gateway.yaml', text: gatewayApi('- name: tls\n  hostname: db.example.com\n  port: 443\n  protocol: TLS\n  tls:\n    mode: Passthrough\n- name: https\n  hostname: www.example.com\n  port: 8443\n  protocol: HTTPS\n  tls:\n    mode: Terminate\n    certificateRefs:\n      - name: web-tls\n', '') }] },
  { code: 'ingress-tls-host-not-covered', name: 'hosts the Certificate names, and a shimmed Ingress', files: [{ path: 'ing/ingress.yaml', text: ingress('', ['www.example.com']) }, { path: 'ing/cert.yaml', text: cmCert('web', 'prod', 'web-tls', ['www.example.com']) }, { path: 'ing/shop.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['shop.example.com'], 'shop-tls', 'shop') }] },
  { code: 'tls-secret-multiple-writers', name: 'each Secret written once; an unannotated Ingress reading a Certificate\'s Secret', files: [{ path: 'ing/ingress.yaml', text: ingress('', ['www.example.com']) }, { path: 'ing/cert.yaml', text: cmCert('web', 'prod', 'web-tls', ['www.example.com']) }, { path: 'ing/shop.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['shop.example.com'], 'shop-tls', 'shop') }] },
  { code: 'backendtls-hostname-mismatch', name: 'a hostname the backend certificate names', files: [{ path: 'gw/btls.yaml', text: backendPolicy('api.prod.svc') }, { path: 'gw/ca.yaml', text: configMap('api-ca', 'prod') }, ...SERVED] },
  { code: 'backendtls-ca-namespace', name: 'the CA bundle in the policy\'s namespace, or not in the workspace', files: [{ path: 'gw/btls.yaml', text: backendPolicy('api.prod.svc') }, { path: 'gw/ca.yaml', text: configMap('api-ca', 'prod') }, ...SERVED] },
  { code: 'shim-annotation-invalid', name: 'the annotations cert-manager reads', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: ca\n    cert-manager.io/issuer-kind: ClusterIssuer\n    cert-manager.io/duration: 2160h\n', ['www.example.com']) }] },
  { code: 'shim-issuer-not-found', name: 'issuers that exist, of the kind and namespace named', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }, { path: 'ing/ingress2.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: team-ca\n', ['shop.example.com'], 'shop-tls', 'shop') }, { path: 'ing/ingress3.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: letsencrypt\n    cert-manager.io/issuer-kind: ClusterIssuer\n', ['api.example.com'], 'api-tls', 'api') }, { path: 'ing/issuer.yaml', text: clusterIssuer('letsencrypt') + '---\n' + nsIssuer('team-ca', 'prod') }] },
  { code: 'shim-issuer-not-found', name: 'no issuer deployed with the Ingress (a chart\'s own issuers are another scope)', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }, { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' }, { path: 'chart/templates/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: {{ .Values.issuer | quote }}\n', ['www.example.com']) }, { path: 'chart/templates/issuer.yaml', text: clusterIssuer('chart-issuer') }] },
  { code: 'shim-issuer-not-found', name: 'a templated name next to deployed issuers', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: ${CLUSTER_ISSUER}\n', ['www.example.com']) }, { path: 'ing/issuer.yaml', text: clusterIssuer('letsencrypt-prod') }] },
  { code: 'shim-issuer-not-found', name: 'an external issuer group next to deployed issuers', files: [{ path: 'pca/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/issuer: pca\n    cert-manager.io/issuer-kind: AWSPCAClusterIssuer\n    cert-manager.io/issuer-group: awspca.cert-manager.io\n', ['www.example.com']) }, { path: 'pca/issuer.yaml', text: clusterIssuer('acme') }] },
  { code: 'gateway-shim-disabled', name: 'Helm values with config.enableGatewayAPI: true', files: [{ path: 'gw/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'cert-manager/values.yaml', text: cmValues('config:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  kind: ControllerConfiguration\n  enableGatewayAPI: true\n') }] },
  { code: 'gateway-shim-disabled', name: 'extraArgs --enable-gateway-api, the older feature gate, a Deployment flag', files: [{ path: 'a/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'a/values.yaml', text: cmValues('extraArgs:\n  - --enable-gateway-api\n') }, { path: 'b/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'b/values.yaml', text: cmValues('extraArgs:\n  - --feature-gates=ExperimentalGatewayAPISupport=true\n') }, { path: 'c/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'c/cert-manager.yaml', text: cmController(['--v=2', '--enable-gateway-api']) }] },
  { code: 'gateway-shim-disabled', name: 'no cert-manager install in the workspace, a templated one, a --config file', files: [{ path: 'a/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'b/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'b/values.yaml', text: cmValues('config: {{ toYaml .Values.cmConfig | nindent 2 }}\n') }, { path: 'c/gateway.yaml', text: gatewayApi(LISTENER) }, { path: 'c/cert-manager.yaml', text: cmController(['--v=2', '--config=/var/cert-manager/config/config.yaml']) }] },
  { code: 'shim-annotation-conflict', name: 'one issuer annotation', files: [{ path: 'ing/ingress.yaml', text: ingress('  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ['www.example.com']) }] },
];
