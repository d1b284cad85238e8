// Shared by the authoring interop tests: a PKI written to a temporary folder with the same core
// and writer the CLI uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createCa, issueCertificate } from '../../src/core/author';
import type { KeyType, Profile, SanInput } from '../../src/core/author';
import { readCaDir, writeAuthored } from '../../src/node/author-files';

export const tmp = (prefix = 'cw-author-') => mkdtempSync(join(tmpdir(), prefix));

export async function makeCa(dir: string, cn: string, o: { keyType?: KeyType; parent?: string; pathLength?: number; permittedDns?: string[]; now?: Date } = {}): Promise<string> {
  const parent = o.parent ? await readCaDir(o.parent) : undefined;
  const r = await createCa({ commonName: cn, keyType: o.keyType ?? 'ecdsa-p256', parent, pathLength: o.pathLength, permittedDns: o.permittedDns, now: o.now });
  await writeAuthored(dir, r, { keyName: 'ca.key' });
  return dir;
}

export async function makeLeaf(dir: string, caDir: string, cn: string, san: SanInput, profile: Profile, keyType: KeyType = 'ecdsa-p256'): Promise<string> {
  const r = await issueCertificate({ ca: await readCaDir(caDir), commonName: cn, san, profile, keyType });
  await writeAuthored(dir, r, { keyName: 'tls.key' });
  return dir;
}

export function openssl(args: string[], input?: string): { code: number; out: string } {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** openssl verify -x509_strict with the leaf's chain (tls.crt) as untrusted and ca.crt as the anchor. */
export function verify(leafDir: string, purpose: 'sslserver' | 'sslclient', extra: string[] = []): { code: number; out: string } {
  return openssl(['verify', '-x509_strict', '-purpose', purpose, '-CAfile', join(leafDir, 'ca.crt'), '-untrusted', join(leafDir, 'tls.crt'), ...extra, join(leafDir, 'tls.crt')]);
}
