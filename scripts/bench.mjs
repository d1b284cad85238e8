// `npm run bench`: every speed target, measured in one run, printed as one table and written
// to bench/results.json. Targets are ratios to a reference (openssl) or p95 latencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Module from 'node:module';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.cache', 'bench');
mkdirSync(tmp, { recursive: true });
// The benchmarks' own temporary folders (the hostile and fuzz inputs) go into one folder of
// this run, removed at the end (as in scripts/test.mjs).
const runTmp = mkdtempSync(join(tmpdir(), 'certwright-bench-'));
process.env.TMPDIR = runTmp;
process.on('exit', () => rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 }));

/** The README shows the latest table (between its bench markers) and the machine it came from. */
function updateReadme(rows, machine, date = new Date().toISOString()) {
  const readme = join(root, 'README.md');
  const START = '<!-- bench:start -->', END = '<!-- bench:end -->';
  const text = readFileSync(readme, 'utf8');
  if (!text.includes(START) || !text.includes(END)) return;
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  const table = [
    `Latest run, ${date.slice(0, 10)}, on ${machine}:`,
    '',
    '| Benchmark | Value | Target | Met | Detail |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.name)} | ${cell(`${r.value} ${r.unit}`)} | ${cell(r.target)} | ${r.pass ? 'yes' : '**no**'} | ${cell(r.detail)} |`),
  ].join('\n');
  writeFileSync(readme, text.slice(0, text.indexOf(START) + START.length) + '\n' + table + '\n' + text.slice(text.indexOf(END)));
  console.log('README.md table updated');
}

// `node scripts/bench.mjs --readme`: only copy bench/results.json into the README.
if (process.argv.includes('--readme')) {
  const last = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8'));
  updateReadme(last.results, last.machine, last.date);
  process.exit(0);
}

console.log('building...');
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(root, 'test/bench/core-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'core-bench.js'), logLevel: 'warning', target: 'node20',
});
const require = Module.createRequire(import.meta.url);
const core = require(join(tmp, 'core-bench.js'));

const rows = [];
function record(name, value, unit, target, pass, detail) {
  rows.push({ name, value, unit, target, pass, detail });
}

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function p95(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; }

/**
 * `verify` given 1,000 certificate files in one invocation vs `openssl verify -x509_strict` given
 * the same files (test/bench/verify-bench.ts makes them). `--only verify` runs just this one.
 */
async function benchVerify() {
  await esbuild.build({
    entryPoints: [join(root, 'test/bench/verify-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
    outfile: join(tmp, 'verify-bench.js'), logLevel: 'warning', target: 'node20',
  });
  const inputs = await require(join(tmp, 'verify-bench.js')).makeVerifyInputs(join(tmp, 'verify'), 1000);
  const oursArgs = [join(root, 'dist/cli.js'), 'verify', '--ca', inputs.root, '--untrusted', inputs.inter, '--purpose', 'server', ...inputs.leaves];
  const theirArgs = ['verify', '-x509_strict', '-no-CApath', '-no-CAstore', '-CAfile', inputs.root, '-untrusted', inputs.inter, '-purpose', 'sslserver', ...inputs.leaves];
  const ours = [], theirs = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    const a = spawnSync(process.execPath, oursArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
    ours.push(performance.now() - t0);
    t0 = performance.now();
    const b = spawnSync('openssl', theirArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
    theirs.push(performance.now() - t0);
    const okOurs = (a.stdout.match(/: OK$/gm) ?? []).length, okTheirs = (b.stdout.match(/: OK$/gm) ?? []).length;
    if (a.status !== 0 || b.status !== 0 || okOurs !== 1000 || okTheirs !== 1000) {
      console.error(`verify bench: ours exit ${a.status} (${okOurs} OK), openssl exit ${b.status} (${okTheirs} OK)\n${a.stderr.slice(0, 2000)}${b.stderr.slice(0, 2000)}`);
      process.exit(1);
    }
  }
  const ratio = median(ours) / median(theirs);
  record('verify: 1,000 certificate files in one invocation (vs openssl verify -x509_strict, median of 5)', ratio.toFixed(2), 'x openssl', '<= 1.00', ratio <= 1, `${median(ours).toFixed(0)} ms vs ${median(theirs).toFixed(0)} ms; ECDSA P-256 leaves through one intermediate, -purpose sslserver`);
}

/**
 * Cluster view (#21): a stand-in API server with 5,000 TLS Secrets and 2,000 ConfigMaps in one
 * namespace and 200 webhook configurations (plus CRD conversion webhooks and APIServices), in a
 * process of its own (its memory is measured alone; the process also hosts the stand-in): the
 * first page of every kind the view lists, and peak memory. Body: test/bench/cluster-bench.ts.
 * `--only cluster` runs just this one.
 */
async function benchCluster() {
  await esbuild.build({
    entryPoints: [join(root, 'test/bench/cluster-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
    outfile: join(tmp, 'cluster-bench.js'), logLevel: 'warning', target: 'node20',
  });
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, [join(tmp, 'cluster-bench.js')], { encoding: 'utf8' });
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
    runs.push(JSON.parse(r.stdout.trim()));
  }
  const kinds = runs[0].kinds.map((k) => k.kind);
  const ms = (kind) => runs.map((r) => r.kinds.find((k) => k.kind === kind).firstPageMs);
  // Each kind's first page, median of 3; the row's value is the slowest kind.
  const medians = kinds.map((kind) => ({ kind, ms: median(ms(kind)), count: runs[0].kinds.find((k) => k.kind === kind).firstPage, total: runs[0].kinds.find((k) => k.kind === kind).total }));
  const slowest = medians.reduce((a, b) => (b.ms > a.ms ? b : a));
  const complete = runs.every((r) => r.kinds.every((k) => k.complete));
  record('Cluster view: first page of every kind (5,000 Secrets, 2,000 ConfigMaps, 200 webhook configurations, CRDs, APIServices, kubeconfig)', slowest.ms.toFixed(0), 'ms', '<= 1000', slowest.ms <= 1000 && complete,
    `slowest: ${slowest.kind}; ${medians.map((m) => `${m.kind} ${m.ms.toFixed(0)} ms (${m.count} of ${m.total})`).join(', ')}; all Secrets and ConfigMaps in ${median(runs.map((r) => r.allMs)).toFixed(0)} ms; median of 3${complete ? '' : '; SOME KIND INCOMPLETE'}`);
  const peakRss = Math.max(...runs.map((r) => r.peakRssMB));
  record('Cluster view: peak memory (RSS) listing every kind of that cluster', peakRss.toFixed(0), 'MB', '<= 250', peakRss <= 250, `peak heap ${Math.max(...runs.map((r) => r.peakHeapMB)).toFixed(0)} MB; includes the stand-in API server in the same process`);
}

/**
 * Lint: 1,000 Certificates + 1,000 Services + 1,000 Deployments in one file, the 30,000-object
 * monorepo, and the same with trust paths; each in a process of its own. `--only lint` runs these.
 */
async function benchLint() {
  await esbuild.build({
    entryPoints: [join(root, 'test/bench/lint-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
    outfile: join(tmp, 'lint-bench.js'), logLevel: 'warning', target: 'node20',
  });
  /**
   * lint-bench.js in one of its modes (CERTWRIGHT_LINT_BENCH), its JSON line. A fresh process:
   * the memory figure is the linter's, not what earlier benchmarks left behind.
   */
  const lintProcess = (mode) => {
    const run = spawnSync(process.execPath, [join(tmp, 'lint-bench.js')], { env: { ...process.env, CERTWRIGHT_LINT_BENCH: mode }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
    return JSON.parse(run.stdout.trim().split('\n').pop());
  };
  const b = lintProcess('1');
  const r = b.fullMs / b.parseMs;
  record('Full lint of 3,000 objects incl. cross-file rules (vs yaml parseAllDocuments)', r.toFixed(2), 'x parse', '<= 1.50', r <= 1.5, `${b.fullMs.toFixed(0)} ms vs ${b.parseMs.toFixed(0)} ms, median of 5`);
  record('Re-lint after a one-line edit in that file (p95)', b.relintP95.toFixed(1), 'ms', '<= 20', b.relintP95 <= 20, `median ${b.relintMedian.toFixed(1)} ms over 60 edits`);
  record('Lint peak memory (RSS of the lint process)', b.peakMB.toFixed(0), 'MB', '<= 300', b.peakMB <= 300, '');
  // A monorepo: 30,000 objects in 100 files and 10 team folders with the same names (scopes keep
  // the teams apart). Its own process, so the memory is this lint's alone.
  const m = lintProcess('monorepo');
  const mr = m.fullMs / m.parseMs;
  record('Full lint of 30,000 objects in 100 files, 10 team folders (vs yaml parseAllDocuments)', mr.toFixed(2), 'x parse', '<= 1.50', mr <= 1.5, `${m.fullMs.toFixed(0)} ms vs ${m.parseMs.toFixed(0)} ms, median of 3; ${m.findings} findings`);
  record('Lint peak memory, 30,000 objects (RSS of the lint process)', m.peakMB.toFixed(0), 'MB', '<= 600', m.peakMB <= 600, 'after the lint, the linter holding its results');
  // h17trust (#17): the same monorepo with each team's PKI, a trust-manager Bundle and CA files in
  // every Deployment, so the trust and lifetime rules follow every connection to its root.
  const t = lintProcess('monorepo-trust');
  const trr = t.fullMs / t.parseMs;
  record('Full lint of 30,000 objects with trust paths and real lifetimes (PKI per team, CA file in every Deployment; vs yaml parseAllDocuments)', trr.toFixed(2), 'x parse', '<= 1.50', trr <= 1.5, `${t.fullMs.toFixed(0)} ms vs ${t.parseMs.toFixed(0)} ms, median of 3; ${t.findings} findings`);
}

/**
 * The language server over stdio (issue 18): the same 3,000-object file through didOpen, edits
 * through didChange, diagnostics pulled; the server is its own process (dist/cli.js lsp --stdio).
 * `--only lsp` runs just this one.
 */
async function benchLsp() {
  await esbuild.build({
    entryPoints: [join(root, 'test/bench/lsp-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
    outfile: join(tmp, 'lsp-bench.js'), logLevel: 'warning', target: 'node20',
  });
  const run = spawnSync(process.execPath, [join(tmp, 'lsp-bench.js')], { env: { ...process.env, CERTWRIGHT_LSP_BENCH: root }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
  const b = JSON.parse(run.stdout.trim().split('\n').pop());
  const r = b.firstMs / b.parseMs;
  record('Language server: first diagnostics for the 3,000-object file over stdio (vs yaml parseAllDocuments)', r.toFixed(2), 'x parse', '<= 1.50', r <= 1.5, `didOpen to the diagnostic report ${b.firstMs.toFixed(0)} ms vs parse ${b.parseMs.toFixed(0)} ms in a fresh process, median of 3 fresh servers`);
  record('Language server: re-lint after a one-line didChange (p95)', b.relintP95.toFixed(1), 'ms', '<= 20', b.relintP95 <= 20, `median ${b.relintMedian.toFixed(1)} ms over 60 real edits after 20 warm-up edits (their median ${b.warmupMedian.toFixed(1)} ms, slowest ${b.warmupMax.toFixed(1)} ms: the JIT still compiling), didChange to the pulled report`);
  record('Language server: peak memory (RSS of the server process)', b.peakMB.toFixed(0), 'MB', '<= 300', b.peakMB <= 300, 'VmHWM after the edits');
}

if (process.argv.includes('--only')) {
  const which = process.argv[process.argv.indexOf('--only') + 1];
  const only = { verify: benchVerify, cluster: benchCluster, lint: benchLint, lsp: benchLsp };
  if (!only[which]) { console.error(`--only: unknown benchmark "${which}" (known: ${Object.keys(only).join(', ')})`); process.exit(2); }
  await only[which]();
  for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit} (target ${r.target}, ${r.pass ? 'met' : 'NOT met'}) ${r.detail}`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}

// 1. Full decode of a 10,000-certificate file vs `openssl storeutl -noout -text -certs`.
const bundle = '/etc/ssl/certs/ca-certificates.crt';
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run "bash scripts/setup.sh" (package ca-certificates).`);
  process.exit(1);
}
const big = join(tmp, 'bundle-10000.pem');
const blocks = readFileSync(bundle, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g);
let text = '';
for (let i = 0; i < 10000; i++) text += blocks[i % blocks.length];
writeFileSync(big, text);
const opensslRuns = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = spawnSync('openssl', ['storeutl', '-noout', '-text', '-certs', big], { stdio: ['ignore', 'ignore', 'ignore'] });
  opensslRuns.push(performance.now() - t0);
  if (r.status !== 0) { console.error('openssl storeutl failed'); process.exit(1); }
}
const oursRuns = [];
let count = 0;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  count = core.fullDecode(readFileSync(big, 'utf8'));
  oursRuns.push(performance.now() - t0);
}
const ratio = median(oursRuns) / median(opensslRuns);
record('Full decode, 10,000 certificates (vs openssl storeutl -text)', ratio.toFixed(2), 'x openssl', '<= 1.00', ratio <= 1, `${median(oursRuns).toFixed(0)} ms vs ${median(opensslRuns).toFixed(0)} ms, ${count} objects`);

// 2. Hover in a 10 MB file: p95 after the first scan.
const tenMb = core.makeTenMegabytes(blocks);
const hover = core.hoverLatencies(tenMb, 2000);
record('Hover on a PEM block in a 10 MB file (p95, after first scan)', p95(hover.samples).toFixed(3), 'ms', '<= 5', p95(hover.samples) <= 5, `first scan ${hover.firstScanMs.toFixed(0)} ms, ${hover.objects} objects, ${(tenMb.length / 1048576).toFixed(1)} MB`);

// Never block the extension host: a 10 MB PEM file and a 10 MB YAML file are decoded in slices.
// TextDocument.getText() hands the scanner a flat string (lines joined); built texts here are
// ropes, so they are flattened first, as that copy is not the scanner's.
const flat = (s) => { const f = (' ' + s).slice(1); f.indexOf('\n'); return f; };
const pemBlock = await core.longestBlock(flat(tenMb));
record('Longest extension-host block decoding a 10 MB PEM file (sliced)', pemBlock.maxMs.toFixed(1), 'ms', '<= 50', pemBlock.maxMs <= 50, `${pemBlock.slices} slices, ${pemBlock.totalMs.toFixed(0)} ms in all`);
await esbuild.build({
  entryPoints: [join(root, 'test/bench/lint-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'lint-bench.js'), logLevel: 'warning', target: 'node20',
});
const tenMbYaml = require(join(tmp, 'lint-bench.js')).generate(10000);
const yamlBlock = await core.longestBlock(flat(tenMbYaml));
const yamlMax = Math.max(yamlBlock.maxMs, yamlBlock.copyMs);
record('Longest extension-host block for a 10 MB YAML file (scan; copy of a part to the language server thread)', yamlMax.toFixed(1), 'ms', '<= 50', yamlMax <= 50, `scan slices ${yamlBlock.maxMs.toFixed(1)} ms max; copy of a 1M-character part ${yamlBlock.copyMs.toFixed(1)} ms; ${(tenMbYaml.length / 1048576).toFixed(1)} MB`);

// 3. Activation: require + activate() of dist/extension.js against a recording stand-in of the vscode API.
const act = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(process.execPath, [join(root, 'test/bench/activation.cjs'), join(root, 'dist/extension.js')], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
  act.push(Number(r.stdout.trim()));
}
record('Activation (load + activate)', median(act).toFixed(1), 'ms', '<= 50', median(act) <= 50, 'median of 5 fresh processes');
// The language client is loaded and started after activate() returns (src/vscode/lint.ts): the
// longest single block of the extension host's thread from activate()'s return until the
// server's first lint is published (loading dist/lsp-protocol.js and dist/lint-client.js,
// starting the client and the worker thread, the initialize exchange).
{
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, [join(root, 'test/bench/activation.cjs'), join(root, 'dist/extension.js'), 'start'], { encoding: 'utf8' });
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
    starts.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  const longest = median(starts.map((x) => x.longestBlockMs));
  record('Language client start: longest extension-host block after activate()', longest.toFixed(1), 'ms', '<= 50', longest <= 50,
    `median of 5 fresh processes; activate() to the first lint ${median(starts.map((x) => x.startMs)).toFixed(0)} ms; longest blocks per run ${starts.map((x) => x.longestBlockMs.toFixed(0)).join(', ')} ms`);
}

await benchLint();
await benchLsp();

// 4. Bundle size.
const size = statSync(join(root, 'dist/extension.js')).size;
record('dist/extension.js size (minified)', (size / 1024).toFixed(0), 'KiB', '<= 1024', size <= 1024 * 1024, '');

// Cluster view (#21): benchCluster() above.
await benchCluster();

// 5-6. Certificate authoring (test/bench/author-bench.ts).
await esbuild.build({
  entryPoints: [join(root, 'test/bench/author-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'author-bench.js'), logLevel: 'warning', target: 'node20',
});
const author = require(join(tmp, 'author-bench.js'));
await author.caPlusLeafMs(); // warm-up
const caLeaf = [];
for (let i = 0; i < 20; i++) caLeaf.push(await author.caPlusLeafMs());
record('ECDSA P-256 CA plus one leaf, in process (median of 20)', median(caLeaf).toFixed(1), 'ms', '<= 50', median(caLeaf) <= 50, `p95 ${p95(caLeaf).toFixed(1)} ms`);
const rsaOurs = [];
const rsaOpenssl = [];
for (let i = 0; i < 10; i++) {
  rsaOurs.push(await author.rsa4096Ms());
  const t0 = performance.now();
  const r = spawnSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'], { stdio: ['ignore', 'ignore', 'ignore'] });
  rsaOpenssl.push(performance.now() - t0);
  if (r.status !== 0) { console.error('openssl genpkey failed'); process.exit(1); }
}
const rsaRatio = median(rsaOurs) / median(rsaOpenssl);
record('RSA 4096 key generation (vs openssl genpkey, median of 10)', rsaRatio.toFixed(2), 'x openssl', '<= 1.20', rsaRatio <= 1.2, `${median(rsaOurs).toFixed(0)} ms vs ${median(rsaOpenssl).toFixed(0)} ms`);

// 7-8. Authoring over the workspace's objects (#13): code actions and manifests on 5,000 Services (test/bench/objects-bench.ts), own process.
await esbuild.build({
  entryPoints: [join(root, 'test/bench/objects-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'objects-bench.js'), logLevel: 'warning', target: 'node20',
});
{
  const run = spawnSync(process.execPath, [join(tmp, 'objects-bench.js')], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
  const o = JSON.parse(run.stdout.trim());
  record(`Code actions: cursor move in a file of 5,000 Services (${o.megabytes.toFixed(1)} MB), p95 of 200`, o.moveP95Ms.toFixed(3), 'ms', '<= 20', o.moveP95Ms <= 20 && o.parses === 1, `${o.parses} parse for the document version: the first request ${o.firstMs.toFixed(0)} ms = ${(o.firstMs / o.yamlMs).toFixed(2)}x yaml parseAllDocuments (${o.yamlMs.toFixed(0)} ms)`);
  const ratio = o.manifestsMs / o.yamlMs;
  record('manifests on 5,000 Services (vs yaml parseAllDocuments of the file)', ratio.toFixed(2), 'x parse', '<= 3', ratio <= 3, `${o.manifestsMs.toFixed(0)} ms: read ${o.readMs.toFixed(0)}, index and profiles ${o.indexMs.toFixed(0)}, write ${o.generateMs.toFixed(0)}`);
}

// Hostile input: the slowest of 2,000 fuzz inputs per parser path (test/fuzz), own process.
await esbuild.build({
  entryPoints: [join(root, 'test/bench/fuzz-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'fuzz-bench.js'), logLevel: 'warning', target: 'node20',
});
{
  const run = spawnSync(process.execPath, [join(tmp, 'fuzz-bench.js')], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_ROOT: root }, maxBuffer: 1 << 20 });
  if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
  const stats = JSON.parse(run.stdout.trim());
  const worst = stats.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  const throws = stats.reduce((s, x) => s + x.failures, 0);
  record('Fuzzing: slowest input of any parser path (16 KiB cap, YAML 8 KiB)', worst.maxMs.toFixed(1), 'ms', '<= 100', worst.maxMs <= 100 && throws === 0, `${stats.reduce((s, x) => s + x.inputs, 0)} inputs; slowest in ${worst.target}; ${throws} failing; p99 ${Math.max(...stats.map((x) => x.p99Ms)).toFixed(1)} ms`);
}

// Hostile input per entry point (issue 13): the slowest hostile file for inspect, lint, manifests
// and hover, each against a benign file of the same size (test/bench/hostile-bench.ts), own process.
await esbuild.build({
  entryPoints: [join(root, 'test/bench/hostile-bench.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: join(tmp, 'hostile-bench.js'), logLevel: 'warning', target: 'node20',
});
{
  const run = spawnSync(process.execPath, [join(tmp, 'hostile-bench.js')], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_ROOT: root, CERTWRIGHT_HOSTILE_BENCH: '1' }, maxBuffer: 1 << 20 });
  if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
  const entries = JSON.parse(run.stdout.trim().split('\n').pop());
  const worst = Math.max(...entries.map((e) => e.ratio));
  const kib = (n) => (n >= 1 << 20 ? `${(n / 1048576).toFixed(0)} MiB` : `${(n / 1024).toFixed(0)} KiB`);
  record('Hostile input: slowest per entry point vs a benign file of the same size', worst.toFixed(1), 'x benign', '<= 10', worst <= 10,
    entries.map((e) => `${e.entry} ${e.ratio.toFixed(1)}x (${e.worst}, ${kib(e.size)}: ${e.worstMs.toFixed(0)} vs ${e.benignMs.toFixed(0)} ms)`).join('; '));
}

await benchVerify();

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const w = [60, 10, 10, 9, 5];
const line = (c) => `| ${c.map((x, i) => String(x).padEnd(w[i] ?? 0)).join(' | ')} |`;
console.log('\n' + line(['Benchmark', 'Value', 'Unit', 'Target', 'OK']));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const r of rows) console.log(line([r.name, r.value, r.unit, r.target, r.pass ? 'yes' : 'NO']) + (r.detail ? `  ${r.detail}` : ''));
console.log(`\nmachine: ${machine}`);
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), machine, results: rows }, null, 2) + '\n');
console.log('written to bench/results.json');

updateReadme(rows, machine);
if (rows.some((r) => !r.pass)) console.log(`\n${rows.filter((r) => !r.pass).length} target(s) not met`);
