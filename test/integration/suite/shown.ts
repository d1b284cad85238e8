// What the extension showed during a workspace run, for the runner's secret-hygiene sweep
// (test/integration/secret-sweep.ts). Tests feed it what they see (`saw`) and the keys they
// created outside the workspace (`sawKey`, e.g. the cluster stand-in's tls.key values); after
// the last test, `collectShown` walks every diagnostic, the Certificates tree, code lenses,
// details documents, outlines and hovers over every workspace file, and the clipboard. The dump
// goes to the file named by CERTWRIGHT_TEST_SWEEP.
import { statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { TreeNode } from '../../../src/vscode/tree';

const shown: Array<{ where: string; text: string }> = [];
const keys: Array<{ label: string; pem: string }> = [];

const text = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : v instanceof vscode.MarkdownString ? v.value : typeof v === 'object' && v && 'label' in v ? String((v as { label: unknown }).label) : JSON.stringify(v);

/** Records texts the extension showed (labels, messages, documents, command results). */
export function saw(where: string, ...values: unknown[]): void {
  const t = values.map(text).filter(Boolean).join('\n');
  if (t) shown.push({ where, text: t });
}

/** Records a private key that exists outside the workspace folder (the sweep searches for it). */
export function sawKey(label: string, pem: string): void {
  keys.push({ label, pem });
}

function sawItem(where: string, item: vscode.TreeItem): void {
  saw(where, item.label, item.description, item.tooltip, item.command?.title);
}

function hoverTexts(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

const MAX_HOVERS = 800;
const MAX_DETAILS = 60;

/** Walks everything the extension shows for this workspace; returns how many texts were recorded. */
export async function collectShown(): Promise<number> {
  const ext = vscode.extensions.getExtension('certwright.certwright')!;
  const api = (await ext.activate()) as Api;
  await api.inventory.ready();
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    for (const d of diags) saw(`diagnostic ${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`, d.message, ...(d.relatedInformation ?? []).map((r) => r.message));
  }
  const walk = async (node?: TreeNode, depth = 0): Promise<void> => {
    if (depth > 8) return;
    for (const k of await api.tree.getChildren(node)) {
      sawItem('Certificates view', api.tree.getTreeItem(k));
      await walk(k, depth + 1);
    }
  };
  await walk();
  if (!vscode.workspace.isTrusted) {
    // The Cluster view's root in Restricted Mode: the message saying it is off. (Trusted, the
    // cluster tests feed what they saw: the stand-ins are gone by now.)
    for (const n of await api.cluster.getChildren()) sawItem('Cluster view', api.cluster.getTreeItem(n));
  }
  const files = await vscode.workspace.findFiles('**/*', '**/{.git,node_modules}/**', 500);
  let hovers = 0;
  let details = 0;
  for (const uri of files) {
    const rel = vscode.workspace.asRelativePath(uri);
    if (statSync(uri.fsPath).size > 512 * 1024) continue;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch {
      continue;
    }
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    for (const l of lenses) {
      saw(`code lens ${rel}:${l.range.start.line + 1}`, l.command?.title, l.command?.tooltip);
      if (l.command?.command === 'certwright.showDetails' && details++ < MAX_DETAILS) {
        const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(l.command.command, ...(l.command.arguments ?? []));
        if (editor) {
          saw(`details ${rel}:${l.range.start.line + 1}`, editor.document.getText());
          await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        }
      }
    }
    if (doc.languageId === 'pem') {
      const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
      for (const s of symbols) saw(`outline ${rel}`, s.name, s.detail);
    }
    // Hovers: where a block or a base64 value starts, and on every key of YAML (the lint hovers).
    const yaml = doc.languageId === 'yaml';
    for (let line = 0; line < doc.lineCount && hovers < MAX_HOVERS; line++) {
      const t = doc.lineAt(line).text;
      const value = t.search(/-----BEGIN |[A-Za-z0-9+/]{40,}/);
      const positions = value >= 0 ? [value + 2] : [];
      if (yaml && /^\s*-?\s*[\w.-]+:/.test(t)) positions.push(t.search(/\S/) + 1);
      for (const ch of positions) {
        hovers++;
        const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, ch))) ?? [];
        saw(`hover ${rel}:${line + 1}:${ch + 1}`, hoverTexts(h));
      }
    }
  }
  saw('clipboard at the end', await vscode.env.clipboard.readText());
  return shown.length;
}

/** Writes the dump for the runner (when it asked for one). */
export function writeShown(): void {
  const out = process.env.CERTWRIGHT_TEST_SWEEP;
  if (out) writeFileSync(out, JSON.stringify({ shown, keys }));
}
