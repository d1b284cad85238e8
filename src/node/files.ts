// Reading files and folders for the CLI and benchmarks: recursion with the usual exclusions.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', 'dist', 'out', '.vscode-test']);

/** Files under each path (a file is itself). Throws for paths that do not exist. */
export function expandPaths(paths: string[], maxFiles = 200_000): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean) => {
    if (out.length >= maxFiles) return;
    const st = statSync(p);
    if (st.isDirectory()) {
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
