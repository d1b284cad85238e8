// Subject names and subject alternative names: validation and DER encoding.
import { ctx, ia5, oid, seq, set, utf8 } from './der-writer';
import { AuthorError } from './keys';
import { isLabel, isSubdomain } from './yaml-out';

export interface SubjectInput {
  commonName?: string;
  organization?: string;
}

export interface SanInput {
  dns?: string[];
  ips?: string[];
  uris?: string[];
  emails?: string[];
}

/** RFC 5280 ub-common-name and ub-organization-name. */
const MAX_CN = 64;

/** A Name (RDNSequence): O then CN, each a UTF8String; empty when neither is given. */
export function buildName(s: SubjectInput): Uint8Array {
  const rdns: Uint8Array[] = [];
  const o = s.organization?.trim();
  const cn = s.commonName?.trim();
  if (o) {
    if (o.length > MAX_CN) throw new AuthorError(`organization is longer than ${MAX_CN} characters`);
    rdns.push(set(seq(oid('2.5.4.10'), utf8(o))));
  }
  if (cn) {
    if (cn.length > MAX_CN) throw new AuthorError(`common name is longer than ${MAX_CN} characters (RFC 5280 ub-common-name): put long names in the SANs`);
    rdns.push(set(seq(oid('2.5.4.3'), utf8(cn))));
  }
  return seq(...rdns);
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function validDnsName(name: string): boolean {
  if (name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((l, i) => (i === 0 && l === '*' && labels.length > 2) || LABEL.test(l));
}

/** IPv4 dotted quad or IPv6 (with ::, optional embedded IPv4) to 4 or 16 bytes. */
export function parseIp(text: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x, i) => x <= 255 && String(x) === v4[i + 1]) ? new Uint8Array(b) : undefined;
  }
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  let s = text;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const t = parseIp(last);
    if (!t || t.length !== 4) return undefined;
    s = s.slice(0, lastColon + 1) + ((t[0] << 8) | t[1]).toString(16) + ':' + ((t[2] << 8) | t[3]).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h ? h.split(':') : []).map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (halves.length === 2 && head.length + rest.length > 7) return undefined;
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { out[i * 2] = g >> 8; out[i * 2 + 1] = g & 0xff; });
  return out;
}

/** Normalizes and checks SANs; throws AuthorError naming the first bad entry. */
export function normalizeSans(s: SanInput): Required<SanInput> {
  const clean = (xs?: string[]) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];
  const dns = clean((s.dns ?? []).map((d) => d.trim().toLowerCase().replace(/\.$/, '')));
  for (const d of dns) if (!validDnsName(d)) throw new AuthorError(`not a valid DNS name: ${JSON.stringify(d)}`);
  const ips = clean(s.ips);
  for (const ip of ips) if (!parseIp(ip)) throw new AuthorError(`not an IP address: ${JSON.stringify(ip)}`);
  const uris = clean(s.uris);
  for (const u of uris) {
    // eslint-disable-next-line no-control-regex
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(u) || /[^\x21-\x7e]/.test(u)) throw new AuthorError(`not a URI: ${JSON.stringify(u)}`);
    if (u.toLowerCase().startsWith('spiffe://')) {
      const problem = spiffeProblem(u);
      if (problem) throw new AuthorError(`not a valid SPIFFE ID: ${JSON.stringify(u)}: ${problem}`);
    }
  }
  const emails = clean(s.emails);
  for (const e of emails) if (!/^[^\s@]+@[^\s@]+$/.test(e)) throw new AuthorError(`not an email address: ${JSON.stringify(e)}`);
  return { dns, ips, uris, emails };
}

/** Why a SPIFFE ID is invalid (go-spiffe v2 rules), or undefined when it is valid. */
export function spiffeProblem(id: string): string | undefined {
  if (!id.startsWith('spiffe://')) return 'the scheme must be exactly "spiffe://"';
  const rest = id.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const td = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  if (!td) return 'the trust domain is empty';
  if (!/^[a-z0-9._-]+$/.test(td)) return 'the trust domain may only hold lowercase letters, digits, ".", "-" and "_"';
  if (path) {
    if (path.endsWith('/')) return 'the path may not end with "/"';
    for (const seg of path.slice(1).split('/')) {
      if (!seg) return 'the path has an empty segment';
      if (seg === '.' || seg === '..') return 'the path may not hold "." or ".." segments';
      if (!/^[A-Za-z0-9._-]+$/.test(seg)) return `bad character in path segment ${JSON.stringify(seg)}`;
    }
  }
  return undefined;
}

export function sanCount(s: Required<SanInput>): number {
  return s.dns.length + s.ips.length + s.uris.length + s.emails.length;
}

/** GeneralNames: rfc822Name [1], dNSName [2], URI [6], iPAddress [7] (IMPLICIT). */
export function generalNames(s: Required<SanInput>): Uint8Array {
  const items: Uint8Array[] = [];
  const implicit = (n: number, tlvBytes: Uint8Array) => { const c = tlvBytes.slice(); c[0] = 0x80 | n; return c; };
  for (const e of s.emails) items.push(implicit(1, ia5(e)));
  for (const d of s.dns) items.push(implicit(2, ia5(d)));
  for (const u of s.uris) items.push(implicit(6, ia5(u)));
  for (const ip of s.ips) items.push(ctx(7, false, parseIp(ip)!));
  return seq(...items);
}

/** The four DNS names a Kubernetes Service is reached by. */
export function serviceDnsNames(service: string, namespace: string, clusterDomain = 'cluster.local'): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${clusterDomain}`];
}

/** Why a SPIFFE trust domain is invalid (SPIFFE ID spec: lowercase letters, digits, ".", "-", "_"; at most 255), or undefined. */
export function trustDomainProblem(td: string): string | undefined {
  if (!td) return 'the trust domain is empty';
  if (td.length > 255) return 'the trust domain is longer than 255 characters';
  if (!/^[a-z0-9._-]+$/.test(td)) return 'a trust domain may only hold lowercase letters, digits, ".", "-" and "_" (no scheme, port or path)';
  return undefined;
}

/**
 * spiffe://TD/ns/NS/sa/SA (the Istio and SPIRE k8s workload convention). Refuses what would
 * change the ID's shape: a trust domain outside the SPIFFE rules, a namespace that is not a
 * DNS-1123 label, a service account name that is not a DNS-1123 subdomain (Kubernetes' own
 * rules, so no "/", "..", spaces or newlines get into the path).
 */
export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  const td = trustDomainProblem(trustDomain);
  if (td) throw new AuthorError(`SPIFFE trust domain ${JSON.stringify(trustDomain)}: ${td}`);
  if (!isLabel(namespace)) throw new AuthorError(`SPIFFE ID: namespace ${JSON.stringify(namespace)} is not a valid Kubernetes namespace (DNS-1123 label)`);
  if (!isSubdomain(serviceAccount)) {
    throw new AuthorError(`SPIFFE ID: service account name ${JSON.stringify(serviceAccount)} is not a valid Kubernetes name (DNS-1123 subdomain: lowercase letters, digits, "-" and ".")`);
  }
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
