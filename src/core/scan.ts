// Finds and decodes every PKI object in a text or a file's bytes: PEM blocks wherever they are
// embedded, and base64 values (Secret data, caBundle) that hold PEM or DER.
import { Base64Error, decodeBase64, decodeLatin1, decodeUtf8 } from './bytes';
import type { ContainerCrypto, ContainerInfo, ContainerResult } from './containers';
import { decodeDer, decodeDerAll, IGNORED_LABELS, KNOWN_LABELS, PRIVATE_KEY_LABELS, suggestLabel } from './decode';
import type { Hasher } from './hash';
import { legacyEncryptedKey } from './keys';
import type { Decoded } from './model';
import { findPemBlocks, pemBody } from './pem';
import { runSteps } from './steps';

export type FoundSource = 'pem' | 'base64-pem' | 'base64-der' | 'der';

export interface FoundObject {
  /** Range in the scanned text that the object occupies (the PEM block, or the whole base64 value). */
  start: number;
  end: number;
  /** Offset of the BEGIN line (equal to `start` for PEM; the value start for base64). */
  source: FoundSource;
  label?: string;
  /** The YAML/JSON key the value sits under (`tls.crt`, `caBundle`), when there is one. */
  key?: string;
  /** Objects that form one bundle (contiguous PEM blocks, or one base64 value) share a group. */
  group: number;
  /** Position within the group, and the group's size. */
  index: number;
  groupSize: number;
  result: Decoded;
  /**
   * Set on what came out of a keystore or bundle (PKCS#12, JKS, PKCS#7): the container's summary
   * and the entry's alias. `placeholder`: not an object but the container's note on what it could
   * not read (encrypted parts that need a password): shown, never reported as a decode error.
   */
  container?: ContainerInfo & { alias?: string; placeholder?: boolean };
}

/** Keystore and bundle decoding, injected so callers that do not read them never load it. */
export interface ContainerSupport {
  decode(bytes: Uint8Array, opts: { hasher: Hasher; crypto?: ContainerCrypto; password?: string }): ContainerResult | undefined;
  crypto?: ContainerCrypto;
  /** A password the user gave for this scan (never stored). */
  password?: string;
}

export interface ScanOptions {
  hasher: Hasher;
  /** Read PKCS#12, JKS and PKCS#7 (PEM `PKCS7` blocks, base64 values, files). */
  containers?: ContainerSupport;
  /** Stop after this many objects (hostile input). */
  maxObjects?: number;
}

export interface ScanResult {
  objects: FoundObject[];
  /** True when the scan stopped at maxObjects. */
  truncated: boolean;
}

/**
 * Where a base64 value may start: PEM armor (`-----BEGIN` encoded) or a DER SEQUENCE (`MI`),
 * not inside a longer run. Only the start is a regular expression: the value's extent is found
 * by `base64ValueEnd`, a loop, since a quantified run in the pattern made V8 overflow its
 * backtracking stack on a 6 MB one-line value.
 */
const B64_START = /(?<![A-Za-z0-9+/=_-])(?:LS0tLS1CRUdJT|MI[A-Za-z0-9+/]|\/u3\+7[QR])/g;
/** Shortest value: the start and at least this many more symbols. */
const B64_MIN_REST = 40;
/** Base64 in base64 (a Secret holding a kubeconfig holding a CA) is decoded this many levels deep. */
const MAX_NESTING = 8;

function isBase64Symbol(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/**
 * The end of the base64 value whose start `B64_START` matched at `start` (`startLength` long):
 * the maximal run of symbols, at least B64_MIN_REST past the start, then at most two `=` not
 * followed by another symbol or `=`. Returns -(run end) when there is no value there, so the
 * caller resumes after the run (a start inside a run never matches). Linear in the run.
 */
function base64ValueEnd(text: string, start: number, startLength: number, limit: number): number {
  let i = start + startLength;
  while (i < limit && isBase64Symbol(text.charCodeAt(i))) i++;
  const runEnd = i;
  while (i < limit && i - runEnd < 3 && text.charCodeAt(i) === 61) i++;
  const next = i < limit ? text.charCodeAt(i) : -1;
  if (runEnd - start - startLength < B64_MIN_REST || next === 61 || isBase64Symbol(next)) return -Math.max(i, start + 1);
  return i;
}
const WINDOW = 256 * 1024;
const KEY_BEFORE = /["']?([A-Za-z0-9_.\-]+)["']?\s*[:=]\s*["']?$/;
/** Keys whose base64 value must be a certificate or key: a failed decode there is reported. */
export const CERT_KEYS = new Set(['tls.crt', 'tls.key', 'ca.crt', 'caBundle', 'ca.pem', 'cert.pem', 'key.pem', 'tls-combined.pem', 'keystore.p12', 'truststore.p12', 'keystore.jks', 'truststore.jks']);

function keyBefore(text: string, at: number): string | undefined {
  // Only the 200 characters before the value matter: never scan back over a huge line.
  const window = text.slice(Math.max(0, at - 200), at);
  const m = KEY_BEFORE.exec(window.slice(window.lastIndexOf('\n') + 1));
  return m?.[1];
}

const BLOCK_KEY = /["']?([A-Za-z0-9_.\-]+)["']?\s*:\s*[|>][-+0-9]*\s*(?:#.*)?$/;

/** The key a PEM block sits under: `ca.crt: |` on the line above, or `"ca.crt": "-----BEGIN` on its line. */
function pemKeyBefore(text: string, start: number): string | undefined {
  const window = text.slice(Math.max(0, start - 300), start);
  const nl = window.lastIndexOf('\n');
  const sameLine = window.slice(nl + 1);
  if (/\S/.test(sameLine)) return KEY_BEFORE.exec(sameLine)?.[1];
  if (nl < 0) return undefined;
  const above = window.slice(0, nl);
  return BLOCK_KEY.exec(above.slice(above.lastIndexOf('\n') + 1))?.[1];
}

function decodeBlock(text: string, block: ReturnType<typeof findPemBlocks>[number], hasher: Hasher): Decoded {
  if (block.armorError) return { ok: false, error: block.armorError };
  if (IGNORED_LABELS.has(block.label)) return { ok: false, error: `ignored: ${block.label}` };
  if (!KNOWN_LABELS.includes(block.label)) {
    const s = suggestLabel(block.label);
    return { ok: false, error: `unknown PEM label "${block.label}"${s ? `: did you mean "${s}"?` : ''}` };
  }
  const body = pemBody(text, block);
  let der: Uint8Array;
  try {
    der = decodeBase64(body.base64);
  } catch (e) {
    return { ok: false, error: e instanceof Base64Error ? e.message : String(e) };
  }
  if (der.length === 0) return { ok: false, error: 'the block is empty' };
  if (body.headers['Proc-Type']?.includes('ENCRYPTED') && PRIVATE_KEY_LABELS.has(block.label)) return { ok: true, object: legacyEncryptedKey(block.label, body.headers['DEK-Info'], der) };
  return decodeDer(der, block.label, hasher);
}

/**
 * The objects of a keystore or bundle at [start, end) (all in `group`), plus a placeholder
 * saying what it could not read; undefined when the bytes are no container (or containers are
 * not read by this caller).
 */
function containerObjects(bytes: Uint8Array, opts: ScanOptions, at: Omit<FoundObject, 'result' | 'index' | 'groupSize' | 'container'>): FoundObject[] | undefined {
  const support = opts.containers;
  if (!support) return undefined;
  const r = support.decode(bytes, { hasher: opts.hasher, crypto: support.crypto, password: support.password });
  if (!r) return undefined;
  const { entries, ...info } = r;
  const out: FoundObject[] = entries.map((e) => ({ ...at, index: 0, groupSize: 1, result: e.result, container: { ...info, alias: e.alias } }));
  if (info.locked.length || !out.length) {
    const why = info.locked.length ? info.locked.join('; ') : 'it holds no certificates or keys';
    out.push({ ...at, index: 0, groupSize: 1, result: { ok: false, error: `${info.summary}: ${why}` }, container: { ...info, placeholder: true } });
  }
  return out;
}

/** Labels of PEM blocks that may hold a PKCS#7 bundle. */
const PKCS7_LABELS = new Set(['PKCS7', 'CMS']);

/** True when only white space, quotes, commas, `+` or `\n` escapes separate two offsets. */
function adjacent(text: string, from: number, to: number): boolean {
  if (to - from > 64) return false;
  return /^(?:\s|\\[nrt]|["',+])*$/.test(text.slice(from, to));
}

export function scanText(text: string, opts: ScanOptions): ScanResult {
  return runSteps(scanSteps(text, opts));
}

/**
 * `scanText` as steps: the generator pauses after every decoded object, so a caller on a UI
 * thread can run it in time slices (see `runSliced`) instead of blocking on a 10 MB file.
 */
export function* scanSteps(text: string, opts: ScanOptions, nesting = 0): Generator<void, ScanResult, void> {
  const max = opts.maxObjects ?? 200_000;
  const objects: FoundObject[] = [];
  let group = -1;
  let truncated = false;
  const blocks = findPemBlocks(text, max + 1);
  if (blocks.length > max) {
    blocks.length = max;
    truncated = true;
  }
  let prevEnd = -1;
  for (const b of blocks) {
    if (opts.containers && PKCS7_LABELS.has(b.label) && !b.armorError) {
      let inner: FoundObject[] | undefined;
      try {
        inner = containerObjects(decodeBase64(pemBody(text, b).base64), opts, { start: b.start, end: b.end, source: 'pem', label: b.label, group: group + 1 });
      } catch {
        inner = undefined;
      }
      if (inner) {
        group++;
        prevEnd = -1; // a bundle is its own group: the next block starts another
        objects.push(...inner);
        yield;
        continue;
      }
    }
    const result = decodeBlock(text, b, opts.hasher);
    if (!result.ok && result.error.startsWith('ignored:')) continue;
    let key: string | undefined;
    if (prevEnd < 0 || !adjacent(text, prevEnd, b.start)) {
      group++;
      key = pemKeyBefore(text, b.start);
    } else key = objects[objects.length - 1]?.key;
    prevEnd = b.end;
    objects.push({ start: b.start, end: b.end, source: 'pem', label: b.label, key, group, index: 0, groupSize: 1, result });
    yield;
  }
  // base64 values outside PEM blocks.
  if (text.length > 40) {
    const covered = blocks;
    let ci = 0;
    // A fresh RegExp per call: the nested scan of base64-encoded PEM must not share lastIndex.
    const re = new RegExp(B64_START.source, 'g');
    // Windows of about 256 KiB ending at a line break (a value never spans lines), with a pause
    // between them, so a large text without base64 in it is not one long step either.
    const matches = function* (): Generator<{ s: number; e: number; isPem: boolean } | undefined> {
      for (let from = 0; from < text.length; ) {
        const nl = text.indexOf('\n', Math.min(text.length, from + WINDOW));
        const to = nl < 0 ? text.length : nl + 1;
        const win = from === 0 && to === text.length ? text : text.slice(from, to);
        re.lastIndex = 0;
        for (let m = re.exec(win); m; m = re.exec(win)) {
          const end = base64ValueEnd(win, m.index, m[0].length, win.length);
          re.lastIndex = Math.abs(end);
          if (end > 0) yield { s: from + m.index, e: from + end, isPem: m[0] === 'LS0tLS1CRUdJT' };
        }
        from = to;
        yield undefined;
      }
    };
    for (const m of matches()) {
      if (!m) { yield; continue; }
      if (objects.length >= max) { truncated = true; break; }
      const { s, e, isPem } = m;
      while (ci < covered.length && covered[ci].end <= s) ci++;
      if (ci < covered.length && covered[ci].start <= s) continue; // inside a PEM block
      yield;
      const key = keyBefore(text, s);
      let bytes: Uint8Array;
      try {
        bytes = decodeBase64(text, s, e);
      } catch (err) {
        if (isPem || (key && CERT_KEYS.has(key))) {
          group++;
          objects.push({ start: s, end: e, source: isPem ? 'base64-pem' : 'base64-der', key, group, index: 0, groupSize: 1, result: { ok: false, error: (err as Error).message } });
        }
        continue;
      }
      if (isPem) {
        group++;
        if (nesting >= MAX_NESTING) {
          objects.push({ start: s, end: e, source: 'base64-pem', key, group, index: 0, groupSize: 1, result: { ok: false, error: `base64-encoded PEM nested more than ${MAX_NESTING} levels deep: not decoded further` } });
          continue;
        }
        const inner = decodeUtf8(bytes);
        // In steps too: the decoded text may be megabytes.
        const sub = yield* scanSteps(inner, { ...opts, maxObjects: Math.max(1, max - objects.length) }, nesting + 1);
        if (sub.objects.length === 0) {
          objects.push({ start: s, end: e, source: 'base64-pem', key, group, index: 0, groupSize: 1, result: { ok: false, error: 'the base64 value decodes to text without a complete PEM block' } });
        }
        for (const o of sub.objects) {
          objects.push({ ...o, start: s, end: e, source: 'base64-pem', key, group });
        }
      } else {
        const inner = containerObjects(bytes, opts, { start: s, end: e, source: 'base64-der', key, group: group + 1 });
        if (inner) {
          group++;
          objects.push(...inner);
          continue;
        }
        const result = decodeDer(bytes, undefined, opts.hasher);
        if (!result.ok && !(key && CERT_KEYS.has(key))) continue; // some other base64 data
        group++;
        objects.push({ start: s, end: e, source: 'base64-der', key, group, index: 0, groupSize: 1, result });
      }
    }
    if (objects.length > 1) objects.sort((a, b) => a.start - b.start || a.group - b.group);
  }
  // Number the members of each group.
  const sizes = new Map<number, number>();
  for (const o of objects) sizes.set(o.group, (sizes.get(o.group) ?? 0) + 1);
  const seen = new Map<number, number>();
  for (const o of objects) {
    const i = seen.get(o.group) ?? 0;
    o.index = i;
    o.groupSize = sizes.get(o.group) ?? 1;
    seen.set(o.group, i + 1);
  }
  return { objects, truncated };
}

/** True when the bytes look like text rather than binary (no NUL in the first 8 KiB). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}

export type BytesScan = ScanResult & { kind: 'text' | 'der' | 'binary'; text?: string };

/** A file's bytes: text gets scanText, a DER structure is decoded whole, other binary is skipped. */
export function scanBytes(input: Uint8Array, opts: ScanOptions): BytesScan {
  return runSteps(scanBytesSteps(input, opts));
}

/** `scanBytes` as steps (see `scanSteps`). */
export function* scanBytesSteps(input: Uint8Array, opts: ScanOptions): Generator<void, BytesScan, void> {
  // A plain Uint8Array view: callers may pass Node Buffers, which must not leak into the model.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (opts.containers && bytes.length < 16 * 1024 * 1024) {
    // A keystore or bundle file (.p12, .pfx, .jks, .p7b/.p7c in DER).
    const inner = containerObjects(bytes, opts, { start: 0, end: 0, source: 'der', group: 0 });
    if (inner) {
      const kept = inner.slice(0, opts.maxObjects ?? 200_000);
      kept.forEach((o, i) => { o.index = i; o.groupSize = kept.length; });
      return { kind: 'der', objects: kept, truncated: kept.length < inner.length };
    }
  }
  if (bytes.length > 0 && bytes[0] === 0x30 && bytes.length < 16 * 1024 * 1024) {
    // One DER object, or several back to back (concatenated DER certificates).
    const results = decodeDerAll(bytes, opts.hasher);
    if (results.some((r) => r.ok) || !looksLikeText(bytes)) {
      const max = opts.maxObjects ?? 200_000;
      const kept = results.slice(0, max);
      const objects = kept.map((result, index): FoundObject => ({ start: 0, end: 0, source: 'der', group: 0, index, groupSize: kept.length, result }));
      return { kind: 'der', objects, truncated: results.length > max };
    }
  }
  if (!looksLikeText(bytes)) return { kind: 'binary', objects: [], truncated: false };
  const text = isUtf8ish(bytes) ? decodeUtf8(bytes) : yield* latin1Steps(bytes);
  const scan = yield* scanSteps(text, opts);
  if (scan.objects.length === 0 && bytes[0] === 0x30 && bytes.length > 1 && /[\u0000-\u0008\u000e-\u001f\u0080-\u00ff]/.test(text.slice(0, 64))) {
    // Starts like DER and is not readable text: report why it does not decode instead of skipping it.
    return { kind: 'der', objects: [{ start: 0, end: 0, source: 'der', group: 0, index: 0, groupSize: 1, result: decodeDer(bytes, undefined, opts.hasher) }], truncated: false };
  }
  return { kind: 'text', text, ...scan };
}

/** Bytes decoded as Latin-1 in slices of LATIN1_SLICE, with a pause after each (a 16 MB file is not one step). */
export const LATIN1_SLICE = 1 << 20;
export function* latin1Steps(bytes: Uint8Array): Generator<void, string, void> {
  if (bytes.length <= LATIN1_SLICE) return decodeLatin1(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += LATIN1_SLICE) {
    parts.push(decodeLatin1(bytes.subarray(i, i + LATIN1_SLICE)));
    yield;
  }
  return parts.join('');
}

function isUtf8ish(bytes: Uint8Array): boolean {
  // UTF-8 decoding keeps offsets meaningful for editors; Latin-1 is only for invalid UTF-8.
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (need < 0) return false;
    for (let j = 1; j <= need; j++) if (i + j < n && (bytes[i + j] & 0xc0) !== 0x80) return false;
    i += need;
  }
  return true;
}
