// examples/istio/mistakes, examples/linkerd/mistakes and examples/gateway/mistakes: one folder per
// mistake, each shows one mesh or gateway rule (their READMEs list the same findings in words).
// Linted with the whole examples/ folder, as `certwright lint examples` does: some need the demo's
// issuers (cert-manager/), and none may add a finding outside its own folder (demo-claims.test.ts).
// Their certificates have fixed dates (expired in 2021, valid from 2090, roots until 2126): the
// findings do not change with the day the test runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LINTED } from '../../src/cli/lint';
import { lintTexts } from '../../src/core/lint/index';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { ROOT } from './helpers';

const SHOWCASE = [
  'examples/gateway/mistakes/backend-ca-namespace/backend-tls-policy.yaml:18 backendtls-ca-namespace',
  'examples/gateway/mistakes/backend-hostname-mismatch/backend-tls-policy.yaml:19 backendtls-hostname-mismatch',
  'examples/gateway/mistakes/cross-namespace-ref/gateway.yaml:20 gateway-cross-namespace-ref',
  'examples/gateway/mistakes/ingress-host-not-covered/ingress.yaml:27 ingress-tls-host-not-covered',
  'examples/gateway/mistakes/issuer-and-cluster-issuer/ingress.yaml:11 shim-annotation-conflict',
  'examples/gateway/mistakes/issuer-typo/ingress.yaml:10 shim-issuer-not-found',
  'examples/gateway/mistakes/old-annotation/ingress.yaml:10 shim-annotation-invalid',
  'examples/gateway/mistakes/shim-disabled/gateway.yaml:11 gateway-shim-disabled',
  'examples/istio/mistakes/ca-outlives-root/cacerts.yaml:11 istio-cacerts-validity',
  'examples/istio/mistakes/ca-outlives-root/cacerts.yaml:30 root-expires-before-renewal',
  'examples/istio/mistakes/chain-misordered/cacerts.yaml:42 istio-cert-chain-misordered',
  'examples/istio/mistakes/expired-ca/cacerts.yaml:12 istio-cacerts-expiring',
  'examples/istio/mistakes/gateway-credential-missing/gateway.yaml:19 istio-gateway-credential-missing',
  'examples/istio/mistakes/gateway-host-not-covered/gateway.yaml:35 istio-gateway-host-not-covered',
  'examples/istio/mistakes/key-mismatch/cacerts.yaml:25 istio-cacerts-key-mismatch',
  'examples/istio/mistakes/leaf-as-ca/cacerts.yaml:12 istio-cacerts-not-ca',
  'examples/istio/mistakes/missing-intermediate/cacerts.yaml:42 istio-cert-chain-order',
  // The chain's root does not issue ca-cert.pem either: the same gap, seen as an order.
  'examples/istio/mistakes/missing-intermediate/cacerts.yaml:55 istio-cert-chain-misordered',
  'examples/istio/mistakes/mutual-without-client-cert/destination-rule.yaml:14 destinationrule-tls-invalid',
  'examples/istio/mistakes/not-yet-valid/cacerts.yaml:12 istio-cacerts-not-yet-valid',
  'examples/istio/mistakes/root-not-self-signed/cacerts.yaml:31 istio-root-not-self-signed',
  'examples/istio/mistakes/root-repeated/cacerts.yaml:65 istio-root-repeated',
  'examples/istio/mistakes/san-mismatch/destination-rule.yaml:16 destinationrule-san-mismatch',
  'examples/istio/mistakes/strict-plaintext-caller/nightly-export.yaml:25 peerauth-strict-plaintext-caller',
  'examples/istio/mistakes/unknown-principal/catalog.yaml:37 authz-principal-unknown-sa',
  'examples/linkerd/mistakes/expired-issuer/values.yaml:21 linkerd-issuer-expiring',
  'examples/linkerd/mistakes/issuer-from-other-anchor/values.yaml:21 linkerd-issuer-not-signed-by-anchor',
  'examples/linkerd/mistakes/issuer-key-mismatch/values.yaml:33 linkerd-issuer-key-mismatch',
  'examples/linkerd/mistakes/issuer-not-yet-valid/values.yaml:20 linkerd-issuer-not-yet-valid',
  'examples/linkerd/mistakes/leaf-issuer/values.yaml:20 linkerd-issuer-not-ca',
  // isCA missing and RSA: two fields of one Certificate.
  'examples/linkerd/mistakes/rsa-issuer-certificate/identity-issuer.yaml:11 linkerd-issuer-certificate-spec',
  'examples/linkerd/mistakes/rsa-issuer-certificate/identity-issuer.yaml:21 linkerd-issuer-certificate-spec',
  'examples/linkerd/mistakes/rsa-issuer/values.yaml:20 linkerd-issuer-algorithm',
];

/** Issue #15's rules the demo itself does not show (examples/README.md's table has the other five). */
const MESH_CODES = ['istio-cacerts-not-ca', 'istio-cacerts-key-mismatch', 'istio-cert-chain-order', 'istio-cert-chain-misordered', 'istio-root-repeated', 'istio-root-not-self-signed',
  'istio-cacerts-validity', 'istio-cacerts-expiring', 'istio-cacerts-not-yet-valid', 'linkerd-issuer-not-signed-by-anchor', 'linkerd-issuer-algorithm', 'linkerd-issuer-not-ca',
  'linkerd-issuer-expiring', 'linkerd-issuer-key-mismatch', 'linkerd-issuer-certificate-spec', 'linkerd-issuer-not-yet-valid', 'destinationrule-tls-invalid', 'destinationrule-san-mismatch',
  'istio-gateway-credential-missing', 'istio-gateway-host-not-covered', 'peerauth-strict-plaintext-caller', 'authz-principal-unknown-sa', 'gateway-cross-namespace-ref',
  'ingress-tls-host-not-covered', 'backendtls-hostname-mismatch', 'backendtls-ca-namespace', 'shim-annotation-invalid', 'shim-annotation-conflict', 'shim-issuer-not-found', 'gateway-shim-disabled'];

const MISTAKES = /^examples\/(istio|linkerd|gateway)\/mistakes\//;

test('examples/*/mistakes: exactly the findings their READMEs list, each mesh and gateway rule the demo does not show', () => {
  const files = walkRespectingGitignore(join(ROOT, 'examples'), (f) => LINTED.test(f))
    .map((p) => ({ path: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  const lineOf = (file: string, offset: number) => files.find((x) => x.path === file)!.text.slice(0, offset).split('\n').length;
  const got = lintTexts(files).filter((f) => MISTAKES.test(f.file)).map((f) => `${f.file}:${lineOf(f.file, f.start)} ${f.code}`).sort();
  assert.deepEqual(got, [...SHOWCASE].sort());
  const shown = new Set(SHOWCASE.map((s) => s.split(' ')[1]));
  assert.deepEqual(MESH_CODES.filter((c) => !shown.has(c)), []);
});

test('examples/*/mistakes/README.md: each lists its folder\'s findings (place and code)', () => {
  for (const mesh of ['istio', 'linkerd', 'gateway']) {
    const readme = readFileSync(join(ROOT, 'examples', mesh, 'mistakes', 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([^`]+):(\d+)` \| `([a-z0-9-]+)` \|/gm)].map((m) => `examples/${mesh}/mistakes/${m[1]}:${m[2]} ${m[3]}`);
    assert.deepEqual(rows.sort(), SHOWCASE.filter((s) => s.startsWith(`examples/${mesh}/`)).sort(), mesh);
  }
});
