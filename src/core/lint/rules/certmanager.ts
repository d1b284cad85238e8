// cert-manager webhook parity: Certificate, CertificateRequest, Issuer and ClusterIssuer.
import type { Node } from 'yaml';
import { parseGoDuration } from '../durations';
import { appendSeqItems, deleteItemLine, replaceScalar } from '../edits';
import { bool, entries, get, has, hasTemplatedEntries, items, keyNode, Manifest, mayBeTemplated, num, str, strings, isUnknown } from '../model';
import type { Reporter } from '../rules';

export const USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
];
export const EKU_USAGES = new Set(['any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc']);

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isCertManager(m: Manifest): boolean {
  return !!m.apiVersion?.startsWith('cert-manager.io/');
}

export function isIp(s: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s)) return true;
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g) && !/^\d+\.\d+\.\d+\.\d+$/.test(g))) return false;
  return dbl.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** Nearest usage word: "serverAuth" / "server-auth" / "ServerAuth" -> "server auth". */
export function nearestUsage(word: string): string | undefined {
  const norm = word.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase().trim().replace(/\s+/g, ' ');
  if (USAGES.includes(norm)) return norm;
  const squash = norm.replace(/\s/g, '');
  return USAGES.find((u) => u.replace(/\s/g, '') === squash);
}

/** Checks a duration field; returns its milliseconds when valid and known. */
export function durationField(r: Reporter, m: Manifest, node: Node | undefined, field: string): number | undefined {
  if (!node || isUnknown(m.file, node)) return undefined;
  const text = str(node);
  if (text === undefined) return undefined;
  const d = parseGoDuration(text);
  if (d.ok) return d.ms;
  r.node(m, node, 'duration-syntax', `${field}: ${d.error}. cert-manager uses Go durations (h, m, s)${d.suggestion ? `: write "${d.suggestion}"` : ''}.`,
    d.suggestion ? [{ title: `Change to ${d.suggestion}`, edits: [replaceScalar(m.file, node, d.suggestion)] }] : undefined);
  return undefined;
}

export function keyAlgorithm(spec: Node | undefined): string {
  const a = str(get(spec, 'privateKey', 'algorithm'));
  return a ?? 'RSA';
}

/** Usage words: unknown words, key encipherment with EC keys, CA with leaf usages. */
export function checkUsages(r: Reporter, m: Manifest, spec: Node | undefined, algorithm: string, isCA: boolean): void {
  const usagesNode = get(spec, 'usages');
  const all = strings(usagesNode);
  const list = all.filter((u) => !isUnknown(m.file, u.node));
  // Templated items or entries printed by a template: the full list is not known.
  const complete = list.length === all.length && list.length === items(usagesNode).length && !hasTemplatedEntries(m.file, usagesNode);
  for (const u of list) {
    if (!USAGES.includes(u.value)) {
      const near = nearestUsage(u.value);
      r.node(m, u.node, 'usage-invalid', `"${u.value}" is not a cert-manager usage${near ? `: did you mean "${near}"?` : `. Valid: ${USAGES.join(', ')}.`}`,
        near ? [{ title: `Change to "${near}"`, edits: [replaceScalar(m.file, u.node, near)] }] : undefined);
    }
  }
  const words = new Set(list.map((u) => u.value));
  if ((algorithm === 'ECDSA' || algorithm === 'Ed25519') && words.has('key encipherment')) {
    const n = list.find((u) => u.value === 'key encipherment')!.node;
    r.node(m, n, 'usage-key-encipherment-ecdsa', `"key encipherment" has no meaning for ${algorithm} keys: they sign, they cannot encrypt. Go and OpenSSL ignore it at best; remove it.`,
      [{ title: 'Remove "key encipherment"', edits: [deleteItemLine(m.file, n)] }]);
  }
  if (isCA) {
    // Linkerd's identity issuer is a CA whose documented usages include server and client auth:
    // its extended key usages must contain the proxies' (h15, rules/mesh-ca.ts checks it).
    const linkerdIssuer = str(get(spec, 'secretName')) === 'linkerd-identity-issuer';
    for (const u of linkerdIssuer ? [] : list) {
      if (u.value === 'server auth' || u.value === 'client auth') {
        r.node(m, u.node, 'usage-ca-leaf', `A CA certificate with "${u.value}": CAs sign certificates; issue a separate leaf certificate for TLS.`,
          [{ title: `Remove "${u.value}"`, edits: [deleteItemLine(m.file, u.node)] }]);
      }
    }
    if (list.length && complete && !words.has('cert sign')) {
      const fix = appendSeqItems(m.file, spec!, 'usages', ['cert sign']);
      r.node(m, keyNode(spec, 'usages'), 'usage-ca-cert-sign', `isCA: true but usages do not list "cert sign": cert-manager adds it, but listing it keeps the manifest honest.`,
        fix ? [{ title: 'Add "cert sign"', edits: [fix] }] : undefined);
    }
  }
}

export function checkCertificate(r: Reporter, m: Manifest): void {
  const spec = get(m.root, 'spec');
  const partial = m.partial;
  const secret = get(spec, 'secretName');
  if (!partial && !secret && !mayBeTemplated(m, 'spec', 'secretName')) r.node(m, keyNode(m.root, 'spec'), 'secret-name-required', 'spec.secretName is required: name the Secret cert-manager writes tls.crt, tls.key and ca.crt into.');
  else if (secret && !isUnknown(m.file, secret)) {
    const v = str(secret) ?? '';
    if (!SUBDOMAIN.test(v) || v.length > 253) r.node(m, secret, 'secret-name-invalid', `secretName "${v}" is not a valid Secret name: use lowercase letters, digits, "-" and "."`);
  }
  const ref = get(spec, 'issuerRef');
  if (!partial && !str(get(ref, 'name')) && !mayBeTemplated(m, 'spec', 'issuerRef', 'name')) {
    r.node(m, ref ? keyNode(spec, 'issuerRef') : keyNode(m.root, 'spec'), 'issuer-ref-required', 'spec.issuerRef.name is required: which Issuer or ClusterIssuer signs this certificate?');
  }
  checkIssuerKind(r, m, ref);
  const literal = get(spec, 'literalSubject');
  if (!partial) {
    const hasCN = !!str(get(spec, 'commonName')) || /(^|,)\s*CN=/.test(str(literal) ?? '');
    const any = hasCN || ['dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].some((k) => items(get(spec, k)).length > 0)
      || ['commonName', 'literalSubject', 'dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].some((k) => mayBeTemplated(m, 'spec', k));
    if (!any) r.node(m, keyNode(m.root, 'spec'), 'no-identity', 'The Certificate names nobody: set commonName or at least one of dnsNames, uris, emailAddresses, ipAddresses, otherNames.');
  }
  const cn = get(spec, 'commonName');
  if (str(cn) && new TextEncoder().encode(str(cn)!).length > 64 && !isUnknown(m.file, cn)) {
    r.node(m, cn, 'common-name-too-long', `commonName is ${new TextEncoder().encode(str(cn)!).length} bytes; X.509 allows 64. Put long names in dnsNames.`);
  }
  if (literal && (cn || get(spec, 'subject')) && !hasTemplatedEntries(m.file, spec)) r.node(m, keyNode(spec, 'literalSubject'), 'literal-subject-conflict', 'literalSubject cannot be combined with commonName or subject: cert-manager rejects it.');
  for (const d of strings(get(spec, 'dnsNames'))) {
    if (isUnknown(m.file, d.node)) continue;
    const bad = d.value.split('.').find((l) => l.length > 63);
    if (bad) r.node(m, d.node, 'dns-name-invalid', `DNS label "${bad.slice(0, 20)}…" is ${bad.length} characters; the limit is 63, so no hostname can match.`);
    else if (!/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(d.value)) {
      r.node(m, d.node, 'dns-name-invalid', `"${d.value}" is not a DNS name${/:\/\//.test(d.value) ? ': put URLs in uris' : /^\d+\.\d+\.\d+\.\d+$/.test(d.value) ? ': put IP addresses in ipAddresses' : ''}.`);
    }
  }
  for (const ip of strings(get(spec, 'ipAddresses'))) {
    if (!isUnknown(m.file, ip.node) && !isIp(ip.value)) r.node(m, ip.node, 'ip-invalid', `"${ip.value}" is not an IP address.`);
  }
  for (const e of strings(get(spec, 'emailAddresses'))) {
    if (!isUnknown(m.file, e.node) && !/^[^\s@<>]+@[^\s@<>]+$/.test(e.value)) r.node(m, e.node, 'email-invalid', `"${e.value}" is not a bare email address.`);
  }
  // Private key.
  const pk = get(spec, 'privateKey');
  const alg = get(pk, 'algorithm');
  const algorithm = str(alg) ?? 'RSA';
  if (alg && !isUnknown(m.file, alg) && !['RSA', 'ECDSA', 'Ed25519'].includes(algorithm)) {
    const fixed = ['RSA', 'ECDSA', 'Ed25519'].find((a) => a.toLowerCase() === algorithm.toLowerCase());
    r.node(m, alg, 'key-algorithm-invalid', `privateKey.algorithm "${algorithm}" is not RSA, ECDSA or Ed25519 (case matters).`, fixed ? [{ title: `Change to ${fixed}`, edits: [replaceScalar(m.file, alg, fixed)] }] : undefined);
  }
  const size = get(pk, 'size');
  const sz = num(size);
  if (size && sz !== undefined && !isUnknown(m.file, size)) {
    if (algorithm === 'RSA' && sz !== 0 && (sz < 2048 || sz > 8192)) r.node(m, size, 'key-size-invalid', `RSA key size ${sz} is outside 2048..8192.`);
    if (algorithm === 'ECDSA' && ![0, 256, 384, 521].includes(sz)) r.node(m, size, 'key-size-invalid', `ECDSA key size ${sz} is not 256, 384 or 521.`, [{ title: 'Change to 256', edits: [replaceScalar(m.file, size, '256')] }]);
  }
  const enc = get(pk, 'encoding');
  if (enc && !isUnknown(m.file, enc) && !['PKCS1', 'PKCS8'].includes(str(enc) ?? '')) r.node(m, enc, 'key-encoding-invalid', `privateKey.encoding "${str(enc)}" is not PKCS1 or PKCS8.`);
  const rot = get(pk, 'rotationPolicy');
  if (rot && !isUnknown(m.file, rot) && !['Never', 'Always'].includes(str(rot) ?? '')) r.node(m, rot, 'rotation-policy-invalid', `privateKey.rotationPolicy "${str(rot)}" is not Never or Always.`);
  const sig = get(spec, 'signatureAlgorithm');
  if (sig && !isUnknown(m.file, sig)) {
    const allowed: Record<string, string[]> = { RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'], ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'], Ed25519: ['PureEd25519'] };
    const ok = allowed[algorithm];
    if (ok && !ok.includes(str(sig) ?? '')) r.node(m, sig, 'signature-algorithm-mismatch', `signatureAlgorithm "${str(sig)}" does not fit a ${algorithm} key: use ${ok.join(', ')}.`);
  }
  // Durations.
  const durNode = get(spec, 'duration');
  const rbNode = get(spec, 'renewBefore');
  const pctNode = get(spec, 'renewBeforePercentage');
  const dur = durationField(r, m, durNode, 'duration');
  const rb = durationField(r, m, rbNode, 'renewBefore');
  if (dur !== undefined && dur < 3_600_000) r.node(m, durNode, 'duration-too-short', `duration ${str(durNode)} is below cert-manager's minimum of 1h.`, [{ title: 'Change to 1h', edits: [replaceScalar(m.file, durNode!, '1h')] }]);
  if (rb !== undefined && rb < 300_000) r.node(m, rbNode, 'renew-before-too-short', `renewBefore ${str(rbNode)} is below cert-manager's minimum of 5m.`);
  const effectiveDur = dur ?? (durNode || mayBeTemplated(m, 'spec', 'duration') ? undefined : 2160 * 3_600_000);
  if (rb !== undefined && effectiveDur !== undefined && rb >= effectiveDur) {
    const third = Math.floor(effectiveDur / 3 / 3_600_000);
    r.node(m, rbNode, 'renew-before-not-below-duration', `renewBefore (${str(rbNode)}) is not below duration (${str(durNode) ?? '2160h, the default'}): the certificate would be renewed immediately, in a loop.`,
      third >= 1 ? [{ title: `Change to ${third}h (a third of the duration)`, edits: [replaceScalar(m.file, rbNode!, `${third}h`)] }] : undefined);
  }
  if (rbNode && pctNode && !hasTemplatedEntries(m.file, spec)) r.node(m, pctNode, 'renew-before-exclusive', 'renewBefore and renewBeforePercentage are mutually exclusive: keep one.');
  const pct = num(pctNode);
  if (pctNode && pct !== undefined && !isUnknown(m.file, pctNode) && (pct <= 0 || pct >= 100)) r.node(m, pctNode, 'renew-percentage-range', `renewBeforePercentage ${pct} must be between 1 and 99.`);
  const isCA = bool(get(spec, 'isCA')) === true;
  checkUsages(r, m, spec, algorithm, isCA);
  const rhl = get(spec, 'revisionHistoryLimit');
  if (rhl && num(rhl) !== undefined && !isUnknown(m.file, rhl) && num(rhl)! < 1) r.node(m, rhl, 'revision-history-limit', 'revisionHistoryLimit must be at least 1.');
  for (const a of entries(get(spec, 'secretTemplate', 'annotations'))) {
    if (a.key.startsWith('cert-manager.io/') && a.key !== 'cert-manager.io/allow-direct-injection') r.node(m, a.keyNode, 'secret-template-annotation', `secretTemplate annotation "${a.key}" uses the reserved cert-manager.io/ prefix.`);
  }
  const nc = get(spec, 'nameConstraints');
  if (nc && !mayBeTemplated(m, 'spec', 'isCA') && !mayBeTemplated(m, 'spec', 'nameConstraints', 'permitted') && (!isCA || (!has(nc, 'permitted') && !has(nc, 'excluded')))) {
    r.node(m, keyNode(spec, 'nameConstraints'), 'name-constraints-not-ca', !isCA ? 'nameConstraints only apply to CA certificates: set isCA: true.' : 'nameConstraints need permitted or excluded.');
  }
  for (const ks of ['jks', 'pkcs12']) {
    const k = get(spec, 'keystores', ks);
    if (!k || hasTemplatedEntries(m.file, k) || mayBeTemplated(m, 'spec', 'keystores', ks, 'password')) continue;
    const hasPw = has(k, 'password');
    const hasRef = has(k, 'passwordSecretRef');
    if (hasPw === hasRef || (hasPw && str(get(k, 'password')) === '')) {
      r.node(m, keyNode(get(spec, 'keystores'), ks), 'keystore-password', `keystores.${ks} needs exactly one of password / passwordSecretRef${hasPw && !str(get(k, 'password')) ? ', and the password may not be empty' : ''}.`);
    }
  }
  const seen = new Set<string>();
  for (const f of items(get(spec, 'additionalOutputFormats'))) {
    const t = str(get(f, 'type'));
    if (!t || isUnknown(m.file, get(f, 'type'))) continue;
    if (seen.has(t)) r.node(m, get(f, 'type'), 'output-format-duplicate', `additionalOutputFormats lists ${t} twice.`);
    seen.add(t);
  }
}

export function checkIssuerKind(r: Reporter, m: Manifest, ref: Node | undefined): void {
  const group = str(get(ref, 'group'));
  const kind = get(ref, 'kind');
  if ((!group || group === 'cert-manager.io') && kind && !isUnknown(m.file, kind) && !['Issuer', 'ClusterIssuer', ''].includes(str(kind) ?? '')) {
    const fixed = ['Issuer', 'ClusterIssuer'].find((k) => k.toLowerCase() === (str(kind) ?? '').toLowerCase());
    r.node(m, kind, 'issuer-kind-invalid', `issuerRef.kind "${str(kind)}" is not Issuer or ClusterIssuer.`, fixed ? [{ title: `Change to ${fixed}`, edits: [replaceScalar(m.file, kind, fixed)] }] : undefined);
  }
}

export function checkIssuer(r: Reporter, m: Manifest): void {
  const spec = get(m.root, 'spec');
  if (m.partial) return;
  const types = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'].filter((t) => has(spec, t));
  // Which types exist may depend on if/else, or a template may print one.
  const unsure = types.length === 0 ? mayBeTemplated(m, 'spec', 'ca') : hasTemplatedEntries(m.file, spec);
  if (types.length !== 1 && !unsure) {
    r.node(m, keyNode(m.root, 'spec') ?? undefined, 'issuer-type-count', types.length ? `An ${m.kind} has exactly one issuer type; this one has ${types.join(' and ')}.` : `An ${m.kind} needs one of acme, ca, selfSigned, vault or venafi.`);
  }
  if (has(spec, 'ca') && !str(get(spec, 'ca', 'secretName')) && !mayBeTemplated(m, 'spec', 'ca', 'secretName')) r.node(m, keyNode(spec, 'ca'), 'issuer-ca-secret-required', 'ca.secretName is required: the Secret holding the CA\'s tls.crt and tls.key.');
  if (has(spec, 'acme')) {
    const acme = get(spec, 'acme');
    if (!str(get(acme, 'server')) && !mayBeTemplated(m, 'spec', 'acme', 'server')) r.node(m, keyNode(spec, 'acme'), 'issuer-acme-fields', 'acme.server is required (the ACME directory URL).');
    if (!str(get(acme, 'privateKeySecretRef', 'name')) && !mayBeTemplated(m, 'spec', 'acme', 'privateKeySecretRef', 'name')) r.node(m, keyNode(spec, 'acme'), 'issuer-acme-fields', 'acme.privateKeySecretRef.name is required (where the ACME account key is stored).');
    for (const s of items(get(acme, 'solvers'))) {
      const n = ['http01', 'dns01'].filter((k) => has(s, k)).length;
      if (n !== 1 && !hasTemplatedEntries(m.file, s) && !isUnknown(m.file, s)) r.node(m, s, 'issuer-acme-fields', `Each ACME solver needs exactly one of http01 or dns01 (this one has ${n}).`);
    }
  }
  if (has(spec, 'vault')) {
    const v = get(spec, 'vault');
    const path = str(get(v, 'path'));
    if (!str(get(v, 'server')) && !mayBeTemplated(m, 'spec', 'vault', 'server')) r.node(m, keyNode(spec, 'vault'), 'issuer-vault-fields', 'vault.server is required.');
    if (!path && !mayBeTemplated(m, 'spec', 'vault', 'path')) r.node(m, keyNode(spec, 'vault'), 'issuer-vault-fields', 'vault.path is required (the PKI sign path).');
    else if (path && !isUnknown(m.file, get(v, 'path')) && path.split('/').includes('..')) r.node(m, get(v, 'path'), 'issuer-vault-fields', 'vault.path may not contain ".." segments.');
    const auths = entries(get(v, 'auth')).length;
    if (auths !== 1 && !hasTemplatedEntries(m.file, get(v, 'auth')) && !mayBeTemplated(m, 'spec', 'vault', 'auth')) r.node(m, keyNode(spec, 'vault'), 'issuer-vault-fields', `vault.auth needs exactly one method (found ${auths}).`);
  }
}

export function checkCertificateRequest(r: Reporter, m: Manifest): void {
  const spec = get(m.root, 'spec');
  if (!m.partial && !str(get(spec, 'request')) && !mayBeTemplated(m, 'spec', 'request')) r.node(m, keyNode(m.root, 'spec'), 'request-required', 'spec.request is required: the base64 PEM CSR to sign.');
  if (!m.partial && !str(get(spec, 'issuerRef', 'name')) && !mayBeTemplated(m, 'spec', 'issuerRef', 'name')) r.node(m, keyNode(m.root, 'spec'), 'issuer-ref-required', 'spec.issuerRef.name is required.');
  checkIssuerKind(r, m, get(spec, 'issuerRef'));
  durationField(r, m, get(spec, 'duration'), 'duration');
  checkUsages(r, m, spec, 'RSA', bool(get(spec, 'isCA')) === true);
}
