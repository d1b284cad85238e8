// package.json's contributions of #19: the `browser` entry and its bundles, the walkthrough (its
// media packed into the .vsix, its command links real), the welcome views, and what `npm pack`
// and vsce pack (.npmignore, .vscodeignore).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { COMMANDS } from '../../src/vscode/ids';
import { needsDesktopMessage } from '../../src/web/messages';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vscodeignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
/** Whether the .vsix allow-list keeps `path` (its patterns are paths with at most one `*`). */
const packed = (path: string) => vscodeignore.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(path));

test('browser entry: dist/web/extension.js, packed in the .vsix with its lint worker', () => {
  assert.equal(pkg.browser, './dist/web/extension.js');
  for (const f of ['dist/web/extension.js', 'dist/web/lint-worker.js', pkg.main.replace(/^\.\//, '')]) assert.ok(packed(f), `${f} is in .vscodeignore's allow-list`);
  assert.ok(existsSync(join(ROOT, 'src/web/extension.ts')));
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
});

test('the web build imports no Node built-in (esbuild would fail) and no desktop module', () => {
  const src = ['src/web/extension.ts', 'src/web/lint.ts', 'src/web/lint-worker.ts', 'src/web/messages.ts', 'src/web/lint-protocol.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  assert.doesNotMatch(src, /from 'node:|require\(/);
  assert.doesNotMatch(src, /from '\.\.\/vscode\/(lint|inventory|workspace-files|commands|author|cluster|scaffold)/, 'the desktop lint service and Node-backed modules stay out');
  assert.doesNotMatch(src, /from '\.\.\/node\//);
});

test('web: the desktop-only message names the command and what works instead', () => {
  assert.equal(needsDesktopMessage(COMMANDS.authorCreateCa.title),
    'Certwright: "Create CA" needs VS Code desktop (or a remote window): it reads or writes files, or talks to a cluster. In VS Code for the Web, hovers, code lenses, diagnostics and lint work on open documents.');
});

test('walkthrough: five steps, media packed into the .vsix, command links to contributed or built-in commands', () => {
  const [w] = pkg.contributes.walkthroughs;
  assert.equal(w.id, 'gettingStarted');
  assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['inspect', 'view', 'lint', 'author', 'ci']);
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const builtIn = new Set(['workbench.action.quickOpen', 'workbench.actions.view.problems', 'certwright.certificates.focus']);
  for (const s of w.steps) {
    const md = s.media.markdown as string;
    assert.ok(existsSync(join(ROOT, md)), md);
    assert.ok(packed(md), `${md} is packed`);
    for (const m of (s.description as string).matchAll(/\(command:([\w.]+)/g)) assert.ok(contributed.has(m[1]) || builtIn.has(m[1]), `${s.id}: ${m[1]}`);
  }
  assert.equal(w.steps.find((s: { id: string }) => s.id === 'author').when, 'isWorkspaceTrusted && !isWeb', 'authoring is not offered where it cannot run');
});

test('welcome views: the empty Certificates view on the desktop and in the web; the Cluster view in the web', () => {
  const welcome = pkg.contributes.viewsWelcome as Array<{ view: string; contents: string; when?: string }>;
  const desktop = welcome.find((v) => v.view === 'certwright.certificates' && v.when === '!certwright.web')!;
  assert.match(desktop.contents, /\[Refresh\]\(command:certwright\.refresh\)/);
  assert.ok(welcome.some((v) => v.view === 'certwright.certificates' && v.when === 'certwright.web' && /needs VS Code desktop/.test(v.contents)));
  assert.ok(welcome.some((v) => v.view === 'certwright.clusterCertificates' && v.when === 'certwright.web'));
});

test('npm pack allow-list (.npmignore) keeps the CLI bundles and CHANGELOG only; CHANGELOG is in the .vsix too', () => {
  const npmignore = readFileSync(join(ROOT, '.npmignore'), 'utf8');
  for (const f of ['dist/cli.js', 'dist/cli-main.js', 'dist/cli-verify.js', 'CHANGELOG.md']) assert.ok(npmignore.includes(`!/${f}`), f);
  assert.equal(pkg.dependencies, undefined, 'every library is bundled: no runtime dependencies');
  assert.ok(packed('CHANGELOG.md'));
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), /^# Changelog\n/);
});
