// Publishes the core's findings for open documents, and for workspace files the tree scanned.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/diagnostics';
import { setting } from './config';
import { DocumentScanner, isScannable } from './documents';
import { DIAGNOSTIC_SOURCE } from './ids';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, range: vscode.Range): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  return d;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly scanner: DocumentScanner) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Closed files keep what the workspace scan published; unsaved buffers lose theirs.
        if (d.uri.scheme === 'untitled') this.collection.delete(d.uri);
      }),
    );
    // Expiry is a matter of time: re-evaluate hourly.
    const hourly = setInterval(() => this.refreshAll(), 3_600_000);
    this.disposables.push({ dispose: () => clearInterval(hourly) });
    this.disposables.push({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.refreshAll();
  }

  refreshAll(): void {
    this.scanner.invalidate();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isScannable(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(doc);
    }, delay));
  }

  async update(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    if (!setting<boolean>('diagnosticsEnabled')) {
      this.collection.delete(doc.uri);
      return;
    }
    const s = await this.scanner.scanComplete(doc);
    if (doc.isClosed) return;
    this.collection.set(doc.uri, s.findings.map((f) => toDiagnostic(f, new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)))));
  }

  /** For files the workspace scan read but that are not open in an editor. */
  publishForFile(uri: vscode.Uri, findings: { finding: Finding; range: vscode.Range }[]): void {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    if (!setting<boolean>('diagnosticsEnabled')) return;
    this.collection.set(uri, findings.map((f) => toDiagnostic(f.finding, f.range)));
  }

  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
