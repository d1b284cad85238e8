// dist/lint-client.js: the extension's language client (vscode-languageclient, and vscode-jsonrpc
// under it: about 370 KiB). Kept out of dist/extension.js so activation does not compile it; the
// LintService of src/vscode/lint.ts loads it on a later tick, after activate() has returned.
//
// The server (src/node/lsp/, dist/lsp.js) runs in a worker thread, not a process, so it works in
// Restricted Mode and the extension host only exchanges messages with it.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/node';
import { ChunkedPortReader, ChunkedPortWriter } from '../node/lsp/port';
import type { LintClientHost, LintClientModule, ShownFinding } from './lint';

export class LintClient implements vscode.Disposable {
  readonly client: LanguageClient;
  private readonly disposables: vscode.Disposable[] = [];
  private worker: Worker | undefined;
  private readonly firstLint: Promise<void>;

  constructor(host: LintClientHost) {
    let linted!: () => void;
    this.firstLint = new Promise((resolve) => { linted = resolve; });
    const script = path.join(host.extensionPath, 'dist', 'lsp.js');
    const serverOptions = async (): Promise<MessageTransports> => {
      void this.worker?.terminate();
      const w = new Worker(script);
      w.on('error', (e) => host.log.error(`language server failed: ${e.message}`));
      this.worker = w;
      // Large texts go to the thread in parts with pauses between them (src/node/lsp/port.ts).
      return { reader: new ChunkedPortReader(w), writer: new ChunkedPortWriter(w) };
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: host.selector,
      diagnosticCollectionName: host.collectionName,
      outputChannel: host.log,
      // Certificate features stay in the extension; diagnostics are pushed (closed files included).
      // Each diagnostic's code arrives as {value, target}: the server's codeDescription link to
      // the code's row in the README, which the Problems panel shows as a link.
      initializationOptions: { certificates: false, diagnostics: 'push', lintNotifications: true, settings: host.section() },
      synchronize: { configurationSection: 'certwright' },
      middleware: {
        workspace: {
          // Restricted Mode: the workspace's values of restricted settings are not the server's to see.
          configuration: (params) => params.items.map((i) => (i.section === 'certwright' ? host.section() : null)),
        },
      },
    };
    this.client = new LanguageClient('certwright', 'Certwright', serverOptions, clientOptions);
    this.disposables.push(this.client.onNotification('certwright/didLint', () => { linted(); host.linted(); }));
  }

  /** Starts the server; resolves when the first workspace lint has been published. */
  async start(): Promise<void> {
    await this.client.start();
    await this.firstLint;
  }

  settingsChanged(): void {
    if (this.client.state === State.Running) void this.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  findings(uri: vscode.Uri): ShownFinding[] {
    return (this.client.diagnostics?.get(uri) ?? []).map((d) => ({ code: String(typeof d.code === 'object' ? d.code.value : d.code), message: d.message, severity: d.severity, range: d.range }));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    void this.client.stop(2000).catch(() => undefined).finally(() => void this.worker?.terminate());
  }
}

export const createLintClient: LintClientModule['createLintClient'] = (host) => new LintClient(host);
