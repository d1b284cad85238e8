// Secret-hygiene sweep: finds private keys (PEM blocks, and base64 values such as a Secret's
// tls.key that hold PEM or DER keys), derives what would betray each one (32-character base64
// runs of its PEM body, its DER in hex, raw DER bytes, runs of the base64 of its whole PEM text
// as a Secret's tls.key holds it, and the "PRIVATE KEY-----" armor), and searches texts and
// files for them. A window (32 base64 or hex characters, 16 raw bytes) counts when it mostly
// covers secret bytes of the key (the private scalar, RSA's d, p, q and CRT values, the ciphertext of an
// encrypted key), so any PEM line holding part of the private value is found, while windows over
// only the algorithm header or the public key a key shares with its certificate are left out: a
// certificate is never mistaken for a key.
// A hit names the place, the key and the kind of match, never the secret (a hash stands for it).
// Used by test/integration/runner.mjs after every workspace run, and unit-tested.
import { createHash, createPrivateKey, type JsonWebKey } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { children, readTlv } from '../../src/core/der';

/** A private key and which of its DER bytes are secret. */
export interface SweepKey {
  label: string;
  der: Buffer;
  secret: boolean[];
  /** Exact PEM texts seen for this key (a Secret's tls.key is the base64 of one of them). */
  pems: string[];
}

export interface Hit {
  source: string;
  key: string;
  kind: 'pem-armor' | 'pem-body' | 'der-hex' | 'der-raw' | 'secret-value';
  offset: number;
  /** First 12 hex digits of the SHA-256 of the matched needle: identifies it without showing it. */
  needle: string;
}

export const WINDOW = 32;
const ARMOR = 'PRIVATE KEY-----';
const PEM_KEY = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
const B64_RUN = /[A-Za-z0-9+/]{60,}={0,2}/g;

/** Which DER bytes of a key are secret (undefined: not a private key we can read). */
function secretBytes(der: Buffer, label: string): boolean[] | undefined {
  const secret = new Array<boolean>(der.length).fill(false);
  const mark = (from: number, to: number) => { for (let i = from; i < to; i++) secret[i] = true; };
  if (label === 'ENCRYPTED PRIVATE KEY') {
    try {
      const outer = readTlv(der, 0);
      const [, data] = children(der, outer);
      if (!data || data.tag !== 0x04) return undefined;
      mark(data.body, data.end);
      return secret;
    } catch {
      return undefined;
    }
  }
  const type = label === 'RSA PRIVATE KEY' ? 'pkcs1' : label === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
  let jwk: JsonWebKey;
  try {
    jwk = createPrivateKey({ key: der, format: 'der', type }).export({ format: 'jwk' });
  } catch {
    return undefined;
  }
  let found = 0;
  for (const field of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    const v = jwk[field];
    if (typeof v !== 'string') continue;
    const bytes = Buffer.from(v, 'base64url');
    const at = der.indexOf(bytes);
    if (at >= 0) { mark(at, at + bytes.length); found++; }
  }
  return found ? secret : undefined;
}

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** Adds the key in `der` (armor `label`) to `into`, merging PEM texts of keys already there. */
function addKey(into: Map<string, SweepKey>, label: string, der: Buffer, where: string, pem?: string): void {
  const id = der.toString('base64');
  const known = into.get(id);
  if (known) {
    if (pem && !known.pems.includes(pem)) known.pems.push(pem);
    return;
  }
  const secret = secretBytes(der, label);
  if (!secret) return;
  into.set(id, { label: `${where} (${label.toLowerCase()}, sha256 ${digest(der)})`, der, secret, pems: pem ? [pem] : [] });
}

/**
 * Every private key in `text`: PEM blocks (also inside JSON strings with \n escapes) and base64
 * values holding a PEM key or a DER PKCS#8 key (a Secret's tls.key).
 */
export function findKeys(text: string, where: string, into: Map<string, SweepKey> = new Map()): Map<string, SweepKey> {
  const texts = [text];
  if (text.includes('\\n')) texts.push(text.replace(/\\r\\n|\\n/g, '\n'));
  for (const t of texts) {
    for (const m of t.matchAll(PEM_KEY)) addKey(into, m[1], Buffer.from(pemBody(m[0]), 'base64'), where, m[0].endsWith('\n') ? m[0] : m[0] + '\n');
    for (const m of t.matchAll(B64_RUN)) {
      const bytes = Buffer.from(m[0], 'base64');
      const decoded = bytes.toString('latin1');
      if (decoded.includes(ARMOR)) findKeys(decoded, where, into);
      else if (bytes[0] === 0x30) addKey(into, 'PRIVATE KEY', bytes, where);
    }
  }
  return into;
}

/** Files (not directories) under `dir`, skipping the paths `skip` says to. */
export function walkFiles(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const visit = (d: string) => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const name of names) {
      const p = join(d, name);
      if (skip(p)) continue;
      let st;
      try { st = lstatSync(p); } catch { continue; }
      if (st.isDirectory()) visit(p);
      else if (st.isFile()) out.push(p);
    }
  };
  visit(dir);
  return out;
}

/** The keys in every file below `dir` (files over 4 MB are skipped). */
export function findKeysInTree(dir: string, into: Map<string, SweepKey> = new Map(), skip?: (path: string) => boolean): Map<string, SweepKey> {
  for (const f of walkFiles(dir, skip)) {
    try {
      if (lstatSync(f).size > 4 * 1048576) continue;
      findKeys(readFileSync(f).toString('latin1'), f.slice(dir.length + 1) || f, into);
    } catch {
      /* unreadable: nothing to learn from it */
    }
  }
  return into;
}

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/**
 * A window is a needle when at least half of the bytes (or PEM characters) it covers are secret:
 * at least 64 random bits, so a window shared by two keys' common headers with a chance match
 * of a few secret bits never counts, while every PEM line holding 12 secret bytes still does.
 */
const mostlySecret = (secret: boolean[], first: number, last: number) => {
  let n = 0;
  for (let b = first; b <= last; b++) if (secret[b]) n++;
  return 2 * n >= last - first + 1;
};

/**
 * The windows of an encoding of the key (base64: 6 bits per character, hex: 4) that are mostly
 * secret. `stride` is the step between window starts.
 */
function secretWindows(encoded: string, secret: boolean[], bitsPerChar: number, stride = 1): string[] {
  const out: string[] = [];
  for (let c = 0; c + WINDOW <= encoded.length; c += stride) {
    const first = Math.floor((c * bitsPerChar) / 8);
    const last = Math.floor(((c + WINDOW) * bitsPerChar - 1) / 8);
    if (mostlySecret(secret, first, last)) out.push(encoded.slice(c, c + WINDOW));
  }
  return out;
}

/** For a PEM text of a key: which of its characters encode secret DER bits. */
function secretPemChars(pem: string, key: SweepKey): boolean[] {
  const out = new Array<boolean>(pem.length).fill(false);
  const begin = pem.indexOf('\n');
  let k = 0;
  for (let i = begin + 1; i < pem.length && pem[i] !== '-'; i++) {
    if (/\s/.test(pem[i])) continue;
    const first = Math.floor((k * 6) / 8);
    const last = Math.floor((k * 6 + 5) / 8);
    out[i] = key.secret[first] === true || key.secret[last] === true;
    k++;
  }
  return out;
}

type Needle = { key: string; kind: Hit['kind'] };

export interface Needles {
  b64: Map<string, Needle>;
  hex: Map<string, string>;
  raw: Map<string, string>;
  count: number;
}

/** What betrays each key: window text → key label (and, for base64, which encoding matched). */
export function needlesFor(keys: Iterable<SweepKey>): Needles {
  const n: Needles = { b64: new Map(), hex: new Map(), raw: new Map(), count: 0 };
  for (const key of keys) {
    for (const w of secretWindows(key.der.toString('base64'), key.secret, 6)) n.b64.set(w, { key: key.label, kind: 'pem-body' });
    // A Secret's tls.key: the base64 of the whole PEM text (as written, and the canonical form).
    const pems = new Set([...key.pems, canonicalPem(key)]);
    for (const pem of pems) {
      for (const w of secretWindows(Buffer.from(pem, 'latin1').toString('base64'), secretPemChars(pem, key), 6)) {
        if (!n.b64.has(w)) n.b64.set(w, { key: key.label, kind: 'secret-value' });
      }
    }
    const hex = key.der.toString('hex');
    for (const w of secretWindows(hex, key.secret, 4, 2)) n.hex.set(w, key.label);
    // Colon-separated hex (openssl's and our own display style): 16 bytes, 47 characters.
    for (let b = 0; b + 16 <= key.der.length; b++) {
      if (!mostlySecret(key.secret, b, b + 15)) continue;
      n.hex.set(hex.slice(2 * b, 2 * b + 32).replace(/(..)(?!$)/g, '$1:'), key.label);
      n.raw.set(key.der.subarray(b, b + 16).toString('latin1'), key.label);
    }
  }
  n.count = n.b64.size + n.hex.size + n.raw.size;
  return n;
}

function canonicalPem(key: SweepKey): string {
  const label = key.pems[0]?.match(/-----BEGIN ([A-Z ]+)-----/)?.[1] ?? 'PRIVATE KEY';
  const body = key.der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 97 && c <= 102);
}

/** The maximal runs [start, end) of characters passing `ok` that are at least `min` long. */
function runs(text: string, ok: (c: number) => boolean, min: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inRun = i < text.length && ok(text.charCodeAt(i));
    if (inRun && start < 0) start = i;
    else if (!inRun && start >= 0) {
      if (i - start >= min) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** Searches one text (or file content read as latin1) for key material. */
export function searchText(source: string, text: string, needles: Needles, binary = false, armor = true): Hit[] {
  const hits: Hit[] = [];
  const add = (kind: Hit['kind'], key: string, offset: number, needle: string) => {
    if (!hits.some((h) => h.kind === kind && h.key === key)) hits.push({ source, key, kind, offset, needle: digest(needle) });
  };
  const at = armor ? text.indexOf(ARMOR) : -1;
  if (at >= 0) add('pem-armor', '(any key)', at, ARMOR);
  // Line breaks, JSON escapes and indentation may split a value: search with them removed.
  const flat = text.replace(/\\r|\\n|\\t|\s+/g, '');
  // Runs are found by a linear scan, not a regex: a huge file (a fuzz input another process left
  // in the temp folder) overflowed the regex engine's stack.
  for (const [start, end] of runs(flat, isBase64Char, 32)) {
    for (let i = start; i + WINDOW <= end; i++) {
      const w = flat.slice(i, i + WINDOW);
      const n = needles.b64.get(w);
      if (n) add(n.kind, n.key, i, w);
    }
  }
  const lower = flat.toLowerCase();
  for (const [start, end] of runs(lower, isHexOrColon, 32)) {
    // Plain hex windows, and colon-separated ones (47 characters) at every offset.
    for (let i = start; i < end; i++) {
      for (const width of [WINDOW, 47]) {
        if (i + width > end) continue;
        const w = lower.slice(i, i + width);
        const key = needles.hex.get(w);
        if (key) add('der-hex', key, i, w);
      }
    }
  }
  if (binary) {
    for (let i = 0; i + 16 <= text.length; i++) {
      const key = needles.raw.get(text.slice(i, i + 16));
      if (key) add('der-raw', key, i, text.slice(i, i + 16));
    }
  }
  return hits;
}

/** Keys the needles would not find if their whole PEM body leaked (should be none). */
export function undetectable(keys: Iterable<SweepKey>, needles: Needles): string[] {
  return [...keys].filter((k) => !searchText('self-check', k.der.toString('base64'), needles).some((h) => h.key === k.label)).map((k) => k.label);
}

export interface SweepSource {
  name: string;
  text?: string;
  file?: string;
  /** Only this run's keys count, not the armor of any key (files other processes may write). */
  keysOnly?: boolean;
}

/** Searches every source; files are read here (binary ones byte for byte), over `maxBytes` skipped. */
export function sweep(sources: SweepSource[], needles: Needles, maxBytes = 64 * 1048576): { hits: Hit[]; scanned: number; bytes: number; skipped: string[] } {
  const hits: Hit[] = [];
  const skipped: string[] = [];
  let scanned = 0;
  let bytes = 0;
  for (const s of sources) {
    let text = s.text;
    let binary = false;
    if (s.file !== undefined) {
      try {
        const st = lstatSync(s.file);
        if (st.size > maxBytes) { skipped.push(`${s.name} (${st.size} bytes)`); continue; }
        const buf = readFileSync(s.file);
        binary = buf.includes(0);
        text = buf.toString(binary ? 'latin1' : 'utf8');
      } catch {
        continue;
      }
    }
    if (text === undefined) continue;
    scanned++;
    bytes += text.length;
    hits.push(...searchText(s.name, text, needles, binary, !s.keysOnly));
  }
  return { hits, scanned, bytes, skipped };
}
