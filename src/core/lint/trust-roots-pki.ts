// Roots made outside cert-manager, for end-to-end trust (#17 part 2, lane t17o): the root at the
// end of a chain an openssl script makes (`openssl req -x509 -out ca.crt`, `openssl x509 -req -CA
// ca.crt ...`, loaded by `kubectl create secret tls|generic`), and the root of a Vault PKI mount
// (`vault write pki/root/generate/internal common_name=...`, Terraform
// `vault_pki_secret_backend_root_cert`), followed from an intermediate mount (`pki_int`) to the
// mount that signs it. The trust rules (trust-paths.ts) compare these roots with a client's trust
// source by a stable identity: the openssl command that makes the root, or the Vault mount and its
// root's common_name. What cannot be decided (a CA made elsewhere, a name in variables, two
// candidates) is unknown: undefined, never a guess.
import { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { get, isUnknown, str, type Manifest, type ParsedFile } from './model';
import { pkiModel, tfMount, tfValue, vaultSigningPath, type OpensslCommand, type PkiModel, type SecretFileCommand, type TextFile, type VaultCaCommand } from './pki-model';
import { lastWriter, sameFile, scriptCertificateOf, scriptLine, subjectCn } from './script-certs';
import { wordRange, type Word } from './shell';
import type { RelatedRef, Workspace } from './workspace';

/** A root made by an openssl script or a Vault mount: `id` is its identity, `label` names it in messages. */
export interface MadeRoot {
  kind: 'made';
  source: 'openssl' | 'vault';
  id: string;
  /** The subject's CN (openssl) or common_name (Vault), when known. */
  cn?: string;
  /** openssl: the whole `-subj` when known (two commands making the same subject may share a key). */
  subject?: string;
  label: string;
  at: RelatedRef;
}

const MAX_DEPTH = 8;

// ---- openssl ----------------------------------------------------------------------------------

/** The root openssl makes with a self-signing command (`req -x509`, `x509 -req -signkey` without -CA). */
function opensslRootAt(model: PkiModel, c: OpensslCommand): MadeRoot {
  const cn = subjectCn(model, c);
  const subj = c.sub === 'req' ? c.opts.get('subj') : undefined;
  const out = c.opts.get('out');
  const line = scriptLine(c.file, c.cmd.start);
  const name = cn && !cn.unknown && cn.value ? `"${cn.value}"` : out ? out.value.replace(/\?+/g, '…') : 'certificate';
  const place = subj ?? out;
  const [start, end] = place ? wordRange(place) : [c.cmd.start, c.cmd.start];
  const label = `the root ${name} that openssl makes in ${c.file.path} line ${line}`;
  return {
    kind: 'made', source: 'openssl', id: `openssl\u0000${c.file.path}\u0000${c.cmd.start}`,
    cn: cn && !cn.unknown ? cn.value : undefined, subject: subj && !subj.unknown ? subj.value.replace(/\s+/g, '') : undefined,
    label, at: { file: c.file, start, end, message: `${label}: the root the client lacks` },
  };
}

/** Per script: the offsets of lines that may write each file name other than by openssl (built once per script). */
const writesIndexes = new WeakMap<TextFile, Map<string, number[]>>();
function writesIndex(file: TextFile): Map<string, number[]> {
  let idx = writesIndexes.get(file);
  if (idx) return idx;
  idx = new Map();
  let at = 0;
  for (const line of file.text.split('\n')) {
    if (!/^\s*(#|openssl\b)/.test(line) && /[>]|\b(cp|mv|tee|install|curl|wget|ln|dd|base64|jq)\b/.test(line)) {
      for (const token of line.split(/[\s"'=>|&;()]+/)) {
        const name = token.split('/').pop();
        if (name) (idx.get(name) ?? idx.set(name, []).get(name)!).push(at);
      }
    }
    at += line.length + 1;
  }
  writesIndexes.set(file, idx);
  return idx;
}

/**
 * Whether a line of the script between offsets `from` and `to` may write file `path` other than
 * by openssl (`cat a.crt b.crt > ca.crt`, `>> ca.crt`, `cp`, `mv`, `tee`, `curl -o`): then what
 * the file holds is not only what openssl wrote, and it is not known here. Indexed per script
 * (a binary search per question: thousands of certificates in one script stay n log n).
 */
function rewritten(file: TextFile, from: number, to: number, path: Word): boolean {
  const name = (path.unknown ? path.raw.replace(/["']/g, '') : path.value).split('/').pop() ?? '';
  if (!name) return true;
  const list = writesIndex(file).get(name);
  if (!list) return false;
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < from) lo = mid + 1; else hi = mid; }
  return lo < list.length && list[lo] < to;
}

/** The root at the end of the chain an openssl signing command makes: followed through `-CA FILE` to what wrote FILE. */
function opensslRoot(model: PkiModel, c: OpensslCommand, depth = 0): MadeRoot | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (c.sub === 'req' && c.flags.has('x509')) return opensslRootAt(model, c);
  if (c.sub !== 'x509' || !c.flags.has('req')) return undefined;
  const ca = c.opts.get('CA');
  if (!ca) return c.opts.has('signkey') ? opensslRootAt(model, c) : undefined;
  const w = lastWriter(model, c.file, ca, c.cmd.start, 'signers');
  return w && w !== c && !rewritten(c.file, w.cmd.end, c.cmd.start, ca) ? opensslRoot(model, w, depth + 1) : undefined;
}

// ---- Vault ------------------------------------------------------------------------------------

interface MountDefs {
  roots: VaultRootDef[];
  intermediate: boolean;
  parents: Set<string>;
  /** Its CA is imported, rotated or replaced somewhere (`config/ca`, `issuers/import`, `root/rotate`): not the generated one. */
  replaced: boolean;
}
interface VaultRootDef { cn?: string; at: RelatedRef }

const mountIndexes = new WeakMap<PkiModel, Map<string, MountDefs>>();
/** `root/generate` commands by script (built with the mount index). */
const rootCommands = new WeakMap<PkiModel, Map<TextFile, VaultCaCommand[]>>();

/** What the workspace says makes each mount's CA (scripts and Terraform), indexed once per model. */
function mountIndex(model: PkiModel): Map<string, MountDefs> {
  let idx = mountIndexes.get(model);
  if (idx) return idx;
  const map = new Map<string, MountDefs>();
  idx = map;
  const defs = (mount: string) => map.get(mount) ?? map.set(mount, { roots: [], intermediate: false, parents: new Set(), replaced: false }).get(mount)!;
  const byFile = new Map<TextFile, VaultCaCommand[]>();
  const roots = new Map<TextFile, VaultCaCommand[]>();
  for (const c of model.vaultCaCommands) {
    (byFile.get(c.file) ?? byFile.set(c.file, []).get(c.file)!).push(c);
    if (c.op === 'root') {
      (roots.get(c.file) ?? roots.set(c.file, []).get(c.file)!).push(c);
      // A root imported or on a managed key may be any certificate: its identity is not known.
      const fresh = c.type === 'internal' || c.type === 'exported';
      const cn = fresh && c.commonName && !c.commonName.unknown ? String(c.commonName.value) : undefined;
      defs(c.mount).roots.push({ cn, at: { file: c.file, start: c.commonName?.start ?? c.start, end: c.commonName?.end ?? c.end, message: '' } });
    } else if (c.op === 'intermediate') defs(c.mount).intermediate = true;
  }
  // Any other way a mount's CA is set (in the scripts that talk to Vault): the generated root may not be the one in use.
  for (const f of byFile.keys()) {
    for (const m of f.text.matchAll(/([A-Za-z0-9_][A-Za-z0-9_\-/]*?)\/(?:config\/ca|issuers\/import\/[a-z]+|root\/rotate\/[a-z]+|root\/replace|intermediate\/set-signed)\b/g)) {
      const mount = m[1].replace(/^v1\//, '');
      if (!m[0].endsWith('set-signed') || map.get(mount)?.roots.length) defs(mount).replaced = true;
    }
  }
  // A script that makes one intermediate mount and signs with one root mount: that root signs it.
  for (const list of byFile.values()) {
    const ints = new Set(list.filter((c) => c.op === 'intermediate').map((c) => c.mount));
    const signers = new Set(list.filter((c) => c.op === 'sign-intermediate').map((c) => c.mount));
    if (ints.size === 1 && signers.size === 1) defs([...ints][0]).parents.add([...signers][0]);
    else if (ints.size && signers.size) for (const m of ints) defs(m).parents.add('?');
  }
  // Terraform: root_cert (a root), intermediate_cert_request (an intermediate), root_sign_intermediate (its csr names the request).
  const byTfFile = new Map<TextFile, typeof model.tf>();
  for (const r of model.tf) (byTfFile.get(r.file) ?? byTfFile.set(r.file, []).get(r.file)!).push(r);
  for (const resources of byTfFile.values()) {
    for (const r of resources) {
      const mount = r.type.startsWith('vault_pki_secret_backend_') ? tfMount(resources, r) : undefined;
      if (r.type === 'vault_pki_secret_backend_root_cert') {
        if (!mount) continue;
        const t = tfValue(r, 'type'), cn = tfValue(r, 'common_name');
        const fresh = t && !t.unknown && (t.value === 'internal' || t.value === 'exported');
        defs(mount).roots.push({ cn: fresh && cn && !cn.unknown ? String(cn.value) : undefined, at: { file: r.file, start: cn?.start ?? r.start, end: cn?.end ?? r.end, message: '' } });
      } else if (r.type === 'vault_pki_secret_backend_config_ca') {
        if (mount) defs(mount).replaced = true;
      } else if (r.type === 'vault_pki_secret_backend_intermediate_cert_request') {
        if (mount) defs(mount).intermediate = true;
      } else if (r.type === 'vault_pki_secret_backend_root_sign_intermediate') {
        const csr = tfValue(r, 'csr');
        const ref = csr?.unknown ? /^vault_pki_secret_backend_intermediate_cert_request\.([A-Za-z0-9_-]+)\.csr$/.exec(String(csr.value)) : null;
        const req = ref ? resources.find((x) => x.type === 'vault_pki_secret_backend_intermediate_cert_request' && x.name === ref[1]) : undefined;
        const child = req && tfMount(resources, req);
        if (child) defs(child).parents.add(mount ?? '?');
      }
    }
  }
  rootCommands.set(model, roots);
  mountIndexes.set(model, map);
  return map;
}

/** The root of a Vault mount: its own generated root, or (an intermediate mount) its one signing mount's. */
export function vaultMountRoot(model: PkiModel, mount: string, depth = 0): MadeRoot | undefined {
  const d = mountIndex(model).get(mount);
  if (!d || d.replaced || depth > MAX_DEPTH) return undefined;
  if (d.roots.length && !d.intermediate) {
    // Every place that makes this mount's root names the same common_name (copies of one guide), else not known which.
    const cn = d.roots[0].cn;
    if (!cn || d.roots.some((r) => r.cn !== cn)) return undefined;
    const label = `Vault mount ${mount}'s root "${cn}"`;
    return { kind: 'made', source: 'vault', id: `vault\u0000${mount}\u0000${cn}`, cn, label, at: { ...d.roots[0].at, message: `${label}: the root the client lacks` } };
  }
  if (d.intermediate && !d.roots.length && d.parents.size === 1) {
    const parent = [...d.parents][0];
    return parent === '?' || parent === mount ? undefined : vaultMountRoot(model, parent, depth + 1);
  }
  return undefined;
}

/**
 * The mount of a cert-manager Vault issuer's `spec.vault.path`: `<mount>/sign/<role>`,
 * `<mount>/sign-verbatim[/<role>]`, and the same after `issuer/<ref>/` (Vault 1.11+: one issuer of
 * the mount). The ref needs no reading: a mount whose root is known here has one issuer chain (a
 * root of another name, an import or a rotation leaves the mount's root unknown: vaultMountRoot).
 */
export function vaultIssuerMount(issuer: Manifest): string | undefined {
  const node = get(issuer.root, 'spec', 'vault', 'path');
  const path = str(node);
  if (!path || !node || isUnknown(issuer.file, node)) return undefined;
  const p = vaultSigningPath(path);
  return p && p.op !== 'issue' ? p.mount : undefined;
}

/** The root of the chain a cert-manager Vault issuer's Certificates get; undefined when not known. */
export function vaultIssuerRoots(ws: Workspace, issuer: Manifest): MadeRoot[] | undefined {
  const mount = vaultIssuerMount(issuer);
  const root = mount ? vaultMountRoot(pkiModel(ws), mount) : undefined;
  return root ? [root] : undefined;
}

// ---- certificates and Secret keys scripts make ------------------------------------------------

/** The root of a certificate a script makes (a Certificate of the model from `kubectl create secret tls`). */
export function scriptCertificateRoots(ws: Workspace, c: Manifest): MadeRoot[] | undefined {
  const o = scriptCertificateOf(c);
  const root = o?.signer ? opensslRoot(pkiModel(ws), o.signer) : undefined;
  return root ? [root] : undefined;
}

/** A file a script loads, as a trust anchor: the root openssl or Vault writes to it earlier in the script. */
function anchorOfFile(model: PkiModel, s: SecretFileCommand): MadeRoot | undefined {
  const w = lastWriter(model, s.file, s.path, s.cmd.start, 'signers');
  // Vault writing the root to the file (`vault write -field=certificate pki/root/generate/internal ... > ca.crt`), after any openssl writer.
  mountIndex(model);
  const v = (rootCommands.get(model)?.get(s.file) ?? []).filter((c) => c.cmd.start < s.cmd.start && (!w || c.cmd.start > w.cmd.start) && sameFile(c.out, s.path)).pop();
  if (rewritten(s.file, (v ?? w)?.cmd.end ?? 0, s.cmd.start, s.path)) return undefined;
  if (v) return vaultMountRoot(model, v.mount);
  // Only a self-signed root is an anchor known here (a file holding an intermediate also anchors chains through it).
  return w && ((w.sub === 'req' && w.flags.has('x509')) || (w.sub === 'x509' && w.flags.has('req') && !w.opts.has('CA') && w.opts.has('signkey'))) ? opensslRootAt(model, w) : undefined;
}

/** A Secret a script makes, as an object to relate to (its name where the kubectl command says it). */
const secretObjects = new WeakMap<SecretFileCommand['cmd'], Manifest>();
function secretObject(s: SecretFileCommand): Manifest {
  let m = secretObjects.get(s.cmd);
  if (m) return m;
  const root = new YAMLMap();
  const meta = new YAMLMap();
  const name = new Scalar(s.name);
  const [a, b] = wordRange(s.nameWord);
  name.range = [a, b, b];
  meta.items.push(new Pair(new Scalar('name'), name));
  root.items.push(new Pair(new Scalar('metadata'), meta));
  const doc = new Document() as unknown as Manifest['doc'];
  doc.contents = root as unknown as Manifest['doc']['contents'];
  const file = { path: s.file.path, text: s.file.text, templates: [], manifests: [], syntax: [], masked: '', order: [] } as unknown as ParsedFile;
  m = { file, docIndex: 0, doc, root, apiVersion: 'v1', kind: 'Secret', name: s.name, namespace: s.namespace, partial: false };
  secretObjects.set(s.cmd, m);
  return m;
}

const secretIndexes = new WeakMap<PkiModel, Map<string, SecretFileCommand[]>>();

/**
 * The roots key `key` of Secret `name` (namespace `ns`, undefined: any) holds when a script makes
 * it (`kubectl create secret generic NAME --from-file=KEY=FILE`): undefined when no script does,
 * or when the file's root is not known, or several commands make it.
 */
export function scriptSecretKeyRoots(ws: Workspace, name: string, ns: string | undefined, key: string): { roots?: MadeRoot[]; via: Manifest[] } | undefined {
  const model = pkiModel(ws);
  let idx = secretIndexes.get(model);
  if (!idx) {
    idx = new Map();
    for (const s of model.secretFiles) { const k = `${s.name}\u0000${s.key}`; (idx.get(k) ?? idx.set(k, []).get(k)!).push(s); }
    secretIndexes.set(model, idx);
  }
  const list = (idx.get(`${name}\u0000${key}`) ?? []).filter((s) => ns === undefined || s.namespace === ns);
  if (!list.length) return undefined;
  const s = list[0];
  if (list.some((x) => x.cmd !== s.cmd)) return { via: [] };
  const root = anchorOfFile(model, s);
  return { roots: root ? [root] : undefined, via: [secretObject(s)] };
}

// ---- comparing ---------------------------------------------------------------------------------

/** The part of `anchors` for made roots: anchor `t` against root `r`, one of them made. */
export function madeAnchors(
  t: MadeRoot | { kind: 'manifest' } | { kind: 'public' } | { kind: 'literal'; cert: { selfSigned: boolean; subject: { rfc4514: string } } },
  r: MadeRoot | { kind: 'manifest' } | { kind: 'public' } | { kind: 'literal'; cert: { selfSigned: boolean; subject: { rfc4514: string } } },
): 'yes' | 'no' | 'maybe' {
  if (t.kind === 'made' && r.kind === 'made') {
    if (t.id === r.id) return 'yes';
    // Two openssl commands making the same subject may use one key (`-key ca.key`): the same root to a verifier.
    if (t.source === 'openssl' && r.source === 'openssl') return t.subject && r.subject && t.subject !== r.subject ? 'no' : 'maybe';
    // A Vault mount generates its root's key; openssl and cert-manager make theirs: never the same root.
    return 'no';
  }
  const made = (t.kind === 'made' ? t : r) as MadeRoot;
  const other = t.kind === 'made' ? r : t;
  // cert-manager makes a selfSigned root's key itself; a made root is never one of the public CAs.
  if (other.kind === 'manifest' || other.kind === 'public') return 'no';
  if (other.kind === 'literal') {
    // A self-signed certificate whose CN differs is another root; anything else may be it (or an intermediate of its chain).
    const cn = /(?:^|,)CN=((?:\\.|[^,])*)/.exec(other.cert.subject.rfc4514)?.[1]?.replace(/\\(.)/g, '$1');
    return other.cert.selfSigned && made.cn !== undefined && cn !== undefined && cn !== made.cn ? 'no' : 'maybe';
  }
  return 'maybe';
}
