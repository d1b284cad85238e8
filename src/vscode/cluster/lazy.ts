// The Cluster Certificates view as the extension bundle sees it: a small proxy that loads the
// cluster bundle (dist/cluster.js, with @kubernetes/client-node) only when the view is first
// expanded or a cluster command runs, and never in Restricted Mode.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { affects } from '../config';
import { COMMANDS } from '../ids';
import { ClusterHost, ClusterModule, ClusterNode, RESTRICTED_DETAIL, RESTRICTED_TEXT } from './nodes';
import type { WorkspaceFiles } from '../workspace-files';
import type { ClusterTimelineInput } from '../../core/timeline/model';

const CLUSTER_COMMANDS = [
  COMMANDS.clusterRefresh, COMMANDS.clusterFilter, COMMANDS.clusterShowExpiring,
  COMMANDS.clusterOpenSecret, COMMANDS.clusterCopyCaCrt, COMMANDS.clusterSaveCertificate,
  COMMANDS.clusterOpenCertificates, COMMANDS.clusterCopyPem,
];

export class ClusterView implements vscode.TreeDataProvider<ClusterNode>, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changedEmitter.event;
  private module?: ClusterModule;
  /** What the view has shown of Secrets and cert-manager Certificates (for the certificate timeline; h17time). */
  private readonly shown = new Map<string, ClusterNode>();

  constructor(private readonly extensionPath: string, private readonly log: vscode.LogOutputChannel, private readonly files: WorkspaceFiles) {}

  /** True once dist/cluster.js has been loaded. */
  get loaded(): boolean {
    return this.module !== undefined;
  }

  private load(): ClusterModule {
    if (!this.module) {
      const file = join(this.extensionPath, 'dist', 'cluster.js');
      // A runtime require of a computed path: esbuild leaves it alone, so the Kubernetes client stays out of extension.js.
      const m = require(file) as { createCluster(host: ClusterHost): ClusterModule };
      this.module = m.createCluster({ log: this.log, files: this.files, changed: () => this.changedEmitter.fire(undefined) });
    }
    return this.module;
  }

  register(): vscode.Disposable[] {
    return [
      this,
      ...CLUSTER_COMMANDS.map((c) => vscode.commands.registerCommand(c.id, (...args: unknown[]) => this.run(c.id, args))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'clusterKubeconfig', 'clusterTimeoutSeconds', 'clusterPageSize', 'expiryWarningDays')) this.refresh();
      }),
    ];
  }

  async run(command: string, args: unknown[]): Promise<unknown> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(`${RESTRICTED_TEXT}. Trust this workspace to browse your clusters.`);
      return undefined;
    }
    return this.load().run(command, args);
  }

  /** The Secrets and Certificates the view has listed so far (nothing is fetched for this). */
  shownCertificates(): ClusterTimelineInput {
    const out: ClusterTimelineInput = { secrets: [], certificates: [] };
    for (const n of this.shown.values()) {
      if (n.kind === 'secret') out.secrets.push({ context: n.context, namespace: n.summary.namespace, name: n.summary.name, leaf: n.summary.leaf });
      else if (n.kind === 'certificate') out.certificates.push({ context: n.context, namespace: n.namespace, certificate: n.certificate });
    }
    return out;
  }

  refresh(): void {
    this.shown.clear();
    this.module?.refresh();
    this.changedEmitter.fire(undefined);
  }

  async getChildren(el?: ClusterNode): Promise<ClusterNode[]> {
    if (!vscode.workspace.isTrusted) {
      return el ? [] : [{ kind: 'message', id: 'restricted', label: RESTRICTED_TEXT, detail: RESTRICTED_DETAIL, tone: 'lock' }];
    }
    const children = await this.load().getChildren(el);
    for (const c of children) if (c.kind === 'secret' || c.kind === 'certificate') this.shown.set(c.id, c);
    return children;
  }

  getTreeItem(el: ClusterNode): vscode.TreeItem {
    if (el.kind === 'message' && el.id === 'restricted') {
      const item = new vscode.TreeItem(el.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('workspace-untrusted');
      item.tooltip = el.detail;
      item.description = 'trust the workspace to enable it';
      item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
      return item;
    }
    return this.load().getTreeItem(el);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!vscode.workspace.isTrusted) return `${RESTRICTED_TEXT}.\n`;
    return this.load().provideTextDocumentContent(uri);
  }

  dispose(): void {
    this.module?.dispose();
    this.changedEmitter.dispose();
  }
}
