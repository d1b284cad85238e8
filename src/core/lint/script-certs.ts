// Certificates that openssl makes in a script and `kubectl create secret tls NAME --cert=FILE`
// loads, as Certificate objects of the workspace model (issue 14): the cross-file rules (SAN
// coverage of the Services whose pods mount Secret NAME, URLs those pods' clients dial, the
// usages mTLS needs) read them exactly as they read cert-manager Certificates, through
// `Workspace.certificatesForKey`. Each field's node sits where the script says it (the SAN in a
// heredoc or an -addext, the extendedKeyUsage line, else the `--cert` word), so findings point
// there. What is not known (a `$(...)`, a config that is not in the workspace, an extension file
// named by a variable) is unknown: the names are then "templated" for the rules, never wrong.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Manifest, ParsedFile } from './model';
import { LineIndex } from '../lines';
import { caFlag, entry, listItems, sanItems } from './openssl-conf';
import { confFor, type ConfSource, type OpensslCommand, type PkiModel, type TlsSecretCommand } from './pki-model';
import { wordRange, type Word } from './shell';

/** What made a script certificate: the kubectl command and the openssl command that signed it (none when made elsewhere). */
export interface ScriptCertificate { secret: TlsSecretCommand; signer?: OpensslCommand }

const origins = new WeakMap<Manifest, ScriptCertificate>();

/** The script and commands behind a Certificate of the model, when a script made it. */
export function scriptCertificateOf(m: Manifest): ScriptCertificate | undefined {
  return origins.get(m);
}

/** What makes a script certificate: `openssl x509 makes` (the signing line) or `kubectl loads`, and that command's 1-based line. */
function maker(o: ScriptCertificate): { what: string; line: number } {
  const cmd = o.signer?.cmd ?? o.secret.cmd;
  return { what: o.signer ? `openssl ${o.signer.sub} makes` : 'kubectl loads', line: scriptLine(o.secret.file, cmd.start) };
}

/** The 1-based line of an offset in a script (its line index built once). */
export function scriptLine(file: { text: string }, offset: number): number {
  let idx = lineIndexes.get(file);
  if (!idx) lineIndexes.set(file, (idx = new LineIndex(file.text)));
  return idx.position(offset).line + 1;
}
/** Line indexes of the scripts, built once each (messages of thousands of certificates stay linear). */
const lineIndexes = new WeakMap<object, LineIndex>();

/** `the certificate openssl x509 makes for Secret "web-tls" (scripts/certs.sh line 12)`, for messages. */
export function scriptCertificateName(m: Manifest): string | undefined {
  const o = origins.get(m);
  if (!o) return undefined;
  const { what, line } = maker(o);
  return `the certificate ${what} for Secret "${o.secret.name}" (${o.secret.file.path} line ${line})`;
}

/**
 * How a message names a certificate it relates: one a script makes by what makes it and where
 * (`scriptCertificateName`), a cert-manager one as `Certificate "NAME" (path)` (`withPath` false:
 * `Certificate "NAME"`).
 */
export function certificateLabel(m: Manifest, withPath = true): string {
  return scriptCertificateName(m) ?? `Certificate "${m.name}"${withPath ? ` (${m.file.path})` : ''}`;
}

/** Where a message tells to add a name: the script's subjectAltName, or the Certificate's dnsNames. */
export function namesFieldOf(m: Manifest): string {
  return origins.has(m) ? 'the subjectAltName the script gives it' : "the Certificate's dnsNames";
}

/**
 * How related places and lists name an object: `Kind "name" in namespace ns`, and a certificate
 * a script makes by what makes it (`the certificate openssl x509 makes for Secret "web-tls" in
 * namespace prod, scripts/certs.sh line 12`).
 */
export function objectLabel(m: Manifest): string {
  const o = origins.get(m);
  if (o) {
    const { what, line } = maker(o);
    return `the certificate ${what} for Secret "${o.secret.name}" in namespace ${o.secret.namespace} (${o.secret.file.path} line ${line})`;
  }
  return `${m.kind} "${m.name}"${m.namespace ? ` in namespace ${m.namespace}` : ''}`;
}

const EKU: Record<string, string> = {
  serverAuth: 'server auth', clientAuth: 'client auth', codeSigning: 'code signing', emailProtection: 'email protection',
  timeStamping: 'timestamping', OCSPSigning: 'ocsp signing', anyExtendedKeyUsage: 'any',
  '1.3.6.1.5.5.7.3.1': 'server auth', '1.3.6.1.5.5.7.3.2': 'client auth', '2.5.29.37.0': 'any',
};
const KU: Record<string, string> = {
  digitalSignature: 'digital signature', nonRepudiation: 'content commitment', contentCommitment: 'content commitment', keyEncipherment: 'key encipherment',
  dataEncipherment: 'data encipherment', keyAgreement: 'key agreement', keyCertSign: 'cert sign', cRLSign: 'crl sign', encipherOnly: 'encipher only', decipherOnly: 'decipher only',
};

/** A value placed at [start, end) of the script. */
interface At { value: string; start: number; end: number }

/** One extension as the certificate gets it: its value (unknown when not known) and where the script says it. */
interface Ext { value?: string; unknown: boolean; start: number; end: number; items?: At[] }

/** The Certificates the scripts of the model make (built once per model). */
export function scriptCertificates(model: PkiModel): Manifest[] {
  const out: Manifest[] = [];
  // One parsed file per script, holding all its certificates (and their unknown spans): rules
  // that look at a file once (its text, its templates) then do it once per script, not per
  // certificate (thousands of certificates in one script stay linear).
  const files = new Map<object, ParsedFile>();
  for (const s of model.secrets) {
    try {
      let file = files.get(s.file);
      if (!file) files.set(s.file, (file = { path: s.file.path, text: masked(s.file.text), templates: [], manifests: [], syntax: [], masked: '', order: [] }));
      const m = build(model, s, file);
      if (m) out.push(m);
    } catch {
      // A script the reader half understands makes no certificate, never a wrong one.
    }
  }
  for (const f of files.values()) f.templates.sort((a, b) => a[0] - b[0]);
  return out;
}

function build(model: PkiModel, s: TlsSecretCommand, file: ParsedFile): Manifest | undefined {
  // The last openssl command before the kubectl line that writes the --cert file and signs a certificate.
  const signer = lastWriter(model, s.file, s.cert, s.cmd.start, 'signers');
  // No openssl line of this script writes the file (made by hand, by another script, fetched):
  // Secret NAME still exists once the script runs, with a certificate nothing is known about.
  const certAt = wordRange(s.cert);
  const unknownSpans = file.templates;
  const place = (e: Ext): Ext => (e.start >= 0 ? e : { ...e, start: certAt[0], end: certAt[1] });
  const exts: Exts = signer ? extensions(model, signer) : { unknown: true };
  const san = exts.subjectAltName && place(exts.subjectAltName);
  // No subjectAltName: OpenSSL (not Go) falls back to the CN, so the CN is the one name.
  let names: Ext = san ?? { unknown: true, start: certAt[0], end: certAt[1] };
  if (!san && !exts.unknown) {
    const cn = signer && subjectCn(model, signer);
    if (cn && !cn.unknown) names = { unknown: false, start: certAt[0], end: certAt[1], items: [{ value: `DNS:${cn.value}`, start: certAt[0], end: certAt[1] }] };
  }
  if (names.unknown || exts.unknown) unknownSpans.push(certAt);

  const root = new YAMLMap();
  const pair = (map: YAMLMap, key: string, value: Node) => { map.items.push(new Pair(new Scalar(key), value)); return value; };
  const scalar = (value: unknown, a: number, b: number) => { const n = new Scalar(value); n.range = [a, b, b]; return n; };
  const seq = (list: At[], a: number, b: number) => {
    const n = new YAMLSeq();
    for (const x of list) n.items.push(scalar(x.value, x.start, x.end));
    n.range = [a, b, b];
    return n;
  };
  const nameAt = wordRange(s.nameWord);
  pair(root, 'apiVersion', scalar('cert-manager.io/v1', nameAt[0], nameAt[1]));
  pair(root, 'kind', scalar('Certificate', nameAt[0], nameAt[1]));
  const meta = pair(root, 'metadata', new YAMLMap()) as YAMLMap;
  pair(meta, 'name', scalar(s.name, nameAt[0], nameAt[1]));
  pair(meta, 'namespace', scalar(s.namespace, nameAt[0], nameAt[1]));
  const spec = pair(root, 'spec', new YAMLMap()) as YAMLMap;
  spec.range = [certAt[0], certAt[1], certAt[1]];
  pair(spec, 'secretName', scalar(s.name, nameAt[0], nameAt[1]));
  const byType = (t: string) => (names.items ?? []).filter((i) => i.value.toUpperCase().startsWith(`${t}:`)).map((i) => ({ ...i, value: i.value.slice(t.length + 1) }));
  // Unknown names: one name over an unknown span of the script, which the rules skip (as a template).
  const unknownNames = names.unknown || exts.unknown;
  pair(spec, 'dnsNames', seq(unknownNames ? [{ value: '?', start: certAt[0], end: certAt[1] }] : byType('DNS'), certAt[0], certAt[1]));
  const ips = byType('IP'), uris = byType('URI');
  if (ips.length && !unknownNames) pair(spec, 'ipAddresses', seq(ips, certAt[0], certAt[1]));
  if (uris.length && !unknownNames) pair(spec, 'uris', seq(uris, certAt[0], certAt[1]));
  // Usages: only when both lists are known (no extendedKeyUsage at all means any purpose).
  const eku = exts.extendedKeyUsage && place(exts.extendedKeyUsage);
  const ku = exts.keyUsage && place(exts.keyUsage);
  if (eku && !eku.unknown && (!ku || !ku.unknown) && !exts.unknown) {
    const list: At[] = [];
    for (const [e, table] of [[ku, KU], [eku, EKU]] as const) {
      for (const it of listItems(e?.value ?? '', 0)) if (table[it.text]) list.push({ value: table[it.text], start: e!.start, end: e!.end });
    }
    pair(spec, 'usages', seq(list, eku.start, eku.end));
  }
  const bc = exts.basicConstraints;
  if (bc && !bc.unknown && caFlag(bc.value ?? '') === true) pair(spec, 'isCA', scalar(true, certAt[0], certAt[1]));

  const doc = new Document() as unknown as Manifest['doc'];
  doc.contents = root as unknown as Manifest['doc']['contents'];
  const m: Manifest = { file, docIndex: 0, doc, root, apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: s.name, namespace: s.namespace, partial: false };
  file.manifests.push(m);
  origins.set(m, { secret: s, signer });
  return m;
}

/** The script's text with no `$` or `<`: its values were expanded by the reader (unknown ones are spans). */
function masked(text: string): string {
  return text.replace(/[$<]/g, ' ');
}

/** Two words name the same file: equal values when both are known, else the same text. */
export function sameFile(a: Word | undefined, b: Word): boolean {
  if (!a) return false;
  if (!a.unknown && !b.unknown) return a.value === b.value;
  return normRaw(a) === normRaw(b);
}

const KEYS = ['subjectAltName', 'extendedKeyUsage', 'keyUsage', 'basicConstraints'] as const;
type Exts = Partial<Record<(typeof KEYS)[number], Ext>> & { unknown: boolean };

/**
 * The extensions the signing command puts in the certificate: `-addext` (req -x509), the
 * section of `-extfile`/`-config` (`-extensions`, else the file's default section for -extfile),
 * and with `-copy_extensions copy` the CSR's. `unknown`: the command takes extensions from
 * somewhere that is not known here. Entries outside this script get start -1 (placed at --cert).
 */
function extensions(model: PkiModel, c: OpensslCommand): Exts {
  const out: Exts = { unknown: false };
  if (c.sub === 'x509') {
    const copy = c.opts.get('copy_extensions');
    if (copy && (copy.unknown || copy.value !== 'none')) {
      const req = csrOf(model, c);
      if (!req) { out.unknown = true; return out; }
      fromConfig(model, req, 'reqexts', 'req_extensions', out);
      addexts(req, out);
    }
    const extfile = c.opts.get('extfile');
    if (extfile) {
      const conf = confFor(model, c.file, extfile);
      const secWord = c.opts.get('extensions');
      if (!conf || secWord?.unknown) out.unknown = true;
      else fromSection(c, conf, secWord?.value ?? '', out);
    }
  } else {
    // Without -config, the system's openssl.cnf: its x509_extensions (v3_ca) name no SAN or EKU.
    fromConfig(model, c, 'extensions', 'x509_extensions', out);
    addexts(c, out);
  }
  return out;
}

/** The section of `-config` that `-<opt>` (else `[req] <key>`) names. */
function fromConfig(model: PkiModel, c: OpensslCommand, opt: string, key: string, out: Exts): void {
  const confWord = c.opts.get('config');
  const secWord = c.opts.get(opt);
  if (!confWord) { if (secWord) out.unknown = true; return; }
  const conf = confFor(model, c.file, confWord);
  if (!conf || secWord?.unknown) { out.unknown = true; return; }
  const name = secWord?.value ?? entry(conf.conf.sections.get('req'), key)?.value;
  if (name) fromSection(c, conf, name, out);
}

/** The extension entries of one section (an unknown or missing section makes everything unknown). */
function fromSection(c: OpensslCommand, conf: ConfSource, name: string, out: Exts): void {
  const sec = conf.conf.sections.get(name);
  if (!sec) { out.unknown = true; return; }
  // Entries of another file are placed at the --cert word (start -1): findings stay in the script.
  const here = conf.file === c.file;
  const at = (x: { start: number; end: number }) => (here ? { start: x.start, end: x.end } : { start: -1, end: -1 });
  for (const k of KEYS) {
    const e = entry(sec, k);
    if (!e) continue;
    const ext: Ext = { value: e.value, unknown: e.unknown, ...at(e) };
    if (k === 'subjectAltName') {
      const { items, missing } = sanItems(conf.conf, e);
      if (missing.length || items.some((i) => i.unknown)) ext.unknown = true;
      ext.items = items.map((i) => ({ value: `${i.type.toUpperCase()}:${i.value}`, ...at(i) }));
    }
    out[k] = ext;
  }
}

/** `-addext "name = value"` options of a command (they override the config's). */
function addexts(c: OpensslCommand, out: Exts): void {
  for (const [k, w] of c.opts) {
    if (!k.startsWith('addext#')) continue;
    const eq = w.value.indexOf('=');
    const key = (eq < 0 ? w.value : w.value.slice(0, eq)).trim();
    if (eq < 0 || w.value.slice(0, eq).includes('?')) { out.unknown = true; continue; }
    if (!(KEYS as readonly string[]).includes(key)) continue;
    const v = w.value.slice(eq + 1);
    const lead = v.length - v.trimStart().length;
    const [s, e] = wordRange(w, eq + 1 + lead);
    const ext: Ext = { value: v.trim(), unknown: v.includes('?') && w.unknown, start: s, end: e };
    if (key === 'subjectAltName') {
      ext.items = [];
      for (const it of listItems(v, eq + 1)) {
        const colon = it.text.indexOf(':');
        if (colon < 0) { ext.unknown = true; continue; }
        const [a, b] = wordRange(w, it.start + colon + 1, it.end);
        ext.items.push({ value: `${it.text.slice(0, colon).trim().toUpperCase()}:${it.text.slice(colon + 1).trim()}`, start: a, end: b });
      }
    }
    out[key as (typeof KEYS)[number]] = ext;
  }
}

/** The `openssl req` of the same script that wrote the CSR an `x509 -req -in CSR` signs. */
function csrOf(model: PkiModel, c: OpensslCommand): OpensslCommand | undefined {
  const input = c.opts.get('in');
  return input && lastWriter(model, c.file, input, c.cmd.start, 'requests');
}

/** openssl commands by the file they write (`-out`): signers of certificates, and `req`s (CSRs too). */
interface Writers { byValue: Map<string, OpensslCommand[]>; byRaw: Map<string, OpensslCommand[]> }
const writers = new WeakMap<PkiModel, Record<'signers' | 'requests', Writers>>();
const normRaw = (w: Word) => w.raw.replace(/["']/g, '').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');

/**
 * The last command of `kind` in `file` before offset `before` whose `-out` names the same file as
 * `w` (as `sameFile` decides). Indexed once per model, so a script with many commands stays linear.
 */
export function lastWriter(model: PkiModel, file: OpensslCommand['file'], w: Word, before: number, kind: 'signers' | 'requests'): OpensslCommand | undefined {
  let idx = writers.get(model);
  if (!idx) {
    idx = { signers: { byValue: new Map(), byRaw: new Map() }, requests: { byValue: new Map(), byRaw: new Map() } };
    for (const c of model.openssl) {
      const out = c.opts.get('out');
      if (!out) continue;
      const k = (c.sub === 'x509' && c.flags.has('req')) || (c.sub === 'req' && c.flags.has('x509')) ? 'signers' : c.sub === 'req' ? 'requests' : undefined;
      // A self-signed req -x509 writes a certificate; either way it is a req.
      const kinds: Array<'signers' | 'requests'> = k === 'signers' && c.sub === 'req' ? ['signers', 'requests'] : k ? [k] : [];
      for (const kk of kinds) {
        const add = (m: Map<string, OpensslCommand[]>, key: string) => (m.get(key) ?? m.set(key, []).get(key)!).push(c);
        if (!out.unknown) add(idx[kk].byValue, `${c.file.path}\0${out.value}`);
        add(idx[kk].byRaw, `${c.file.path}\0${normRaw(out)}`);
      }
    }
    for (const k of ['signers', 'requests'] as const) for (const m of [idx[k].byValue, idx[k].byRaw]) for (const l of m.values()) l.sort((x, y) => x.cmd.start - y.cmd.start);
    writers.set(model, idx);
  }
  // Each list holds one script's writers of one name in script order: the last before `before`
  // by binary search (thousands of pairs writing the same file stay n log n, not quadratic).
  const lastBefore = (list: OpensslCommand[] | undefined): OpensslCommand | undefined => {
    if (!list) return undefined;
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid].cmd.start < before) lo = mid + 1; else hi = mid; }
    for (let i = lo - 1; i >= 0; i--) if (sameFile(list[i].opts.get('out'), w)) return list[i];
    return undefined;
  };
  const a = w.unknown ? undefined : lastBefore(idx[kind].byValue.get(`${file.path}\0${w.value}`));
  const b = lastBefore(idx[kind].byRaw.get(`${file.path}\0${normRaw(w)}`));
  return a && b ? (a.cmd.start > b.cmd.start ? a : b) : a ?? b;
}

/** The CN of the certificate's subject: -subj of a self-signed req, or of the req that made the CSR. */
export function subjectCn(model: PkiModel, c: OpensslCommand): { value: string; unknown: boolean } | undefined {
  const req = c.sub === 'req' ? c : csrOf(model, c);
  const subj = req?.opts.get('subj');
  if (!subj) return undefined;
  const m = /\/CN=([^/]*)/.exec(subj.value);
  if (!m) return subj.unknown ? { value: '', unknown: true } : undefined;
  return { value: m[1], unknown: m[1].includes('?') && subj.unknown };
}
