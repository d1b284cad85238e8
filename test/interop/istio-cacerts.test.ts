// `certwright istio-cacerts` (h15): Istio's plug-in CA from a root, checked by openssl
// (verify -x509_strict: ca-cert.pem through cert-chain.pem to root-cert.pem, and a workload leaf
// signed by it, as istiod would sign one) and re-linted clean by the mesh rules, as files and as
// the cacerts Secret. Keys are written 0600.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { lintTexts } from '../../src/core/lint/index';
import { makeCa, openssl, tmp } from './author-support';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const FILES = ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'];

test('istio-cacerts: four files that openssl verify -x509_strict accepts, ca-key.pem 0600, linted clean', { timeout: 120_000 }, async () => {
  const d = tmp('cw-istio-');
  const root = await makeCa(join(d, 'root'), 'Mesh Root', { pathLength: 1 });
  const r = await cli('istio-cacerts', '--out', join(d, 'cluster1'), '--root', root);
  assert.equal(r.code, 0, r.err);
  for (const f of FILES) assert.match(r.out, new RegExp(`wrote .*${f.replace('.', '\\.')}`));
  const out = join(d, 'cluster1');
  assert.equal(statSync(join(out, 'ca-key.pem')).mode & 0o777, 0o600);
  const v = openssl(['verify', '-x509_strict', '-CAfile', join(out, 'root-cert.pem'), '-untrusted', join(out, 'cert-chain.pem'), join(out, 'ca-cert.pem')]);
  assert.equal(v.code, 0, v.out);
  // The key is the certificate's: openssl compares the public keys.
  const pubCert = openssl(['x509', '-noout', '-pubkey', '-in', join(out, 'ca-cert.pem')]).out;
  const pubKey = openssl(['pkey', '-pubout', '-in', join(out, 'ca-key.pem')]).out;
  assert.equal(pubKey, pubCert);
  // A workload certificate signed by the plug-in CA (as istiod signs them) verifies to the root.
  writeFileSync(join(d, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=critical,URI:spiffe://cluster.local/ns/prod/sa/web\nauthorityKeyIdentifier=keyid\n');
  assert.equal(openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/', '-keyout', join(d, 'leaf.key'), '-out', join(d, 'leaf.csr')]).code, 0);
  const sign = openssl(['x509', '-req', '-in', join(d, 'leaf.csr'), '-CA', join(out, 'ca-cert.pem'), '-CAkey', join(out, 'ca-key.pem'), '-set_serial', '7', '-days', '1', '-extfile', join(d, 'leaf.ext'), '-out', join(d, 'leaf.crt')]);
  assert.equal(sign.code, 0, sign.out);
  const leaf = openssl(['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', join(out, 'root-cert.pem'), '-untrusted', join(out, 'cert-chain.pem'), join(d, 'leaf.crt')]);
  assert.equal(leaf.code, 0, leaf.out);
  // Re-linted: no finding at all on the four files.
  const findings = lintTexts(FILES.map((f) => ({ path: `istio/cluster1/${f}`, text: readFileSync(join(out, f), 'utf8') })));
  assert.deepEqual(findings.map((f) => `${f.code}: ${f.message}`), []);
  // `certwright lint` reads the four files (and finds nothing).
  const lint = await cli('lint', '--fail-on', 'warning', out);
  assert.equal(lint.code, 0, lint.out + lint.err);
  assert.match(lint.out, /^4 files, 0 errors, 0 warnings, 0 info$/m);
  // Refuses to overwrite (exit 1), and --force replaces.
  const again = await cli('istio-cacerts', '--out', out, '--root', root);
  assert.equal(again.code, 1);
  assert.match(again.err, /refusing to overwrite .*ca-key\.pem/);
  assert.equal((await cli('istio-cacerts', '--out', out, '--root', root, '--force')).code, 0);
});

test('istio-cacerts --secret: the cacerts Secret on standard output, nothing written, linted clean; the rules catch a broken copy', { timeout: 120_000 }, async () => {
  const d = tmp('cw-istio-');
  const root = await makeCa(join(d, 'root'), 'Mesh Root');
  const r = await cli('istio-cacerts', '--secret', '--root', root, '--key', 'rsa-2048', '--cn', 'Cluster 1 CA');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^kind: Secret$/m);
  assert.match(r.out, /^  name: cacerts$/m);
  assert.match(r.out, /^  namespace: istio-system$/m);
  for (const f of FILES) assert.match(r.out, new RegExp(`^  ${f.replace('.', '\\.')}: [A-Za-z0-9+/=]+$`, 'm'));
  assert.deepEqual(lintTexts([{ path: 'istio/cacerts.yaml', text: r.out }]).map((f) => f.code), []);
  // The same Secret with ca-key.pem from another CA: istio-cacerts-key-mismatch on that value.
  const other = await cli('istio-cacerts', '--secret', '--root', root);
  const otherKey = /^  ca-key\.pem: (\S+)$/m.exec(other.out)![1];
  const broken = r.out.replace(/^(  ca-key\.pem: )\S+$/m, `$1${otherKey}`);
  const findings = lintTexts([{ path: 'istio/cacerts.yaml', text: broken }]);
  const f = findings.find((x) => x.code === 'istio-cacerts-key-mismatch');
  assert.ok(f, JSON.stringify(findings));
  assert.equal(broken.slice(f.start, f.end), otherKey);
  // Usage errors exit 2 with the help.
  const bad = await cli('istio-cacerts', '--secret', '--out', d, '--root', root);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not both/);
});
