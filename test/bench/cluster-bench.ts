// Cluster view benchmark (run as its own process by scripts/bench.mjs, prints one JSON line):
// a stand-in API server with 5,000 TLS Secrets and 2,000 ConfigMaps holding certificates in one
// namespace, and 200 webhook configurations. Measured: the time from expanding the namespace
// (ClusterModel.namespace(), the code path of the view's getChildren) to the first page of
// Secrets and of ConfigMaps, the time until all pages are in, the time to list the webhook
// configurations (the "Admission webhooks" group), and peak RSS and heap of the process (which
// also hosts the stand-in, so the numbers are an upper bound).
import { makeClusterFixture } from '../support/cluster-fixture';
import { ClusterModel } from '../../src/node/cluster-model';
import { nodeHasher } from '../../src/node/platform';

async function main(): Promise<void> {
  const fx = await makeClusterFixture({ bulk: 5000, bulkConfigMaps: 2000, bulkWebhooks: 200 });
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
  await model.namespaces('alpha');
  const baselineRssMB = process.memoryUsage().rss / 1048576;
  const t0 = performance.now();
  const state = await model.namespace('alpha', 'bulk');
  const items = [
    ...state.secrets.map((s) => ({ kind: 'secret', id: `s:alpha/bulk/${s.name}`, summary: s })),
    ...state.configMaps.map((c) => ({ kind: 'source', id: `cmap:alpha/bulk/${c.name}/${c.key}`, source: c })),
  ];
  const firstPageMs = performance.now() - t0;
  const firstPage = state.secrets.length;
  const firstConfigMapKeys = state.configMaps.length;
  if (!state.loading && !state.configMapsLoading) resolveDone();
  await done;
  const allMs = performance.now() - t0;
  const t1 = performance.now();
  const hooks = await model.clusterSources('alpha', 'webhook');
  const webhookMs = performance.now() - t1;
  sample();
  clearInterval(timer);
  const total = state.secrets.length;
  const configMapKeys = state.configMaps.length;
  model.dispose();
  await fx.close();
  process.stdout.write(JSON.stringify({
    baselineRssMB, firstPageMs, firstPage, firstConfigMapKeys, shown: items.length, allMs, total, configMapKeys,
    webhookMs, webhooks: hooks.sources.length, webhookProblems: hooks.problems.length, peakRssMB: peakRss / 1048576, peakHeapMB: peakHeap / 1048576,
  }) + '\n');
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
