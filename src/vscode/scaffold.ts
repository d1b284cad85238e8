// "Scaffold mTLS Server/Client": language, role, framework, then new files in a folder or an
// insertion at the cursor; in a workspace with Kubernetes manifests, also the matching
// Deployment + Service + Certificate YAML. Every prompt can be answered in advance with
// `{ answers: {...} }` (see Prompter). Writes files, so it needs a trusted workspace.
import { isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { Framework, Lang, NamedObject, Role, ScaffoldOptions } from '../core/scaffold';
import type * as ScaffoldBundle from './scaffold-bundle';
import { Answers, Cancelled, Prompter } from './author/prompter';
import { COMMANDS } from './ids';
import { workspaceRelative } from './relative-message';
import type { WorkspaceFiles } from './workspace-files';
import { FileExistsError, occupied, writeFilesSafely } from '../node/safe-write';
import { scaffoldFileMode } from '../node/scaffold-files';

export interface ScaffoldResult {
  written?: string[];
  inserted?: string;
  manifests?: string;
  refused?: string;
  cancelled?: boolean;
}

/**
 * The workspace's Kubernetes objects (kind, name, namespace, workspace-relative file) and the
 * first Service's namespace ({} when there are only workloads or Certificates); undefined when
 * the workspace has none.
 */
async function workspaceManifests(files: WorkspaceFiles): Promise<{ namespace?: string; objects: NamedObject[] } | undefined> {
  const { K8S_OBJECT_HINT, readK8sObjects } = loadScaffold();
  const objects: NamedObject[] = [];
  let namespace: string | undefined;
  for (const f of await files.yamlFiles()) {
    const text = await files.readText(f, 'scaffold');
    if (text === undefined || !K8S_OBJECT_HINT.test(text)) continue;
    for (const o of readK8sObjects(f.fsPath, text)) {
      objects.push({ kind: o.kind, name: o.name, namespace: o.namespace, file: vscode.workspace.asRelativePath(f) });
      if (o.kind === 'Service') namespace ??= o.namespace;
    }
  }
  return objects.length ? { namespace, objects } : undefined;
}

let cached: typeof ScaffoldBundle | undefined;

/** dist/scaffold.js, built next to dist/extension.js, loaded on first use. */
function loadScaffold(): typeof ScaffoldBundle {
  // A computed path: esbuild leaves this require alone, so the module stays a separate file.
  cached ??= (module.require as (id: string) => typeof ScaffoldBundle)(join(__dirname, 'scaffold.js'));
  return cached;
}

export async function runScaffold(workspaceFiles: WorkspaceFiles, answers?: Answers): Promise<ScaffoldResult> {
  if (!vscode.workspace.isTrusted) {
    const msg = 'Certwright: Scaffold mTLS Server/Client is not available in Restricted Mode: it writes files into the workspace. Trust this workspace to use it.';
    if (!answers) void vscode.window.showErrorMessage(msg, 'Manage Workspace Trust').then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return { refused: msg };
  }
  const p = new Prompter(answers);
  try {
    const { editorFits, freeName, instructions, isAllowedId, langName, nameClash, parseAllowedIds, scaffold, scaffoldManifests } = loadScaffold();
    const lang = await p.pick<Lang>('lang', [
      { label: 'Go', description: 'net/http, crypto/tls (standard library)', value: 'go' },
      { label: 'Python', description: 'standard library, or Flask + requests', value: 'python' },
      { label: 'Node', description: 'https, TypeScript or JavaScript', value: 'node' },
    ], { title: 'Scaffold mTLS: language' });
    const role = await p.pick<Role>('role', [
      { label: 'Server and client', value: 'both' },
      { label: 'Server', description: 'requires and verifies client certificates, ALLOWED_IDS', value: 'server' },
      { label: 'Client', description: 'presents its certificate, verifies the server name', value: 'client' },
    ], { title: 'Scaffold mTLS: role' });
    let framework: Framework = 'stdlib';
    if (lang === 'python') {
      framework = await p.pick<Framework>('framework', [
        { label: 'Standard library', description: 'http.server, http.client, ssl', value: 'stdlib' },
        { label: role === 'client' ? 'requests' : 'Flask + requests', description: 'as in most blog posts', value: role === 'client' ? 'requests' : 'flask' },
      ], { title: 'Scaffold mTLS: Python framework' });
    }
    let typescript = false;
    if (lang === 'node') {
      typescript = await p.pick<boolean>('typescript', [
        { label: 'TypeScript', value: true },
        { label: 'JavaScript', description: 'ES modules, runs with plain node', value: false },
      ], { title: 'Scaffold mTLS: Node flavour' });
    }
    const tlsMin = await p.pick<'1.3' | '1.2'>('tlsMin', [
      { label: 'TLS 1.3 minimum', value: '1.3', picked: true },
      { label: 'TLS 1.2 minimum', description: 'for older peers', value: '1.2' },
    ], { title: 'Scaffold mTLS: minimum TLS version' });
    const options: ScaffoldOptions = { lang, role, framework, typescript, tlsMin };
    const editor = vscode.window.activeTextEditor;
    // Insertion only into an editor of the code's language: never Go code into a YAML file.
    const fits = editor !== undefined && editorFits(editor.document.languageId, lang, typescript);
    const notFitting = () => new Error(editor
      ? `${vscode.workspace.asRelativePath(editor.document.uri)} is not a ${langName(lang, typescript)} file: open one to insert into, or choose new files in a folder`
      : `no active editor to insert into: open a ${langName(lang, typescript)} file, or choose new files in a folder`);
    if (!fits && p.given<string>('target') === 'cursor') throw notFitting();
    const target = await p.pick<'folder' | 'cursor'>('target', [
      { label: 'New files in a folder', value: 'folder' },
      ...(editor && fits ? [{ label: 'Insert at the cursor', description: vscode.workspace.asRelativePath(editor.document.uri), value: 'cursor' as const }] : []),
    ], { title: 'Scaffold mTLS: where' });
    const files = scaffold(options);
    const result: ScaffoldResult = {};
    let folderAbs: string | undefined;
    if (target === 'cursor') {
      if (!editor || !fits) throw notFitting();
      const code = files.find((f) => !/README|go\.mod|requirements/.test(f.path))!;
      await editor.edit((e) => e.insert(editor.selection.active, code.content));
      result.inserted = code.path;
    } else {
      const root = vscode.workspace.workspaceFolders?.[0];
      if (!root || root.uri.scheme !== 'file') throw new Error('open a folder first: the scaffold writes files into the workspace');
      const folder = await p.input('folder', {
        title: 'Scaffold mTLS: folder (relative to the workspace)', value: `mtls-${lang}`,
        validate: (s) => (!s.trim() || isAbsolute(s) || relative(root.uri.fsPath, join(root.uri.fsPath, s)).startsWith('..') ? 'a folder inside the workspace' : undefined),
      });
      folderAbs = join(root.uri.fsPath, folder);
      // Links count as existing (dangling ones too): replacing one replaces the link, never its target.
      const existing = occupied(files.map((f) => join(folderAbs!, f.path))).map((p) => relative(folderAbs!, p));
      let overwrite = false;
      if (existing.length) {
        overwrite = p.automated ? p.given<boolean>('overwrite') === true
          : (await vscode.window.showWarningMessage(`${existing.join(', ')} already exist in ${folder}. Replace them?`, { modal: true }, 'Replace')) === 'Replace';
        if (!overwrite) return { refused: `${existing.join(', ')} already exist in ${folder}` };
      }
      result.written = writeFilesSafely(folderAbs, files.map((f) => ({ path: join(folderAbs!, f.path), content: f.content, mode: scaffoldFileMode(f.path) })), { overwrite, base: root.uri.fsPath });
    }
    const found = await workspaceManifests(workspaceFiles);
    if (found || p.has('manifests')) {
      const want = await p.pick<boolean>('manifests', [
        { label: 'Also generate Deployment + Service + Certificate YAML', description: 'same mount path (/certs), port and names', value: true },
        { label: 'No', value: false },
      ], { title: 'Scaffold mTLS: Kubernetes manifests' });
      if (want) {
        const namespace = await p.input('namespace', { title: 'Namespace', value: found?.namespace ?? 'default', validate: (s) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'a Kubernetes namespace') });
        // A name no object in that namespace has: the manifests add objects, never replace one.
        const existing = found?.objects ?? [];
        const name = await p.input('name', {
          title: 'Workload and Service name', value: freeName(`mtls-${role === 'client' ? 'client' : 'server'}`, namespace, existing),
          validate: (s) => {
            if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s)) return 'a Kubernetes name (lowercase letters, digits and "-")';
            const clash = nameClash(s, namespace, existing);
            return clash ? `${clash.kind} ${namespace}/${clash.name} already exists${clash.file ? ` (${clash.file})` : ''}: choose another name, such as ${freeName(s, namespace, existing)}` : undefined;
          },
        });
        const allowed = await p.input('allowedIds', {
          title: role === 'client' ? 'ALLOWED_IDS: SPIFFE IDs or DNS names of the server (comma-separated; empty: the server name check only)'
            : 'ALLOWED_IDS: SPIFFE IDs or DNS names of the callers (comma-separated; empty: every client is refused until set; * allows any client of the CA)',
          value: '',
          validate: (s) => { const bad = parseAllowedIds(s).find((id) => !isAllowedId(id)); return bad === undefined ? undefined : `${JSON.stringify(bad)} is not a SPIFFE ID (spiffe://…), a DNS name or *`; },
        });
        const yaml = scaffoldManifests({ name, namespace, role, lang, framework, spiffeTrustDomain: 'cluster.local', allowedIds: parseAllowedIds(allowed) });
        if (folderAbs) {
          const path = join(folderAbs, 'kubernetes.yaml');
          const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
          const overwrite = occupied([path]).length > 0 && (p.given<boolean>('overwrite') === true
            || (!p.automated && (await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(path)} already exists. Replace it?`, { modal: true }, 'Replace')) === 'Replace'));
          try {
            result.written!.push(...writeFilesSafely(folderAbs, [{ path, content: yaml, mode: 0o644 }], { overwrite, base: root }));
          } catch (e) {
            if (!(e instanceof FileExistsError)) throw e;
          }
        } else {
          await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content: yaml }), { preview: false, viewColumn: vscode.ViewColumn.Beside });
        }
        result.manifests = yaml;
      }
    }
    if (result.written && !p.automated) {
      const readme = result.written.find((w) => w.endsWith('README-mtls.md'));
      if (readme) await vscode.window.showTextDocument(vscode.Uri.file(readme), { preview: true });
      void vscode.window.showInformationMessage(`Certwright: wrote ${result.written.length} files. ${instructions(options).split('\n').find((l) => l.startsWith('Rotation')) ?? ''}`);
    }
    return result;
  } catch (e) {
    if (e instanceof Cancelled) return { cancelled: true };
    const message = (e as Error).message;
    if (!answers) void vscode.window.showErrorMessage(`Certwright: ${workspaceRelative(message)}`);
    return { refused: message };
  }
}

export function registerScaffold(files: WorkspaceFiles): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMANDS.scaffold.id, (arg?: { answers?: Answers }) => runScaffold(files, arg && typeof arg === 'object' && 'answers' in arg ? arg.answers : undefined))];
}
