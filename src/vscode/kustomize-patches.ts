// Which workspace files a kustomization lists as patches, for the schema given to the Red Hat YAML
// extension (a patch holds only what it changes: nothing is required of it). The kustomization
// files are found through the one workspace file service and kept current by its watcher and by
// edits of open kustomization documents; what counts as a listed patch is the linter's own
// reading (core `kustomizePatches`), so the editor's schema and the linter agree.
import * as vscode from 'vscode';
import { kustomizePatches } from '../core/lint/model';
import type { WorkspaceFiles } from './workspace-files';

const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$/i;

/** The URIs (as strings) of the files the given kustomization files list as patches. */
export function listedPatches(kustomizations: Array<{ uri: vscode.Uri; text: string }>): Set<string> {
  const out = new Set<string>();
  for (const k of kustomizations) for (const p of kustomizePatches([{ path: k.uri.path, text: k.text }])) out.add(k.uri.with({ path: p }).toString());
  return out;
}

export class KustomizePatches implements vscode.Disposable {
  private patches = new Set<string>();
  private dirty = false;
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly files: WorkspaceFiles) {
    this.disposables.push(
      files.onDidChange((e) => { if (KUSTOMIZATION.test(e.uri.path)) this.invalidate(); }),
      // Typing in a kustomization: read again once the typing pauses.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!KUSTOMIZATION.test(e.document.uri.path) || !e.contentChanges.length) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.invalidate(), 250);
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.invalidate();
  }

  /** Whether a kustomization lists the resource (a URI string) as a patch. */
  has(resource: string): boolean {
    return this.patches.has(resource);
  }

  private invalidate(): void {
    this.dirty = true;
    this.running ??= (async () => {
      while (this.dirty) {
        this.dirty = false;
        const found: Array<{ uri: vscode.Uri; text: string }> = [];
        for (const uri of await this.files.find(['**/kustomization.{yaml,yml}', '**/Kustomization.{yaml,yml}'], 'kustomization files')) {
          const text = await this.files.readText(uri, 'kustomization files');
          if (text !== undefined) found.push({ uri, text });
        }
        this.patches = listedPatches(found);
      }
      this.running = undefined;
    })();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
