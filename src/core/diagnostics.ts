// Findings about the PKI objects in one text: decode errors, validity, weak crypto, and
// private keys that do not match the certificate beside them.
import { toHex } from './bytes';
import { keyDescription, TYPE_TITLES } from './describe';
import type { CertificateInfo, PkiObject } from './model';
import { chainProblems, describeProblem } from './validate';
import type { FoundObject } from './scan';
import { expiryWindowMs, objectValidity, span } from './time';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  start: number;
  end: number;
  severity: Severity;
  /** Stable rule code, shown in the Problems panel: `certwright(expired)`. */
  code: string;
  message: string;
}

export interface CheckOptions {
  now: Date;
  expiryWarningDays: number;
}

export const RULES: Record<string, { severity: Severity; summary: string }> = {
  'decode-error': { severity: 'error', summary: 'A PEM block or base64 value that cannot be decoded.' },
  'unknown-label': { severity: 'warning', summary: 'PEM armor with a label that no tool understands (often a typo).' },
  expired: { severity: 'error', summary: 'A certificate past its notAfter date.' },
  'not-yet-valid': { severity: 'warning', summary: 'A certificate whose notBefore is in the future.' },
  expiring: { severity: 'warning', summary: 'A certificate that expires within certwright.expiryWarningDays.' },
  'crl-stale': { severity: 'warning', summary: 'A CRL past its nextUpdate.' },
  'weak-key': { severity: 'warning', summary: 'RSA below 2048 bits, EC below 256 bits, or DSA.' },
  'weak-signature': { severity: 'warning', summary: 'A SHA-1 or MD5 signature, which verifiers reject.' },
  'key-mismatch': { severity: 'error', summary: 'A private key next to a certificate whose public key it does not match.' },
  'name-constraints': { severity: 'error', summary: 'A certificate whose names fall outside the name constraints of a CA above it in the same file (OpenSSL error 47).' },
  'chain-invalid': { severity: 'error', summary: 'A certificate whose chain, through the CAs above it in the same file, does not validate (RFC 5280, as Go and OpenSSL check it): an issuer that is not a CA, lacks keyCertSign, exceeds its path length, restricts the extended key usage, or has an unknown critical extension.' },
  'name-encoding': { severity: 'warning', summary: 'A subject or issuer attribute whose bytes break its string type (invalid UTF-8), which openssl and Go reject.' },
};

function name(o: PkiObject): string {
  if (o.type === 'certificate' || o.type === 'csr') return o.subject.commonName ? `CN=${o.subject.commonName}` : o.subject.rfc4514 || 'with an empty subject';
  return '';
}

function weakKey(k: { algorithm: string; size: number | null }): string | undefined {
  if ((k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') && k.size !== null && k.size < 2048) return `${k.size}-bit RSA key is too weak: use RSA 2048 or more, or ECDSA P-256`;
  if (k.algorithm === 'EC' && k.size !== null && k.size < 256) return `${k.size}-bit EC key is too weak: use P-256 or P-384`;
  if (k.algorithm === 'DSA') return 'DSA keys are deprecated and unsupported by TLS 1.3: use ECDSA P-256';
  return undefined;
}

/** YAML documents (`---` lines) split a file into scopes for key/certificate pairing. */
function documentStarts(text: string): number[] {
  const starts = [0];
  const re = /^---[ \t]*(?:#.*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  return starts;
}

function scopeOf(starts: number[], offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function checkObjects(text: string, found: FoundObject[], opts: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const add = (f: FoundObject, code: string, message: string, severity = RULES[code].severity) =>
    out.push({ start: f.start, end: f.end, severity, code, message });
  for (const f of found) {
    // A keystore's note on what needs a password is shown in hovers and the tree, not a problem.
    if (f.container?.placeholder) continue;
    const where = f.key ? `the base64 value of ${f.key}` : f.source === 'pem' ? `this ${f.label ?? 'PEM'} block` : 'this data';
    if (!f.result.ok) {
      if (f.result.error.startsWith('unknown PEM label')) add(f, 'unknown-label', `${f.result.error[0].toUpperCase()}${f.result.error.slice(1)}${/[.?!]$/.test(f.result.error) ? '' : '.'} Tools such as openssl and Go ignore or reject it.`);
      else add(f, 'decode-error', `Cannot decode ${where}: ${f.result.error}.`);
      continue;
    }
    const o = f.result.object;
    const title = `${TYPE_TITLES[o.type]} ${name(o)}`.trim();
    const v = objectValidity(o, opts.now, opts.expiryWarningDays);
    if (v && o.type === 'certificate') {
      if (v.state === 'expired') add(f, 'expired', `${title} ${v.text.replace('EXPIRED', 'expired')}: TLS peers reject it. Renew it (cert-manager: check the Certificate's Ready condition) or replace the file.`);
      else if (v.state === 'not-yet-valid') add(f, 'not-yet-valid', `${title} is ${v.text}: peers reject it until then (check the issuing machine's clock).`);
      else if (v.state === 'expiring') add(f, 'expiring', `${title} ${v.text}: inside its last ${span(expiryWindowMs(o.notBefore, o.notAfter, opts.expiryWarningDays))}, the shorter of a third of its lifetime (when cert-manager renews) and the ${opts.expiryWarningDays}-day warning window (certwright.expiryWarningDays). Renew it, or check that it renews.`);
    }
    if (v && o.type === 'crl' && v.state === 'expired') add(f, 'crl-stale', `CRL from ${o.issuer.commonName ?? o.issuer.rfc4514} is ${v.text}: verifiers that check revocation fail.`);
    for (const [which, dn] of o.type === 'certificate' ? [['subject', o.subject], ['issuer', o.issuer]] as const : o.type === 'csr' ? [['subject', o.subject]] as const : o.type === 'crl' ? [['issuer', o.issuer]] as const : []) {
      for (const a of dn.rdns.flat()) {
        if (a.problem) add(f, 'name-encoding', `${title}: the ${which} ${a.type} ${a.problem}: openssl and Go refuse to load it. Reissue it with the name in UTF-8.`);
      }
    }
    if (o.type !== 'crl') {
      const weak = weakKey(o.publicKey);
      if (weak) add(f, 'weak-key', `${title}: ${weak}.`);
    }
    if ((o.type === 'certificate' || o.type === 'csr' || o.type === 'crl') && (o.signature.hash === 'SHA-1' || o.signature.hash === 'MD5')) {
      add(f, 'weak-signature', `${title} is signed with ${o.signature.name}: ${o.signature.hash} signatures are rejected by Go, browsers and OpenSSL 3 at security level 1+. Reissue it with SHA-256.`);
    }
  }
  out.push(...checkKeyPairs(text, found));
  out.push(...checkChains(found));
  return out;
}

/**
 * The issuers above `c` among `certs`, nearest first: same issuer name, key ids agreeing when
 * both are given. A certificate that is not a CA counts only when the key ids confirm the link
 * (without a signature check, a name alone does not make a leaf somebody's issuer).
 */
function issuersIn(c: CertificateInfo, bySubject: Map<string, CertificateInfo[]>): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  const seen = new Set<CertificateInfo>([c]);
  for (let cur = c; !cur.selfSigned && out.length < 12;) {
    const parent = (bySubject.get(toHex(cur.issuer.der)) ?? []).find((p) => !seen.has(p)
      && (!cur.authorityKeyId || !p.subjectKeyId || cur.authorityKeyId === p.subjectKeyId)
      && (p.isCA || (!!cur.authorityKeyId && cur.authorityKeyId === p.subjectKeyId)));
    if (!parent) break;
    out.push(parent);
    seen.add(parent);
    cur = parent;
  }
  return out;
}

/**
 * Certificates whose chain through the CAs above them in the same text does not validate, by
 * src/core/validate (the one path validation): names outside a CA's name constraints are
 * `name-constraints`, the rest (not a CA, no keyCertSign, path length, EKU, critical extensions)
 * `chain-invalid`. Validity is each certificate's own finding (expired, not-yet-valid).
 */
function checkChains(found: FoundObject[]): Finding[] {
  const certs = found.filter((f): f is FoundObject & { result: { ok: true; object: CertificateInfo } } => f.result.ok && f.result.object.type === 'certificate');
  if (certs.length < 2) return [];
  const bySubject = new Map<string, CertificateInfo[]>();
  for (const f of certs) {
    const k = toHex(f.result.object.subject.der);
    (bySubject.get(k) ?? bySubject.set(k, []).get(k)!).push(f.result.object);
  }
  const out: Finding[] = [];
  for (const f of certs) {
    const c = f.result.object;
    if (c.selfSigned) continue;
    const issuers = issuersIn(c, bySubject);
    if (!issuers.length) continue;
    const chain = [c, ...issuers];
    const problems = chainProblems(chain, undefined, chain[chain.length - 1].selfSigned);
    const nc = problems.find((e) => e.code === 'name-constraint-violation' && e.depth === 0);
    if (nc) {
      out.push({
        start: f.start, end: f.end, severity: 'error', code: 'name-constraints',
        message: `${TYPE_TITLES.certificate} ${name(c)}: ${nc.message}. OpenSSL (error 47, "${/excluded/.test(nc.message) ? 'excluded' : 'permitted'} subtree violation") and Go reject it: reissue it with names inside the constraint.`,
      });
    }
    // The issuer's problems, and the path lengths and EKUs of CAs further up (which only this
    // certificate's chain breaks); each CA's own chain problems are reported on its own block.
    const rest = problems.filter((e) => e.code !== 'name-constraint-violation' && e.code !== 'expired' && e.code !== 'not-yet-valid'
      && (e.depth === 1 || (e.depth >= 2 && (e.code === 'path-length-exceeded' || e.code === 'eku-mismatch'))));
    if (rest.length) {
      out.push({
        start: f.start, end: f.end, severity: 'error', code: 'chain-invalid',
        message: `${TYPE_TITLES.certificate} ${name(c)} does not validate through the CAs in this file: ${rest.map((e) => describeProblem(chain, e)).join('; ')}. Go and OpenSSL reject it: reissue it from a CA that may sign it.`,
      });
    }
  }
  return out;
}

function checkKeyPairs(text: string, found: FoundObject[]): Finding[] {
  const out: Finding[] = [];
  if (!found.some((f) => f.result.ok && f.result.object.type === 'private-key')) return out;
  const starts = documentStarts(text);
  const scopes = new Map<number, FoundObject[]>();
  for (const f of found) {
    if (!f.result.ok) continue;
    const s = scopeOf(starts, f.start);
    let list = scopes.get(s);
    if (!list) scopes.set(s, (list = []));
    list.push(f);
  }
  for (const list of scopes.values()) {
    const certs = list.filter((f) => f.result.ok && f.result.object.type === 'certificate' && f.key !== 'ca.crt');
    if (!certs.length) continue;
    for (const k of list) {
      if (!k.result.ok || k.result.object.type !== 'private-key') continue;
      const key = k.result.object;
      const id = key.publicKey.keyMaterialHex;
      if (!id) continue; // encrypted or not derivable: cannot tell
      const matches = certs.some((c) => c.result.ok && c.result.object.type === 'certificate' && c.result.object.publicKey.keyMaterialHex === id);
      if (matches) continue;
      const first = certs[0].result.ok ? certs[0].result.object : undefined;
      const certName = first && first.type === 'certificate' ? `CN=${first.subject.commonName ?? first.subject.rfc4514}` : 'beside it';
      out.push({
        start: k.start, end: k.end, severity: 'error', code: 'key-mismatch',
        message: `This ${keyDescription(key.publicKey)} private key does not match the certificate ${certName}${certs.length > 1 ? ` (nor the other ${certs.length - 1})` : ''}: a TLS server loading this pair fails with "private key does not match public key". Use the key the certificate was issued for.`,
      });
    }
  }
  return out;
}
