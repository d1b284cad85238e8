// Shared setup of the cluster interop tests: two stand-in API servers with their own CAs,
// a real kubeconfig file with several contexts (one unreachable, one with an expired client
// certificate, one with a certificate from a foreign CA), and Secrets with certificates that
// are valid, expiring and expired.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b64, issue, Issued } from './pki';
import { kubeconfigYaml, Standin, StandinNamespace, StandinSecret, startStandin } from './kube-standin';

export interface ClusterFixture {
  alpha: Standin;
  beta: Standin;
  blackhole: Server;
  blackholePort: number;
  kubeconfig: string;
  dir: string;
  issuerCa: Issued;
  certs: { valid: Issued; expiring: Issued; expired: Issued; rsa: Issued; drifted: Issued };
  /** The certificates of beta's ConfigMaps, webhooks, CRD conversion webhook and APIService (#21). */
  sources: SourceCerts;
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

export interface SourceCerts {
  /** Signs the policy webhook's serving certificate; its caBundle is this CA (valid chain). */
  webhookCa: Issued;
  policyServing: Issued;
  /** The mutating webhook's caBundle: a CA that did not sign the serving certificate (invalid chain). */
  wrongCa: Issued;
  /** The CRD conversion webhook's caBundle: expired. */
  expiredCa: Issued;
  conversionServing: Issued;
  /** The APIService's caBundle: expires in 5 days. */
  expiringCa: Issued;
  metricsServing: Issued;
  /** Istio's plug-in CA (cacerts: intermediate under the mesh root) and the trust bundle roots. */
  meshRoot: Issued;
  istioIntermediate: Issued;
  linkerdRoot: Issued;
}

/** A Deployment whose pods (labels app=NAME) mount Secret `secret`, and the Service selecting them. */
function served(name: string, secret: string): { service: Record<string, unknown>; deployment: Record<string, unknown> } {
  return {
    service: { metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 443, targetPort: 8443 }] } },
    deployment: {
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1` }], volumes: [{ name: 'config', configMap: { name: `${name}-config` } }, { name: 'certs', secret: { secretName: secret } }] } },
      },
    },
  };
}

/** beta's ConfigMaps, webhook configurations, CRD and APIService, with real certificates. */
async function sourceCerts(): Promise<SourceCerts> {
  const webhookCa = await issue({ cn: 'Policy Webhook CA', ca: true, toDays: 3650 });
  const wrongCa = await issue({ cn: 'Rotated-away Webhook CA', ca: true, toDays: 3650 });
  const expiredCa = await issue({ cn: 'Conversion CA', ca: true, fromDays: -400, toDays: -2 });
  const expiringCa = await issue({ cn: 'Metrics Server CA', ca: true, fromDays: -360, toDays: 5 });
  const meshRoot = await issue({ cn: 'Mesh Root CA', ca: true, toDays: 3650 });
  const linkerdRoot = await issue({ cn: 'root.linkerd.cluster.local', ca: true, toDays: 365 });
  return {
    webhookCa, wrongCa, expiredCa, expiringCa, meshRoot, linkerdRoot,
    policyServing: await issue({ cn: 'policy-webhook.webhooks.svc', issuer: webhookCa, dns: ['policy-webhook.webhooks.svc', 'policy-webhook.webhooks.svc.cluster.local'], usages: ['server'], toDays: 300 }),
    conversionServing: await issue({ cn: 'conversion.webhooks.svc', issuer: expiredCa, dns: ['conversion.webhooks.svc'], usages: ['server'], toDays: 300 }),
    metricsServing: await issue({ cn: 'metrics-server.kube-system.svc', issuer: expiringCa, dns: ['metrics-server.kube-system.svc'], usages: ['server'], toDays: 300 }),
    istioIntermediate: await issue({ cn: 'Istio Intermediate CA', issuer: meshRoot, ca: true, toDays: 700 }),
  };
}

/** beta's namespaces and cluster-scoped objects holding the certificates of `c`. */
function sourceObjects(c: SourceCerts, standinCa: Issued) {
  const policy = served('policy-webhook', 'policy-webhook-tls');
  const conversion = served('conversion', 'conversion-tls');
  const metrics = served('metrics-server', 'metrics-server-tls');
  const bundle = (x: Issued) => b64(x.certPem);
  const der = (x: Issued) => Buffer.from(x.cert.rawData).toString('base64');
  const webhook = (name: string, service: string, ca: Issued) => ({ name, admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { service: { namespace: 'webhooks', name: service, path: '/validate', port: 443 }, caBundle: bundle(ca) } });
  return {
    namespaces: {
      'kube-system': {
        secrets: [tlsSecret('metrics-server-tls', c.metricsServing, c.expiringCa)],
        configMaps: [
          { name: 'kube-root-ca.crt', data: { 'ca.crt': standinCa.certPem } },
          { name: 'coredns', data: { Corefile: '.:53 {\n    errors\n    forward . /etc/resolv.conf\n}\n' } },
        ],
        services: [metrics.service], deployments: [metrics.deployment],
      },
      'istio-system': {
        secrets: [
          { name: 'cacerts', type: 'Opaque', data: { 'ca-cert.pem': b64(c.istioIntermediate.certPem), 'ca-key.pem': b64(c.istioIntermediate.keyPem), 'root-cert.pem': b64(c.meshRoot.certPem), 'cert-chain.pem': b64(c.istioIntermediate.certPem + c.meshRoot.certPem) } },
          { name: 'istio-ca-secret', type: 'istio.io/ca-root', data: { 'ca-cert.pem': b64(c.meshRoot.certPem), 'ca-key.pem': b64(c.meshRoot.keyPem) } },
        ],
        configMaps: [
          { name: 'istio-ca-root-cert', data: { 'root-cert.pem': c.meshRoot.certPem } },
          // A trust-manager target: a bundle of several roots, and the same roots' first as DER in binaryData.
          { name: 'mesh-trust-bundle', data: { 'trust-bundle.pem': c.meshRoot.certPem + c.linkerdRoot.certPem + c.webhookCa.certPem }, binaryData: { 'root.der': der(c.meshRoot), 'notes.bin': b64('not a certificate') } },
        ],
      },
      linkerd: {
        secrets: [],
        configMaps: [{ name: 'linkerd-identity-trust-roots', data: { 'ca-bundle.crt': c.linkerdRoot.certPem } }],
      },
      webhooks: {
        secrets: [tlsSecret('policy-webhook-tls', c.policyServing), tlsSecret('conversion-tls', c.conversionServing)],
        services: [policy.service, conversion.service],
        deployments: [policy.deployment, conversion.deployment],
      },
    } as Record<string, StandinNamespace>,
    validatingWebhooks: [{ metadata: { name: 'policy' }, webhooks: [webhook('validate.policy.example.com', 'policy-webhook', c.webhookCa)] }],
    mutatingWebhooks: [{ metadata: { name: 'policy-defaults' }, webhooks: [webhook('default.policy.example.com', 'policy-webhook', c.wrongCa), { name: 'no-bundle.example.com', clientConfig: { url: 'https://hooks.example.com/mutate' } }] }],
    crds: [
      { metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { namespace: 'webhooks', name: 'conversion', path: '/convert', port: 443 }, caBundle: bundle(c.expiredCa) } } }, versions: [{ name: 'v1', served: true, storage: true }] } },
      { metadata: { name: 'gadgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Gadget', plural: 'gadgets' }, scope: 'Namespaced', conversion: { strategy: 'None' }, versions: [{ name: 'v1', served: true, storage: true }] } },
    ],
    apiServices: [
      { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { namespace: 'kube-system', name: 'metrics-server', port: 443 }, caBundle: bundle(c.expiringCa) } },
      { metadata: { name: 'v1.apps' }, spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15, service: null } },
    ],
  };
}

/**
 * The bench's bulk: `configMaps` ConfigMaps with a CA bundle, `webhooks` webhook configurations
 * (half validating, half mutating), `crds` CRDs converted by a webhook and `apiServices` APIServices.
 */
function bulkSources(opts: { configMaps?: number; webhooks?: number; crds?: number; apiServices?: number }, ca: Issued, pool: Issued[]) {
  // As in real clusters, values repeat (kube-root-ca.crt and trust-manager targets are the same bundle everywhere).
  const configMaps = Array.from({ length: opts.configMaps ?? 0 }, (_, i) => ({ name: `bundle-${String(i).padStart(5, '0')}`, data: { 'ca.crt': ca.certPem, 'extra.pem': pool[i % pool.length].certPem, 'settings.yaml': 'a: 1\n' } }));
  const hooks = Array.from({ length: opts.webhooks ?? 0 }, (_, i) => ({
    metadata: { name: `hook-${String(i).padStart(4, '0')}` },
    webhooks: [{ name: `v${i}.hooks.example.com`, admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { service: { namespace: 'bulk', name: `hook-${i}`, port: 443 }, caBundle: b64(ca.certPem) } }],
  }));
  const clientConfig = (i: number) => ({ service: { namespace: 'bulk', name: `api-${i}`, port: 443 }, caBundle: b64(pool[i % pool.length].certPem + ca.certPem) });
  // A CRD carries its schema: a few KB of it each, as real ones (cert-manager's are 30-100 KB).
  const schema = { openAPIV3Schema: { type: 'object', description: 'x'.repeat(4096), properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } };
  const crds = Array.from({ length: opts.crds ?? 0 }, (_, i) => ({
    metadata: { name: `things${i}.bulk.example.com` },
    spec: { group: 'bulk.example.com', names: { kind: `Thing${i}`, plural: `things${i}` }, scope: 'Namespaced', conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: clientConfig(i) } }, versions: [{ name: 'v1', served: true, storage: true, schema }] },
  }));
  const apiServices = Array.from({ length: opts.apiServices ?? 0 }, (_, i) => ({
    metadata: { name: `v1.api${i}.bulk.example.com` },
    spec: { group: `api${i}.bulk.example.com`, version: 'v1', groupPriorityMinimum: 100, versionPriority: 100, service: clientConfig(i).service, caBundle: clientConfig(i).caBundle },
  }));
  return { configMaps, validating: hooks.filter((_, i) => i % 2 === 0), mutating: hooks.filter((_, i) => i % 2 === 1), crds, apiServices };
}

/** `bulk*`: the bench's cluster (Secrets, ConfigMaps and webhooks in alpha; CRDs and APIServices in beta, whose user may list them). */
export async function makeClusterFixture(opts: { bulk?: number; bulkConfigMaps?: number; bulkWebhooks?: number; bulkCrds?: number; bulkApiServices?: number } = {}): Promise<ClusterFixture> {
  const issuerCa = await issue({ cn: 'Cluster Issuer CA', ca: true, fromDays: -400, toDays: 3650 });
  const valid = await issue({ cn: 'web.shop.svc', issuer: issuerCa, dns: ['web.shop.svc', 'web.shop.svc.cluster.local'], toDays: 200 });
  // A 90-day certificate with 5 days left: past the third of its lifetime, so a warning.
  const expiring = await issue({ cn: 'payments.shop.svc', issuer: issuerCa, dns: ['payments.shop.svc'], fromDays: -85, toDays: 5 });
  const expired = await issue({ cn: 'legacy.shop.svc', issuer: issuerCa, dns: ['legacy.shop.svc'], fromDays: -100, toDays: -3 });
  const rsa = await issue({ cn: 'api.shop.svc', issuer: issuerCa, dns: ['api.shop.svc'], rsa: true, toDays: 90, fromDays: 0, usages: ['server', 'client'] });
  const drifted = await issue({ cn: 'orders.shop.svc', issuer: issuerCa, dns: ['orders.shop.svc'], fromDays: 0, toDays: 30 });
  const bulk: StandinSecret[] = [];
  if (opts.bulk) {
    const pool = [valid, expiring, rsa];
    for (let i = 0; i < opts.bulk; i++) bulk.push(tlsSecret(`bulk-${String(i).padStart(5, '0')}`, pool[i % pool.length], issuerCa));
  }
  const more = bulkSources({ configMaps: opts.bulkConfigMaps, webhooks: opts.bulkWebhooks, crds: opts.bulkCrds, apiServices: opts.bulkApiServices }, issuerCa, [valid, expiring, rsa]);
  const alpha = await startStandin({
    certManager: false,
    forbiddenResources: { alice: ['apiservices'] },
    validatingWebhooks: more.validating,
    mutatingWebhooks: more.mutating,
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
      ...(opts.bulk || more.configMaps.length ? { bulk: { secrets: bulk, configMaps: more.configMaps } } : {}),
    },
  });
  const sources = await sourceCerts();
  // The stand-in's own CA is known once it has started: kube-root-ca.crt is filled in after.
  const objects = sourceObjects(sources, issuerCa);
  const beta = await startStandin({
    certManager: true,
    validatingWebhooks: objects.validatingWebhooks,
    mutatingWebhooks: objects.mutatingWebhooks,
    crds: [...objects.crds, ...more.crds],
    apiServices: [...objects.apiServices, ...more.apiServices],
    namespaces: {
      ...objects.namespaces,
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
  beta.options.namespaces['kube-system'].configMaps![0].data = { 'ca.crt': beta.ca.certPem };
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
    alpha, beta, blackhole, blackholePort, kubeconfig, dir, issuerCa, certs: { valid, expiring, expired, rsa, drifted }, sources,
    async close() {
      dropAll();
      await Promise.all([alpha.close(), beta.close(), new Promise<void>((r) => blackhole.close(() => r()))]);
    },
  };
}
