// Linting in the editor: tracks the workspace's YAML (and the code and scripts whose URLs and
// spire-server commands rules read), lints in a worker thread, publishes diagnostics, and
// serves quick fixes, hovers, completion and go-to-definition.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { LintFinding } from '../core/lint/index';
import { shownSeverity } from '../core/lint/severity';
import type { LintRequest, LintResponse, TextChange } from '../node/lint-protocol';
import { affects, setting } from './config';
import { DIAGNOSTIC_SOURCE } from './ids';
import type { WorkspaceFiles } from './workspace-files';

type Req = LintRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The worker, with request/response matching; restarted if it dies. */
class LintClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (r: LintResponse) => void>();

  constructor(private readonly script: string, private readonly log: vscode.LogOutputChannel) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on('message', (r: LintResponse) => { this.pending.get(r.id)?.(r); this.pending.delete(r.id); });
    w.on('error', (e) => this.log.error(`lint worker failed: ${e.message}`));
    w.on('exit', () => {
      this.worker = undefined;
      for (const [id, done] of this.pending) done({ id, type: 'error', message: 'the lint worker stopped' });
      this.pending.clear();
    });
    this.worker = w;
    return w;
  }

  /** Sends a request; `transfer` lists buffers handed to the worker instead of copied. */
  request(req: Req, transfer: ArrayBuffer[] = []): Promise<LintResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ensure().postMessage({ ...req, id }, transfer);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
  }
}

/**
 * The diagnostic severity of a finding's severity. The same three levels as the CLI (error,
 * warning, info): a "hint" is info in both, so the Problems panel and CI agree for every code.
 */
export function diagnosticSeverity(s: LintFinding['severity']): vscode.DiagnosticSeverity {
  // The one mapping the CLI uses too (src/core/lint/severity.ts): hints show as information.
  const shown = shownSeverity(s);
  return shown === 'error' ? vscode.DiagnosticSeverity.Error : shown === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** A finding's range from the core's 0-based positions: no document needs to be open. */
function rangeOf(p: { line?: number; column?: number; endLine?: number; endColumn?: number }): vscode.Range {
  return new vscode.Range(p.line ?? 0, p.column ?? 0, p.endLine ?? p.line ?? 0, p.endColumn ?? p.column ?? 0);
}

export const LINT_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }];

export class LintService implements vscode.Disposable, vscode.CodeActionProvider, vscode.HoverProvider, vscode.CompletionItemProvider, vscode.DefinitionProvider {
  static readonly fixKind = vscode.CodeActionKind.QuickFix;
  readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-lint`);
  private readonly client: LintClient;
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private findingsByFile = new Map<string, LintFinding[]>();
  private published = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each lint run has been published. */
  readonly onDidLint = this.changed.event;
  private ready: Promise<void> | undefined;
  private generation = 0;
  /** Path -> the document version the worker has; edits after it go as contentChanges, not whole texts. */
  private readonly synced = new Map<string, number>();
  /** Whole-text sends in progress, with the edits that arrived meanwhile (sent when it ends). */
  private readonly sending = new Map<string, { done: Promise<void>; edits: Array<{ version: number; changes: TextChange[]; length: number }> }>();

  constructor(extensionPath: string, private readonly log: vscode.LogOutputChannel, private readonly files: WorkspaceFiles) {
    this.client = new LintClient(path.join(extensionPath, 'dist', 'lint-worker.js'), log);
    this.disposables.push(this.client, this.changed);
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => { if (this.tracks(e.document.uri)) this.changedDoc(e); }),
      vscode.workspace.onDidOpenTextDocument((d) => { if (this.tracks(d.uri)) void this.sendDoc(d).then(() => this.schedule()); }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (this.tracks(d.uri)) { this.synced.delete(this.key(d.uri)); void this.reload(d.uri); } }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (affects(e, 'lintInclude', 'exclude', 'diagnosticsEnabled')) void this.rescan(); }),
      // Trusted now: the workspace's lint.include, exclude and limits apply (ignored until then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.rescan()),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.disposables.push(files.onDidChange((e) => (e.type === 'deleted' ? this.remove(e.uri) : void this.reload(e.uri))));
  }

  /** Starts (once) the initial scan and lint. */
  start(): Promise<void> {
    this.ready ??= this.rescan();
    return this.ready;
  }

  private tracks(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return false;
    return this.files.matches(uri, setting<string[]>('lintInclude'));
  }

  private key(uri: vscode.Uri): string {
    return uri.fsPath || uri.path;
  }

  async rescan(): Promise<void> {
    const gen = ++this.generation;
    const uris = await this.files.find(setting<string[]>('lintInclude'), 'lint');
    // Files on disk go as bytes, transferred to the worker (it decodes them); open documents as text.
    const files: Array<{ path: string; text: null; bytes: Uint8Array }> = [];
    for (const u of uris) {
      if (gen !== this.generation) return;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
      if (open) { await this.sendDoc(open); continue; }
      const bytes = await this.files.read(u, 'lint');
      if (bytes) files.push({ path: this.key(u), text: null, bytes });
    }
    await this.client.request({ type: 'update', files }, transferable(files.map((f) => f.bytes)));
    await this.lintNow();
  }

  /**
   * Sends a document's whole text. Large texts go in parts with pauses between them, so the
   * extension host is never blocked by one big copy; edits made meanwhile follow the last part.
   */
  private sendDoc(doc: vscode.TextDocument): Promise<void> {
    const key = this.key(doc.uri);
    const running = this.sending.get(key);
    if (running) return running.done;
    const version = doc.version;
    const text = doc.getText();
    this.synced.delete(key);
    const entry = { done: Promise.resolve(), edits: [] as Array<{ version: number; changes: TextChange[]; length: number }> };
    let resend = false;
    entry.done = (async () => {
      try {
        if (text.length <= PART) await this.client.request({ type: 'update', files: [{ path: key, text }] });
        else {
          for (let at = 0; at < text.length; at += PART) {
            await this.client.request({ type: 'append', path: key, text: text.slice(at, at + PART), first: at === 0, last: at + PART >= text.length });
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
        this.synced.set(key, version);
        for (const e of entry.edits) if (!(await this.postEdit(key, e.version, e.changes, e.length))) { resend = true; break; }
      } finally {
        this.sending.delete(key);
      }
      if (resend) { this.synced.delete(key); await this.sendDoc(doc); }
    })();
    this.sending.set(key, entry);
    return entry.done;
  }

  /** A document edit: only the changes go to the worker when it has the version before them. */
  private changedDoc(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const doc = e.document;
    const key = this.key(doc.uri);
    const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
    const length = doc.offsetAt(new vscode.Position(doc.lineCount, 0));
    const running = this.sending.get(key);
    if (running) running.edits.push({ version: doc.version, changes, length });
    else void this.sendEdit(doc, key, doc.version, changes, length);
    this.schedule();
  }

  private async sendEdit(doc: vscode.TextDocument, key: string, version: number, changes: TextChange[], length: number): Promise<void> {
    if (await this.postEdit(key, version, changes, length)) return;
    this.log.debug(`lint: ${vscode.workspace.asRelativePath(doc.uri)} out of step with the worker; sending it whole`);
    this.synced.delete(key);
    await this.sendDoc(doc);
    this.schedule();
  }

  /** Sends one edit when the worker has the version before it; false when it must get the whole text. */
  private async postEdit(key: string, version: number, changes: TextChange[], length: number): Promise<boolean> {
    if (this.synced.get(key) !== version - 1) return false;
    this.synced.set(key, version);
    const r = await this.client.request({ type: 'edit', path: key, changes, length });
    return r.type === 'edit' && r.ok;
  }

  private async reload(uri: vscode.Uri): Promise<void> {
    if (!this.tracks(uri)) return;
    // Open documents follow their own change events (VS Code reloads them from disk too).
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isClosed)) return;
    // Over the size limit or unreadable: not linted (as in a rescan).
    const bytes = await this.files.read(uri, 'lint');
    if (!bytes) { this.remove(uri); return; }
    void this.client.request({ type: 'update', files: [{ path: this.key(uri), text: null, bytes }] }, transferable([bytes]));
    this.schedule();
  }

  private remove(uri: vscode.Uri): void {
    void this.client.request({ type: 'update', files: [{ path: this.key(uri), text: null }] });
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.lintNow(), 200);
  }

  async lintNow(): Promise<void> {
    const r = await this.client.request({ type: 'lint' });
    if (r.type !== 'lint') { if (r.type === 'error') this.log.error(`lint failed: ${r.message}`); return; }
    const byFile = new Map<string, LintFinding[]>();
    for (const f of r.findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
    this.findingsByFile = byFile;
    const enabled = setting<boolean>('diagnosticsEnabled');
    const next = new Set<string>();
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.file(file);
      next.add(file);
      if (!enabled) continue;
      const doc = vscode.workspace.textDocuments.find((d) => this.key(d.uri) === file);
      this.collection.set(doc?.uri ?? uri, list.map((f) => this.diagnostic(f)));
    }
    for (const old of this.published) if (!next.has(old) || !enabled) this.collection.delete(this.uriFor(old));
    this.published = next;
    this.log.debug(`lint: ${r.findings.length} findings in ${r.files.length} files (${r.ms.toFixed(0)} ms)`);
    this.changed.fire();
  }

  private uriFor(file: string): vscode.Uri {
    return vscode.workspace.textDocuments.find((d) => this.key(d.uri) === file)?.uri ?? vscode.Uri.file(file);
  }

  private diagnostic(f: LintFinding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(f), f.message, diagnosticSeverity(f.severity));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = f.code;
    if (f.related?.length) d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(this.uriFor(r.file), rangeOf(r)), r.message));
    return d;
  }

  /** Findings for a document, with ranges (for tests and code actions). */
  findings(uri: vscode.Uri): LintFinding[] {
    return this.findingsByFile.get(this.key(uri)) ?? [];
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const start = doc.offsetAt(range.start), end = doc.offsetAt(range.end);
    for (const f of this.findings(doc.uri)) {
      if (!f.fixes?.length || f.end < start || f.start > end) continue;
      for (const fix of f.fixes) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          const target = vscode.workspace.textDocuments.find((d) => this.key(d.uri) === e.file);
          const uri = target?.uri ?? vscode.Uri.file(e.file);
          const at = (o: number) => (target ?? doc).positionAt(o);
          edit.replace(uri, new vscode.Range(at(e.start), at(e.end)), e.newText);
        }
        a.edit = edit;
        a.isPreferred = f.fixes.length === 1;
        a.diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === f.code && d.range.start.isEqual(doc.positionAt(f.start)));
        out.push(a);
      }
    }
    return out;
  }

  /** Makes sure the worker has this version of the document (hover, completion and definition need it). */
  private async sync(doc: vscode.TextDocument): Promise<void> {
    const key = this.key(doc.uri);
    await this.sending.get(key)?.done;
    if (this.synced.get(key) !== doc.version) await this.sendDoc(doc);
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.tracks(doc.uri) || !/\.ya?ml$/i.test(doc.uri.path)) return undefined;
    await this.sync(doc);
    const r = await this.client.request({ type: 'hover', path: this.key(doc.uri), offset: doc.offsetAt(pos) });
    if (r.type !== 'hover' || !r.markdown) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(r.markdown));
  }

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
    if (!this.tracks(doc.uri)) return [];
    await this.sync(doc);
    const r = await this.client.request({ type: 'complete', path: this.key(doc.uri), offset: doc.offsetAt(pos) });
    if (r.type !== 'complete') return [];
    const word = doc.getWordRangeAtPosition(pos, /[A-Za-z0-9/:.* -]+/);
    const lineText = doc.lineAt(pos.line).text;
    const valueStart = Math.max(lineText.indexOf(': ') >= 0 && lineText.indexOf(': ') < pos.character ? lineText.indexOf(': ') + 2 : -1, lineText.search(/-\s/) >= 0 && lineText.search(/-\s/) < pos.character ? lineText.search(/-\s/) + 2 : -1);
    const range = valueStart >= 0 ? new vscode.Range(pos.line, valueStart, pos.line, Math.max(pos.character, word?.end.character ?? pos.character)) : undefined;
    return r.items.map((i, n) => {
      const c = new vscode.CompletionItem(i.label, i.kind === 'reference' ? vscode.CompletionItemKind.Reference : vscode.CompletionItemKind.EnumMember);
      c.detail = i.detail;
      c.sortText = String(n).padStart(4, '0');
      if (range) c.range = range;
      return c;
    });
  }

  async provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Location[]> {
    if (!this.tracks(doc.uri)) return [];
    await this.sync(doc);
    const r = await this.client.request({ type: 'definition', path: this.key(doc.uri), offset: doc.offsetAt(pos) });
    if (r.type !== 'definition') return [];
    // Positions come from the worker: no document is opened to compute them.
    return r.locations.map((l) => new vscode.Location(this.uriFor(l.file), rangeOf(l)));
  }

  dispose(): void {
    this.generation++;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Texts longer than this many characters go to the worker in parts (a 1 MB copy takes a few ms). */
const PART = 1 << 20;

/** The buffers of these views, to transfer (not copy) to the worker; only whole, unshared ones. */
function transferable(views: Uint8Array[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
  return [...out];
}
