// Writing what the authoring core produced: certificates 0644, private keys 0600 from the
// moment the file exists, through the one safe writer (src/node/safe-write.ts: temporary file,
// O_EXCL|O_NOFOLLOW, fsync, rename; links replaced, never followed). Existing files (and links,
// dangling ones too) are only replaced when the caller says so (after asking the user).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorError, loadCa, privateKeyPem } from '../core/author';
import type { AuthoredFiles, Ca } from '../core/author';
import { FileExistsError, occupied, writeFilesSafely, WriteFailedError } from './safe-write';

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

export interface WriteOptions {
  /** Name of the key file (ca.key, tls.key); required when `authored.key` is set. */
  keyName?: string;
  /** Encrypt the key file (encrypted PKCS#8). */
  passphrase?: string;
  overwrite?: boolean;
  /** Show paths relative to this folder (the workspace) in messages. */
  base?: string;
}

/** The paths `authored` would write in `dir`. */
export function plannedPaths(dir: string, authored: { files: Record<string, string> }, keyName?: string): string[] {
  return [...Object.keys(authored.files), ...(keyName ? [keyName] : [])].map((n) => join(dir, n));
}

/** The paths that already hold something: a file, a folder, or a link (a dangling one too). */
export function existing(paths: string[]): string[] {
  return occupied(paths);
}

export class ExistsError extends AuthorError {
  constructor(readonly paths: string[], shown = paths) {
    super(`refusing to overwrite ${shown.join(', ')}`);
  }
}

/** A write failed (disk full, permissions): one line, nothing left half-written. */
export class WriteError extends AuthorError {}

/** Writes the files (and the key, 0600). Returns the paths written. */
export async function writeAuthored(dir: string, authored: AuthoredFiles, o: WriteOptions = {}): Promise<string[]> {
  const keyName = authored.key ? o.keyName ?? 'tls.key' : undefined;
  if (!o.overwrite) {
    const clash = existing(plannedPaths(dir, authored, keyName));
    if (clash.length) throw new ExistsError(clash);
  }
  // Encrypt before touching the disk, so a failure leaves nothing half-written.
  const keyPem = authored.key ? await privateKeyPem(authored.key.pkcs8, o.passphrase) : undefined;
  const files = [
    ...(keyPem && keyName ? [{ path: join(dir, keyName), content: keyPem, mode: KEY_MODE }] : []),
    ...Object.entries(authored.files).map(([name, text]) => ({ path: join(dir, name), content: text, mode: CERT_MODE })),
  ];
  return guardedWrite(() => writeFilesSafely(dir, files, { overwrite: o.overwrite, base: o.base }));
}

/** The safe writer's refusals as authoring errors (the CLI's exit codes, the editor's messages). */
export function guardedWrite<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FileExistsError) throw new ExistsError(e.paths, e.shown);
    if (e instanceof WriteFailedError) throw new WriteError(e.message);
    throw e;
  }
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
