// Shared setup of the cluster interop tests: two stand-in API servers with their own CAs,
// a real kubeconfig file with several contexts (one unreachable, one with an expired client
// certificate, one with a certificate from a foreign CA), and Secrets with certificates that
// are valid, expiring and expired.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b64, issue, Issued } from './pki';
import { kubeconfigYaml, Standin, StandinSecret, startStandin } from './kube-standin';

export interface ClusterFixture {
  alpha: Standin;
  beta: Standin;
  blackhole: Server;
  blackholePort: number;
  kubeconfig: string;
  dir: string;
  issuerCa: Issued;
  certs: { valid: Issued; expiring: Issued; expired: Issued; rsa: Issued; drifted: Issued };
  close(): Promise<void>;
}

/** Destroys the connections the blackhole server holds open, so it can close. */
function trackSockets(server: Server): () => void {
  const open = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { open.add(s); s.on('close', () => open.delete(s)); });
  return () => { for (const s of open) s.destroy(); };
}

export function tlsSecret(name: string, leaf: Issued, ca?: Issued, extra: Partial<StandinSecret> = {}): StandinSecret {
  return { name, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(leaf.certPem), 'tls.key': b64(leaf.keyPem), ...(ca ? { 'ca.crt': b64(ca.certPem) } : {}) }, ...extra };
}

export async function makeClusterFixture(opts: { bulk?: number } = {}): Promise<ClusterFixture> {
  const issuerCa = await issue({ cn: 'Cluster Issuer CA', ca: true, toDays: 3650 });
  const valid = await issue({ cn: 'web.shop.svc', issuer: issuerCa, dns: ['web.shop.svc', 'web.shop.svc.cluster.local'], toDays: 200 });
  const expiring = await issue({ cn: 'payments.shop.svc', issuer: issuerCa, dns: ['payments.shop.svc'], toDays: 5 });
  const expired = await issue({ cn: 'legacy.shop.svc', issuer: issuerCa, dns: ['legacy.shop.svc'], fromDays: -100, toDays: -3 });
  const rsa = await issue({ cn: 'api.shop.svc', issuer: issuerCa, dns: ['api.shop.svc'], rsa: true, toDays: 90, fromDays: 0, usages: ['server', 'client'] });
  const drifted = await issue({ cn: 'orders.shop.svc', issuer: issuerCa, dns: ['orders.shop.svc'], fromDays: 0, toDays: 30 });
  const bulk: StandinSecret[] = [];
  if (opts.bulk) {
    const pool = [valid, expiring, rsa];
    for (let i = 0; i < opts.bulk; i++) bulk.push(tlsSecret(`bulk-${String(i).padStart(5, '0')}`, pool[i % pool.length], issuerCa));
  }
  const alpha = await startStandin({
    certManager: false,
    namespaces: {
      shop: {
        secrets: [
          tlsSecret('web-tls', valid, issuerCa),
          tlsSecret('payments-tls', expiring),
          tlsSecret('legacy-tls', expired),
          { name: 'opaque-bundle', type: 'Opaque', data: { 'ca.crt': b64(issuerCa.certPem) } },
          { name: 'db-password', type: 'Opaque', data: { password: b64('hunter2') } },
          { name: 'sa-token', type: 'kubernetes.io/service-account-token', data: { token: b64('x') } },
        ],
      },
      restricted: { secrets: [tlsSecret('hidden-tls', valid)], forbiddenFor: ['alice'] },
      empty: { secrets: [] },
      ...(opts.bulk ? { bulk: { secrets: bulk } } : {}),
    },
  });
  const beta = await startStandin({
    certManager: true,
    namespaces: {
      payments: {
        secrets: [
          tlsSecret('api-tls', rsa, issuerCa, { annotations: { 'cert-manager.io/certificate-name': 'api', 'cert-manager.io/issuer-name': 'shop-ca', 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/issuer-group': 'cert-manager.io' } }),
          tlsSecret('orders-tls', drifted, issuerCa, { annotations: { 'cert-manager.io/certificate-name': 'orders', 'cert-manager.io/issuer-name': 'old-ca', 'cert-manager.io/issuer-kind': 'Issuer', 'cert-manager.io/issuer-group': 'cert-manager.io' } }),
        ],
        certificates: [
          {
            metadata: { name: 'api' },
            spec: { secretName: 'api-tls', dnsNames: ['api.shop.svc'], usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'], duration: '2160h', issuerRef: { name: 'shop-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' }, privateKey: { algorithm: 'RSA', size: 2048 } },
            status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }], notAfter: rsa.cert.notAfter.toISOString().replace(/\.\d+Z$/, 'Z'), renewalTime: new Date(rsa.cert.notAfter.getTime() - 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') },
          },
          {
            metadata: { name: 'orders' },
            spec: { secretName: 'orders-tls', dnsNames: ['orders.shop.svc', 'orders.shop.svc.cluster.local'], usages: ['digital signature', 'key encipherment', 'server auth'], duration: '2160h', issuerRef: { name: 'shop-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } },
            status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Issuing', message: 'Issuing certificate as Secret was previously issued by Issuer.cert-manager.io/old-ca' }], notAfter: drifted.cert.notAfter.toISOString().replace(/\.\d+Z$/, 'Z') },
          },
        ],
      },
    },
  });
  // Accepts connections and never answers: requests to it must end by the timeout.
  const blackhole = createServer(() => { /* silence */ });
  const dropAll = trackSockets(blackhole);
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  const blackholePort = (blackhole.address() as { port: number }).port;
  const unused = createServer();
  await new Promise<void>((r) => unused.listen(0, '127.0.0.1', r));
  const downPort = (unused.address() as { port: number }).port;
  await new Promise<void>((r) => unused.close(() => r()));
  const foreignCa = await issue({ cn: 'foreign', ca: true });
  const dir = mkdtempSync(join(tmpdir(), 'cw-kube-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigYaml([
    { name: 'alpha', server: alpha.url, caPem: alpha.ca.certPem, client: await alpha.client('alice'), namespace: 'shop' },
    { name: 'beta', server: beta.url, caPem: beta.ca.certPem, client: await beta.client('bob'), namespace: 'payments' },
    { name: 'down', server: `https://127.0.0.1:${downPort}`, caPem: alpha.ca.certPem, client: await alpha.client('alice') },
    { name: 'hang', server: `https://127.0.0.1:${blackholePort}`, caPem: alpha.ca.certPem, client: await alpha.client('alice') },
    { name: 'stale', server: alpha.url, caPem: alpha.ca.certPem, client: await alpha.client('carol', true) },
    { name: 'stranger', server: alpha.url, caPem: alpha.ca.certPem, client: await issue({ cn: 'mallory', issuer: foreignCa, usages: ['client'] }) },
  ], 'alpha'));
  return {
    alpha, beta, blackhole, blackholePort, kubeconfig, dir, issuerCa, certs: { valid, expiring, expired, rsa, drifted },
    async close() {
      dropAll();
      await Promise.all([alpha.close(), beta.close(), new Promise<void>((r) => blackhole.close(() => r()))]);
    },
  };
}
