// `.gitignore` for folder walks: nested .gitignore files, anchored and directory patterns,
// `*`, `**`, `?`, character classes and `!` negation, as git interprets them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileGlob, Glob } from '../core/glob';
import { folderVisitor, SKIP_DIRS } from './files';

interface Rule { re: Glob; negate: boolean; dirOnly: boolean; base: string }

/**
 * Trailing whitespace removed unless escaped (`foo\ ` keeps one space), as git does. A loop, not
 * `/(?<!\\)\s+$/`: that pattern retries from every position of a long run of blanks followed by
 * other text, quadratic in the line (40,000 blanks then a character took 3 s).
 */
function trimTrailing(line: string): string {
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1])) end--;
  if (end < line.length && end > 0 && line[end - 1] === '\\') end++;
  return line.slice(0, end);
}

function parse(text: string, base: string): Rule[] {
  const rules: Rule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = trimTrailing(line);
    let negate = false;
    if (line.startsWith('!')) { negate = true; line = line.slice(1); }
    let dirOnly = false;
    if (line.endsWith('/')) { dirOnly = true; line = line.slice(0, -1); }
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    // A linear matcher: a .gitignore is repository input, and a RegExp made from `*a*a*a…b` backtracks.
    const re = compileGlob(anchored ? line : `**/${line}`, { classes: true });
    rules.push({ re, negate, dirOnly, base });
  }
  return rules;
}

/** Files below `root` that git would not ignore (plus explicit files as given). */
export function walkRespectingGitignore(root: string, accept: (path: string) => boolean, maxFiles = 100_000, onUnreadable?: (path: string, e: Error) => void): string[] {
  const out: string[] = [];
  const st = statSync(root);
  if (!st.isDirectory()) return [root];
  const firstVisit = folderVisitor();
  const walk = (dir: string, rules: Rule[]) => {
    if (!firstVisit(dir)) return; // a link back to a folder already walked
    const gi = join(dir, '.gitignore');
    let here: Rule[], names: string[];
    try {
      here = statSync(gi, { throwIfNoEntry: false })?.isFile() ? [...rules, ...parse(readFileSync(gi, 'utf8'), dir)] : rules;
      names = readdirSync(dir).sort();
    } catch (e) {
      // An unreadable folder below the root is reported (when asked) and skipped.
      if (dir === root) throw e;
      onUnreadable?.(dir, e as Error);
      return;
    }
    for (const name of names) {
      if (out.length >= maxFiles) return;
      if (SKIP_DIRS.has(name)) continue;
      const p = join(dir, name);
      let isDir = false, isFile = false;
      try {
        const st = statSync(p);
        isDir = st.isDirectory();
        isFile = st.isFile(); // never a FIFO (reading one waits forever) or a socket
      } catch { continue; }
      let ignored = false;
      for (const r of here) {
        const rel = relative(r.base, p).split('\\').join('/');
        if (rel.startsWith('..')) continue;
        if (r.dirOnly && !isDir) continue;
        if (r.re.test(rel)) ignored = !r.negate;
      }
      if (ignored) continue;
      if (isDir) walk(p, here);
      else if (isFile && accept(p)) out.push(p);
    }
  };
  walk(root, []);
  return out;
}
