// Cluster view benchmark (run as its own process by scripts/bench.mjs, prints one JSON line).
// Issue #21's cluster: stand-in API servers with 5,000 TLS Secrets and 2,000 ConfigMaps holding
// certificates in one namespace and 200 webhook configurations (context alpha), and 50 CRDs
// converted by a webhook and 50 APIServices (context beta, whose user may list APIServices).
// Measured the way the view asks, one expansion after the other as a person clicks (the
// namespace's later pages still loading in the background): the time from each expansion to
// its first page of items:
//   secret, configmap  expanding the namespace (ClusterModel.namespace(): the first page of
//                      Secrets and of ConfigMaps are shown together)
//   webhook            the "Admission webhooks" group (validating and mutating configurations)
//   crd                the "CRD conversion webhooks" group
//   apiservice         the "APIServices" group
//   kubeconfig         the context's client certificate
// then the time until every page of the namespace is in, and the peak RSS and heap of the
// process. The stand-ins run in a child process (this file with --serve), as a real API server
// runs outside the editor: the times and the memory are the view's own (the stand-ins still
// share the machine's CPUs).
import { fork } from 'node:child_process';
import { makeClusterFixture } from '../support/cluster-fixture';
import { ClusterModel } from '../../src/node/cluster-model';
import { nodeHasher } from '../../src/node/platform';

const SECRETS = 5000;
const CONFIGMAPS = 2000;
const WEBHOOKS = 200;
const CRDS = 50;
const APISERVICES = 50;

interface KindResult { kind: string; firstPageMs: number; firstPage: number; total: number; complete: boolean }

/** The child: starts the stand-ins, sends the kubeconfig's path, and stops when the parent says so (or exits). */
async function serve(): Promise<void> {
  const fx = await makeClusterFixture({ bulk: SECRETS, bulkConfigMaps: CONFIGMAPS, bulkWebhooks: WEBHOOKS, bulkCrds: CRDS, bulkApiServices: APISERVICES });
  process.send!({ kubeconfig: fx.kubeconfig });
  process.on('disconnect', () => void fx.close().then(() => process.exit(0)));
}

async function startServer(): Promise<{ kubeconfig: string; stop(): void }> {
  const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { kubeconfig: string }).kubeconfig));
    child.once('exit', (code) => reject(new Error(`the stand-in process exited (${code})`)));
  });
  return { kubeconfig, stop: () => child.disconnect() };
}

async function main(): Promise<void> {
  const fx = await startServer();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => { resolveDone = r; });
  const model = new ClusterModel({ files: [fx.kubeconfig], timeoutMs: 10_000, pageSize: 500, hasher: nodeHasher, debounceMs: 0, onChange: () => {
    void model.namespace('alpha', 'bulk').then((s) => { if (!s.loading && !s.configMapsLoading) resolveDone(); });
  } });
  // The view has already shown contexts and namespaces when a namespace is expanded.
  model.contexts();
  await Promise.all([model.namespaces('alpha'), model.namespaces('beta')]);
  const kinds: KindResult[] = [];
  const t0 = performance.now();
  const state = await model.namespace('alpha', 'bulk');
  const nsMs = performance.now() - t0;
  kinds.push({ kind: 'secret', firstPageMs: nsMs, firstPage: state.secrets.length, total: SECRETS, complete: false });
  kinds.push({ kind: 'configmap', firstPageMs: nsMs, firstPage: state.configMaps.length, total: CONFIGMAPS * 2, complete: false });
  const timed = async (kind: string, total: number, run: () => Promise<number>) => {
    const t = performance.now();
    const n = await run();
    kinds.push({ kind, firstPageMs: performance.now() - t, firstPage: n, total, complete: n === total });
  };
  await timed('webhook', WEBHOOKS, async () => {
    const l = await model.clusterSources('alpha', 'webhook');
    return l.problems.length ? -1 : l.sources.filter((s) => s.resource.endsWith('WebhookConfiguration')).length;
  });
  await timed('crd', CRDS, async () => {
    const l = await model.clusterSources('beta', 'webhook');
    return l.problems.length ? -1 : l.sources.filter((s) => s.resource === 'CustomResourceDefinition' && s.name.endsWith('.bulk.example.com')).length;
  });
  await timed('apiservice', APISERVICES, async () => {
    const l = await model.clusterSources('beta', 'apiservice');
    return l.problems.length ? -1 : l.sources.filter((s) => s.name.endsWith('.bulk.example.com')).length;
  });
  await timed('kubeconfig', 1, async () => (model.kubeconfigSource('alpha')?.certs.length ? 1 : 0));
  if (!state.loading && !state.configMapsLoading) resolveDone();
  await done;
  const allMs = performance.now() - t0;
  kinds[0].complete = state.secrets.length === SECRETS;
  kinds[1].complete = state.configMaps.length === CONFIGMAPS * 2;
  sample();
  clearInterval(timer);
  model.dispose();
  fx.stop();
  process.stdout.write(JSON.stringify({ kinds, allMs, peakRssMB: peakRss / 1048576, peakHeapMB: peakHeap / 1048576 }) + '\n');
}

(process.argv.includes('--serve') ? serve() : main().then(() => process.exit(0))).catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
