// The workspace's certificates, keys, CSRs and CRLs: found by glob, read through workspace.fs,
// decoded by the core, grouped into chains. Updated by file-system events.
import * as vscode from 'vscode';
import { underFolder } from '../core/paths';
import { buildForest, ChainNode, Forest, InventoryItem } from '../core/chain';
import { checkObjects } from '../core/diagnostics';
import { completeKeyIdentities } from '../core/inventory';
import { LineIndex } from '../core/lines';
import { FoundObject, scanBytesSteps } from '../core/scan';
import { webCryptoVerifier } from '../core/verify';
import { lazyContainers } from '../node/containers';
import { nodeHasher } from '../node/platform';
import { affects, setting } from './config';
import type { DiagnosticsPublisher } from './diagnostics';
import { inSlices } from './documents';
import type { WorkspaceFiles } from './workspace-files';

export interface FileEntry {
  uri: vscode.Uri;
  kind: 'text' | 'der' | 'binary' | 'skipped';
  objects: FoundObject[];
  lines?: LineIndex;
}

export class WorkspaceInventory implements vscode.Disposable {
  private readonly files = new Map<string, FileEntry>();
  private forestValue: Forest = { roots: [], loose: [] };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private generation = 0;
  private dirty = new Set<string>();
  /** Deleted paths that may be folders: the files under them go at the next flush. */
  private goneFolders = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;
  scanned = false;

  constructor(private readonly diagnostics: DiagnosticsPublisher, private readonly log: vscode.LogOutputChannel, private readonly workspaceFiles: WorkspaceFiles) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'include', 'exclude', 'maxFileSizeMB', 'maxFiles')) void this.refresh();
        else if (affects(e, 'expiryWarningDays')) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // Trusted now: the workspace's include, exclude and limits apply (ignored until then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      workspaceFiles.onDidChange((e) => {
        if (!this.scanning) return;
        if (workspaceFiles.matches(e.uri, setting<string[]>('include'))) this.markDirty(e.uri);
        // A deletion no include matches may be a folder deleted or renamed away (one event: \`mv\` reports nothing of its files).
        else if (e.type === 'deleted') this.markDirty(e.uri, true);
      }),
      { dispose: () => clearTimeout(this.flushTimer) },
    );
  }

  get forest(): Forest {
    return this.forestValue;
  }

  private notesBySha?: Map<string, string[]>;

  /** Why a certificate's chains in the workspace do not validate (the Certificates view's notes), by SHA-256. */
  chainNotes(sha256: string): string[] {
    if (!this.notesBySha) {
      const map = new Map<string, string[]>();
      const walk = (n: ChainNode, depth: number) => {
        const o = n.item.object;
        if (o.type === 'certificate' && n.problems?.length) {
          const list = map.get(o.sha256) ?? map.set(o.sha256, []).get(o.sha256)!;
          for (const note of n.notes) if (note.startsWith('does not validate') && !list.includes(note)) list.push(note);
        }
        if (depth < 16) for (const c of n.children) walk(c, depth + 1);
      };
      for (const r of this.forestValue.roots) walk(r, 0);
      this.notesBySha = map;
    }
    return this.notesBySha.get(sha256) ?? [];
  }

  entry(uri: vscode.Uri): FileEntry | undefined {
    return this.files.get(uri.toString());
  }

  /** Waits for the scan in progress (or starts the first one). */
  ready(): Promise<void> {
    return this.scanning ?? this.refresh();
  }

  refresh(): Promise<void> {
    const gen = ++this.generation;
    const scan = Promise.resolve(
      vscode.window.withProgress(
        { location: { viewId: 'certwright.certificates' }, title: 'Scanning for certificates' },
        () => this.fullScan(gen),
      ),
    );
    this.scanning = scan;
    return scan;
  }

  private async fullScan(gen: number): Promise<void> {
    const uris = await this.workspaceFiles.find(setting<string[]>('include'), 'Certificates view');
    if (gen !== this.generation) return;
    const seen = new Set(uris.map((u) => u.toString()));
    for (const old of this.files.keys()) if (!seen.has(old)) { this.files.delete(old); this.diagnostics.forget(vscode.Uri.parse(old)); }
    for (const uri of uris) {
      if (gen !== this.generation) return;
      await this.readFile(uri);
    }
    if (gen !== this.generation) return;
    await this.rebuild();
    this.scanned = true;
  }

  /**
   * Reads a keystore again with a password the user typed (used for this read only, never
   * stored); its objects join the Certificates view until the file changes. Returns the
   * keystore's summary, or undefined when the file holds no keystore.
   */
  async openWithPassword(uri: vscode.Uri, password: string): Promise<FoundObject['container'] | undefined> {
    await this.readFile(uri, password);
    await this.rebuild();
    return this.entry(uri)?.objects.find((o) => o.container)?.container;
  }

  /** Keystores whose parts need a password: the file and the note saying what is not read. */
  lockedContainers(): { uri: vscode.Uri; note: FoundObject }[] {
    const out: { uri: vscode.Uri; note: FoundObject }[] = [];
    for (const f of this.files.values()) for (const o of f.objects) if (o.container?.placeholder && o.container.needsPassword) out.push({ uri: f.uri, note: o });
    return out;
  }

  private async readFile(uri: vscode.Uri, password?: string): Promise<void> {
    const key = uri.toString();
    try {
      const loaded = await this.workspaceFiles.load(uri, 'Certificates view');
      if ('tooLarge' in loaded) {
        this.files.set(key, { uri, kind: 'skipped', objects: [] });
        return;
      }
      if ('error' in loaded) { this.files.delete(key); return; }
      const bytes = loaded.bytes;
      const scan = (await inSlices(scanBytesSteps(bytes, { hasher: nodeHasher, containers: lazyContainers(__dirname, password) })))!;
      await completeKeyIdentities(scan.objects);
      const lines = scan.text !== undefined ? new LineIndex(scan.text) : undefined;
      this.files.set(key, { uri, kind: scan.kind, objects: scan.objects, lines });
      if (scan.objects.length || this.diagnostics.collection.has(uri)) {
        const findings = scan.text !== undefined ? checkObjects(scan.text, scan.objects, { now: new Date(), expiryWarningDays: setting<number>('expiryWarningDays') }) : checkObjects('', scan.objects, { now: new Date(), expiryWarningDays: setting<number>('expiryWarningDays') });
        this.diagnostics.publishForFile(uri, findings.map((finding) => {
          const a = lines?.position(finding.start) ?? { line: 0, character: 0 };
          const b = lines?.position(finding.end) ?? { line: 0, character: 0 };
          return { finding, range: new vscode.Range(a.line, a.character, b.line, b.character) };
        }));
      }
    } catch (e) {
      this.files.delete(key);
      this.log.warn(`${vscode.workspace.asRelativePath(uri)}: not read (${(e as Error).message})`);
    }
  }

  private async rebuild(): Promise<void> {
    const items: InventoryItem[] = [];
    for (const f of this.files.values()) {
      for (const o of f.objects) {
        if (!o.result.ok) continue;
        items.push({ object: o.result.object, locations: [{ file: f.uri.toString(), start: o.start, end: o.end, line: f.lines?.position(o.start).line ?? 0, key: o.key, container: o.container && `${o.container.format}${o.container.alias !== undefined ? ` alias "${o.container.alias}"` : ''}` }] });
      }
    }
    const gen = this.generation;
    const forest = await buildForest(items, webCryptoVerifier, () => gen !== this.generation, { now: new Date() });
    if (gen !== this.generation) return;
    this.forestValue = forest;
    this.notesBySha = undefined;
    this.changed.fire();
  }

  private markDirty(uri: vscode.Uri, folder = false): void {
    (folder ? this.goneFolders : this.dirty).add(uri.toString().replace(/\/+$/, ''));
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), 200);
  }

  private async flush(): Promise<void> {
    const batch = [...this.dirty];
    const gone = this.goneFolders;
    this.dirty.clear();
    this.goneFolders = new Set();
    let removed = false;
    // One pass over the files for all the deleted folders of the batch, each file looked up by its
    // parent folders. First: a folder deleted and written again (`git checkout`) gets its files back below.
    if (gone.size) {
      for (const key of [...this.files.keys()]) {
        if (underFolder(key, gone)) { this.files.delete(key); this.diagnostics.forget(vscode.Uri.parse(key)); removed = true; }
      }
    }
    for (const key of batch) {
      const uri = vscode.Uri.parse(key);
      if (await this.workspaceFiles.exists(uri)) await this.readFile(uri);
      else if (this.files.delete(key)) this.diagnostics.forget(uri);
    }
    if (!batch.length && !removed) return;
    await this.rebuild();
  }

  dispose(): void {
    this.generation++;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
