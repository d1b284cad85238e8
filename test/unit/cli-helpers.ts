// Shared by the CLI tests: running `certwright` in process, and temporary folders (they may hold
// generated private keys) removed when the test file is done.
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** A factory of temporary folders named `prefix…`, all removed after the file's tests. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
  return () => { const d = mkdtempSync(join(tmpdir(), prefix)); made.push(d); return d; };
}
