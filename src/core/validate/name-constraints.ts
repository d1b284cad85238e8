// RFC 5280 section 4.2.1.10 name constraints, matched as Go's crypto/x509 matches them (DNS,
// email, URI, IP) plus directory names (subtree = RDN prefix, as openssl and PKITS expect).
// `checkNameConstraints` is self-contained so authoring can refuse a name before it issues.
import type { DistinguishedName } from '../model';
import { formatIp } from '../extensions';
import { rdnKeys, type GeneralName, type NameConstraints } from './facts';

const EMAIL_ATTRIBUTE = '1.2.840.113549.1.9.1';

/** Whether a common name is taken as a DNS name (OpenSSL's cn2dnsid: a dotted host name). */
export function cnAsDnsName(cn: string | undefined): string | undefined {
  if (!cn || !cn.includes('.') || cn.startsWith('.') || cn.endsWith('.')) return undefined;
  return /^[A-Za-z0-9*_-]+(\.[A-Za-z0-9_-]+)+$/.test(cn) ? cn : undefined;
}

/**
 * The names of a certificate that name constraints apply to: its SANs, its subject DN and the
 * emailAddress attributes in it; for an end-entity certificate without DNS SANs also a common
 * name that looks like a host name, as OpenSSL checks it (NAME_CONSTRAINTS_check_CN, error 47).
 */
export function constrainedNames(subject: DistinguishedName, sans: GeneralName[], endEntity = false): GeneralName[] {
  const out = [...sans];
  if (endEntity && !sans.some((s) => s.type === 'dns')) {
    const cn = cnAsDnsName(subject.commonName);
    if (cn) out.push({ type: 'dns', text: cn });
  }
  if (subject.rdns.length) out.push({ type: 'dn', dn: subject });
  for (const rdn of subject.rdns) for (const a of rdn) if (a.oid === EMAIL_ATTRIBUTE) out.push({ type: 'email', text: a.value });
  return out;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** DNS: "example.com" permits example.com and every name under it; ".example.com" only names under it. */
export function matchDnsConstraint(name: string, constraint: string): boolean {
  const n = lower(name).replace(/\.$/, '');
  const c = lower(constraint);
  if (c === '') return true;
  if (c.startsWith('.')) return n.endsWith(c);
  return n === c || n.endsWith('.' + c);
}

/** Email: "a@b.com" one mailbox; "b.com" any mailbox at that host; ".b.com" any mailbox under it. */
export function matchEmailConstraint(email: string, constraint: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at);
  const host = lower(email.slice(at + 1));
  if (constraint.includes('@')) {
    const cat = constraint.lastIndexOf('@');
    return local === constraint.slice(0, cat) && host === lower(constraint.slice(cat + 1));
  }
  const c = lower(constraint);
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

/** The host of a URI (no userinfo, port or brackets); undefined when it has none. */
export function uriHost(uri: string): string | undefined {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(uri);
  if (!m) return undefined;
  let host = m[1].slice(m[1].lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || undefined;
  const colon = host.indexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  return host || undefined;
}

/** URI: the constraint names the host: "host.com" exactly, ".host.com" any host under it. */
export function matchUriConstraint(uri: string, constraint: string): boolean {
  const host = uriHost(uri);
  if (!host || host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return false;
  const h = lower(host);
  const c = lower(constraint);
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c;
}

/** IP: the constraint is address+mask of the same family. */
export function matchIpConstraint(ip: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== ip.length * 2) return false;
  for (let i = 0; i < ip.length; i++) {
    const mask = constraint[ip.length + i];
    if ((ip[i] & mask) !== (constraint[i] & mask)) return false;
  }
  return true;
}

/** Directory name: the name lies in the subtree when it starts with the base's RDNs. */
export function matchDnConstraint(dn: DistinguishedName, base: DistinguishedName): boolean {
  const a = rdnKeys(dn);
  const b = rdnKeys(base);
  if (b.length > a.length) return false;
  return b.every((k, i) => a[i] === k);
}

function matches(name: GeneralName, c: GeneralName): boolean {
  switch (name.type) {
    case 'dns': return matchDnsConstraint(name.text!, c.text!);
    case 'email': return matchEmailConstraint(name.text!, c.text!);
    case 'uri': return matchUriConstraint(name.text!, c.text!);
    case 'ip': return matchIpConstraint(name.bytes!, c.bytes!);
    case 'dn': return matchDnConstraint(name.dn!, c.dn!);
    default: return false;
  }
}

export function describeName(n: GeneralName): string {
  switch (n.type) {
    case 'dns': return `DNS:${n.text}`;
    case 'email': return `email:${n.text}`;
    case 'uri': return `URI:${n.text}`;
    case 'ip': {
      const b = n.bytes!;
      if (b.length === 8 || b.length === 32) return `IP:${formatIp(b.subarray(0, b.length / 2))}/${formatIp(b.subarray(b.length / 2))}`;
      return `IP:${formatIp(b)}`;
    }
    case 'dn': return `DirName:${n.dn!.rfc4514}`;
    default: return 'other name';
  }
}

export interface NameConstraintViolation {
  name: GeneralName;
  /** The excluded subtree it falls in; absent when it is outside every permitted subtree of its type. */
  excludedBy?: GeneralName;
  message: string;
}

/** Go's limit on names x constraints per certificate (crypto/x509 maxConstraintComparisons). */
export const MAX_COMPARISONS = 250_000;

/**
 * The first name that the constraints forbid, or undefined when all are allowed. A name is
 * forbidden when it lies in an excluded subtree, or when there are permitted subtrees of its
 * type and it lies in none. Name types without constraints are unconstrained.
 */
export function checkNameConstraints(nc: NameConstraints, names: GeneralName[], maxComparisons = MAX_COMPARISONS): NameConstraintViolation | undefined {
  const work = names.length * (nc.permitted.length + nc.excluded.length);
  if (work > maxComparisons) {
    return { name: names[0], message: `${names.length} names against ${nc.permitted.length + nc.excluded.length} constraints is more than ${maxComparisons} comparisons: refused, as Go refuses it` };
  }
  for (const name of names) {
    if (name.type === 'other') continue;
    const ex = nc.excluded.find((c) => c.type === name.type && matches(name, c));
    if (ex) return { name, excludedBy: ex, message: `${describeName(name)} is in the excluded subtree ${describeName(ex)}` };
    const permitted = nc.permitted.filter((c) => c.type === name.type);
    if (permitted.length && !permitted.some((c) => matches(name, c))) {
      return { name, message: `${describeName(name)} is outside the permitted subtrees (${permitted.map(describeName).join(', ')})` };
    }
  }
  return undefined;
}
