// Writing what the authoring core produced: certificates 0644, private keys 0600 (set on
// creation and again after writing, so an overwritten key file cannot keep a wider mode).
// Existing files are only replaced when the caller says so (after asking the user).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorError, loadCa, privateKeyPem } from '../core/author';
import type { AuthoredFiles, Ca } from '../core/author';

export const KEY_MODE = 0o600;

export interface WriteOptions {
  /** Name of the key file (ca.key, tls.key); required when `authored.key` is set. */
  keyName?: string;
  /** Encrypt the key file (encrypted PKCS#8). */
  passphrase?: string;
  overwrite?: boolean;
}

/** The paths `authored` would write in `dir`. */
export function plannedPaths(dir: string, authored: { files: Record<string, string> }, keyName?: string): string[] {
  return [...Object.keys(authored.files), ...(keyName ? [keyName] : [])].map((n) => join(dir, n));
}

export function existing(paths: string[]): string[] {
  return paths.filter((p) => existsSync(p));
}

export class ExistsError extends AuthorError {
  constructor(readonly paths: string[]) {
    super(`refusing to overwrite ${paths.join(', ')}`);
  }
}

/** Writes the files (and the key, 0600). Returns the paths written. */
export async function writeAuthored(dir: string, authored: AuthoredFiles, o: WriteOptions = {}): Promise<string[]> {
  const keyName = authored.key ? o.keyName ?? 'tls.key' : undefined;
  const paths = plannedPaths(dir, authored, keyName);
  if (!o.overwrite) {
    const clash = existing(paths);
    if (clash.length) throw new ExistsError(clash);
  }
  // Encrypt before touching the disk, so a failure leaves nothing half-written.
  const keyPem = authored.key ? await privateKeyPem(authored.key.pkcs8, o.passphrase) : undefined;
  mkdirSync(dir, { recursive: true });
  const flag = o.overwrite ? 'w' : 'wx';
  const written: string[] = [];
  if (keyPem && keyName) {
    const p = join(dir, keyName);
    writeFileSync(p, keyPem, { mode: KEY_MODE, flag });
    chmodSync(p, KEY_MODE);
    written.push(p);
  }
  for (const [name, text] of Object.entries(authored.files)) {
    const p = join(dir, name);
    writeFileSync(p, text, { mode: 0o644, flag });
    written.push(p);
  }
  return written;
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}`);
  }
}

export class UnreadableError extends AuthorError {}

/** The CA in a folder: ca.crt (the CA first, then its issuers) and ca.key. */
export async function readCaDir(dir: string, passphrase?: string): Promise<Ca> {
  const cert = readText(join(dir, 'ca.crt'), 'the CA certificate');
  const key = readText(join(dir, 'ca.key'), 'the CA key');
  return loadCa(cert, key, passphrase);
}
