// The one workspace file service of the editor: which files exist (certwright.exclude and
// certwright.maxFiles applied, each real file once even through links and link loops), reading
// them within certwright.maxFileSizeMB, and one file watcher. The Certificates view, the linter,
// authoring, the scaffold and the Cluster view all find and read workspace files through it.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { globRegExp } from '../core/glob';
import { affects, setting } from './config';

/** The YAML files authoring, the scaffold and the Cluster view read. */
export const YAML_GLOB = '**/*.{yaml,yml}';

/** certwright.exclude as one glob for findFiles. */
const excludeGlob = (): string | undefined => {
  const exclude = setting<string[]>('exclude');
  return exclude.length ? `{${exclude.join(',')}}` : undefined;
};

export type FileEvent = { uri: vscode.Uri; type: 'created' | 'changed' | 'deleted' };

export class WorkspaceFiles implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FileEvent>();
  /** Every file created, changed or deleted in the workspace (excluded files too: see `matches`). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** The YAML file list, found once and kept until a YAML file is created or deleted or a setting changes. */
  private yamlList?: Promise<vscode.Uri[]>;
  /** Counts of `find` calls that went to the file system (for tests: the list is shared, not re-found). */
  searches = 0;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const w = vscode.workspace.createFileSystemWatcher('**/*');
    const fire = (type: FileEvent['type']) => (uri: vscode.Uri) => {
      if (type !== 'changed' && /\.ya?ml$/i.test(uri.path)) this.yamlList = undefined;
      this.emitter.fire({ uri, type });
    };
    this.disposables.push(
      w, w.onDidCreate((uri) => { fire('created')(uri); void this.createdFolder(uri, fire('created')); }), w.onDidChange(fire('changed')), w.onDidDelete(fire('deleted')),
      vscode.workspace.onDidChangeConfiguration((e) => { if (affects(e, 'exclude', 'maxFiles')) this.yamlList = undefined; }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.yamlList = undefined; }),
    );
  }

  /**
   * The watcher (VS Code's, on inotify) misses files written into a new folder before its watch
   * on the folder is set up (parcel-bundler/watcher#243): of a folder that `cp -r`, `git checkout`
   * or a generator writes at once, only the folder and the later files are reported. So a created
   * folder is listed, and its files are reported as created too (twice for some: harmless, every
   * listener re-reads). One stat per created path, one search per created folder.
   */
  private async createdFolder(uri: vscode.Uri, created: (uri: vscode.Uri) => void): Promise<void> {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) {
        for (const f of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), excludeGlob(), setting<number>('maxFiles'))) created(f);
      }
    } catch { /* gone meanwhile */ }
  }

  /**
   * Workspace files matching any of `include` and none of certwright.exclude, at most
   * certwright.maxFiles (or `max`). A file reached through several paths (a link to a folder, a
   * link loop such as `a -> .`) is listed once, by its real path.
   */
  async find(include: readonly string[], what: string, max = setting<number>('maxFiles')): Promise<vscode.Uri[]> {
    this.searches++;
    const exclude = excludeGlob();
    const seen = new Map<string, vscode.Uri>();
    for (const pattern of include) {
      try {
        for (const uri of await vscode.workspace.findFiles(pattern, exclude, max + 1)) seen.set(uri.toString(), uri);
      } catch (e) {
        this.log.warn(`${what}: pattern ${JSON.stringify(pattern)} failed: ${(e as Error).message}`);
      }
    }
    const real = new Map<string, vscode.Uri>();
    for (const uri of seen.values()) {
      let key = uri.toString();
      if (uri.scheme === 'file') {
        try { key = await realpath(uri.fsPath); } catch { /* gone or unreadable: kept as found */ }
      }
      // The search's order through links varies from run to run: the path that is the real one
      // wins, else the first in code-point order, so every run lists the same path.
      const had = real.get(key);
      if (!had || (had.fsPath !== key && (uri.fsPath === key || uri.toString() < had.toString()))) real.set(key, uri);
    }
    const out = [...real.values()];
    if (out.length > max) this.log.warn(`${what}: ${out.length} files match; only the first ${max} (certwright.maxFiles) are read.`);
    return out.slice(0, max);
  }

  /** The workspace's YAML files (shared by authoring, the scaffold and the Cluster view). */
  yamlFiles(): Promise<vscode.Uri[]> {
    this.yamlList ??= this.find([YAML_GLOB], 'YAML files');
    return this.yamlList;
  }

  /** A file's bytes; `tooLarge` (noted in the log) when it is over certwright.maxFileSizeMB; `error` when it cannot be read. */
  async load(uri: vscode.Uri, what: string): Promise<{ bytes: Uint8Array } | { tooLarge: true; size: number } | { error: string }> {
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.size > setting<number>('maxFileSizeMB') * 1048576) {
        this.log.info(`${what}: ${vscode.workspace.asRelativePath(uri)} skipped (${(st.size / 1048576).toFixed(1)} MB is over certwright.maxFileSizeMB)`);
        return { tooLarge: true, size: st.size };
      }
      return { bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (e) {
      this.log.warn(`${what}: cannot read ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
      return { error: (e as Error).message };
    }
  }

  /** A file's bytes, or undefined when it is over the size limit or cannot be read (see `load`). */
  async read(uri: vscode.Uri, what: string): Promise<Uint8Array | undefined> {
    const r = await this.load(uri, what);
    return 'bytes' in r ? r.bytes : undefined;
  }

  /** A file's text: the open document's (unsaved edits included), else the file's as UTF-8. */
  async readText(uri: vscode.Uri, what: string): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText().length > setting<number>('maxFileSizeMB') * 1048576 ? undefined : open.getText();
    const bytes = await this.read(uri, what);
    return bytes && new TextDecoder().decode(bytes);
  }

  async exists(uri: vscode.Uri): Promise<boolean> {
    return vscode.workspace.fs.stat(uri).then(() => true, () => false);
  }

  /** Whether a workspace file matches one of `include` and none of certwright.exclude (for single-file events). */
  matches(uri: vscode.Uri, include: readonly string[]): boolean {
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (setting<string[]>('exclude').some((g) => globRegExp(g).test(rel))) return false;
    return include.some((g) => globRegExp(g).test(rel));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
