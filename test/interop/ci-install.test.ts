// Installs that work, and the CI examples run as shown (#19). `npm pack` of the repository (after
// the build) gives a package with only the self-contained CLI; `npm install -g --offline` of it
// into a temporary prefix installs nothing else, and the installed `certwright` runs away from
// the repository's node_modules. With that install:
// - action.yml runs step by step as GitHub's runner would (a small runner below: `${{ inputs.* }}`
//   and `${{ steps.*.outputs.* }}`, `if:`, GITHUB_PATH, GITHUB_OUTPUT; the codeql upload step is
//   checked, not run: it needs GitHub), its install step really installing the packed .tgz;
// - the README's GitHub Actions `run:` lines and GitLab `script:` lines run exactly as shown, in a
//   copy of test/fixtures/ci/repo, with `npx` on PATH resolved to the installed package (a shim
//   that refuses any other package or version: the README must pin the package's version);
// - the README's .pre-commit-config.yaml runs as pre-commit runs it: each hook's `entry`, then
//   its `args` (the README's, else the manifest's), then the matching file names unless
//   `pass_filenames: false`.
// Each runs twice: on the fixture as committed (an error, a warning, an expired certificate:
// the gates fail) and after fixing it (they pass).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { codeBlocks, readmeSection, yamlBlocks } from '../support/readme';

const ROOT = join(__dirname, '..', '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'cw-ci-'));
after(() => rmSync(work, { recursive: true, force: true }));
let tgz = '';
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin');
/** PATH without the repository's node_modules/.bin: only the system and the installed package. */
const basePath = (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':');
const npmEnv = { ...process.env, PATH: basePath, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: opts.cwd ?? work, env: opts.env ?? npmEnv, encoding: 'utf8', timeout: 120_000 });
}

before(() => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli-main.js')), 'dist/ is built (node scripts/build.mjs)');
  const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tgz = join(work, info.filename);
  // The install the README promises: global, from the tarball, no network.
  const i = sh('npm', ['install', '--global', '--offline', '--prefix', prefix, tgz]);
  assert.equal(i.status, 0, i.stderr);
});

test('npm pack: only the CLI bundles, README, LICENSE, CHANGELOG and package.json; no dependencies to install', () => {
  const r = sh('tar', ['-tzf', tgz]);
  assert.deepEqual(r.stdout.trim().split('\n').sort(), [
    'package/CHANGELOG.md', 'package/LICENSE', 'package/README.md', 'package/dist/cli-main.js', 'package/dist/cli-verify.js', 'package/dist/cli.js', 'package/package.json',
  ]);
  const packed = JSON.parse(sh('tar', ['-xzOf', tgz, 'package/package.json']).stdout);
  assert.equal(packed.dependencies, undefined, 'the bundles hold every library: nothing to install at run time');
  assert.equal(packed.bin.certwright, 'dist/cli.js');
  assert.match(packed.scripts.prepack, /build\.mjs --production/, 'a pack from a git checkout builds dist/ first');
});

test('npm install -g of the packed .tgz into a temporary prefix: certwright runs inspect, lint and verify with nothing else installed', () => {
  assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['certwright']);
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'certwright', 'node_modules')), 'no dependencies installed');
  const env = { PATH: `${bin}:${basePath}`, HOME: work };
  const run = (...args: string[]) => sh('certwright', args, { env, cwd: join(ROOT, 'test', 'fixtures', 'ci', 'repo') });
  const v = run('--version');
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), PKG.version);
  const i = run('inspect', '--json', 'certs/payments.crt');
  assert.equal(i.status, 0, i.stderr);
  assert.equal(JSON.parse(i.stdout)[0].subject, 'CN=payment-service,OU=Payments,O=Acme');
  const l = run('lint', '--format', 'json', 'deploy');
  assert.equal(l.status, 1, l.stderr);
  assert.deepEqual(JSON.parse(l.stdout).map((f: { code: string }) => f.code), ['duration-syntax', 'usage-key-encipherment-ecdsa', 'ca-secret-not-produced']);
  const verify = run('verify', '--help');
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /Usage: certwright verify/);
});

/** A fresh copy of the CI fixture repository; `fixed` corrects what the gates catch. */
function repo(fixed: boolean): string {
  const dir = mkdtempSync(join(work, fixed ? 'clean-' : 'bad-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'ci', 'repo'), dir, { recursive: true });
  if (fixed) {
    const y = join(dir, 'deploy', 'certificate.yaml');
    writeFileSync(y, readFileSync(y, 'utf8').replace('duration: 90d', 'duration: 2160h').replace('    - key encipherment\n', ''));
    rmSync(join(dir, 'certs', 'legacy.crt'));
  }
  return dir;
}

/** `npx --yes certwright@VERSION ...` runs the installed package; any other package or version is refused. */
function npxShim(): string {
  const dir = join(work, 'shim');
  if (!existsSync(dir)) {
    mkdirSync(dir);
    writeFileSync(join(dir, 'npx'), `#!/bin/bash
while [[ "$1" == -* ]]; do shift; done
if [[ "$1" != "certwright@${PKG.version}" ]]; then echo "npx shim: the README must run certwright@${PKG.version}, not $1" >&2; exit 97; fi
shift
exec "${join(bin, 'certwright')}" "$@"
`);
    chmodSync(join(dir, 'npx'), 0o755);
  }
  return dir;
}

/** Runs one shell line as a CI runner does (bash, -e, -o pipefail) in `cwd`. */
function line(cmd: string, cwd: string): SpawnSyncReturns<string> {
  return sh('bash', ['-eo', 'pipefail', '-c', cmd], { cwd, env: { PATH: `${npxShim()}:${basePath}`, HOME: work } });
}

test('README, GitHub Actions: the run: lines as shown fail on the fixture (annotations, expired certificate) and pass once fixed', () => {
  const steps = yamlBlocks(readmeSection('GitHub Actions')).filter(Array.isArray).flat() as Array<{ run?: string }>;
  const runs = steps.map((s) => s.run!).filter(Boolean);
  assert.equal(runs.length, 2, 'the README shows two run: steps');
  const bad = repo(false);
  const lint = line(runs[0], bad);
  assert.equal(lint.status, 1, lint.stderr);
  assert.match(lint.stdout, /^::error file=deploy\/certificate\.yaml,line=9,col=13,endLine=9,endColumn=16,title=certwright\(duration-syntax\)::/m);
  assert.match(lint.stdout, /^::warning file=deploy\/certificate\.yaml,line=16,.*title=certwright\(usage-key-encipherment-ecdsa\)::/m);
  const expiry = line(runs[1], bad);
  assert.equal(expiry.status, 1);
  assert.match(expiry.stderr, /certs\/legacy\.crt:1 {2}CN=expired\.certwright\.test/);
  const clean = repo(true);
  for (const r of runs) {
    const x = line(r, clean);
    assert.equal(x.status, 0, `${r}\n${x.stdout}${x.stderr}`);
  }
});

test('README, GitLab CI: the script: lines as shown write a Code Quality report and gate; they pass once fixed', () => {
  const [job] = Object.values(yamlBlocks(readmeSection('GitLab CI'))[0]) as Array<{ script: string[]; artifacts: { reports: { codequality: string } } }>;
  assert.equal(job.script.length, 3);
  const bad = repo(false);
  const report = line(job.script[0], bad);
  assert.equal(report.status, 0, report.stderr);
  const issues = JSON.parse(readFileSync(join(bad, job.artifacts.reports.codequality), 'utf8')) as Array<{ check_name: string; severity: string; location: { path: string } }>;
  assert.deepEqual(issues.map((i) => [i.check_name, i.severity, i.location.path]), [
    ['duration-syntax', 'critical', 'deploy/certificate.yaml'], ['usage-key-encipherment-ecdsa', 'major', 'deploy/certificate.yaml'], ['ca-secret-not-produced', 'info', 'deploy/certificate.yaml'],
  ]);
  assert.equal(line(job.script[1], bad).status, 1);
  assert.equal(line(job.script[2], bad).status, 1);
  const clean = repo(true);
  for (const s of job.script) assert.equal(line(s, clean).status, 0, s);
  const fixedIssues = JSON.parse(readFileSync(join(clean, 'gl-code-quality-report.json'), 'utf8')) as Array<{ check_name: string }>;
  assert.deepEqual(fixedIssues.map((i) => i.check_name), ['ca-secret-not-produced']);
});

test('README, pre-commit: the hooks as configured fail on the fixture and pass once fixed', () => {
  const manifest = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; args?: string[]; files?: string; pass_filenames?: boolean }>;
  const config = yamlBlocks(readmeSection('pre-commit'))[0] as { repos: Array<{ hooks: Array<{ id: string; args?: string[] }> }> };
  const runHook = (id: string, args: string[] | undefined, dir: string) => {
    const hook = manifest.find((h) => h.id === id)!;
    const files = listFiles(dir).filter((f) => new RegExp(hook.files ?? '').test(f));
    const argv = [...hook.entry.split(' ').slice(1), ...(args ?? hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)];
    return sh(join(bin, hook.entry.split(' ')[0]), argv, { cwd: dir, env: { PATH: `${bin}:${basePath}`, HOME: work } });
  };
  const bad = repo(false);
  const clean = repo(true);
  const hooks = config.repos[0].hooks;
  const results = hooks.map((h) => [h.id, runHook(h.id, h.args, bad).status, runHook(h.id, h.args, clean).status]);
  assert.deepEqual(results, [['certwright-lint', 1, 0], ['certwright-expiry', 1, 0]]);
  const expiry = runHook('certwright-expiry', ['--fail-expiring-within', '14d'], bad);
  assert.match(expiry.stderr, /1 certificate has expired or expires within 14 days/);
  // The manifest's own defaults (no args in the config) behave the same.
  assert.equal(runHook('certwright-lint', undefined, bad).status, 1);
  assert.equal(runHook('certwright-lint', undefined, clean).status, 0);
});

/**
 * The real pre-commit (Debian's), with the README's .pre-commit-config.yaml pointing at a clone of
 * this repository at HEAD: pre-commit installs the hooks as it does for users (`language: node`:
 * `npm install` in its clone, `npm pack`, which runs the prepack build, `npm install -g` of the
 * tarball; the npm registry or its cache serves the dev dependencies), then runs them.
 */
test('pre-commit itself runs the README\'s hooks from this repository: fails on the fixture, passes once fixed', () => {
  const which = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  assert.equal(which.status, 0, 'pre-commit is installed (scripts/setup.sh installs Debian\'s pre-commit)');
  const hooksRepo = join(work, 'hooks-repo');
  const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, hooksRepo], { encoding: 'utf8' });
  assert.equal(clone.status, 0, clone.stderr);
  const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: hooksRepo, encoding: 'utf8' }).stdout.trim();
  const config = readmeSection('pre-commit').match(/```yaml\n(# \.pre-commit-config\.yaml[\s\S]*?)```/)![1]
    .replace(/repo: \S+/, `repo: ${hooksRepo}`).replace(/rev: \S+/, `rev: ${rev}`);
  // Not the test's PATH: only the system's tools (node, npm, git), no node_modules/.bin.
  const env = { ...npmEnv, PRE_COMMIT_HOME: join(work, 'pre-commit-home'), npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? work, '.npm') };
  const run = (fixed: boolean) => {
    const dir = repo(fixed);
    writeFileSync(join(dir, '.pre-commit-config.yaml'), config);
    for (const args of [['init', '--quiet'], ['add', '-A'], ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '--quiet', '-m', 'fixture']]) {
      const g = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(g.status, 0, g.stderr);
    }
    return spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
  };
  const bad = run(false);
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /certwright lint\.+Failed/);
  assert.match(bad.stdout, /certwright expiry gate\.+Failed/);
  assert.match(bad.stdout, /legacy\.crt/);
  const clean = run(true);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /certwright lint\.+Passed/);
  assert.match(clean.stdout, /certwright expiry gate\.+Passed/);
});

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

// --- action.yml through a small GitHub runner -------------------------------------------------

interface Step { id?: string; name?: string; if?: string; run?: string; shell?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }

/** Runs action.yml's steps as GitHub does: stops at the first failing step. Returns the steps' outcomes. */
function runAction(inputs: Record<string, string>, cwd: string): { outcomes: Array<[string, number | 'skipped' | 'checked']>; logs: string; sarif?: any } {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
  const input: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) input[k] = inputs[k] ?? v.default ?? '';
  const runnerTemp = mkdtempSync(join(work, 'runner-'));
  const outputs: Record<string, Record<string, string>> = {};
  let path = basePath;
  const expr = (s: string): string => s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => String(value(e)));
  const value = (e: string): string => {
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) { assert.ok(m[1] in input, `undeclared input ${m[1]}`); return input[m[1]]; }
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return outputs[m[1]]?.[m[2]] ?? '';
    throw new Error(`the test runner does not evaluate ${e}`);
  };
  const condition = (c: string | undefined): boolean => {
    if (c === undefined) return true;
    const m = /^(\S+)\s*(==|!=)\s*'([^']*)'$/.exec(c.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim());
    if (!m) throw new Error(`the test runner does not evaluate if: ${c}`);
    return (value(m[1]) === m[3]) === (m[2] === '==');
  };
  const outcomes: Array<[string, number | 'skipped' | 'checked']> = [];
  let logs = '';
  let sarif: any;
  for (const step of action.runs.steps) {
    const name = step.name ?? step.id ?? '?';
    if (!condition(step.if)) { outcomes.push([name, 'skipped']); continue; }
    if (step.uses) {
      // github/codeql-action/upload-sarif: needs GitHub; check what it would upload.
      assert.match(step.uses, /^github\/codeql-action\/upload-sarif@v\d+$/);
      const file = expr(step.with!.sarif_file);
      sarif = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(expr(step.with!.category), input.category);
      outcomes.push([name, 'checked']);
      continue;
    }
    assert.equal(step.shell, 'bash');
    const githubOutput = join(runnerTemp, `output-${outcomes.length}`);
    const githubPath = join(runnerTemp, `path-${outcomes.length}`);
    writeFileSync(githubOutput, '');
    writeFileSync(githubPath, '');
    const env: NodeJS.ProcessEnv = {
      ...npmEnv, PATH: path, HOME: work, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: githubOutput, GITHUB_PATH: githubPath,
      GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: cwd,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(String(v));
    // GitHub runs `bash --noprofile --norc -eo pipefail {0}` for shell: bash.
    const script = join(runnerTemp, `step-${outcomes.length}.sh`);
    writeFileSync(script, step.run!);
    const r = sh('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    logs += `--- ${name}\n${r.stdout}${r.stderr}`;
    if (step.id) {
      outputs[step.id] = {};
      for (const l of readFileSync(githubOutput, 'utf8').split('\n').filter(Boolean)) {
        const eq = l.indexOf('=');
        outputs[step.id][l.slice(0, eq)] = l.slice(eq + 1);
      }
    }
    for (const p of readFileSync(githubPath, 'utf8').split('\n').filter(Boolean)) path = `${p}:${path}`;
    outcomes.push([name, r.status ?? -1]);
    if (r.status !== 0) break;
  }
  return { outcomes, logs, sarif };
}

test('action.yml with the README\'s inputs: installs the packed package, uploads SARIF, fails on the fixture\'s error; passes once fixed', () => {
  const steps = yamlBlocks(readmeSection('GitHub Actions')).flatMap((b) => (b?.jobs ? Object.values(b.jobs as Record<string, { steps: Step[] }>).flatMap((j) => j.steps) : []));
  const uses = steps.find((s) => String(s.uses).startsWith('certwright/certwright@'))!;
  // `version` points at the packed .tgz: no registry needed (the README leaves it at latest).
  const inputs = { ...uses.with, version: tgz };
  const bad = runAction(inputs, repo(false));
  assert.deepEqual(bad.outcomes, [['Install certwright', 0], ['Lint (SARIF)', 0], ['Upload to code scanning', 'checked'], ['Annotate and gate', 1]], bad.logs);
  assert.equal(bad.sarif.version, '2.1.0');
  assert.deepEqual(bad.sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['duration-syntax', 'usage-key-encipherment-ecdsa', 'ca-secret-not-produced']);
  assert.equal(bad.sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'deploy/certificate.yaml');
  assert.match(bad.logs, /::error file=deploy\/certificate\.yaml,line=9,/);
  // fail-on none: the lint gate passes, and the expiry gate catches the expired certificate.
  const expiring = runAction({ ...inputs, 'fail-on': 'none' }, repo(false));
  assert.deepEqual(expiring.outcomes.map((o) => o[1]), [0, 0, 'checked', 0, 1], expiring.logs);
  assert.match(expiring.logs, /certs\/legacy\.crt:1 {2}CN=expired\.certwright\.test/);
  const clean = runAction(inputs, repo(true));
  assert.deepEqual(clean.outcomes.map((o) => o[1]), [0, 0, 'checked', 0, 0], clean.logs);
  // upload-sarif false, no expiry gate: those steps are skipped.
  const plain = runAction({ version: tgz, paths: 'deploy', 'upload-sarif': 'false' }, repo(true));
  assert.deepEqual(plain.outcomes.map((o) => o[1]), [0, 0, 'skipped', 0, 'skipped'], plain.logs);
});

test('README, pre-commit and GitHub Actions examples only name files the fixture repository has', () => {
  const sh = codeBlocks(readmeSection('GitHub Actions'), 'yaml').join('\n') + codeBlocks(readmeSection('GitLab CI'), 'yaml').join('\n');
  for (const dir of ['deploy', 'certs']) {
    assert.ok(sh.includes(` ${dir}`), dir);
    assert.ok(existsSync(join(ROOT, 'test', 'fixtures', 'ci', 'repo', dir)), dir);
  }
});
