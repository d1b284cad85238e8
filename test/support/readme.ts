// The README's examples, for the tests that run them exactly as shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const README = join(__dirname, '..', '..', '..', 'README.md');

/** The text of the README section whose heading is `title` (any level), up to the next heading of the same or a higher level. */
export function readmeSection(title: string): string {
  const text = readFileSync(README, 'utf8');
  const lines = text.split('\n');
  // Heading levels by line; 0 inside fenced code blocks (where "# comment" is no heading).
  let fenced = false;
  const levels = lines.map((l) => {
    if (l.startsWith('```')) fenced = !fenced;
    return !fenced && /^#+ /.test(l) ? /^#+/.exec(l)![0].length : 0;
  });
  const start = lines.findIndex((l, i) => levels[i] > 0 && l.replace(/^#+ /, '') === title);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  let end = start + 1;
  while (end < lines.length && !(levels[end] > 0 && levels[end] <= levels[start])) end++;
  return lines.slice(start + 1, end).join('\n');
}

/** The fenced code blocks of a section with the given info string (`yaml`, `sh`). */
export function codeBlocks(section: string, lang: string): string[] {
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** The section's yaml blocks, parsed (a block of indented steps is parsed as it is). */
export function yamlBlocks(section: string): any[] {
  return codeBlocks(section, 'yaml').map((b) => parse(b));
}
