// Issue #21 against the stand-in API server: ConfigMaps, webhook configurations, CRD conversion
// webhooks and APIServices with real certificates (one expired, one expiring, a bundle of
// several roots), read by the Kubernetes client and by `certwright certificates`, and the same
// objects listed by the real kubectl.
import { after, before, test } from 'node:test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { configMapHoldsCertificates, crdHasConversionBundle, CertSource } from '../../src/core/cluster/sources';
import { apiServiceSourceList, BundleChecker, configMapSourcePages, kubeconfigSourceOf, webhookSourceList } from '../../src/node/cluster-sources';
import { Kube, KubeError } from '../../src/node/kube';
import { nodeHasher } from '../../src/node/platform';
import { ClusterFixture, makeClusterFixture, tlsSecret } from '../support/cluster-fixture';
import { kubeconfigYaml, startStandin } from '../support/kube-standin';
import { b64, issue, Issued } from '../support/pki';
import { cli, kubectlIn } from '../support/cluster-cli';

let fx: ClusterFixture;

before(async () => {
  fx = await makeClusterFixture();
});
after(async () => {
  await fx.close();
});

const kubectl = (args: string[]) => kubectlIn(fx.dir, ['--kubeconfig', fx.kubeconfig, ...args]);

const beta = () => Kube.load({ files: [fx.kubeconfig] }).client('beta', { timeoutMs: 5000 });
const label = (s: CertSource) => `${s.resource}/${s.namespace ? `${s.namespace}/` : ''}${s.name}:${s.key}`;

type Rec = Record<string, unknown> & { kind: string; resource: string; namespace: string; name: string; key: string; subject?: string; notAfter?: string; validation?: { valid: boolean | null; text: string; errors: Array<{ code: string }> } };

test('ConfigMaps holding certificates, page by page: PEM data, a bundle of several roots, DER binaryData; others left out', async () => {
  const c = beta();
  const found: CertSource[] = [];
  await configMapSourcePages(c, undefined, 2, nodeHasher, (s) => found.push(...s));
  assert.deepEqual(found.map(label).sort(), [
    'ConfigMap/istio-system/istio-ca-root-cert:root-cert.pem',
    'ConfigMap/istio-system/mesh-trust-bundle:root.der',
    'ConfigMap/istio-system/mesh-trust-bundle:trust-bundle.pem',
    'ConfigMap/kube-system/kube-root-ca.crt:ca.crt',
    'ConfigMap/linkerd/linkerd-identity-trust-roots:ca-bundle.crt',
  ]);
  const bundle = found.find((s) => s.key === 'trust-bundle.pem')!;
  assert.deepEqual(bundle.certs.map((x) => x.subject.commonName), ['Mesh Root CA', 'root.linkerd.cluster.local', 'Policy Webhook CA']);
  assert.equal(found.find((s) => s.key === 'root.der')!.certs[0].sha256, found.find((s) => s.key === 'root-cert.pem')!.certs[0].sha256);
  assert.equal(found.find((s) => s.name === 'kube-root-ca.crt')!.certs[0].subject.commonName, 'standin-kube-ca');
  assert.ok(fx.beta.requests.some((r) => r.startsWith('GET /api/v1/configmaps?limit=2&continue=')), 'paged with limit/continue');
});

test('webhook configurations and CRD conversion webhooks with a caBundle; APIServices; the kubeconfig client certificate', async () => {
  const c = beta();
  const hooks = await webhookSourceList(c, 500, nodeHasher);
  assert.deepEqual(hooks.problems, []);
  assert.deepEqual(hooks.sources.map(label).sort(), [
    'CustomResourceDefinition/widgets.example.com:spec.conversion.webhook.clientConfig.caBundle',
    'MutatingWebhookConfiguration/policy-defaults:default.policy.example.com',
    'ValidatingWebhookConfiguration/policy:validate.policy.example.com',
  ]);
  assert.ok(hooks.sources.every((s) => s.kind === 'webhook' && s.service?.namespace === 'webhooks'));
  const apis = await apiServiceSourceList(c, 500, nodeHasher);
  assert.deepEqual(apis.sources.map(label), ['APIService/v1beta1.metrics.k8s.io:spec.caBundle']);
  assert.deepEqual(apis.sources[0].service, { namespace: 'kube-system', name: 'metrics-server', port: 443 });
  const kc = kubeconfigSourceOf(c, nodeHasher)!;
  assert.equal(label(kc), 'kubeconfig/beta-user:client-certificate-data');
  assert.equal(kc.certs[0].subject.commonName, 'bob');
});

test('a client-certificate file next to the kubeconfig is read (relative path); a missing one is a problem with the reason', async () => {
  const dir = join(fx.dir, 'file-cert');
  mkdirSync(dir, { recursive: true });
  const alice = await fx.alpha.client('alice');
  writeFileSync(join(dir, 'alice.crt'), alice.certPem);
  const config = (certFile: string) => ['apiVersion: v1', 'kind: Config', 'current-context: a', 'clusters:', '- name: a', '  cluster:', `    server: ${fx.alpha.url}`,
    'users:', '- name: file-user', '  user:', `    client-certificate: ${certFile}`, '    client-key: alice.key', 'contexts:', '- name: a', '  context:', '    cluster: a', '    user: file-user', ''].join('\n');
  writeFileSync(join(dir, 'config'), config('alice.crt'));
  writeFileSync(join(dir, 'missing'), config('gone.crt'));
  const ok = kubeconfigSourceOf(Kube.load({ files: [join(dir, 'config')] }).client('a', { timeoutMs: 1000 }), nodeHasher)!;
  assert.deepEqual([ok.kind, ok.name, ok.key, ok.certs.map((c) => c.subject.commonName), ok.error], ['kubeconfig', 'file-user', 'client-certificate', ['alice'], undefined]);
  const gone = kubeconfigSourceOf(Kube.load({ files: [join(dir, 'missing')] }).client('a', { timeoutMs: 1000 }), nodeHasher)!;
  assert.deepEqual(gone.certs, []);
  assert.match(gone.error!, /^client-certificate: cannot read \/.*\/file-cert\/gone\.crt: ENOENT/);
});

test('a caBundle is checked against the serving certificate of the Secret its Service\'s pods mount', async () => {
  const c = beta();
  const hooks = await webhookSourceList(c, 500, nodeHasher);
  const apis = await apiServiceSourceList(c, 500, nodeHasher);
  const checker = new BundleChecker(c, nodeHasher);
  const by = new Map<string, Awaited<ReturnType<BundleChecker['check']>>>();
  for (const s of [...hooks.sources, ...apis.sources]) by.set(s.name, await checker.check(s));
  const good = by.get('policy')!;
  assert.equal(good.valid, true, good.text);
  assert.equal(good.text, 'Chain valid: the caBundle validates the serving certificate CN=policy-webhook.webhooks.svc of Secret webhooks/policy-webhook-tls for policy-webhook.webhooks.svc');
  const wrong = by.get('policy-defaults')!;
  assert.equal(wrong.valid, false);
  assert.deepEqual(wrong.errors.map((e) => e.code), ['unknown-issuer']);
  assert.match(wrong.text, /^Chain INVALID: the caBundle does not validate the serving certificate CN=policy-webhook\.webhooks\.svc of Secret webhooks\/policy-webhook-tls for policy-webhook\.webhooks\.svc: issuer CN=Policy Webhook CA is neither a trusted root/);
  const expired = by.get('widgets.example.com')!;
  assert.equal(expired.valid, false);
  assert.deepEqual(expired.errors.map((e) => [e.depth, e.code]), [[1, 'expired']]);
  assert.match(expired.text, /webhooks\/conversion-tls for conversion\.webhooks\.svc: expired at .* \(certificate 2 of the chain\)$/);
  assert.equal(by.get('v1beta1.metrics.k8s.io')!.valid, true);
  // Every Service, namespace's Deployments and Secret was read once.
  assert.equal(fx.beta.requests.filter((r) => r === 'GET /api/v1/namespaces/webhooks/secrets/policy-webhook-tls').length, 1);
});

test('403 on one kind is that kind\'s problem with the API server\'s reason; the others are listed', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const apis = await apiServiceSourceList(c, 500, nodeHasher);
  assert.equal(apis.problems.length, 1);
  assert.equal(apis.problems[0].what, 'APIServices');
  assert.ok(apis.problems[0].error instanceof KubeError && apis.problems[0].error.kind === 'forbidden');
  assert.match(apis.problems[0].error.message, /Forbidden \(403\): apiservices\.apiregistration\.k8s\.io is forbidden: User "alice" cannot list resource "apiservices"/);
  const hooks = await webhookSourceList(c, 500, nodeHasher);
  assert.deepEqual([hooks.sources.length, hooks.problems.length], [0, 0]);
});

test('the real kubectl lists the same ConfigMaps, webhook configurations, CRDs and APIServices from the stand-in', async () => {
  const items = async (args: string[]) => JSON.parse(await kubectl(['--context', 'beta', 'get', ...args, '-o', 'json'])).items as Array<Record<string, unknown> & { metadata: { name: string; namespace?: string } }>;
  const cms = (await items(['configmaps', '-A'])).filter((x) => configMapHoldsCertificates(x));
  const c = beta();
  const ours = new Set<string>();
  await configMapSourcePages(c, undefined, 500, nodeHasher, (s) => s.forEach((x) => ours.add(`${x.namespace}/${x.name}`)));
  assert.deepEqual(cms.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).sort(), [...ours].sort());
  assert.equal(ours.size, 4);
  const hooks = await webhookSourceList(c, 500, nodeHasher);
  const names = (resource: string) => [...new Set(hooks.sources.filter((s) => s.resource === resource).map((s) => s.name))];
  assert.deepEqual((await items(['validatingwebhookconfigurations'])).map((x) => x.metadata.name), names('ValidatingWebhookConfiguration'));
  assert.deepEqual((await items(['mutatingwebhookconfigurations'])).map((x) => x.metadata.name), names('MutatingWebhookConfiguration'));
  assert.deepEqual((await items(['customresourcedefinitions'])).filter((x) => crdHasConversionBundle(x)).map((x) => x.metadata.name), names('CustomResourceDefinition'));
  const apis = await items(['apiservices']);
  assert.deepEqual(apis.map((x) => x.metadata.name).sort(), ['v1.apps', 'v1beta1.metrics.k8s.io']);
  assert.equal((apis.find((x) => x.metadata.name === 'v1beta1.metrics.k8s.io')!.spec as { caBundle: string }).caBundle, Buffer.from(fx.sources.expiringCa.certPem).toString('base64'));
  const err = await kubectl(['--context', 'alpha', 'get', 'apiservices', '-o', 'json']).then(() => '', (e: Error) => e.message);
  assert.match(err, /apiservices\.apiregistration\.k8s\.io is forbidden: User "alice" cannot list resource "apiservices"/);
});

test('CLI certificates --json: one record per certificate of every kind, soonest expiry first, with resource, key and validation', async () => {
  const r = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-A', '--json']);
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as Rec[];
  const expiry = rows.map((x) => x.notAfter ?? '~');
  assert.deepEqual(expiry, [...expiry].sort(), 'soonest expiry first');
  assert.deepEqual(rows.slice(0, 2).map((x) => `${x.kind} ${x.resource} ${x.name} ${x.key}`), [
    'webhook CustomResourceDefinition widgets.example.com spec.conversion.webhook.clientConfig.caBundle',
    'apiservice APIService v1beta1.metrics.k8s.io spec.caBundle',
  ]);
  assert.deepEqual([...new Set(rows.map((x) => x.kind))].sort(), ['apiservice', 'configmap', 'kubeconfig', 'secret', 'webhook']);
  const one = (kind: string, name: string, key: string) => {
    const found = rows.filter((x) => x.kind === kind && x.name === name && x.key === key);
    assert.ok(found.length, `no ${kind} ${name} ${key}`);
    return found;
  };
  const bundle = one('configmap', 'mesh-trust-bundle', 'trust-bundle.pem');
  assert.deepEqual(bundle.map((x) => [x.index, x.count, x.subject]).sort(), [[0, 3, 'CN=Mesh Root CA'], [1, 3, 'CN=root.linkerd.cluster.local'], [2, 3, 'CN=Policy Webhook CA']]);
  assert.equal(bundle[0].namespace, 'istio-system');
  assert.equal(bundle[0].resource, 'ConfigMap');
  const validating = one('webhook', 'policy', 'validate.policy.example.com')[0];
  assert.equal(validating.resource, 'ValidatingWebhookConfiguration');
  assert.equal(validating.namespace, '');
  assert.equal(validating.service, 'webhooks/policy-webhook');
  assert.equal(validating.validation!.valid, true);
  const mutating = one('webhook', 'policy-defaults', 'default.policy.example.com')[0];
  assert.equal(mutating.resource, 'MutatingWebhookConfiguration');
  assert.equal(mutating.validation!.valid, false);
  assert.deepEqual(mutating.validation!.errors.map((e) => e.code), ['unknown-issuer']);
  for (const k of ['context', 'kind', 'resource', 'namespace', 'name', 'key', 'type', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'dnsNames', 'publicKey', 'signatureAlgorithm', 'isCA', 'sha256', 'selfSigned']) assert.ok(k in validating, `missing ${k}`);
  // Istio's Opaque Secrets: the certificate keys, never the key files.
  assert.deepEqual(rows.filter((x) => x.kind === 'secret' && x.name === 'cacerts').map((x) => x.key).sort(), ['ca-cert.pem', 'cert-chain.pem', 'cert-chain.pem', 'root-cert.pem']);
  assert.deepEqual(one('secret', 'istio-ca-secret', 'ca-cert.pem').map((x) => x.subject), ['CN=Mesh Root CA']);
  assert.ok(!rows.some((x) => /key/.test(x.key)) && !r.out.includes('PRIVATE KEY'));
  assert.equal(one('kubeconfig', 'beta-user', 'client-certificate-data')[0].subject, 'CN=bob');
  assert.ok(!rows.some((x) => x.name === 'coredns' || x.name === 'gadgets.example.com' || x.name === 'v1.apps'));
});

test('CLI certificates: --kinds, --expiring-within (exit 1), -n keeps cluster-scoped kinds, and exit 2 for a kind that cannot be read', async () => {
  const kinds = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-A', '--kinds', 'webhook,apiservice', '--json']);
  assert.equal(kinds.code, 0, kinds.err);
  assert.deepEqual([...new Set((JSON.parse(kinds.out) as Rec[]).map((x) => x.kind))].sort(), ['apiservice', 'webhook']);
  const soon = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-A', '--expiring-within', '30d', '--json']);
  assert.equal(soon.code, 1, soon.err);
  assert.deepEqual((JSON.parse(soon.out) as Rec[]).map((x) => `${x.kind}/${x.name}`), ['webhook/widgets.example.com', 'apiservice/v1beta1.metrics.k8s.io', 'secret/metrics-server-tls', 'secret/orders-tls']);
  const none = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '--kinds', 'configmap', '-n', 'linkerd', '--expiring-within', '1d']);
  assert.equal(none.code, 0, none.err);
  assert.match(none.err, /0 certificates expire within 1 day/);
  const ns = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-n', 'linkerd', '--json']);
  assert.equal(ns.code, 0, ns.err);
  const nsRows = JSON.parse(ns.out) as Rec[];
  assert.ok(nsRows.every((x) => x.namespace === 'linkerd' || x.namespace === ''), 'namespaced kinds from -n only');
  assert.ok(nsRows.some((x) => x.kind === 'webhook') && nsRows.some((x) => x.kind === 'configmap'));
  const text = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '--kinds', 'webhook']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^webhook CustomResourceDefinition\/widgets\.example\.com spec\.conversion\.webhook\.clientConfig\.caBundle: CN=Conversion CA · expired 2 days ago \(\d{4}-\d\d-\d\d\) · Chain INVALID: /m);
  assert.match(text.out, /^webhook MutatingWebhookConfiguration\/policy-defaults default\.policy\.example\.com: CN=Rotated-away Webhook CA · \d+ days left .* · Chain INVALID: .*unknown|neither a trusted root/m);
  const forbidden = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'alpha', '--kinds', 'apiservice,kubeconfig', '--json']);
  assert.equal(forbidden.code, 2);
  assert.match(forbidden.err, /certwright certificates: context "alpha", APIServices: Forbidden \(403\): apiservices\.apiregistration\.k8s\.io is forbidden/);
  assert.deepEqual((JSON.parse(forbidden.out) as Rec[]).map((x) => x.kind), ['kubeconfig'], 'what could be read is still listed');
  const down = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'down']);
  assert.equal(down.code, 2);
  assert.match(down.err, /context "down": Cannot reach the API server/);
  for (const bad of [['--kinds', 'secrets'], ['--kinds', ''], ['-n', 'x', '-A'], ['--expiring-within', 'soon']]) {
    const u = await cli(['certificates', '--kubeconfig', fx.kubeconfig, ...bad]);
    assert.equal(u.code, 2, bad.join(' '));
  }
  assert.match((await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--kinds', 'secrets'])).err, /--kinds: unknown kind "secrets" \(use a comma-separated list of secret, configmap, webhook, apiservice, kubeconfig\)/);
});

test('CLI certificates --expiring-within, kind by kind: JSON of that kind only, expired included, exit 1 when any, 0 when none (as secrets)', async () => {
  const now = Date.now();
  const table: Array<{ kind: string; context: string; within: string; days: number; code: number; names: string[] }> = [
    { kind: 'secret', context: 'beta', within: '30d', days: 30, code: 1, names: ['metrics-server-tls', 'orders-tls'] },
    { kind: 'secret', context: 'beta', within: '1h', days: 1 / 24, code: 0, names: [] },
    { kind: 'configmap', context: 'beta', within: '1d', days: 1, code: 0, names: [] },
    { kind: 'configmap', context: 'beta', within: '876000h', days: 36500, code: 1, names: ['istio-ca-root-cert', 'kube-root-ca.crt', 'linkerd-identity-trust-roots', 'mesh-trust-bundle'] },
    { kind: 'webhook', context: 'beta', within: '1h', days: 1 / 24, code: 1, names: ['widgets.example.com'] },
    { kind: 'webhook', context: 'beta', within: '876000h', days: 36500, code: 1, names: ['policy', 'policy-defaults', 'widgets.example.com'] },
    { kind: 'apiservice', context: 'beta', within: '1d', days: 1, code: 0, names: [] },
    { kind: 'apiservice', context: 'beta', within: '30d', days: 30, code: 1, names: ['v1beta1.metrics.k8s.io'] },
    { kind: 'kubeconfig', context: 'beta', within: '1d', days: 1, code: 0, names: [] },
    { kind: 'kubeconfig', context: 'beta', within: '876000h', days: 36500, code: 1, names: ['beta-user'] },
  ];
  for (const t of table) {
    const what = `${t.context} --kinds ${t.kind} --expiring-within ${t.within}`;
    const r = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', t.context, '-A', '--kinds', t.kind, '--expiring-within', t.within, '--json']);
    assert.equal(r.code, t.code, `${what}: ${r.err}`);
    const rows = JSON.parse(r.out) as Rec[];
    assert.ok(rows.every((x) => x.kind === t.kind && x.context === t.context), what);
    assert.ok(rows.every((x) => new Date(x.notAfter!).getTime() - now <= t.days * 86_400_000 + 60_000), `${what}: only what expires within it`);
    assert.deepEqual([...new Set(rows.map((x) => x.name))].sort(), t.names, what);
    const text = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', t.context, '-A', '--kinds', t.kind, '--expiring-within', t.within]);
    assert.equal(text.code, t.code, `${what} (text): ${text.err}`);
    assert.match(text.err, new RegExp(`^${rows.length} certificates? expires? within `, 'm'), what);
    assert.equal(text.out.split('\n').filter(Boolean).length, rows.length, what);
  }
  // An expired kubeconfig client certificate (context stale): exit 1, listed without any request.
  const stale = await cli(['certificates', '--kubeconfig', fx.kubeconfig, '--context', 'stale', '--kinds', 'kubeconfig', '--expiring-within', '1h', '--json']);
  assert.equal(stale.code, 1, stale.err);
  assert.deepEqual((JSON.parse(stale.out) as Rec[]).map((x) => `${x.kind} ${x.subject}`), ['kubeconfig CN=carol']);
});

test('the serving certificate is found behind StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs too (CronJob: its job template)', async () => {
  const ca = await issue({ cn: 'Workload Webhook CA', ca: true, toDays: 3650 });
  const other = await issue({ cn: 'Other CA', ca: true, toDays: 3650 });
  const kinds = ['statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'] as const;
  const serving = new Map<string, Issued>();
  for (const k of kinds) serving.set(k, await issue({ cn: `${k}-hook.hooks.svc`, issuer: ca, dns: [`${k}-hook.hooks.svc`], usages: ['server'], toDays: 300 }));
  const template = (k: string) => ({ metadata: { labels: { app: `${k}-hook` } }, spec: { containers: [{ name: 'hook', image: 'example/hook:1' }], volumes: [{ name: 'tls', projected: { sources: [{ secret: { name: `${k}-hook-tls` } }] } }] } });
  const workloads = Object.fromEntries(kinds.map((k) => [k, [{ metadata: { name: `${k}-hook` }, spec: k === 'cronjobs' ? { schedule: '@hourly', jobTemplate: { spec: { template: template(k) } } } : { template: template(k) } }]]));
  const standin = await startStandin({
    certManager: false,
    validatingWebhooks: [{ metadata: { name: 'by-kind' }, webhooks: [...kinds.map((k) => ({ name: `${k}.hooks.example.com`, clientConfig: { service: { namespace: 'hooks', name: `${k}-hook` }, caBundle: b64(ca.certPem) } })), { name: 'wrong.hooks.example.com', clientConfig: { service: { namespace: 'hooks', name: 'statefulsets-hook' }, caBundle: b64(other.certPem) } }] }],
    namespaces: {
      hooks: {
        secrets: kinds.map((k) => tlsSecret(`${k}-hook-tls`, serving.get(k)!)),
        services: kinds.map((k) => ({ metadata: { name: `${k}-hook` }, spec: { selector: { app: `${k}-hook` }, ports: [{ port: 443 }] } })),
        workloads,
      },
    },
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'cw-workloads-'));
    const config = join(dir, 'config');
    writeFileSync(config, kubeconfigYaml([{ name: 'w', server: standin.url, caPem: standin.ca.certPem, client: await standin.client('wendy') }], 'w'));
    const c = Kube.load({ files: [config] }).client('w', { timeoutMs: 5000 });
    const hooks = await webhookSourceList(c, 500, nodeHasher);
    const checker = new BundleChecker(c, nodeHasher);
    const results = new Map<string, Awaited<ReturnType<BundleChecker['check']>>>();
    for (const s of hooks.sources) results.set(s.key, await checker.check(s));
    for (const k of kinds) {
      const r = results.get(`${k}.hooks.example.com`)!;
      assert.equal(r.valid, true, `${k}: ${r.text}`);
      assert.equal(r.against, `hooks/${k}-hook-tls`);
    }
    const wrong = results.get('wrong.hooks.example.com')!;
    assert.equal(wrong.valid, false, wrong.text);
    assert.deepEqual(wrong.errors.map((e) => e.code), ['unknown-issuer']);
    // Each kind of workload was listed once for the namespace.
    for (const path of ['apps/v1/namespaces/hooks/statefulsets', 'apps/v1/namespaces/hooks/daemonsets', 'batch/v1/namespaces/hooks/cronjobs']) {
      assert.equal(standin.requests.filter((x) => x.startsWith(`GET /apis/${path}?`)).length, 1, path);
    }
  } finally {
    await standin.close();
  }
});
