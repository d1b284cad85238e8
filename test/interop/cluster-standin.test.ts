// The Kubernetes client (src/node/kube.ts) and `certwright secrets` against the stand-in API
// server (test/support/kube-standin.ts), and the real kubectl against the same stand-in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kube, KubeError, MAX_RESPONSE_BYTES } from '../../src/node/kube';
import { nodeHasher } from '../../src/node/platform';
import { decodeSecret, holdsTls, KubeSecret, summarizeSecret } from '../../src/core/cluster/secrets';
import { certificateDrift } from '../../src/core/cluster/certmanager';
import { secretDocumentText } from '../../src/core/cluster/document';
import { ClusterFixture, makeClusterFixture } from '../support/cluster-fixture';
import { HUGE_BODY_BYTES, kubeconfigYaml, Standin, startStandin } from '../support/kube-standin';
import { cli, kubectlIn } from '../support/cluster-cli';

let fx: ClusterFixture;

before(async () => {
  fx = await makeClusterFixture({ bulk: 5000 });
});
after(async () => {
  await fx.close();
});

const kubectl = (args: string[]) => kubectlIn(fx.dir, args);

async function kindOf(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected a KubeError, got ${e}`);
    return e;
  }
  assert.fail('expected a failure');
}

test('several contexts load from a real kubeconfig file, the current one first', () => {
  const kube = Kube.load({ files: [fx.kubeconfig] });
  const names = kube.contexts().map((c) => c.name);
  assert.deepEqual(names, ['alpha', 'beta', 'down', 'hang', 'stale', 'stranger']);
  assert.equal(kube.contexts()[0].current, true);
  assert.equal(kube.contexts()[0].namespace, 'shop');
});

test('KUBECONFIG with several files merges them like kubectl (first file wins)', () => {
  const kube = Kube.load({ env: { KUBECONFIG: `/nonexistent/config:${fx.kubeconfig}` } });
  assert.equal(kube.currentContext(), 'alpha');
  assert.equal(kube.contexts().length, 6);
  assert.throws(() => Kube.load({ env: { KUBECONFIG: '/nonexistent/a:/nonexistent/b' } }), (e: KubeError) => e.kind === 'config' && /No kubeconfig found/.test(e.message));
});

test('namespaces and TLS secrets of a namespace, with client-certificate authentication', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const ns = await c.namespaces();
  assert.deepEqual(ns.names, ['bulk', 'empty', 'restricted', 'shop']);
  const names: string[] = [];
  for await (const page of c.tlsSecretPages('shop', 500)) names.push(...page.map((s) => s.metadata.name));
  assert.deepEqual(names.sort(), ['legacy-tls', 'opaque-bundle', 'payments-tls', 'web-tls']);
  assert.ok(fx.alpha.requests.some((r) => r.includes('fieldSelector=type%3Dkubernetes.io%2Ftls')), 'server-side type filter used');
});

test('expired and expiring certificates are decoded with their validity', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const now = new Date();
  const byName = new Map<string, ReturnType<typeof summarizeSecret>>();
  for await (const page of c.tlsSecretPages('shop', 500)) for (const s of page) byName.set(s.metadata.name, summarizeSecret(s, 'shop', nodeHasher));
  assert.ok(byName.get('legacy-tls')!.leaf!.notAfter < now);
  const left = (byName.get('payments-tls')!.leaf!.notAfter.getTime() - now.getTime()) / 86_400_000;
  assert.ok(left > 4 && left < 6, `payments-tls: ${left} days left`);
  assert.equal(byName.get('opaque-bundle')!.leaf!.subject.commonName, 'Cluster Issuer CA');
  assert.equal(byName.get('web-tls')!.chainLength, 1);
});

test('403 on one namespace is a forbidden error with the API server\'s reason', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const e = await kindOf(c.secretsPage('restricted', { limit: 10 }));
  assert.equal(e.kind, 'forbidden');
  assert.equal(e.status, 403);
  assert.match(e.message, /Forbidden \(403\): secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "restricted"/);
});

test('404 for a missing Secret is not-found', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const e = await kindOf(c.secret('shop', 'nope'));
  assert.equal(e.kind, 'not-found');
  assert.match(e.message, /secrets "nope" not found/);
});

test('an unreachable context fails at once with the reason', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('down', { timeoutMs: 2000 });
  const e = await kindOf(c.namespaces());
  assert.equal(e.kind, 'unreachable');
  assert.match(e.message, /Cannot reach the API server https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/);
});

test('a server that never answers ends by the timeout, not a hang', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('hang', { timeoutMs: 400 });
  const t0 = Date.now();
  const e = await kindOf(c.namespaces());
  const took = Date.now() - t0;
  assert.equal(e.kind, 'timeout');
  assert.match(e.message, /No answer from https:\/\/127\.0\.0\.1:\d+ within 0\.4 s/);
  // It waited for the timeout (the kind and message say why it ended).
  assert.ok(took >= 350, `took ${took} ms`);
});

test('cancellation aborts a request in flight', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('hang', { timeoutMs: 10_000 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const e = await kindOf(c.namespaces(ac.signal));
  assert.equal(e.kind, 'cancelled');
});

test('an expired client certificate is reported as expired credentials, before any request', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('stale', { timeoutMs: 5000 });
  const before = fx.alpha.requests.length;
  const e = await kindOf(c.namespaces());
  assert.equal(e.kind, 'credentials');
  assert.match(e.message, /client certificate of user "stale-user" expired on \d{4}-\d\d-\d\dT/);
  assert.equal(fx.alpha.requests.length, before);
});

test('a client certificate the API server does not trust gets 401 Unauthorized', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('stranger', { timeoutMs: 5000 });
  const e = await kindOf(c.namespaces());
  assert.equal(e.kind, 'unauthorized');
  assert.match(e.message, /Unauthorized \(401\)/);
});

test('5,000 secrets in one namespace come in pages of limit/continue', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 10_000 });
  const mark = fx.alpha.requests.length;
  const sizes: number[] = [];
  const seen = new Set<string>();
  for await (const page of c.tlsSecretPages('bulk', 500)) {
    sizes.push(page.length);
    for (const s of page) seen.add(s.metadata.name);
  }
  assert.equal(seen.size, 5000);
  assert.deepEqual(sizes, Array(10).fill(500));
  const reqs = fx.alpha.requests.slice(mark).filter((r) => r.includes('/namespaces/bulk/secrets'));
  assert.equal(reqs.length, 11, 'ten pages of TLS secrets and one of other types');
  assert.equal(reqs.filter((r) => r.includes('continue=')).length, 9);
  assert.ok(reqs.every((r) => r.includes('limit=500')));
});

test('the real kubectl lists the same secrets from the stand-in', { skip: !existsSync('/usr/bin/kubectl') && 'kubectl is not installed (scripts/setup.sh installs it)' }, async () => {
  const out = await kubectl( ['--kubeconfig', fx.kubeconfig, '--context', 'alpha', 'get', 'secrets', '-n', 'shop', '-o', 'json']);
  const fromKubectl = (JSON.parse(out).items as KubeSecret[]).filter(holdsTls).map((s) => s.metadata.name).sort();
  const c = Kube.load({ files: [fx.kubeconfig] }).client('alpha', { timeoutMs: 5000 });
  const ours: string[] = [];
  for await (const page of c.tlsSecretPages('shop', 500)) ours.push(...page.map((s) => s.metadata.name));
  assert.deepEqual(ours.sort(), fromKubectl);
  assert.equal(fromKubectl.length, 4);
  // And kubectl sees the 403 the same way.
  const err = await kubectl(['--kubeconfig', fx.kubeconfig, '--context', 'alpha', 'get', 'secrets', '-n', 'restricted', '-o', 'json']).then(() => '', (e: Error) => e.message);
  assert.match(err, /secrets is forbidden: User "alice" cannot list resource "secrets"/);
});

test('cert-manager: CRD discovery, Certificates with Ready, notAfter, renewalTime, and drift against the issued certificate', async () => {
  const kube = Kube.load({ files: [fx.kubeconfig] });
  assert.equal(await kube.client('alpha', { timeoutMs: 5000 }).hasCertManager(), false);
  const c = kube.client('beta', { timeoutMs: 5000 });
  assert.equal(await c.hasCertManager(), true);
  const certs = await c.certificates('payments');
  assert.deepEqual(certs.map((x) => x.metadata.name), ['api', 'orders']);
  const api = certs[0];
  assert.ok(api.status?.renewalTime);
  const apiSecret = await decodeSecret(await c.secret('payments', 'api-tls'), 'payments', nodeHasher);
  assert.deepEqual(certificateDrift(api, apiSecret.chain[0], apiSecret.annotations), []);
  const orders = certs[1];
  const ordersSecret = await decodeSecret(await c.secret('payments', 'orders-tls'), 'payments', nodeHasher);
  const drift = certificateDrift(orders, ordersSecret.chain[0], ordersSecret.annotations);
  assert.deepEqual(drift.map((d) => d.field).sort(), ['dnsNames', 'duration', 'issuerRef']);
  assert.match(drift.find((d) => d.field === 'issuerRef')!.text, /spec has ClusterIssuer\/shop-ca, issued certificate has Issuer\/old-ca/);
});

test('the decoded document of a Secret describes the key but never contains it', async () => {
  const c = Kube.load({ files: [fx.kubeconfig] }).client('beta', { timeoutMs: 5000 });
  const raw = await c.secret('payments', 'api-tls');
  const decoded = await decodeSecret(raw, 'payments', nodeHasher);
  const text = secretDocumentText({ context: 'beta', secret: decoded, now: new Date(), warningDays: 30 });
  assert.match(text, /tls\.key: +RSA 2048 private key, matches tls\.crt/);
  assert.match(text, /CN=api\.shop\.svc/);
  assert.match(text, /ca\.crt, certificate 1 of 1/);
  const keyB64 = raw.data!['tls.key'];
  const keyBody = Buffer.from(keyB64, 'base64').toString('utf8').split('\n')[1];
  assert.ok(!text.includes(keyB64.slice(0, 40)) && !text.includes(keyBody), 'no key material');
  assert.ok(!/PRIVATE KEY-----/.test(text));
});

test('CLI secrets --json: one object per Secret with context, namespace, name and the inspect fields of the leaf', async () => {
  const r = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--json']);
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(rows.map((x) => x.name), ['legacy-tls', 'payments-tls', 'web-tls', 'opaque-bundle'], 'soonest expiry first');
  const web = rows.find((x) => x.name === 'web-tls')!;
  for (const k of ['context', 'namespace', 'name', 'secretType', 'type', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'publicKey', 'signatureAlgorithm', 'isCA', 'pathLength', 'keyUsage', 'extendedKeyUsage', 'sha1', 'sha256', 'selfSigned']) {
    assert.ok(k in web, `missing ${k}`);
  }
  assert.equal(web.context, 'alpha');
  assert.equal(web.namespace, 'shop');
  assert.equal(web.secretType, 'kubernetes.io/tls');
  assert.equal(web.subject, 'CN=web.shop.svc');
  assert.deepEqual(web.dnsNames, ['web.shop.svc', 'web.shop.svc.cluster.local']);
  assert.equal(web.sha256, await sha256Hex(fx.certs.valid.certPem));
  assert.ok(!r.out.includes('PRIVATE KEY') && !('file' in web) && !('line' in web));
});

async function sha256Hex(pem: string): Promise<string> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return (await import('node:crypto')).createHash('sha256').update(der).digest('hex');
}

test('CLI secrets --expiring-within: exit 1 and only the expiring certificates; 0 when none', async () => {
  for (const d of ['30d', '720h']) {
    const r = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '-n', 'shop', '--expiring-within', d, '--json']);
    assert.equal(r.code, 1, `${d}: ${r.err}`);
    assert.deepEqual(JSON.parse(r.out).map((x: { name: string }) => x.name), ['legacy-tls', 'payments-tls']);
  }
  const none = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-n', 'payments', '--expiring-within', '1d']);
  assert.equal(none.code, 0, none.err);
  assert.match(none.err, /0 certificates expire within 1 day/);
  const text = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--expiring-within', '30d']);
  assert.equal(text.code, 1);
  assert.match(text.out, /^shop\/legacy-tls: CN=legacy\.shop\.svc · expired 3 days ago/m);
});

test('CLI secrets: -A and several contexts; unreachable and forbidden are reported with exit 2', async () => {
  const all = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--context', 'beta', '-A', '--json']);
  assert.equal(all.code, 0, all.err);
  assert.deepEqual(JSON.parse(all.out).map((x: { namespace: string; name: string }) => `${x.namespace}/${x.name}`).sort(), ['kube-system/metrics-server-tls', 'payments/api-tls', 'payments/orders-tls', 'webhooks/conversion-tls', 'webhooks/policy-webhook-tls']);
  const down = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--context', 'down']);
  assert.equal(down.code, 2);
  assert.match(down.err, /context "down": Cannot reach the API server/);
  const forbidden = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '-n', 'restricted']);
  assert.equal(forbidden.code, 2);
  assert.match(forbidden.err, /Forbidden \(403\)/);
  const partial = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '-A', '--json']);
  assert.equal(partial.code, 2, 'a forbidden namespace is reported');
  assert.match(partial.err, /namespace "restricted": Forbidden \(403\)/);
  assert.equal(JSON.parse(partial.out).length, 5004, 'the other namespaces are listed one by one');
  const usage = await cli(['secrets', '--kubeconfig', fx.kubeconfig, '--expiring-within', 'soon']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /not a duration/);
});

// A misbehaving API server, and credential plugins that hang or set env (#13).
describe('hostile API server and credential plugins', { timeout: 120_000 }, () => {
  let bad: Standin;
  let config = '';
  before(async () => {
    bad = await startStandin({
      namespaces: {
        endless: { secrets: [], mode: 'endless-continue' },
        same: { secrets: [], mode: 'same-continue' },
        huge: { secrets: [], mode: 'huge-body' },
        evil: { secrets: [], mode: 'escape-status' },
        fine: { secrets: [] },
      },
    });
    const client = await bad.client('mallory');
    const dir = join(fx.dir, 'hostile');
    mkdirSync(dir, { recursive: true });
    // Plugins as small shell scripts: one that never finishes (its child too), one that needs its env.
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { clientCertificateData: client.certPem, clientKeyData: client.keyPem } });
    writeFileSync(join(dir, 'credential.json'), credential);
    writeFileSync(join(dir, 'sleepy.sh'), `#!/bin/sh\nsleep 60 &\necho $! > "${join(dir, 'sleepy.pid')}"\nwait\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'needs-env.sh'), `#!/bin/sh\n[ "$CERTWRIGHT_PLUGIN_PROBE" = "from-kubeconfig" ] || { echo "CERTWRIGHT_PLUGIN_PROBE not set" >&2; exit 1; }\necho run >> "${join(dir, 'plugin-runs.log')}"\ncat "${join(dir, 'credential.json')}"\n`, { mode: 0o755 });
    config = join(dir, 'config');
    writeFileSync(config, kubeconfigYaml([
      { name: 'bad', server: bad.url, caPem: bad.ca.certPem, client, namespace: 'fine' },
      { name: 'sleepy', server: bad.url, caPem: bad.ca.certPem, namespace: 'fine', exec: { command: '/bin/sh', args: [join(dir, 'sleepy.sh')] } },
      { name: 'plugin', server: bad.url, caPem: bad.ca.certPem, namespace: 'fine', exec: { command: join(dir, 'needs-env.sh'), env: { CERTWRIGHT_PLUGIN_PROBE: 'from-kubeconfig' } } },
    ], 'bad'));
  });
  after(() => bad.close());

  const list = async (c: ReturnType<Kube['client']>, ns: string) => {
    for await (const page of c.tlsSecretPages(ns, 100)) void page;
  };
  const requestsFor = (ns: string) => bad.requests.filter((r) => r.includes(`/namespaces/${ns}/secrets`)).length;

  test('a server that always sends a new continue token: paging stops at the page cap with a clear error', async () => {
    const c = Kube.load({ files: [config] }).client('bad', { timeoutMs: 5000, maxPages: 25 });
    const e = await kindOf(list(c, 'endless'));
    assert.equal(e.kind, 'server');
    assert.match(e.message, /still had more after 25 pages of the Secrets of namespace "endless": stopped paging/);
    assert.equal(requestsFor('endless'), 25);
  });

  test('a server that repeats its continue token: paging stops at the repeat', async () => {
    const c = Kube.load({ files: [config] }).client('bad', { timeoutMs: 5000 });
    const e = await kindOf(list(c, 'same'));
    assert.match(e.message, /same continue token twice while listing the Secrets of namespace "same"/);
    assert.equal(requestsFor('same'), 2);
    const cli1 = await cli(['secrets', '--kubeconfig', config, '-n', 'same']);
    assert.equal(cli1.code, 2);
    assert.match(cli1.err, /same continue token twice/);
  });

  test('a response body larger than the cap is not buffered: a clear error', async () => {
    const c = Kube.load({ files: [config] }).client('bad', { timeoutMs: 30_000 });
    const e = await kindOf(list(c, 'huge'));
    assert.equal(e.kind, 'server');
    assert.match(e.message, new RegExp(`answer to /api/v1/namespaces/huge/secrets\\?\\S+ is larger than ${MAX_RESPONSE_BYTES / 1048576} MB: stopped reading`));
    assert.ok(HUGE_BODY_BYTES > MAX_RESPONSE_BYTES);
    const small = Kube.load({ files: [config] }).client('bad', { timeoutMs: 30_000, maxResponseBytes: 1 << 20 });
    assert.match((await kindOf(list(small, 'huge'))).message, /larger than 1 MB/);
  });

  test('the API server\'s Status message is shown without escape sequences or control characters', async () => {
    const c = Kube.load({ files: [config] }).client('bad', { timeoutMs: 5000 });
    const e = await kindOf(list(c, 'evil'));
    assert.equal(e.status, 500);
    assert.match(e.message, /^The API server answered 500 InternalError: etcd on fire/);
    assert.ok(/Injected: kubectl delete ns prod/.test(e.message) && / end$/.test(e.message), e.message);
    assert.doesNotMatch(e.message, /[\x00-\x1f\x7f-\x9f\u202a-\u202e]/, JSON.stringify(e.message));
    const r = await cli(['secrets', '--kubeconfig', config, '-n', 'evil']);
    assert.equal(r.code, 2);
    assert.match(r.err, /etcd on fire/);
    assert.doesNotMatch(r.err.replace(/\n$/, ''), /[\x00-\x1f\x7f-\x9f\u202a-\u202e]/, JSON.stringify(r.err));
  });

  test('--timeout covers an exec credential plugin that never finishes: exit 2, "timeout", the plugin killed', async () => {
    const t0 = Date.now();
    const r = await cli(['secrets', '--kubeconfig', config, '--context', 'sleepy', '--timeout', '2']);
    const took = Date.now() - t0;
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /context "sleepy": No credentials for context "sleepy" within 2 s .*credential plugin of user "sleepy-user" did not finish/);
    assert.ok(took < 20_000, `took ${took} ms`);
    // The plugin's whole process group is gone, its background child included.
    const pid = Number(readFileSync(join(fx.dir, 'hostile', 'sleepy.pid'), 'utf8'));
    assert.ok(pid > 0);
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((res) => setTimeout(res, 50));
      } catch {
        alive = false;
      }
    }
    assert.equal(alive, false, `the plugin's child ${pid} still runs`);
    // In process: the same timeout kind.
    const c = Kube.load({ files: [config] }).client('sleepy', { timeoutMs: 500 });
    const e = await kindOf(c.namespaces());
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /No credentials for context "sleepy" within 0\.5 s/);
  });

  test('an exec plugin\'s env reaches the plugin only: this process\'s environment is unchanged', async () => {
    const before = JSON.stringify(Object.entries(process.env).sort());
    const c = Kube.load({ files: [config] }).client('plugin', { timeoutMs: 10_000 });
    assert.ok((await c.namespaces()).names.includes('fine'), 'the credential the plugin printed authenticates');
    assert.equal(process.env.CERTWRIGHT_PLUGIN_PROBE, undefined);
    assert.equal(JSON.stringify(Object.entries(process.env).sort()), before);
    // The credential (no expirationTimestamp) is reused: one plugin run per client, not one per request.
    await c.namespaces();
    assert.equal(readFileSync(join(fx.dir, 'hostile', 'plugin-runs.log'), 'utf8'), 'run\n');
  });
});
