// Scopes: cross-file rules relate objects only where they can meet in one cluster (a
// kustomization, a Helm chart, or the nearest folder holding candidates), on a monorepo of
// independent deployments (test/fixtures/lint/monorepo, see its README). Also: exact positions
// from the core, related locations (JSON `related`, SARIF `relatedLocations`), one finding
// for copies of an object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { lintTexts, Workspace, type LintFinding } from '../../src/core/lint/index';
import type { Manifest } from '../../src/core/lint/model';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { LintEngine } from '../../src/node/lint-engine';
import { main } from '../../src/cli/main';
import { FIXTURES } from './helpers';

const DIR = join(FIXTURES, 'lint', 'monorepo');

function monorepo(): Array<{ path: string; text: string }> {
  return walkRespectingGitignore(DIR, (f) => /\.ya?ml$/.test(f))
    .map((p) => ({ path: relative(DIR, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
}

/** `file:line:column severity code` with 1-based lines and columns, as a reader counts them. */
const where = (f: { file: string; line?: number; column?: number }) => `${f.file}:${f.line! + 1}:${f.column! + 1}`;

const EXPECTED = [
  // The chart's certificate misses a name of the chart's Service; the Service next to the chart (same selector) is not related.
  'charts/web/templates/certificate.yaml:9:5 warning san-service-coverage',
  // The only ClusterIssuer is in teams/, another deployment.
  'charts/web/templates/certificate.yaml:13:11 info issuer-not-found',
  // The prod overlay adds Service store-public in front of the base's pods; kustomize/loose/ is not part of any overlay.
  'kustomize/base/certificate.yaml:9:5 warning san-service-coverage',
  'kustomize/base/certificate.yaml:14:11 info issuer-not-found',
  // demo-c's agent is wrong; demo-a and demo-b agree with their own servers; demo-d's servers disagree: no guess.
  'spire-demos/demo-c/agent.yaml:9:22 error spiffe-trust-domain-mismatch',
  // team-a misses one name of its own Service; team-b's Service api-internal (same selector) is not team-a's.
  'teams/team-a/certificate.yaml:9:5 warning san-service-coverage',
  // The same Service in three files and the Certificate in two: one finding.
  'teams/team-c/certificate.yaml:9:5 warning san-service-coverage',
];

test('monorepo: findings only inside each deployment, exactly', () => {
  const findings = lintTexts(monorepo());
  assert.deepEqual(findings.map((f) => `${where(f)} ${f.severity} ${f.code}`), EXPECTED);
  const byFile = (file: string) => findings.find((f) => f.file === file)!;
  assert.match(byFile('teams/team-a/certificate.yaml').message, /Service "api" \(teams\/team-a\/service\.yaml\).*does not cover "api\.shop\.svc\.cluster\.local":/);
  assert.match(byFile('kustomize/base/certificate.yaml').message, /Service "store-public" \(kustomize\/overlays\/prod\/service-public\.yaml\)/);
  assert.match(byFile('spire-demos/demo-c/agent.yaml').message, /"wrong\.example" differs from the server's "c\.example"/);
});

test('related: a cross-file finding names the objects it relates, with exact positions', () => {
  const findings = lintTexts(monorepo());
  const rel = (f: LintFinding) => (f.related ?? []).map((r) => `${where(r)} ${r.message}`);
  const at = (file: string, code: string) => findings.find((f) => f.file === file && f.code === code)!;
  assert.deepEqual(rel(at('spire-demos/demo-c/agent.yaml', 'spiffe-trust-domain-mismatch')), [
    'spire-demos/demo-c/server.yaml:9:22 The SPIRE server\'s trust_domain "c.example"',
  ]);
  assert.deepEqual(rel(at('kustomize/base/certificate.yaml', 'san-service-coverage')), [
    'kustomize/overlays/prod/service-public.yaml:4:9 Service "store-public" in namespace shop sends traffic to the pods that serve this certificate',
  ]);
  // Copies: the three Services and the other copy of the Certificate, one finding.
  assert.deepEqual(rel(at('teams/team-c/certificate.yaml', 'san-service-coverage')), [
    'teams/team-c/app/service.yaml:4:9 Service "web" in namespace shop sends traffic to the pods that serve this certificate',
    'teams/team-c/docs/service.yaml:4:9 Service "web" in namespace shop sends traffic to the pods that serve this certificate',
    'teams/team-c/examples/service.yaml:4:9 Service "web" in namespace shop sends traffic to the pods that serve this certificate',
    'teams/team-c/docs/certificate.yaml:9:5 The same problem in a copy of Certificate "web" in namespace shop',
  ]);
  assert.equal(findings.filter((f) => f.file.startsWith('teams/team-c/')).length, 1, 'one finding for the copies');
  // Findings of one object have no related places.
  assert.equal(at('kustomize/base/certificate.yaml', 'issuer-not-found').related, undefined);
});

test('positions: every finding and related place has line/column that match its offsets (0-based)', () => {
  const files = monorepo();
  const text = (p: string) => files.find((f) => f.path === p)!.text;
  const pos = (t: string, o: number) => { const before = t.slice(0, o).split('\n'); return [before.length - 1, before[before.length - 1].length]; };
  const findings = lintTexts(files);
  let checked = 0;
  for (const f of findings) {
    for (const x of [f, ...(f.related ?? [])]) {
      assert.deepEqual([x.line, x.column], pos(text(x.file), x.start), `${x.file} ${f.code}`);
      assert.deepEqual([x.endLine, x.endColumn], pos(text(x.file), x.end), `${x.file} ${f.code} end`);
      checked++;
    }
  }
  assert.equal(checked, findings.length + 8);
});

test('without its scope the same files relate differently: each deployment alone gives its own findings', () => {
  const files = monorepo();
  const only = (prefix: string) => lintTexts(files.filter((f) => f.path.startsWith(prefix))).map((f) => `${where(f)} ${f.severity} ${f.code}`);
  assert.deepEqual(only('teams/team-b/'), ['teams/team-b/certificate.yaml:18:11 info issuer-not-found']);
  assert.deepEqual(only('spire-demos/demo-d/'), []);
  assert.deepEqual(only('spire-demos/demo-b/'), []);
  // The staging overlay alone: the base as it is, no public Service.
  assert.deepEqual(only('kustomize/base/').filter((f) => f.includes('san-')), []);
});

test('scope API: kustomizations (overlays into bases), charts, nearest folder; several candidates that disagree are all returned', () => {
  const ws = new Workspace(monorepo());
  const m = (file: string, kind: string, name?: string) => ws.manifests.find((x) => x.file.path === file && x.kind === kind && (!name || x.name === name))!;
  const names = (xs: Manifest[]) => xs.map((x) => `${x.file.path} ${x.name}`);
  const services = ws.ofKind('Service');
  const CASES: Array<[string, Manifest, string[]]> = [
    ['a base file meets the Services of every overlay that includes it, not the loose folder', m('kustomize/base/deployment.yaml', 'Deployment'), ['kustomize/base/service.yaml store', 'kustomize/overlays/prod/service-public.yaml store-public']],
    ['a chart meets only its own files', m('charts/web/templates/deployment.yaml', 'Deployment'), ['charts/web/templates/service.yaml portal']],
    ['a plain folder: the nearest folder holding candidates (its own)', m('teams/team-a/deployment.yaml', 'Deployment'), ['teams/team-a/service.yaml api']],
    ['a plain folder with copies below it', m('teams/team-c/deployment.yaml', 'Deployment'), ['teams/team-c/app/service.yaml web', 'teams/team-c/docs/service.yaml web', 'teams/team-c/examples/service.yaml web']],
    ['a folder next to a chart does not meet the chart', m('charts/neighbor/service.yaml', 'Service'), ['charts/neighbor/service.yaml portal-neighbor']],
  ];
  for (const [name, from, want] of CASES) {
    const got = names(ws.scopeCandidates(from.file, services)).filter((n) => want.some((w) => w.split(' ')[0].split('/')[0] === n.split('/')[0]));
    assert.deepEqual(got, want, name);
  }
  assert.ok(ws.inScope({ path: 'kustomize/base/service.yaml' }, { path: 'kustomize/overlays/prod/service-public.yaml' }));
  assert.ok(!ws.inScope({ path: 'kustomize/base/service.yaml' }, { path: 'kustomize/loose/service.yaml' }));
  assert.ok(!ws.inScope({ path: 'charts/web/templates/service.yaml' }, { path: 'charts/neighbor/service.yaml' }));
  assert.ok(ws.inScope({ path: 'teams/team-a/service.yaml' }, { path: 'teams/team-b/service.yaml' }), 'plain folders: the nearest folder decides');
  // demo-d: both servers are candidates (the rule sees them disagree and reports nothing).
  const servers = ws.ofKind('ConfigMap').filter((x) => x.name?.startsWith('spire-server'));
  assert.deepEqual(names(ws.scopeCandidates({ path: 'spire-demos/demo-d/agent.yaml' }, servers)), ['spire-demos/demo-d/server.yaml spire-server', 'spire-demos/demo-d/server1.yaml spire-server1']);
});

test('editing a kustomization re-scopes: the overlay without the public Service has no finding for it', () => {
  const files = monorepo();
  const engine = new LintEngine();
  engine.update(files);
  const coverage = () => engine.lint().filter((f) => f.code === 'san-service-coverage').map((f) => f.file);
  assert.ok(coverage().includes('kustomize/base/certificate.yaml'));
  const k = files.find((f) => f.path === 'kustomize/overlays/prod/kustomization.yaml')!;
  engine.update([{ path: k.path, text: k.text.replace('  - service-public.yaml\n', '') }]);
  assert.ok(!coverage().includes('kustomize/base/certificate.yaml'));
  engine.update([k]);
  assert.ok(coverage().includes('kustomize/base/certificate.yaml'));
});

test('go to definition gives positions from the worker (no document needs opening)', () => {
  const files = monorepo();
  const engine = new LintEngine();
  engine.update(files);
  engine.lint();
  const path = 'teams/team-a/deployment.yaml';
  const text = files.find((f) => f.path === path)!.text;
  const r = engine.handle({ id: 1, type: 'definition', path, offset: text.indexOf('api-tls') + 2 });
  assert.equal(r.type, 'definition');
  if (r.type !== 'definition') return;
  // The Secret's producer in scope: team-a's Certificate (not team-b's).
  assert.deepEqual(r.locations.map((l) => [l.file, l.line, l.column]), [['teams/team-a/certificate.yaml', 0, 0]]);
});

test('CLI: JSON findings carry `related` (1-based), SARIF has relatedLocations; the text output is unchanged', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'certwright-monorepo-'));
  try {
    cpSync(DIR, tmp, { recursive: true });
    const run = async (format: string) => {
      let out = '';
      const code = await main(['lint', '--format', format, tmp], { out: (s) => { out += s; }, err: () => undefined });
      return { code, out };
    };
    const json = await run('json');
    assert.equal(json.code, 1, 'demo-c has an error');
    const records = JSON.parse(json.out) as Array<{ file: string; line: number; column: number; code: string; related?: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; message: string }> }>;
    const rel = (p: string) => relative(tmp, join(process.cwd(), p)).split('\\').join('/');
    assert.deepEqual(records.map((r) => `${rel(r.file)}:${r.line}:${r.column} ${r.code}`), EXPECTED.map((e) => e.replace(/ (warning|info|hint|error) /, ' ')));
    const td = records.find((r) => r.code === 'spiffe-trust-domain-mismatch')!;
    assert.deepEqual(td.related!.map((r) => ({ ...r, file: rel(r.file) })), [{ file: 'spire-demos/demo-c/server.yaml', line: 9, column: 22, endLine: 9, endColumn: 33, message: 'The SPIRE server\'s trust_domain "c.example"' }]);
    assert.equal(records.find((r) => r.code === 'issuer-not-found')!.related, undefined, 'no related key without related objects');
    assert.equal(records.find((r) => rel(r.file) === 'teams/team-c/certificate.yaml')!.related!.length, 4);
    const sarif = JSON.parse((await run('sarif')).out) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ id: number; message: { text: string }; physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'spiffe-trust-domain-mismatch')!;
    assert.deepEqual(result.relatedLocations!.map((l) => [l.id, l.physicalLocation.region.startLine, l.physicalLocation.region.startColumn, l.message.text]), [[0, 9, 22, 'The SPIRE server\'s trust_domain "c.example"']]);
    assert.equal(sarif.runs[0].results.find((r) => r.ruleId === 'issuer-not-found')!.relatedLocations, undefined);
    const text = await run('text');
    assert.equal(text.out.trim().split('\n').length, EXPECTED.length + 1, 'one line per finding and the summary');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('work grows with the objects, not with the teams: 10 teams of the same names make 10 times the cross-file checks of one', async () => {
  const { generateMonorepo } = await import('../bench/lint-bench');
  const { crossFileRuns } = await import('../../src/core/lint/rules/crossfile');
  const units = (teams: number) => {
    const files = generateMonorepo(300 * teams, teams, 2);
    const findings = lintTexts(files);
    return { units: crossFileRuns.units, findings: findings.length };
  };
  const one = units(1), ten = units(10);
  assert.ok(one.units > 300, `units: ${one.units}`);
  assert.equal(ten.units, 10 * one.units);
  assert.equal(ten.findings, 10 * one.findings, 'each team has its own findings (its ClusterIssuer\'s Secret), none across teams');
});

test('hover on a cross-file finding lists the objects it relates, with 1-based lines', async () => {
  const { hoverAt } = await import('../../src/core/lint/features');
  const files = monorepo();
  const ws = new Workspace(files);
  const { lintWorkspace } = await import('../../src/core/lint/index');
  const findings = lintWorkspace(ws);
  const f = findings.find((x) => x.file === 'spire-demos/demo-c/agent.yaml')!;
  const md = hoverAt(ws, ws.files.get(f.file)!, f.start + 1, findings) ?? '';
  assert.match(md, /certwright\(spiffe-trust-domain-mismatch\)/);
  assert.match(md, /- The SPIRE server's trust_domain "c\.example": `spire-demos\/demo-c\/server\.yaml:9`/);
});
