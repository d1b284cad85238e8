import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts } from '../../src/core/lint/index';
import { codeCorpus, goClient, nodeClient, pyClient } from './trust-code-cases';

test('explore', () => {
  for (const files of [
    codeCorpus([{ path: 'apps/orders/main.go', text: goClient() }]),
    codeCorpus([{ path: 'apps/orders/client.py', text: pyClient() }]),
    codeCorpus([{ path: 'apps/orders/client.js', text: nodeClient() }]),
  ]) {
    const got = lintTexts(files).filter((f) => f.severity === 'error' || f.code === 'trust-root-missing');
    console.log(got.map((f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.message}\n   ${JSON.stringify(f.related?.map((r) => `${r.file}:${r.line} ${r.message}`))}`).join('\n'));
  }
  assert.ok(true);
});
