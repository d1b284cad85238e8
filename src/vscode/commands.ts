// Commands: details, copy PEM, copy fingerprint, reveal, refresh. Each accepts a tree node,
// code-lens arguments (uri, start, index), or nothing (the object under the cursor).
import * as vscode from 'vscode';
import { fingerprintDisplay, toPem } from '../core/bytes';
import type { PkiObject } from '../core/model';
import { shortName } from '../core/names';
import type { FoundObject } from '../core/scan';
import { detailsUri, ObjectRef, resolveObject } from './details';
import type { DocumentScanner } from './documents';
import { COMMANDS } from './ids';
import type { WorkspaceInventory } from './inventory';
import { primaryLocation, TreeNode } from './tree';

const PEM_LABELS: Record<string, string> = {
  certificate: 'CERTIFICATE', csr: 'CERTIFICATE REQUEST', 'public-key': 'PUBLIC KEY', crl: 'X509 CRL',
};

export class Commands {
  constructor(private readonly scanner: DocumentScanner, private readonly inventory: WorkspaceInventory) {}

  register(): vscode.Disposable[] {
    const c = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
    return [
      c(COMMANDS.showDetails.id, (...a) => this.showDetails(a)),
      c(COMMANDS.copyPem.id, (...a) => this.copyPem(a)),
      c(COMMANDS.copyFingerprint.id, (...a) => this.copyFingerprint(a)),
      c(COMMANDS.revealInFile.id, (...a) => this.reveal(a)),
      c(COMMANDS.refresh.id, () => this.inventory.refresh()),
    ];
  }

  /** Turns any of the argument forms into a reference. */
  private async ref(args: unknown[]): Promise<ObjectRef | undefined> {
    const [a, b, c] = args;
    if (a instanceof vscode.Uri && typeof b === 'number') return { uri: a, start: b, index: typeof c === 'number' ? c : 0 };
    const node = a as TreeNode | undefined;
    if (node && node.kind === 'chain') {
      const loc = primaryLocation(node.node);
      return { uri: vscode.Uri.parse(loc.file), start: loc.start, index: 0 };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const found = await this.scanner.objectsAt(editor.document, editor.document.offsetAt(editor.selection.active));
    if (!found.length) return undefined;
    return { uri: editor.document.uri, start: found[0].start, index: found[0].index };
  }

  private async object(args: unknown[]): Promise<{ ref: ObjectRef; found: FoundObject; object: PkiObject } | undefined> {
    const node = args[0] as TreeNode | undefined;
    const ref = await this.ref(args);
    if (!ref) {
      void vscode.window.showInformationMessage('Place the cursor in a PEM block or base64 certificate value, or pick one in the Certificates view.');
      return undefined;
    }
    const found = await resolveObject(ref, this.scanner, this.inventory);
    if (node?.kind === 'chain' && found?.result.ok && node.node.item.object !== found.result.object) {
      // The tree may show an object found inside a bundle: prefer the node's own object.
      return { ref, found, object: node.node.item.object };
    }
    if (!found || !found.result.ok) {
      void vscode.window.showWarningMessage(found ? `Cannot decode this object: ${found.result.ok ? '' : found.result.error}` : 'The object is no longer there: the file changed. Refresh the Certificates view.');
      return undefined;
    }
    return { ref: { ...ref, index: found.index }, found, object: found.result.object };
  }

  async showDetails(args: unknown[]): Promise<vscode.TextEditor | undefined> {
    const r = await this.object(args);
    if (!r) return undefined;
    const name = r.object.type === 'certificate' || r.object.type === 'csr' ? shortName(r.object.subject) : r.object.type;
    const doc = await vscode.workspace.openTextDocument(detailsUri(r.ref, name));
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  async copyPem(args: unknown[]): Promise<string | undefined> {
    const r = await this.object(args);
    if (!r) return undefined;
    if (r.object.type === 'private-key') {
      void vscode.window.showWarningMessage('Private keys are not copied by Certwright: open the file if you really need the key.');
      return undefined;
    }
    const pem = toPem(PEM_LABELS[r.object.type], r.object.der);
    await vscode.env.clipboard.writeText(pem);
    vscode.window.setStatusBarMessage('Certwright: PEM copied', 3000);
    return pem;
  }

  async copyFingerprint(args: unknown[]): Promise<string | undefined> {
    const r = await this.object(args);
    if (!r) return undefined;
    if (r.object.type === 'private-key') {
      void vscode.window.showWarningMessage('A private key has no certificate fingerprint: copy the fingerprint of its certificate.');
      return undefined;
    }
    const fp = fingerprintDisplay(r.object.sha256);
    await vscode.env.clipboard.writeText(fp);
    vscode.window.setStatusBarMessage('Certwright: SHA-256 fingerprint copied', 3000);
    return fp;
  }

  async reveal(args: unknown[]): Promise<vscode.TextEditor | undefined> {
    const node = args[0] as TreeNode | undefined;
    const ref = await this.ref(args);
    if (!ref) return undefined;
    const entry = this.inventory.entry(ref.uri);
    if (entry?.kind === 'der') {
      await vscode.commands.executeCommand('vscode.open', ref.uri);
      return undefined;
    }
    const loc = node?.kind === 'chain' ? primaryLocation(node.node) : undefined;
    const doc = await vscode.workspace.openTextDocument(ref.uri);
    const found = (await this.scanner.scan(doc)).objects.find((o) => o.start === ref.start);
    const end = found?.end ?? loc?.end ?? ref.start;
    const range = new vscode.Range(doc.positionAt(ref.start), doc.positionAt(end));
    return vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start), preview: true }).then((ed) => {
      ed.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return ed;
    });
  }
}
