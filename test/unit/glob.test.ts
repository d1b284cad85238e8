// Glob matching (src/core/glob.ts): settings globs and .gitignore lines, as a linear automaton.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compileGlob, globRegExp } from '../../src/core/glob';
import { walkRespectingGitignore } from '../../src/node/gitignore';

test('settings globs (the workspace file service: include/exclude): **, *, ?, {a,b}, nested braces, literal brackets and punctuation', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**/*.{yaml,yml}', 'a.yaml', true],
    ['**/*.{yaml,yml}', 'x/y/a.yml', true],
    ['**/*.{yaml,yml}', 'a.yaml.bak', false],
    ['**/*.{pem,{crt,cer}}', 'ca/root.cer', true],
    ['**/*.{pem,{crt,cer}}', 'ca/root.key', false],
    ['**', 'any/thing/at/all', true],
    ['**/dist/**', 'dist/a.js', true],
    ['**/dist/**', 'web/dist/a/b.js', true],
    ['**/dist/**', 'web/distx/a.js', false],
    ['**/node_modules/**', 'web/my_node_modules/x.yaml', false],
    ['a+b (1).yaml', 'a+b (1).yaml', true],
    ['k8s/*.yaml', 'k8s/a.yaml', true],
    ['k8s/*.yaml', 'k8s/a/b.yaml', false],
    ['?.pem', 'a.pem', true],
    ['?.pem', '/.pem', false],
    ['[ab].pem', '[ab].pem', true],
    ['[ab].pem', 'a.pem', false],
    ['a,b', 'a,b', true],
    ['a}', 'a}', true],
    ['', '', true],
    ['', 'a', false],
  ];
  for (const [glob, path, want] of cases) assert.equal(globRegExp(glob).test(path), want, `${glob} ~ ${path}`);
});

test('gitignore globs: classes, ranges, negated classes, escapes; braces are literal', () => {
  const g = (p: string) => compileGlob(p, { classes: true });
  const cases: Array<[string, string, boolean]> = [
    ['**/*.tmp.yaml', 'sub/x.tmp.yaml', true],
    ['*.[ch]', 'a.c', true],
    ['*.[ch]', 'a.o', false],
    ['file[0-9].yaml', 'file7.yaml', true],
    ['file[0-9].yaml', 'filex.yaml', false],
    ['file[!0-9].yaml', 'filex.yaml', true],
    ['file[!0-9].yaml', 'file7.yaml', false],
    ['[a/b]', '/', false],
    ['unclosed[', 'unclosed[', true],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'a.yaml', false],
    ['{a,b}.yaml', '{a,b}.yaml', true],
    ['{a,b}.yaml', 'a.yaml', false],
  ];
  for (const [glob, path, want] of cases) assert.equal(g(glob).test(path), want, `${glob} ~ ${path}`);
});

test('hostile patterns that backtrack as regular expressions are matched in one pass', { timeout: 60_000 }, () => {
  // As a RegExp, `*a*a…*a*b` against a long run of `a` takes exponential time; the automaton
  // takes (path length x pattern length) steps.
  const pattern = '*a'.repeat(40) + '*b';
  const name = 'a'.repeat(20_000);
  assert.equal(compileGlob(pattern, { classes: true }).test(name), false);
  assert.equal(compileGlob(pattern, { classes: true }).test(name + 'b'), true);
  assert.equal(globRegExp('**/'.repeat(200) + 'x').test('a/'.repeat(5000) + 'y'), false);
  assert.equal(globRegExp('{'.repeat(5000) + 'a').test('a'), false);
  // An over-long pattern matches nothing, not what a cut-off prefix of it would match.
  assert.equal(compileGlob('a' + '*'.repeat(5000) + 'b', { classes: true }).test('a'), false);
  // The CLI's folder walk with such a .gitignore ends, and still applies it.
  const dir = mkdtempSync(join(tmpdir(), 'certwright-glob-'));
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, '.gitignore'), `${'**/'.repeat(50)}*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\nignored.yaml\n`);
    writeFileSync(join(dir, 'sub', `${'a'.repeat(200)}.yaml`), 'a: 1\n');
    writeFileSync(join(dir, 'sub', 'ignored.yaml'), 'a: 1\n');
    const files = walkRespectingGitignore(dir, (f) => f.endsWith('.yaml')).map((f) => relative(dir, f));
    assert.deepEqual(files, [join('sub', `${'a'.repeat(200)}.yaml`)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('.gitignore lines: trailing blanks dropped unless escaped; a long run of blanks before text is read in linear time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-glob-'));
  try {
    // `keep\ ` names "keep " (escaped blank kept); `drop.yaml   ` names drop.yaml; the third line is
    // 40,000 blanks then a character (the old trailing-blank pattern retried from every blank: 3 s).
    writeFileSync(join(dir, '.gitignore'), `keep\\ \ndrop.yaml   \t\n${' '.repeat(40_000)}x\n`);
    for (const f of ['keep ', 'keep', 'drop.yaml', 'other.yaml']) writeFileSync(join(dir, f), 'a: 1\n');
    const files = walkRespectingGitignore(dir, () => true).map((f) => relative(dir, f)).sort();
    assert.deepEqual(files, ['.gitignore', 'keep', 'other.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
