// What path validation needs from a certificate beyond the display model: the raw name
// constraints, the extended key usage OIDs, whether basicConstraints and keyUsage are present,
// and names compared the way RFC 5280 section 7.1 (and openssl) compare them. Read once per
// certificate and cached, so a pool of thousands is read in linear time.
import { children, content, readOid, readTlv, TAG } from '../der';
import type { CertificateInfo, DistinguishedName } from '../model';
import { readName } from '../names';

export type GeneralNameType = 'dns' | 'email' | 'uri' | 'ip' | 'dn' | 'other';

export interface GeneralName {
  type: GeneralNameType;
  /** dns/email/uri: the text; ip: the bytes (address, or address+mask in constraints); dn: the Name. */
  text?: string;
  bytes?: Uint8Array;
  dn?: DistinguishedName;
}

export interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
}

export interface CertFacts {
  /** The Name keys (normalized) of subject and issuer. */
  subjectKey: string;
  issuerKey: string;
  /** Subject equals issuer: RFC 5280's "self-issued". */
  selfIssued: boolean;
  hasBasicConstraints: boolean;
  hasKeyUsage: boolean;
  /** Dotted OIDs of the extended key usage extension; undefined when absent. */
  eku?: string[];
  nameConstraints?: NameConstraints;
  /** Names in the subjectAltName extension, all types. */
  sans: GeneralName[];
  hasSanExtension: boolean;
  /** OIDs of critical extensions this validator does not handle. */
  unhandledCritical: string[];
  /** A critical extension that could not be decoded, or a malformed one we rely on. */
  malformed?: string;
}

/** Extensions whose meaning is processed here (or, for policies, knowingly not enforced: as Go). */
const HANDLED = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.36', // policyConstraints
  '2.5.29.54', // inhibitAnyPolicy
  '2.5.29.31', // cRLDistributionPoints
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);

function ascii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function readGeneral(buf: Uint8Array, t: { tag: number; body: number; end: number; start: number }): GeneralName {
  const bytes = content(buf, t);
  switch (t.tag) {
    case 0x82: return { type: 'dns', text: ascii(bytes) };
    case 0x81: return { type: 'email', text: ascii(bytes) };
    case 0x86: return { type: 'uri', text: ascii(bytes) };
    case 0x87: return { type: 'ip', bytes };
    case 0xa4: return { type: 'dn', dn: readName(buf, readTlv(buf, t.body, t.end)) };
    default: return { type: 'other' };
  }
}

/** Lowercase, trimmed, inner whitespace folded: the comparison openssl and RFC 4518 use for names. */
function foldValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ').toLowerCase();
}

const nameKeys = new WeakMap<DistinguishedName, string>();

/** A string that two names share exactly when they match under RFC 5280 section 7.1 rules. */
export function nameKey(dn: DistinguishedName): string {
  // Cached per Name object: certificates read for validation share one object per distinct Name.
  let k = nameKeys.get(dn);
  if (k === undefined) nameKeys.set(dn, (k = computeNameKey(dn)));
  return k;
}

function computeNameKey(dn: DistinguishedName): string {
  return dn.rdns
    .map((rdn) => rdn.map((a) => `${a.oid}=${foldValue(a.value)}`).sort().join('+'))
    .join('\u0000');
}

/** The RDN keys of a name, for subtree (prefix) comparisons. */
export function rdnKeys(dn: DistinguishedName): string[] {
  return dn.rdns.map((rdn) => rdn.map((a) => `${a.oid}=${foldValue(a.value)}`).sort().join('+'));
}

function readSubtrees(buf: Uint8Array, seq: { tag: number; body: number; end: number; start: number }): GeneralName[] {
  return children(buf, seq).map((subtree) => readGeneral(buf, readTlv(buf, subtree.body, subtree.end)));
}

const cache = new WeakMap<CertificateInfo, CertFacts>();

export function certFacts(cert: CertificateInfo): CertFacts {
  const hit = cache.get(cert);
  if (hit) return hit;
  const subjectKey = nameKey(cert.subject);
  const issuerKey = nameKey(cert.issuer);
  const f: CertFacts = {
    subjectKey, issuerKey, selfIssued: subjectKey === issuerKey,
    hasBasicConstraints: false, hasKeyUsage: false, sans: [], hasSanExtension: false, unhandledCritical: [],
  };
  const buf = cert.tbs;
  try {
    const tbs = readTlv(buf, 0);
    const extsWrap = children(buf, tbs).find((c) => c.tag === 0xa3);
    const exts = extsWrap ? children(buf, readTlv(buf, extsWrap.body, extsWrap.end)) : [];
    for (const ext of exts) {
      let p = readTlv(buf, ext.body, ext.end);
      const oid = readOid(buf, p);
      let critical = false;
      p = readTlv(buf, p.end, ext.end);
      if (p.tag === TAG.BOOLEAN) { critical = buf[p.body] !== 0; p = readTlv(buf, p.end, ext.end); }
      if (critical && !HANDLED.has(oid)) f.unhandledCritical.push(oid);
      try {
        const v = readTlv(buf, p.body, p.end);
        if (oid === '2.5.29.19') f.hasBasicConstraints = true;
        else if (oid === '2.5.29.15') f.hasKeyUsage = true;
        else if (oid === '2.5.29.37') f.eku = children(buf, v).map((c) => readOid(buf, c));
        else if (oid === '2.5.29.17') {
          f.hasSanExtension = true;
          f.sans = children(buf, v).map((g) => readGeneral(buf, g));
        } else if (oid === '2.5.29.30') {
          const nc: NameConstraints = { permitted: [], excluded: [] };
          for (const part of children(buf, v)) {
            if (part.tag === 0xa0) nc.permitted.push(...readSubtrees(buf, part));
            else if (part.tag === 0xa1) nc.excluded.push(...readSubtrees(buf, part));
          }
          f.nameConstraints = nc;
        }
      } catch (e) {
        if (critical || ['2.5.29.19', '2.5.29.15', '2.5.29.30', '2.5.29.37', '2.5.29.17'].includes(oid)) {
          f.malformed = `extension ${oid} is malformed: ${(e as Error).message}`;
        }
      }
    }
  } catch (e) {
    f.malformed = `extensions are malformed: ${(e as Error).message}`;
  }
  cache.set(cert, f);
  return f;
}
