// "Scaffold mTLS Server/Client": language, role, framework, then new files in a folder or an
// insertion at the cursor; in a workspace with Kubernetes manifests, also the matching
// Deployment + Service + Certificate YAML. Every prompt can be answered in advance with
// `{ answers: {...} }` (see Prompter). Writes files, so it needs a trusted workspace.
import { isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { Framework, Lang, Role, ScaffoldOptions } from '../core/scaffold';
import type * as ScaffoldBundle from './scaffold-bundle';
import { Answers, Cancelled, Prompter } from './author/prompter';
import { COMMANDS } from './ids';
import { FileExistsError, occupied, writeFilesSafely } from '../node/safe-write';
import { scaffoldFileMode } from '../node/scaffold-files';

export interface ScaffoldResult {
  written?: string[];
  inserted?: string;
  manifests?: string;
  refused?: string;
  cancelled?: boolean;
}

const MANIFEST_KINDS = /^kind:\s*["']?(Service|Deployment|StatefulSet|Certificate)["']?\s*$/m;

/** The first Service (else workload) name and namespace in the workspace's YAML, if any. */
async function workspaceManifests(): Promise<{ name?: string; namespace?: string } | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git,dist,out}/**', 200);
  let found: { name?: string; namespace?: string } | undefined;
  for (const f of files) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(f)).toString('utf8');
    if (!MANIFEST_KINDS.test(text)) continue;
    found ??= {};
    for (const doc of text.split(/^---\s*$/m)) {
      if (!/^kind:\s*["']?Service["']?\s*$/m.test(doc)) continue;
      const name = doc.match(/^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([a-z0-9-]+)/m)?.[1];
      const namespace = doc.match(/^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+namespace:\s*["']?([a-z0-9-]+)/m)?.[1];
      if (name) return { name, namespace };
    }
  }
  return found;
}

let cached: typeof ScaffoldBundle | undefined;

/** dist/scaffold.js, built next to dist/extension.js, loaded on first use. */
function loadScaffold(): typeof ScaffoldBundle {
  // A computed path: esbuild leaves this require alone, so the module stays a separate file.
  cached ??= (module.require as (id: string) => typeof ScaffoldBundle)(join(__dirname, 'scaffold.js'));
  return cached;
}

export async function runScaffold(answers?: Answers): Promise<ScaffoldResult> {
  if (!vscode.workspace.isTrusted) {
    const msg = 'Certwright: Scaffold mTLS Server/Client is not available in Restricted Mode: it writes files into the workspace. Trust this workspace to use it.';
    if (!answers) void vscode.window.showErrorMessage(msg, 'Manage Workspace Trust').then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return { refused: msg };
  }
  const p = new Prompter(answers);
  try {
    const { instructions, scaffold, scaffoldManifests } = loadScaffold();
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
    const target = await p.pick<'folder' | 'cursor'>('target', [
      { label: 'New files in a folder', value: 'folder' },
      ...(editor ? [{ label: 'Insert at the cursor', description: vscode.workspace.asRelativePath(editor.document.uri), value: 'cursor' as const }] : []),
    ], { title: 'Scaffold mTLS: where' });
    const files = scaffold(options);
    const result: ScaffoldResult = {};
    let folderAbs: string | undefined;
    if (target === 'cursor') {
      if (!editor) throw new Error('no active editor to insert into');
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
    const found = await workspaceManifests();
    if (found || p.has('manifests')) {
      const want = await p.pick<boolean>('manifests', [
        { label: 'Also generate Deployment + Service + Certificate YAML', description: 'same mount path (/certs), port and names', value: true },
        { label: 'No', value: false },
      ], { title: 'Scaffold mTLS: Kubernetes manifests' });
      if (want) {
        const name = await p.input('name', { title: 'Workload and Service name', value: found?.name ?? `mtls-${role === 'client' ? 'client' : 'server'}`, validate: (s) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'a Kubernetes name') });
        const namespace = await p.input('namespace', { title: 'Namespace', value: found?.namespace ?? 'default', validate: (s) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'a Kubernetes namespace') });
        const allowed = await p.input('allowedIds', { title: 'ALLOWED_IDS (comma-separated SPIFFE IDs or DNS names of the peers)', value: '' });
        const yaml = scaffoldManifests({ name, namespace, role, lang, framework, spiffeTrustDomain: 'cluster.local', allowedIds: allowed.split(',').map((s) => s.trim()).filter(Boolean) });
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
    if (!answers) void vscode.window.showErrorMessage(`Certwright: ${message}`);
    return { refused: message };
  }
}

export function registerScaffold(): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMANDS.scaffold.id, (arg?: { answers?: Answers }) => runScaffold(arg && typeof arg === 'object' && 'answers' in arg ? arg.answers : undefined))];
}
