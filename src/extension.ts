// Wires the adapters together. Everything registered goes into context.subscriptions.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { YamlExtensionApi } from './vscode/yamlSchemas';
import { Commands } from './vscode/commands';
import { affects } from './vscode/config';
import { DetailsProvider } from './vscode/details';
import { DiagnosticsPublisher } from './vscode/diagnostics';
import { DocumentScanner } from './vscode/documents';
import { CLUSTER_SCHEME, DETAILS_SCHEME, LANGUAGE_ID, VIEWS } from './vscode/ids';
import { WorkspaceInventory } from './vscode/inventory';
import { LintService } from './vscode/lint';
import { PemStructureProvider, PkiCodeLensProvider, PkiHoverProvider } from './vscode/providers';
import { CertificatesTree } from './vscode/tree';
import { AuthorCommands } from './vscode/author/commands';
import { ClusterView } from './vscode/cluster/lazy';
import { registerScaffold } from './vscode/scaffold';
import { WorkspaceFiles } from './vscode/workspace-files';
import { nodeHasher } from './node/platform';
import { KeystoreCommands } from './vscode/keystores';
import { lazyContainers } from './node/containers';
import { TimelinePanel } from './vscode/timeline';

/** Returned by activate(): lets integration tests (and other extensions) read what the views show. */
export interface Api {
  scanner: DocumentScanner;
  inventory: WorkspaceInventory;
  commands: Commands;
  tree: CertificatesTree;
  lint: LintService;
  /** The workspace file service every feature finds and reads files through. */
  files: WorkspaceFiles;
  /** The Cluster Certificates view (loads dist/cluster.js on first use). */
  cluster: ClusterView;
  /** "Open Keystore with Password" (#17 part 5). */
  keystores: KeystoreCommands;
  /** "Show Certificate Timeline" (#17 part 4). */
  timeline: TimelinePanel;
}

export function activate(context: vscode.ExtensionContext): Api {
  const log = vscode.window.createOutputChannel('Certwright', { log: true });
  const scanner = new DocumentScanner(log, nodeHasher, lazyContainers(__dirname));
  // One file service (exclude, size limit, link loops, watcher) for every feature that reads workspace files.
  const files = new WorkspaceFiles(log);
  const diagnostics = new DiagnosticsPublisher(scanner);
  const inventory = new WorkspaceInventory(diagnostics, log, files);
  const commands = new Commands(scanner, inventory);
  const lenses = new PkiCodeLensProvider(scanner);
  const structure = new PemStructureProvider(scanner);
  const all: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
  const treeData = new CertificatesTree(inventory);
  const lint = new LintService(context.extensionPath, log);
  const tree = vscode.window.createTreeView(VIEWS.certificates, { treeDataProvider: treeData, showCollapseAll: true });
  const cluster = new ClusterView(context.extensionPath, log, files);
  const keystores = new KeystoreCommands(scanner, inventory, files);
  const timeline = new TimelinePanel(inventory, files, cluster, log);
  context.subscriptions.push(
    log, files, scanner, diagnostics, inventory, tree,
    vscode.languages.registerHoverProvider(all, new PkiHoverProvider(scanner, (sha) => inventory.chainNotes(sha))),
    vscode.languages.registerCodeLensProvider(all, lenses),
    vscode.languages.registerDocumentSymbolProvider({ language: LANGUAGE_ID }, structure),
    vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, structure),
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, new DetailsProvider(scanner, inventory)),
    ...commands.register(),
    ...new AuthorCommands(inventory, log, files).register(),
    ...registerScaffold(files),
    ...keystores.register(),
    ...timeline.register(),
    vscode.window.createTreeView(VIEWS.clusterCertificates, { treeDataProvider: cluster, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_SCHEME, cluster),
    ...cluster.register(),
    // Lint diagnostics, quick fixes, hovers, completion and definitions: the language server's.
    lint,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'expiryWarningDays', 'codeLensEnabled', 'diagnosticsEnabled')) {
        lenses.refresh();
        diagnostics.refreshAll();
      }
    }),
  );
  // The workspace scan starts in the background; activation does not wait for it.
  void inventory.ready();
  void lint.start();
  void contributeYamlSchemas(context, log, files);
  return { scanner, files, inventory, commands, tree: treeData, lint, cluster, keystores, timeline };
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}

/** When the Red Hat YAML extension is installed, give it our cert-manager schema; without it, nothing changes. */
async function contributeYamlSchemas(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, files: WorkspaceFiles): Promise<void> {
  const ext = vscode.extensions.getExtension<YamlExtensionApi>('redhat.vscode-yaml'); // YAML_EXTENSION_ID (not imported: it would bring the schemas into this bundle)
  if (!ext) return;
  try {
    const api = await ext.activate();
    if (typeof api?.registerContributor !== 'function') return;
    // A runtime require of a computed path: the schemas and the YAML parser stay out of extension.js.
    const m = require(join(context.extensionPath, 'dist', 'yaml-schemas.js')) as typeof import('./vscode/yaml-schemas-bundle');
    context.subscriptions.push(m.contribute(api, files));
    log.info('cert-manager schema contributed to the YAML extension');
  } catch (e) {
    log.warn(`could not contribute schemas to the YAML extension (redhat.vscode-yaml): ${(e as Error).message}`);
  }
}
