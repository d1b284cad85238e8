// Distinguished names: DER Name -> attributes and an RFC 4514 string.
import { decodeLatin1, decodeUtf8, toHex } from './bytes';
import { children, content, readOid, readTlv, TAG, Tlv, whole } from './der';
import { NAME_ATTRIBUTES } from './oids';
import type { DistinguishedName, NameAttribute } from './model';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Why a directory string's bytes are not valid for its type, or undefined when they are. */
export function stringProblem(buf: Uint8Array, t: Tlv): string | undefined {
  const bytes = content(buf, t);
  if (t.tag === TAG.UTF8String) {
    try {
      strictUtf8.decode(bytes);
    } catch {
      return 'is not valid UTF-8 (shown with U+FFFD in its place)';
    }
  }
  if (t.tag === TAG.BMPString && bytes.length % 2) return 'is a BMPString of an odd number of bytes';
  if (t.tag === TAG.UniversalString && bytes.length % 4) return 'is a UniversalString whose length is not a multiple of 4';
  return undefined;
}

/** Text of a directory string (PrintableString, UTF8String, IA5, BMP, Universal, T61). */
export function readString(buf: Uint8Array, t: Tlv): string | undefined {
  const bytes = content(buf, t);
  switch (t.tag) {
    case TAG.UTF8String:
      return decodeUtf8(bytes);
    case TAG.PrintableString:
    case TAG.IA5String:
    case TAG.VisibleString:
    case 0x12: // NumericString
      return decodeLatin1(bytes);
    case TAG.T61String:
      // Teletex in practice holds Latin-1 (or UTF-8 from broken encoders).
      return decodeLatin1(bytes);
    case TAG.BMPString: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      return s;
    }
    case TAG.UniversalString: {
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return undefined;
  }
}

/** RFC 4514 section 2.4 escaping. */
export function escapeRfc4514(value: string): string {
  let s = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c).replace(/[\u0000-\u001f\u007f]/g, (c) =>
    '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'),
  );
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ') && !s.endsWith('\\ ')) s = s.slice(0, -1) + '\\ ';
  return s;
}

export function readName(buf: Uint8Array, nameTlv: Tlv): DistinguishedName {
  if (nameTlv.tag !== TAG.SEQUENCE) throw new Error('expected a Name (SEQUENCE)');
  const rdns: NameAttribute[][] = [];
  let commonName: string | undefined;
  for (const set of children(buf, nameTlv)) {
    const rdn: NameAttribute[] = [];
    for (const atv of children(buf, set)) {
      const oidTlv = readTlv(buf, atv.body, atv.end);
      const oid = readOid(buf, oidTlv);
      const valTlv = readTlv(buf, oidTlv.end, atv.end);
      const text = readString(buf, valTlv);
      const type = NAME_ATTRIBUTES[oid] ?? oid;
      const encoded = '#' + toHex(whole(buf, valTlv));
      const a: NameAttribute = { oid, type, value: text ?? encoded };
      // RFC 4514 2.4: a type in dotted form, or a value that is not a string, is written as #
      // and the hex of its BER encoding.
      if (type === oid || text === undefined) a.encoded = encoded;
      const problem = stringProblem(buf, valTlv);
      if (problem) a.problem = problem;
      rdn.push(a);
      if (oid === '2.5.4.3') commonName = a.value;
    }
    rdns.push(rdn);
  }
  return { rdns, rfc4514: formatRfc4514(rdns), commonName, der: whole(buf, nameTlv) };
}

export function formatRfc4514(rdns: NameAttribute[][]): string {
  const parts: string[] = [];
  for (let i = rdns.length - 1; i >= 0; i--) {
    parts.push(
      rdns[i]
        .map((a) => `${a.type}=${a.encoded ?? escapeRfc4514(a.value)}`)
        .join('+'),
    );
  }
  return parts.join(',');
}

/** A short label: the CN, else the first O/OU, else the whole RFC 4514 string. */
export function shortName(name: DistinguishedName): string {
  if (name.commonName) return name.commonName;
  for (const t of ['O', 'OU']) {
    for (const rdn of name.rdns) for (const a of rdn) if (a.type === t) return a.value;
  }
  return name.rfc4514 || '(empty subject)';
}
