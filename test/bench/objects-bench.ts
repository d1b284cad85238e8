// Benchmark of authoring over the workspace's objects (#13): the "Issue certificate for..." code
// actions (a cursor move in a YAML file of 5,000 Services, 2.6 MB) and `manifests` on the same
// file. Bundled and run in its own process by scripts/bench.mjs (prints one JSON line); also
// runnable alone: `node .cache/bench/objects-bench.js`.
import { parseAllDocuments } from 'yaml';
import { certManagerManifests, DocumentObjects, readK8sObjects, serviceTargets } from '../../src/core/author';

/** 5,000 Services of about 520 bytes each (2.6 MB), in ten namespaces. */
export function servicesText(n = 5000): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(`apiVersion: v1
kind: Service
metadata:
  name: service-${i}
  namespace: team-${i % 10}
  labels:
    app.kubernetes.io/name: service-${i}
    app.kubernetes.io/part-of: shop
  annotations:
    example.com/owner: team-${i % 10}@example.com
    example.com/description: "The service-${i} API, served over mutual TLS"
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: service-${i}
  ports:
    - name: https
      port: 8443
      targetPort: https
      protocol: TCP
    - name: metrics
      port: 9090
      targetPort: metrics
`);
  }
  return parts.join('---\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };

export function run(): Record<string, number> {
  const text = servicesText();
  // The reference: yaml's own parse of the same text.
  let t0 = performance.now();
  parseAllDocuments(text);
  const yamlMs = performance.now() - t0;

  // Code actions: the first request parses the document (once per version); every cursor move after it is a lookup.
  const docs = new DocumentObjects();
  t0 = performance.now();
  const first = docs.at('k8s/services.yaml', 1, () => text, text.length >> 1);
  const firstMs = performance.now() - t0;
  if (!first) throw new Error('no object at the cursor');
  const moves: number[] = [];
  for (let i = 0; i < 200; i++) {
    const at = Math.floor((i / 200) * text.length);
    const t = performance.now();
    docs.at('k8s/services.yaml', 1, () => text, at);
    moves.push(performance.now() - t);
  }

  // manifests: read the file, index the objects, infer each Service's profile, write the YAML.
  t0 = performance.now();
  const objects = readK8sObjects('k8s/services.yaml', text);
  const readMs = performance.now() - t0;
  const services = objects.filter((o) => o.kind === 'Service');
  const t1 = performance.now();
  const targets = serviceTargets(services, objects);
  const indexMs = performance.now() - t1;
  const yaml = certManagerManifests({ services: targets });
  const manifestsMs = performance.now() - t0;
  if (services.length !== 5000 || !yaml.includes('service-4999-tls')) throw new Error('manifests incomplete');
  return {
    megabytes: text.length / 1048576, yamlMs, firstMs, moveP95Ms: p95(moves), moveMedianMs: median(moves), parses: docs.parses,
    readMs, indexMs, manifestsMs, generateMs: manifestsMs - readMs - indexMs,
  };
}

if (require.main === module) console.log(JSON.stringify(run()));
