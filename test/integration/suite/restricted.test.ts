// Inside real VS Code, on test/fixtures/workspaces/author-restricted, opened untrusted
// (Restricted Mode): what only reads still works there (hover, code lens, expiry and key
// diagnostics, the Certificates view, YAML lint). The refusals of the commands that write or
// run something are in author.test.ts, scaffold.test.ts and cluster.test.ts; the harness adds a
// last test that the extension started no process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import { setting } from '../../../src/vscode/config';
import { COMMANDS, SETTINGS } from '../../../src/vscode/ids';
import { codeOf, forWorkspace, test, waitForDiagnostics } from './harness';
import { saw } from './shown';

let api: Api;
const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

async function hover(rel: string, needle: string, after = 2): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${rel}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + after));
  const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
  saw(`hover ${rel} at ${needle}`, text);
  return text;
}

async function treeLabels(n?: TreeNode, names: string[] = []): Promise<string[]> {
  for (const k of await api.tree.getChildren(n)) {
    names.push(label(api.tree.getTreeItem(k)));
    await treeLabels(k, names);
  }
  return names;
}

forWorkspace('author-restricted', () => {
  test('Restricted Mode: the workspace is untrusted and the extension activates', async () => {
    const doc = await vscode.workspace.openTextDocument(ws('certs/leaf.crt'));
    await vscode.window.showTextDocument(doc);
    api = (await vscode.extensions.getExtension('certwright.certwright')!.activate()) as Api;
    assert.equal(vscode.workspace.isTrusted, false);
    await api.inventory.ready();
  });

  test('Restricted Mode: hover on a PEM certificate and on a Secret\'s tls.key shows the cards (no key material)', async () => {
    const cert = await hover('certs/leaf.crt', 'MII', 5);
    for (const want of ['CN=payment-service', 'DNS:payment-service.production.svc', 'ECDSA P-256']) assert.ok(cert.includes(want), `${want}:\n${cert}`);
    const key = await hover('k8s/secret.yaml', 'tls.key:', 12);
    assert.ok(key.includes('Private key') && key.includes('ECDSA P-256'), key);
    assert.ok(!key.includes('PRIVATE KEY-----'));
  });

  test('Restricted Mode: code lenses and the expired diagnostic on an expired certificate; key mismatch in a Secret', async () => {
    const uri = ws('bad/expired.pem');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    saw('code lenses bad/expired.pem', ...titles);
    assert.equal(lenses.length, 1, titles.join(' | '));
    assert.match(titles[0], /^Certificate · CN=expired\.certwright\.test · EXPIRED \d+ (days|years) ago$/);
    assert.equal(lenses[0].command?.command, COMMANDS.showDetails.id);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'expired'));
    const expired = diags.find((x) => codeOf(x) === 'expired')!;
    assert.equal(expired.severity, vscode.DiagnosticSeverity.Error);
    assert.match(expired.message, /CN=expired\.certwright\.test expired \d+ (days|years) ago \(2021-01-01\)/);
    await waitForDiagnostics(ws('k8s/secret.yaml'), (d) => d.some((x) => codeOf(x) === 'key-mismatch'));
  });

  test('Restricted Mode: the Certificates view lists the workspace certificates and keys', async () => {
    const names = await treeLabels();
    for (const want of ['Certwright Test Root CA', 'Certwright Test Intermediate CA', 'payment-service', 'expired.certwright.test', 'Private key']) {
      assert.ok(names.includes(want), `${want} missing: ${names.join(', ')}`);
    }
  });

  test('Restricted Mode: YAML lint reports duration: 90d on a cert-manager Certificate, with the fix', async () => {
    const doc = await vscode.workspace.openTextDocument(ws('k8s/certificate.yaml'));
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'duration-syntax' && x.range.start.line === 7), 30_000);
    const d = diags.find((x) => codeOf(x) === 'duration-syntax' && x.range.start.line === 7)!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /2160h/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    assert.ok(actions.some((a) => /2160h/.test(a.title)), actions.map((a) => a.title).join(' | '));
  }, 45_000);

  test('Restricted Mode: the workspace\'s raised limits, widened globs and kubeconfig are ignored (defaults apply)', async () => {
    const raw = vscode.workspace.getConfiguration('certwright');
    saw('what VS Code reports for the workspace values', JSON.stringify({ maxFileSizeMB: raw.inspect('maxFileSizeMB'), include: raw.get('include'), kubeconfig: raw.inspect('cluster.kubeconfig') }));
    assert.equal(raw.inspect('maxFileSizeMB')?.workspaceValue, 512, 'the fixture\'s .vscode/settings.json raises the limit');
    assert.equal(setting<number>('maxFileSizeMB'), SETTINGS.maxFileSizeMB.default);
    assert.equal(setting<number>('maxFiles'), SETTINGS.maxFiles.default);
    assert.deepEqual(setting<string[]>('include'), SETTINGS.include.default);
    assert.deepEqual(setting<string[]>('exclude'), SETTINGS.exclude.default);
    assert.deepEqual(setting<string[]>('lintInclude'), SETTINGS.lintInclude.default);
    assert.equal(setting<string>('clusterKubeconfig'), '');
    // notes/orphan.txt holds CN=orphan-service: only the workspace's widened include would list it.
    const names = await treeLabels();
    assert.ok(names.includes('payment-service'), names.join(', '));
    assert.ok(!names.includes('orphan-service'), `the workspace's include must be ignored: ${names.join(', ')}`);
  });
});
