// The one way Certwright writes files (keys, certificates, CSRs, scaffolded code, manifests).
// Each file goes to a new temporary file in the target's own folder, opened with
// O_CREAT|O_EXCL|O_NOFOLLOW and its final mode (0600 for keys) before a byte is written, then
// fsynced and renamed onto the target. So a symlink planted at the target is replaced, never
// written through; a dangling link never creates a file elsewhere; an old 0644 key never holds
// the new key; a failed write (ENOSPC) leaves the old file, or nothing, and no temporary file.
// Without `overwrite`, anything already at a target path (a file, a folder, a link, even a
// dangling one) is "exists" and nothing is written; the final step then links (not renames)
// the temporary file, which also fails if something appeared meanwhile.
// Node's fs has no "write atomically" and the npm packages that do (write-file-atomic) follow
// links and take no O_NOFOLLOW, hence this small module.
import * as fs from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** The fs calls the writer makes: tests replace one to inject a failure (ENOSPC, EIO). */
export const writerFs = {
  openSync: fs.openSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync, fchmodSync: fs.fchmodSync, closeSync: fs.closeSync,
  renameSync: fs.renameSync, linkSync: fs.linkSync, unlinkSync: fs.unlinkSync, lstatSync: fs.lstatSync, mkdirSync: fs.mkdirSync,
};

export interface FileToWrite {
  /** Absolute or caller-relative path. */
  path: string;
  content: string | Uint8Array;
  /** Final permission bits: 0o600 for private keys, 0o644 for certificates. */
  mode: number;
}

export interface SafeWriteOptions {
  /** Replace what is at the target paths (a link is replaced, not followed). */
  overwrite?: boolean;
  /** Folder the paths are shown relative to in messages (the workspace); default: as given. */
  base?: string;
}

/** Something already at a target path (file, folder, or link, dangling or not). */
export class FileExistsError extends Error {
  constructor(readonly paths: string[], readonly shown: string[]) {
    super(`refusing to overwrite ${shown.join(', ')}`);
  }
}

/** A write failed; nothing was left half-written. One line: what, why, what to do. */
export class WriteFailedError extends Error {
  constructor(readonly path: string, readonly code: string | undefined, message: string) {
    super(message);
  }
}

const REASONS: Record<string, [string, string]> = {
  ENOSPC: ['no space left on device', 'free space and run again'],
  EDQUOT: ['disk quota exceeded', 'free space and run again'],
  EACCES: ['permission denied', 'check the folder\'s permissions or choose another folder'],
  EPERM: ['operation not permitted', 'check the folder\'s permissions or choose another folder'],
  EROFS: ['read-only file system', 'choose a writable folder'],
  EISDIR: ['a folder is in the way', 'remove it or choose another folder'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  ENOTEMPTY: ['a folder is in the way', 'remove it or choose another folder'],
  EEXIST: ['it already exists', 'remove it or use --force'],
  ELOOP: ['a part of the path is a symbolic link', 'remove the link or choose another folder'],
  EIO: ['input/output error', 'check the disk and run again'],
  EMFILE: ['too many open files', 'close some programs and run again'],
  ENAMETOOLONG: ['the path is too long', 'choose a shorter path'],
};

/** How a path is shown: relative to `base` when inside it, else as given; control characters escaped. */
export function shownPath(path: string, base?: string): string {
  let p = path;
  if (base) {
    const r = relative(base, path);
    if (r && !r.startsWith('..') && !r.startsWith(sep)) p = r;
  }
  // eslint-disable-next-line no-control-regex
  return p.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function writeFailed(path: string, e: unknown, base?: string): WriteFailedError {
  const code = (e as NodeJS.ErrnoException)?.code;
  // Node's own messages name absolute paths and the syscall: the code says it in fewer words.
  const [why, next] = (code && REASONS[code]) ?? [code ? 'the system refused' : shownPath(String((e as Error)?.message ?? e).split('\n')[0]), 'check the folder and run again'];
  return new WriteFailedError(path, code, `cannot write ${shownPath(path, base)}: ${why}${code ? ` (${code})` : ''}; ${next}`);
}

/** What is at `path` without following a final link; undefined when nothing is. */
function lstat(path: string): fs.Stats | undefined {
  try {
    return writerFs.lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The paths that already hold something: a file, a folder, or a link (dangling ones too). */
export function occupied(paths: string[]): string[] {
  return paths.filter((p) => {
    try {
      return lstat(p) !== undefined;
    } catch {
      return true; // unreadable: treat as taken, the write reports why
    }
  });
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const TEMP_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW;

/** A new, empty file next to `target`, created with `mode` (never following a link). */
function createTemp(target: string, mode: number): { path: string; fd: number } {
  // node:crypto is required here, not at the top: the extension loads this module at activation, and crypto takes milliseconds to load.
  for (let i = 0; ; i++) {
    const path = join(dirname(target), `.${basename(target)}.${(require('node:crypto') as typeof import('node:crypto')).randomBytes(6).toString('hex')}.tmp`);
    try {
      const fd = writerFs.openSync(path, TEMP_FLAGS, mode);
      return { path, fd };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 8) throw e;
    }
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length;) {
    const n = writerFs.writeSync(fd, data, off, data.length - off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    off += n;
  }
}

/** Creates missing folders; refuses when a folder on the way is a link (unless it is `root` itself or above). */
function ensureFolder(dir: string, root: string): void {
  const parts: string[] = [];
  for (let d = dir; d !== root && relative(root, d) && !relative(root, d).startsWith('..'); d = dirname(d)) parts.unshift(d);
  writerFs.mkdirSync(root, { recursive: true });
  for (const d of parts) {
    const st = lstat(d);
    if (!st) writerFs.mkdirSync(d);
    else if (st.isSymbolicLink()) throw Object.assign(new Error('symbolic link'), { code: 'ELOOP', path: d });
    else if (!st.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path: d });
  }
}

/**
 * Writes `files` (all or nothing as far as the file system allows: every temporary file is
 * complete before the first rename). `root` is the output folder the caller named: folders
 * below it are created, and a link among them is refused. Returns the paths written.
 */
export function writeFilesSafely(root: string, files: FileToWrite[], o: SafeWriteOptions = {}): string[] {
  if (!o.overwrite) {
    const taken = occupied(files.map((f) => f.path));
    if (taken.length) throw new FileExistsError(taken, taken.map((p) => shownPath(p, o.base)));
  }
  const temps: Array<{ tmp: string; target: string }> = [];
  let current = root;
  try {
    for (const f of files) {
      current = f.path;
      ensureFolder(dirname(f.path), root);
      const st = lstat(f.path);
      if (st?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      const { path, fd } = createTemp(f.path, f.mode);
      temps.push({ tmp: path, target: f.path });
      try {
        // The mode is set on creation; fchmod only removes what the umask kept (never adds).
        writerFs.fchmodSync(fd, f.mode);
        writeAll(fd, typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content);
        writerFs.fsyncSync(fd);
      } finally {
        writerFs.closeSync(fd);
      }
    }
    for (const t of temps) {
      current = t.target;
      if (o.overwrite) writerFs.renameSync(t.tmp, t.target);
      else {
        // link() fails with EEXIST if anything (even a dangling link) appeared since the check.
        try {
          writerFs.linkSync(t.tmp, t.target);
          writerFs.unlinkSync(t.tmp);
        } catch (e) {
          // File systems without hard links (FAT, some network and container mounts): check again, then rename.
          if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          if (lstat(t.target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
          writerFs.renameSync(t.tmp, t.target);
        }
      }
    }
    syncFolders(temps.map((t) => dirname(t.target)));
    return files.map((f) => f.path);
  } catch (e) {
    for (const t of temps) {
      try { writerFs.unlinkSync(t.tmp); } catch { /* already renamed or never created */ }
    }
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && !o.overwrite) throw new FileExistsError([current], [shownPath(current, o.base)]);
    throw writeFailed((e as NodeJS.ErrnoException).path && (e as NodeJS.ErrnoException).code === 'ELOOP' ? (e as NodeJS.ErrnoException).path! : current, e, o.base);
  }
}

/** fsync the folders so the renames survive a crash; best effort (not every platform allows it). */
function syncFolders(dirs: string[]): void {
  for (const d of new Set(dirs)) {
    try {
      const fd = fs.openSync(d, 'r');
      try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    } catch { /* Windows, some network file systems */ }
  }
}
