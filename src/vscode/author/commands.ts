// Authoring commands: Create CA, Issue Certificate, Create CSR, Sign CSR, Kubernetes TLS Secret,
// cert-manager manifests, PEM to Certificate. Quick-pick flows over the lazily loaded authoring
// core (dist/author.js). Every prompt can be answered in advance: the last argument
// `{ answers: {...} }` (see Prompter). Nothing here logs key material.
import { workspaceRelative } from '../relative-message';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { toPem } from '../../core/bytes';
import type { ChainNode } from '../../core/chain';
import { setting } from '../config';
import { COMMANDS, SECRET_SCHEME } from '../ids';
import type { WorkspaceInventory } from '../inventory';
import type { WorkspaceFiles } from '../workspace-files';
import { primaryLocation, TreeNode } from '../tree';
import { Author, loadAuthor } from './load';
import { Answers, Cancelled, PickItem, Prompter, toUri } from './prompter';

/** What a command did, for callers and tests. */
export interface AuthorResult {
  written?: string[];
  document?: vscode.TextDocument;
  warnings?: string[];
  notes?: string[];
  refused?: string;
  cancelled?: boolean;
}

type K8sObject = ReturnType<Author['readK8sObjects']>[number];
type Ca = Awaited<ReturnType<Author['loadCa']>>;
type AuthoredFiles = Awaited<ReturnType<Author['createCa']>>;

interface Args {
  answers?: Answers;
  node?: ChainNode;
  uri?: vscode.Uri;
  at?: number;
}

function parseArgs(args: unknown[]): Args {
  const out: Args = {};
  for (const a of args) {
    if (a instanceof vscode.Uri) out.uri = a;
    else if (a && typeof a === 'object') {
      const o = a as Record<string, unknown>;
      if ('answers' in o && o.answers && typeof o.answers === 'object') out.answers = o.answers as Answers;
      else if (typeof o.at === 'number') out.at = o.at;
      else if (o.kind === 'chain' && 'node' in o) out.node = (a as Extract<TreeNode, { kind: 'chain' }>).node;
    }
  }
  return out;
}

const fsPath = (file: string) => (file.includes('://') ? vscode.Uri.parse(file).fsPath : file);

function splitSans(text: string): { dns: string[]; ips: string[]; uris: string[]; emails: string[] } {
  const author = loadAuthor();
  const out = { dns: [] as string[], ips: [] as string[], uris: [] as string[], emails: [] as string[] };
  for (const raw of text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean)) {
    const s = raw.replace(/^(DNS|IP|URI|email):/i, '');
    if (author.parseIp(s)) out.ips.push(s);
    else if (s.includes('://')) out.uris.push(s);
    else if (s.includes('@')) out.emails.push(s);
    else out.dns.push(s);
  }
  return out;
}

/**
 * The Secrets the Secret command made, in memory only, shown as read-only documents: an untitled
 * editor would be written to disk by VS Code's hot-exit backups, private key included. The user
 * copies the text or saves it where they choose. Forgotten when the document closes.
 */
class SecretDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SECRET_SCHEME, path: `/${name}.yaml`, query: String(++this.count) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This Secret is no longer held: run "Create Kubernetes TLS Secret" again.\n';
  }

  forget(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === SECRET_SCHEME) this.texts.delete(doc.uri.toString());
  }
}

export class AuthorCommands {
  private readonly secrets = new SecretDocuments();

  /** The objects of open YAML documents, parsed once per version (code actions, the command's target). */
  private documents?: InstanceType<Author['DocumentObjects']>;

  constructor(private readonly inventory: WorkspaceInventory, private readonly log: vscode.LogOutputChannel, private readonly files: WorkspaceFiles) {}

  private documentObjects(): InstanceType<Author['DocumentObjects']> {
    this.documents ??= new (loadAuthor().DocumentObjects)();
    return this.documents;
  }

  /** The objects of an open document (cached per version). */
  objectsOf(doc: vscode.TextDocument): K8sObject[] {
    return this.documentObjects().objects(docKey(doc.uri), doc.version, () => doc.getText());
  }

  register(): vscode.Disposable[] {
    const c = (id: string, fn: (a: Args) => Promise<AuthorResult>) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, parseArgs(args), fn));
    return [
      c(COMMANDS.authorCreateCa.id, (a) => this.createCa(a)),
      c(COMMANDS.authorIssue.id, (a) => this.issue(a)),
      c(COMMANDS.authorCreateCsr.id, (a) => this.createCsr(a)),
      c(COMMANDS.authorSignCsr.id, (a) => this.signCsr(a)),
      c(COMMANDS.authorSecret.id, (a) => this.secret(a)),
      c(COMMANDS.authorManifests.id, (a) => this.manifests(a)),
      c(COMMANDS.authorPemToCertificate.id, (a) => this.pemToCertificate(a)),
      c(COMMANDS.authorCreateIstioCacerts.id, (a) => this.createIstioCacerts(a)),
      c(COMMANDS.generateVaultSetup.id, (a) => this.vaultSetup(a)),
      vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, new AuthorCodeActions(this), { providedCodeActionKinds: [AUTHOR_ACTION_KIND] }),
      vscode.workspace.onDidCloseTextDocument((d) => this.documents?.forget(docKey(d.uri))),
      vscode.workspace.registerTextDocumentContentProvider(SECRET_SCHEME, this.secrets),
      vscode.workspace.onDidCloseTextDocument((d) => this.secrets.forget(d)),
    ];
  }

  /** Errors become messages (and results), never unhandled rejections. */
  private async run(id: string, args: Args, fn: (a: Args) => Promise<AuthorResult>): Promise<AuthorResult> {
    try {
      return await fn(args);
    } catch (e) {
      if (e instanceof Cancelled || (e as Error)?.name === 'CancelledError' || (e as Error)?.message === 'cancelled') return { cancelled: true };
      const message = (e as Error)?.message ?? String(e);
      this.log.warn(`${id}: ${message}`);
      if (!args.answers) void vscode.window.showErrorMessage(`Certwright: ${workspaceRelative(message)}`);
      return { refused: message };
    }
  }

  /** In Restricted Mode: the refusal (shown to the user unless the answers came with the call). */
  private untrusted(what: string, answers?: Answers): AuthorResult | undefined {
    if (vscode.workspace.isTrusted) return undefined;
    const msg = `Certwright: ${what} is not available in Restricted Mode: it creates private keys and certificates. Trust this workspace to use it.`;
    if (!answers) void vscode.window.showErrorMessage(msg, 'Manage Workspace Trust').then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return { refused: msg };
  }

  private root(): string {
    const f = vscode.workspace.workspaceFolders?.[0];
    if (!f || f.uri.scheme !== 'file') throw new Error('open a folder first: authoring writes files into the workspace');
    return f.uri.fsPath;
  }

  private async folder(p: Prompter, key: string, title: string, def: string): Promise<string> {
    const root = this.root();
    const v = await p.input(key, { title, value: def, prompt: 'Folder, relative to the workspace (or absolute)', validate: (s) => (s.trim() ? undefined : 'a folder is needed') });
    return toUri(v.trim()).fsPath || join(root, v);
  }

  /** Runs a key-generating step with a cancellable progress notification. */
  private progress<T>(title: string, fn: (signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Certwright: ${title}`, cancellable: true }, (_progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return fn(ac.signal);
    });
  }

  /** Writes after a modal confirmation for every existing file or link; keys are 0600 from creation, links are replaced, never followed. */
  private async write(p: Prompter, dir: string, authored: AuthoredFiles, keyName?: string, passphrase?: string): Promise<AuthorResult> {
    const author = loadAuthor();
    const clash = author.existing(author.plannedPaths(dir, authored, authored.key ? keyName : undefined));
    let overwrite = false;
    if (clash.length) {
      overwrite = await p.confirm('overwrite', `Replace ${clash.length} existing file${clash.length > 1 ? 's' : ''}?`, clash.map((c) => relative(dir, c)).join(', ') + ` in ${dir}`, 'Replace');
      if (!overwrite) return { refused: `not replacing ${clash.map((c) => basename(c)).join(', ')}` };
    }
    const written = await author.writeAuthored(dir, authored, { keyName, passphrase, overwrite, base: this.root() });
    // The Certificates view shows the new files at once (file watchers may lag behind).
    void this.inventory.refresh();
    this.log.info(`wrote ${written.map((w) => relative(this.root(), w)).join(', ')}`);
    for (const n of authored.notes) this.log.info(`note: ${n}`);
    if (!p.automated) {
      const first = written.find((w) => w.endsWith('.crt') || w.endsWith('.csr')) ?? written[0];
      void vscode.window.showInformationMessage(`Certwright: wrote ${written.map((w) => basename(w)).join(', ')} in ${relative(this.root(), dir) || '.'}${authored.notes.length ? ` (${authored.notes.join('; ')})` : ''}`, 'Open').then((c) => {
        if (c) void vscode.window.showTextDocument(vscode.Uri.file(first));
      });
    }
    return { written, notes: authored.notes };
  }

  private async keyType(p: Prompter, def = 'ecdsa-p256'): Promise<string> {
    const author = loadAuthor();
    const items: PickItem<string>[] = Object.entries(author.KEY_TYPES).map(([k, v]) => ({
      label: v.label, value: k, picked: k === def,
      description: k === 'rsa-4096' ? 'slow to generate' : k === 'ecdsa-p256' ? 'recommended' : undefined,
    }));
    return p.pick('key', items, { title: 'Key type' });
  }

  private async passphraseForNewKey(p: Prompter, what: string): Promise<string | undefined> {
    const v = await p.input('passphrase', { title: `Passphrase for ${what} (empty: not encrypted)`, password: true, value: '' });
    return v || undefined;
  }

  // ---------- CA selection ----------

  private caNodes(): Array<{ node: ChainNode; certFile: string; keyFile?: string }> {
    const out: Array<{ node: ChainNode; certFile: string; keyFile?: string }> = [];
    const walk = (n: ChainNode) => {
      const o = n.item.object;
      if (o.type === 'certificate' && o.isCA) {
        const keyChild = n.children.find((k) => k.item.object.type === 'private-key');
        out.push({ node: n, certFile: fsPath(primaryLocation(n).file), keyFile: keyChild ? fsPath(primaryLocation(keyChild).file) : undefined });
      }
      n.children.forEach(walk);
    };
    this.inventory.forest.roots.forEach(walk);
    return out;
  }

  private findKeyFile(certFile: string): string | undefined {
    const dir = dirname(certFile);
    const stem = basename(certFile).replace(/\.(crt|pem|cer|cert)$/, '');
    return [`${stem}.key`, 'ca.key', 'tls.key', 'key.pem'].map((n) => join(dir, n)).find((p) => existsSync(p));
  }

  /** The CA to sign with: the tree node, the `ca` answer (folder or certificate file), or a pick. */
  private async chooseCa(p: Prompter, node?: ChainNode): Promise<Ca> {
    const author = loadAuthor();
    let certFile: string | undefined;
    let keyFile: string | undefined;
    if (node && node.item.object.type === 'certificate') {
      if (!node.item.object.isCA) throw new Error('this certificate is not a CA: pick a CA certificate to issue from');
      certFile = fsPath(primaryLocation(node).file);
      keyFile = node.children.filter((k) => k.item.object.type === 'private-key').map((k) => fsPath(primaryLocation(k).file))[0];
    } else if (p.has('ca')) {
      const path = toUri(String(p.given('ca'))).fsPath;
      certFile = existsSync(path) && statSync(path).isDirectory() ? join(path, 'ca.crt') : path;
    } else {
      await this.inventory.ready();
      const cas = this.caNodes();
      if (!cas.length) throw new Error('no CA certificate in this workspace: create one first (Certwright: Create CA)');
      const root = this.root();
      const chosen = await p.pick('ca', cas.map((c) => ({
        label: c.node.item.object.type === 'certificate' ? c.node.item.object.subject.commonName ?? c.node.item.object.subject.rfc4514 : '?',
        description: relative(root, c.certFile), detail: c.keyFile ? undefined : 'key not found in the workspace', value: c,
      })), { title: 'Issuing CA' });
      certFile = chosen.certFile;
      keyFile = chosen.keyFile;
    }
    keyFile ??= (p.has('caKey') ? toUri(String(p.given('caKey'))).fsPath : undefined) ?? this.findKeyFile(certFile);
    if (!keyFile) keyFile = (await p.file('caKey', { title: 'The CA\'s private key', defaultUri: vscode.Uri.file(dirname(certFile)) })).fsPath;
    const certText = author.readText(certFile, 'the CA certificate');
    const keyText = author.readText(keyFile, 'the CA key');
    let passphrase: string | undefined;
    if (author.isEncryptedKey(keyText)) passphrase = await p.input('caPassphrase', { title: `Passphrase of ${basename(keyFile)}`, password: true });
    return author.loadCa(certText, keyText, passphrase);
  }

  // ---------- commands ----------

  async createCa(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Create CA', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const kind = a.node ? 'intermediate' : await p.pick('kind', [
      { label: 'Root CA', description: 'self-signed', value: 'root', picked: true },
      { label: 'Intermediate CA', description: 'signed by a CA in the workspace', value: 'intermediate' },
    ], { title: 'Create CA' });
    const parent = kind === 'intermediate' ? await this.chooseCa(p, a.node) : undefined;
    const cn = await p.input('name', { title: 'CA name (common name)', value: parent ? 'Intermediate CA' : 'Root CA', validate: (s) => (s.trim() ? (s.length > 64 ? 'at most 64 characters' : undefined) : 'a name is needed') });
    const keyType = await this.keyType(p);
    const days = Number(await p.input('days', { title: 'Validity in days', value: String(parent ? author.DEFAULT_INTERMEDIATE_DAYS : author.DEFAULT_CA_DAYS), validate: (s) => (/^\d+$/.test(s) && Number(s) > 0 && Number(s) <= 36500 ? undefined : 'a number of days, 1 to 36500') }));
    const pl = await p.input('pathLength', { title: 'Path length (empty: unlimited; 0: may only issue end-entity certificates)', value: parent ? '0' : '', validate: (s) => (s === '' || (/^\d+$/.test(s) && Number(s) <= 10) ? undefined : 'empty or 0 to 10') });
    const nc = await p.input('nameConstraints', { title: 'Permitted DNS names (optional, comma-separated, e.g. .svc.cluster.local)', value: '' });
    const dir = await this.folder(p, 'folder', 'Output folder for ca.crt and ca.key', join('pki', author.toObjectName(cn, 'ca')));
    const passphrase = await this.passphraseForNewKey(p, 'ca.key');
    const authored = await this.progress(`generating ${author.KEY_TYPES[keyType as keyof typeof author.KEY_TYPES].label} CA key`, (signal) => author.createCa({
      commonName: cn, keyType: keyType as never, days, pathLength: pl === '' ? undefined : Number(pl),
      permittedDns: nc.split(',').map((s) => s.trim()).filter(Boolean), parent, signal,
    }));
    return this.write(p, dir, authored, 'ca.key', passphrase);
  }

  /**
   * Istio's plug-in CA from a root of the workspace: the four files istiod reads (ca-key.pem 0600),
   * or the `cacerts` Secret, held in memory like the TLS Secret (h15).
   */
  async createIstioCacerts(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Create Istio Plug-in CA', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const root = await this.chooseCa(p, a.node);
    const cn = await p.input('name', { title: 'Plug-in CA name (common name)', value: 'Intermediate CA', validate: (s) => (s.trim() ? (s.length > 64 ? 'at most 64 characters' : undefined) : 'a name is needed') });
    const keyType = await this.keyType(p);
    const days = Number(await p.input('days', { title: 'Validity in days (never beyond the root\'s)', value: String(author.DEFAULT_INTERMEDIATE_DAYS), validate: (s) => (/^\d+$/.test(s) && Number(s) > 0 && Number(s) <= 36500 ? undefined : 'a number of days, 1 to 36500') }));
    const output = await p.pick('output', [
      { label: 'Files', description: 'ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem', value: 'files', picked: true },
      { label: 'cacerts Secret', description: 'opened in memory, not saved', value: 'secret' },
    ], { title: 'Create Istio Plug-in CA' });
    const dir = output === 'files' ? await this.folder(p, 'folder', 'Output folder for ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem', join('istio', 'cacerts')) : undefined;
    const authored = await this.progress('generating the plug-in CA key', (signal) => author.istioPluginCa({ root, keyType: keyType as never, days, commonName: cn, signal }));
    if (dir) return this.write(p, dir, authored, author.ISTIO_CA_KEY_FILE);
    const document = await this.openYaml(await author.istioCacertsSecretYaml(authored), 'cacerts');
    return { document, notes: authored.notes };
  }

  /** Workspace YAML objects (Services, workloads, Certificates) for pre-filling and manifests. */
  private async workspaceObjects(): Promise<K8sObject[]> {
    const author = loadAuthor();
    const out: K8sObject[] = [];
    for (const f of await this.files.yamlFiles()) {
      const text = await this.files.readText(f, 'authoring');
      if (text !== undefined && author.K8S_OBJECT_HINT.test(text)) for (const o of author.readK8sObjects(f.fsPath, text)) out.push(o);
    }
    return out;
  }

  /** The Service/workload/Certificate the command was invoked on (explorer, editor, code action). */
  private async targetObject(a: Args): Promise<{ target: K8sObject; all: K8sObject[] } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const uri = a.uri ?? (editor?.document.languageId === 'yaml' ? editor.document.uri : undefined);
    if (!uri || !/\.ya?ml$/i.test(uri.path)) return undefined;
    const author = loadAuthor();
    const doc = await vscode.workspace.openTextDocument(uri);
    const here = this.objectsOf(doc);
    if (!here.length) return undefined;
    const offset = a.at ?? (editor && editor.document.uri.toString() === uri.toString() ? doc.offsetAt(editor.selection.active) : undefined);
    const target = (offset !== undefined ? author.objectAt(here, offset) : undefined) ?? here.find((o) => o.kind === 'Service') ?? here[0];
    const all = await this.workspaceObjects();
    const merged = [...here, ...all.filter((o) => o.file !== uri.fsPath)];
    return { target, all: merged };
  }

  async issue(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Issue Certificate', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const fromYaml = a.node ? undefined : await this.targetObject(a);
    const ca = await this.chooseCa(p, a.node);
    const profile = await p.pick('profile', (Object.entries(author.PROFILES) as Array<[string, { label: string; description: string }]>).map(([k, v]) => ({ label: v.label, description: v.description, value: k, picked: k === author.DEFAULT_PROFILE })), { title: 'Certificate profile' });
    let cn = fromYaml ? author.prefillFor(fromYaml.target, fromYaml.all).commonName : '';
    let sanDefault = '';
    if (fromYaml) {
      const hasAccount = fromYaml.target.kind !== 'Certificate';
      const td = hasAccount ? await p.input('spiffeTrustDomain', { title: `SPIFFE ID for ${fromYaml.target.name}'s service account: trust domain (empty: no SPIFFE ID)`, value: '' }) : '';
      const pre = author.prefillFor(fromYaml.target, fromYaml.all, { trustDomain: td.trim() || undefined });
      cn = pre.commonName;
      sanDefault = [...pre.dns, ...pre.ips, ...pre.uris].join(', ');
    }
    cn = await p.input('cn', { title: 'Common name (may be empty when SANs are given)', value: cn, validate: (s) => (s.length > 64 ? 'at most 64 characters (put long names in the SANs)' : undefined) });
    const sanText = await p.input('sans', { title: 'Subject alternative names (comma-separated DNS names, IPs, URIs, emails)', value: sanDefault || cn });
    const san = splitSans(sanText);
    author.normalizeSans(san);
    const hours = Number(await p.input('hours', { title: 'Validity in hours', value: String(setting<number>('authorLeafValidityHours')), validate: (s) => (/^\d+$/.test(s) && Number(s) >= 1 ? undefined : 'a whole number of hours') }));
    const keyType = await this.keyType(p);
    const dir = await this.folder(p, 'folder', 'Output folder for tls.crt, tls.key and ca.crt', join('certs', author.toObjectName(cn || san.dns[0] || 'certificate')));
    const passphrase = await this.passphraseForNewKey(p, 'tls.key');
    const authored = await this.progress(`generating ${author.KEY_TYPES[keyType as keyof typeof author.KEY_TYPES].label} key`, (signal) => author.issueCertificate({
      ca, commonName: cn, san, profile: profile as never, validityMs: hours * author.HOUR_MS, keyType: keyType as never, signal,
    }));
    return this.write(p, dir, authored, 'tls.key', passphrase);
  }

  async createCsr(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Create CSR', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const cn = await p.input('cn', { title: 'Common name', value: '' });
    const san = splitSans(await p.input('sans', { title: 'Subject alternative names (comma-separated DNS names, IPs, URIs, emails)', value: cn }));
    author.normalizeSans(san);
    const profile = await p.pick('profile', (Object.entries(author.PROFILES) as Array<[string, { label: string; description: string }]>).map(([k, v]) => ({ label: v.label, description: v.description, value: k, picked: k === author.DEFAULT_PROFILE })), { title: 'Requested usage' });
    const keyType = await this.keyType(p);
    const dir = await this.folder(p, 'folder', 'Output folder for tls.csr and tls.key', join('certs', author.toObjectName(cn || san.dns[0] || 'request')));
    const passphrase = await this.passphraseForNewKey(p, 'tls.key');
    const authored = await this.progress('generating key', (signal) => author.createCsr({ commonName: cn, san, profile: profile as never, keyType: keyType as never, signal }));
    return this.write(p, dir, authored, 'tls.key', passphrase);
  }

  private fileArg(a: Args, p: Prompter, key: string, re: RegExp): string | undefined {
    if (p.has(key)) return toUri(String(p.given(key))).fsPath;
    if (a.node) return fsPath(primaryLocation(a.node).file);
    if (a.uri && re.test(a.uri.path)) return a.uri.fsPath;
    const ed = vscode.window.activeTextEditor?.document;
    if (ed && ed.uri.scheme === 'file' && re.test(ed.uri.path)) return ed.uri.fsPath;
    return undefined;
  }

  async signCsr(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Sign CSR', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const csrFile = this.fileArg({ ...a, node: undefined }, p, 'csr', /\.(csr|pem|req)$/i) ?? (await p.file('csr', { title: 'Certificate signing request', filters: { CSR: ['csr', 'pem', 'req'] } })).fsPath;
    const csrText = author.readText(csrFile, 'the CSR');
    const csr = author.readCsr(csrText);
    const ca = await this.chooseCa(p, a.node);
    const asked = author.profileOf(csr.extendedKeyUsage);
    const profile = await p.pick('profile', [
      { label: 'As requested', description: asked ? author.PROFILES[asked].description : 'the CSR asks for no usage: mTLS', value: 'requested', picked: true },
      ...(Object.entries(author.PROFILES) as Array<[string, { label: string; description: string }]>).map(([k, v]) => ({ label: v.label, description: v.description, value: k })),
    ], { title: 'Extended key usage' });
    const hours = Number(await p.input('hours', { title: 'Validity in hours', value: String(setting<number>('authorLeafValidityHours')), validate: (s) => (/^\d+$/.test(s) && Number(s) >= 1 ? undefined : 'a whole number of hours') }));
    const dir = await this.folder(p, 'folder', 'Output folder for tls.crt and ca.crt', relative(this.root(), dirname(csrFile)) || '.');
    const authored = await author.signCsr({ ca, csrText, profile: profile === 'requested' ? undefined : (profile as never), validityMs: hours * author.HOUR_MS });
    return this.write(p, dir, authored);
  }

  private async openYaml(text: string, secretName?: string): Promise<vscode.TextDocument> {
    let doc = secretName
      ? await vscode.workspace.openTextDocument(this.secrets.add(secretName, text))
      : await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    if (doc.languageId !== 'yaml') doc = await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  async secret(a: Args): Promise<AuthorResult> {
    const refused = this.untrusted('Create Kubernetes TLS Secret', a.answers);
    if (refused) return refused;
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const certFile = this.fileArg(a, p, 'cert', /\.(crt|pem|cer|cert)$/i) ?? (await p.file('cert', { title: 'Certificate (tls.crt)', filters: { Certificates: ['crt', 'pem', 'cer'] } })).fsPath;
    const dir = dirname(certFile);
    const treeKey = a.node?.children.find((k) => k.item.object.type === 'private-key');
    const keyGuess = treeKey ? fsPath(primaryLocation(treeKey).file) : this.findKeyFile(certFile);
    const keyFile = p.has('key') ? toUri(String(p.given('key'))).fsPath : keyGuess ?? (await p.file('key', { title: 'Its private key (tls.key)', defaultUri: vscode.Uri.file(dir) })).fsPath;
    const caGuess = join(dir, 'ca.crt');
    const caFile = p.has('ca') ? (String(p.given('ca')) ? toUri(String(p.given('ca'))).fsPath : undefined) : existsSync(caGuess) && caGuess !== certFile ? caGuess : undefined;
    const certText = author.readText(certFile, 'the certificate');
    const keyText = author.readText(keyFile, 'the private key');
    const leaf = author.readCertificates(certText)[0];
    const def = `${author.toObjectName(leaf?.subject.commonName ?? leaf?.san.dnsNames[0] ?? basename(dir), 'tls')}-tls`;
    const name = await p.input('name', { title: 'Secret name', value: def, validate: (s) => (author.isSubdomain(s) ? undefined : 'lowercase letters, digits, "-" and "."') });
    const namespace = await p.input('namespace', { title: 'Namespace (empty: none)', value: '', validate: (s) => (s === '' || author.isLabel(s) ? undefined : 'lowercase letters, digits and "-"') });
    const passphrase = author.isEncryptedKey(keyText) ? await p.input('passphrase', { title: `Passphrase of ${basename(keyFile)}`, password: true }) : undefined;
    const r = await author.tlsSecretYaml({ certText, keyText, caText: caFile ? author.readText(caFile, 'the CA certificate') : undefined, name, namespace: namespace || undefined, passphrase });
    const document = await this.openYaml(r.yaml, name);
    const warnings = await this.gitWarnings(dir, keyFile);
    for (const w of warnings) if (!p.automated) void vscode.window.showWarningMessage(`Certwright: ${w}`);
    return { document, warnings, notes: r.notes };
  }

  /** Whether the Secret's key sits in (or would be saved into) a folder git tracks. Trusted workspaces only. */
  private async gitWarnings(dir: string, keyFile: string): Promise<string[]> {
    if (!vscode.workspace.isTrusted) return ['git was not asked whether this folder is tracked (Restricted Mode): do not save the Secret into the repository'];
    // Loaded here, not with the extension: node:child_process takes milliseconds to load and only this asks git.
    const { execFile } = require('node:child_process') as typeof import('node:child_process');
    const git = (args: string[]) => new Promise<{ code: number; out: string }>((resolve) => {
      execFile('git', args, { cwd: dir, timeout: 5000 }, (err, stdout) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: String(stdout) }));
    });
    const inside = await git(['rev-parse', '--is-inside-work-tree']);
    if (inside.code !== 0 || inside.out.trim() !== 'true') return [];
    const out: string[] = [];
    if ((await git(['ls-files', '--error-unmatch', '--', keyFile])).code === 0) out.push(`${basename(keyFile)} is tracked by git: the private key is in the repository`);
    const ignored = (await git(['check-ignore', '-q', '--', join(dir, 'secret.yaml')])).code === 0;
    if (!ignored) out.push(`${relative(this.root(), dir) || 'this folder'} is tracked by git: the Secret holds the private key, so do not save it there (apply it with kubectl, or seal it first)`);
    return out;
  }

  async manifests(a: Args): Promise<AuthorResult> {
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const all = await this.workspaceObjects();
    const services = all.filter((o) => o.kind === 'Service');
    if (!services.length) throw new Error('no Kubernetes Service found in the workspace YAML');
    const here = a.uri ? services.filter((s) => s.file === a.uri!.fsPath) : [];
    const chosen = await p.pickMany('services', services.map((s) => ({
      label: `${s.namespace}/${s.name}`, description: relative(this.root(), s.file), value: s, picked: here.includes(s),
    })), { title: 'Services that get certificates' });
    if (!chosen.length) throw new Error('choose at least one Service');
    const namespaces = new Set(chosen.map((s) => s.namespace));
    const issuerKind = await p.pick('issuerKind', [
      { label: 'ClusterIssuer', description: 'one CA for every namespace', value: 'ClusterIssuer', picked: true },
      ...(namespaces.size === 1 ? [{ label: 'Issuer', description: `only namespace ${[...namespaces][0]}`, value: 'Issuer' }] : []),
    ], { title: 'CA issuer' });
    const trustBundle = issuerKind === 'ClusterIssuer' && (await p.pick('trustBundle', [
      { label: 'No trust-manager Bundle', value: false, picked: true },
      { label: 'Add a trust-manager Bundle', description: 'distributes ca.crt to every namespace', value: true },
    ], { title: 'trust-manager' }));
    const td = await p.input('spiffeTrustDomain', { title: 'SPIFFE trust domain for URI SANs (empty: none)', value: '' });
    const targets = author.serviceTargets(chosen, all);
    const yaml = author.certManagerManifests({ services: targets, issuerKind: issuerKind as 'ClusterIssuer' | 'Issuer', trustBundle, spiffeTrustDomain: td.trim() || undefined });
    return { document: await this.openYaml(yaml) };
  }

  /** "Generate Vault PKI Setup" (issue 14): vault commands or Terraform plus the Vault Issuer, as unsaved documents. */
  async vaultSetup(a: Args): Promise<AuthorResult> {
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    const services = (await this.workspaceObjects()).filter((o) => o.kind === 'Service');
    if (!services.length) throw new Error('no Kubernetes Service found in the workspace YAML: the Vault role would admit no name');
    const chosen = await p.pickMany('services', services.map((s) => ({ label: `${s.namespace}/${s.name}`, description: relative(this.root(), s.file), value: s, picked: true })), { title: 'Services the Vault role admits' });
    if (!chosen.length) throw new Error('choose at least one Service');
    const format = await p.pick('format', [
      { label: 'vault commands', description: 'a shell script', value: 'vault', picked: true },
      { label: 'Terraform', description: 'hashicorp/vault provider', value: 'terraform' },
    ], { title: 'Vault PKI setup as' });
    const out = author.vaultSetup({ services: chosen.map((s) => ({ name: s.name, namespace: s.namespace })), format: format as 'vault' | 'terraform' });
    const setup = await vscode.workspace.openTextDocument({ language: format === 'vault' ? 'shellscript' : 'terraform', content: out.setup });
    await vscode.window.showTextDocument(setup, { preview: false });
    return { document: await this.openYaml(out.issuer), notes: out.skipped.map((s) => `Service ${s} left out: its name is not a DNS label`) };
  }

  async pemToCertificate(a: Args): Promise<AuthorResult> {
    const author = loadAuthor();
    const p = new Prompter(a.answers);
    let text: string;
    if (a.node && a.node.item.object.type === 'certificate') text = toPem('CERTIFICATE', a.node.item.object.der);
    else {
      const file = this.fileArg(a, p, 'cert', /\.(crt|pem|cer|cert)$/i);
      text = file ? readFileSync(file, 'utf8') : vscode.window.activeTextEditor?.document.getText() ?? '';
    }
    const namespace = await p.input('namespace', { title: 'Namespace of the Certificate (empty: none)', value: '', validate: (s) => (s === '' || author.isLabel(s) ? undefined : 'lowercase letters, digits and "-"') });
    return { document: await this.openYaml(author.certificateSpecFromPem(text, { namespace: namespace || undefined })) };
  }
}

/**
 * The kind of the authoring code actions: a refactoring of the manifest at the cursor (shown in
 * the light bulb's menu). Never the empty kind, which VS Code logs a warning for.
 */
const AUTHOR_ACTION_KIND = vscode.CodeActionKind.Refactor.append('certwright');

/** "Issue certificate for Service payment" on Service, workload and Certificate manifests. */
class AuthorCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly commands: AuthorCommands) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context?: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context?.only && !context.only.contains(AUTHOR_ACTION_KIND) && !AUTHOR_ACTION_KIND.contains(context.only)) return [];
    const at = doc.offsetAt(range.start);
    // Parsed once per document version; the object at the cursor by binary search.
    const obj = loadAuthor().objectAt(this.commands.objectsOf(doc), at);
    if (!obj) return [];
    const actions: vscode.CodeAction[] = [];
    const issue = new vscode.CodeAction(`Certwright: Issue certificate for ${obj.kind} ${obj.name}`, AUTHOR_ACTION_KIND);
    issue.command = { command: COMMANDS.authorIssue.id, title: issue.title, arguments: [doc.uri, { at }] };
    actions.push(issue);
    if (obj.kind === 'Service') {
      const m = new vscode.CodeAction(`Certwright: cert-manager manifests for Service ${obj.name}`, AUTHOR_ACTION_KIND);
      m.command = { command: COMMANDS.authorManifests.id, title: m.title, arguments: [doc.uri] };
      actions.push(m);
    }
    return actions;
  }
}

/** The path objects of a document are filed under (as the workspace scan files them). */
function docKey(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}
