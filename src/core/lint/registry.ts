// The rule registry: every lint rule's code, severity (and why), the kinds it applies to, its
// documentation and the check that reports it, in one place. LINT_RULES, the hovers on findings,
// the CLI's SARIF rule list and the README's rule table (scripts/rules-table.mjs) come from here.
//
// Severity policy: `error` when the real system rejects the object (API server schema, admission
// webhook, SPIRE/Istio validation) or it fails at run time (a pod that cannot mount, a handshake
// that fails); `warning` when it is accepted but probably wrong (never matches, silently ignored);
// `info` for what the workspace cannot know (it may exist in the cluster) or advice. Values filled
// in before use (templates, $(VAR), ${VAR}, <placeholders>) are unknown and never reported.
import type { Manifest } from './model';
import type { Reporter } from './rules';
import { checkCertificate, checkCertificateRequest, checkIssuer, isCertManager } from './rules/certmanager';
import { certificateUris, clusterSpiffeId, istio } from './rules/spiffe';
import { bundle, csi } from './rules/trust';
import type { RuleSeverity } from './severity';
import { WORKLOAD_KINDS } from './workspace';

/** A check over one object (document or `kind: List` item): which objects it reads, and the function. */
export interface ObjectCheck {
  scope: 'object';
  applies: (m: Manifest) => boolean;
  run: (r: Reporter, m: Manifest) => void;
  where: string;
}

/** A check over the whole workspace (run by lintWorkspace) or the parser: documented here, run where it lives. */
export interface WorkspaceCheck {
  scope: 'workspace' | 'parser';
  where: string;
}

const kindIs = (...kinds: string[]) => (m: Manifest) => !!m.kind && kinds.includes(m.kind);

/** Every check, by name. Object checks run per object in this order (src/core/lint/index.ts). */
export const CHECKS = {
  parser: { scope: 'parser', where: 'src/core/lint/model.ts (parseFile)' },
  certificate: { scope: 'object', applies: (m) => m.kind === 'Certificate' && isCertManager(m), run: checkCertificate, where: 'src/core/lint/rules/certmanager.ts (checkCertificate)' },
  issuer: { scope: 'object', applies: (m) => (m.kind === 'Issuer' || m.kind === 'ClusterIssuer') && isCertManager(m), run: checkIssuer, where: 'src/core/lint/rules/certmanager.ts (checkIssuer)' },
  'certificate-request': { scope: 'object', applies: (m) => m.kind === 'CertificateRequest' && isCertManager(m), run: checkCertificateRequest, where: 'src/core/lint/rules/certmanager.ts (checkCertificateRequest)' },
  bundle: { scope: 'object', applies: (m) => m.kind === 'Bundle' && !!m.apiVersion?.startsWith('trust.cert-manager.io/'), run: bundle, where: 'src/core/lint/rules/trust.ts (bundle)' },
  csi: { scope: 'object', applies: (m) => !!m.kind && WORKLOAD_KINDS.has(m.kind), run: csi, where: 'src/core/lint/rules/trust.ts (csi)' },
  'certificate-uris': { scope: 'object', applies: kindIs('Certificate'), run: certificateUris, where: 'src/core/lint/rules/spiffe.ts (certificateUris)' },
  'cluster-spiffe-id': { scope: 'object', applies: kindIs('ClusterSPIFFEID'), run: clusterSpiffeId, where: 'src/core/lint/rules/spiffe.ts (clusterSpiffeId)' },
  istio: { scope: 'object', applies: kindIs('AuthorizationPolicy', 'PeerAuthentication'), run: istio, where: 'src/core/lint/rules/spiffe.ts (istio)' },
  spire: { scope: 'workspace', where: 'src/core/lint/rules/spiffe.ts (spiffeRules)' },
  crossfile: { scope: 'workspace', where: 'src/core/lint/rules/crossfile.ts (crossFileRules)' },
  // h14 (issue 14): openssl scripts and configs, Vault PKI roles, Terraform, Vault Agent templates.
  pki: { scope: 'workspace', where: 'src/core/lint/rules/pki.ts (pkiRules)' },
} satisfies Record<string, ObjectCheck | WorkspaceCheck>;

export type CheckName = keyof typeof CHECKS;

/** The object checks, in the order they run. */
export const OBJECT_CHECKS: ObjectCheck[] = Object.values(CHECKS).filter((c): c is ObjectCheck => c.scope === 'object');

export interface Rule {
  code: string;
  severity: RuleSeverity;
  /** Why this severity: what the real system does with it. */
  why: string;
  /** The kinds (or files) the rule reads. */
  kinds: string[];
  /** One sentence: what is wrong. */
  summary: string;
  /** The longer explanation: what the real system does and why it matters. */
  details: string;
  /** What to do about it. */
  action: string;
  /** The checks that report it. */
  checks: CheckName[];
}

const CERT = ['Certificate'];
const WORKLOADS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'];
const SPIRE_CONF = ['SPIRE server.conf / agent.conf (files or ConfigMaps)'];
const WEBHOOK = 'cert-manager\'s admission webhook rejects it: kubectl apply fails.';
const TRUST_WEBHOOK = 'trust-manager\'s admission webhook rejects it: kubectl apply fails.';

export const RULES: Rule[] = [
  { code: 'yaml-syntax', severity: 'error', why: 'kubectl cannot parse the file (duplicate keys, unknown anchors and alias bombs included), so nothing in it is applied.', kinds: ['any YAML file'], checks: ['parser'],
    summary: 'The YAML cannot be parsed; kubectl would reject the file.',
    details: 'The document has a syntax error, a key repeated in one map (kubectl: "mapping key already defined"), an alias to an anchor that does not exist, or aliases that expand to millions of nodes. Templates (`{{ }}`) are masked first, so Helm charts are not reported for their template syntax.',
    action: 'Fix the YAML at the position shown; quote values that start with `*`, `&`, `!`, `{` or `[`.' },
  { code: 'secret-name-required', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'cert-manager requires spec.secretName: the Secret the certificate and key are written to.',
    details: 'Without `spec.secretName` cert-manager has nowhere to store the signed certificate and private key. Not reported when a template may print the field.',
    action: 'Add `secretName: <name>-tls` and mount that Secret in the workload.' },
  { code: 'secret-name-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'spec.secretName must be an RFC 1123 subdomain (lowercase letters, digits, "-" and ".").',
    details: 'Secret names are DNS subdomains: at most 253 characters of lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit.',
    action: 'Rename the Secret, e.g. `web_TLS` to `web-tls`.' },
  { code: 'issuer-ref-required', severity: 'error', why: WEBHOOK, kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: 'cert-manager requires spec.issuerRef.name.',
    details: 'Every Certificate and CertificateRequest names the Issuer or ClusterIssuer that signs it. Not reported when a template may print it.',
    action: 'Add `issuerRef: {name: <issuer>, kind: Issuer|ClusterIssuer}`.' },
  { code: 'issuer-kind-invalid', severity: 'error', why: WEBHOOK, kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: 'For cert-manager.io issuers, issuerRef.kind must be Issuer or ClusterIssuer.',
    details: 'With an empty `issuerRef.group` or `cert-manager.io`, only `Issuer`, `ClusterIssuer` or an empty kind (meaning Issuer) are valid; the names are case-sensitive. External issuers set their own group.',
    action: 'Write `Issuer` or `ClusterIssuer` (the quick fix corrects the case), or set `group` for an external issuer.' },
  { code: 'no-identity', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'A Certificate needs at least one of commonName, dnsNames, uris, emailAddresses, ipAddresses or otherNames.',
    details: 'A certificate that names nobody cannot be matched by any client. Not reported when a template may print one of these fields.',
    action: 'List the DNS names clients dial in `dnsNames` (for a Service S in namespace N: S, S.N, S.N.svc, S.N.svc.cluster.local).' },
  { code: 'common-name-too-long', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'commonName is limited to 64 bytes (X.509 upper bound).',
    details: 'RFC 5280 bounds the CN at 64 characters and cert-manager\'s webhook enforces it in bytes.',
    action: 'Drop the commonName (clients match dnsNames, not the CN) or shorten it; put long names in dnsNames.' },
  { code: 'dns-name-invalid', severity: 'error', why: 'Accepted by the webhook, but issuance fails (ACME) or the certificate can never match a host name, so TLS fails at run time.', kinds: CERT, checks: ['certificate'],
    summary: 'A DNS name with a label over 63 characters, or characters a hostname cannot have, can never match.',
    details: 'DNS labels are at most 63 characters of letters, digits, `-` (and `_` in practice), with an optional leading `*.` wildcard. URLs and IP addresses do not belong in dnsNames.',
    action: 'Fix the name; put URLs in `uris` and IP addresses in `ipAddresses`.' },
  { code: 'ip-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'ipAddresses entries must be IPv4 or IPv6 addresses.',
    details: 'Each entry must parse as an IP address (no CIDR, no port, no host name).',
    action: 'Write a bare address such as `10.0.0.12` or `fd00::12`; put names in dnsNames.' },
  { code: 'email-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'emailAddresses entries must be bare addresses (no display name).',
    details: 'cert-manager parses each entry and requires it to be exactly the address: `Jane <jane@example.com>` is rejected.',
    action: 'Write `jane@example.com`.' },
  { code: 'literal-subject-conflict', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'literalSubject cannot be combined with commonName or subject.',
    details: '`literalSubject` is the whole subject as an RFC 4514 string; cert-manager rejects it next to `commonName` or any `subject` field. Not reported when if/else templates choose between them.',
    action: 'Keep `literalSubject` (put the CN inside it) or drop it and use `commonName`/`subject`.' },
  { code: 'key-algorithm-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'privateKey.algorithm is RSA, ECDSA or Ed25519.',
    details: 'The values are case-sensitive; `ecdsa` or `EC` are rejected.',
    action: 'Write `ECDSA` (a good default for mTLS), `RSA` or `Ed25519`; the quick fix corrects the case.' },
  { code: 'key-size-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'RSA sizes are 2048..8192; ECDSA sizes 256, 384 or 521.',
    details: 'The size must fit the algorithm (Ed25519 ignores it; 0 means the default: RSA 2048, ECDSA 256).',
    action: 'Use 256 for ECDSA or 2048/3072/4096 for RSA.' },
  { code: 'key-encoding-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'privateKey.encoding is PKCS1 or PKCS8.',
    details: 'Only these two encodings exist for `tls.key`; the default is PKCS1.',
    action: 'Write `PKCS1` or `PKCS8` (Java and some libraries need PKCS8).' },
  { code: 'rotation-policy-invalid', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'privateKey.rotationPolicy is Never or Always.',
    details: 'Whether a renewal generates a new key (`Always`, the default since cert-manager 1.18) or keeps it (`Never`).',
    action: 'Write `Always` or `Never`.' },
  { code: 'signature-algorithm-mismatch', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'signatureAlgorithm must fit the key algorithm.',
    details: 'RSA keys sign with SHA256/384/512WithRSA, ECDSA keys with ECDSAWithSHA256/384/512, Ed25519 with PureEd25519.',
    action: 'Pick a signature algorithm of the key\'s family, or drop the field to use the default.' },
  { code: 'duration-syntax', severity: 'error', why: 'The API server cannot decode a Go duration it does not understand (and SPIRE, csi-driver and spire-controller-manager refuse it), so the object is rejected.', kinds: ['Certificate', 'CertificateRequest', 'ClusterSPIFFEID', ...SPIRE_CONF], checks: ['certificate', 'certificate-request', 'cluster-spiffe-id', 'spire'],
    summary: 'Durations use Go syntax (h, m, s): "90d" is rejected; use "2160h".',
    details: 'Go\'s time.ParseDuration knows ns, us, ms, s, m and h, and compounds such as `1h30m`; there is no `d` and a bare number has no unit. Templated durations are unknown and not checked, but a literal `90d` inside a Helm template still is.',
    action: 'Write hours: 90 days is `2160h`, 30 days `720h` (the quick fix converts).' },
  { code: 'duration-too-short', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'cert-manager requires duration of at least 1h.',
    details: 'Shorter certificates are rejected; the default is 2160h (90 days).',
    action: 'Use at least `1h`.' },
  { code: 'renew-before-too-short', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'cert-manager requires renewBefore of at least 5m.',
    details: 'A renewal window under 5 minutes is rejected.',
    action: 'Use at least `5m`, usually a third of the duration.' },
  { code: 'renew-before-not-below-duration', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'renewBefore must be less than duration, or the certificate renews in a loop.',
    details: 'With renewBefore at or above the lifetime the certificate is due for renewal as soon as it is issued. The default duration (2160h) counts when duration is not set (and is not printed by a template).',
    action: 'Set renewBefore to about a third of the duration (the quick fix does), or use renewBeforePercentage.' },
  { code: 'renew-before-exclusive', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'renewBefore and renewBeforePercentage are mutually exclusive.',
    details: 'cert-manager rejects a Certificate that sets both. Not reported when if/else templates choose between them.',
    action: 'Keep one of them.' },
  { code: 'renew-percentage-range', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'renewBeforePercentage must be between 1 and 99.',
    details: 'It is the percentage of the lifetime left when renewal starts.',
    action: 'Use a value such as 33.' },
  { code: 'usage-invalid', severity: 'error', why: WEBHOOK, kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: 'usages must be cert-manager usage words such as "server auth".',
    details: 'Usages are lowercase words with spaces (`server auth`, `client auth`, `digital signature`, ...), not Go or OpenSSL names such as `serverAuth`.',
    action: 'Use the word the quick fix suggests.' },
  { code: 'usage-key-encipherment-ecdsa', severity: 'warning', why: 'Accepted and harmless to most clients, but meaningless: ECDSA and Ed25519 keys cannot encrypt.', kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: '"key encipherment" has no meaning for ECDSA and Ed25519 keys (they cannot encrypt).',
    details: 'Key encipherment is for RSA key transport. Some strict verifiers reject it on EC keys.',
    action: 'Remove "key encipherment" (the quick fix does).' },
  { code: 'usage-ca-leaf', severity: 'warning', why: 'Accepted and works, but a CA that is also a TLS leaf is a design mistake.', kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: 'A CA certificate should not carry leaf usages such as server auth or client auth.',
    details: 'A CA signs certificates; serving TLS with the CA key exposes it to every peer.',
    action: 'Remove the leaf usage and issue a separate leaf certificate.' },
  { code: 'usage-ca-cert-sign', severity: 'info', why: 'cert-manager adds "cert sign" itself: advice only.', kinds: ['Certificate', 'CertificateRequest'], checks: ['certificate', 'certificate-request'],
    summary: 'isCA without "cert sign" in usages: cert-manager adds it, but say it explicitly.',
    details: 'With explicit usages, listing `cert sign` keeps the manifest honest about what the certificate does. Not reported when a template prints part of the list.',
    action: 'Add "cert sign" (the quick fix does).' },
  { code: 'usage-server-auth-missing', severity: 'error', why: 'TLS clients (Go, OpenSSL, browsers) reject a server certificate whose extended key usages lack serverAuth: the handshake fails at run time.', kinds: ['Certificate', 'Service', ...WORKLOADS], checks: ['crossfile'],
    summary: 'A certificate served behind a Service needs "server auth" when usages list extended usages.',
    details: 'The certificate is mounted by pods that a Service selects, so it is served to clients; an explicit usage list without `server auth` makes clients refuse it.',
    action: 'Add "server auth" to usages (the quick fix does).' },
  { code: 'usage-client-auth-missing', severity: 'error', why: 'A server that verifies client certificates rejects one whose extended key usages lack clientAuth: the handshake fails at run time.', kinds: ['Certificate', ...WORKLOADS], checks: ['crossfile'],
    summary: 'A certificate a workload presents as a TLS client needs "client auth".',
    details: 'The workload dials HTTPS with its certificate (mTLS); with explicit usages lacking `client auth` the server refuses it.',
    action: 'Add "client auth" to usages (the quick fix does).' },
  { code: 'revision-history-limit', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'revisionHistoryLimit must be at least 1.',
    details: 'It is how many CertificateRequests cert-manager keeps.',
    action: 'Use 1 or more, or drop the field.' },
  { code: 'secret-template-annotation', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'secretTemplate annotations may not use the cert-manager.io/ prefix.',
    details: 'cert-manager owns those annotations on the Secret (only `cert-manager.io/allow-direct-injection` may be set).',
    action: 'Use your own annotation prefix.' },
  { code: 'name-constraints-not-ca', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'nameConstraints need isCA: true and permitted or excluded.',
    details: 'Name constraints restrict what a CA may sign, so they only exist on CA certificates.',
    action: 'Set `isCA: true` and list `permitted` or `excluded` names, or remove nameConstraints.' },
  { code: 'keystore-password', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'A keystore needs exactly one of password / passwordSecretRef, and a literal password may not be empty.',
    details: 'JKS and PKCS#12 keystores are encrypted with a password given literally or from a Secret, not both.',
    action: 'Keep `passwordSecretRef` (the password stays out of the manifest) or a non-empty `password`.' },
  { code: 'output-format-duplicate', severity: 'error', why: WEBHOOK, kinds: CERT, checks: ['certificate'],
    summary: 'additionalOutputFormats types must be unique.',
    details: 'Each of `DER` and `CombinedPEM` may appear once.',
    action: 'Remove the repeated entry.' },
  { code: 'issuer-type-count', severity: 'error', why: WEBHOOK, kinds: ['Issuer', 'ClusterIssuer'], checks: ['issuer'],
    summary: 'An Issuer/ClusterIssuer has exactly one of acme, ca, selfSigned, vault, venafi.',
    details: 'The issuer type decides how certificates are signed; none or several are rejected. Not reported when templates choose or print the type.',
    action: 'Keep exactly one issuer type.' },
  { code: 'issuer-ca-secret-required', severity: 'error', why: WEBHOOK, kinds: ['Issuer', 'ClusterIssuer'], checks: ['issuer'],
    summary: 'A CA issuer needs ca.secretName.',
    details: 'The Secret holds the CA\'s `tls.crt` and `tls.key`.',
    action: 'Set `ca.secretName` to the Secret of an `isCA: true` Certificate.' },
  { code: 'issuer-acme-fields', severity: 'error', why: WEBHOOK, kinds: ['Issuer', 'ClusterIssuer'], checks: ['issuer'],
    summary: 'ACME needs server and privateKeySecretRef.name; each solver exactly one of http01/dns01.',
    details: 'The ACME directory URL and the Secret for the account key are required.',
    action: 'Add `server` (e.g. Let\'s Encrypt\'s directory URL) and `privateKeySecretRef.name`; give each solver one challenge type.' },
  { code: 'issuer-vault-fields', severity: 'error', why: WEBHOOK, kinds: ['Issuer', 'ClusterIssuer'], checks: ['issuer'],
    summary: 'Vault needs server and path (no ".." segments) and one auth method.',
    details: 'cert-manager needs Vault\'s address, the PKI sign path and exactly one of the auth methods.',
    action: 'Set `server`, `path` (e.g. `pki/sign/my-role`) and one `auth` method.' },
  { code: 'request-required', severity: 'error', why: WEBHOOK, kinds: ['CertificateRequest'], checks: ['certificate-request'],
    summary: 'A CertificateRequest needs spec.request (a base64 CSR).',
    details: 'The request is the PEM CSR, base64-encoded. Placeholders such as `<base64-encoded-csr>` count as filled in later.',
    action: 'Put the base64 of the PEM CSR in `spec.request`, or use a Certificate and let cert-manager make the request.' },
  { code: 'issuer-not-found', severity: 'info', why: 'The issuer may well exist in the cluster (installed separately): the workspace cannot tell, so this is information only.', kinds: ['Certificate', 'CertificateRequest'], checks: ['crossfile'],
    summary: 'The issuer is not in the workspace (it may exist in the cluster).',
    details: 'No Issuer in the Certificate\'s namespace, or ClusterIssuer, of that name is defined in the files the linter sees.',
    action: 'Check the name, or ignore this if the issuer is installed elsewhere.' },
  { code: 'issuer-kind-mismatch', severity: 'warning', why: 'Accepted; the Certificate is never issued unless an issuer of the named kind exists in the cluster outside the workspace, which the workspace cannot tell: probably wrong.', kinds: ['Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'], checks: ['crossfile'],
    summary: 'issuerRef names an Issuer that exists only as a ClusterIssuer, or the other way round.',
    details: 'An empty kind means `Issuer`. cert-manager looks for exactly the kind named and reports "issuer not found" otherwise.',
    action: 'Set `issuerRef.kind` to the kind that exists (the quick fix does).' },
  { code: 'issuer-namespace-mismatch', severity: 'warning', why: 'Accepted; never issued unless an Issuer of that name also exists in the Certificate\'s namespace in the cluster: probably wrong.', kinds: ['Certificate', 'Issuer'], checks: ['crossfile'],
    summary: 'An Issuer is namespaced: the Certificate must be in the Issuer\'s namespace.',
    details: 'A Certificate can only use an Issuer of its own namespace; for issuers shared across namespaces use a ClusterIssuer.',
    action: 'Move the Certificate or the Issuer into one namespace, or make it a ClusterIssuer.' },
  { code: 'ca-secret-not-ca', severity: 'error', why: 'The CA issuer cannot sign with a non-CA certificate: issuance fails at run time (and peers would reject the chain).', kinds: ['Issuer', 'ClusterIssuer', 'Certificate'], checks: ['crossfile'],
    summary: 'A CA issuer\'s secretName must hold a CA: the Certificate producing it needs isCA: true.',
    details: 'The Secret named by `ca.secretName` is written by a Certificate without `isCA: true`.',
    action: 'Set `isCA: true` on the Certificate that produces the CA Secret.' },
  { code: 'ca-secret-not-produced', severity: 'info', why: 'The Secret may be created outside the workspace (by hand, by a secret manager): information only.', kinds: ['Issuer', 'ClusterIssuer'], checks: ['crossfile'],
    summary: 'Nothing in the workspace produces the CA issuer\'s Secret.',
    details: 'No Certificate or Secret in the workspace writes the Secret named by `ca.secretName` (for a ClusterIssuer, in cert-manager\'s namespace).',
    action: 'Add the CA Certificate (isCA: true, signed by a selfSigned issuer), or ignore this if the Secret is created elsewhere.' },
  { code: 'secret-not-produced', severity: 'info', why: 'The Secret may be created outside the workspace: information only (the pod would not start without it).', kinds: WORKLOADS, checks: ['crossfile'],
    summary: 'A workload mounts a Secret that no Certificate or Secret in the workspace produces.',
    details: 'The mounted Secret name matches no Certificate `secretName` and no Secret in the workspace.',
    action: 'Check the name against the Certificate\'s `secretName`.' },
  { code: 'secret-items-key', severity: 'error', why: 'The kubelet cannot mount an item the Secret does not have: the pod fails to start.', kinds: WORKLOADS, checks: ['crossfile'],
    summary: 'A TLS Secret from cert-manager has only the keys tls.crt, tls.key and ca.crt.',
    details: 'A volume `items` entry names a key that the Secret written by cert-manager does not have.',
    action: 'Use `tls.crt`, `tls.key` or `ca.crt` (and `path` to rename the file).' },
  { code: 'san-service-coverage', severity: 'warning', why: 'Accepted, and works for the names listed; clients using another form of the Service name will fail: probably wrong.', kinds: ['Certificate', 'Service', ...WORKLOADS, 'kubectl create secret tls after openssl x509 -req (scripts)'], checks: ['crossfile', 'pki'],
    summary: 'The certificate a Service\'s pods serve must cover the Service DNS names clients use.',
    details: 'For Service S in namespace N clients dial S, S.N, S.N.svc or S.N.svc.cluster.local; a name missing from dnsNames fails with "x509: certificate is valid for A, not B".',
    action: 'Add the missing names (the quick fix does).' },
  { code: 'san-dialed-host', severity: 'error', why: 'The client verifies the host name against the certificate: the handshake fails at run time.', kinds: ['Certificate', 'Service', ...WORKLOADS, 'code that dials https:// URLs'], checks: ['crossfile'],
    summary: 'A URL dials a host that the server certificate behind it does not name.',
    details: 'A workload\'s env or code dials `https://host:port`, and the certificate served behind that host does not list it.',
    action: 'Add the host to the server certificate\'s dnsNames, or dial a name it lists.' },
  { code: 'bundle-sources', severity: 'error', why: TRUST_WEBHOOK, kinds: ['Bundle'], checks: ['bundle'],
    summary: 'A trust-manager Bundle needs valid sources (one kind each, name or selector, key).',
    details: 'Each source has exactly one of configMap, secret, inLine, useDefaultCAs; a configMap/secret source needs exactly one of name/selector and a key (or includeAllKeys); useDefaultCAs at most once.',
    action: 'Fix the source as the message says.' },
  { code: 'bundle-target', severity: 'error', why: TRUST_WEBHOOK, kinds: ['Bundle'], checks: ['bundle'],
    summary: 'A trust-manager Bundle target needs configMap or secret.',
    details: 'The target says where the bundle is written in every (selected) namespace.',
    action: 'Add `target.configMap.key: ca-bundle.crt` (or a secret target).' },
  { code: 'csi-attribute', severity: 'error', why: 'csi-driver validates the attributes when mounting: the pod fails to start (ContainerCreating with a mount error).', kinds: WORKLOADS, checks: ['csi'],
    summary: 'csi-driver volumeAttributes: issuer-name required, booleans "true"/"false", Go durations.',
    details: 'csi.cert-manager.io volumes need `csi.cert-manager.io/issuer-name`; boolean attributes are the strings "true"/"false"; durations are Go durations.',
    action: 'Fix the attribute as the message says.' },
  { code: 'csi-attribute-unknown', severity: 'warning', why: 'csi-driver ignores attributes it does not know: accepted, but the setting has no effect (usually a typo).', kinds: WORKLOADS, checks: ['csi'],
    summary: 'A csi.cert-manager.io/ volume attribute that csi-driver does not know is ignored.',
    details: 'The attribute is not one of csi-driver\'s (issuer-name, dns-names, uri-sans, duration, ...), so it changes nothing.',
    action: 'Check the spelling (e.g. `dns-names`, not `dns-name`).' },
  { code: 'spiffe-id-invalid', severity: 'error', why: 'SPIRE, go-spiffe and spire-controller-manager reject malformed SPIFFE IDs and trust domains.', kinds: ['Certificate', 'ClusterSPIFFEID', 'spire-server entry create', ...SPIRE_CONF], checks: ['certificate-uris', 'cluster-spiffe-id', 'spire'],
    summary: 'SPIFFE IDs are spiffe://<trust domain>/<path> with go-spiffe\'s character rules.',
    details: 'The scheme is exactly `spiffe://`; the trust domain has lowercase letters, digits, `.`, `-`, `_` and no port; path segments have letters, digits, `.`, `-`, `_`, with no empty, `.` or `..` segment and no trailing `/`. `$VAR`, `${VAR}`, templates and `<placeholders>` are not checked.',
    action: 'Fix the ID as the message says.' },
  { code: 'spiffe-trust-domain-mismatch', severity: 'error', why: 'The agent cannot attest to a server of another trust domain: no workload gets an SVID.', kinds: SPIRE_CONF, checks: ['spire'],
    summary: 'SPIRE agent and server must use the same trust_domain.',
    details: 'The agent\'s `trust_domain` differs from its server\'s. Values set from environment variables (`-expandEnv`) or templates are unknown and not compared.',
    action: 'Use the server\'s trust domain in the agent configuration.' },
  { code: 'spiffe-outside-trust-domain', severity: 'error', why: 'SPIRE rejects registration entries outside its trust domain.', kinds: ['spire-server entry create'], checks: ['spire'],
    summary: 'A SPIFFE ID is outside the SPIRE server\'s trust domain.',
    details: 'The entry\'s SPIFFE ID or parent ID names another trust domain than the server\'s `trust_domain`.',
    action: 'Use the server\'s trust domain in the ID.' },
  { code: 'spire-svid-ttl', severity: 'warning', why: 'SPIRE starts, shortens the SVIDs and logs a warning: accepted but not what was asked.', kinds: SPIRE_CONF, checks: ['spire'],
    summary: 'SPIRE caps X.509 SVID TTL at min(ca_ttl / 6, 7 days).',
    details: 'With the default ca_ttl of 24h, SVIDs live at most 4h.',
    action: 'Raise ca_ttl to six times the SVID TTL, or lower the SVID TTL.' },
  { code: 'hcl-syntax', severity: 'error', why: 'SPIRE cannot parse its configuration and does not start.', kinds: SPIRE_CONF, checks: ['spire'],
    summary: 'The SPIRE configuration (HCL) cannot be parsed.',
    details: 'The server or agent configuration has an HCL syntax error. `$VAR`/`${VAR}` (for `-expandEnv`) are accepted as values, and configurations with Helm templates are checked only where they parse.',
    action: 'Fix the HCL at the position shown.' },
  { code: 'istio-principal', severity: 'warning', why: 'Istio accepts any non-empty string as a principal; one that is not <trust domain>/ns/<ns>/sa/<sa> never matches a SPIFFE identity, so the rule silently never applies.', kinds: ['AuthorizationPolicy'], checks: ['istio'],
    summary: 'Istio principals are <trust domain>/ns/<ns>/sa/<sa>, with "*" only as prefix, suffix or alone.',
    details: 'Principals omit `spiffe://`; `*` matches only as a whole value, a prefix or a suffix (in the middle it is a literal `*`).',
    action: 'Write `cluster.local/ns/<namespace>/sa/<service account>` (the quick fix removes `spiffe://`).' },
  { code: 'istio-principal-empty', severity: 'error', why: 'Istio\'s validation rejects empty values in principals: the policy is not applied.', kinds: ['AuthorizationPolicy'], checks: ['istio'],
    summary: 'An empty principal is rejected by Istio.',
    details: 'An empty string in `principals` or `notPrincipals` (often an unset variable) fails Istio\'s validation.',
    action: 'Remove the empty entry or fill it in.' },
  { code: 'duplicate-object', severity: 'warning', why: 'kubectl applies both; the later one silently wins: accepted but probably a mistake.', kinds: ['any object'], checks: ['crossfile'],
    summary: 'The same object (kind, namespace, name) is defined twice in one folder: kubectl apply -f applies both and the later one silently wins.',
    details: 'Two documents in one folder define the same object; only one survives `kubectl apply -f <folder>`.',
    action: 'Remove one copy or rename it.' },
  { code: 'istio-mtls-mode', severity: 'error', why: 'The PeerAuthentication schema has an enum for the mode: the API server rejects other values.', kinds: ['PeerAuthentication'], checks: ['istio'],
    summary: 'PeerAuthentication mtls.mode is UNSET, DISABLE, PERMISSIVE or STRICT.',
    details: 'The modes are uppercase.',
    action: 'Write one of the four modes (the quick fix corrects the case).' },
];

// ---- h14 (issue 14): the CA you run yourself: openssl, Vault PKI, Terraform ---------------------
const OPENSSL = ['shell scripts (openssl commands, heredocs)', 'openssl config and extension files (*.cnf, *.ext, openssl*.conf)'];
const TLS_TF = ['Terraform tls_* resources'];
const VAULT = ['vault write lines in scripts', 'Terraform vault_pki_secret_backend_role/_cert', 'Vault Agent / Consul Template pkiCert and secret calls', 'Issuer', 'ClusterIssuer', 'Certificate'];
const VAULT_SIGN = 'Vault refuses to sign: the request fails (cert-manager reports the Vault error and the Certificate never becomes Ready).';

RULES.push(
  { code: 'openssl-weak-key', severity: 'warning', why: 'openssl makes the key; OpenSSL at security level 2 (Debian, Ubuntu, RHEL defaults) refuses it in TLS, other stacks accept it: probably wrong, not always fatal.', kinds: [...OPENSSL, ...TLS_TF], checks: ['pki'],
    summary: 'An RSA key under 2048 bits (genrsa 1024, -newkey rsa:1024, default_bits, rsa_bits) or an EC curve under 256 bits is weak.',
    details: 'RSA keys under 2048 bits can be factored with modest means, and OpenSSL 1.1.1+ at security level 2 (the default on Debian, Ubuntu and RHEL) refuses them in a handshake ("ee key too small"). Curves under 256 bits are not offered by Go or current TLS libraries.',
    action: 'Use 2048 or more for RSA (genrsa 2048, -newkey rsa:2048) or EC P-256 (-newkey ec -pkeyopt ec_paramgen_curve:P-256); the quick fix sets 2048 in configs.' },
  { code: 'openssl-weak-digest', severity: 'error', why: 'Go refuses SHA-1 and MD5 certificate signatures ("x509: insecure algorithm"), as do browsers and OpenSSL at security level 1+: the handshake fails.', kinds: OPENSSL, checks: ['pki'],
    summary: 'A certificate signed with SHA-1 or MD5 (-sha1, -md5, -md sha1, default_md = sha1) is refused by current clients.',
    details: 'Only where a certificate is signed (openssl x509 -req, req -x509, ca, and a config\'s default_md): a CSR\'s own signature is replaced by the CA\'s and is not reported.',
    action: 'Sign with -sha256 (or default_md = sha256; the quick fix changes it).' },
  { code: 'openssl-leaf-is-ca', severity: 'warning', why: 'openssl makes the certificate and Go accepts it as a server certificate, but it can sign others and Firefox and strict verifiers refuse a CA as a leaf: probably wrong.', kinds: OPENSSL, checks: ['pki'],
    summary: 'An extensions section for a leaf (serverAuth/clientAuth EKU or DNS/IP SANs) says basicConstraints = CA:TRUE.',
    details: 'A certificate with CA:TRUE can issue certificates for any name its chain allows: a service key that leaks becomes a CA key. Firefox refuses CA certificates as server certificates (SEC_ERROR_INADEQUATE_CERT_TYPE).',
    action: 'Write basicConstraints = CA:FALSE in leaf sections (the quick fix does); keep CA:TRUE for the CA\'s own section.' },
  { code: 'openssl-cn-only', severity: 'warning', why: 'openssl signs it; Go (1.15+), browsers and most TLS clients then refuse it for a server, while it still works as a client certificate: probably wrong.', kinds: [...OPENSSL, ...TLS_TF], checks: ['pki'],
    summary: 'A leaf certificate with no subjectAltName names its host only in the CN, which Go and browsers ignore.',
    details: 'openssl x509 -req without -extfile (or with an extension section without subjectAltName) signs a certificate without SANs; clients that verify host names fail with "x509: certificate relies on legacy Common Name field, use SANs instead". Not reported for CA sections, client-only EKU, -copy_extensions, or configs the workspace does not have.',
    action: 'Add subjectAltName = DNS:<name> (or @alt_names) to the extensions and pass -extfile/-extensions.' },
  { code: 'openssl-san-syntax', severity: 'error', why: 'openssl stops on a bad IP or a missing @section; a DNS entry with a scheme, port or space can never match a host: the handshake fails.', kinds: OPENSSL, checks: ['pki'],
    summary: 'A subjectAltName entry is malformed: DNS.n must be a host name, IP.n an address, @section must exist.',
    details: 'DNS entries are bare host names (no https://, no :port, no spaces, labels of letters, digits, "-", with an optional leading "*."); an IP address belongs in IP.n; IP.n must parse as IPv4 or IPv6. Values with $variables are not known and not checked.',
    action: 'Fix the entry as the message says (e.g. DNS.1 = api.example.com, IP.1 = 10.0.0.1).' },
  { code: 'openssl-obsolete-extension', severity: 'info', why: 'Accepted by openssl and ignored by Go and openssl verifiers: harmless, but it does not do what it seems to.', kinds: OPENSSL, checks: ['pki'],
    summary: 'nsCertType and nsComment are obsolete Netscape extensions; verifiers read extendedKeyUsage.',
    details: 'Netscape Cert Type said what a certificate is for before extendedKeyUsage existed; current verifiers ignore it, so it restricts nothing.',
    action: 'Remove the line (the quick fix does) and keep extendedKeyUsage = serverAuth, clientAuth.' },
  { code: 'openssl-leaf-outlives-ca', severity: 'warning', why: 'openssl signs it, and it works until the CA expires; then every client refuses it although its own dates are valid: probably not intended.', kinds: OPENSSL, checks: ['pki'],
    summary: 'A leaf signed with -days longer than its CA certificate\'s -days outlives the CA.',
    details: 'openssl x509 -req -CA ca.crt -days N does not cap the leaf at the CA\'s notAfter. When the CA expires, chains through it fail.',
    action: 'Sign leaves for at most the CA\'s remaining lifetime, or make the CA longer-lived.' },
  { code: 'vault-role-denies-name', severity: 'error', why: VAULT_SIGN, kinds: VAULT, checks: ['pki'],
    summary: 'A name a request or Certificate asks for is not admitted by the Vault role (allowed_domains and the allow_* options).',
    details: 'Vault admits a name when allow_any_name is on, or it equals an allowed domain with allow_bare_domains, or lies below one with allow_subdomains, or matches a glob with allow_glob_domains, or is localhost with allow_localhost; enforce_hostnames refuses what is not a host name; IP SANs need allow_ip_sans, URI SANs allowed_uri_sans. Roles from vault write lines and Terraform are compared with issue requests, Vault Agent templates and the Certificates of cert-manager Vault issuers whose path is <mount>/sign/<role>.',
    action: 'Admit the name in the role (add the domain, allow_subdomains=true or allow_bare_domains=true) or request a name the role allows.' },
  { code: 'vault-require-cn', severity: 'error', why: VAULT_SIGN, kinds: VAULT, checks: ['pki'],
    summary: 'The role requires a common name (require_cn defaults to true) but the request or Certificate has none.',
    details: 'cert-manager Certificates often list only dnsNames; Vault then fails with "the common_name field is required". cert-manager\'s Vault documentation sets require_cn=false on the role.',
    action: 'Set require_cn=false on the role, or add commonName to the Certificate (common_name= to the request).' },
  { code: 'vault-ttl-exceeds-max', severity: 'warning', why: 'Vault accepts the request and silently issues a shorter certificate: accepted, but not what was asked.', kinds: [...VAULT, 'vault secrets tune -max-lease-ttl'], checks: ['pki'],
    summary: 'A requested ttl, a Certificate duration or a role max_ttl exceeds what the role and mount allow; Vault shortens the certificate.',
    details: 'Vault caps a certificate at the role\'s max_ttl and the mount\'s max lease TTL (vault secrets tune -max-lease-ttl, or max_lease_ttl_seconds in Terraform). cert-manager then gets a certificate shorter than duration and renews on the real lifetime. Only compared where the workspace sets the limits.',
    action: 'Request at most the cap, or raise the role\'s max_ttl and the mount\'s max lease TTL.' },
  { code: 'vault-renew-before-exceeds-ttl', severity: 'error', why: 'cert-manager finds the certificate due for renewal as soon as it is issued and re-issues it in a loop (cert-manager#3396, #7157): it never settles.', kinds: ['Certificate', 'Issuer', 'ClusterIssuer', 'Vault roles'], checks: ['pki'],
    summary: 'renewBefore is not shorter than the lifetime Vault really issues (the role\'s max_ttl or the mount\'s cap, below duration).',
    details: 'Vault truncates the certificate to its cap; with renewBefore at or above that real lifetime, cert-manager renews immediately, over and over.',
    action: 'Set renewBefore well below the cap (a third of it), or raise the role\'s max_ttl to cover duration.' },
  { code: 'vault-client-flag-missing', severity: 'error', why: 'The certificate has no clientAuth EKU, so servers refuse it as a client certificate: the mTLS handshake fails.', kinds: ['Certificate', 'Vault roles'], checks: ['pki'],
    summary: 'A Certificate asks for "client auth" through a Vault role with client_flag=false.',
    details: 'Vault decides the EKU from the role\'s server_flag and client_flag; the CSR\'s own EKU does not add to them.',
    action: 'Set client_flag=true on the role (it is the default).' },
  { code: 'vault-server-flag-missing', severity: 'error', why: 'The certificate has no serverAuth EKU, so clients refuse it as a server certificate: the handshake fails.', kinds: ['Certificate', 'Vault roles'], checks: ['pki'],
    summary: 'A Certificate asks for "server auth" through a Vault role with server_flag=false.',
    details: 'Vault decides the EKU from the role\'s server_flag and client_flag; the CSR\'s own EKU does not add to them.',
    action: 'Set server_flag=true on the role (it is the default).' },
  { code: 'vault-key-type-mismatch', severity: 'error', why: VAULT_SIGN, kinds: ['Certificate', 'Vault roles'], checks: ['pki'],
    summary: 'The Certificate\'s private key does not fit the role\'s key_type/key_bits (rsa 2048 by default).',
    details: 'Vault\'s sign endpoint refuses a CSR whose key type differs from key_type ("role requires keys of type rsa") or has fewer bits than key_bits. cert-manager\'s default key is RSA 2048; an ECDSA Certificate needs key_type=ec (or any).',
    action: 'Set privateKey.algorithm/size to match the role, or set key_type=ec (or any) and key_bits on the role.' },
);

/** Rules by code. */
export const RULE_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));

/** Hover text for a finding of `code`: the summary, the explanation and what to do. */
export function ruleHover(code: string): string | undefined {
  const r = RULE_BY_CODE.get(code);
  if (!r) return undefined;
  return `\`certwright(${code})\`: ${r.summary}\n\n${r.details}\n\n**What to do:** ${r.action}\n\n*${r.severity}:* ${r.why}`;
}

/** The README's rule table (between `<!-- rules-table:start -->` and `<!-- rules-table:end -->`). */
export function rulesTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = RULES.map((r) => `| \`${r.code}\` | ${r.severity} | ${cell(r.kinds.join(', '))} | ${cell(r.summary)} ${cell(r.action)} | ${cell(r.why)} |`);
  return ['| Code | Severity | Applies to | What and what to do | Why this severity |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
