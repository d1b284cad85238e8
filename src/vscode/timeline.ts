// "Certwright: Show Certificate Timeline" (#17 part 4): a webview with the chart the core draws
// (src/core/timeline) from the one inventory, the workspace's cert-manager Certificates and what
// the Cluster view has listed. Strict CSP: no remote resources, only the page's own script and
// style (a fresh nonce per render); text is escaped by the core. Clicking a bar posts its id
// back, and the extension reveals the certificate or manifest it stands for.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineItem } from '../core/timeline/model';
import type * as TimelineBundle from './timeline-bundle';
import type { ClusterView } from './cluster/lazy';
import { setting } from './config';
import { COMMANDS } from './ids';
import type { WorkspaceInventory } from './inventory';
import type { WorkspaceFiles } from './workspace-files';

export const TIMELINE_VIEW_TYPE = 'certwright.timeline';

/** What the page reports: bars drawn, rows, rows visible after the filters. */
export interface TimelineRendered { bars: number; rows: number; visible: number }

/** Only files that may hold cert-manager objects are parsed for the timeline. */
const CERT_MANAGER_HINT = /cert-manager\.io\//;

let bundle: typeof TimelineBundle | undefined;
/** dist/timeline.js (the chart and the YAML parser), built next to dist/extension.js, loaded on first use. */
function load(): typeof TimelineBundle {
  bundle ??= (module.require as (id: string) => typeof TimelineBundle)(join(__dirname, 'timeline.js'));
  return bundle;
}

export class TimelinePanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private items = new Map<string, TimelineItem>();
  private readonly renderedEmitter = new vscode.EventEmitter<TimelineRendered>();
  /** Fires when the page has drawn the chart (with what it counted in its DOM). */
  readonly onDidRender = this.renderedEmitter.event;
  private readonly filteredEmitter = new vscode.EventEmitter<number>();
  /** Fires with the number of visible rows after a filter changed. */
  readonly onDidFilter = this.filteredEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.renderedEmitter, this.filteredEmitter];
  private generation = 0;

  constructor(private readonly inventory: WorkspaceInventory, private readonly files: WorkspaceFiles, private readonly cluster: ClusterView, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(inventory.onDidChange(() => { if (this.panel) void this.render(); }));
  }

  register(): vscode.Disposable[] {
    return [this, vscode.commands.registerCommand(COMMANDS.showTimeline.id, () => this.show())];
  }

  /** Opens (or brings forward) the timeline and draws it. */
  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, 'Certificate Timeline', vscode.ViewColumn.Active, {
        enableScripts: true, localResourceRoots: [], enableFindWidget: true,
      });
      this.panel.onDidDispose(() => { this.panel = undefined; }, undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m), undefined, this.disposables);
    } else this.panel.reveal();
    await this.render();
  }

  /** Sends a message to the page (`{type: 'filter', text, status}`, `{type: 'click', id}`): for tests and keyboard users. */
  post(message: unknown): Thenable<boolean> {
    return this.panel ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  /** The items of the chart now shown. */
  shownItems(): TimelineItem[] {
    return [...this.items.values()];
  }

  private async render(): Promise<void> {
    const gen = ++this.generation;
    const now = Date.now();
    let page: { items: TimelineItem[]; html: string };
    try {
      await this.inventory.ready();
      const yaml: { path: string; text: string }[] = [];
      for (const uri of await this.files.yamlFiles()) {
        const text = await this.files.readText(uri, 'Certificate timeline');
        if (text && CERT_MANAGER_HINT.test(text)) yaml.push({ path: uri.toString(), text });
      }
      if (gen !== this.generation || !this.panel) return;
      page = load().timelinePage({
        forest: this.inventory.forest,
        where: (n) => n.item.locations.map((l) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(l.file))}:${l.line + 1}${l.container ? ` (${l.container})` : ''}`).join(', '),
        yaml,
        manifestWhere: (file, line) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(file))}:${line + 1}`,
        cluster: vscode.workspace.isTrusted && this.cluster.loaded ? this.cluster.shownCertificates() : undefined,
        now, warningDays: setting<number>('expiryWarningDays'),
        // node:crypto is required here, not with the extension (it takes milliseconds to load).
        nonce: (require('node:crypto') as typeof import('node:crypto')).randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource,
      });
    } catch (e) {
      this.log.error(`timeline: ${(e as Error).message}`);
      return;
    }
    if (gen !== this.generation || !this.panel) return;
    this.items = new Map(page.items.map((i) => [i.id, i]));
    this.panel.webview.html = page.html;
  }

  private async receive(m: unknown): Promise<void> {
    const msg = m as { type?: string; id?: unknown; bars?: unknown; rows?: unknown; visible?: unknown };
    if (msg?.type === 'rendered') this.renderedEmitter.fire({ bars: Number(msg.bars), rows: Number(msg.rows), visible: Number(msg.visible) });
    else if (msg?.type === 'filtered') this.filteredEmitter.fire(Number(msg.visible));
    else if (msg?.type === 'reveal' && typeof msg.id === 'string') await this.reveal(msg.id);
  }

  /** Opens the file a bar stands for, with its certificate or manifest selected. */
  async reveal(id: string): Promise<vscode.TextEditor | undefined> {
    const item = this.items.get(id);
    const src = item?.source;
    if (!src) {
      if (item) void vscode.window.showInformationMessage(`${item.label}: ${item.detail[item.detail.length - 1] ?? 'not in a workspace file'}`);
      return undefined;
    }
    const uri = vscode.Uri.parse(src.file);
    if (this.inventory.entry(uri)?.kind === 'der') {
      await vscode.commands.executeCommand('vscode.open', uri);
      return undefined;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(doc.positionAt(src.start), doc.positionAt(src.end));
      const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start), preview: true, viewColumn: vscode.ViewColumn.Beside });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return editor;
    } catch (e) {
      void vscode.window.showWarningMessage(`Certwright: cannot open ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
