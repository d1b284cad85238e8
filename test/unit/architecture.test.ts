// The core must stay free of `vscode` and of Node built-ins (a browser build stays possible),
// and the one table of IDs and settings must match package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, SETTINGS, settingValue, userValueOnly, VIEWS, LANGUAGE_ID } from '../../src/vscode/ids';
import type { SettingSpec } from '../../src/vscode/ids';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('src/core imports neither vscode nor Node built-ins', () => {
  const dir = join(ROOT, 'src', 'core');
  const offenders: string[] = [];
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (!f.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec === 'vscode' || spec.startsWith('node:') || /^(fs|path|crypto|os|child_process|buffer|util|stream)$/.test(spec)) offenders.push(`${f}: ${spec}`);
    }
    if (/\bBuffer\.|\brequire\(|process\./.test(text)) offenders.push(`${f}: uses a Node global`);
  }
  assert.deepEqual(offenders, []);
});

test('package.json name and engines fit the test VS Code (1.100)', () => {
  assert.equal(pkg.name, 'certwright');
  assert.match(pkg.engines.vscode, /^\^1\.(\d+)\.\d+$/);
  assert.ok(Number(pkg.engines.vscode.split('.')[1]) <= 100);
  assert.ok(!pkg.activationEvents.includes('*'), 'no "*" activation');
});

test('Restricted Mode is declared honestly: supported, the settings that widen what is read or run something restricted, what is disabled and what works named', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, true);
  const restricted = ['certwright.include', 'certwright.exclude', 'certwright.maxFileSizeMB', 'certwright.lint.include', 'certwright.maxFiles', 'certwright.cluster.kubeconfig'];
  assert.deepEqual([...u.restrictedConfigurations].sort(), [...restricted].sort());
  assert.deepEqual(Object.values(SETTINGS).filter((s: SettingSpec) => s.restricted).map((s) => s.key).sort(), [...restricted].sort(), 'ids.ts marks the same settings restricted');
  for (const key of restricted) assert.ok(pkg.contributes.configuration.properties[key], `the restricted setting ${key} exists`);
  assert.ok(u.description.includes('ignores the workspace\'s values of'), 'the description says which settings keep the user\'s values');
  // What the integration tests check in an untrusted workspace (author-restricted, cluster-restricted).
  for (const works of ['hovers', 'code lenses', 'diagnostics', 'Certificates view', 'YAML lint', 'manifest generators']) assert.ok(u.description.includes(works), `works: ${works}`);
  for (const off of ['Cluster Certificates view', 'create keys, certificates and Secrets', 'Scaffold mTLS', 'No process is started']) assert.ok(u.description.includes(off), `disabled: ${off}`);
});

test('every command in ids.ts is contributed with the same title, and nothing else', () => {
  const contributed = new Map<string, string>(pkg.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
  const table = new Map<string, string>(Object.values(COMMANDS).map((c) => [c.id, c.title]));
  assert.deepEqual([...contributed.entries()].sort(), [...table.entries()].sort());
});

test('every setting in ids.ts is contributed with the same type and default, and nothing else', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { type: string; default: unknown }>;
  assert.deepEqual(Object.keys(props).sort(), Object.values(SETTINGS).map((s) => s.key).sort());
  for (const s of Object.values(SETTINGS) as SettingSpec[]) {
    assert.equal(props[s.key].type, s.type, s.key);
    assert.deepEqual(props[s.key].default, s.default, s.key);
    assert.equal((props[s.key] as { scope?: string }).scope, s.scope, `${s.key}: scope`);
  }
  // A repository's settings never point the Cluster view at a kubeconfig (and its exec plugins).
  assert.equal(SETTINGS.clusterKubeconfig.scope, 'machine');
});

test('settings reader: restricted settings keep the user\'s value in Restricted Mode; machine-scoped ones always', () => {
  const max = SETTINGS.maxFileSizeMB;
  const raised = { defaultValue: 16, globalValue: undefined, workspaceValue: 4096 };
  const cases: Array<[SettingSpec, { defaultValue?: unknown; globalValue?: unknown }, unknown, boolean, unknown]> = [
    [max, raised, 4096, true, 4096],
    [max, raised, 4096, false, 16],
    [max, { ...raised, globalValue: 64 }, 4096, false, 64],
    [SETTINGS.include, { defaultValue: SETTINGS.include.default }, ['**/*'], false, SETTINGS.include.default],
    [SETTINGS.exclude, { defaultValue: SETTINGS.exclude.default }, [], false, SETTINGS.exclude.default],
    [SETTINGS.maxFiles, { defaultValue: 5000 }, 100000, false, 5000],
    [SETTINGS.expiryWarningDays, { defaultValue: 30 }, 90, false, 90],
    [SETTINGS.clusterKubeconfig, { defaultValue: '', globalValue: '/home/me/.kube/dev' }, '/repo/evil-kubeconfig', true, '/home/me/.kube/dev'],
    [SETTINGS.clusterKubeconfig, { defaultValue: '' }, '/repo/evil-kubeconfig', true, ''],
    [SETTINGS.codeLensEnabled, {}, undefined, true, true],
  ];
  for (const [spec, values, effective, trusted, want] of cases) {
    assert.deepEqual(settingValue(spec, values, effective, trusted), want, `${spec.key} trusted=${trusted}`);
    assert.equal(userValueOnly(spec, trusted), spec.scope === 'machine' || (!trusted && !!spec.restricted), spec.key);
  }
});

test('views, container and language match', () => {
  assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, VIEWS.container);
  assert.equal(pkg.contributes.views[VIEWS.container][0].id, VIEWS.certificates);
  assert.equal(pkg.contributes.languages[0].id, LANGUAGE_ID);
  for (const ext of ['.pem', '.crt', '.cer', '.csr', '.key']) assert.ok(pkg.contributes.languages[0].extensions.includes(ext), ext);
});

test('the TextMate grammar parses and scopes BEGIN/END lines', () => {
  const g = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'pem.tmLanguage.json'), 'utf8'));
  assert.equal(g.scopeName, 'source.pem');
  const begin = new RegExp(g.repository.block.begin);
  const end = new RegExp(g.repository.block.end);
  assert.ok(begin.test('-----BEGIN CERTIFICATE-----'));
  assert.ok(end.test('-----END EC PRIVATE KEY-----'));
  assert.ok(!begin.test('MIIBszCCAVmgAwIBAgIU'));
});

test('every bundle scripts/build.mjs writes to dist/ is in the .vscodeignore allow-list (lazy bundles are loaded at run time)', () => {
  const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
  const outputs = [...build.matchAll(/outfile: join\(root, '(dist\/[^']+\.js)'\)/g)].map((m) => m[1]);
  assert.ok(outputs.length >= 5, `found ${outputs.join(', ')}`);
  const allow = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
  assert.deepEqual(outputs.filter((o) => !allow.includes(o)), []);
});
