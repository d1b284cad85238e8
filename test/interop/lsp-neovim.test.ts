// A second, real LSP client: headless Neovim (Debian's 0.7, `vim.lsp.start_client`) attaches
// `certwright lsp --stdio` to a fixture, waits for diagnostics, asks for a hover and a quick fix
// (test/interop/nvim/lsp-client.lua), and writes what it saw to a file read here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(__dirname, '..', '..', '..');

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Seen {
  errors: string[];
  published: Array<{ uri: string; diagnostics: Array<{ code: string; range: Range; severity: number; source: string; relatedInformation?: unknown[] }> }>;
  buffer: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; severity: number; code: string; source: string }>;
  hover?: { contents: { kind: string; value: string } };
  actions?: Array<{ title: string; kind: string; edit: { changes: Record<string, Array<{ range: Range; newText: string }>> } }>;
}

test('Neovim (headless, vim.lsp.start_client) gets the same diagnostics, hover and quick fix from certwright lsp --stdio', () => {
  const root = mkdtempSync(join(tmpdir(), 'certwright-nvim-'));
  try {
    cpSync(join(ROOT, 'test', 'fixtures', 'lsp'), root, { recursive: true });
    const out = join(root, 'seen.json');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test', 'interop', 'nvim', 'lsp-client.lua')}`], {
      env: { ...process.env, CW_ROOT: root, CW_CLI: join(ROOT, 'dist', 'cli.js'), CW_OUT: out },
      encoding: 'utf8', timeout: 180_000,
    });
    assert.equal(r.error, undefined, `nvim could not run: ${r.error?.message} (scripts/setup.sh installs neovim)`);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    assert.deepEqual(seen.errors, []);
    const u = (name: string) => pathToFileURL(join(root, name)).href;
    const last = (name: string) => [...seen.published].reverse().find((p) => p.uri === u(name))?.diagnostics ?? [];
    const brief = (ds: Seen['published'][number]['diagnostics']) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${d.severity}`);
    assert.deepEqual(brief(last('certificate.yaml')), ['duration-syntax@7:12-7:15/1']);
    // A closed file: its findings at their real lines, not at line 1.
    assert.deepEqual(brief(last('issuer.yaml')), ['ca-secret-not-produced@8:16-8:27/3', 'duration-syntax@17:15-17:17/1']);
    assert.equal(last('other-ns.yaml')[0]?.relatedInformation?.length, 1);
    // Never a transient finding from a half-read workspace (the Issuer is in a closed file).
    assert.ok(!seen.published.some((p) => p.diagnostics.some((d) => d.code === 'issuer-not-found')), 'no issuer-not-found before the scan ends');
    // What Neovim's diagnostic store holds for the buffer.
    assert.deepEqual(seen.buffer, [{ lnum: 7, col: 12, end_lnum: 7, end_col: 15, severity: 1, code: 'duration-syntax', source: 'certwright' }]);
    assert.equal(seen.hover?.contents.kind, 'markdown');
    assert.match(seen.hover!.contents.value, /^\*\*Certificate `spec\.privateKey\.algorithm`\*\*/);
    assert.match(seen.hover!.contents.value, /Allowed: `RSA`, `ECDSA`, `Ed25519`/);
    assert.deepEqual(seen.actions?.map((a) => [a.title, a.kind, a.edit.changes[u('certificate.yaml')]]), [
      ['Change to 2160h', 'quickfix', [{ range: { start: { line: 7, character: 12 }, end: { line: 7, character: 15 } }, newText: '2160h' }]],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
