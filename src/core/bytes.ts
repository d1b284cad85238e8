// Byte helpers shared by the decoders: base64 (standard alphabet), hex, and comparison.
// Pure TypeScript: no Node Buffer, so the core also runs in a browser.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) LOOKUP[B64.charCodeAt(i)] = i;
// Accept the URL-safe alphabet too: it turns up in JWK-ish tooling.
LOOKUP['-'.charCodeAt(0)] = 62;
LOOKUP['_'.charCodeAt(0)] = 63;

export class Base64Error extends Error {}

/** True for the characters that may appear between base64 symbols (and are ignored). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/**
 * Decodes base64, ignoring white space. Throws Base64Error naming the first bad character
 * (with its index in `text`) or a bad length.
 */
export function decodeBase64(text: string, start = 0, end = text.length): Uint8Array {
  const out = new Uint8Array(Math.floor(((end - start) * 3) / 4) + 3);
  let acc = 0;
  let bits = 0;
  let n = 0;
  let pad = 0;
  let symbols = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) {
      pad++;
      continue;
    }
    if (isSpace(c)) continue;
    const v = c < 256 ? LOOKUP[c] : -1;
    if (v < 0 || pad > 0) {
      const ch = text[i];
      throw new Base64Error(
        pad > 0
          ? `base64 data continues after '=' padding at offset ${i - start}`
          : `invalid base64 character ${JSON.stringify(ch)} at offset ${i - start}`,
      );
    }
    symbols++;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (pad > 2 || symbols % 4 === 1) {
    throw new Base64Error(`base64 data has a bad length (${symbols} symbols): it looks truncated`);
  }
  return out.subarray(0, n);
}

export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  if (i < bytes.length) {
    const v = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < bytes.length ? B64[(v >> 6) & 63] : '=') + '=';
  }
  return s;
}

/** PEM armor around DER bytes, 64 columns. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** ASCII codes of the hex digits of each byte (high, low), for toHex. */
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) { HEX_CODES[2 * i] = HEX[i].charCodeAt(0); HEX_CODES[2 * i + 1] = HEX[i].charCodeAt(1); }
let hexScratch = new Uint8Array(256);
const ascii = new TextDecoder();

export function toHex(bytes: Uint8Array, sep = ''): string {
  if (sep || bytes.length < 8) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += (i && sep ? sep : '') + HEX[bytes[i]];
    return s;
  }
  // One flat string decoded from the digits' codes: appending two digits at a time made a
  // string object per byte (most of the garbage of reading 1,000 certificates' keys and key ids).
  const n = bytes.length * 2;
  if (hexScratch.length < n) hexScratch = new Uint8Array(n);
  for (let i = 0; i < bytes.length; i++) { hexScratch[2 * i] = HEX_CODES[2 * bytes[i]]; hexScratch[2 * i + 1] = HEX_CODES[2 * bytes[i] + 1]; }
  return ascii.decode(hexScratch.subarray(0, n));
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Decodes UTF-8 without throwing (bad sequences become U+FFFD). */
const utf8 = new TextDecoder('utf-8', { fatal: false });
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * Bytes as ISO-8859-1 (each byte one code unit), in chunks of 8 KiB: one character at a time
 * took seconds for 16 MB, and one `apply` over everything overflows the stack. Not
 * `TextDecoder('latin1')`: WHATWG maps that label to windows-1252, which changes 0x80-0x9f.
 */
export function decodeLatin1(bytes: Uint8Array): string {
  const CHUNK = 8192;
  const chunk = (from: number) => String.fromCharCode.apply(null, bytes.subarray(from, from + CHUNK) as unknown as number[]);
  if (bytes.length <= CHUNK) return chunk(0);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(chunk(i));
  return parts.join('');
}

/** Colon-separated uppercase hex, the way openssl and browsers show fingerprints. */
export function fingerprintDisplay(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

function fnv1a(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

/**
 * Values by the bytes they were read from (a hash, then a byte-for-byte comparison), at most
 * `max` of them (cleared when full): what repeats across thousands of certificates (OIDs, the
 * issuer's Name) is read once.
 */
export class ByteMemo<T> {
  private readonly map = new Map<number, { bytes: Uint8Array; value: T }[]>();
  private count = 0;
  constructor(private readonly max: number) {}

  get(buf: Uint8Array, start: number, end: number): T | undefined {
    const bucket = this.map.get(fnv1a(buf, start, end));
    if (!bucket) return undefined;
    const len = end - start;
    for (const e of bucket) {
      if (e.bytes.length !== len) continue;
      let i = 0;
      while (i < len && e.bytes[i] === buf[start + i]) i++;
      if (i === len) return e.value;
    }
    return undefined;
  }

  /** `bytes` must not change afterwards. */
  set(bytes: Uint8Array, value: T): void {
    if (this.count >= this.max) { this.map.clear(); this.count = 0; }
    const h = fnv1a(bytes, 0, bytes.length);
    const bucket = this.map.get(h);
    if (bucket) bucket.push({ bytes, value }); else this.map.set(h, [{ bytes, value }]);
    this.count++;
  }
}
