// Benchmark inputs for `certwright verify` (bundled by scripts/bench.mjs): a root, an
// intermediate and `n` ECDSA P-256 leaves, one file each, made by the authoring core.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueCertificate, loadCa } from '../../src/core/author';
import { toPem } from '../../src/core/bytes';

const firstPem = (text: string) => text.slice(0, text.indexOf('-----END CERTIFICATE-----') + 26);

/** Writes root.pem, inter.pem and leaves/leaf-N.pem under `dir`; returns the leaf paths. */
export async function makeVerifyInputs(dir: string, n: number): Promise<{ root: string; inter: string; leaves: string[] }> {
  mkdirSync(join(dir, 'leaves'), { recursive: true });
  const rootAuth = await createCa({ commonName: 'Bench Verify Root', keyType: 'ecdsa-p256' });
  const root = await loadCa(rootAuth.files['ca.crt'], toPem('PRIVATE KEY', rootAuth.key!.pkcs8));
  const interAuth = await createCa({ commonName: 'Bench Verify Intermediate', keyType: 'ecdsa-p256', parent: root });
  const inter = await loadCa(interAuth.files['ca.crt'], toPem('PRIVATE KEY', interAuth.key!.pkcs8));
  const out = { root: join(dir, 'root.pem'), inter: join(dir, 'inter.pem'), leaves: [] as string[] };
  writeFileSync(out.root, rootAuth.files['ca.crt']);
  writeFileSync(out.inter, firstPem(interAuth.files['ca.crt']));
  for (let i = 0; i < n; i++) {
    const leaf = await issueCertificate({ ca: inter, commonName: `svc-${i}`, san: { dns: [`svc-${i}.prod.svc`] }, profile: 'server', keyType: 'ecdsa-p256' });
    const file = join(dir, 'leaves', `leaf-${i}.pem`);
    writeFileSync(file, firstPem(leaf.files['tls.crt']));
    out.leaves.push(file);
  }
  return out;
}
