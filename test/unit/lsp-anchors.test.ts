// Every finding code's codeDescription link (src/node/lsp/convert.ts ruleUrl) is that code's own
// anchor, and the anchor exists in README.md: lint rules in the rule table, certificate codes in
// the language server section's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES as CERTIFICATE_RULES } from '../../src/core/diagnostics';
import { RULES } from '../../src/core/lint/registry';
import { README_URL, ruleUrl } from '../../src/node/lsp/convert';
import { ROOT } from './helpers';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The ids README.md declares with <a id="..."></a>. */
const ids = new Set([...readme.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

const cases: Array<{ code: string; anchor: string; row: RegExp }> = [
  ...RULES.map((r) => ({ code: r.code, anchor: `rule-${r.code}`, row: new RegExp(`^\\| <a id="rule-${r.code}"></a>\`${r.code}\` \\| ${r.severity} \\|`, 'm') })),
  ...Object.entries(CERTIFICATE_RULES).map(([code, r]) => ({ code, anchor: `cert-${code}`, row: new RegExp(`^\\| <a id="cert-${code}"></a>\`${code}\` \\| ${r.severity} \\|`, 'm') })),
];

test('codeDescription: every registered code links to its own anchor, and README.md has that anchor on the code\'s row', () => {
  assert.ok(cases.length > 100, `${cases.length} codes`);
  const hrefs = new Set<string>();
  for (const c of cases) {
    const href = ruleUrl(c.code);
    assert.equal(href, `${README_URL}#${c.anchor}`, c.code);
    assert.ok(ids.has(c.anchor), `README.md has no <a id="${c.anchor}"></a>`);
    assert.match(readme, c.row, `the anchor of ${c.code} is on its own table row`);
    hrefs.add(href);
  }
  assert.equal(hrefs.size, cases.length, 'no two codes share a link');
});

test('codeDescription: every anchor is declared once; a code nobody registered falls back to the feature list', () => {
  const all = [...readme.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
  assert.equal(all.length, ids.size, 'no duplicate anchors');
  assert.equal(ruleUrl('internal'), `${README_URL}#what-it-does`);
  assert.match(readme, /^## What it does$/m);
});
