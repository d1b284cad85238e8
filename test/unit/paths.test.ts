// src/core/paths.ts: which paths lie under a set of folders (native paths and URIs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { underFolder } from '../../src/core/paths';

test('underFolder: at any depth, by whole path segments, for native paths and URIs', () => {
  const rows: [string, string[], boolean][] = [
    ['/ws/certs/moving/root.pem', ['/ws/certs/moving'], true],
    ['/ws/certs/moving/deep/er/root.pem', ['/ws/certs/moving'], true],
    ['/ws/certs/moving-on/root.pem', ['/ws/certs/moving'], false],
    ['/ws/certs/moving', ['/ws/certs/moving'], false],
    ['/ws/certs/root.pem', ['/ws/certs/moving', '/other'], false],
    ['C:\\ws\\pki\\ca.crt', ['C:\\ws\\pki'], true],
    ['file:///ws/plugin/cluster8/ca-cert.pem', ['file:///ws/plugin'], true],
    ['file:///ws/plugin2/ca-cert.pem', ['file:///ws/plugin'], false],
    ['/ws/a.pem', [], false],
  ];
  for (const [path, folders, want] of rows) assert.equal(underFolder(path, new Set(folders)), want, `${path} under ${folders.join(', ')}`);
});
