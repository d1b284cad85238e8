// X.509 v3 extensions shared by certificates, CSRs and CRLs: decoded into fields and text.
import { toHex } from './bytes';
import {
  children, content, DerError, readBitString, readBoolean, readIntegerHex, readOid, readSmallInteger,
  readTlv, TAG, Tlv,
} from './der';
import { readName } from './names';
import { EXTENDED_KEY_USAGES, EXTENSIONS, KEY_USAGE_BITS } from './oids';
import type { ExtensionInfo, NameConstraints, NameSubtree, SubjectAltNames } from './model';

export interface ExtensionFields {
  san: SubjectAltNames;
  isCA: boolean;
  pathLength: number | null;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlNumber?: string;
  nameConstraints?: NameConstraints;
  extensions: ExtensionInfo[];
}

export function emptySans(): SubjectAltNames {
  return { dnsNames: [], ipAddresses: [], uris: [], emailAddresses: [], other: [] };
}

function ascii(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** IPv4 dotted quad, IPv6 in RFC 5952 form (compressed, lowercase). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
      return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
    }
    let bestStart = -1, bestLen = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(':');
    return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
  }
  return toHex(bytes);
}

/** One GeneralName as `type:value` text, also filling the SAN buckets when given. */
export function readGeneralName(buf: Uint8Array, t: Tlv, into?: SubjectAltNames): string {
  const bytes = content(buf, t);
  switch (t.tag) {
    case 0x82: { const v = ascii(bytes); into?.dnsNames.push(v); return `DNS:${v}`; }
    case 0x81: { const v = ascii(bytes); into?.emailAddresses.push(v); return `email:${v}`; }
    case 0x86: { const v = ascii(bytes); into?.uris.push(v); return `URI:${v}`; }
    case 0x87: {
      if (bytes.length === 8 || bytes.length === 32) {
        const half = bytes.length / 2;
        const v = `${formatIp(bytes.subarray(0, half))}/${formatIp(bytes.subarray(half))}`;
        into?.other.push(`IP:${v}`);
        return `IP:${v}`;
      }
      const v = formatIp(bytes); into?.ipAddresses.push(v); return `IP:${v}`;
    }
    case 0xa4: {
      const v = `DirName:${readName(buf, readTlv(buf, t.body, t.end)).rfc4514}`;
      into?.other.push(v);
      return v;
    }
    case 0xa0: {
      const oid = readOid(buf, readTlv(buf, t.body, t.end));
      const v = `othername:${oid}`;
      into?.other.push(v);
      return v;
    }
    case 0x88: {
      const v = `RID:${readOid(buf, { ...t, tag: TAG.OID })}`;
      into?.other.push(v);
      return v;
    }
    default: {
      const v = `[${t.tag & 0x1f}]:${toHex(bytes)}`;
      into?.other.push(v);
      return v;
    }
  }
}

function generalNames(buf: Uint8Array, seq: Tlv, into?: SubjectAltNames): string[] {
  return children(buf, seq).map((g) => readGeneralName(buf, g, into));
}

const CRL_REASONS = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold', '(unused)', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise',
];

export function crlReason(code: number): string {
  return CRL_REASONS[code] ?? `reason ${code}`;
}

/** Decodes one extension value into `f` and returns its text lines (none for the key identifiers when `text` is false). */
export function decodeValue(buf: Uint8Array, oid: string, v: Tlv, f: ExtensionFields, text = true): string[] {
  switch (oid) {
    case '2.5.29.17': // subjectAltName
      return generalNames(buf, readTlv(buf, v.body, v.end), f.san);
    case '2.5.29.18':
      return generalNames(buf, readTlv(buf, v.body, v.end));
    case '2.5.29.19': { // basicConstraints
      const seq = readTlv(buf, v.body, v.end);
      let ca = false;
      let pl: number | null = null;
      for (const c of children(buf, seq)) {
        if (c.tag === TAG.BOOLEAN) ca = readBoolean(buf, c);
        else if (c.tag === TAG.INTEGER) pl = readSmallInteger(buf, c);
      }
      f.isCA = ca;
      f.pathLength = ca ? pl : null;
      return [`CA:${ca ? 'TRUE' : 'FALSE'}${ca && pl !== null ? `, pathlen:${pl}` : ''}`];
    }
    case '2.5.29.15': { // keyUsage
      const { bytes } = readBitString(buf, readTlv(buf, v.body, v.end));
      const out: string[] = [];
      for (let bit = 0; bit < KEY_USAGE_BITS.length; bit++) {
        const byte = bytes[bit >> 3] ?? 0;
        if (byte & (0x80 >> (bit & 7))) out.push(KEY_USAGE_BITS[bit]);
      }
      f.keyUsage = out;
      return [out.join(', ') || '(none)'];
    }
    case '2.5.29.37': { // extKeyUsage
      const out = children(buf, readTlv(buf, v.body, v.end)).map((c) => {
        const o = readOid(buf, c);
        return EXTENDED_KEY_USAGES[o] ?? o;
      });
      f.extendedKeyUsage = out;
      return [out.join(', ')];
    }
    case '2.5.29.14': { // subjectKeyIdentifier
      const k = readTlv(buf, v.body, v.end);
      if (k.tag !== TAG.OCTET_STRING) throw new DerError('subjectKeyIdentifier is not an OCTET STRING', k.start);
      f.subjectKeyId = toHex(content(buf, k));
      if (!text) return [];
      return [f.subjectKeyId.toUpperCase().replace(/(..)(?!$)/g, '$1:')];
    }
    case '2.5.29.35': { // authorityKeyIdentifier
      const lines: string[] = [];
      for (const c of children(buf, readTlv(buf, v.body, v.end))) {
        if (c.tag === 0x80) {
          f.authorityKeyId = toHex(content(buf, c));
          if (text) lines.push(`keyid:${f.authorityKeyId.toUpperCase().replace(/(..)(?!$)/g, '$1:')}`);
        } else if (c.tag === 0xa1) lines.push(...generalNames(buf, c).map((n) => `issuer:${n}`));
        else if (c.tag === 0x82) lines.push(`serial:${readIntegerHex(buf, c)}`);
      }
      return lines;
    }
    case '2.5.29.30': { // nameConstraints
      const lines: string[] = [];
      const nc: NameConstraints = { permitted: [], excluded: [] };
      for (const part of children(buf, readTlv(buf, v.body, v.end))) {
        const label = part.tag === 0xa0 ? 'Permitted' : 'Excluded';
        for (const subtree of children(buf, part)) {
          const base = readTlv(buf, subtree.body, subtree.end);
          const text = readGeneralName(buf, base);
          lines.push(`${label}: ${text}`);
          const colon = text.indexOf(':');
          const type = ({ 0x82: 'DNS', 0x81: 'email', 0x86: 'URI', 0x87: 'IP', 0xa4: 'DirName' } as Record<number, NameSubtree['type']>)[base.tag] ?? 'other';
          const s: NameSubtree = { type, value: type === 'other' ? text : text.slice(colon + 1) };
          if (type === 'IP') s.bytes = content(buf, base).slice();
          (part.tag === 0xa0 ? nc.permitted : nc.excluded).push(s);
        }
      }
      f.nameConstraints = nc;
      return lines;
    }
    case '2.5.29.31': { // cRLDistributionPoints
      const lines: string[] = [];
      for (const dp of children(buf, readTlv(buf, v.body, v.end))) {
        for (const c of children(buf, dp)) {
          if (c.tag !== 0xa0) continue;
          const full = readTlv(buf, c.body, c.end);
          if (full.tag === 0xa0) for (const g of children(buf, full)) lines.push(readGeneralName(buf, g));
        }
      }
      return lines;
    }
    case '1.3.6.1.5.5.7.1.1': // authorityInfoAccess
    case '1.3.6.1.5.5.7.1.11': {
      const lines: string[] = [];
      for (const ad of children(buf, readTlv(buf, v.body, v.end))) {
        const m = readTlv(buf, ad.body, ad.end);
        const method = readOid(buf, m);
        const name = readGeneralName(buf, readTlv(buf, m.end, ad.end));
        const label = method === '1.3.6.1.5.5.7.48.1' ? 'OCSP' : method === '1.3.6.1.5.5.7.48.2' ? 'CA Issuers' : method;
        lines.push(`${label} - ${name}`);
      }
      return lines;
    }
    case '2.5.29.32': { // certificatePolicies
      return children(buf, readTlv(buf, v.body, v.end)).map((p) => `Policy: ${readOid(buf, readTlv(buf, p.body, p.end))}`);
    }
    case '2.5.29.20': { // cRLNumber
      f.crlNumber = readIntegerHex(buf, readTlv(buf, v.body, v.end));
      return [f.crlNumber];
    }
    default:
      return [toHex(content(buf, v)).slice(0, 96) + (v.end - v.body > 48 ? '…' : '')];
  }
}

/** Reads `Extensions ::= SEQUENCE OF Extension`. */
export function readExtensions(buf: Uint8Array, seq: Tlv, f: ExtensionFields): void {
  const seen = new Set<string>();
  for (const ext of children(buf, seq)) {
    let p = readTlv(buf, ext.body, ext.end);
    const oid = readOid(buf, p);
    let critical = false;
    p = readTlv(buf, p.end, ext.end);
    if (p.tag === TAG.BOOLEAN) {
      critical = readBoolean(buf, p);
      p = readTlv(buf, p.end, ext.end);
    }
    if (p.tag !== TAG.OCTET_STRING) throw new DerError(`extension ${oid} has no OCTET STRING value`, p.start);
    if (seen.has(oid)) throw new DerError(`extension ${EXTENSIONS[oid] ?? oid} appears twice`, ext.start);
    seen.add(oid);
    let text: string[];
    try {
      text = decodeValue(buf, oid, p, f);
    } catch (e) {
      // A malformed extension is reported in the details, not fatal for the whole object.
      text = [`(could not decode: ${(e as Error).message})`];
    }
    f.extensions.push({ oid, name: EXTENSIONS[oid] ?? oid, critical, text });
  }
}

export function newExtensionFields(): ExtensionFields {
  return { san: emptySans(), isCA: false, pathLength: null, keyUsage: [], extendedKeyUsage: [], extensions: [] };
}
