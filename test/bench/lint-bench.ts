// Lint benchmarks: a generated workspace file with 1,000 Certificates, Services and Deployments.
import { parseAllDocuments } from 'yaml';
import { LintEngine } from '../../src/node/lint-engine';

/**
 * `trust`: every team has its own cert-manager PKI (a self-signed root Certificate writing the CA
 * issuer's Secret, a trust-manager Bundle of it), and every Deployment names its CA file
 * (TLS_CA_FILE in its mounted Secret's ca.crt): each dialed URL is followed to the server's root
 * and checked against the client's trust source, and each Certificate's real lifetime is computed
 * through its CA (#17 parts 2 and 3).
 */
export function generate(n = 1000, trust = false): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    docs.push(`apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: ns-${i % 20}
spec:
  secretName: ${name}-tls
  duration: 720h
  renewBefore: 240h
  privateKey:
    algorithm: ECDSA
    size: 256
  usages:
    - digital signature
    - server auth
    - client auth
  dnsNames:
    - ${name}
    - ${name}.ns-${i % 20}
    - ${name}.ns-${i % 20}.svc
    - ${name}.ns-${i % 20}.svc.cluster.local
  issuerRef:
    name: ca-issuer
    kind: ClusterIssuer`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ns-${i % 20}
spec:
  selector:
    app: ${name}
  ports:
    - port: 8443`);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ns-${i % 20}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: example/${name}:1
          env:
            - name: NEXT
              value: "https://svc-${(i + 1) % n}.ns-${(i + 1) % 20}.svc:8443/"${trust ? `
            - name: TLS_CA_FILE
              value: /etc/tls/ca.crt
          volumeMounts:
            - name: certs
              mountPath: /etc/tls
              readOnly: true` : ''}
      volumes:
        - name: certs
          secret:
            secretName: ${name}-tls`);
  }
  docs.push(`apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca-issuer
spec:
  ca:
    secretName: ca-key-pair${trust ? `
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: selfsigned
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: root-ca
  namespace: cert-manager
spec:
  isCA: true
  commonName: root-ca
  secretName: ca-key-pair
  duration: 87600h
  privateKey:
    algorithm: ECDSA
    rotationPolicy: Never
  issuerRef:
    name: selfsigned
    kind: ClusterIssuer
---
apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata:
  name: root-bundle
spec:
  sources:
    - secret:
        name: ca-key-pair
        key: ca.crt
  target:
    configMap:
      key: ca-bundle.crt` : ''}`);
  return docs.join('\n---\n') + '\n';
}

/**
 * A monorepo: `teams` team folders, each with `filesPerTeam` files of Certificate + Service +
 * Deployment triples (30,000 objects by default). Every team uses the same names and namespaces
 * (svc-0, svc-1, ... in ns-0..ns-19) and has its own ClusterIssuer: cross-file rules must relate
 * objects within a team folder only.
 */
export function generateMonorepo(objects = 30_000, teams = 10, filesPerTeam = 10, trust = false): Array<{ path: string; text: string }> {
  const perTeam = Math.floor(objects / 3 / teams);
  const perFile = Math.ceil(perTeam / filesPerTeam);
  const team = generate(perTeam, trust).split('\n---\n');
  const issuer = team.splice(perTeam * 3).join('\n---\n');
  const out: Array<{ path: string; text: string }> = [];
  for (let t = 0; t < teams; t++) {
    for (let f = 0; f < filesPerTeam; f++) {
      const docs = team.slice(f * perFile * 3, (f + 1) * perFile * 3);
      if (f === 0) docs.push(issuer.trimEnd());
      out.push({ path: `teams/team-${t}/app-${f}.yaml`, text: docs.join('\n---\n') + '\n' });
    }
  }
  return out;
}

/** `yaml`'s parseAllDocuments of every file (the reference the full lint is compared with). */
export function parseFilesMs(files: Array<{ path: string; text: string }>): number {
  const t0 = performance.now();
  for (const f of files) {
    const docs = parseAllDocuments(f.text);
    if (!Array.isArray(docs) || docs.length === 0) throw new Error('no documents');
  }
  return performance.now() - t0;
}

export function fullLintFilesMs(files: Array<{ path: string; text: string }>): { ms: number; findings: number } {
  const engine = new LintEngine();
  const t0 = performance.now();
  engine.update(files);
  const findings = engine.lint().length;
  return { ms: performance.now() - t0, findings };
}

/** The 30,000-object monorepo: parse and full lint, median of `runs`, and the process's peak RSS. */
export function runMonorepo(runs = 3, trust = false): { parseMs: number; fullMs: number; findings: number; peakMB: number } {
  const files = generateMonorepo(30_000, 10, 10, trust);
  // Memory first, in a fresh heap: the linter holding its parse cache and results (as the editor's worker does).
  let engine: LintEngine | undefined = new LintEngine();
  engine.update(files);
  const findings = engine.lint().length;
  const peak = process.memoryUsage().rss;
  engine = undefined;
  const parse: number[] = [], full: number[] = [];
  for (let i = 0; i < runs; i++) {
    parse.push(parseFilesMs(files));
    full.push(fullLintFilesMs(files).ms);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { parseMs: med(parse), fullMs: med(full), findings, peakMB: peak / 1048576 };
}

export function parseOnlyMs(text: string): number {
  const t0 = performance.now();
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0) throw new Error('no documents');
  return performance.now() - t0;
}

export function fullLintMs(text: string): { ms: number; findings: number } {
  const engine = new LintEngine();
  const t0 = performance.now();
  engine.update([{ path: 'big.yaml', text }]);
  const findings = engine.lint().length;
  return { ms: performance.now() - t0, findings };
}

/** One-line edits (a changed dnsName) at spread positions, re-linted each time. */
export function relintSamples(text: string, samples: number): { samples: number[]; peakMB: number } {
  const engine = new LintEngine();
  engine.update([{ path: 'big.yaml', text }]);
  engine.lint();
  const out: number[] = [];
  let peak = process.memoryUsage().rss;
  let cur = text;
  for (let i = 0; i < samples; i++) {
    const target = `    - svc-${(i * 37) % 1000}\n`;
    const at = cur.indexOf(target);
    cur = cur.slice(0, at) + `    - svc-${(i * 37) % 1000}\n    - edited-${i}.example\n` + cur.slice(at + target.length);
    // The editor hands the worker a flat string (postMessage copies it); a concatenation here is a
    // rope that V8 would flatten inside the timed region. Flatten it first, as the real path does.
    cur = structuredClone(cur);
    const t0 = performance.now();
    engine.update([{ path: 'big.yaml', text: cur }]);
    engine.lint();
    out.push(performance.now() - t0);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { samples: out, peakMB: peak / 1048576 };
}

/** Run as its own process by scripts/bench.mjs, so memory is the linter's alone: prints JSON. */
export function runAll(): { parseMs: number; fullMs: number; relintP95: number; relintMedian: number; peakMB: number } {
  const text = generate(1000);
  // Re-lint first: its peak memory is then the linter's own, not garbage the timing runs left.
  const re = relintSamples(text, 60);
  const parse: number[] = [], full: number[] = [];
  for (let i = 0; i < 5; i++) { parse.push(parseOnlyMs(text)); full.push(fullLintMs(text).ms); }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sorted = [...re.samples].sort((a, b) => a - b);
  return { parseMs: med(parse), fullMs: med(full), relintP95: sorted[Math.floor(sorted.length * 0.95)], relintMedian: med(re.samples), peakMB: re.peakMB };
}

if (process.env.CERTWRIGHT_LINT_BENCH === '1') process.stdout.write(JSON.stringify(runAll()) + '\n');
// A process of its own, so the 600 MB memory target measures the monorepo lint alone.
if (process.env.CERTWRIGHT_LINT_BENCH === 'monorepo') process.stdout.write(JSON.stringify(runMonorepo()) + '\n');
// The same monorepo with every team's PKI and CA files: the trust and lifetime rules do their full work (#17).
if (process.env.CERTWRIGHT_LINT_BENCH === 'monorepo-trust') process.stdout.write(JSON.stringify(runMonorepo(3, true)) + '\n');
// Only the re-lint samples (for profiling: `--cpu-prof`, `--trace-gc`).
if (process.env.CERTWRIGHT_LINT_BENCH === 'relint') {
  const re = relintSamples(generate(1000), 60);
  const sorted = [...re.samples].sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ relintP95: sorted[Math.floor(sorted.length * 0.95)], relintMedian: sorted[Math.floor(sorted.length / 2)], samples: re.samples.map((x) => Math.round(x * 10) / 10) }) + '\n');
}
