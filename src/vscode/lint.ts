// Linting in the editor through the language server (src/node/lsp/, dist/lsp.js) and
// vscode-languageclient: document sync, diagnostics (of closed files too, at their real
// positions), quick fixes, hovers, completion and go to definition all come over LSP. The server
// runs in a worker thread, not a process, so it works in Restricted Mode and the extension host
// only exchanges messages with it. Certificate hovers, lenses and diagnostics stay in the
// extension (they work on every kind of document, virtual ones included).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/node';
import type { LintFinding } from '../core/lint/index';
import { shownSeverity } from '../core/lint/severity';
import { ChunkedPortReader, ChunkedPortWriter } from '../node/lsp/port';
import { affects, setting } from './config';
import { DIAGNOSTIC_SOURCE, SETTINGS } from './ids';

/**
 * The diagnostic severity of a finding's severity. The same three levels as the CLI (error,
 * warning, info): a "hint" is info in both, so the Problems panel and CI agree for every code.
 */
export function diagnosticSeverity(s: LintFinding['severity']): vscode.DiagnosticSeverity {
  // The one mapping the CLI and the language server use too (src/core/lint/severity.ts).
  const shown = shownSeverity(s);
  return shown === 'error' ? vscode.DiagnosticSeverity.Error : shown === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** The documents the server gets: YAML, and the code and scripts whose URLs the cross-file rules read. */
export const LINT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  { scheme: 'file', pattern: '**/*.{go,py,js,ts,sh,conf,hcl}' },
  // g14: scripts, openssl configs, Terraform and Vault Agent templates (the PKI rules' hovers).
  { scheme: 'file', pattern: '**/*.{bash,cnf,ext,tf,tmpl,ctmpl}' },
];

/** The `certwright` section as the server reads it, with Restricted Mode applied (see `setting`). */
export function certwrightSection(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS) as Array<keyof typeof SETTINGS>) {
    const parts = SETTINGS[name].key.split('.').slice(1);
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = setting(name);
  }
  return out;
}

/** What a lint finding looks like from the editor's side: its code, severity, message and range. */
export interface ShownFinding { code: string; message: string; severity: vscode.DiagnosticSeverity; range: vscode.Range }

export class LintService implements vscode.Disposable {
  readonly client: LanguageClient;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each lint run of the server has been published. */
  readonly onDidLint = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private ready: Promise<void> | undefined;
  private firstLint: Promise<void>;
  private worker: Worker | undefined;

  constructor(extensionPath: string, private readonly log: vscode.LogOutputChannel) {
    let linted!: () => void;
    this.firstLint = new Promise((resolve) => { linted = resolve; });
    const script = path.join(extensionPath, 'dist', 'lsp.js');
    const serverOptions = async (): Promise<MessageTransports> => {
      void this.worker?.terminate();
      const w = new Worker(script);
      w.on('error', (e) => log.error(`language server failed: ${e.message}`));
      this.worker = w;
      // Large texts go to the thread in parts with pauses between them (src/node/lsp/port.ts).
      return { reader: new ChunkedPortReader(w), writer: new ChunkedPortWriter(w) };
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: LINT_SELECTOR,
      diagnosticCollectionName: `${DIAGNOSTIC_SOURCE}-lint`,
      outputChannel: log,
      // Certificate features stay in the extension; diagnostics are pushed (closed files included).
      initializationOptions: { certificates: false, diagnostics: 'push', lintNotifications: true, settings: certwrightSection() },
      synchronize: { configurationSection: 'certwright' },
      middleware: {
        // The code stays a plain string, as the CLI prints it and extensions and tests read it
        // (VS Code would make it {value, target} for the server's README link).
        handleDiagnostics: (uri, diagnostics, next) => {
          for (const d of diagnostics) if (d.code && typeof d.code === 'object') d.code = d.code.value;
          next(uri, diagnostics);
        },
        workspace: {
          // Restricted Mode: the workspace's values of restricted settings are not the server's to see.
          configuration: (params) => params.items.map((i) => (i.section === 'certwright' ? certwrightSection() : null)),
        },
      },
    };
    this.client = new LanguageClient('certwright', 'Certwright', serverOptions, clientOptions);
    this.disposables.push(
      this.client.onNotification('certwright/didLint', () => { linted(); this.changed.fire(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (affects(e, 'lintInclude', 'exclude', 'diagnosticsEnabled', 'maxFileSizeMB', 'maxFiles')) this.settingsChanged(); }),
      // Trusted now: the workspace's lint.include, exclude and limits apply (ignored until then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingsChanged()),
    );
  }

  private settingsChanged(): void {
    if (this.client.state === State.Running) void this.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Starts (once) the server; resolves when the first workspace lint has been published. */
  start(): Promise<void> {
    this.ready ??= this.client.start().then(
      () => this.firstLint,
      (e: Error) => { this.log.error(`language server did not start: ${e.message}`); },
    );
    return this.ready;
  }

  /** The lint findings shown for a document (for tests). */
  findings(uri: vscode.Uri): ShownFinding[] {
    return (this.client.diagnostics?.get(uri) ?? []).map((d) => ({ code: String(typeof d.code === 'object' ? d.code.value : d.code), message: d.message, severity: d.severity, range: d.range }));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    void this.client.stop(2000).catch(() => undefined).finally(() => void this.worker?.terminate());
  }
}
