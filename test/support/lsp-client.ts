// A minimal LSP client over stdio for the tests and the bench: spawns `node dist/cli.js lsp
// --stdio`, speaks JSON-RPC with vscode-jsonrpc, records notifications and answers the server's
// requests (configuration, capability registration, progress tokens).
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: Array<{ location: { uri: string; range: Diag['range'] }; message: string }>;
}

export interface ClientOptions {
  root: string;
  /** Declare pull diagnostics (textDocument.diagnostic) in the client capabilities. */
  pull?: boolean;
  /** The `certwright` section answered to workspace/configuration (undefined: no configuration capability). */
  configuration?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** The repository root (dist/cli.js lives there). */
  repo: string;
}

export const uri = (path: string): string => pathToFileURL(path).href;

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  /** Latest publishDiagnostics per URI, with every notification in order. */
  readonly diagnostics = new Map<string, Diag[]>();
  readonly published: Array<{ uri: string; diagnostics: Diag[]; at: number }> = [];
  readonly progress: Array<{ token: unknown; value: { kind: string; title?: string; message?: string } }> = [];
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  readonly configRequests: unknown[] = [];
  /** workspace/diagnostic/refresh requests received. */
  refreshes = 0;
  private listeners: Array<() => void> = [];
  stderr = '';

  constructor(private readonly opts: ClientOptions) {
    // CERTWRIGHT_LSP_NODE_ARGS: Node/V8 flags for the server process (profiling: --cpu-prof, --trace-gc).
    const nodeArgs = (process.env.CERTWRIGHT_LSP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, join(opts.repo, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: opts.root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => { this.stderr += String(d); });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.push({ ...p, at: performance.now() });
      this.notify();
    });
    this.conn.onNotification('$/progress', (p: { token: unknown; value: { kind: string } }) => { this.progress.push(p); this.notify(); });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      this.notify();
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
      this.configRequests.push(p);
      return p.items.map(() => this.opts.configuration ?? null);
    });
    this.conn.onRequest('workspace/diagnostic/refresh', () => { this.refreshes++; this.notify(); return null; });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
  }

  set configuration(c: Record<string, unknown>) {
    this.opts.configuration = c;
  }

  private notify(): void {
    for (const l of this.listeners.splice(0)) l();
  }

  /** Waits (on notifications, never a fixed sleep) until `pred` holds; fails after `ms`. */
  async until<T>(pred: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => { this.listeners.push(resolve); setTimeout(resolve, 250); });
    }
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: uri(this.opts.root),
      workspaceFolders: [{ uri: uri(this.opts.root), name: 'ws' }],
      initializationOptions: this.opts.initializationOptions,
      capabilities: {
        workspace: {
          configuration: this.opts.configuration !== undefined,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          diagnostics: this.opts.pull ? { refreshSupport: true } : undefined,
        },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          diagnostic: this.opts.pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: false } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  open(path: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path), languageId, version, text } });
  }

  change(path: string, version: number, changes: Array<{ range?: Diag['range']; text: string }>): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(path), version }, contentChanges: changes });
  }

  close(path: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(path) } });
  }

  request<T>(method: string, params: unknown, token?: CancellationTokenSource): Promise<T> {
    return token ? this.conn.sendRequest<T>(method, params, token.token) : this.conn.sendRequest<T>(method, params);
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch { this.proc.kill(); }
    const code = await exited;
    this.conn.dispose();
    return code;
  }
}
