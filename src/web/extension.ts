// VS Code for the Web (vscode.dev, github.dev, the VS Code server's browser workbench): the
// `browser` entry of package.json, bundled for the browser with no Node built-ins. On any open
// document: hovers, code lenses, PEM diagnostics, the PEM language's outline and folding, full
// decodes, and the linter (the core in a web worker). What needs Node (the workspace scan of
// the Certificates view, authoring, scaffolding, the Cluster view) says it needs the desktop.
import * as vscode from 'vscode';
import { portableHasher } from '../core/hash';
import { shortName } from '../core/names';
import { affects } from '../vscode/config';
import { DetailsProvider, detailsUri } from '../vscode/details';
import { DiagnosticsPublisher } from '../vscode/diagnostics';
import { DocumentScanner } from '../vscode/documents';
import { COMMANDS, DETAILS_SCHEME, LANGUAGE_ID, VIEWS } from '../vscode/ids';
import { PemStructureProvider, PkiCodeLensProvider, PkiHoverProvider } from '../vscode/providers';
import { WebLint } from './lint';
import { needsDesktopMessage } from './messages';

/** Returned by activate() in the browser: lets the web integration tests see what runs. */
export interface WebApi {
  scanner: DocumentScanner;
  lint: WebLint;
  /** The commands that only say they need the desktop. */
  desktopOnly: string[];
}

export function activate(context: vscode.ExtensionContext): WebApi {
  const log = vscode.window.createOutputChannel('Certwright', { log: true });
  const scanner = new DocumentScanner(log, portableHasher);
  const diagnostics = new DiagnosticsPublisher(scanner);
  const lenses = new PkiCodeLensProvider(scanner);
  const structure = new PemStructureProvider(scanner);
  const all: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];
  // No workspace scan in the browser: the views stay empty and their welcome says why.
  const empty: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  const lint = new WebLint(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'lint-worker.js'), log, async () => (await import('../core/lint/index')).lintTexts);
  // Full decodes open from the code lens; without the workspace scan there is no chain position.
  const details = new DetailsProvider(scanner, { entry: () => undefined, forest: undefined });
  const desktopOnly = Object.values(COMMANDS).filter((c) => c.id !== COMMANDS.showDetails.id);
  context.subscriptions.push(
    log, scanner, diagnostics, lint,
    vscode.languages.registerHoverProvider(all, new PkiHoverProvider(scanner)),
    vscode.languages.registerCodeLensProvider(all, lenses),
    vscode.languages.registerDocumentSymbolProvider({ language: LANGUAGE_ID }, structure),
    vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, structure),
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    vscode.window.createTreeView(VIEWS.certificates, { treeDataProvider: empty }),
    vscode.window.createTreeView(VIEWS.clusterCertificates, { treeDataProvider: empty }),
    vscode.commands.registerCommand(COMMANDS.showDetails.id, async (uri: unknown, start: unknown, index: unknown) => {
      if (!(uri instanceof vscode.Uri) || typeof start !== 'number') return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri);
      const found = (await scanner.scan(doc)).objects.find((o) => o.start === start);
      const o = found?.result.ok ? found.result.object : undefined;
      const name = o && (o.type === 'certificate' || o.type === 'csr') ? shortName(o.subject) : o?.type ?? 'object';
      const shown = await vscode.workspace.openTextDocument(detailsUri({ uri, start, index: typeof index === 'number' ? index : 0 }, name));
      return vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
    ...desktopOnly.map((c) => vscode.commands.registerCommand(c.id, () => {
      void vscode.window.showInformationMessage(needsDesktopMessage(c.title));
      return undefined;
    })),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'expiryWarningDays', 'codeLensEnabled', 'diagnosticsEnabled')) {
        lenses.refresh();
        diagnostics.refreshAll();
      }
    }),
  );
  void vscode.commands.executeCommand('setContext', 'certwright.web', true);
  void lint.lintNow();
  return { scanner, lint, desktopOnly: desktopOnly.map((c) => c.id) };
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
