// The Certwright language server (LSP 3.17, on vscode-languageserver): the linter and the
// certificate decoder of the core for every editor. `certwright lsp --stdio` / `--node-ipc`,
// and the VS Code extension's own client (src/vscode/lint.ts).
//
// State: the open documents (incremental sync), the workspace's other files read from disk
// (kept current by watched-file events), one LintEngine over both. Every change schedules one
// lint; its findings carry line/character positions computed here from the text the server has,
// so diagnostics of closed files sit where they belong.
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, dirname, join, relative, sep } from 'node:path';
import {
  CancellationToken, Connection, Diagnostic, DidChangeWatchedFilesNotification, DocumentDiagnosticReport, FileChangeType,
  InitializeParams, InitializeResult, LSPErrorCodes, Range, ResponseError, TextDocuments, TextDocumentSyncKind,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverMarkdown } from '../../core/describe';
import { checkObjects } from '../../core/diagnostics';
import { globRegExp } from '../../core/glob';
import { underFolder } from '../../core/paths';
import { completeKeyIdentities } from '../../core/inventory';
import { completionsAt, definitionAt, hoverAt } from '../../core/lint/features';
import { commonPrefix, commonSuffix } from '../../core/lint/model';
import type { LintFinding } from '../../core/lint/index';
import { FoundObject, scanText } from '../../core/scan';
import { runSliced } from '../../core/steps';
import { SETTINGS, type SettingSpec } from '../../vscode/ids';
import { walkRespectingGitignore } from '../gitignore';
import { LintEngine } from '../lint-engine';
import { nodeHasher } from '../platform';
import { bundleAt, certificateDiagnostic, completionSpan, lintDiagnostic, pemSymbols, quickFixes } from './convert';

/** The `certwright.*` settings the server reads (through `workspace/configuration`). */
export interface ServerSettings {
  expiryWarningDays: number;
  diagnosticsEnabled: boolean;
  lintInclude: string[];
  exclude: string[];
  maxFileSizeMB: number;
  maxFiles: number;
}

/**
 * `initializationOptions` a client may send (all optional):
 * - `settings`: `certwright.*` values for clients without `workspace/configuration`
 *   (`{"lint": {"include": [...]}, "expiryWarningDays": 14}`);
 * - `certificates: false`: no certificate hovers, diagnostics or PEM outline (the VS Code
 *   extension has its own, on every kind of document);
 * - `diagnostics: "push" | "pull"`: force a model (default: pull when the client can, else push).
 */
export interface InitOptions {
  settings?: Record<string, unknown>;
  certificates?: boolean;
  diagnostics?: 'push' | 'pull';
  /** Send `certwright/didLint` ({files, findings}) after each published lint (the VS Code extension waits on it). */
  lintNotifications?: boolean;
}

/** A quick pre-check: does this text mention anything the decoder reads? */
const HINT = /-----BEGIN |LS0tLS1CRUdJT|(?:^|[\s"':=])MI[IHG][A-Za-z0-9+/]{40}/m;
/** Longer than any match of HINT (a window this much around an edit holds every match the edit made). */
const HINT_SPAN = 64;
const YAML = /\.ya?ml$/i;
/** Certificate files the workspace scan also reads, for certificate diagnostics of closed files. */
const CERT_FILE = /\.(?:pem|crt|cer|cert|csr|key|ca-bundle)$/i;
const CERT_GLOB = '**/*.{pem,crt,cer,cert,csr,key,ca-bundle}';
/**
 * Gives the event loop back for a few turns: vscode-jsonrpc handles one incoming message per
 * turn, so a request and its `$/cancelRequest` queued behind a long parse are both seen.
 */
const pause = async (): Promise<void> => {
  for (let i = 0; i < 4; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Reads a setting from a `certwright` configuration section (`{lint: {include: [...]}}`) or dotted keys. */
function readSettings(section: Record<string, unknown> | null | undefined): ServerSettings {
  const value = (spec: SettingSpec): unknown => {
    const key = spec.key.slice('certwright.'.length);
    let v: unknown = section?.[key];
    if (v === undefined) {
      v = section;
      for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    const ok = spec.type === 'array' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === spec.type;
    return ok ? v : spec.default;
  };
  return {
    expiryWarningDays: value(SETTINGS.expiryWarningDays) as number,
    diagnosticsEnabled: value(SETTINGS.diagnosticsEnabled) as boolean,
    lintInclude: value(SETTINGS.lintInclude) as string[],
    exclude: value(SETTINGS.exclude) as string[],
    maxFileSizeMB: value(SETTINGS.maxFileSizeMB) as number,
    maxFiles: value(SETTINGS.maxFiles) as number,
  };
}

interface CertScan { version: number; objects: FoundObject[]; diagnostics: Diagnostic[] }
interface Waiter { resolve(): void; reject(e: ResponseError<unknown>): void; uri?: string; version?: number }

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');

export class CertwrightServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly engine = new LintEngine();
  private settings = readSettings(undefined);
  private init: InitOptions = {};
  private folders: string[] = [];
  private caps = { configuration: false, watch: false, pull: false, refresh: false, progress: false, folders: false };
  /** File key -> URI, for keys that are not plain file paths (untitled buffers). */
  private readonly uris = new Map<string, string>();
  /** Files read from disk by the workspace scan or watched-file events. */
  private readonly disk = new Set<string>();
  /** Folders whose files the scan or a watched-file event has listed (see `withMissedFiles`). */
  private readonly knownDirs = new Set<string>();
  private findings: LintFinding[] = [];
  private byFile = new Map<string, LintFinding[]>();
  /** Per file: the last reported diagnostics, as JSON, and their result id (pull diagnostics). */
  private readonly reports = new Map<string, { id: string; json: string; diagnostics: Diagnostic[] }>();
  private resultIds = 0;
  private readonly pushed = new Set<string>();
  private readonly certScans = new Map<string, CertScan>();
  /** Open documents whose last scanned text has no HINT (by URI): their next version is tested around the edit. */
  private readonly hintless = new Map<string, string>();
  /** Certificate diagnostics of closed workspace files (file key -> diagnostics), from the scan and watched files. */
  private readonly closedCerts = new Map<string, Diagnostic[]>();
  /** Bumped by every change: a lint run that sees another value has been superseded. */
  private changes = 0;
  private linted = -1;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private scanRun = 0;
  private scanning: Promise<void> = Promise.resolve();
  /** False until the first workspace scan has read the files: no lint runs on a half-read workspace. */
  private scanned = false;
  private lintRuns = 0;
  private lintRunsStopped = 0;
  /** Requests waiting for the lint of the current state (a pull names its document and version). */
  private readonly waiters = new Set<Waiter>();
  /**
   * Pull model: the state (`changes`) for which every request waiting on its lint has been
   * cancelled. Its run then stops at the next pause (between documents or objects), or does not
   * start; the next pull starts it again.
   */
  private abandoned = -1;

  constructor(private readonly connection: Connection) {
    const c = connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onDidChangeConfiguration((p) => void this.configure(p.settings));
    c.onDidChangeWatchedFiles((p) => void this.watched(p.changes));
    c.onHover((p, token) => this.hover(p.textDocument.uri, p.position, token));
    c.onCompletion((p, token) => this.completion(p.textDocument.uri, p.position, token));
    c.onDefinition((p, token) => this.definition(p.textDocument.uri, p.position, token));
    c.onCodeAction((p, token) => this.codeActions(p.textDocument.uri, p.range, p.context.diagnostics, token));
    c.onDocumentSymbol((p) => this.symbols(p.textDocument.uri));
    c.onFoldingRanges((p) => this.folding(p.textDocument.uri));
    // The work the linter has done, counted (documents parsed, objects checked): for tests and troubleshooting.
    c.onRequest('certwright/stats', () => ({ ...this.engine.stats, lintRuns: this.lintRuns, lintRunsStopped: this.lintRunsStopped }));
    c.languages.diagnostics.on((p, token) => this.pullDocument(p.textDocument.uri, p.previousResultId, token));
    c.languages.diagnostics.onWorkspace((p, token) => this.pullWorkspace(p.previousResultIds, token));
    this.documents.onDidChangeContent((e) => this.opened(e.document));
    this.documents.onDidClose((e) => void this.closed(e.document));
    this.documents.listen(c);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private initialize(p: InitializeParams): InitializeResult {
    const cc = p.capabilities;
    this.init = (p.initializationOptions ?? {}) as InitOptions;
    if (this.init.settings) this.settings = readSettings(this.init.settings);
    const canPull = !!cc.textDocument?.diagnostic;
    this.caps = {
      configuration: !!cc.workspace?.configuration,
      watch: !!cc.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      pull: this.init.diagnostics ? this.init.diagnostics === 'pull' : canPull,
      refresh: !!cc.workspace?.diagnostics?.refreshSupport,
      progress: !!cc.window?.workDoneProgress,
      folders: !!cc.workspace?.workspaceFolders,
    };
    const folders = p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : p.rootPath ? [pathToFileURL(p.rootPath).href] : []);
    this.setFolders(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
    const certificates = this.init.certificates !== false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '-', '/'] },
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: certificates,
        foldingRangeProvider: certificates,
        ...(this.caps.pull ? { diagnosticProvider: { identifier: 'certwright', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'certwright', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.caps.folders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const gone = new Set(e.removed.map((f) => f.uri));
        const added = e.added.map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
        this.setFolders([...this.folders.filter((f) => !gone.has(pathToFileURL(f).href)), ...added]);
        void this.rescan();
      });
    }
    if (this.caps.watch) {
      // Registered dynamically so the client watches what the settings include.
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [...this.settings.lintInclude, ...(this.init.certificates !== false ? [CERT_GLOB] : [])].map((globPattern) => ({ globPattern })),
      }).catch(() => undefined);
    }
    if (this.caps.configuration) await this.configure(undefined, false);
    await this.rescan();
  }

  /** Reads `certwright.*` (from the client, or from a pushed `settings.certwright`), then rescans. */
  private async configure(pushed: unknown, rescan = true): Promise<void> {
    if (this.caps.configuration) {
      const section = await this.connection.workspace.getConfiguration({ section: 'certwright' }).catch(() => undefined);
      this.settings = readSettings(section ?? this.init.settings);
    } else if (pushed && typeof pushed === 'object') {
      const s = (pushed as Record<string, unknown>).certwright;
      if (s && typeof s === 'object') this.settings = readSettings(s as Record<string, unknown>);
    }
    this.certScans.clear();
    if (rescan) await this.rescan();
  }

  // ---- files --------------------------------------------------------------------------------

  /** The engine's key of a URI: the path of a file URI, else the URI (a `.yaml` suffix for YAML buffers). */
  keyOf(uri: string, languageId?: string): string {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
    const key = languageId === 'yaml' && !YAML.test(uri) ? `${uri}#.yaml` : uri;
    this.uris.set(key, uri);
    return key;
  }

  uriOf = (key: string): string => this.uris.get(key) ?? pathToFileURL(key).href;

  /**
   * What users read (messages, related places, hovers, fix titles) names files workspace-relative,
   * as the CLI does: the engine's keys are absolute paths, so a workspace folder's path is dropped
   * (with several folders, replaced by the folder's name). The core composes messages from its
   * keys and knows no folders; doing it here keeps one place for it.
   */
  shown = (text: string): string => {
    let out = text;
    for (const [from, to] of this.shownPrefixes) if (out.includes(from)) out = out.split(from).join(to);
    return out;
  };

  /** What `shown` replaces: each folder's path (longest first) by '' or, with several folders, the folder's name. Set with the folders. */
  private shownPrefixes: Array<[string, string]> = [];

  private setFolders(folders: string[]): void {
    this.folders = folders;
    this.shownPrefixes = [...folders].sort((a, b) => b.length - a.length).flatMap((f) => {
      const to = folders.length === 1 ? '' : `${basename(f)}/`;
      return [...new Set([`${f}${sep}`, `${f.split(sep).join('/')}/`])].map((from): [string, string] => [from, to]);
    });
  }

  /** A path relative to the workspace folder holding it ('/'-separated), else the path itself. */
  private folderRelative(path: string): string {
    const folder = this.folders.find((f) => !relative(f, path).startsWith('..'));
    return (folder ? relative(folder, path) : path).split('\\').join('/');
  }

  /** Whether a workspace file is one the linter reads (certwright.lint.include minus certwright.exclude). */
  private included(path: string): boolean {
    const rel = this.folderRelative(path);
    return this.settings.lintInclude.some((g) => globRegExp(g).test(rel)) && !this.settings.exclude.some((g) => globRegExp(g).test(rel));
  }

  private async readDisk(path: string): Promise<string | undefined> {
    try {
      const st = await stat(path);
      if (!st.isFile() || st.size > this.settings.maxFileSizeMB * 1048576) return undefined;
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The initial (and each settings- or folder-triggered) scan of the workspace, with progress. */
  private rescan(): Promise<void> {
    const run = ++this.scanRun;
    this.scanning = (async () => {
      const progress = this.caps.progress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
      progress?.begin('Certwright', 0, 'scanning the workspace', false);
      try {
        const paths: string[] = [];
        for (const folder of this.folders) {
          try {
            for (const p of walkRespectingGitignore(folder, (f) => this.included(f), this.settings.maxFiles - paths.length)) paths.push(p);
          } catch { /* a folder that cannot be read: nothing from it */ }
        }
        const certPaths: string[] = [];
        if (this.init.certificates !== false) {
          for (const folder of this.folders) {
            try {
              for (const p of walkRespectingGitignore(folder, (f) => CERT_FILE.test(f) && !this.included(f) && !this.excluded(f), this.settings.maxFiles - paths.length - certPaths.length)) certPaths.push(p);
            } catch { /* a folder that cannot be read: nothing from it */ }
          }
        }
        this.knownDirs.clear();
        for (const p of [...this.folders, ...paths.map(dirname), ...certPaths.map(dirname)]) this.knownDirs.add(p);
        const keep = new Set(paths);
        for (const old of this.disk) if (!keep.has(old)) { this.disk.delete(old); if (!this.documents.get(this.uriOf(old))) this.engine.set(old, null); }
        for (let i = 0; i < paths.length; i++) {
          if (run !== this.scanRun) return;
          const p = paths[i];
          this.disk.add(p);
          if (!this.openKey(p)) {
            const text = await this.readDisk(p);
            this.engine.set(p, text ?? null);
          }
          if (i % 50 === 49) progress?.report(Math.round((100 * i) / paths.length), `${i + 1}/${paths.length} files`);
        }
        // Certificate diagnostics of the closed files: the linted ones (YAML with base64 values,
        // Istio's PEM files) and the certificate files.
        // Made aside and swapped in whole: a lint publishing meanwhile sees the old or the new set.
        const certs = new Map<string, Diagnostic[]>();
        for (const p of paths) {
          if (run !== this.scanRun) return;
          const text = this.engine.text(p);
          const d = text !== undefined && !this.openKey(p) ? this.certDiagnostics(p, text) : undefined;
          if (d) certs.set(p, d);
        }
        for (const p of certPaths) {
          if (run !== this.scanRun) return;
          if (this.openKey(p)) continue;
          const d = this.certDiagnostics(p, await this.readDisk(p));
          if (d) certs.set(p, d);
        }
        this.closedCerts.clear();
        for (const [k, d] of certs) this.closedCerts.set(k, d);
      } finally {
        progress?.done();
        if (run === this.scanRun) { this.scanned = true; this.changed(); }
      }
      await this.settled();
    })();
    return this.scanning;
  }

  private excluded(path: string): boolean {
    const rel = this.folderRelative(path);
    return this.settings.exclude.some((g) => globRegExp(g).test(rel));
  }

  /**
   * The certificate findings of a closed file's text, with ranges computed from that text (the
   * same checks as for open documents). Nothing is kept for a file without findings.
   */
  private closedCertScan(key: string, text: string | undefined): void {
    const d = this.certDiagnostics(key, text);
    if (d) this.closedCerts.set(key, d); else this.closedCerts.delete(key);
  }

  private certDiagnostics(key: string, text: string | undefined): Diagnostic[] | undefined {
    if (this.init.certificates === false || text === undefined || text.length > this.settings.maxFileSizeMB * 1048576 || !HINT.test(text)) return undefined;
    try {
      const objects = scanText(text, { hasher: nodeHasher }).objects;
      const findings = objects.length ? checkObjects(text, objects, { now: new Date(), expiryWarningDays: this.settings.expiryWarningDays }) : [];
      if (!findings.length) return undefined;
      const doc = TextDocument.create(this.uriOf(key), '', 0, text);
      return findings.map((f) => certificateDiagnostic(f, (s, e) => ({ start: doc.positionAt(s), end: doc.positionAt(e) })));
    } catch (e) {
      this.connection.console.error(`certwright: cannot scan ${key}: ${(e as Error).message}`);
      return undefined;
    }
  }

  private openKey(key: string): boolean {
    return this.documents.all().some((d) => this.keyOf(d.uri, d.languageId) === key);
  }

  private opened(doc: TextDocument): void {
    const key = this.keyOf(doc.uri, doc.languageId);
    // A pull of an older version of this document is superseded: the client asks again (LSP 3.17).
    for (const w of this.waiters) {
      if (w.uri === doc.uri && w.version !== doc.version) {
        this.waiters.delete(w);
        w.reject(new ResponseError(LSPErrorCodes.ServerCancelled, 'a newer version of the document arrived', { retriggerRequest: true }));
      }
    }
    // An open workspace file the settings leave out (certwright.exclude, a PEM file) is not linted;
    // its certificate diagnostics are still published.
    if (!(doc.uri.startsWith('file:') && this.folders.some((f) => !relative(f, key).startsWith('..')) && !this.included(key))) this.engine.set(key, doc.getText());
    this.changed();
  }

  private async closed(doc: TextDocument): Promise<void> {
    const key = this.keyOf(doc.uri, doc.languageId);
    this.certScans.delete(doc.uri);
    this.hintless.delete(doc.uri);
    // A workspace file goes back to its text on disk; an untitled buffer is gone.
    const text = this.disk.has(key) || (doc.uri.startsWith('file:') && this.included(key)) ? await this.readDisk(key) : undefined;
    if (this.documents.get(doc.uri)) return; // opened again meanwhile
    this.engine.set(key, text ?? null);
    if (text === undefined) this.disk.delete(key); else this.disk.add(key);
    this.closedCertScan(key, text ?? (doc.uri.startsWith('file:') && CERT_FILE.test(key) && !this.excluded(key) ? await this.readDisk(key) : undefined));
    if (!this.caps.pull) this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: this.diagnosticsOf(key, doc.uri) });
    this.changed();
  }

  private async watched(events: Array<{ uri: string; type: FileChangeType }>): Promise<void> {
    const changes = await this.withMissedFiles(events);
    this.forgetDeletedFolders(changes);
    for (const c of changes) {
      if (!c.uri.startsWith('file:') || this.documents.get(c.uri)) continue; // open documents follow their own edits
      const key = fileURLToPath(c.uri);
      if (c.type === FileChangeType.Deleted || !this.included(key)) {
        if (this.disk.delete(key)) this.engine.set(key, null);
        const cert = c.type !== FileChangeType.Deleted && CERT_FILE.test(key) && !this.excluded(key) ? await this.readDisk(key) : undefined;
        if (!this.documents.get(c.uri)) this.closedCertScan(key, cert);
        continue;
      }
      const text = await this.readDisk(key);
      if (this.documents.get(c.uri)) continue;
      this.closedCertScan(key, text);
      this.engine.set(key, text ?? null);
      if (text === undefined) this.disk.delete(key); else this.disk.add(key);
    }
    this.changed();
  }

  /**
   * A folder deleted or renamed away is one event (`mv` reports nothing of the files in it): the
   * files known under a deleted path that is not a file of its own go with it. One pass over the
   * known files for the whole batch, each looked up by its parent folders. First, so that a folder
   * deleted and written again in one batch (`git checkout`) gets its files back from the events after.
   */
  private forgetDeletedFolders(changes: Array<{ uri: string; type: FileChangeType }>): void {
    const gone = new Set<string>();
    for (const c of changes) {
      if (c.type !== FileChangeType.Deleted || !c.uri.startsWith('file:')) continue;
      const key = fileURLToPath(c.uri).replace(/[\\/]+$/, '');
      if (!this.disk.has(key) && !this.closedCerts.has(key)) gone.add(key);
    }
    if (!gone.size) return;
    for (const key of [...this.disk]) {
      if (!underFolder(key, gone) || this.documents.get(this.uriOf(key))) continue;
      this.disk.delete(key);
      this.engine.set(key, null);
      this.closedCertScan(key, undefined);
    }
    for (const key of [...this.closedCerts.keys()]) if (underFolder(key, gone) && !this.documents.get(this.uriOf(key))) this.closedCerts.delete(key);
  }

  /**
   * File watchers built on inotify (VS Code's parcel watcher among them) miss the files created in
   * a new folder before their watch on it is set up (parcel-bundler/watcher#243): of a folder that
   * `cp -r`, `git checkout` or a generator writes at once, only the later files are reported. So
   * the first event from a folder not listed before lists it (and its new parents, one level each)
   * once, and the files there that the linter or the certificate scan reads join the batch as
   * created. One directory read per new folder; a deletion forgets its folder, which may be gone.
   */
  private async withMissedFiles(changes: Array<{ uri: string; type: FileChangeType }>): Promise<Array<{ uri: string; type: FileChangeType }>> {
    const out = [...changes];
    const inBatch = new Set<string>();
    for (const c of changes) if (c.uri.startsWith('file:')) inBatch.add(fileURLToPath(c.uri));
    for (const c of changes) {
      if (!c.uri.startsWith('file:')) continue;
      let dir = dirname(fileURLToPath(c.uri));
      if (c.type === FileChangeType.Deleted) { this.knownDirs.delete(dir); continue; }
      if (c.type !== FileChangeType.Created) continue;
      const folder = this.folders.find((f) => !relative(f, dir).startsWith('..'));
      if (folder === undefined) continue;
      while (!this.knownDirs.has(dir)) {
        this.knownDirs.add(dir);
        let names: string[] = [];
        try { names = await readdir(dir); } catch { /* gone meanwhile: nothing missed there */ }
        for (const name of names) {
          const p = join(dir, name);
          if (inBatch.has(p) || this.disk.has(p)) continue;
          if (!this.included(p) && !(this.init.certificates !== false && CERT_FILE.test(p) && !this.excluded(p))) continue;
          inBatch.add(p);
          out.push({ uri: pathToFileURL(p).href, type: FileChangeType.Created });
        }
        if (dir === folder || dirname(dir) === dir) break;
        dir = dirname(dir);
      }
    }
    return out;
  }

  // ---- linting ------------------------------------------------------------------------------

  /** Something changed: one lint runs soon (changes that arrive meanwhile join it). */
  private changed(): void {
    this.changes++;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => { this.scheduled = false; void this.lint(); });
  }

  /**
   * Parses the changed files in slices (a newer change or a shutdown stops it between files),
   * then runs the rules and publishes. One run at a time.
   */
  private async lint(): Promise<void> {
    if (!this.scanned) return; // the end of the first scan lints
    while (this.running) await this.running;
    if (this.linted === this.changes) { this.flush(); return; }
    const at = this.changes;
    this.lintRuns++;
    this.running = (async () => {
      // Stops between documents and objects when a newer change supersedes it, or (pull model)
      // when every request waiting for it has been cancelled.
      const stop = () => this.changes !== at || (this.caps.pull && this.abandoned === at && !this.waiters.size);
      let findings: LintFinding[] | undefined;
      if (stop()) { this.lintRunsStopped++; return; }
      try {
        findings = await runSliced(this.engine.lintSteps(), { sliceMs: 20, now: () => performance.now(), pause, cancelled: stop });
      } catch (e) {
        this.connection.console.error(`certwright: lint failed: ${(e as Error).message}`);
        findings = [];
      }
      if (findings === undefined) { this.lintRunsStopped++; return; } // a newer change lints; or the next pull does
      this.findings = findings;
      const byFile = new Map<string, LintFinding[]>();
      for (const f of this.findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
      this.byFile = byFile;
      await this.publish();
      this.linted = at;
    })().finally(() => { this.running = undefined; });
    await this.running;
    this.flush();
    // A run stopped for want of requests, and a request came meanwhile: lint for it.
    if (this.waiters.size && this.linted !== this.changes) this.schedule();
  }

  /** Wakes the requests waiting for the lint of the current state. */
  private flush(): void {
    if (this.linted !== this.changes || this.running || this.scheduled) return;
    const w = [...this.waiters];
    this.waiters.clear();
    for (const x of w) x.resolve();
  }

  /**
   * Resolves when the current state has been linted (and starts that lint if nothing runs it).
   * Rejects with RequestCancelled when `token` is cancelled first, or ServerCancelled when `doc`
   * (a pull's document) changes meanwhile.
   */
  settled(token?: CancellationToken, doc?: { uri: string; version: number }): Promise<void> {
    if (this.scanned && this.linted === this.changes && !this.running && !this.scheduled) return Promise.resolve();
    if (token?.isCancellationRequested) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const w: Waiter = { resolve, reject, uri: doc?.uri, version: doc?.version };
      this.waiters.add(w);
      token?.onCancellationRequested(() => {
        if (!this.waiters.delete(w)) return;
        if (this.waiters.size === 0) this.abandoned = this.changes;
        reject(cancelled());
      });
      if (this.scanned && !this.running) this.schedule();
    });
  }

  /** A file's diagnostics: its lint findings, and the certificate findings of an open document. */
  private diagnosticsOf(key: string, uri: string): Diagnostic[] {
    if (!this.settings.diagnosticsEnabled) return [];
    const out = (this.byFile.get(key) ?? []).map((f) => lintDiagnostic(f, this.uriOf, this.shown));
    const cert = this.certScans.get(uri);
    const doc = this.documents.get(uri);
    if (cert && doc && cert.version === doc.version) out.push(...cert.diagnostics);
    else if (!doc) out.push(...this.closedCerts.get(key) ?? []);
    return out;
  }

  /** The files with something to report, and the open documents (which may have certificate findings). */
  private async reportAll(): Promise<Map<string, { uri: string; diagnostics: Diagnostic[] }>> {
    if (this.init.certificates !== false) for (const d of this.documents.all()) await this.certScan(d);
    const out = new Map<string, { uri: string; diagnostics: Diagnostic[] }>();
    for (const key of this.byFile.keys()) out.set(key, { uri: this.uriOf(key), diagnostics: this.diagnosticsOf(key, this.uriOf(key)) });
    for (const key of this.closedCerts.keys()) if (!out.has(key)) out.set(key, { uri: this.uriOf(key), diagnostics: this.diagnosticsOf(key, this.uriOf(key)) });
    for (const d of this.documents.all()) {
      const key = this.keyOf(d.uri, d.languageId);
      out.set(key, { uri: d.uri, diagnostics: this.diagnosticsOf(key, d.uri) });
    }
    return out;
  }

  private async publish(): Promise<void> {
    const all = await this.reportAll();
    let changed = false;
    for (const [key, r] of all) {
      const json = JSON.stringify(r.diagnostics);
      const prev = this.reports.get(key);
      if (prev?.json === json) continue;
      changed = true;
      this.reports.set(key, { id: String(++this.resultIds), json, diagnostics: r.diagnostics });
      if (!this.caps.pull) { this.connection.sendDiagnostics({ uri: r.uri, diagnostics: r.diagnostics }); this.pushed.add(key); }
    }
    for (const key of [...this.reports.keys()]) {
      if (all.has(key)) continue;
      changed = true;
      this.reports.delete(key);
      if (!this.caps.pull && this.pushed.delete(key)) this.connection.sendDiagnostics({ uri: this.uriOf(key), diagnostics: [] });
    }
    if (changed && this.caps.pull && this.caps.refresh) this.connection.languages.diagnostics.refresh();
    if (this.init.lintNotifications) void this.connection.sendNotification('certwright/didLint', { files: this.engine.paths().length, findings: this.findings.length });
  }

  private async pullDocument(uri: string, previous: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const open = this.documents.get(uri);
    await this.settled(token, open ? { uri, version: open.version } : undefined);
    const doc = this.documents.get(uri);
    const key = this.keyOf(uri, doc?.languageId);
    const report = this.reports.get(key);
    if (!report) return { kind: 'full', items: [] };
    if (previous === report.id) return { kind: 'unchanged', resultId: report.id };
    return { kind: 'full', resultId: report.id, items: report.diagnostics };
  }

  private async pullWorkspace(previous: Array<{ uri: string; value: string }>, token: CancellationToken): Promise<{ items: WorkspaceDocumentDiagnosticReport[] }> {
    await this.scanning;
    await this.settled(token);
    const prev = new Map(previous.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [key, r] of this.reports) {
      const uri = this.uriOf(key);
      const version = this.documents.get(uri)?.version ?? null;
      if (prev.get(uri) === r.id) items.push({ kind: 'unchanged', uri, version, resultId: r.id });
      else items.push({ kind: 'full', uri, version, resultId: r.id, items: r.diagnostics });
    }
    return { items };
  }

  // ---- certificates -------------------------------------------------------------------------

  /** The certificates, keys and CSRs of an open document (once per version) and their findings. */
  private async certScan(doc: TextDocument): Promise<CertScan> {
    const hit = this.certScans.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const version = doc.version;
    const text = doc.getText();
    let objects: FoundObject[] = [];
    if (text.length <= this.settings.maxFileSizeMB * 1048576 && this.mayHoldCertificates(doc.uri, text)) {
      try {
        objects = scanText(text, { hasher: nodeHasher }).objects;
        await completeKeyIdentities(objects);
      } catch (e) {
        this.connection.console.error(`certwright: cannot scan ${doc.uri}: ${(e as Error).message}`);
      }
    }
    const findings = objects.length ? checkObjects(text, objects, { now: new Date(), expiryWarningDays: this.settings.expiryWarningDays }) : [];
    const scan = { version, objects, diagnostics: findings.map((f) => certificateDiagnostic(f, (s, e) => ({ start: doc.positionAt(s), end: doc.positionAt(e) }))) };
    if (this.documents.get(doc.uri)?.version === version) this.certScans.set(doc.uri, scan);
    return scan;
  }

  /**
   * HINT on a document's text. After an edit of a version without any, only the edited region
   * (with the longest match's length around it) is tested: HINT over a 1 MB YAML file costs more
   * than the whole re-lint of a one-line edit (g18). A window that hints tests the whole text.
   */
  private mayHoldCertificates(uri: string, text: string): boolean {
    const before = this.hintless.get(uri);
    let hint: boolean;
    if (before === undefined) hint = HINT.test(text);
    else {
      const prefix = commonPrefix(before, text);
      const suffix = commonSuffix(before, text, Math.min(before.length, text.length) - prefix);
      hint = HINT.test(text.slice(Math.max(0, prefix - HINT_SPAN), text.length - suffix + HINT_SPAN)) && HINT.test(text);
    }
    if (hint) this.hintless.delete(uri); else this.hintless.set(uri, text);
    return hint;
  }

  // ---- requests -----------------------------------------------------------------------------

  /** The document and its parsed file in the current workspace, after the pending lint. */
  private async at(uri: string, token: CancellationToken) {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    await this.settled(token);
    const ws = this.engine.workspace();
    const key = this.keyOf(uri, doc.languageId);
    return { doc, ws, key, file: ws.files.get(key) };
  }

  private async hover(uri: string, position: { line: number; character: number }, token: CancellationToken) {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const offset = doc.offsetAt(position);
    if (this.init.certificates !== false) {
      const here = bundleAt((await this.certScan(doc)).objects, offset);
      if (here.length) {
        const first = here.find((o) => o.start <= offset && offset <= o.end) ?? here[0];
        const markdown = hoverMarkdown(
          here.map((m) => ({ object: m.result.ok ? m.result.object : undefined, error: m.result.ok ? undefined : m.result.error, index: m.index, groupSize: m.groupSize })),
          new Date(), this.settings.expiryWarningDays, first.source === 'pem' ? first.index : undefined,
        );
        return { contents: { kind: 'markdown' as const, value: markdown }, range: { start: doc.positionAt(first.start), end: doc.positionAt(first.end) } };
      }
    }
    const a = await this.at(uri, token);
    if (!a) return null;
    const markdown = hoverAt(a.ws, a.file ?? a.key, offset, this.findings);
    return markdown ? { contents: { kind: 'markdown' as const, value: this.shown(markdown) } } : null;
  }

  private async completion(uri: string, position: { line: number; character: number }, token: CancellationToken) {
    const a = await this.at(uri, token);
    if (!a?.file) return [];
    const items = completionsAt(a.ws, a.file, a.doc.offsetAt(position));
    const lineText = a.doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const span = completionSpan(lineText, position.character);
    return items.map((i, n) => ({
      label: i.label,
      kind: i.kind === 'reference' ? 18 as const : 20 as const,
      detail: i.detail,
      sortText: String(n).padStart(4, '0'),
      ...(span ? { textEdit: { range: { start: { line: position.line, character: span.start }, end: { line: position.line, character: span.end } }, newText: i.label } } : {}),
    }));
  }

  private async definition(uri: string, position: { line: number; character: number }, token: CancellationToken) {
    const a = await this.at(uri, token);
    if (!a?.file) return [];
    return definitionAt(a.ws, a.file, a.doc.offsetAt(position)).map((l) => {
      const p = a.ws.positions(l.file, l.start, l.end);
      return { uri: this.uriOf(l.file), range: { start: { line: p.line, character: p.column }, end: { line: p.endLine, character: p.endColumn } } };
    });
  }

  private async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], token: CancellationToken) {
    const a = await this.at(uri, token);
    if (!a) return [];
    const rangeIn = (file: string, start: number, end: number): Range => {
      const p = a.ws.positions(file, start, end);
      return { start: { line: p.line, character: p.column }, end: { line: p.endLine, character: p.endColumn } };
    };
    return quickFixes(this.byFile.get(a.key) ?? [], a.doc.offsetAt(range.start), a.doc.offsetAt(range.end), this.uriOf, rangeIn, diagnostics, this.shown);
  }

  private async symbols(uri: string) {
    const doc = this.documents.get(uri);
    if (!doc || this.init.certificates === false || doc.languageId === 'yaml' || YAML.test(uri)) return [];
    const scan = await this.certScan(doc);
    const lineEnd = (line: number) => doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
    return pemSymbols(scan.objects, (s, e) => ({ start: doc.positionAt(s), end: doc.positionAt(e) }), lineEnd);
  }

  private async folding(uri: string) {
    const doc = this.documents.get(uri);
    if (!doc || this.init.certificates === false) return [];
    const scan = await this.certScan(doc);
    return scan.objects.filter((o) => o.source === 'pem')
      .map((o) => ({ startLine: doc.positionAt(o.start).line, endLine: doc.positionAt(o.end).line }))
      .filter((r) => r.endLine > r.startLine);
  }
}

/** Starts the server on a connection (made from the process's arguments: --stdio, --node-ipc, --socket=N). */
export function startServer(connection: Connection): CertwrightServer {
  const server = new CertwrightServer(connection);
  connection.listen();
  return server;
}
