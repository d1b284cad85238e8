// Runs inside VS Code for scripts/screenshot.mjs: arranges the workbench (a Secret open with
// the hover on tls.crt, the Certificates view open), signals "ready", waits for "done".
import { existsSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ready = process.env.CERTWRIGHT_SHOT_READY!;
  const done = process.env.CERTWRIGHT_SHOT_DONE!;
  const file = process.env.CERTWRIGHT_SHOT_FILE ?? 'certs/secret.yaml';
  const needle = process.env.CERTWRIGHT_SHOT_NEEDLE ?? 'tls.crt:';
  const ext = vscode.extensions.getExtension('certwright.certwright')!;
  const api = (await ext.activate()) as { inventory: { ready(): Promise<void> }; timeline: { onDidRender: vscode.Event<unknown> } };
  await api.inventory.ready();
  if (process.env.CERTWRIGHT_SHOT_MODE === 'timeline') {
    // The certificate timeline (README): the webview alone, ready once its page reports what it drew.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const drawn = new Promise<void>((resolve) => { const sub = api.timeline.onDidRender(() => { sub.dispose(); resolve(); }); });
    await vscode.commands.executeCommand('certwright.showTimeline');
    await drawn;
    writeFileSync(ready, 'ready');
    for (let i = 0; i < 600 && !existsSync(done); i++) await new Promise((r) => setTimeout(r, 100));
    return;
  }
  await vscode.commands.executeCommand('workbench.view.extension.certwright');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const at = doc.getText().indexOf(needle);
  const pos = doc.positionAt(at >= 0 ? at + needle.length + 6 : 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.showHover');
  writeFileSync(ready, 'ready');
  for (let i = 0; i < 600 && !existsSync(done); i++) await new Promise((r) => setTimeout(r, 100));
}
