// Certificates and keys that lint rules read out of YAML values (Secret `data` in base64,
// `stringData` and ConfigMap `data` in PEM, Helm values holding PEM) and out of plain `.pem`
// files, with positions in the file: one reader (src/core/scan.ts) for all of them, decoded
// once per distinct text (edits elsewhere in the workspace do not decode them again).
import type { Node } from 'yaml';
import { portableHasher } from '../hash';
import type { CertificateInfo, PrivateKeyInfo } from '../model';
import { scanText, type FoundObject } from '../scan';
import { entries, get, isUnknown, mayBeTemplatedAt, range, str, valueOffsetMapper, type Manifest, type ParsedFile } from './model';

export type SourceFile = ParsedFile | { path: string; text: string };

export interface Located<T> { value: T; start: number; end: number }

/** The PKI objects of one value or file, positions in `file`. */
export interface Material {
  file: SourceFile;
  /** Where the value (or file) is: findings about the whole of it point here. */
  start: number;
  end: number;
  /** Whether this is a `.pem` file (not a YAML value). */
  isFile: boolean;
  certs: Array<Located<CertificateInfo>>;
  keys: Array<Located<PrivateKeyInfo>>;
  /** Objects that did not decode (other rules report them); the material is then incomplete. */
  broken: number;
}

/** An entry that is there but unknown (templated, substituted): rules skip it. */
export const UNKNOWN = 'unknown' as const;
export type Entry = Material | typeof UNKNOWN | undefined;

/** Scans are cached by text: bounded, cleared when full (a workspace rarely holds more). */
const MAX_CACHED = 256;
const scans = new Map<string, FoundObject[]>();

function scan(text: string): FoundObject[] {
  let hit = scans.get(text);
  if (hit) return hit;
  try {
    hit = scanText(text, { hasher: portableHasher, maxObjects: 64 }).objects;
  } catch {
    hit = [];
  }
  if (scans.size >= MAX_CACHED) scans.clear();
  scans.set(text, hit);
  return hit;
}

function material(file: SourceFile, text: string, start: number, end: number, map: (o: number) => number, isFile: boolean): Material {
  const out: Material = { file, start, end, isFile, certs: [], keys: [], broken: 0 };
  for (const f of scan(text)) {
    const s = map(f.start), e = map(f.end);
    if (!f.result.ok) { out.broken++; continue; }
    const o = f.result.object;
    if (o.type === 'certificate') out.certs.push({ value: o, start: s, end: e });
    else if (o.type === 'private-key') out.keys.push({ value: o, start: s, end: e });
  }
  return out;
}

/** The PKI objects in a YAML scalar (PEM text, or base64 of PEM or DER). */
export function materialOfNode(file: ParsedFile, node: Node | undefined): Entry {
  if (!node) return undefined;
  if (isUnknown(file, node) || mayBeTemplatedAt(file, node)) return UNKNOWN;
  const text = str(node);
  if (text === undefined) return undefined;
  const [s, e] = range(node);
  const at = valueOffsetMapper(file, node);
  return material(file, text, s, e, at, false);
}

/** The PKI objects of a plain file (`ca-cert.pem`). */
export function materialOfFile(file: { path: string; text: string }): Material {
  return material(file, file.text, 0, file.text.length, (o) => o, true);
}

/** A Secret's (or ConfigMap's) entry `key`: stringData wins over data, as the API server merges them. */
export function secretEntry(m: Manifest, key: string): Entry {
  for (const field of ['stringData', 'data']) {
    const map = get(m.root, field);
    const e = entries(map).find((x) => x.key === key);
    if (e) return materialOfNode(m.file, e.value);
  }
  // A templated data map may hold it.
  if (mayBeTemplatedAt(m.file, m.root, 'data') || mayBeTemplatedAt(m.file, m.root, 'stringData')) return UNKNOWN;
  return undefined;
}

/** The key node of a Secret entry, for findings about a missing or wrong entry. */
export function entryKeyNode(m: Manifest, key: string): Node | undefined {
  for (const field of ['stringData', 'data']) {
    const e = entries(get(m.root, field)).find((x) => x.key === key);
    if (e) return e.keyNode;
  }
  return undefined;
}

/** Whether a certificate's public key is the private key's (undefined when the key does not tell: encrypted). */
export function keyMatches(cert: CertificateInfo, key: PrivateKeyInfo): boolean | undefined {
  const id = key.publicKey.keyMaterialHex;
  if (!id || key.encrypted) return undefined;
  return cert.publicKey.keyMaterialHex === id;
}

/** Whether `child` names `parent` as its issuer (subject DN, and key identifiers when both are given). */
export function issuedBy(child: CertificateInfo, parent: CertificateInfo): boolean {
  if (!sameBytes(child.issuer.der, parent.subject.der)) return false;
  return !child.authorityKeyId || !parent.subjectKeyId || child.authorityKeyId === parent.subjectKeyId;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** "CN=istiod-ca" or the RFC 4514 subject. */
export function certName(c: CertificateInfo): string {
  return c.subject.commonName ? `CN=${c.subject.commonName}` : c.subject.rfc4514 || 'with an empty subject';
}

export const DAY_MS = 86_400_000;

/** Days between now and the certificate's notAfter, rounded down (negative when expired). */
export function daysLeft(c: CertificateInfo, now: Date): number {
  return Math.floor((c.notAfter.getTime() - now.getTime()) / DAY_MS);
}
