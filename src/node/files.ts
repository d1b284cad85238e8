// Reading files and folders for the CLI and benchmarks: recursion with the usual exclusions.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', 'dist', 'out', '.vscode-test']);

/**
 * Remembers the folders a walk has entered, by real path: a symbolic link back to a folder
 * already walked (`ln -s . loop`, twice, made 2^depth paths) is entered once. Returns false for
 * a folder seen before.
 */
export function folderVisitor(): (dir: string) => boolean {
  const seen = new Set<string>();
  return (dir) => {
    let real: string;
    try { real = realpathSync(dir); } catch { return false; }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
}

/** Files under each path (a file is itself). Throws for paths that do not exist. */
export function expandPaths(paths: string[], maxFiles = 200_000): string[] {
  const out: string[] = [];
  const firstVisit = folderVisitor();
  const walk = (p: string, top: boolean) => {
    if (out.length >= maxFiles) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!firstVisit(p)) return;
      for (const name of readdirSync(p).sort()) {
        if (SKIP_DIRS.has(name)) continue;
        try {
          walk(join(p, name), false);
        } catch {
          /* unreadable entry inside a folder: skipped */
        }
      }
    } else if (st.isFile() || top) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}
