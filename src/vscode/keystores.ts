// "Open Keystore with Password": reads a PKCS#12 or JKS keystore (a workspace file, or the base64
// keystore value under the cursor, as in cert-manager's keystore Secrets) with a password typed
// into a password box. The password is used for that one read and never stored: not in
// settings, state, logs or the report. The report (a read-only document held in memory) shows
// what the keystore holds; private keys only by type and size.
import * as vscode from 'vscode';
import { decodeBase64 } from '../core/bytes';
import type { ContainerResult } from '../core/containers';
import { lazyDecoder } from '../node/containers';
import { detailsText } from '../core/describe';
import { nodeContainerCrypto, nodeHasher } from '../node/platform';
import { setting } from './config';
import type { DocumentScanner } from './documents';
import { COMMANDS, KEYSTORE_SCHEME } from './ids';
import type { WorkspaceInventory } from './inventory';
import type { WorkspaceFiles } from './workspace-files';

/** The report of a keystore: its summary, what it could not read, then every object in full. */
export function keystoreReport(name: string, r: ContainerResult, now: Date, warningDays: number): string {
  const out = [`${name}`, `${r.summary}`];
  for (const l of r.locked) out.push(`  not read: ${l}`);
  out.push('');
  for (const [i, e] of r.entries.entries()) {
    const head = `Entry ${i + 1} of ${r.entries.length}${e.alias !== undefined ? ` (alias "${e.alias.replace(/[\u0000-\u001f\u007f]/g, '?')}")` : ''}`;
    if (!e.result.ok) out.push(head, `  cannot decode: ${e.result.error}`, '');
    else out.push(detailsText(e.result.object, now, warningDays, [head]), '');
  }
  return out.join('\n');
}

export class KeystoreCommands implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private serial = 0;

  constructor(private readonly scanner: DocumentScanner, private readonly inventory: WorkspaceInventory, private readonly files: WorkspaceFiles) {}

  register(): vscode.Disposable[] {
    return [
      vscode.workspace.registerTextDocumentContentProvider(KEYSTORE_SCHEME, this),
      vscode.commands.registerCommand(COMMANDS.openKeystore.id, (...a: unknown[]) => this.open(a)),
      { dispose: () => this.reports.clear() },
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? 'This keystore report is gone: open the keystore again.\n';
  }

  /**
   * Arguments: a keystore file's Uri (tree, explorer), `{ document, offset }` (a code lens on a
   * base64 keystore value), or nothing (the value under the cursor, else a file picker). A
   * second string argument is the password (for tests and other extensions); without it a
   * password box asks.
   */
  async open(args: unknown[]): Promise<ContainerResult | undefined> {
    let uri = args[0] instanceof vscode.Uri ? args[0] : undefined;
    const at = args[0] as { document?: vscode.Uri; offset?: number } | undefined;
    let bytes: Uint8Array | undefined;
    let name: string | undefined;
    if (!uri) {
      const editor = vscode.window.activeTextEditor;
      const doc = at?.document instanceof vscode.Uri ? await vscode.workspace.openTextDocument(at.document) : editor?.document;
      const offset = typeof at?.offset === 'number' ? at.offset : editor && doc === editor.document ? doc.offsetAt(editor.selection.active) : -1;
      const here = doc && offset >= 0 ? await this.scanner.objectsAt(doc, offset) : [];
      const box = here.find((o) => o.container && o.source === 'base64-der');
      if (doc && box) {
        bytes = decodeBase64(doc.getText(), box.start, box.end);
        name = `${vscode.workspace.asRelativePath(doc.uri)}:${doc.positionAt(box.start).line + 1}${box.key ? ` (${box.key})` : ''}`;
      } else {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Keystore', filters: { Keystores: ['p12', 'pfx', 'jks', 'keystore', 'truststore'] } });
        uri = picked?.[0];
        if (!uri) return undefined;
      }
    }
    if (uri) {
      bytes = await this.files.read(uri, 'Open Keystore');
      name = vscode.workspace.asRelativePath(uri);
      if (!bytes) {
        void vscode.window.showErrorMessage(`Certwright: cannot read ${name}: check that it exists and is under certwright.maxFileSizeMB.`);
        return undefined;
      }
    }
    const password = typeof args[1] === 'string' ? args[1] : await vscode.window.showInputBox({ password: true, ignoreFocusOut: true, prompt: `Password of ${name} (used once, not stored)` });
    if (password === undefined) return undefined;
    const r = lazyDecoder(__dirname)(bytes!, { hasher: nodeHasher, crypto: nodeContainerCrypto, password });
    if (!r) {
      void vscode.window.showWarningMessage(`Certwright: ${name} is not a PKCS#12, JKS or PKCS#7 keystore.`);
      return undefined;
    }
    // A workspace file: its objects join the Certificates view (until the file changes).
    if (uri && this.inventory.entry(uri)) await this.inventory.openWithPassword(uri, password);
    const report = vscode.Uri.from({ scheme: KEYSTORE_SCHEME, path: `/${(name ?? 'keystore').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60)}.txt`, query: String(++this.serial) });
    this.reports.set(report.toString(), keystoreReport(name ?? 'keystore', r, new Date(), setting<number>('expiryWarningDays')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(report), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    const say = r.integrity === 'failed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void say(`Certwright: ${name}: ${r.summary}`);
    return r;
  }
}
