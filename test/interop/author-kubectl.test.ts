// Generated Secret and cert-manager YAML through `kubectl create --dry-run=client -f` (Debian's
// kubernetes-client). kubectl needs API discovery to map kinds to resources even for a client
// dry run: a small stand-in serves the discovery documents for core/v1, apps/v1, cert-manager.io/v1
// and trust.cert-manager.io/v1alpha1; nothing is ever created.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { certificateSpecFromPem, certManagerManifests, tlsSecretYaml } from '../../src/core/author';
import { readFileSync } from 'node:fs';
import { makeCa, makeLeaf, tmp } from './author-support';

const KUBECTL = '/usr/bin/kubectl';
const resources = (gv: string, list: Array<[string, string, boolean]>) => ({
  kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
  resources: list.map(([name, kind, namespaced]) => ({ name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['create', 'get', 'list'] })),
});
const group = (name: string, version: string) => ({ name, versions: [{ groupVersion: `${name}/${version}`, version }], preferredVersion: { groupVersion: `${name}/${version}`, version } });
const ROUTES: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [group('apps', 'v1'), group('cert-manager.io', 'v1'), group('trust.cert-manager.io', 'v1alpha1')] },
  '/api/v1': resources('v1', [['secrets', 'Secret', true], ['services', 'Service', true], ['configmaps', 'ConfigMap', true], ['namespaces', 'Namespace', false]]),
  '/apis/apps/v1': resources('apps/v1', [['deployments', 'Deployment', true]]),
  '/apis/cert-manager.io/v1': resources('cert-manager.io/v1', [['certificates', 'Certificate', true], ['issuers', 'Issuer', true], ['clusterissuers', 'ClusterIssuer', false]]),
  '/apis/trust.cert-manager.io/v1alpha1': resources('trust.cert-manager.io/v1alpha1', [['bundles', 'Bundle', false]]),
};

let server: Server;
let url = '';
const work = tmp('cw-kubectl-');

before(async () => {
  server = createServer((req, res) => {
    if (req.method !== 'GET') { res.writeHead(405); res.end(); return; } // a dry run never writes
    const body = ROUTES[(req.url ?? '').split('?')[0]];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => server?.close());

/** Runs kubectl asynchronously: the stand-in answers from this same process. */
function dryRun(name: string, yaml: string): Promise<{ code: number; out: string }> {
  const file = join(work, name);
  writeFileSync(file, yaml);
  const args = ['create', '--dry-run=client', '--validate=false', '-o', 'name', '-f', file, '--server', url, '--cache-dir', join(work, 'cache')];
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: work, KUBECONFIG: join(work, 'none') } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

test('kubectl is installed (scripts/setup.sh installs kubernetes-client when it is missing)', () => {
  assert.ok(existsSync(KUBECTL), `${KUBECTL} is missing: run bash scripts/setup.sh`);
});

test('kubectl create --dry-run=client accepts the cert-manager manifests', async () => {
  const yaml = certManagerManifests({
    services: [{ name: 'payment', namespace: 'prod', profile: 'mtls' }, { name: 'ledger', namespace: 'data' }], trustBundle: true, spiffeTrustDomain: 'cluster.local',
  });
  const r = await dryRun('manifests.yaml', yaml);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(r.out.trim().split('\n'), [
    'clusterissuer.cert-manager.io/mtls-ca-selfsigned', 'certificate.cert-manager.io/mtls-ca', 'clusterissuer.cert-manager.io/mtls-ca-issuer',
    'certificate.cert-manager.io/payment-tls', 'certificate.cert-manager.io/ledger-tls', 'bundle.trust.cert-manager.io/mtls-ca-bundle',
  ]);
  const issuer = await dryRun('issuer.yaml', certManagerManifests({ services: [{ name: 'a', namespace: 'team' }], issuerKind: 'Issuer' }));
  assert.equal(issuer.code, 0, issuer.out);
  assert.match(issuer.out, /^issuer\.cert-manager\.io\/mtls-ca-issuer$/m);
});

test('kubectl create --dry-run=client accepts the TLS Secret (typed decoding of a core object) and the PEM-to-Certificate output', async () => {
  const ca = await makeCa(join(work, 'ca'), 'Kube Root');
  const leaf = await makeLeaf(join(work, 'leaf'), ca, 'y', { dns: ['y.prod.svc'] }, 'server');
  // "y" is a boolean to YAML 1.1 readers: the name must come out quoted or kubectl cannot decode it.
  const secret = await tlsSecretYaml({ certText: readFileSync(join(leaf, 'tls.crt'), 'utf8'), keyText: readFileSync(join(leaf, 'tls.key'), 'utf8'), caText: readFileSync(join(leaf, 'ca.crt'), 'utf8'), name: 'y', namespace: 'prod' });
  const r = await dryRun('secret.yaml', secret.yaml);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out.trim(), 'secret/y');
  const spec = certificateSpecFromPem(readFileSync(join(leaf, 'tls.crt'), 'utf8'), { namespace: 'prod' });
  const c = await dryRun('cert.yaml', spec);
  assert.equal(c.code, 0, c.out);
  assert.equal(c.out.trim(), 'certificate.cert-manager.io/y');
  // The stand-in is a real check: a malformed Secret is refused.
  const bad = await dryRun('bad.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: y\ndata:\n  a: b\n');
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /cannot unmarshal bool|illegal base64/);
});
