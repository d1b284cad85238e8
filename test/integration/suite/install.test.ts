// Which copy of the extension the suite drives: the development folder (the default run), or
// the .vsix installed by the server's --install-extension (test/integration/runner.mjs --vsix,
// which sets CERTWRIGHT_TEST_VSIX to the server's extensions folder). Registered first for every
// workspace, so each workspace's tests after it are known to run against that copy.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { forWorkspace, test } from './harness';

// Whichever workspace this run opens (the runner names it).
forWorkspace(process.env.CERTWRIGHT_TEST_WORKSPACE ?? 'lint', () => {
  test('the extension under test is the installed .vsix in --vsix runs, the development folder otherwise', async () => {
    const ext = vscode.extensions.getExtension('certwright.certwright');
    assert.ok(ext, 'certwright.certwright is known to VS Code');
    const installedIn = process.env.CERTWRIGHT_TEST_VSIX;
    const pkg = ext.packageJSON as { version: string; contributes: { walkthroughs?: Array<{ steps: Array<{ media: { image?: string; markdown?: string } }> }> } };
    if (installedIn) {
      assert.ok(ext.extensionPath.startsWith(installedIn + sep), `${ext.extensionPath} is under ${installedIn}`);
      assert.equal(ext.extensionPath, join(installedIn, `certwright.certwright-${pkg.version}`));
      // Only what the allow-list packs: no sources, tests or source maps.
      for (const absent of ['src', 'test', 'node_modules', 'tsconfig.json']) assert.ok(!existsSync(join(ext.extensionPath, absent)), `${absent} is not packaged`);
      assert.deepEqual(readdirSync(join(ext.extensionPath, 'dist')).filter((f) => f.endsWith('.map')), []);
    } else {
      assert.ok(existsSync(join(ext.extensionPath, 'src', 'extension.ts')), `${ext.extensionPath} is the development folder`);
    }
    // Every file the walkthrough shows is in this copy.
    for (const w of pkg.contributes.walkthroughs ?? []) {
      for (const s of w.steps) {
        for (const f of [s.media.image, s.media.markdown]) if (f) assert.ok(existsSync(join(ext.extensionPath, f)), `walkthrough media ${f}`);
      }
    }
    await ext.activate();
    assert.ok(ext.isActive);
  });
});
