// Lint in VS Code for the Web: every open YAML document is linted by the core in a web worker
// (dist/web/lint-worker.js) and the findings are published as diagnostics. Independent of the
// desktop's lint service (src/vscode/lint.ts), which reads workspace files through Node.
import * as vscode from 'vscode';
import { shownSeverity } from '../core/lint/severity';
import type { LintFinding } from '../core/lint/index';
import { DIAGNOSTIC_SOURCE } from '../vscode/ids';
import type { WebLintRequest, WebLintResponse } from './lint-protocol';

/** How the findings are computed: in a web worker, or (if no worker can start) on the extension host. */
export type LintMode = 'starting' | 'worker' | 'in-process';

const DEBOUNCE_MS = 300;
/** Documents larger than this are not linted in the browser (the desktop's default file limit). */
const MAX_CHARS = 16 * 1024 * 1024;

export function isLinted(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path);
}

export class WebLint implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-lint`);
  mode: LintMode = 'starting';
  /** Why linting runs on the extension host (when `mode` is 'in-process'). */
  fallbackReason: string | undefined;
  private worker: Worker | undefined;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly waiting = new Map<number, (r: WebLintResponse) => void>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each lint run is published. */
  readonly onDidLint = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private published = new Set<string>();

  constructor(private readonly workerUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly inProcess: () => Promise<(files: WebLintRequest['files']) => LintFinding[]>) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => isLinted(d) && this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => isLinted(e.document) && this.schedule()),
      vscode.workspace.onDidCloseTextDocument((d) => isLinted(d) && this.schedule()),
    );
  }

  /** Lints the open YAML documents now; resolves when their diagnostics are published. */
  async lintNow(): Promise<void> {
    clearTimeout(this.timer);
    const docs = vscode.workspace.textDocuments.filter((d) => isLinted(d) && d.getText().length <= MAX_CHARS);
    const versions = new Map(docs.map((d) => [d.uri.toString(), d.version]));
    const seq = ++this.seq;
    const files = docs.map((d) => ({ path: d.uri.toString(), text: d.getText() }));
    let findings: LintFinding[];
    try {
      findings = await this.run({ seq, files });
    } catch (e) {
      this.log.error(`lint failed: ${(e as Error).message}`);
      return;
    }
    if (seq !== this.seq) return; // a newer run is on its way
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of findings) {
      const doc = docs.find((d) => d.uri.toString() === f.file);
      if (!doc || doc.version !== versions.get(f.file)) continue;
      const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)), f.message, severity(f.severity));
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.code;
      (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(d);
    }
    for (const uri of this.published) if (!byFile.has(uri)) this.collection.delete(vscode.Uri.parse(uri));
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
    this.published = new Set(byFile.keys());
    this.changed.fire();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.lintNow(), DEBOUNCE_MS);
  }

  private async run(req: WebLintRequest): Promise<LintFinding[]> {
    const worker = await this.startWorker();
    if (worker) {
      const r = await new Promise<WebLintResponse>((resolve) => {
        this.waiting.set(req.seq, resolve);
        worker.postMessage(req);
      });
      if ('findings' in r) return r.findings;
      if (r.error !== 'worker failed') throw new Error(r.error);
    }
    // No worker in this host (or it failed to load): the same core on the extension host.
    this.mode = 'in-process';
    return (await this.inProcess())(req.files);
  }

  private starting: Promise<Worker | undefined> | undefined;

  private startWorker(): Promise<Worker | undefined> {
    if (this.mode === 'in-process') return Promise.resolve(undefined);
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.createWorker().then((w) => {
      w.onmessage = (e: MessageEvent<WebLintResponse>) => {
        this.mode = 'worker';
        const resolve = this.waiting.get(e.data.seq);
        this.waiting.delete(e.data.seq);
        resolve?.(e.data);
      };
      w.onerror = (e: ErrorEvent) => {
        this.fallbackReason = `lint worker failed (${e.message || 'could not load'})`;
        this.log.warn(`${this.fallbackReason}: linting on the extension host`);
        this.failWorker();
      };
      this.worker = w;
      return w;
    }, (e: Error) => {
      this.fallbackReason = `cannot start the lint worker (${e.message})`;
      this.log.warn(`${this.fallbackReason}: linting on the extension host`);
      this.mode = 'in-process';
      return undefined;
    });
    return this.starting;
  }

  /**
   * The worker from dist/web/lint-worker.js. An http(s) extension (vscode.dev, github.dev) loads
   * it by URL; elsewhere (a VS Code server's workbench serves extensions as vscode-remote:
   * resources, which a Worker cannot load) its text is read through the file system API and
   * started from a blob: URL.
   */
  private async createWorker(): Promise<Worker> {
    if (typeof Worker !== 'function') throw new Error('no Worker in this extension host');
    const uri = this.workerUri;
    if (uri.scheme === 'http' || uri.scheme === 'https') {
      try {
        return new Worker(uri.toString(true));
      } catch (e) {
        this.log.info(`lint worker by URL refused (${(e as Error).message}); loading it from its text`);
      }
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new Worker(URL.createObjectURL(new Blob([new TextDecoder().decode(bytes)], { type: 'text/javascript' })));
  }

  private failWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.starting = undefined;
    this.mode = 'in-process';
    for (const [seq, resolve] of this.waiting) resolve({ seq, error: 'worker failed' });
    this.waiting.clear();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.worker?.terminate();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function severity(s: LintFinding['severity']): vscode.DiagnosticSeverity {
  // The one mapping of the CLI and the desktop (src/core/lint/severity.ts): hints show as information.
  const shown = shownSeverity(s);
  return shown === 'error' ? vscode.DiagnosticSeverity.Error : shown === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}
