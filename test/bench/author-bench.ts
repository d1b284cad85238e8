// Benchmark bodies for certificate authoring, bundled by scripts/bench.mjs.
import { createCa, generateKey, issueCertificate, loadCa } from '../../src/core/author';
import { toPem } from '../../src/core/bytes';

/** ECDSA P-256 CA plus one leaf, in process (key generation, signing, re-loading the CA). */
export async function caPlusLeafMs(): Promise<number> {
  const t0 = performance.now();
  const root = await createCa({ commonName: 'Bench Root', keyType: 'ecdsa-p256' });
  const ca = await loadCa(root.files['ca.crt'], toPem('PRIVATE KEY', root.key!.pkcs8));
  const leaf = await issueCertificate({ ca, commonName: 'bench', san: { dns: ['bench.prod.svc'] }, keyType: 'ecdsa-p256' });
  const ms = performance.now() - t0;
  if (!leaf.files['tls.crt']) throw new Error('no certificate');
  return ms;
}

/** One RSA 4096 key generation (as the authoring commands do it). */
export async function rsa4096Ms(): Promise<number> {
  const t0 = performance.now();
  await generateKey('rsa-4096');
  return performance.now() - t0;
}
