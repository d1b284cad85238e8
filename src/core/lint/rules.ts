// Every lint rule: a stable code, a severity, and the explanation hovers and docs show.
import type { Node } from 'yaml';
import type { Severity } from '../diagnostics';
import { Fix, LintFinding, Manifest, ParsedFile, range } from './model';

export interface RuleInfo { severity: Severity; summary: string }

export const LINT_RULES: Record<string, RuleInfo> = {
  'yaml-syntax': { severity: 'error', summary: 'The YAML cannot be parsed; kubectl would reject the file.' },
  'secret-name-required': { severity: 'error', summary: 'cert-manager requires spec.secretName: the Secret the certificate and key are written to.' },
  'secret-name-invalid': { severity: 'error', summary: 'spec.secretName must be an RFC 1123 subdomain (lowercase letters, digits, "-" and ".").' },
  'issuer-ref-required': { severity: 'error', summary: 'cert-manager requires spec.issuerRef.name.' },
  'issuer-kind-invalid': { severity: 'error', summary: 'For cert-manager.io issuers, issuerRef.kind must be Issuer or ClusterIssuer.' },
  'no-identity': { severity: 'error', summary: 'A Certificate needs at least one of commonName, dnsNames, uris, emailAddresses, ipAddresses or otherNames.' },
  'common-name-too-long': { severity: 'error', summary: 'commonName is limited to 64 bytes (X.509 upper bound).' },
  'dns-name-invalid': { severity: 'error', summary: 'A DNS name with a label over 63 characters, or characters a hostname cannot have, can never match.' },
  'ip-invalid': { severity: 'error', summary: 'ipAddresses entries must be IPv4 or IPv6 addresses.' },
  'email-invalid': { severity: 'error', summary: 'emailAddresses entries must be bare addresses (no display name).' },
  'literal-subject-conflict': { severity: 'error', summary: 'literalSubject cannot be combined with commonName or subject.' },
  'key-algorithm-invalid': { severity: 'error', summary: 'privateKey.algorithm is RSA, ECDSA or Ed25519.' },
  'key-size-invalid': { severity: 'error', summary: 'RSA sizes are 2048..8192; ECDSA sizes 256, 384 or 521.' },
  'key-encoding-invalid': { severity: 'error', summary: 'privateKey.encoding is PKCS1 or PKCS8.' },
  'rotation-policy-invalid': { severity: 'error', summary: 'privateKey.rotationPolicy is Never or Always.' },
  'signature-algorithm-mismatch': { severity: 'error', summary: 'signatureAlgorithm must fit the key algorithm.' },
  'duration-syntax': { severity: 'error', summary: 'Durations use Go syntax (h, m, s): "90d" is rejected; use "2160h".' },
  'duration-too-short': { severity: 'error', summary: 'cert-manager requires duration of at least 1h.' },
  'renew-before-too-short': { severity: 'error', summary: 'cert-manager requires renewBefore of at least 5m.' },
  'renew-before-not-below-duration': { severity: 'error', summary: 'renewBefore must be less than duration, or the certificate renews in a loop.' },
  'renew-before-exclusive': { severity: 'error', summary: 'renewBefore and renewBeforePercentage are mutually exclusive.' },
  'renew-percentage-range': { severity: 'error', summary: 'renewBeforePercentage must be between 1 and 99.' },
  'usage-invalid': { severity: 'error', summary: 'usages must be cert-manager usage words such as "server auth".' },
  'usage-key-encipherment-ecdsa': { severity: 'warning', summary: '"key encipherment" has no meaning for ECDSA and Ed25519 keys (they cannot encrypt).' },
  'usage-ca-leaf': { severity: 'warning', summary: 'A CA certificate should not carry leaf usages such as server auth or client auth.' },
  'usage-ca-cert-sign': { severity: 'info', summary: 'isCA without "cert sign" in usages: cert-manager adds it, but say it explicitly.' },
  'usage-server-auth-missing': { severity: 'error', summary: 'A certificate served behind a Service needs "server auth" when usages list extended usages.' },
  'usage-client-auth-missing': { severity: 'error', summary: 'A certificate a workload presents as a TLS client needs "client auth".' },
  'revision-history-limit': { severity: 'error', summary: 'revisionHistoryLimit must be at least 1.' },
  'secret-template-annotation': { severity: 'error', summary: 'secretTemplate annotations may not use the cert-manager.io/ prefix.' },
  'name-constraints-not-ca': { severity: 'error', summary: 'nameConstraints need isCA: true and permitted or excluded.' },
  'keystore-password': { severity: 'error', summary: 'A keystore needs exactly one of password / passwordSecretRef, and a literal password may not be empty.' },
  'output-format-duplicate': { severity: 'error', summary: 'additionalOutputFormats types must be unique.' },
  'issuer-type-count': { severity: 'error', summary: 'An Issuer/ClusterIssuer has exactly one of acme, ca, selfSigned, vault, venafi.' },
  'issuer-ca-secret-required': { severity: 'error', summary: 'A CA issuer needs ca.secretName.' },
  'issuer-acme-fields': { severity: 'error', summary: 'ACME needs server and privateKeySecretRef.name; each solver exactly one of http01/dns01.' },
  'issuer-vault-fields': { severity: 'error', summary: 'Vault needs server and path (no ".." segments) and one auth method.' },
  'request-required': { severity: 'error', summary: 'A CertificateRequest needs spec.request (a base64 CSR).' },
  'issuer-not-found': { severity: 'hint', summary: 'The issuer is not in the workspace (it may exist in the cluster).' },
  'issuer-kind-mismatch': { severity: 'error', summary: 'issuerRef names an Issuer that exists only as a ClusterIssuer, or the other way round.' },
  'issuer-namespace-mismatch': { severity: 'error', summary: 'An Issuer is namespaced: the Certificate must be in the Issuer\'s namespace.' },
  'ca-secret-not-ca': { severity: 'error', summary: 'A CA issuer\'s secretName must hold a CA: the Certificate producing it needs isCA: true.' },
  'ca-secret-not-produced': { severity: 'hint', summary: 'Nothing in the workspace produces the CA issuer\'s Secret.' },
  'secret-not-produced': { severity: 'info', summary: 'A workload mounts a Secret that no Certificate or Secret in the workspace produces.' },
  'secret-items-key': { severity: 'error', summary: 'A TLS Secret from cert-manager has only the keys tls.crt, tls.key and ca.crt.' },
  'san-service-coverage': { severity: 'warning', summary: 'The certificate a Service\'s pods serve must cover the Service DNS names clients use.' },
  'san-dialed-host': { severity: 'error', summary: 'A URL dials a host that the server certificate behind it does not name.' },
  'bundle-sources': { severity: 'error', summary: 'A trust-manager Bundle needs valid sources (one kind each, name or selector, key).' },
  'bundle-target': { severity: 'error', summary: 'A trust-manager Bundle target needs configMap or secret.' },
  'csi-attribute': { severity: 'error', summary: 'csi-driver volumeAttributes: known keys, issuer-name required, booleans "true"/"false", Go durations.' },
  'spiffe-id-invalid': { severity: 'error', summary: 'SPIFFE IDs are spiffe://<trust domain>/<path> with go-spiffe\'s character rules.' },
  'spiffe-trust-domain-mismatch': { severity: 'error', summary: 'SPIRE agent and server must use the same trust_domain.' },
  'spiffe-outside-trust-domain': { severity: 'error', summary: 'A SPIFFE ID is outside the SPIRE server\'s trust domain.' },
  'spire-svid-ttl': { severity: 'warning', summary: 'SPIRE caps X.509 SVID TTL at min(ca_ttl / 6, 7 days).' },
  'hcl-syntax': { severity: 'error', summary: 'The SPIRE configuration (HCL) cannot be parsed.' },
  'istio-principal': { severity: 'error', summary: 'Istio principals are <trust domain>/ns/<ns>/sa/<sa>, with "*" only as prefix, suffix or alone.' },
  'duplicate-object': { severity: 'warning', summary: 'The same object (kind, namespace, name) is defined twice in one folder: kubectl apply -f applies both and the later one silently wins.' },
  'istio-mtls-mode': { severity: 'error', summary: 'PeerAuthentication mtls.mode is UNSET, DISABLE, PERMISSIVE or STRICT.' },
};

/** Collects findings for one lint run. */
export class Reporter {
  readonly findings: LintFinding[] = [];

  at(file: ParsedFile | { path: string }, start: number, end: number, code: string, message: string, fixes?: Fix[]): void {
    const info = LINT_RULES[code];
    if (!info) throw new Error(`unknown rule ${code}`);
    this.findings.push({ file: file.path, start, end: Math.max(end, start), severity: info.severity, code, message, fixes });
  }

  node(m: Manifest, node: Node | undefined, code: string, message: string, fixes?: Fix[]): void {
    const [s, e] = node ? range(node) : keyRangeOfObject(m);
    this.at(m.file, s, e, code, message, fixes);
  }
}

/** The `kind:` value range, where object-level findings point when no field exists. */
export function keyRangeOfObject(m: Manifest): [number, number] {
  const kind = m.root.items.find((p) => (p.key as { value?: unknown })?.value === 'kind');
  const v = kind?.value as Node | undefined;
  return v ? range(v) : range(m.root);
}

/** Moves findings (and their fixes' edits in the same file) by `delta` characters. */
export function shiftFindings(findings: LintFinding[], delta: number): void {
  if (!delta) return;
  for (const f of findings) {
    f.start += delta;
    f.end += delta;
    for (const fix of f.fixes ?? []) for (const e of fix.edits) if (e.file === f.file) { e.start += delta; e.end += delta; }
  }
}
