// Name constraints (RFC 5280 4.2.1.10) as OpenSSL and Go apply them: does a certificate's names
// fall inside the permitted subtrees and outside the excluded ones of each CA above it? Used by
// authoring (refuse to issue what verifiers reject, OpenSSL error 47) and by decoding (flag such
// certificates). Written by hand: no library here runs in the pure core, and the rules are short.
//
// DNS: "example.com" matches it and every name below it; ".example.com" only names below it.
// email: "a@example.com" that mailbox; "example.com" any mailbox at that host; ".example.com"
// mailboxes at hosts below it. URI: the host of the URI, as for email hosts (a URI without a
// host is outside any URI constraint). IP: address and mask. Names of one type are only checked
// against subtrees of the same type. Like OpenSSL, a subject common name that looks like a host
// name counts as a DNS name when the certificate has no DNS SANs. DirName and other forms are
// not checked here.
import type { CertificateInfo, NameConstraints, NameSubtree } from './model';
import { cnAsDnsName, matchDnsConstraint, matchEmailConstraint, matchIpConstraint, matchUriConstraint } from './validate/name-constraints';

export { cnAsDnsName, uriHost } from './validate/name-constraints';

export interface NamesToCheck {
  dns: string[];
  /** Address bytes (4 or 16) with their text. */
  ips: Array<{ text: string; bytes: Uint8Array }>;
  emails: string[];
  uris: string[];
}

export interface NameConstraintViolation {
  type: 'DNS' | 'IP' | 'email' | 'URI';
  name: string;
  /** The subtree the name is outside of (permitted) or inside of (excluded). For permitted
   * violations with several subtrees of the type, all of them, comma-separated. */
  subtree: string;
  excluded: boolean;
  /** The constraining CA's subject (RFC 4514). */
  ca: string;
}

// The matching of one name against one subtree is path validation's (src/core/validate): one
// matcher serves authoring, decoding and `certwright verify`.
function ipMatches(addr: Uint8Array, s: NameSubtree): boolean {
  return !!s.bytes && matchIpConstraint(addr, s.bytes);
}

/** The names of a certificate as constraints see them. */
export function namesOf(c: Pick<CertificateInfo, 'san' | 'subject'>): NamesToCheck {
  const dns = [...c.san.dnsNames];
  const cn = dns.length ? undefined : cnAsDnsName(c.subject.commonName);
  if (cn) dns.push(cn);
  return {
    dns,
    ips: c.san.ipAddresses.map((text) => ({ text, bytes: parseIpText(text) })).filter((x): x is { text: string; bytes: Uint8Array } => !!x.bytes),
    emails: [...c.san.emailAddresses],
    uris: [...c.san.uris],
  };
}

/** The IPv4 or (RFC 5952) IPv6 text the decoder prints, back to bytes. */
function parseIpText(text: string): Uint8Array | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return new Uint8Array(text.split('.').map(Number));
  if (!text.includes(':')) return undefined;
  let t = text;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (v4) t = t.slice(0, v4.index) + ((+v4[1] << 8) | +v4[2]).toString(16) + ':' + ((+v4[3] << 8) | +v4[4]).toString(16);
  const [head, tail] = t.split('::');
  const h = head ? head.split(':') : [];
  const r = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...new Array(8 - h.length - r.length).fill('0'), ...r] : h;
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { const n = parseInt(g, 16); out[i * 2] = n >> 8; out[i * 2 + 1] = n & 0xff; });
  return out;
}

/** The first name outside `nc` (of the CA named `ca`), or undefined. */
export function nameConstraintViolation(nc: NameConstraints, names: NamesToCheck, ca: string): NameConstraintViolation | undefined {
  const kinds: Array<{ type: NameConstraintViolation['type']; items: Array<{ name: string; match: (s: NameSubtree) => boolean }> }> = [
    { type: 'DNS', items: names.dns.map((n) => ({ name: n, match: (s) => matchDnsConstraint(n, s.value) })) },
    { type: 'IP', items: names.ips.map((ip) => ({ name: ip.text, match: (s) => ipMatches(ip.bytes, s) })) },
    { type: 'email', items: names.emails.map((e) => ({ name: e, match: (s) => matchEmailConstraint(e, s.value) })) },
    { type: 'URI', items: names.uris.map((u) => ({ name: u, match: (s) => matchUriConstraint(u, s.value) })) },
  ];
  for (const k of kinds) {
    const permitted = nc.permitted.filter((s) => s.type === k.type);
    const excluded = nc.excluded.filter((s) => s.type === k.type);
    for (const item of k.items) {
      const hit = excluded.find((s) => item.match(s));
      if (hit) return { type: k.type, name: item.name, subtree: hit.value, excluded: true, ca };
      if (permitted.length && !permitted.some((s) => item.match(s))) return { type: k.type, name: item.name, subtree: permitted.map((s) => s.value).join('", "'), excluded: false, ca };
    }
  }
  return undefined;
}

/** Checks `names` against every CA in `issuers` (the issuer first, up to the root). */
export function chainNameViolation(issuers: CertificateInfo[], names: NamesToCheck): NameConstraintViolation | undefined {
  for (const ca of issuers) {
    if (!ca.nameConstraints) continue;
    const v = nameConstraintViolation(ca.nameConstraints, names, ca.subject.rfc4514 || '(empty subject)');
    if (v) return v;
  }
  return undefined;
}

/** `DNS name "evil.example.com" is outside the permitted subtree ".svc.cluster.local" of CA "CN=inter"`. */
export function describeViolation(v: NameConstraintViolation): string {
  const what = v.type === 'IP' ? 'IP address' : v.type === 'email' ? 'email address' : `${v.type} name`;
  const several = !v.excluded && v.subtree.includes('", "');
  return v.excluded
    ? `${what} ${JSON.stringify(v.name)} is inside the excluded subtree ${JSON.stringify(v.subtree)} of CA ${JSON.stringify(v.ca)}`
    : `${what} ${JSON.stringify(v.name)} is outside the permitted subtree${several ? 's' : ''} "${v.subtree}" of CA ${JSON.stringify(v.ca)}`;
}
