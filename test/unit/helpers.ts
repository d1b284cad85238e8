// Shared helpers for the unit tests: fixture access and a fixed clock.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeHasher } from '../../src/node/platform';
import { scanBytes, scanText, FoundObject } from '../../src/core/scan';
import type { PkiObject } from '../../src/core/model';

export const ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const CERTS = join(FIXTURES, 'certs');

export function fixture(rel: string): Buffer {
  return readFileSync(join(CERTS, rel));
}

export function fixtureText(rel: string): string {
  return readFileSync(join(CERTS, rel), 'utf8');
}

export function hasFixture(rel: string): boolean {
  return existsSync(join(CERTS, rel));
}

export function scanFixture(rel: string): FoundObject[] {
  return scanBytes(fixture(rel), { hasher: nodeHasher }).objects;
}

export function scan(text: string): FoundObject[] {
  return scanText(text, { hasher: nodeHasher }).objects;
}

/** The decoded objects, failing the test when any did not decode. */
export function decoded(found: FoundObject[]): PkiObject[] {
  return found.map((f) => {
    if (!f.result.ok) throw new Error(`expected a decoded object, got: ${f.result.error}`);
    return f.result.object;
  });
}

export function expected(rel: string): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected', rel.replace(/\//g, '__') + '.json'), 'utf8'));
}

/** Every file under `dir`, recursively, in sorted order. */
export function walkFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** Every file of folder `name` under `base`, with paths relative to `base` ('/' separated). */
export function readFolder(base: string, name: string): Array<{ path: string; text: string }> {
  return walkFiles(join(base, name)).map((p) => ({ path: relative(base, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
}
