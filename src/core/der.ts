// A small, strict DER reader. Every read is bounds-checked and throws DerError with the
// offset, so truncated or hostile input becomes a clear message, never an out-of-range read.
import { ByteMemo } from './bytes';

export class DerError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    // No stack trace: a DerError is an answer about the input, caught and shown as a message,
    // and capturing the stack cost most of the time of a file of 18,000 broken blocks.
    const E = Error as { stackTraceLimit?: number };
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 0;
    try {
      super(`${message} (at byte ${offset})`);
    } finally {
      E.stackTraceLimit = limit;
    }
    this.offset = offset;
  }
}

export interface Tlv {
  /** The full identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  body: number;
  /** Offset just past the last content octet. */
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  VisibleString: 0x1a,
  UniversalString: 0x1c,
  BMPString: 0x1e,
} as const;

/** Maximum nesting the walkers accept; deeper input is rejected, not recursed into. */
export const MAX_DEPTH = 64;

export function readTlv(buf: Uint8Array, pos: number, limit = buf.length): Tlv {
  if (pos >= limit) throw new DerError('unexpected end of data: expected a DER element', pos);
  const tag = buf[pos];
  if ((tag & 0x1f) === 0x1f) {
    const next = pos + 1 < limit ? buf[pos + 1] : 0x80;
    if (next < 0x1f) throw new DerError(`tag number ${next} is written in the long form, which DER allows only from 31 on (X.690 8.1.2)`, pos);
    throw new DerError('multi-byte tags are not supported', pos);
  }
  if (pos + 1 >= limit) throw new DerError('truncated DER length', pos + 1);
  let len = buf[pos + 1];
  let body = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not allowed in DER', pos + 1);
    if (n > 4) throw new DerError(`length field of ${n} bytes is too large`, pos + 1);
    if (body + n > limit) throw new DerError('truncated DER length', pos + 1);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i];
    // X.690 10.1: DER writes every length in the fewest octets (short form below 128).
    if (len < 0x80 || buf[body] === 0) throw new DerError(`length ${len} is not in DER's shortest form (X.690 10.1)`, pos + 1);
    body += n;
  }
  const end = body + len;
  if (end > limit) {
    throw new DerError(`element claims ${len} bytes but only ${limit - body} remain: the data is truncated`, pos);
  }
  return { tag, start: pos, body, end };
}

export function expect(buf: Uint8Array, pos: number, tag: number, what: string, limit = buf.length): Tlv {
  const t = readTlv(buf, pos, limit);
  if (t.tag !== tag) {
    throw new DerError(`expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${t.tag.toString(16)}`, pos);
  }
  return t;
}

/** The children of a constructed element. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.body;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
    if (out.length > 100_000) throw new DerError('too many elements', p);
  }
  return out;
}

export function content(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.body, t.end);
}

export function whole(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** OIDs already read: the same few dozen repeat in every certificate. */
const oids = new ByteMemo<string>(4096);

export function readOid(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== TAG.OID) throw new DerError('expected an OBJECT IDENTIFIER', t.start);
  if (t.end === t.body) throw new DerError('empty OBJECT IDENTIFIER', t.start);
  if (t.end - t.body > 32) return oidText(buf, t);
  let oid = oids.get(buf, t.body, t.end);
  if (oid === undefined) {
    oid = oidText(buf, t);
    oids.set(buf.slice(t.body, t.end), oid);
  }
  return oid;
}

function oidText(buf: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  let first = true;
  for (let i = t.body; i < t.end; i++) {
    const b = buf[i];
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) throw new DerError('OBJECT IDENTIFIER arc too large', i);
    if (!(b & 0x80)) {
      if (first) {
        const a = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a, v - a * 40);
        first = false;
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function readBoolean(buf: Uint8Array, t: Tlv): boolean {
  if (t.tag !== TAG.BOOLEAN || t.end - t.body !== 1) throw new DerError('expected a BOOLEAN', t.start);
  return buf[t.body] !== 0;
}

/** Unsigned magnitude of an INTEGER as lowercase hex without leading zero bytes ("0" for zero). */
export function readIntegerHex(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== TAG.INTEGER && (t.tag & 0x1f) !== 0x02) throw new DerError('expected an INTEGER', t.start);
  let p = t.body;
  while (p < t.end - 1 && buf[p] === 0) p++;
  let s = '';
  for (let i = p; i < t.end; i++) s += buf[i].toString(16).padStart(2, '0');
  s = s.replace(/^0+(?=.)/, '');
  return s || '0';
}

export function readSmallInteger(buf: Uint8Array, t: Tlv): number {
  if ((t.tag & 0x1f) !== 0x02) throw new DerError('expected an INTEGER', t.start);
  if (t.end - t.body > 6) throw new DerError('INTEGER too large', t.start);
  let v = 0;
  for (let i = t.body; i < t.end; i++) v = v * 256 + buf[i];
  if (t.end > t.body && buf[t.body] & 0x80) v -= 2 ** (8 * (t.end - t.body));
  return v;
}

/**
 * A serial number as openssl prints it (`openssl x509 -serial`), in lowercase: the magnitude
 * in hex without leading zeros, and for the negative serials RFC 5280 forbids but real
 * certificates carry, `-` and the magnitude's bytes (two's complement `fbce996c13` is
 * `-04316693ed`).
 */
export function readSerialHex(buf: Uint8Array, t: Tlv): string {
  if (t.end === t.body || !(buf[t.body] & 0x80)) return readIntegerHex(buf, t);
  const mag = new Uint8Array(t.end - t.body);
  let carry = 1; // two's complement: invert every bit, add one
  for (let i = mag.length - 1; i >= 0; i--) {
    const v = (~buf[t.body + i] & 0xff) + carry;
    mag[i] = v & 0xff;
    carry = v >> 8;
  }
  let p = 0;
  while (p < mag.length - 1 && mag[p] === 0) p++;
  let s = '-';
  for (let i = p; i < mag.length; i++) s += mag[i].toString(16).padStart(2, '0');
  return s;
}

/** Bit length of an unsigned INTEGER (RSA modulus size). */
export function integerBitLength(buf: Uint8Array, t: Tlv): number {
  let p = t.body;
  while (p < t.end && buf[p] === 0) p++;
  if (p === t.end) return 0;
  return (t.end - p - 1) * 8 + (32 - Math.clz32(buf[p]));
}

/** BIT STRING content without the unused-bits octet. */
export function readBitString(buf: Uint8Array, t: Tlv): { bytes: Uint8Array; unused: number } {
  if (t.tag !== TAG.BIT_STRING) throw new DerError('expected a BIT STRING', t.start);
  if (t.end === t.body) throw new DerError('empty BIT STRING', t.start);
  return { bytes: buf.subarray(t.body + 1, t.end), unused: buf[t.body] };
}

function two(buf: Uint8Array, i: number): number {
  const a = buf[i] - 48;
  const b = buf[i + 1] - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) throw new DerError('invalid digit in time', i);
  return a * 10 + b;
}

/** The characters of a short string element, printable ASCII only, for error messages. */
function shown(buf: Uint8Array, t: Tlv): string {
  let s = '';
  for (let i = t.body; i < t.end && i < t.body + 24; i++) s += buf[i] >= 0x20 && buf[i] < 0x7f ? String.fromCharCode(buf[i]) : '?';
  return t.end - t.body > 24 ? s + '...' : s;
}

/**
 * UTCTime / GeneralizedTime in the only form DER certificates and CRLs may use (RFC 5280
 * 4.1.2.5): `YYMMDDHHMMSSZ` (13 characters) or `YYYYMMDDHHMMSSZ` (15), seconds present, no
 * fraction, no offset. Anything else is rejected as openssl and pyca do, never guessed at.
 */
export function readTime(buf: Uint8Array, t: Tlv): Date {
  const len = t.end - t.body;
  let p = t.body;
  let year: number;
  if (t.tag === TAG.UTCTime) {
    if (len !== 13 || buf[t.end - 1] !== 0x5a) {
      throw new DerError(`UTCTime "${shown(buf, t)}" is not YYMMDDHHMMSSZ (13 characters ending in Z, RFC 5280 4.1.2.5.1)`, t.start);
    }
    const yy = two(buf, p);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    p += 2;
  } else if (t.tag === TAG.GeneralizedTime) {
    if (len !== 15 || buf[t.end - 1] !== 0x5a) {
      throw new DerError(`GeneralizedTime "${shown(buf, t)}" is not YYYYMMDDHHMMSSZ (15 characters ending in Z, RFC 5280 4.1.2.5.2)`, t.start);
    }
    year = two(buf, p) * 100 + two(buf, p + 2);
    p += 4;
  } else throw new DerError(`expected UTCTime or GeneralizedTime, found tag 0x${t.tag.toString(16)}`, t.start);
  const month = two(buf, p);
  const day = two(buf, p + 2);
  const hour = two(buf, p + 4);
  const minute = two(buf, p + 6);
  const second = two(buf, p + 8);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999 (Go's zero time is 0001-01-01).
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  if (month < 1 || month > 12 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`time "${shown(buf, t)}" has a field out of range (month, day of month, hour, minute or second)`, t.start);
  }
  return d;
}
