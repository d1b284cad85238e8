// Inside real VS Code, on test/fixtures/workspaces/timeline (#17 parts 4 and 5): the certificate
// timeline webview, its bars counted in the webview's DOM (the page reports what it drew), its
// filters and click-to-reveal; keystores in the Certificates view and opened with a password.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { TimelineRendered } from '../../../src/vscode/timeline';
import type { TreeNode } from '../../../src/vscode/tree';
import { forWorkspace, test, waitFor } from './harness';
import { saw } from './shown';

const EXT = 'certwright.certwright';
let api: Api;

function ws(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** Runs `action` and resolves with the next event of `event`. */
function next<T>(event: vscode.Event<T>, action: () => unknown, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
    const sub = event((v) => { clearTimeout(timer); sub.dispose(); resolve(v); });
    Promise.resolve(action()).catch((e) => { clearTimeout(timer); sub.dispose(); reject(e); });
  });
}

async function topNodes(): Promise<TreeNode[]> {
  return api.tree.getChildren();
}

forWorkspace('timeline', () => {
  test('activates; the Certificates view lists the keystore that needs a password', async () => {
    const ext = vscode.extensions.getExtension<Api>(EXT)!;
    api = await ext.activate();
    await api.inventory.ready();
    const locked = await waitFor(async () => (await topNodes()).find((n) => n.kind === 'locked-group'), 'the "Keystores that need a password" group');
    const items = await api.tree.getChildren(locked);
    assert.equal(items.length, 1);
    const item = api.tree.getTreeItem(items[0]);
    saw('timeline tree', item);
    assert.equal(item.label, 'keystores/modern.p12');
    assert.equal(item.description, 'PKCS#12 · password needed');
    assert.equal(item.command?.command, 'certwright.openKeystore');
    // The JKS truststore's CA is read without a password and sits in the tree like any certificate.
    const labels = (await topNodes()).filter((n) => n.kind === 'chain').map((n) => api.tree.getTreeItem(n).label);
    assert.ok(labels.includes('Keystore Test CA'), labels.join(', '));
  });

  test('Show Certificate Timeline: the webview draws one bar per certificate and planned Certificate (counted in its DOM)', async () => {
    const drawn = await next<TimelineRendered>(api.timeline.onDidRender, () => vscode.commands.executeCommand('certwright.showTimeline'), 'the timeline page');
    saw('timeline items', ...api.timeline.shownItems().map((i) => i.detail.join('\n')));
    assert.deepEqual(drawn, { bars: 6, rows: 6, visible: 6 });
    const items = api.timeline.shownItems();
    assert.deepEqual(items.map((i) => i.origin).sort(), ['manifest', 'manifest', 'workspace', 'workspace', 'workspace', 'workspace']);
    const leaf = items.find((i) => i.label === 'shop/checkout')!;
    assert.equal(leaf.parent, items.find((i) => i.label === 'cert-manager/internal-root')!.id, 'the planned leaf sits under its CA Certificate');
    assert.equal(leaf.renewals.length, 1);
  });

  test('timeline filters: text and status, applied in the page', async () => {
    const byText = await next<number>(api.timeline.onDidFilter, () => api.timeline.post({ type: 'filter', text: 'checkout', status: 'all' }), 'the text filter');
    assert.equal(byText, 1);
    const planned = await next<number>(api.timeline.onDidFilter, () => api.timeline.post({ type: 'filter', text: '', status: 'planned' }), 'the status filter');
    assert.equal(planned, 2);
    const all = await next<number>(api.timeline.onDidFilter, () => api.timeline.post({ type: 'filter', text: '', status: 'all' }), 'no filter');
    assert.equal(all, 6);
  });

  test('clicking a bar reveals its source: the manifest in k8s/certificates.yaml', async () => {
    const leaf = api.timeline.shownItems().find((i) => i.label === 'shop/checkout')!;
    const opened = next(vscode.window.onDidChangeActiveTextEditor, () => api.timeline.post({ type: 'click', id: leaf.id }), 'the revealed manifest');
    const editor = await opened;
    assert.equal(editor?.document.uri.toString(), ws('k8s/certificates.yaml').toString());
    assert.equal(editor?.selection.active.line, leaf.source!.line);
  });

  test('Open Keystore with Password: the PKCS#12 opens (MAC verified), its certificates join the view and the timeline', async () => {
    const r = await vscode.commands.executeCommand<{ summary: string; integrity: string }>('certwright.openKeystore', ws('keystores/modern.p12'), 'changeit-test');
    saw('keystore', r?.summary);
    assert.equal(r?.integrity, 'verified');
    assert.match(r!.summary, /^PKCS#12: 2 certificates, 1 private key; MAC verified \(SHA-256\)$/);
    const report = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'certwright-keystore');
    assert.ok(report, 'the report is open');
    saw('keystore report', report.document.getText());
    assert.doesNotMatch(report.document.getText(), /changeit-test/, 'the password is not shown');
    assert.equal((await topNodes()).some((n) => n.kind === 'locked-group'), false, 'nothing left locked');
    const drawn = await next<TimelineRendered>(api.timeline.onDidRender, () => vscode.commands.executeCommand('certwright.showTimeline'), 'the timeline page again');
    // Its CA is the truststore's (one certificate, two places: one bar); its leaf is new.
    assert.equal(drawn.bars, 7);
  });
});
