// Writes the lint rule table into README.md between <!-- rules-table:start --> and
// <!-- rules-table:end -->, from the rule registry (src/core/lint/registry.ts).
// Usage: node scripts/rules-table.mjs [--check]   (--check: exit 1 when the README is out of date)
// A unit test (test/unit/lint-registry.test.ts) fails when the README and the registry disagree.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

// The registry is TypeScript: bundle it (with `yaml`) into a temporary CommonJS file and load it.
const tmp = mkdtempSync(join(tmpdir(), 'certwright-rules-'));
const bundled = join(tmp, 'registry.cjs');
let rulesTable;
try {
  await esbuild.build({
    entryPoints: [join(root, 'src/core/lint/registry.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile: bundled, logLevel: 'warning',
  });
  ({ rulesTable } = createRequire(import.meta.url)(bundled));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const s = readme.indexOf(START), e = readme.indexOf(END);
if (s < 0 || e < s) {
  console.error(`README.md has no ${START} ... ${END} markers`);
  process.exit(2);
}
const next = `${readme.slice(0, s + START.length)}\n${rulesTable()}\n${readme.slice(e)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) { console.error('README.md rule table is out of date: run node scripts/rules-table.mjs'); process.exit(1); }
  console.log('README.md rule table is up to date');
} else if (next !== readme) {
  writeFileSync(readmePath, next);
  console.log('README.md rule table updated');
} else console.log('README.md rule table is up to date');
