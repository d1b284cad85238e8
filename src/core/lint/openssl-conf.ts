// openssl configuration and extension files (`openssl.cnf`, `*.ext`, heredocs writing them,
// `-addext` values): sections, `name = value` entries with offsets, and what the X.509 extension
// entries mean (basicConstraints, subjectAltName and its `@section`, extendedKeyUsage...).
// Written by hand: the format is a small INI dialect (NCONF) that no npm library reads with offsets.

export interface ConfEntry {
  key: string;
  value: string;
  keyStart: number;
  start: number;
  end: number;
  /** The value holds a `$var` (openssl's or the shell's, for a heredoc): not known here. */
  unknown: boolean;
  /**
   * For a heredoc the shell expanded: the source range of each character of `value` (a followed
   * variable's characters all map to its `$NAME`). Absent: value[i] is at start + i.
   */
  from?: number[];
  to?: number[];
}

export interface ConfSection {
  name: string;
  /** Range of the `[ name ]` header (0, 0 for the unnamed default section). */
  start: number;
  end: number;
  entries: ConfEntry[];
}

export interface OpensslConf {
  sections: Map<string, ConfSection>;
}

/**
 * Reads an openssl config text; offsets are shifted by `base`, or, for a text the shell expanded
 * (`map`, see `heredocText`), taken from the source range of each character. Linear; never throws.
 */
export function parseOpensslConf(text: string, base = 0, map?: { from: number[]; to: number[] }): OpensslConf {
  // Source offset where text[i] starts, and where text[0, i) ends.
  const S = (i: number) => (map ? map.from[i] ?? (map.to.length ? map.to[map.to.length - 1] : base) : base + i);
  const E = (i: number) => (map ? (i > 0 ? map.to[Math.min(i, map.to.length) - 1] : S(0)) : base + i);
  const sections = new Map<string, ConfSection>();
  let current: ConfSection = { name: '', start: base, end: base, entries: [] };
  sections.set('', current);
  let at = 0;
  for (const line of text.split('\n')) {
    const lineStart = at;
    at += line.length + 1;
    const hash = commentAt(line);
    const body = line.slice(0, hash);
    const sec = /^\s*\[\s*([^\]\s]+)\s*\]/.exec(body);
    if (sec) {
      const s = lineStart + body.indexOf('[');
      current = sections.get(sec[1]) ?? { name: sec[1], start: S(s), end: E(lineStart + sec[0].length), entries: [] };
      sections.set(sec[1], current);
      continue;
    }
    const eq = body.indexOf('=');
    if (eq <= 0) continue;
    const rawKey = body.slice(0, eq);
    const key = rawKey.trim();
    if (!key || /\s/.test(key)) continue;
    const rawValue = body.slice(eq + 1);
    const lead = rawValue.length - rawValue.trimStart().length;
    const value = rawValue.trim().replace(/^"(.*)"$/, '$1');
    const vs = lineStart + eq + 1 + lead;
    const trimmed = rawValue.trim();
    const e: ConfEntry = { key, value, keyStart: S(lineStart + rawKey.indexOf(key)), start: S(vs), end: E(vs + trimmed.length), unknown: /\$|\{\{|<[A-Za-z]/.test(value) };
    if (map) {
      const a = vs + (value.length < trimmed.length ? 1 : 0);
      e.from = map.from.slice(a, a + value.length);
      e.to = map.to.slice(a, a + value.length);
    }
    current.entries.push(e);
  }
  return { sections };
}

/** Where a `#` comment starts (openssl allows `\#` for a literal). */
function commentAt(line: string): number {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') { i++; continue; }
    if (line[i] === '#') return i;
  }
  return line.length;
}

export function entry(sec: ConfSection | undefined, key: string): ConfEntry | undefined {
  if (!sec) return undefined;
  for (let i = sec.entries.length - 1; i >= 0; i--) if (sec.entries[i].key === key) return sec.entries[i];
  return undefined;
}

/** The source range of value[a, b) of an entry (a heredoc's expanded value maps through its variables). */
export function valueRange(e: { start: number; end: number; from?: number[]; to?: number[] }, a: number, b: number): [number, number] {
  if (!e.from || !e.to) return [e.start + a, e.start + b];
  if (!e.from.length) return [e.start, e.end];
  return [e.from[Math.min(a, e.from.length - 1)], e.to[Math.max(0, Math.min(b, e.to.length) - 1)]];
}

/** One item of a comma-separated extension value, with its offsets. */
export interface ListItem { text: string; start: number; end: number }

/** Splits `a, b, c` with offsets (starting at `start`). */
export function listItems(value: string, start: number): ListItem[] {
  const out: ListItem[] = [];
  let at = 0;
  for (const part of value.split(',')) {
    const lead = part.length - part.trimStart().length;
    const t = part.trim();
    if (t) out.push({ text: t, start: start + at + lead, end: start + at + lead + t.length });
    at += part.length + 1;
  }
  return out;
}

/** `critical, CA:TRUE, pathlen:0` -> true / false / undefined when not said. */
export function caFlag(value: string): boolean | undefined {
  const m = /\bCA\s*:\s*(true|false)\b/i.exec(value);
  return m ? m[1].toLowerCase() === 'true' : undefined;
}

export interface SanItem { type: string; value: string; start: number; end: number; unknown: boolean }

/**
 * The names of a subjectAltName value: `DNS:a, IP:1.2.3.4, @alt_names` (a section's `DNS.1 = a`
 * entries). `missing` names `@sections` that the config does not have.
 */
export function sanItems(conf: OpensslConf | undefined, e: { value: string; start: number; end: number; unknown?: boolean; from?: number[]; to?: number[] }): { items: SanItem[]; missing: ListItem[] } {
  const items: SanItem[] = [];
  const missing: ListItem[] = [];
  for (const it of listItems(e.value, 0)) {
    if (it.text === 'critical') continue;
    if (it.text.startsWith('@')) {
      const sec = conf?.sections.get(it.text.slice(1).trim());
      const [a, b] = valueRange(e, it.start, it.end);
      if (!sec) { if (conf && !/\$/.test(it.text)) missing.push({ ...it, start: a, end: b }); continue; }
      for (const x of sec.entries) items.push({ type: x.key.replace(/\.\d+$/, '').replace(/^\d+\./, ''), value: x.value, start: x.start, end: x.end, unknown: x.unknown });
      continue;
    }
    const colon = it.text.indexOf(':');
    if (colon < 0) continue;
    const type = it.text.slice(0, colon).trim();
    const lead = it.text.slice(colon + 1).length - it.text.slice(colon + 1).trimStart().length;
    const v = it.text.slice(colon + 1).trim();
    const s = it.start + colon + 1 + lead;
    const [a, b] = valueRange(e, s, s + v.length);
    items.push({ type, value: v, start: a, end: b, unknown: !!e.unknown || /\$|\?/.test(v) });
  }
  return { items, missing };
}

/** What a subjectAltName entry is wrong about (openssl rejects a bad IP; a bad DNS name never matches). */
export function sanProblem(type: string, value: string, isIp: (s: string) => boolean): string | undefined {
  const t = type.toUpperCase();
  if (t === 'DNS') {
    if (!value) return 'an empty DNS name';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `"${value}" is a URL: a DNS entry is a bare host name (no scheme)`;
    if (/\s/.test(value)) return `"${value}" has a space: a DNS entry is one host name`;
    if (/:\d+$/.test(value)) return `"${value}" has a port: a DNS entry is a bare host name`;
    if (isIp(value)) return `"${value}" is an IP address: write it as IP.n (clients compare IP addresses only with IP SANs)`;
    const name = value.replace(/^\*\./, '').replace(/\.$/, '');
    for (const label of name.split('.')) {
      if (!label) return `"${value}" has an empty label`;
      if (label.length > 63) return `"${value}" has a label longer than 63 characters`;
      if (!/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label)) return `"${value}" has characters a host name cannot have ("${label}")`;
    }
    return undefined;
  }
  if (t === 'IP') return isIp(value) ? undefined : `"${value}" is not an IPv4 or IPv6 address: openssl refuses it ("bad ip address")`;
  return undefined;
}

/** What each extension line means and what Go and openssl do with it (hovers). */
export const EXTENSION_DOCS: Record<string, string> = {
  basicConstraints: '`basicConstraints`: whether the certificate is a CA (`CA:TRUE`) and how many CAs may follow it (`pathlen`). A leaf should say `CA:FALSE`; Firefox refuses a CA certificate as a server certificate, and Go and openssl let a `CA:TRUE` certificate sign others.',
  keyUsage: '`keyUsage`: what the key may do. Leaves: `digitalSignature` (and `keyEncipherment` for RSA key exchange); CAs: `keyCertSign`, `cRLSign`. Go ignores keyUsage on leaves; openssl and browsers check it.',
  extendedKeyUsage: '`extendedKeyUsage`: what the certificate is for. `serverAuth` for servers, `clientAuth` for mTLS clients. Go and openssl refuse a certificate whose EKU list lacks the purpose (Go: "x509: certificate specifies an incompatible key usage"); no EKU at all means any purpose.',
  subjectAltName: '`subjectAltName`: the names clients check (`DNS:`, `IP:`, `URI:`, `email:`, or `@section` with `DNS.1 = ...`). Go refuses certificates without SANs for host names since 1.15 ("x509: certificate relies on legacy Common Name field").',
  default_md: '`default_md`: the digest openssl signs with. `sha256` or better; SHA-1 and MD5 signatures are refused by Go ("x509: insecure algorithm SHA1-RSA") and by current browsers.',
  default_bits: '`default_bits`: the RSA key size `openssl req -newkey` generates. 2048 or more; OpenSSL at security level 2 (Debian, Ubuntu, RHEL defaults) refuses smaller keys in TLS ("ee key too small").',
  nsCertType: '`nsCertType`: an obsolete Netscape extension. Go and openssl verifiers read `extendedKeyUsage` instead; leave it out.',
  nsComment: '`nsComment`: an obsolete Netscape extension (a comment); verifiers ignore it.',
  subjectKeyIdentifier: '`subjectKeyIdentifier`: a hash of the public key that identifies it; `hash` is the usual value.',
  authorityKeyIdentifier: '`authorityKeyIdentifier`: which CA key signed the certificate, so verifiers find the issuer; `keyid,issuer` is the usual value.',
  default_days: '`default_days`: how long certificates signed with `openssl ca` live, unless `-days` says otherwise.',
};
