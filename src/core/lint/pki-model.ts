// The CA you run yourself, read into the workspace model: openssl commands in shell scripts, openssl
// config and extension files (also written by heredocs), `vault write` roles, issue requests and
// mounts, Terraform `vault_*`/`tls_*` resources, and Vault Agent / Consul Template `pkiCert` and
// `secret ".../issue/..."` calls. Built once per Workspace; every position is an offset in its file.
import { parseHcl, type HclAttribute } from './hcl';
import { parseOpensslConf, type OpensslConf } from './openssl-conf';
import { heredocText, isScriptPath, parseScript, wordRange, type Command, type Word } from './shell';
import type { RoleValue } from './vault';
import type { Workspace } from './workspace';
import { textHas } from './model';

export interface TextFile { path: string; text: string }

export interface VaultRole {
  /** The mount (`pki_int`), undefined when not known. */
  mount?: string;
  name: string;
  file: TextFile;
  /** Range of the role's path (`pki_int/roles/services`) or Terraform resource label. */
  start: number;
  end: number;
  fields: Map<string, RoleValue>;
  source: 'vault' | 'terraform';
  /** The fields come from elsewhere (`@role.json`, `-` stdin): nothing is known about them. */
  opaque?: boolean;
}

export interface VaultMount { path: string; maxLeaseTtl?: RoleValue; file: TextFile; start: number; end: number }

/**
 * The CA certificate a Vault PKI mount signs with, by its lifetime: `<mount>/root/generate/...
 * ttl=`, Terraform `vault_pki_secret_backend_root_cert`, or the `ttl` a root mount signs the
 * mount's intermediate with (`<root>/root/sign-intermediate`, Terraform
 * `vault_pki_secret_backend_root_sign_intermediate`); `parent`: that root mount.
 */
export interface VaultCa { mount: string; ttl: RoleValue; parent?: string; file: TextFile; start: number; end: number }

export interface VaultRequest {
  kind: 'issue' | 'sign';
  mount?: string;
  role: string;
  file: TextFile;
  start: number;
  end: number;
  fields: Map<string, RoleValue>;
  source: 'vault' | 'terraform' | 'template';
  /** More arguments than the ones read (a `(printf ...)` in a template): absent fields may be set. */
  open?: boolean;
}

export interface OpensslCommand {
  file: TextFile;
  cmd: Command;
  sub: string;
  /** `-name value` options (last one wins) and flags without a value. */
  opts: Map<string, Word>;
  flags: Map<string, Word>;
  positionals: Word[];
}

export interface ConfSource {
  file: TextFile;
  conf: OpensslConf;
  /** The file the config is written to, for heredocs (matched with -config / -extfile). */
  target?: Word;
  /** The config's own path, for workspace files. */
  path?: string;
}

export interface TfResource { type: string; name: string; file: TextFile; start: number; end: number; attrs: Map<string, HclAttribute[]> }

/** `kubectl create secret tls NAME --cert=FILE [-n NS]` (or `generic NAME --from-file=tls.crt=FILE`) in a script. */
export interface TlsSecretCommand { file: TextFile; name: string; namespace: string; cert: Word; nameWord: Word; cmd: Command }

/**
 * A file a script loads into a Secret key (`kubectl create secret generic NAME --from-file=ca.crt=FILE`,
 * `--from-file=FILE` (the key is its base name), `create secret tls NAME --cert=FILE` (tls.crt)):
 * where the trust rules look for the root a Secret's key holds (t17o).
 */
export interface SecretFileCommand { file: TextFile; name: string; namespace: string; key: string; path: Word; nameWord: Word; cmd: Command }

/**
 * A Vault PKI CA a script makes (t17o): `<mount>/root/generate/<type>` (a root), `<mount>/intermediate/generate/<type>`
 * (an intermediate), `<mount>/root/sign-intermediate` (a root signing some intermediate), with the
 * common_name given, and where the command's path is.
 */
export interface VaultCaCommand {
  mount: string;
  op: 'root' | 'intermediate' | 'sign-intermediate';
  /** `internal`, `exported`, `existing`, `kms` (root/intermediate generate). */
  type?: string;
  commonName?: RoleValue;
  /** The file the command's output goes to (`> root_ca.crt`). */
  out?: Word;
  cmd: Command;
  file: TextFile;
  start: number;
  end: number;
}

export interface PkiModel {
  secrets: TlsSecretCommand[];
  secretFiles: SecretFileCommand[];
  vaultCaCommands: VaultCaCommand[];
  roles: VaultRole[];
  mounts: VaultMount[];
  cas: VaultCa[];
  requests: VaultRequest[];
  openssl: OpensslCommand[];
  confs: ConfSource[];
  tf: TfResource[];
}

/** openssl options that take a value (the others are flags). */
const ARG_OPTS = new Set(['out', 'in', 'key', 'keyout', 'newkey', 'subj', 'addext', 'days', 'config', 'extensions', 'extfile', 'reqexts', 'CA', 'CAkey', 'CAserial',
  'set_serial', 'signkey', 'name', 'algorithm', 'pkeyopt', 'md', 'passin', 'passout', 'outform', 'inform', 'keyform', 'CAform', 'CAkeyform', 'copy_extensions',
  'sigopt', 'nameopt', 'certopt', 'CAfile', 'CApath', 'cert', 'connect', 'accept', 'Verify', 'verify', 'ext', 'rand', 'engine', 'provider', 'startdate', 'enddate',
  'cipher', 'section', 'pubout', 'servername', 'policy', 'preserveDN', 'ss_cert', 'spkac', 'infiles', 'not_before', 'not_after', 'pass', 'paramfile', 'genparam']);
// Flags that take no value even though their names look like options above.
const FLAGS = new Set(['pubout', 'preserveDN', 'genparam']);

const VAULT_ARG_FLAGS = new Set(['-format', '-field', '-address', '-namespace', '-ca-cert', '-client-cert', '-client-key', '-mfa', '-wrap-ttl', '-policy-override']);

const models = new WeakMap<Workspace, PkiModel>();

const dirOf = (p: string) => p.slice(0, p.replace(/\\/g, '/').lastIndexOf('/') + 1);

export function pkiModel(ws: Workspace): PkiModel {
  const hit = models.get(ws);
  if (hit) return hit;
  const model: PkiModel = { secrets: [], secretFiles: [], vaultCaCommands: [], roles: [], mounts: [], cas: [], requests: [], openssl: [], confs: [], tf: [] };
  for (const f of ws.others) {
    try {
      readFile(model, f);
    } catch {
      // One file the readers trip on must not hide the others.
    }
  }
  for (const f of ws.files.values()) {
    if (textHas(f, 'vault-calls', (t) => t.includes('/issue/') || t.includes('/sign/'))) templateCalls(model, f);
  }
  models.set(ws, model);
  return model;
}

function readFile(model: PkiModel, f: TextFile): void {
  if (isScriptPath(f.path, f.text)) readScript(model, f);
  if (isOpensslConfPath(f.path, f.text)) model.confs.push({ file: f, conf: parseOpensslConf(f.text), path: f.path });
  if (/\.tf$/i.test(f.path)) readTerraform(model, f);
  if (f.text.includes('/issue/') || f.text.includes('/sign/')) templateCalls(model, f);
}

export function isOpensslConfPath(path: string, text: string): boolean {
  if (/\.(cnf|ext)$/i.test(path) || /(^|\/)openssl[^/]*\.conf$/i.test(path)) return true;
  return /\.conf$/i.test(path) && looksLikeOpensslConf(text);
}

function looksLikeOpensslConf(text: string): boolean {
  return /^[ \t]*\[[ \t]*(req|v3_req|v3_ca|alt_names|ca|CA_default|req_distinguished_name|server_cert|usr_cert)[ \t]*\]/m.test(text)
    || (/^[ \t]*(subjectAltName|basicConstraints|extendedKeyUsage|keyUsage)[ \t]*=/m.test(text) && !/^[ \t]*[A-Za-z_]+[ \t]*\{/m.test(text));
}

function readScript(model: PkiModel, f: TextFile): void {
  const script = parseScript(f.text);
  for (const d of script.heredocs) {
    const target = d.target?.value ?? '';
    if (/\.(cnf|ext|conf|cfg)$/i.test(target) ? looksLikeOpensslConf(d.body) || /\.(cnf|ext)$/i.test(target) : looksLikeOpensslConf(d.body)) {
      // An unquoted delimiter: the shell fills in the variables the script sets plainly.
      const conf = d.quoted ? parseOpensslConf(d.body, d.start) : (() => { const x = heredocText(script, f.text, d); return parseOpensslConf(x.text, d.start, x); })();
      model.confs.push({ file: f, conf, target: d.target });
    }
  }
  const cas: ScriptCas = { intermediates: new Set(), signed: [] };
  for (const cmd of script.commands) {
    const head = cmd.words[0]?.value ?? '';
    if (head === 'openssl' || head.endsWith('/openssl')) readOpenssl(model, f, cmd);
    else if (head === 'vault' || head.endsWith('/vault')) readVault(model, f, cmd, cas);
    else if (head === 'kubectl' && cmd.words[1]?.value === 'create' && cmd.words[2]?.value === 'secret' && /^(tls|generic)$/.test(cmd.words[3]?.value ?? '')) readTlsSecret(model, f, cmd);
  }
  scriptIntermediate(model, f, cas);
}

/** `vault write <int>/intermediate/generate/...` mounts and `<root>/root/sign-intermediate ttl=` lines of one script. */
interface ScriptCas { intermediates: Set<string>; signed: Array<{ root: string; ttl: RoleValue }> }

/** The intermediate a script signs: one intermediate mount and one signing of known ttl, else not known which is which. */
function scriptIntermediate(model: PkiModel, f: TextFile, cas: ScriptCas): void {
  if (cas.intermediates.size !== 1 || cas.signed.length !== 1) return;
  const { root, ttl } = cas.signed[0];
  model.cas.push({ mount: [...cas.intermediates][0], ttl, parent: root, file: f, start: ttl.start, end: ttl.end });
}

function readTlsSecret(model: PkiModel, f: TextFile, cmd: Command): void {
  let name: Word | undefined, cert: Word | undefined, ns: Word | undefined;
  const loaded: Array<{ key: string; path: Word }> = [];
  const words = cmd.words.slice(4);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^(--cert|--namespace|-n|--from-file)(=(.*))?$/.exec(w.value);
    if (m) {
      const v = m[2] ? { ...w, value: m[3], raw: w.raw.slice(w.raw.indexOf('=') + 1), from: w.from.slice(m[1].length + 1), to: w.to.slice(m[1].length + 1) } : words[++i];
      if (!v) break;
      // generic: `--from-file=tls.crt=FILE` is the certificate (the key named tls.crt).
      if (m[1] === '--from-file') {
        if (v.value.startsWith('tls.crt=')) cert = { ...v, value: v.value.slice(8), raw: v.raw.slice(v.raw.indexOf('=') + 1), from: v.from.slice(8), to: v.to.slice(8) };
        const eq = v.value.indexOf('=');
        const key = eq > 0 ? v.value.slice(0, eq) : v.value.slice(v.value.lastIndexOf('/') + 1);
        // A key made of unknown text, or a folder (every file in it): not a key this reader knows.
        if (key && !key.includes('?') && (eq > 0 || !v.unknown)) loaded.push({ key, path: eq > 0 ? { ...v, value: v.value.slice(eq + 1), raw: v.raw.slice(v.raw.indexOf('=') + 1), from: v.from.slice(eq + 1), to: v.to.slice(eq + 1) } : v });
      } else if (m[1] === '--cert') { cert = v; loaded.push({ key: 'tls.crt', path: v }); } else ns = v;
    } else if (!w.value.startsWith('-') && !name) name = w;
    else if (w.value.startsWith('-') && !w.value.includes('=') && /^--?(key|context|kubeconfig|output|o|from-literal|type)$/.test(w.value)) i++;
  }
  if (!name || name.unknown || (ns && ns.unknown)) return;
  for (const l of loaded) model.secretFiles.push({ file: f, name: name.value, namespace: ns?.value ?? 'default', key: l.key, path: l.path, nameWord: name, cmd });
  if (!cert) return;
  model.secrets.push({ file: f, name: name.value, namespace: ns?.value ?? 'default', cert, nameWord: name, cmd });
}

function readOpenssl(model: PkiModel, f: TextFile, cmd: Command): void {
  const sub = cmd.words[1]?.value;
  if (!sub) return;
  const opts = new Map<string, Word>(), flags = new Map<string, Word>(), positionals: Word[] = [];
  const words = cmd.words.slice(2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.value.startsWith('-') && w.value.length > 1) {
      const name = w.value.slice(1);
      if (ARG_OPTS.has(name) && !FLAGS.has(name) && i + 1 < words.length) {
        // -addext may repeat: each one is kept under its own key.
        opts.set(name === 'addext' ? `addext#${i}` : name, words[++i]);
      } else flags.set(name, w);
    } else positionals.push(w);
  }
  model.openssl.push({ file: f, cmd, sub, opts, flags, positionals });
}

function field(w: Word, eq: number): RoleValue {
  const [s, e] = wordRange(w, eq + 1);
  return { value: w.value.slice(eq + 1), unknown: w.unknown, start: s, end: e };
}

function readVault(model: PkiModel, f: TextFile, cmd: Command, cas: ScriptCas): void {
  const words = cmd.words;
  const verb = words[1]?.value;
  if (verb === 'secrets' && (words[2]?.value === 'enable' || words[2]?.value === 'tune')) {
    let path: string | undefined, ttl: RoleValue | undefined, type: string | undefined, at: Word | undefined;
    for (let i = 3; i < words.length; i++) {
      const w = words[i];
      const m = /^--?(path|max-lease-ttl)(=)?/.exec(w.value);
      if (m) {
        const v = m[2] ? field(w, w.value.indexOf('=')) : words[i + 1] ? field(words[++i], -1) : undefined;
        if (!v) continue;
        if (m[1] === 'path') { path = v.unknown ? undefined : String(v.value).replace(/\/$/, ''); at = w; if (v.unknown) return; }
        else ttl = v;
      } else if (!w.value.startsWith('-')) { type = w.value; at ??= w; if (w.unknown) return; }
    }
    const mount = words[2].value === 'tune' ? type?.replace(/\/$/, '') : path ?? type;
    if (mount && at) model.mounts.push({ path: mount, maxLeaseTtl: ttl, file: f, start: at.start, end: at.end });
    return;
  }
  if (verb !== 'write') return;
  let i = 2;
  while (i < words.length && words[i].value.startsWith('-')) { if (VAULT_ARG_FLAGS.has(words[i].value)) i++; i++; }
  const pathWord = words[i];
  if (!pathWord || pathWord.unknown) return;
  const roleDef = /^\/?(?:v1\/)?(.+?)\/roles\/([^/]+)$/.exec(pathWord.value);
  const call = roleDef ? undefined : vaultSigningPath(pathWord.value);
  const m = roleDef ? { mount: roleDef[1], op: 'roles', role: roleDef[2] } : call?.role && call.op !== 'sign-verbatim' ? call : undefined;
  const ca = m ? null : /^\/?(?:v1\/)?(.+?)\/(root\/generate|root\/sign-intermediate|intermediate\/generate)(?:\/[a-z]+)?$/.exec(pathWord.value);
  if (!m && !ca) return;
  const fields = new Map<string, RoleValue>();
  let opaque = false;
  for (const w of words.slice(i + 1)) {
    if (w.value.startsWith('-')) continue;
    const eq = w.value.indexOf('=');
    if (eq <= 0 || w.unknown && w.value.indexOf('?') < eq) { opaque = true; continue; }
    const key = w.value.slice(0, eq);
    const v = field(w, eq);
    if (v.value === '-' || String(v.value).startsWith('@')) v.unknown = true;
    fields.set(key, v);
  }
  if (ca) {
    const op = ca[2] === 'root/generate' ? 'root' : ca[2] === 'intermediate/generate' ? 'intermediate' : 'sign-intermediate';
    const type = /\/([a-z]+)$/.exec(pathWord.value.slice(pathWord.value.indexOf(ca[2]) + ca[2].length))?.[1];
    model.vaultCaCommands.push({ mount: ca[1], op, type, commonName: fields.get('common_name'), out: cmd.writes[0], cmd, file: f, start: pathWord.start, end: pathWord.end });
    const ttl = fields.get('ttl');
    if (ca[2] === 'intermediate/generate') cas.intermediates.add(ca[1]);
    else if (ttl && ca[2] === 'root/generate') model.cas.push({ mount: ca[1], ttl, file: f, start: ttl.start, end: ttl.end });
    else if (ttl) cas.signed.push({ root: ca[1], ttl });
    return;
  }
  if (!m) return;
  const [start, end] = [pathWord.start, pathWord.end];
  if (m.op === 'roles') model.roles.push({ mount: m.mount, name: m.role!, file: f, start, end, fields, source: 'vault', opaque });
  else if (!opaque) model.requests.push({ kind: m.op as 'issue' | 'sign', mount: m.mount, role: m.role!, file: f, start, end, fields, source: 'vault' });
}

/**
 * A Vault PKI path that issues or signs: `<mount>/issue|sign/<role>` and `<mount>/sign-verbatim[/<role>]`,
 * each also after `issuer/<ref>/` (Vault 1.11+: the request names one issuer of the mount; the
 * role and the mount are the same). One reader for scripts, templates and cert-manager's `spec.vault.path`.
 */
export function vaultSigningPath(path: string): { mount: string; op: 'issue' | 'sign' | 'sign-verbatim'; role?: string } | undefined {
  const m = /^\/?(?:v1\/)?(.+?)(?:\/issuer\/[^/]+)?\/(issue|sign|sign-verbatim)(?:\/([^/]+))?\/?$/.exec(path);
  if (!m || m[1].includes('/issuer/') || (!m[3] && m[2] !== 'sign-verbatim')) return undefined;
  return { mount: m[1], op: m[2] as 'issue' | 'sign' | 'sign-verbatim', role: m[3] };
}

/** Terraform resources: attributes grouped by resource, role and mount resources read into the model. */
function readTerraform(model: PkiModel, f: TextFile): void {
  const res = parseHcl(f.text, { terraform: true });
  const byResource = new Map<string, TfResource>();
  for (const a of res.attributes) {
    const m = /^resource\.([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)$/.exec(a.path);
    if (!m) continue;
    const key = `${m[1]}.${m[2]}`;
    let r = byResource.get(key);
    if (!r) {
      const at = resourceLabel(f.text, m[1], m[2]);
      r = { type: m[1], name: m[2], file: f, start: at[0], end: at[1], attrs: new Map() };
      byResource.set(key, r);
    }
    const name = m[3].replace(/\[\d+\]$/, '');
    (r.attrs.get(name) ?? r.attrs.set(name, []).get(name)!).push(a);
  }
  const resources = [...byResource.values()];
  model.tf.push(...resources);
  for (const r of resources) {
    if (r.type !== 'vault_mount') continue;
    const p = tfValue(r, 'path');
    if (!p || p.unknown) continue;
    const ttl = tfValue(r, 'max_lease_ttl_seconds');
    model.mounts.push({ path: String(p.value), maxLeaseTtl: ttl, file: f, start: p.start, end: p.end });
  }
  const mountOf = (r: TfResource) => tfMount(resources, r);
  for (const r of resources) {
    const ttl = tfValue(r, 'ttl');
    if (r.type === 'vault_pki_secret_backend_root_cert') {
      const mount = mountOf(r);
      if (ttl && mount) model.cas.push({ mount, ttl, file: f, start: ttl.start, end: ttl.end });
    } else if (r.type === 'vault_pki_secret_backend_root_sign_intermediate') {
      // csr = vault_pki_secret_backend_intermediate_cert_request.<name>.csr: that request's mount.
      const csr = tfValue(r, 'csr');
      const ref = csr?.unknown ? /^vault_pki_secret_backend_intermediate_cert_request\.([A-Za-z0-9_-]+)\.csr$/.exec(String(csr.value)) : null;
      const req = ref ? resources.find((x) => x.type === 'vault_pki_secret_backend_intermediate_cert_request' && x.name === ref[1]) : undefined;
      const mount = req && mountOf(req);
      if (ttl && mount) model.cas.push({ mount, ttl, parent: mountOf(r), file: f, start: ttl.start, end: ttl.end });
    }
  }
  for (const r of resources) {
    if (r.type !== 'vault_pki_secret_backend_role' && r.type !== 'vault_pki_secret_backend_cert') continue;
    const name = tfValue(r, 'name');
    if (!name || name.unknown) continue;
    const fields = new Map<string, RoleValue>();
    for (const k of r.attrs.keys()) { const v = tfValue(r, k); if (v) fields.set(k, v); }
    if (r.type === 'vault_pki_secret_backend_role') model.roles.push({ mount: mountOf(r), name: String(name.value), file: f, start: name.start, end: name.end, fields, source: 'terraform' });
    else model.requests.push({ kind: 'issue', mount: mountOf(r), role: String(name.value), file: f, start: name.start, end: name.end, fields, source: 'terraform' });
  }
}

/**
 * The Vault mount a Terraform `vault_pki_*` resource works on: its `backend` (a literal path, or
 * `vault_mount.NAME.path` of the same file's resources), `pki` when absent; undefined when not known.
 */
export function tfMount(resources: readonly TfResource[], r: TfResource): string | undefined {
  const b = tfValue(r, 'backend');
  if (!b) return 'pki';
  if (!b.unknown) return String(b.value);
  const ref = /^vault_mount\.([A-Za-z0-9_-]+)\.path$/.exec(String(b.value));
  const m = ref ? resources.find((x) => x.type === 'vault_mount' && x.name === ref[1] && x.file === r.file) : undefined;
  const p = m && tfValue(m, 'path');
  return p && !p.unknown ? String(p.value) : undefined;
}

/** A Terraform attribute as a role value (lists joined, unknown when any element is). */
export function tfValue(r: TfResource, name: string): RoleValue | undefined {
  const list = r.attrs.get(name);
  if (!list?.length) return undefined;
  const isList = list.length > 1 || /\[\d+\]$/.test(list[0].path);
  const unknown = list.some((a) => a.unknown);
  if (isList) return { value: list.map((a) => String(a.value)), unknown, start: list[0].start, end: list[list.length - 1].end };
  const a = list[0];
  return { value: a.value === null ? '' : a.value, unknown, start: a.start, end: a.end };
}

function resourceLabel(text: string, type: string, name: string): [number, number] {
  const i = text.indexOf(`"${type}" "${name}"`);
  return i < 0 ? [0, 0] : [i, i + type.length + name.length + 5];
}

const TEMPLATE_CALL = /\b(pkiCert|secret)\s+"([^"\n]*\/(issue|sign)\/[^"\n]+)"((?:[ \t]+"[^"\n]*")*)/g;

/** Vault Agent / Consul Template calls: `pkiCert "pki/issue/r" "common_name=..."`, `secret "pki/issue/r" ...`. */
function templateCalls(model: PkiModel, f: TextFile): void {
  for (const m of f.text.matchAll(TEMPLATE_CALL)) {
    const path = m[2].includes('{{') ? undefined : vaultSigningPath(m[2]);
    if (!path?.role || path.op === 'sign-verbatim') continue;
    const pathStart = m.index! + m[0].indexOf('"') + 1;
    const fields = new Map<string, RoleValue>();
    const argsStart = m.index! + m[0].length - m[4].length;
    for (const a of m[4].matchAll(/"([^"\n]*)"/g)) {
      const eq = a[1].indexOf('=');
      if (eq <= 0) continue;
      const s = argsStart + a.index! + 1 + eq + 1;
      const v = a[1].slice(eq + 1);
      fields.set(a[1].slice(0, eq), { value: v, unknown: /\{\{|\$/.test(v), start: s, end: s + v.length });
    }
    const open = !/^\s*-?\}\}/.test(f.text.slice(m.index! + m[0].length, m.index! + m[0].length + 20));
    model.requests.push({ kind: path.op, mount: path.mount, role: path.role, file: f, start: pathStart, end: pathStart + m[2].length, fields, source: 'template', open });
  }
}

/** Heredoc configs by script and target (value and raw text), and workspace configs by path: built once per model. */
interface ConfIndex { byValue: Map<string, ConfSource>; byRaw: Map<string, ConfSource>; byPath: Map<string, ConfSource>; order: Map<ConfSource, number> }
const confIndexes = new WeakMap<PkiModel, ConfIndex>();
const normConf = (x: Word) => x.raw.replace(/["']/g, '').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');

function confIndex(model: PkiModel): ConfIndex {
  let idx = confIndexes.get(model);
  if (!idx) {
    idx = { byValue: new Map(), byRaw: new Map(), byPath: new Map(), order: new Map() };
    for (const c of model.confs) {
      idx.order.set(c, idx.order.size);
      // The last heredoc writing a target wins (as the shell leaves it); the first file by path.
      if (c.target) {
        if (!c.target.unknown) idx.byValue.set(`${c.file.path}\0${c.target.value}`, c);
        idx.byRaw.set(`${c.file.path}\0${normConf(c.target)}`, c);
      }
      if (c.path && !idx.byPath.has(normalize(c.path))) idx.byPath.set(normalize(c.path), c);
    }
    confIndexes.set(model, idx);
  }
  return idx;
}

/**
 * The config a `-config`/`-extfile` word names: a heredoc of the same script or a workspace file.
 * Looked up in an index (a script of thousands of heredocs and commands stays linear).
 */
export function confFor(model: PkiModel, from: TextFile, w: Word | undefined): ConfSource | undefined {
  if (!w) return undefined;
  const idx = confIndex(model);
  const a = w.unknown ? undefined : idx.byValue.get(`${from.path}\0${w.value}`);
  const b = idx.byRaw.get(`${from.path}\0${normConf(w)}`);
  // The later of the two in the model's order (the heredoc the shell wrote last).
  const found = a && b ? (idx.order.get(a)! > idx.order.get(b)! ? a : b) : a ?? b;
  if (found || w.unknown) return found;
  return idx.byPath.get(normalize(dirOf(from.path) + w.value.replace(/^\.\//, '')));
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + out.join('/');
}
