// A small DER writer: the encoding side of ../der.ts, for building certificates, CSRs and keys.
// Every function returns a complete TLV; callers nest them.

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const head = [tag, ...lengthBytes(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** SET OF: DER sorts the encoded elements. */
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...[...parts].sort(compareBytes));

/** INTEGER from unsigned big-endian magnitude bytes (minimal encoding, positive). */
export function uint(magnitude: Uint8Array): Uint8Array {
  let p = 0;
  while (p < magnitude.length - 1 && magnitude[p] === 0) p++;
  const m = magnitude.subarray(p);
  if (m.length === 0) return tlv(0x02, new Uint8Array([0]));
  return m[0] & 0x80 ? tlv(0x02, new Uint8Array([0]), m) : tlv(0x02, m);
}

export function int(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`DER INTEGER out of range: ${n}`);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return uint(new Uint8Array(bytes.length ? bytes : [0]));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Error(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (v: number) => {
    const b: number[] = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, new Uint8Array(out));
}

export const NULL = new Uint8Array([0x05, 0x00]);

export const bool = (v: boolean): Uint8Array => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00]);

export const octets = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);

export const bitString = (bytes: Uint8Array, unused = 0): Uint8Array => tlv(0x03, new Uint8Array([unused]), bytes);

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => tlv(0x0c, encoder.encode(s));
export const printable = (s: string): Uint8Array => tlv(0x13, encoder.encode(s));

export function ia5(s: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s)) throw new Error(`not ASCII (IA5String): ${JSON.stringify(s)}`);
  return tlv(0x16, encoder.encode(s));
}

/** Context-specific tag [n]: constructed (explicit / nested) or primitive (implicit). */
export const ctx = (n: number, constructed: boolean, ...parts: Uint8Array[]): Uint8Array =>
  tlv((constructed ? 0xa0 : 0x80) | n, ...parts);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; seconds, Z, no fraction. */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, encoder.encode(pad(y % 100) + rest));
  return tlv(0x18, encoder.encode(pad(y, 4) + rest));
}

/** Named-bit BIT STRING (key usage): DER drops trailing zero bits. */
export function namedBits(bits: number[]): Uint8Array {
  if (!bits.length) return bitString(new Uint8Array(0));
  const max = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  return bitString(bytes, 7 - (max & 7));
}
