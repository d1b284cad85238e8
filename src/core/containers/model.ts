// What a keystore or bundle holds, as every feature shows it: the objects it could read, what it
// could not read and why, and whether its integrity was checked.
import type { Hasher } from '../hash';
import type { Decoded } from '../model';
import type { ContainerCrypto } from './crypto';

export type ContainerFormat = 'PKCS#12' | 'JKS' | 'PKCS#7';

export interface ContainerEntry {
  result: Decoded;
  /** PKCS#12 friendlyName, or the JKS alias. */
  alias?: string;
}

export interface ContainerInfo {
  format: ContainerFormat;
  /** One line for people: "PKCS#12: 1 private key, 2 certificates; MAC verified (SHA-256)". */
  summary: string;
  /** What could not be read, each with why and what to do ("2 certificate bags encrypted with ...: a password is needed"). */
  locked: string[];
  /** verified / failed (wrong password or altered file) / unchecked (no password) / none (the format has none). */
  integrity: 'verified' | 'failed' | 'unchecked' | 'none';
  /** A password would show more, or check the integrity. */
  needsPassword: boolean;
}

export interface ContainerResult extends ContainerInfo {
  entries: ContainerEntry[];
}

export interface ContainerOptions {
  hasher: Hasher;
  /** Decryption and MAC primitives; without them only what is stored in the clear is read. */
  crypto?: ContainerCrypto;
  /** The password the user gave (never guessed: PKCS#12 files are also tried with no and the empty password). */
  password?: string;
}

/** At most this many objects are read from one keystore or bundle (hostile input). */
export const MAX_ENTRIES = 10_000;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "1 private key, 2 certificates" for the entries read. */
export function countText(entries: ContainerEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const t = e.result.ok ? (e.result.object.type === 'private-key' ? 'private key' : e.result.object.type === 'crl' ? 'CRL' : e.result.object.type === 'csr' ? 'certificate request' : e.result.object.type.replace('-', ' ')) : 'undecodable entry';
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts.size ? [...counts].map(([t, n]) => plural(n, t)).join(', ') : 'nothing readable';
}
