// What hovers say about fields: meaning, default, allowed values. Keyed by kind and path
// (`*` matches any sequence index or map key).

export interface FieldDoc { doc: string; default?: string; values?: string[] }

const CERT: Record<string, FieldDoc> = {
  'spec.secretName': { doc: 'Name of the Secret cert-manager writes `tls.crt`, `tls.key` and `ca.crt` into, in the Certificate\'s namespace. Workloads mount this Secret.' },
  'spec.issuerRef': { doc: 'The Issuer or ClusterIssuer that signs this certificate.' },
  'spec.issuerRef.name': { doc: 'Name of the Issuer (same namespace) or ClusterIssuer.' },
  'spec.issuerRef.kind': { doc: 'Kind of the issuer.', default: 'Issuer', values: ['Issuer', 'ClusterIssuer'] },
  'spec.issuerRef.group': { doc: 'API group of the issuer; empty or `cert-manager.io` for built-in issuers, another group for external issuers.', default: 'cert-manager.io' },
  'spec.commonName': { doc: 'Subject common name (at most 64 bytes). TLS clients match DNS names, not the CN: always list names in `dnsNames` too.' },
  'spec.dnsNames': { doc: 'DNS subject alternative names. For a Service S in namespace N, clients use S, S.N, S.N.svc and S.N.svc.cluster.local.' },
  'spec.ipAddresses': { doc: 'IP subject alternative names (IPv4 or IPv6).' },
  'spec.uris': { doc: 'URI subject alternative names, e.g. a SPIFFE ID `spiffe://<trust domain>/ns/<ns>/sa/<service account>`.' },
  'spec.emailAddresses': { doc: 'Email subject alternative names (bare addresses).' },
  'spec.duration': { doc: 'Requested lifetime of the certificate, as a Go duration (h, m, s; no "d").', default: '2160h (90 days)' },
  'spec.renewBefore': { doc: 'How long before expiry cert-manager renews. At least 5m and less than `duration`. Exclusive with `renewBeforePercentage`.', default: 'a third of the duration' },
  'spec.renewBeforePercentage': { doc: 'Renew when this percentage of the lifetime is left (1–99). Exclusive with `renewBefore`.' },
  'spec.usages': { doc: 'Key usages and extended key usages. mTLS: the server needs `server auth`, a client `client auth`, a certificate used both ways both.', default: 'digital signature, key encipherment' },
  'spec.usages.*': { doc: 'One usage word.', values: ['digital signature', 'key encipherment', 'server auth', 'client auth', 'cert sign', 'crl sign', 'key agreement', 'content commitment', 'data encipherment', 'signing', 'any', 'code signing', 'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc', 'encipher only', 'decipher only'] },
  'spec.isCA': { doc: 'Makes this a CA certificate (basicConstraints CA:TRUE); cert-manager adds `cert sign`. Use it for the certificate behind a CA Issuer.', default: 'false' },
  'spec.privateKey': { doc: 'The private key cert-manager generates.' },
  'spec.privateKey.algorithm': { doc: 'Key algorithm. ECDSA P-256 is the usual choice for mTLS: small and fast.', default: 'RSA', values: ['RSA', 'ECDSA', 'Ed25519'] },
  'spec.privateKey.size': { doc: 'Key size: RSA 2048–8192; ECDSA 256, 384 or 521; ignored for Ed25519.', default: 'RSA 2048, ECDSA 256' },
  'spec.privateKey.encoding': { doc: 'Encoding of `tls.key`.', default: 'PKCS1', values: ['PKCS1', 'PKCS8'] },
  'spec.privateKey.rotationPolicy': { doc: 'Whether a new key is generated on every renewal.', default: 'Always', values: ['Always', 'Never'] },
  'spec.subject': { doc: 'Subject fields other than the CN (organizations, countries, ...). Exclusive with `literalSubject`.' },
  'spec.literalSubject': { doc: 'The exact subject as an RFC 4514 string. Exclusive with `commonName` and `subject`.' },
  'spec.secretTemplate': { doc: 'Labels and annotations copied onto the Secret (no `cert-manager.io/` annotations).' },
  'spec.revisionHistoryLimit': { doc: 'How many CertificateRequests to keep (at least 1).' },
  'spec.signatureAlgorithm': { doc: 'Signature algorithm; must fit the issuer\'s key.', values: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA', 'ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512', 'PureEd25519'] },
  'spec.nameConstraints': { doc: 'Name constraints for a CA certificate (`isCA: true`): `permitted` / `excluded` DNS domains, IP ranges, emails, URI domains.' },
  'spec.keystores': { doc: 'Also write JKS or PKCS#12 keystores into the Secret (exactly one of `password` / `passwordSecretRef`).' },
  'spec.additionalOutputFormats': { doc: 'Extra keys in the Secret: `DER` (key.der) or `CombinedPEM` (tls-combined.pem). Each type once.' },
};

const ISSUER: Record<string, FieldDoc> = {
  'spec.ca': { doc: 'A CA issuer: signs with the CA certificate and key in `ca.secretName`.' },
  'spec.ca.secretName': { doc: 'Secret with the CA\'s `tls.crt` and `tls.key`. For an Issuer, in its namespace; for a ClusterIssuer, in cert-manager\'s cluster resource namespace (usually `cert-manager`).' },
  'spec.selfSigned': { doc: 'Self-signed issuer: each certificate signs itself. Use it only to bootstrap a CA Certificate.' },
  'spec.acme': { doc: 'ACME (e.g. Let\'s Encrypt): needs `server`, `privateKeySecretRef.name` and solvers.' },
  'spec.vault': { doc: 'HashiCorp Vault PKI: needs `server`, `path` and one auth method.' },
};

const BUNDLE: Record<string, FieldDoc> = {
  'spec.sources': { doc: 'Where the CA certificates come from: each source is exactly one of `configMap`, `secret`, `inLine`, `useDefaultCAs`.' },
  'spec.target': { doc: 'Where the bundle is written in every (selected) namespace: a `configMap` and/or `secret` with a `key`.' },
};

const PEER: Record<string, FieldDoc> = {
  'spec.mtls': { doc: 'Mutual TLS for the workloads the policy selects (its namespace, or the whole mesh from the root namespace, usually istio-system).' },
  'spec.portLevelMtls': { doc: 'Per-port mTLS modes, keyed by the workload\'s port number; needs a `selector`.' },
  'spec.mtls.mode': { doc: 'Mutual TLS mode for the selected workloads.', default: 'UNSET (inherit)', values: ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] },
};

const AUTHZ: Record<string, FieldDoc> = {
  'spec.action': { doc: 'What a matching request gets.', default: 'ALLOW', values: ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] },
  'spec.rules.*.from.*.source': { doc: 'The peer: its mTLS identities (`principals`), namespaces or IP blocks. Principals need mTLS (STRICT or PERMISSIVE with sidecars).' },
  'spec.rules.*.from.*.source.notPrincipals': { doc: 'Peer identities that do not match: `<trust domain>/ns/<namespace>/sa/<service account>`.' },
  'spec.rules.*.from.*.source.namespaces': { doc: 'Peer namespaces (taken from the peer\'s mTLS identity).' },
  'spec.rules.*.from.*.source.principals': { doc: 'Peer identities: `<trust domain>/ns/<namespace>/sa/<service account>` (no `spiffe://`); `*` only alone, as prefix or as suffix.' },
};

const CSPIFFE: Record<string, FieldDoc> = {
  'spec.spiffeIDTemplate': { doc: 'Go template for the workload\'s SPIFFE ID, e.g. `spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`.' },
  'spec.federatesWith': { doc: 'Trust domains this workload federates with.' },
  'spec.ttl': { doc: 'X.509 SVID TTL (Go duration); SPIRE caps it at min(ca_ttl / 6, 7 days).' },
};

// h15: Istio traffic TLS, Gateway API, Ingress TLS (keyed by kind: Istio's and Gateway API's
// Gateway share the table, their paths differ: servers vs listeners).
const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];
const clientTls = (base: string): Record<string, FieldDoc> => ({
  [`${base}.tls`]: { doc: 'TLS the sidecar originates to this host.' },
  [`${base}.tls.mode`]: { doc: 'ISTIO_MUTUAL: the mesh\'s certificates. SIMPLE/MUTUAL: other certificates (then set `caCertificates` or `credentialName`, or the server is not verified: IST0128).', values: CLIENT_TLS_MODES },
  [`${base}.tls.credentialName`]: { doc: 'A Secret (in the client sidecar\'s namespace) with the client certificate, key and `ca.crt`. Excludes `clientCertificate`, `privateKey` and `caCertificates`.' },
  [`${base}.tls.caCertificates`]: { doc: 'File with the CAs that verify the server. Without it (and without `credentialName`) SIMPLE/MUTUAL verify nothing. Ignored with ISTIO_MUTUAL.' },
  [`${base}.tls.clientCertificate`]: { doc: 'Client certificate file, required with MUTUAL unless `credentialName` is set.' },
  [`${base}.tls.privateKey`]: { doc: 'Client key file, required with MUTUAL unless `credentialName` is set.' },
  [`${base}.tls.subjectAltNames`]: { doc: 'Names the server\'s certificate must carry (DNS names or URIs such as SPIFFE IDs).' },
  [`${base}.tls.sni`]: { doc: 'SNI sent in the handshake.' },
  [`${base}.tls.insecureSkipVerify`]: { doc: 'Skips verification explicitly (excludes `caCertificates` and `subjectAltNames`).', default: 'false' },
});

const DESTINATION_RULE: Record<string, FieldDoc> = {
  'spec.host': { doc: 'The Service (short name, `svc.namespace`, or FQDN) or external host this rule applies to.' },
  ...clientTls('spec.trafficPolicy'),
  ...clientTls('spec.trafficPolicy.portLevelSettings.*'),
  ...clientTls('spec.subsets.*.trafficPolicy'),
};

const GATEWAY: Record<string, FieldDoc> = {
  // Istio Gateway
  'spec.servers.*.hosts': { doc: 'Hosts this server answers for (`namespace/host` or `host`); the certificate behind `credentialName` must cover them.' },
  'spec.servers.*.tls.mode': { doc: 'How the gateway terminates TLS.', values: ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'] },
  'spec.servers.*.tls': { doc: 'TLS the gateway terminates for this server: `mode` and the certificate (`credentialName`, or files).' },
  'spec.servers.*.tls.serverCertificate': { doc: 'Server certificate file mounted in the gateway; excluded by `credentialName`.' },
  'spec.servers.*.tls.privateKey': { doc: 'Server key file mounted in the gateway; excluded by `credentialName`.' },
  'spec.servers.*.tls.caCertificates': { doc: 'CA file that verifies client certificates with MUTUAL; excluded by `credentialName` (its `ca.crt` is used).' },
  'spec.servers.*.tls.subjectAltNames': { doc: 'With MUTUAL: names a client certificate must carry.' },
  'spec.servers.*.tls.minProtocolVersion': { doc: 'Lowest TLS version accepted.', default: 'TLSV1_2', values: ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] },
  'spec.servers.*.tls.credentialName': { doc: 'The TLS Secret (`tls.crt`, `tls.key`, and `ca.crt` for MUTUAL) in the gateway workload\'s namespace, usually istio-system; a cert-manager Certificate\'s `secretName`.' },
  // Gateway API
  'spec.listeners.*.hostname': { doc: 'The host name this listener serves. cert-manager\'s gateway-shim needs it to make the Certificate.' },
  'spec.listeners.*.tls': { doc: 'TLS of an HTTPS or TLS listener: `mode` and the `certificateRefs` it serves.' },
  'spec.listeners.*.tls.certificateRefs.*.group': { doc: 'The referenced object\'s API group: `""` (core) for a Secret.', default: '""' },
  'spec.listeners.*.tls.certificateRefs.*.name': { doc: 'The Secret\'s name: the `secretName` of the Certificate that writes it (the gateway-shim makes one per Secret).' },
  'spec.listeners.*.tls.mode': { doc: 'Terminate: the gateway presents `certificateRefs`. Passthrough: the backend terminates TLS (no `certificateRefs`).', default: 'Terminate', values: ['Terminate', 'Passthrough'] },
  'spec.listeners.*.tls.certificateRefs': { doc: 'TLS Secrets the listener serves. One in another namespace needs a ReferenceGrant there.' },
  'spec.listeners.*.tls.certificateRefs.*.kind': { doc: 'The referenced object\'s kind: `Secret` (the default) for a TLS certificate; cert-manager\'s gateway-shim writes only Secrets.', default: 'Secret', values: ['Secret'] },
  'spec.listeners.*.tls.certificateRefs.*.namespace': { doc: 'The Secret\'s namespace; another than the Gateway\'s needs a ReferenceGrant (from Gateway, to Secret) in it.' },
};

const INGRESS: Record<string, FieldDoc> = {
  'spec.tls': { doc: 'TLS for the listed hosts, from the Secret in `secretName` (ingress-shim writes it when the Ingress has a `cert-manager.io/issuer` or `cluster-issuer` annotation).' },
  'spec.tls.*.hosts': { doc: 'Hosts served with this Secret\'s certificate: it must cover each of them.' },
  'spec.tls.*.secretName': { doc: 'The TLS Secret (`tls.crt`, `tls.key`) in the Ingress\'s namespace. One Secret, one writer.' },
};

const BACKEND_TLS: Record<string, FieldDoc> = {
  'spec.targetRefs': { doc: 'The Services (in the policy\'s namespace) whose backends the gateway dials with TLS.' },
  'spec.validation': { doc: 'How the gateway verifies the backend\'s certificate: `hostname` and one of `caCertificateRefs` / `wellKnownCACertificates`.' },
  'spec.validation.hostname': { doc: 'The name the gateway verifies in the backend\'s certificate (and sends as SNI).' },
  'spec.validation.caCertificateRefs': { doc: 'ConfigMaps with `ca.crt` in the policy\'s own namespace. Exclusive with `wellKnownCACertificates`.' },
  'spec.validation.wellKnownCACertificates': { doc: 'Verify with the gateway\'s system CAs.', values: ['System'] },
};

// g15: ReferenceGrant, and Helm values without a kind (Linkerd's identity, cert-manager's Gateway API switch).
const REFERENCE_GRANT: Record<string, FieldDoc> = {
  'spec.from': { doc: 'Who may refer to objects in this (the grant\'s) namespace: for a Gateway\'s `certificateRefs`, group `gateway.networking.k8s.io`, kind `Gateway` and the Gateway\'s namespace.' },
  'spec.from.*.kind': { doc: 'The kind of the referring object.', values: ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'] },
  'spec.from.*.group': { doc: 'The referring object\'s API group: `gateway.networking.k8s.io` for Gateways and Routes.' },
  'spec.from.*.namespace': { doc: 'The referring object\'s namespace.' },
  'spec.to.*.group': { doc: 'The group referred to: `""` (core) for Secrets, Services and ConfigMaps.' },
  'spec.to': { doc: 'What may be referred to in this namespace: group `""` and kind `Secret` for certificates (optionally one `name`).' },
  'spec.to.*.kind': { doc: 'The kind referred to.', values: ['Secret', 'Service', 'ConfigMap'] },
  'spec.to.*.name': { doc: 'One object only; without it every object of the kind in the namespace.' },
};

const VALUES: Record<string, FieldDoc> = {
  identityTrustAnchorsPEM: { doc: 'Linkerd\'s trust anchors (PEM): ECDSA P-256/P-384 or RSA 2048/4096 roots; the identity issuer must be signed by one of them ("linkerd check").' },
  'identity.issuer.scheme': { doc: '`linkerd.io/tls`: the issuer comes from `identity.issuer.tls`; `kubernetes.io/tls`: from the `linkerd-identity-issuer` Secret (cert-manager writes it).', values: ['linkerd.io/tls', 'kubernetes.io/tls'] },
  'identity.issuer.tls.crtPEM': { doc: 'Linkerd\'s identity issuer certificate (PEM): a CA with an ECDSA P-256 key, issued by a trust anchor, more than 60 days left.' },
  'identity.issuer.tls.keyPEM': { doc: 'The issuer certificate\'s ECDSA P-256 private key (PEM).' },
  'config.enableGatewayAPI': { doc: 'cert-manager (1.15+): turns on the gateway-shim (Certificates for annotated Gateways) and the Gateway API HTTP-01 solver.', default: 'false', values: ['true', 'false'] },
};

const BY_KIND: Record<string, Record<string, FieldDoc>> = {
  Certificate: CERT, Issuer: ISSUER, ClusterIssuer: ISSUER, Bundle: BUNDLE, PeerAuthentication: PEER,
  AuthorizationPolicy: AUTHZ, ClusterSPIFFEID: CSPIFFE,
  DestinationRule: DESTINATION_RULE, Gateway: GATEWAY, Ingress: INGRESS, BackendTLSPolicy: BACKEND_TLS,
  ReferenceGrant: REFERENCE_GRANT,
};

export function fieldDoc(kind: string | undefined, path: Array<string | number>): FieldDoc | undefined {
  const table = kind ? BY_KIND[kind] : VALUES;
  if (!table) return undefined;
  const exact = path.join('.');
  if (table[exact]) return table[exact];
  const star = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
  return table[star];
}
