// Inside real VS Code, on test/fixtures/workspaces/scaffold (trusted) and author-restricted
// (Restricted Mode): "Scaffold mTLS Server/Client" with every answer supplied.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import type { ScaffoldResult } from '../../../src/vscode/scaffold';
import { COMMANDS } from '../../../src/vscode/ids';
import { forWorkspace, test } from './harness';

const EXT = 'certwright.certwright';
const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
const read = (rel: string) => readFileSync(ws(rel).fsPath, 'utf8');
const run = (answers: Record<string, unknown>) => vscode.commands.executeCommand<ScaffoldResult>(COMMANDS.scaffold.id, { answers });

async function activate(): Promise<void> {
  await vscode.extensions.getExtension(EXT)!.activate();
}

forWorkspace('scaffold', () => {
  test('the command is registered and contributed', async () => {
    await activate();
    assert.ok((await vscode.commands.getCommands(true)).includes(COMMANDS.scaffold.id));
  });

  test('Go server and client into a folder, with the Deployment + Service + Certificate in the workspace Service\'s namespace under a free name', async () => {
    const r = await run({ lang: 'go', role: 'both', target: 'folder', folder: 'gen/go', manifests: true, allowedIds: 'spiffe://cluster.local/ns/shop/sa/orders' });
    assert.equal(r.refused, undefined, r.refused);
    for (const f of ['go.mod', 'server/main.go', 'client/main.go', 'README-mtls.md', 'kubernetes.yaml']) assert.ok(existsSync(ws(`gen/go/${f}`).fsPath), f);
    assert.match(read('gen/go/server/main.go'), /tls\.RequireAndVerifyClientCert/);
    const docs = parseAllDocuments(read('gen/go/kubernetes.yaml')).map((d) => d.toJS());
    // Never the name of an object the workspace already has (Service and Deployment "payment" in prod).
    const cert = docs.find((d) => d.kind === 'Certificate' && d.metadata.name === 'mtls-server-tls');
    assert.ok(cert.spec.dnsNames.includes('mtls-server.prod.svc'));
    const dep = docs.find((d) => d.kind === 'Deployment');
    assert.equal(dep.metadata.namespace, 'prod');
    assert.equal(dep.spec.template.spec.containers[0].volumeMounts[0].mountPath, '/certs');
    assert.ok(docs.some((d) => d.kind === 'Service' && d.metadata.name === 'mtls-server'));
    assert.ok(!docs.some((d) => d.metadata?.name === 'payment'), 'no object named like an existing one');
    // A name that collides is refused, naming the object and its file, and a free one is suggested.
    const clash = await run({ lang: 'go', role: 'both', target: 'folder', folder: 'gen/go2', manifests: true, name: 'payment' });
    assert.match(clash.refused ?? '', /Service prod\/payment already exists \(k8s\/payment\.yaml\): choose another name, such as payment-2/);
  });

  test('Python Flask + requests into a folder; an existing folder is only replaced with consent', async () => {
    const r = await run({ lang: 'python', role: 'both', framework: 'flask', target: 'folder', folder: 'gen/py', manifests: false });
    assert.deepEqual(r.written!.map((w) => w.replace(/.*gen\/py\//, '')).sort(), ['README-mtls.md', 'app.py', 'client_requests.py', 'requirements.txt']);
    assert.match(read('gen/py/app.py'), /from flask import/);
    const again = await run({ lang: 'python', role: 'both', framework: 'flask', target: 'folder', folder: 'gen/py', manifests: false });
    assert.match(again.refused ?? '', /already exist/);
    const forced = await run({ lang: 'python', role: 'both', framework: 'flask', target: 'folder', folder: 'gen/py', manifests: false, overwrite: true });
    assert.equal(forced.refused, undefined);
  });

  test('Node TypeScript client inserted at the cursor of a TypeScript editor; never into a Go file', async () => {
    const goDoc = await vscode.workspace.openTextDocument(ws('src/main.go'));
    await vscode.window.showTextDocument(goDoc);
    const before = goDoc.getText();
    const refused = await run({ lang: 'node', role: 'client', typescript: true, target: 'cursor', manifests: false });
    assert.match(refused.refused ?? '', /^src\/main\.go is not a TypeScript file: open one to insert into, or choose new files in a folder$/);
    assert.equal(goDoc.getText(), before, 'nothing inserted into the Go file');
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: '// client\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.lineCount - 1, 0, doc.lineCount - 1, 0);
    const r = await run({ lang: 'node', role: 'client', typescript: true, target: 'cursor', manifests: false });
    assert.equal(r.inserted, 'client.ts');
    assert.match(doc.getText(), /^\/\/ client/);
    assert.match(doc.getText(), /TLS_SERVER_NAME[\s\S]*checkServerIdentity/);
    assert.equal(r.written, undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

forWorkspace('author-restricted', () => {
  test('Restricted Mode: Scaffold mTLS refuses with a clear message and writes nothing', async () => {
    await activate();
    assert.equal(vscode.workspace.isTrusted, false);
    const r = await run({ lang: 'go', role: 'both', target: 'folder', folder: 'gen' });
    assert.match(r.refused ?? '', /Restricted Mode/);
    assert.equal(existsSync(ws('gen').fsPath), false);
  });
});
