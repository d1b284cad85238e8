// Rules for the CA you run yourself (issue 14): openssl commands and config files, Vault PKI roles
// (from `vault write` lines and Terraform), issue requests (scripts, Terraform, Vault Agent
// templates) and the cert-manager Vault Issuers and Certificates that sign through a role.
import type { Node } from 'yaml';
import { humanDuration, parseGoDuration, renewAfterMs } from '../durations';
import { get, isUnknown, Manifest, range, str, strings } from '../model';
import { caFlag, entry, EXTENSION_DOCS, listItems, sanItems, sanProblem, valueRange, type ConfEntry, type ConfSection } from '../openssl-conf';
import { confFor, pkiModel, tfValue, type ConfSource, type OpensslCommand, type PkiModel, type TextFile, type TfResource, type VaultCa, type VaultRequest, type VaultRole, vaultSigningPath } from '../pki-model';
import type { Reporter } from '../rules';
import { subjectCn } from '../script-certs';
import { wordRange, type Word } from '../shell';
import { keyProblem, roleAdmitsIp, roleAdmitsName, roleAdmitsUri, roleBool, roleKey, roleList, roleTtl, vaultTtl, type RoleValue, type Verdict } from '../vault';
import { relatedRefs, summaryOf, type RelatedRef, type Workspace } from '../workspace';
import { isCertManager, isIp } from './certmanager';

const WEAK_CURVES = /^(secp112|secp128|secp160|secp192|prime192|secp224|prime239|sect1[0-9]{2}|c2pnb1|c2tnb1|wap-)/i;

/** Vault's system-wide default max lease TTL (32 days), for mounts whose own is not known. */
export const VAULT_DEFAULT_MAX_LEASE_MS = 768 * 3_600_000;

export function pkiRules(r: Reporter, ws: Workspace): void {
  const model = pkiModel(ws);
  for (const c of model.openssl) opensslCommand(r, model, c);
  leafOutlivesCa(r, model);
  for (const c of model.confs) confRules(r, c);
  for (const req of model.requests) vaultRequest(r, ws, model, req);
  for (const role of model.roles) vaultRoleTtl(r, model, role);
  certManagerVault(r, ws, model);
  terraformTls(r, model);
}

// ---- openssl ---------------------------------------------------------------------------------

/**
 * A finding on value[a, b) of a word; with `fix`, a quick fix writing it there when the word says
 * it literally (a value that comes from a variable is fixed where the variable is set, not here).
 */
function at(r: Reporter, file: TextFile, w: Word, code: string, message: string, a?: number, b?: number, fix?: string): void {
  const [s, e] = wordRange(w, a, b);
  const literal = fix !== undefined && !w.unknown && file.text.slice(s, e) === w.value.slice(a ?? 0, b ?? w.value.length);
  r.at(file, s, e, code, message, literal ? [replace(file, s, e, fix!)] : undefined);
}

function opensslCommand(r: Reporter, model: PkiModel, c: OpensslCommand): void {
  const { sub, opts, flags, positionals, file } = c;
  const weak = (w: Word, bits: number, a?: number, b?: number) =>
    at(r, file, w, 'openssl-weak-key', `A ${bits}-bit RSA key: OpenSSL at security level 2 (Debian, Ubuntu, RHEL defaults) refuses it in TLS ("ee key too small") and it can be factored. Use 2048 or more (or EC P-256).`, a, b, '2048');
  if (sub === 'genrsa') {
    const bits = positionals.find((w) => !w.unknown && /^\d+$/.test(w.value));
    if (bits && Number(bits.value) < 2048) weak(bits, Number(bits.value));
  }
  const newkey = opts.get('newkey');
  const nk = newkey && !newkey.unknown ? /^rsa:(\d+)$/i.exec(newkey.value) : null;
  if (newkey && nk && Number(nk[1]) < 2048) weak(newkey, Number(nk[1]), 4);
  for (const [k, w] of opts) {
    if (k !== 'pkeyopt' || w.unknown) continue;
    const m = /^rsa_keygen_bits:(\d+)$/.exec(w.value);
    if (m && Number(m[1]) < 2048) weak(w, Number(m[1]), w.value.indexOf(':') + 1);
  }
  const curve = opts.get('name');
  if (sub === 'ecparam' && curve && !curve.unknown && WEAK_CURVES.test(curve.value)) {
    at(r, file, curve, 'openssl-weak-key', `The curve ${curve.value} is under 256 bits: Go and current TLS libraries do not offer it. Use prime256v1 (P-256) or secp384r1.`);
  }
  // Digests: only where a certificate is signed (a CSR's own signature is replaced by the CA's).
  const signsCert = (sub === 'req' && flags.has('x509')) || (sub === 'x509' && (flags.has('req') || opts.has('signkey') || opts.has('CA'))) || sub === 'ca';
  if (signsCert) {
    for (const d of ['sha1', 'md5', 'md4']) {
      const w = flags.get(d);
      if (w) at(r, file, w, 'openssl-weak-digest', `-${d} signs the certificate with ${d.toUpperCase()}: Go refuses it ("x509: insecure algorithm ${d.toUpperCase()}-RSA"), and so do current browsers and OpenSSL at security level 1+. Use -sha256.`, undefined, undefined, '-sha256');
    }
    const md = opts.get('md');
    if (md && !md.unknown && /^(sha1|md5|md4)$/i.test(md.value)) at(r, file, md, 'openssl-weak-digest', `-md ${md.value} signs the certificate with ${md.value.toUpperCase()}: Go and current clients refuse it. Use sha256.`, undefined, undefined, 'sha256');
  }
  for (const [k, w] of opts) if (k.startsWith('addext#')) addext(r, file, w);
  if (sub === 'x509' && flags.has('req')) cnOnlySigned(r, model, c);
  if (sub === 'req' && flags.has('x509')) cnOnlySelfSigned(r, model, c);
}

/** `-addext "subjectAltName=DNS:a,IP:b"`: the same SAN syntax as config files. */
function addext(r: Reporter, file: TextFile, w: Word): void {
  if (w.unknown && !w.value.startsWith('subjectAltName')) return;
  const eq = w.value.indexOf('=');
  if (eq < 0 || w.value.slice(0, eq).trim() !== 'subjectAltName') return;
  const v = w.value.slice(eq + 1);
  // Offsets inside the word: exact only for characters that are literally in the text.
  for (const item of listItems(v, eq + 1)) {
    const colon = item.text.indexOf(':');
    if (colon < 0) continue;
    const type = item.text.slice(0, colon).trim(), value = item.text.slice(colon + 1).trim();
    if (value.includes('?')) continue;
    const problem = sanProblem(type, value, isIp);
    if (problem) at(r, file, w, 'openssl-san-syntax', `subjectAltName ${problem}.`, item.start + colon + 1, item.end);
  }
}

/** What a section of extensions says: a CA, a client-only certificate, has SANs. */
function sectionKind(sec: ConfSection): { ca?: boolean; san: boolean; serverUse: boolean; unknown: boolean } {
  const bc = entry(sec, 'basicConstraints');
  const eku = entry(sec, 'extendedKeyUsage');
  return {
    ca: bc && !bc.unknown ? caFlag(bc.value) : undefined,
    san: !!entry(sec, 'subjectAltName'),
    serverUse: !eku || eku.unknown || /serverAuth|1\.3\.6\.1\.5\.5\.7\.3\.1/.test(eku.value),
    unknown: sec.entries.some((e) => e.unknown && /^(subjectAltName|basicConstraints|extendedKeyUsage)$/.test(e.key)),
  };
}

const CN_ONLY = 'Go (since 1.15: "x509: certificate relies on legacy Common Name field, use SANs instead"), browsers and most TLS clients refuse it for a server';

function cnOnlySigned(r: Reporter, model: PkiModel, c: OpensslCommand): void {
  const copy = c.opts.get('copy_extensions');
  if (copy && (copy.unknown || copy.value !== 'none')) return;
  const extfile = c.opts.get('extfile');
  const cn = subjectCn(model, c);
  const named = cn && !cn.unknown ? ` (CN=${cn.value})` : '';
  if (!extfile) {
    const w = c.flags.get('req')!;
    at(r, c.file, w, 'openssl-cn-only', `openssl x509 -req without -extfile signs a certificate${named} with no subjectAltName: ${CN_ONLY}. Add -extfile with subjectAltName = DNS:<name> (and -extensions <section>).`);
    return;
  }
  const conf = confFor(model, c.file, extfile);
  const secWord = c.opts.get('extensions');
  if (!conf || secWord?.unknown) return;
  const sec = conf.conf.sections.get(secWord?.value ?? '');
  if (!sec) return;
  const k = sectionKind(sec);
  if (k.san || k.ca || k.unknown || !k.serverUse) return;
  at(r, c.file, extfile, 'openssl-cn-only', `The extensions${secWord ? ` in [${secWord.value}]` : ''} of ${extfile.value} have no subjectAltName, so the certificate${named} names its host only in the CN: ${CN_ONLY}. Add subjectAltName = DNS:<name>.`);
}

function cnOnlySelfSigned(r: Reporter, model: PkiModel, c: OpensslCommand): void {
  const secWord = c.opts.get('extensions');
  const conf = confFor(model, c.file, c.opts.get('config'));
  if (!secWord || secWord.unknown || !conf) return;
  const sec = conf.conf.sections.get(secWord.value);
  if (!sec) return;
  const k = sectionKind(sec);
  if (k.ca !== false || k.san || k.unknown || !k.serverUse) return;
  if ([...c.opts.keys()].some((x) => x.startsWith('addext#') && /subjectAltName/.test(c.opts.get(x)!.value))) return;
  at(r, c.file, secWord, 'openssl-cn-only', `The extensions [${secWord.value}] make a leaf with no subjectAltName: ${CN_ONLY}. Add subjectAltName = DNS:<name>.`);
}

/** A leaf signed for longer than its CA was made for, in the same script. */
function leafOutlivesCa(r: Reporter, model: PkiModel): void {
  const days = (c: OpensslCommand) => { const d = c.opts.get('days'); return d && !d.unknown && /^\d+$/.test(d.value) ? { w: d, n: Number(d.value) } : d ? undefined : { w: undefined, n: 30 }; };
  for (const leaf of model.openssl) {
    if (leaf.sub !== 'x509' || !leaf.flags.has('req')) continue;
    const caFile = leaf.opts.get('CA');
    if (!caFile) continue;
    const ca = model.openssl.find((x) => x.file === leaf.file && x.sub === 'req' && x.flags.has('x509') && x.opts.get('out')?.raw === caFile.raw);
    if (!ca) continue;
    const a = days(ca), b = days(leaf);
    if (!a || !b?.w || b.n <= a.n) continue;
    at(r, leaf.file, b.w, 'openssl-leaf-outlives-ca', `-days ${b.n} outlives the CA ${caFile.value} (made with -days ${a.n}): when the CA expires, every client refuses this certificate although it is still "valid". Use at most ${a.n} days, or renew the leaf before the CA expires.`);
  }
}

function confRules(r: Reporter, c: ConfSource): void {
  // A value the shell filled in from a variable is fixed where the variable is set: no edit here.
  const fixable = (e: ConfEntry, a: number, b: number, fix: ReturnType<typeof replace>) => {
    if (!e.from || !e.to) return [fix];
    let v = '';
    for (let i = 0; i < e.value.length; i++) if (e.from[i] >= a && e.to[i] <= b) v += e.value[i];
    return c.file.text.slice(a, b) === v ? [fix] : undefined;
  };
  for (const sec of c.conf.sections.values()) {
    for (const e of sec.entries) {
      if (e.unknown) {
        if (e.key === 'subjectAltName') sanEntry(r, c, e);
        continue;
      }
      if (e.key === 'default_md' && /^(sha1|md5|md4)$/i.test(e.value)) {
        r.at(c.file, e.start, e.end, 'openssl-weak-digest', `default_md = ${e.value}: certificates signed with this config use ${e.value.toUpperCase()}, which Go and current clients refuse. Use sha256.`, fixable(e, e.start, e.end, replace(c.file, e.start, e.end, 'sha256')));
      }
      if (e.key === 'default_bits' && /^\d+$/.test(e.value) && Number(e.value) < 2048) {
        r.at(c.file, e.start, e.end, 'openssl-weak-key', `default_bits = ${e.value}: keys this small are refused by OpenSSL at security level 2 ("ee key too small") and can be factored. Use 2048 or more.`, fixable(e, e.start, e.end, replace(c.file, e.start, e.end, '2048')));
      }
      if (e.key === 'subjectAltName') sanEntry(r, c, e);
      if (e.key === 'basicConstraints' && caFlag(e.value) === true) {
        const eku = entry(sec, 'extendedKeyUsage');
        const san = entry(sec, 'subjectAltName');
        const leafEku = eku && !eku.unknown && /serverAuth|clientAuth/.test(eku.value);
        const dnsSan = san && sanItems(c.conf, san).items.some((i) => /^(DNS|IP)$/i.test(i.type));
        if (leafEku || dnsSan) {
          const m = /CA\s*:\s*true/i.exec(e.value)!;
          const [a, b] = valueRange(e, m.index, m.index + m[0].length);
          r.at(c.file, a, b, 'openssl-leaf-is-ca', `[${sec.name || 'default'}] is a leaf (${leafEku ? `extendedKeyUsage ${eku!.value}` : 'it names hosts in subjectAltName'}) but says CA:TRUE: the certificate can sign others, and Firefox and strict verifiers refuse a CA certificate as a server certificate. Write CA:FALSE.`, fixable(e, a, b, replace(c.file, a, b, 'CA:FALSE')));
        }
      }
      if (e.key === 'nsCertType' || e.key === 'nsComment') {
        const lineStart = c.file.text.lastIndexOf('\n', e.keyStart - 1) + 1;
        const nl = c.file.text.indexOf('\n', e.end);
        r.at(c.file, e.keyStart, e.end, 'openssl-obsolete-extension', `${e.key} is an obsolete Netscape extension: Go and openssl verifiers read extendedKeyUsage${e.key === 'nsCertType' ? ' (serverAuth, clientAuth)' : ''} instead. Remove it.`,
          [{ title: `Remove ${e.key}`, edits: [{ file: c.file.path, start: lineStart, end: nl < 0 ? c.file.text.length : nl + 1, newText: '' }] }]);
      }
    }
  }
}

function sanEntry(r: Reporter, c: ConfSource, e: ConfEntry): void {
  const { items, missing } = sanItems(c.conf, e);
  for (const m of missing) r.at(c.file, m.start, m.end, 'openssl-san-syntax', `subjectAltName names the section [${m.text.slice(1)}], which this config does not have: openssl stops with "section not found". Add the section or fix the name.`);
  for (const it of items) {
    if (it.unknown) continue;
    const problem = sanProblem(it.type, it.value, isIp);
    if (problem) r.at(c.file, it.start, it.end, 'openssl-san-syntax', `${it.type}: ${problem}.`);
  }
}

function replace(file: TextFile, start: number, end: number, newText: string) {
  return { title: `Change to ${newText}`, edits: [{ file: file.path, start, end, newText }] };
}

// ---- Vault -----------------------------------------------------------------------------------

/**
 * The one role a request or Issuer path names (same mount when both are known), from the file
 * itself, else the nearest folder that defines one (README "Scopes"); none when ambiguous.
 */
export function resolveRole(ws: Workspace, model: PkiModel, from: { path: string }, mount: string | undefined, name: string): VaultRole | undefined {
  const hits = model.roles.filter((r) => r.name === name && (!r.mount || !mount || r.mount === mount));
  const exact = hits.filter((r) => r.mount === mount);
  let list = exact.length ? exact : hits;
  if (list.length > 1) {
    const same = list.filter((r) => r.file.path === from.path);
    list = same.length ? same : ws.scopeCandidates(from, list.map((r) => ({ path: r.file.path, r }))).map((x) => x.r);
  }
  return list.length === 1 ? list[0] : undefined;
}

/** The mount's max lease TTL when the workspace sets it. */
export function mountMax(model: PkiModel, mount: string | undefined): { ms: number; v: RoleValue } | undefined {
  if (!mount) return undefined;
  let out: { ms: number; v: RoleValue } | undefined;
  for (const m of model.mounts) {
    if (m.path !== mount || !m.maxLeaseTtl) continue;
    if (m.maxLeaseTtl.unknown) return undefined;
    const ms = vaultTtl(m.maxLeaseTtl.value as string);
    if (ms !== undefined) out = { ms, v: m.maxLeaseTtl };
  }
  return out;
}

/** The longest certificate the role can sign: min(max_ttl, the mount's max lease TTL), with why. */
export function roleCap(model: PkiModel, role: VaultRole): { ms: number; why: string; what: string } | undefined {
  const max = roleTtl(role.fields, 'max_ttl');
  const mm = mountMax(model, role.mount);
  if (role.fields.get('max_ttl')?.unknown) return undefined;
  if (max !== undefined && max > 0 && (!mm || max <= mm.ms)) return { ms: max, why: `the role's max_ttl ${humanDuration(max)}`, what: `Vault role ${roleName(role)} max_ttl ${role.fields.get('max_ttl')!.value}` };
  if (mm) return { ms: mm.ms, why: `the max lease TTL of mount ${role.mount} (${humanDuration(mm.ms)})`, what: `the max lease TTL of Vault mount ${role.mount} (${mm.v.value})` };
  return undefined;
}

/**
 * The lifetime of the one CA certificate a mount signs with (an intermediate's capped by its
 * root's), with the place that says it; undefined when not known or the mount has several.
 */
export function caLifetime(model: PkiModel, mount: string | undefined, depth = 0): { ms: number; ca: VaultCa } | undefined {
  const list = model.cas.filter((c) => c.mount === mount);
  if (!mount || list.length !== 1 || list[0].ttl.unknown || depth > 3) return undefined;
  const ca = list[0];
  let ms = vaultTtl(String(ca.ttl.value));
  if (ms === undefined) return undefined;
  const parent = ca.parent && ca.parent !== mount ? caLifetime(model, ca.parent, depth + 1) : undefined;
  if (parent && parent.ms < ms) ms = parent.ms;
  return { ms, ca };
}

/** A TTL (after the role's cap) longer than the CA's whole lifetime: Vault refuses the request. */
function ttlBeyondCa(model: PkiModel, role: VaultRole, ms: number, what: string): { message: string; related: RelatedRef } | undefined {
  const ca = caLifetime(model, role.mount);
  if (!ca || ms <= ca.ms) return undefined;
  const life = humanDuration(ca.ms);
  return {
    message: `${what} outlives the CA of mount ${role.mount} (valid ${life}${ca.ca.parent ? `, signed by ${ca.ca.parent}` : ''}): Vault refuses to issue it ("cannot satisfy request, as TTL would result in notAfter ... beyond the expiration of the CA certificate"). Ask for at most ${life}, or issue the CA with a longer ttl.`,
    related: { file: ca.ca.file, start: ca.ca.start, end: ca.ca.end, message: `The CA certificate of mount ${role.mount} (ttl ${ca.ca.ttl.value})` },
  };
}

/** How far Vault backdates notBefore for a role's certificates (`not_before_duration`, 30s by default); undefined when not known. */
export function roleBackdateMs(role: VaultRole): number | undefined {
  const v = role.fields.get('not_before_duration');
  if (!v) return 30_000;
  return v.unknown ? undefined : vaultTtl(v.value as string);
}

/**
 * The cap a cert-manager Vault Issuer/ClusterIssuer puts on the lifetime of its Certificates: its
 * role's max_ttl or the mount's max lease TTL (the role from `spec.vault.path` `<mount>/sign/<role>`,
 * read by the Vault rule pack from scripts and Terraform), with Vault's backdating of notBefore.
 * Undefined when the issuer is not a Vault issuer, its role or any of these values is not known.
 */
export function vaultLifetimeCap(ws: Workspace, issuer: Manifest): { ms: number; backdateMs: number; what: string; related: RelatedRef } | undefined {
  const pathNode = get(issuer.root, 'spec', 'vault', 'path');
  const path = str(pathNode);
  if (!path || !pathNode || isUnknown(issuer.file, pathNode)) return undefined;
  const p = vaultIssuerPath(path);
  if (!p) return undefined;
  const model = pkiModel(ws);
  const role = resolveRole(ws, model, issuer.file, p.mount, p.role);
  if (!role || role.opaque) return undefined;
  const cap = roleCap(model, role);
  const backdateMs = roleBackdateMs(role);
  if (!cap || backdateMs === undefined) return undefined;
  return { ms: cap.ms, backdateMs, what: cap.what, related: { file: role.file, start: role.start, end: role.end, message: `${cap.what}: caps every certificate ${issuer.kind} "${issuer.name}" signs` } };
}

function roleRef(role: VaultRole, what = 'The Vault role'): RelatedRef {
  return { file: role.file, start: role.start, end: role.end, message: `${what} ${role.mount ? `${role.mount}/roles/` : ''}${role.name}` };
}

function report(r: Reporter, file: TextFile, s: number, e: number, code: string, message: string, role: VaultRole): void {
  r.at(file, s, e, code, message);
  relatedRefs.set(r.findings[r.findings.length - 1], [roleRef(role)]);
}

const roleName = (role: VaultRole) => `${role.mount ?? '<mount>'}/roles/${role.name}`;

function denied(v: Verdict): v is { ok: false; why: string } {
  return 'ok' in v && !v.ok;
}

function vaultRequest(r: Reporter, ws: Workspace, model: PkiModel, req: VaultRequest): void {
  const role = resolveRole(ws, model, req.file, req.mount, req.role);
  if (!role || role.opaque) return;
  const f = role.fields;
  const cn = req.fields.get('common_name');
  if (cn && !cn.unknown) {
    const v = roleAdmitsName(f, String(cn.value));
    if (denied(v)) report(r, req.file, cn.start, cn.end, 'vault-role-denies-name', `Vault refuses common name "${cn.value}": "common name ${cn.value} not allowed by this role" (${roleName(role)}: ${v.why}). Admit it in the role or request a name it allows.`, role);
  }
  if (!cn && !req.open && req.kind === 'issue' && roleBool(f, 'require_cn') === true) {
    report(r, req.file, req.start, req.end, 'vault-require-cn', `No common_name: role ${roleName(role)} has require_cn on (the default), so Vault refuses the request ("the common_name field is required"). Add common_name=... or set require_cn=false on the role.`, role);
  }
  const alt = req.fields.get('alt_names');
  if (alt && !alt.unknown) {
    const exact = alt.end - alt.start === String(alt.value).length;
    for (const it of listItems(String(alt.value), alt.start)) {
      if (it.text.includes('@')) continue;
      const v = roleAdmitsName(f, it.text);
      if (denied(v)) report(r, req.file, exact ? it.start : alt.start, exact ? it.end : alt.end, 'vault-role-denies-name', `Vault refuses alt name "${it.text}": "subject alternate name ${it.text} not allowed by this role" (${roleName(role)}: ${v.why}). Admit it in the role or drop it.`, role);
    }
  }
  const ips = req.fields.get('ip_sans');
  if (ips && !ips.unknown && String(ips.value) && denied(roleAdmitsIp(f))) report(r, req.file, ips.start, ips.end, 'vault-role-denies-name', `Role ${roleName(role)} has allow_ip_sans=false: Vault refuses IP SANs. Drop ip_sans or allow them.`, role);
  const uris = req.fields.get('uri_sans');
  if (uris && !uris.unknown) {
    for (const u of String(uris.value).split(',').map((s) => s.trim()).filter(Boolean)) {
      const v = roleAdmitsUri(f, u);
      if (denied(v)) report(r, req.file, uris.start, uris.end, 'vault-role-denies-name', `Vault refuses URI SAN "${u}" (${roleName(role)}: ${v.why}). Add it to allowed_uri_sans.`, role);
    }
  }
  const ttl = req.fields.get('ttl');
  const cap = roleCap(model, role);
  const ms = ttl && !ttl.unknown ? vaultTtl(ttl.value as string) : undefined;
  if (ttl && ms !== undefined && cap && ms > cap.ms) {
    report(r, req.file, ttl.start, ttl.end, 'vault-ttl-exceeds-max', `ttl ${ttl.value} exceeds ${cap.why}: Vault issues the certificate for ${humanDuration(cap.ms)} only. Ask for at most ${humanDuration(cap.ms)} or raise the role's max_ttl.`, role);
  }
  const beyond = ttl && ms !== undefined && cap ? ttlBeyondCa(model, role, Math.min(ms, cap.ms), `ttl ${ttl.value}${ms > cap.ms ? ` (cut to ${humanDuration(cap.ms)} by ${cap.why})` : ''}`) : undefined;
  if (ttl && beyond) {
    r.at(req.file, ttl.start, ttl.end, 'vault-ttl-exceeds-ca', beyond.message);
    relatedRefs.set(r.findings[r.findings.length - 1], [beyond.related, roleRef(role)]);
  }
}

function vaultRoleTtl(r: Reporter, model: PkiModel, role: VaultRole): void {
  const v = role.fields.get('max_ttl');
  const max = roleTtl(role.fields, 'max_ttl');
  const mm = mountMax(model, role.mount);
  if (!v || max === undefined || !mm || max <= mm.ms) return;
  r.at(role.file, v.start, v.end, 'vault-ttl-exceeds-max', `max_ttl ${humanDuration(max)} exceeds the max lease TTL of mount ${role.mount} (${humanDuration(mm.ms)}): Vault caps every certificate of this role at ${humanDuration(mm.ms)}. Tune the mount (vault secrets tune -max-lease-ttl=...) or lower max_ttl.`);
  const mountDecl = model.mounts.find((m) => m.path === role.mount && m.maxLeaseTtl === mm.v);
  if (mountDecl) relatedRefs.set(r.findings[r.findings.length - 1], [{ file: mountDecl.file, start: mm.v.start, end: mm.v.end, message: `The max lease TTL of mount ${role.mount}` }]);
}

/** A cert-manager Vault issuer's path with a role: mount, sign|issue|sign-verbatim, role (vaultSigningPath). */
export function vaultIssuerPath(path: string): { mount: string; op: string; role: string } | undefined {
  const p = vaultSigningPath(path);
  return p?.role ? { mount: p.mount, op: p.op, role: p.role } : undefined;
}

/** The Vault issuers of the workspace with their role, and the Certificates using each. */
export function vaultIssuers(ws: Workspace, model: PkiModel): Array<{ issuer: Manifest; pathNode: Node; role?: VaultRole; op: string; certs: Manifest[] }> {
  const out: Array<{ issuer: Manifest; pathNode: Node; role?: VaultRole; op: string; certs: Manifest[] }> = [];
  for (const issuer of ws.ofKind('Issuer', 'ClusterIssuer')) {
    if (!isCertManager(issuer) || issuer.partial) continue;
    const pathNode = get(issuer.root, 'spec', 'vault', 'path');
    const path = str(pathNode);
    if (!path || !pathNode || isUnknown(issuer.file, pathNode)) continue;
    const p = vaultIssuerPath(path);
    if (!p) continue;
    const role = resolveRole(ws, model, issuer.file, p.mount, p.role);
    const certs = ws.ofKind('Certificate').filter((c) => {
      const ref = summaryOf(c).issuerRef;
      if (!ref || !isCertManager(c) || ref.name !== issuer.name) return false;
      return issuer.kind === 'ClusterIssuer' ? ref.kind === 'ClusterIssuer' : ref.kind !== 'ClusterIssuer' && c.namespace === issuer.namespace;
    });
    out.push({ issuer, pathNode, role, op: p.op, certs });
  }
  return out;
}

function certManagerVault(r: Reporter, ws: Workspace, model: PkiModel): void {
  for (const { issuer, role, op, certs } of vaultIssuers(ws, model)) {
    if (!role || role.opaque) continue;
    for (const c of certs) {
      if (c.partial) continue;
      try {
        vaultCertificate(r, model, role, op, issuer, c);
      } catch {
        // One odd Certificate must not stop the others.
      }
    }
  }
}

function vaultCertificate(r: Reporter, model: PkiModel, role: VaultRole, op: string, issuer: Manifest, c: Manifest): void {
  const spec = get(c.root, 'spec');
  const f = role.fields;
  const rep = (node: Node | undefined, code: string, message: string) => {
    const [s, e] = node ? range(node) : range(get(spec, 'issuerRef', 'name') ?? c.root);
    r.at(c.file, s, e, code, message);
    relatedRefs.set(r.findings[r.findings.length - 1], [roleRef(role), { file: issuer.file, node: get(issuer.root, 'spec', 'vault', 'path'), message: `${issuer.kind} ${issuer.name} signs through it` }]);
  };
  const known = (n: Node | undefined) => !!n && !isUnknown(c.file, n);
  const rn = roleName(role);
  if (op !== 'sign-verbatim') {
    const cnNode = get(spec, 'commonName');
    const cn = str(cnNode);
    if (cn && known(cnNode)) {
      const v = roleAdmitsName(f, cn);
      if (denied(v)) rep(cnNode, 'vault-role-denies-name', `Vault role ${rn} refuses common name "${cn}" (${v.why}): issuance fails with "common name ${cn} not allowed by this role". Admit it in the role or change the name.`);
    }
    for (const d of strings(get(spec, 'dnsNames'))) {
      if (!known(d.node)) continue;
      const v = roleAdmitsName(f, d.value);
      if (denied(v)) rep(d.node, 'vault-role-denies-name', `Vault role ${rn} refuses "${d.value}" (${v.why}): issuance fails with "subject alternate name ${d.value} not allowed by this role". Admit it in the role (allowed_domains, allow_subdomains, allow_bare_domains) or drop the name.`);
    }
    const ipNode = get(spec, 'ipAddresses');
    if (strings(ipNode).length && denied(roleAdmitsIp(f))) rep(ipNode, 'vault-role-denies-name', `Vault role ${rn} has allow_ip_sans=false: issuance fails for a Certificate with ipAddresses. Allow IP SANs on the role or drop them.`);
    for (const u of strings(get(spec, 'uris'))) {
      if (!known(u.node)) continue;
      const v = roleAdmitsUri(f, u.value);
      if (denied(v)) rep(u.node, 'vault-role-denies-name', `Vault role ${rn} refuses URI SAN "${u.value}" (${v.why}). Add it to allowed_uri_sans (globs allowed, e.g. spiffe://cluster.local/*).`);
    }
    const hasCn = !!get(spec, 'commonName') || /CN=/.test(str(get(spec, 'literalSubject')) ?? '');
    if (!hasCn && roleBool(f, 'require_cn') === true && !isUnknown(c.file, spec)) {
      rep(get(spec, 'issuerRef', 'name'), 'vault-require-cn', `This Certificate has no commonName, and Vault role ${rn} has require_cn on (the default): issuance fails with "the common_name field is required". Set require_cn=false on the role (cert-manager's Vault docs) or add a commonName.`);
    }
  }
  const usages = strings(get(spec, 'usages'));
  for (const u of usages) {
    if (u.value === 'client auth' && roleBool(f, 'client_flag') === false) rep(u.node, 'vault-client-flag-missing', `Vault role ${rn} has client_flag=false: the certificate gets no clientAuth EKU whatever the CSR asks, so servers refuse it as a client certificate ("certificate specifies an incompatible key usage"). Set client_flag=true on the role.`);
    if (u.value === 'server auth' && roleBool(f, 'server_flag') === false) rep(u.node, 'vault-server-flag-missing', `Vault role ${rn} has server_flag=false: the certificate gets no serverAuth EKU, so clients refuse it as a server certificate. Set server_flag=true on the role.`);
  }
  const pk = get(spec, 'privateKey');
  const algNode = get(pk, 'algorithm'), sizeNode = get(pk, 'size');
  if ((!algNode || known(algNode)) && (!sizeNode || known(sizeNode))) {
    const problem = keyProblem(f, str(algNode) ?? 'RSA', Number(str(sizeNode) ?? 0) || undefined);
    if (problem) rep(algNode ?? sizeNode, 'vault-key-type-mismatch', `Vault role ${rn} refuses the CSR: ${problem}. Make privateKey match the role (${roleKey(f)?.type}${roleKey(f)?.bits ? ` ${roleKey(f)!.bits}` : ''}) or change key_type/key_bits.`);
  }
  const cap = roleCap(model, role);
  if (!cap) return;
  const durNode = get(spec, 'duration');
  if (durNode && !known(durNode)) return;
  const dur = durNode ? parseGoDuration(str(durNode) ?? '') : { ok: true as const, ms: 2160 * 3_600_000 };
  if (!dur.ok) return;
  const real = Math.min(dur.ms, cap.ms);
  if (dur.ms > cap.ms) rep(durNode, 'vault-ttl-exceeds-max', `duration ${durNode ? str(durNode) : '2160h (the default)'} exceeds ${cap.why}: Vault signs for ${humanDuration(cap.ms)} only, and cert-manager schedules renewal from that. Set duration to at most ${humanDuration(cap.ms)} or raise the role's max_ttl.`);
  const beyond = ttlBeyondCa(model, role, real, `duration ${durNode ? str(durNode) : '2160h (the default)'}${dur.ms > cap.ms ? ` (cut to ${humanDuration(cap.ms)} by ${cap.why})` : ''}`);
  if (beyond) {
    rep(durNode, 'vault-ttl-exceeds-ca', beyond.message);
    relatedRefs.get(r.findings[r.findings.length - 1])!.unshift(beyond.related);
  }
  const rbNode = get(spec, 'renewBefore');
  const backdate = roleBackdateMs(role);
  if (rbNode && known(rbNode) && backdate !== undefined) {
    const rb = parseGoDuration(str(rbNode) ?? '');
    // The lifetime cert-manager sees is Vault's cap plus its backdating of notBefore. A renewBefore
    // just short of that is a renewal loop: `renewal-loop` (trust-paths) owns it. Not shorter than
    // that, cert-manager ignores renewBefore and renews two thirds of the way through (PR #4092):
    // this rule. The two conditions never hold together, so one problem gets one finding.
    const actual = real + backdate;
    if (rb.ok && rb.ms >= actual && dur.ms > cap.ms) rep(rbNode, 'vault-renew-before-exceeds-ttl', `renewBefore ${str(rbNode)} is not shorter than the ${humanDuration(real)} Vault really issues (${cap.why}): cert-manager ignores it and renews two thirds of the way through, ${humanDuration(renewAfterMs(actual, rb.ms))} after issuance, not ${str(rbNode)} before expiry (cert-manager before 1.5 re-issued in a loop: cert-manager#3396). Set renewBefore below ${humanDuration(real)}, e.g. ${humanDuration(real / 3)}, or raise the role's max_ttl to cover duration.`);
  }
}

// ---- Terraform tls provider ------------------------------------------------------------------

/**
 * A `tls_locally_signed_cert` whose validity_period_hours is longer than its CA's (the
 * `tls_self_signed_cert` or `tls_locally_signed_cert` its ca_cert_pem names, in the same
 * Terraform module: the same folder): the tls provider signs it, and it outlives the CA.
 */
function terraformLeafOutlivesCa(r: Reporter, model: PkiModel, leaf: TfResource): void {
  const hours = (x: TfResource) => { const v = tfValue(x, 'validity_period_hours'); return v && !v.unknown && /^\d+$/.test(String(v.value)) ? { v, n: Number(v.value) } : undefined; };
  const own = hours(leaf);
  const ref = tfValue(leaf, 'ca_cert_pem');
  const m = ref?.unknown ? /^(tls_self_signed_cert|tls_locally_signed_cert)\.([A-Za-z0-9_-]+)\.cert_pem$/.exec(String(ref.value)) : null;
  if (!own || !m) return;
  const dir = leaf.file.path.slice(0, leaf.file.path.lastIndexOf('/') + 1);
  const cas = model.tf.filter((x) => x.type === m[1] && x.name === m[2] && x.file.path.slice(0, x.file.path.lastIndexOf('/') + 1) === dir);
  const ca = cas.length === 1 ? hours(cas[0]) : undefined;
  if (!ca || own.n <= ca.n) return;
  r.at(leaf.file, own.v.start, own.v.end, 'openssl-leaf-outlives-ca', `validity_period_hours = ${own.n} outlives the CA ${m[1]}.${m[2]} (validity_period_hours = ${ca.n}): when the CA expires, every client refuses this certificate although it is still "valid". Use at most ${ca.n} hours, or renew the leaf before the CA expires.`);
}

function terraformTls(r: Reporter, model: PkiModel): void {
  for (const res of model.tf) {
    if (res.type === 'tls_locally_signed_cert') terraformLeafOutlivesCa(r, model, res);
    if (res.type === 'tls_private_key') {
      const alg = tfValue(res, 'algorithm');
      const bits = tfValue(res, 'rsa_bits');
      if ((!alg || (!alg.unknown && alg.value === 'RSA')) && bits && !bits.unknown && Number(bits.value) < 2048) {
        r.at(res.file, bits.start, bits.end, 'openssl-weak-key', `rsa_bits = ${bits.value}: OpenSSL at security level 2 refuses keys under 2048 bits in TLS ("ee key too small"). Use 2048 or more, or algorithm = "ECDSA".`, [replace(res.file, bits.start, bits.end, '2048')]);
      }
    }
    if (res.type === 'tls_self_signed_cert' || res.type === 'tls_cert_request') {
      const isCa = tfValue(res, 'is_ca_certificate');
      if (isCa && (isCa.unknown || isCa.value === true)) continue;
      const cn = tfValue(res, 'subject.common_name');
      if (!cn || cn.unknown || !/\./.test(String(cn.value)) || /\s/.test(String(cn.value))) continue;
      if (['dns_names', 'ip_addresses', 'uris'].some((k) => res.attrs.has(k))) continue;
      r.at(res.file, cn.start, cn.end, 'openssl-cn-only', `${res.type}.${res.name} names "${cn.value}" only in the CN, with no dns_names: ${CN_ONLY}. Add dns_names = [${JSON.stringify(String(cn.value))}].`);
    }
  }
}

// ---- hovers ----------------------------------------------------------------------------------

/** What a role admits, its real TTL, its flags and key, in words (hovers, `vault-setup`). */
export function describeRole(model: PkiModel, role: VaultRole): string {
  const f = role.fields;
  if (role.opaque) return `Vault role \`${roleName(role)}\`: its fields come from a file or stdin, so Certwright does not know them.`;
  const b = (k: string) => { const v = roleBool(f, k); return v === undefined ? 'unknown' : v ? 'yes' : 'no'; };
  const domains = roleList(f, 'allowed_domains');
  const admits: string[] = [];
  if (roleBool(f, 'allow_any_name')) admits.push('any name (allow_any_name)');
  if (domains === undefined) admits.push('names from allowed_domains (not known here)');
  else if (domains.length) {
    if (roleBool(f, 'allow_bare_domains')) admits.push(`exactly ${domains.join(', ')} (allow_bare_domains)`);
    if (roleBool(f, 'allow_subdomains')) admits.push(`any name below ${domains.join(', ')} (allow_subdomains)`);
    if (roleBool(f, 'allow_glob_domains')) admits.push(`names matching ${domains.filter((d) => d.includes('*')).join(', ') || '(no glob in allowed_domains)'} (allow_glob_domains)`);
  }
  if (roleBool(f, 'allow_localhost')) admits.push('localhost');
  const cap = roleCap(model, role);
  const ca = caLifetime(model, role.mount);
  const key = roleKey(f);
  return [
    `**Vault role \`${roleName(role)}\`**`,
    `Admits: ${admits.length ? admits.join('; ') : 'no DNS name (allowed_domains is empty and no allow_* option admits names)'}. Host names enforced: ${b('enforce_hostnames')}. IP SANs: ${b('allow_ip_sans')}. URI SANs: ${(roleList(f, 'allowed_uri_sans') ?? ['unknown']).join(', ') || 'none'}.`,
    `Longest certificate: ${cap ? `${humanDuration(cap.ms)} (${cap.why})` : `the role's max_ttl or the mount's max lease TTL (768h unless tuned), not known here`}.${ca ? ` The CA of mount ${role.mount} is valid ${humanDuration(ca.ms)}${ca.ca.parent ? ` (signed by ${ca.ca.parent})` : ''}${!cap || cap.ms > ca.ms ? ': Vault refuses certificates that would outlive it' : ''}.` : ''}`,
    `EKU: serverAuth ${b('server_flag')}, clientAuth ${b('client_flag')}. Common name required: ${b('require_cn')}. Key: ${key ? `${key.type}${key.bits ? ` ${key.bits} bits or more` : ''}` : 'unknown'}.`,
  ].join('\n\n');
}

/** Hover on a Vault Issuer's `spec.vault.path`: the role it signs through and the Certificates using it. */
export function vaultIssuerHover(ws: Workspace, issuer: Manifest): string | undefined {
  const model = pkiModel(ws);
  const hit = vaultIssuers(ws, model).find((x) => x.issuer === issuer);
  if (!hit) return undefined;
  if (!hit.role) return `No Vault role \`${str(hit.pathNode)}\` names is defined in the workspace (vault write <mount>/roles/<role> or Terraform vault_pki_secret_backend_role), so its names and TTLs are not checked.`;
  const certs = hit.certs.map((c) => `- Certificate \`${c.namespace}/${c.name}\` (\`${c.file.path}\`)`);
  return `${describeRole(model, hit.role)}\n\nDefined in \`${hit.role.file.path}\`.${certs.length ? `\n\nCertificates signed through it:\n${certs.join('\n')}` : ''}`;
}

/** Hover text at an offset of a script, Terraform or openssl config: a role, an extension line. */
export function pkiHoverAt(ws: Workspace, path: string, offset: number): string | undefined {
  const model = pkiModel(ws);
  const parts: string[] = [];
  for (const role of model.roles) {
    if (role.file.path !== path) continue;
    const end = Math.max(role.end, ...[...role.fields.values()].map((v) => v.end));
    if (offset < role.start || offset > end) continue;
    parts.push(describeRole(model, role));
    const users = vaultIssuers(ws, model).filter((x) => x.role === role);
    const certs = users.flatMap((x) => x.certs.map((c) => `- Certificate \`${c.namespace}/${c.name}\` (${x.issuer.kind} \`${x.issuer.name}\`, \`${c.file.path}\`)`));
    if (users.length) parts.push(`Used by ${users.map((x) => `${x.issuer.kind} \`${x.issuer.name}\``).join(', ')}${certs.length ? `:\n${certs.join('\n')}` : ' (no Certificate uses it in the workspace).'}`);
  }
  // A request (`vault write <mount>/issue/<role>`, Terraform vault_pki_secret_backend_cert, a Vault
  // Agent / Consul Template `pkiCert`): the role it goes through, as its rules read it.
  for (const req of model.requests) {
    if (req.file.path !== path || offset < req.start || offset > req.end) continue;
    const role = resolveRole(ws, model, req.file, req.mount, req.role);
    const via = `${req.mount ?? '<mount>'}/${req.kind}/${req.role}`;
    parts.push(role
      ? `Requests a certificate through \`${via}\`, defined in \`${role.file.path}\`:\n\n${describeRole(model, role)}`
      : `Requests a certificate through \`${via}\`: no one Vault role \`${req.role}\` is defined in the workspace (vault write <mount>/roles/${req.role} or Terraform vault_pki_secret_backend_role), so the request is not checked against it.`);
  }
  for (const c of model.confs) {
    if (c.file.path !== path) continue;
    for (const sec of c.conf.sections.values()) {
      for (const e of sec.entries) {
        if (offset < e.keyStart || offset > e.end) continue;
        const doc = EXTENSION_DOCS[e.key] ?? (/^(DNS|IP|URI|email)(\.\d+)?$/.test(e.key) ? `\`${e.key}\`: a subjectAltName entry of [${sec.name}] (${e.key.startsWith('DNS') ? 'a host name clients may dial, no scheme or port' : e.key.startsWith('IP') ? 'an IPv4 or IPv6 address' : 'a URI or email name'}).` : undefined);
        if (doc) parts.push(doc);
      }
    }
  }
  return parts.length ? parts.join('\n\n') : undefined;
}
