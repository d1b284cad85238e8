// The workspace's certificates, keys, CSRs and CRLs: found by glob, read through workspace.fs,
// decoded by the core, grouped into chains. Updated by file-system events.
import * as vscode from 'vscode';
import { buildForest, Forest, InventoryItem } from '../core/chain';
import { checkObjects } from '../core/diagnostics';
import { completeKeyIdentities } from '../core/inventory';
import { LineIndex } from '../core/lines';
import { FoundObject, scanBytesSteps } from '../core/scan';
import { webCryptoVerifier } from '../core/verify';
import { nodeHasher } from '../node/platform';
import { affects, setting } from './config';
import type { DiagnosticsPublisher } from './diagnostics';
import { inSlices } from './documents';

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
  private watchers: vscode.Disposable[] = [];
  private generation = 0;
  private dirty = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;
  scanned = false;

  constructor(private readonly diagnostics: DiagnosticsPublisher, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'include', 'exclude', 'maxFileSizeMB', 'maxFiles')) void this.refresh();
        else if (affects(e, 'expiryWarningDays')) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // Trusted now: the workspace's include, exclude and limits apply (ignored until then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      { dispose: () => vscode.Disposable.from(...this.watchers).dispose() },
      { dispose: () => clearTimeout(this.flushTimer) },
    );
  }

  get forest(): Forest {
    return this.forestValue;
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
    this.resetWatchers();
    const include = setting<string[]>('include');
    const exclude = setting<string[]>('exclude');
    const max = setting<number>('maxFiles');
    const excludeGlob = exclude.length ? `{${exclude.join(',')}}` : undefined;
    const seen = new Map<string, vscode.Uri>();
    for (const pattern of include) {
      if (gen !== this.generation) return;
      try {
        for (const uri of await vscode.workspace.findFiles(pattern, excludeGlob, max)) seen.set(uri.toString(), uri);
      } catch (e) {
        this.log.warn(`certwright.include pattern ${JSON.stringify(pattern)} failed: ${(e as Error).message}`);
      }
    }
    const uris = [...seen.values()].slice(0, max);
    if (seen.size > max) this.log.warn(`Certificates view: ${seen.size} files match certwright.include; only the first ${max} (certwright.maxFiles) are scanned.`);
    for (const old of this.files.keys()) if (!seen.has(old)) { this.files.delete(old); this.diagnostics.forget(vscode.Uri.parse(old)); }
    for (const uri of uris) {
      if (gen !== this.generation) return;
      await this.readFile(uri);
    }
    if (gen !== this.generation) return;
    await this.rebuild();
    this.scanned = true;
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > setting<number>('maxFileSizeMB') * 1048576) {
        this.log.info(`${vscode.workspace.asRelativePath(uri)}: skipped (${(stat.size / 1048576).toFixed(1)} MB is over certwright.maxFileSizeMB)`);
        this.files.set(key, { uri, kind: 'skipped', objects: [] });
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      const scan = (await inSlices(scanBytesSteps(bytes, { hasher: nodeHasher })))!;
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
        items.push({ object: o.result.object, locations: [{ file: f.uri.toString(), start: o.start, end: o.end, line: f.lines?.position(o.start).line ?? 0, key: o.key }] });
      }
    }
    const gen = this.generation;
    const forest = await buildForest(items, webCryptoVerifier, () => gen !== this.generation);
    if (gen !== this.generation) return;
    this.forestValue = forest;
    this.changed.fire();
  }

  private resetWatchers(): void {
    vscode.Disposable.from(...this.watchers).dispose();
    this.watchers = [];
    for (const pattern of setting<string[]>('include')) {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      const touch = (uri: vscode.Uri) => this.markDirty(uri);
      this.watchers.push(w, w.onDidCreate(touch), w.onDidChange(touch), w.onDidDelete(touch));
    }
  }

  private markDirty(uri: vscode.Uri): void {
    this.dirty.add(uri.toString());
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), 200);
  }

  private async flush(): Promise<void> {
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const key of batch) {
      const uri = vscode.Uri.parse(key);
      if (await this.isIncluded(uri)) await this.readFile(uri);
      else if (this.files.delete(key)) this.diagnostics.forget(uri);
    }
    await this.rebuild();
  }

  /** Exists and is not excluded: asks VS Code's own glob engine through findFiles. */
  private async isIncluded(uri: vscode.Uri): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const exclude = setting<string[]>('exclude');
    const rel = vscode.workspace.asRelativePath(uri, false).replace(/[[\]{}*?]/g, '?');
    const hits = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, rel), exclude.length ? `{${exclude.join(',')}}` : undefined, 1);
    return hits.length > 0;
  }

  dispose(): void {
    this.generation++;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
