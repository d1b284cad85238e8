// Linting in the editor through the language server (src/node/lsp/, dist/lsp.js) and
// vscode-languageclient: document sync, diagnostics (of closed files too, at their real
// positions), quick fixes, hovers, completion and go to definition all come over LSP. The server
// runs in a worker thread, not a process, so it works in Restricted Mode and the extension host
// only exchanges messages with it. Certificate hovers, lenses and diagnostics stay in the
// extension (they work on every kind of document, virtual ones included).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LintFinding } from '../core/lint/index';
import { shownSeverity } from '../core/lint/severity';
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

/** What the extension gives the language client bundle (dist/lint-client.js). */
export interface LintClientHost {
  extensionPath: string;
  log: vscode.LogOutputChannel;
  selector: typeof LINT_SELECTOR;
  collectionName: string;
  /** The `certwright` section as the server may see it. */
  section(): Record<string, unknown>;
  /** A lint run of the server has been published. */
  linted(): void;
}

/** dist/lint-client.js (src/vscode/lint-client.ts). */
export interface LintClientModule {
  createLintClient(host: LintClientHost): {
    start(): Promise<void>;
    settingsChanged(): void;
    findings(uri: vscode.Uri): ShownFinding[];
    dispose(): void;
  };
}

/** Gives the event loop a turn: what runs after it is a task of its own, not activate()'s. */
const laterTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Loads the language client's two bundles (src/vscode/lint-client.ts; scripts/build.mjs), each
 * on a turn of the event loop of its own, the first after activate() has returned: activation
 * compiles none of it, and no single load holds the extension host for the whole client.
 */
async function loadClient(dist: string): Promise<LintClientModule> {
  // Runtime requires of computed paths: esbuild leaves them alone, so the client stays out of extension.js.
  await laterTick();
  require(path.join(dist, 'lsp-protocol.js'));
  await laterTick();
  const m = require(path.join(dist, 'lint-client.js')) as LintClientModule;
  await laterTick();
  return m;
}

/**
 * The extension's side of linting. The language client (vscode-languageclient, in
 * dist/lint-client.js) is loaded and started on a later tick than activate(), so activation
 * compiles none of it; `npm run bench` measures the longest block of that start separately.
 */
export class LintService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each lint run of the server has been published. */
  readonly onDidLint = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private ready: Promise<void> | undefined;
  private client: ReturnType<LintClientModule['createLintClient']> | undefined;
  private disposed = false;
  /** True once the server has started and published its first lint. */
  started = false;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly load: () => Promise<LintClientModule> = () => loadClient(path.join(extensionPath, 'dist')),
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => { if (affects(e, 'lintInclude', 'exclude', 'diagnosticsEnabled', 'maxFileSizeMB', 'maxFiles')) this.client?.settingsChanged(); }),
      // Trusted now: the workspace's lint.include, exclude and limits apply (ignored until then).
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.client?.settingsChanged()),
    );
  }

  /** Starts (once, on a later tick) the server; resolves when the first workspace lint has been published. */
  start(): Promise<void> {
    this.ready ??= this.load().then((m) => {
      if (this.disposed) return undefined;
      this.client = m.createLintClient({
        extensionPath: this.extensionPath, log: this.log, selector: LINT_SELECTOR, collectionName: `${DIAGNOSTIC_SOURCE}-lint`,
        section: certwrightSection, linted: () => this.changed.fire(),
      });
      return this.client.start().then(() => { this.started = true; });
    }).catch((e: Error) => { this.log.error(`language server did not start: ${e.message}`); });
    return this.ready;
  }

  /** The lint findings shown for a document (for tests). */
  findings(uri: vscode.Uri): ShownFinding[] {
    return this.client?.findings(uri) ?? [];
  }

  dispose(): void {
    this.disposed = true;
    vscode.Disposable.from(...this.disposables).dispose();
    this.client?.dispose();
  }
}
