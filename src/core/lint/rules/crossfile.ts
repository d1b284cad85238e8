// Rules that need the whole workspace: issuer references, CA secrets, mounted secrets,
// Service DNS coverage, dialed URLs and the usages mTLS needs.
import type { Node } from 'yaml';
import { appendSeqItems } from '../edits';
import { bool, get, Manifest, str, isUnknown, type LintFinding } from '../model';
import { Reporter, shiftFindings } from '../rules';
import { relatedRefs, relatedTo, SCOPE_FILE, summaryOf, urlOf, WORKLOAD_KINDS, type DialedUrl, type Mount, type RelatedRef, type Workspace } from '../workspace';
import { certificateLabel, objectLabel, scriptCertificateName, scriptCertificateOf } from '../script-certs';
import { EKU_USAGES, isCertManager } from './certmanager';

export const TLS_KEYS = new Set(['tls.crt', 'tls.key', 'ca.crt']);

/** The four DNS forms clients use for Service S in namespace N. */
export function serviceDnsNames(s: string, n: string): string[] {
  return [s, `${s}.${n}`, `${s}.${n}.svc`, `${s}.${n}.svc.cluster.local`];
}

/** Does a certificate DNS SAN pattern match a host (single-label wildcards like Go)? */
export function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  if (p.startsWith('*.')) {
    const rest = h.indexOf('.');
    return rest > 0 && h.slice(rest + 1) === p.slice(2);
  }
  return false;
}

/** The cert-manager Certificates writing the Secret a workload mounts (in the workload's scope). */
export function certificatesFor(ws: Workspace, mt: Mount): Manifest[] {
  const all = ws.scopeCandidates(mt.workload.file, ws.certificatesForKey(mt.certKey));
  return all.every(isCertManager) ? all : all.filter(isCertManager);
}

/** Group, kind, namespace and name: copies of one object share it. */
function identityOf(m: Manifest): string | undefined {
  if (m.partial || !m.kind || !m.name) return undefined;
  const group = m.apiVersion?.includes('/') ? m.apiVersion.slice(0, m.apiVersion.indexOf('/')) : '';
  return `${group}\u0000${m.kind}\u0000${m.namespace ?? ''}\u0000${m.name}`;
}

/** Copies of one object (same identity) grouped, in first-seen order: one finding per object, not per copy. */
function copiesOf(list: Manifest[]): Manifest[][] {
  if (list.length < 2) return list.length ? [list] : [];
  const groups = new Map<string, Manifest[]>();
  const out: Manifest[][] = [];
  for (const m of list) {
    const id = identityOf(m);
    const g = id === undefined ? undefined : groups.get(id);
    if (g) { if (!g.includes(m)) { g.push(m); g.sort(byPath); } continue; }
    const fresh = [m];
    if (id !== undefined) groups.set(id, fresh);
    out.push(fresh);
  }
  return out;
}

/** Copies in the order of their files (the same in the editor and the CLI, whatever order files come in). */
function byPath(a: Manifest, b: Manifest): number {
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.docIndex - b.docIndex;
}

/** Attaches related places to the finding just reported. */
function relate(r: Reporter, refs: RelatedRef[]): void {
  const f = r.findings[r.findings.length - 1];
  if (f && refs.length) relatedRefs.set(f, refs);
}

const where = objectLabel;

function usages(c: Manifest): { list: string[]; explicit: boolean } {
  const list = summaryOf(c).usages ?? [];
  return { list, explicit: list.length > 0 };
}

/**
 * One check of the cross-file rules: a rule and its inputs (`parts`: manifests and plain values).
 * When the first part is a manifest, the findings lie in its document (see `subjectOf`). Units
 * are re-checked only when one of their manifests was re-parsed; the others' findings are reused.
 */
interface Unit {
  rule: keyof typeof CHECKS;
  parts: unknown[];
  base: number;
  findings: LintFinding[];
}

/** The manifest whose document holds a unit's findings (none for URLs in code files). */
function subjectOf(u: Unit): Manifest | undefined {
  return isManifest(u.parts[0]) ? u.parts[0] : undefined;
}

/** The cross-file state a long-lived caller keeps between runs (keyed by its parse cache). */
interface CrossState {
  manifests: Manifest[];
  others: Array<{ path: string; text: string }>;
  units: Unit[];
  byPart: Map<Manifest, Unit[]>;
}

const states = new WeakMap<object, CrossState>();
/** How many runs took each path (for tests that must see both), and the units of the last full run (work counts). */
export const crossFileRuns = { full: 0, incremental: 0, units: 0 };
/** Above this many re-parsed manifests, a full run is as quick. */
const MAX_INCREMENTAL = 64;

/**
 * Runs the cross-file rules. Findings of copies of one object in one scope (the same
 * Certificate in three files) become one: the first copy's, with the others in `extra`
 * (related places for this run only: the cached findings are not changed).
 */
export function crossFileRules(r: Reporter, ws: Workspace, extra?: Map<LintFinding, RelatedRef[]>): void {
  const prev = ws.cache && states.get(ws.cache);
  let state = prev && update(prev, ws) ? prev : undefined;
  if (state) crossFileRuns.incremental++;
  else {
    crossFileRuns.full++;
    state = fullRun(ws);
    if (ws.cache) states.set(ws.cache, state);
  }
  const firstBy = new Map<string, Array<{ subject: Manifest; finding: LintFinding }>>();
  for (const u of state.units) {
    if (!u.findings.length) continue;
    const base = baseOf(u);
    shiftFindings(u.findings, base - u.base);
    u.base = base;
    const subject = subjectOf(u);
    const id = subject && identityOf(subject);
    // The objects the unit relates the subject to: copies of the subject relating to the same ones are one problem.
    const targets = id ? u.parts.slice(1).filter(isManifest).map(serial).join(',') : '';
    for (const f of u.findings) {
      if (!id) { r.findings.push(f); continue; }
      const key = `${f.code}\u0000${f.message}\u0000${id}\u0000${targets}`;
      const seen = firstBy.get(key);
      const original = seen?.find((x) => x.subject !== subject && ws.inScope(x.subject.file, subject!.file) && ws.inScope(subject!.file, x.subject.file) && (targets !== '' || isCopy(ws, x.subject, subject!)));
      if (original && extra) {
        const list = extra.get(original.finding) ?? extra.set(original.finding, []).get(original.finding)!;
        list.push({ file: subject!.file, start: f.start, end: f.end, message: `The same problem in a copy of ${where(subject!)}` });
        continue;
      }
      if (seen) seen.push({ subject: subject!, finding: f });
      else firstBy.set(key, [{ subject: subject!, finding: f }]);
      r.findings.push(f);
    }
  }
}

/**
 * Copies of an object that relate to nothing else are one when deployed together: in one
 * kustomization or chart, or one in the other's folder (or below it).
 */
function isCopy(ws: Workspace, a: Manifest, b: Manifest): boolean {
  return ws.scopeCandidates(a.file, [a, b]).includes(b) || ws.scopeCandidates(b.file, [a, b]).includes(a);
}

const serials = new WeakMap<Manifest, number>();
let nextSerial = 0;
/** A number per manifest object (keys of the objects a unit relates). */
function serial(m: Manifest): number {
  let n = serials.get(m);
  if (n === undefined) serials.set(m, (n = nextSerial++));
  return n;
}

function baseOf(u: Unit): number {
  return subjectOf(u)?.doc.range?.[0] ?? 0;
}

/** Evaluates every unit of the workspace. */
function fullRun(ws: Workspace): CrossState {
  const units: Unit[] = [];
  const byPart = new Map<Manifest, Unit[]>();
  const add = (rule: Unit['rule'], ...parts: unknown[]) => {
    const u: Unit = { rule, parts, base: 0, findings: [] };
    u.base = baseOf(u);
    check(u);
    units.push(u);
    for (const p of parts) {
      if (!isManifest(p)) continue;
      const list = byPart.get(p);
      if (!list) byPart.set(p, [u]);
      else if (list[list.length - 1] !== u) list.push(u);
    }
  };
  references(ws, add);
  duplicates(ws, add);
  mounts(ws, add);
  const served = servedBy(ws);
  serviceCoverage(ws, served, add);
  dialed(ws, served, add);
  crossFileRuns.units = units.length;
  return { manifests: ws.manifests, others: ws.others, units, byPart };
}

/**
 * Brings the last run's units up to date when only documents changed whose relations did not
 * (same kinds, names, selectors, labels, mounts, URLs...): the units those documents take
 * part in are checked again. Returns false when a full run is needed.
 */
function update(state: CrossState, ws: Workspace): boolean {
  const { manifests, others } = ws;
  if (manifests.length !== state.manifests.length || others.length !== state.others.length) return false;
  for (let i = 0; i < others.length; i++) if (others[i].path !== state.others[i].path || others[i].text !== state.others[i].text) return false;
  const replaced = new Map<Manifest, Manifest>();
  for (let i = 0; i < manifests.length; i++) {
    const was = state.manifests[i], now = manifests[i];
    if (was === now) continue;
    if (replaced.size >= MAX_INCREMENTAL || relationsOf(was) !== relationsOf(now) || SCOPE_FILE.test(now.file.path)) return false;
    replaced.set(was, now);
  }
  const dirty = new Set<Unit>();
  for (const [was, now] of replaced) {
    const list = state.byPart.get(was);
    if (!list) continue;
    state.byPart.delete(was);
    const moved = state.byPart.get(now);
    state.byPart.set(now, moved ? [...moved, ...list] : list);
    for (const u of list) dirty.add(u);
  }
  for (const u of dirty) {
    u.parts = u.parts.map((p) => (isManifest(p) ? replaced.get(p) ?? p : p));
    u.base = baseOf(u);
    check(u);
  }
  state.manifests = manifests;
  state.others = others;
  return true;
}


function isManifest(p: unknown): p is Manifest {
  return typeof p === 'object' && p !== null && 'doc' in p && 'root' in p;
}

/** Everything about a manifest that decides which units exist and what they relate to. */
const relationsCache = new WeakMap<Manifest, string>();
function relationsOf(m: Manifest): string {
  let sig = relationsCache.get(m);
  if (sig !== undefined) return sig;
  const s = summaryOf(m);
  const parts: unknown[] = [m.file.path, m.apiVersion, m.kind, m.name, m.namespace, m.partial, s.nameKey, s.selectorKey, s.secretName];
  if (s.selector) parts.push([...s.selector]);
  if (s.labels) parts.push([...s.labels]);
  if (s.issuerRef) parts.push(s.issuerRef.name, s.issuerRef.kind, isUnknown(m.file, s.issuerRef.nameNode));
  if (s.mounts) parts.push(s.mounts.map((mt) => [mt.secretName, mt.via, mt.keys.map((k) => k.key)]));
  if (s.urls) parts.push(s.urls.map((u) => u.url));
  if (m.kind === 'Issuer' || m.kind === 'ClusterIssuer') parts.push(str(get(m.root, 'spec', 'ca', 'secretName')));
  sig = JSON.stringify(parts);
  relationsCache.set(m, sig);
  return sig;
}

/** One reporter for every check, and one empty list for the (many) units without findings: a full run allocates little. */
const scratch = new Reporter();
const NO_FINDINGS: LintFinding[] = [];

function check(u: Unit): void {
  scratch.findings.length = 0; // a check that threw last time left its findings
  (CHECKS[u.rule] as (r: Reporter, ...parts: unknown[]) => void)(scratch, ...u.parts);
  u.findings = scratch.findings.length ? scratch.findings.splice(0) : NO_FINDINGS;
}

type Add = (rule: Unit['rule'], ...parts: unknown[]) => void;

const CHECKS = {
  duplicate,
  issuer: issuerRef,
  ca: caSecret,
  mount,
  served,
  client,
  dial: dialedHost,
};

function references(ws: Workspace, add: Add): void {
  for (const c of ws.ofKind('Certificate', 'CertificateRequest')) {
    if (!isCertManager(c) || c.partial) continue;
    const ref = summaryOf(c).issuerRef;
    if (!ref) continue;
    const issuers = ws.scopeCandidates(c.file, ws.named(ref.issuerKey));
    const clusters = ws.scopeCandidates(c.file, ws.named(ref.clusterIssuerKey));
    add('issuer', c, issuers.length, ...issuers, ...clusters);
  }
  // CA issuers: their secret must hold a CA.
  for (const i of ws.ofKind('Issuer', 'ClusterIssuer')) {
    if (!isCertManager(i) || i.partial) continue;
    const name = str(get(i.root, 'spec', 'ca', 'secretName'));
    if (!name) continue;
    // A ClusterIssuer's secret lives in the cluster resource namespace (usually cert-manager).
    add('ca', i, ...ws.scopeCandidates(i.file, ws.producers(name, i.kind === 'Issuer' ? i.namespace : undefined)));
  }
}

/** Objects with the same group, kind, namespace and name in one folder (kubectl apply -f folder). */
function duplicates(ws: Workspace, add: Add): void {
  const first = new Map<string, Manifest>();
  for (const m of ws.manifests) {
    if (m.partial || !m.kind || !m.name || isUnknown(m.file, get(m.root, 'metadata', 'name'))) continue;
    const dir = m.file.path.slice(0, m.file.path.lastIndexOf('/') + 1);
    const group = m.apiVersion?.includes('/') ? m.apiVersion.slice(0, m.apiVersion.indexOf('/')) : '';
    const key = `${dir}\u0000${group}\u0000${m.kind}\u0000${m.namespace ?? ''}\u0000${m.name}`;
    const was = first.get(key);
    if (was) add('duplicate', m, was);
    else first.set(key, m);
  }
}

function duplicate(r: Reporter, m: Manifest, was: Manifest): void {
  const at = was.file === m.file || was.file.path === m.file.path ? 'earlier in this file' : `in ${was.file.path}`;
  const dir = m.file.path.slice(0, m.file.path.lastIndexOf('/') + 1) || './';
  r.node(m, get(m.root, 'metadata', 'name'), 'duplicate-object', `${m.kind} "${m.name}"${m.namespace ? ` in namespace ${m.namespace}` : ''} is also defined ${at}: "kubectl apply -f ${dir}" applies both and the later one silently replaces the other.`);
  relate(r, [relatedTo(was, `The other definition of ${where(was)}`)]);
}

/** `issuers` (Issuers of the name in scope, `n` of them) then ClusterIssuers of the name in scope. */
function issuerRef(r: Reporter, c: Manifest, n: number, ...found: Manifest[]): void {
  const issuers = found.slice(0, n), clusters = found.slice(n);
  const issuer = issuers.find((i) => i.namespace === c.namespace), anyIssuer = issuers[0], cluster = clusters[0];
  const ref = summaryOf(c).issuerRef!;
  const { name, kind, nameNode } = ref;
  if (isUnknown(c.file, nameNode)) return;
  if (kind === 'Issuer' && !issuer) {
    if (cluster) {
      const kindNode = ref.kindNode;
      r.node(c, nameNode, 'issuer-kind-mismatch', `"${name}" is a ClusterIssuer (${cluster.file.path}), but issuerRef.kind is ${str(kindNode) ? 'Issuer' : 'empty, which means Issuer'}: cert-manager looks for an Issuer in ${c.namespace} and never issues.`,
        [{ title: 'Change kind to ClusterIssuer', edits: [kindNode
          ? { file: c.file.path, start: kindNode.range![0], end: kindNode.range![1], newText: 'ClusterIssuer' }
          : insertAfterLine(c.file.text, c.file.path, nameNode, 'kind: ClusterIssuer')] }]);
      relate(r, clusters.map((x) => relatedTo(x, `${where(x)}: the issuer this names`)));
    } else if (anyIssuer) {
      r.node(c, nameNode, 'issuer-namespace-mismatch', `Issuer "${name}" is in namespace ${anyIssuer.namespace}, but this ${c.kind} is in ${c.namespace}: an Issuer only signs in its own namespace. Use a ClusterIssuer or move one of them.`);
      relate(r, issuers.map((x) => relatedTo(x, `${where(x)}: the issuer this names`)));
    } else {
      r.node(c, nameNode, 'issuer-not-found', `No Issuer "${name}" in namespace ${c.namespace} in this workspace (it may exist in the cluster).`);
    }
  } else if (kind === 'ClusterIssuer' && !cluster) {
    if (anyIssuer) {
      const kindNode = ref.kindNode!;
      r.node(c, nameNode, 'issuer-kind-mismatch', `"${name}" is an Issuer (${anyIssuer.file.path}), but issuerRef.kind is ClusterIssuer: cert-manager finds no ClusterIssuer of that name.`,
        anyIssuer.namespace === c.namespace ? [{ title: 'Change kind to Issuer', edits: [{ file: c.file.path, start: kindNode.range![0], end: kindNode.range![1], newText: 'Issuer' }] }] : undefined);
      relate(r, issuers.map((x) => relatedTo(x, `${where(x)}: the issuer this names`)));
    } else {
      r.node(c, nameNode, 'issuer-not-found', `No ClusterIssuer "${name}" in this workspace (it may exist in the cluster).`);
    }
  }
}

function caSecret(r: Reporter, i: Manifest, ...producers: Manifest[]): void {
  const sn = get(i.root, 'spec', 'ca', 'secretName');
  const name = str(sn)!;
  if (isUnknown(i.file, sn)) return;
  const ns = i.kind === 'Issuer' ? i.namespace : undefined;
  if (!producers.length) {
    r.node(i, sn, 'ca-secret-not-produced', `Nothing in the workspace produces Secret "${name}"${ns ? ` in ${ns}` : ''} (a Certificate with isCA: true, or a Secret with tls.crt and tls.key). It may exist in the cluster.`);
    return;
  }
  // A certificate a script makes is not known to be a CA or not (the system openssl.cnf decides).
  const certs = producers.filter((p) => p.kind === 'Certificate' && !scriptCertificateOf(p));
  const notCa = certs.filter((p) => bool(get(p.root, 'spec', 'isCA')) !== true);
  if (certs.length && notCa.length === certs.length) {
    r.node(i, sn, 'ca-secret-not-ca', `Secret "${name}" comes from ${certificateLabel(notCa[0])}, which is not isCA: true: certificates signed by this issuer will not verify.`);
    relate(r, notCa.map((x) => relatedTo(x, `${where(x)} writes Secret "${name}" without isCA: true`)));
  }
}

function mounts(ws: Workspace, add: Add): void {
  const hasCerts = ws.ofKind('Certificate').length > 0;
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    summaryOf(w).mounts!.forEach((mt, k) => add('mount', w, k, hasCerts, ...ws.scopeCandidates(w.file, ws.producersForKey(mt.key))));
  }
}

function mount(r: Reporter, w: Manifest, k: number, hasCerts: boolean, ...producers: Manifest[]): void {
  const mt = summaryOf(w).mounts![k];
  if (isUnknown(w.file, mt.node)) return;
  if (!producers.length && hasCerts && looksTls(mt)) {
    r.node(w, mt.node, 'secret-not-produced', `No Certificate or Secret in the workspace produces Secret "${mt.secretName}" in namespace ${w.namespace}: the pod stays in ContainerCreating until it exists.`);
  }
  // cert-manager's Secrets (kubectl create secret tls writes tls.crt and tls.key only).
  const certs = producers.filter((p) => p.kind === 'Certificate' && !scriptCertificateOf(p));
  if (certs.length) {
    for (const key of mt.keys) {
      if (!TLS_KEYS.has(key.key)) {
        r.node(w, key.node, 'secret-items-key', `Secret "${mt.secretName}" is written by cert-manager and has only tls.crt, tls.key and ca.crt; "${key.key}" does not exist, so the volume fails to mount.`);
        relate(r, certs.map((x) => relatedTo(x, `${where(x)} writes Secret "${mt.secretName}"`)));
      }
    }
  }
}

function looksTls(mt: Mount): boolean {
  return mt.keys.some((k) => TLS_KEYS.has(k.key)) || /tls|cert|mtls|ssl|ca\b/i.test(mt.secretName);
}

export type Served = Array<{ service: Manifest; cert: Manifest }>;

/** Certificates served by the pods behind each Service (the gateway rules read it too). */
export function servedBy(ws: Workspace): Served {
  const out: Served = [];
  for (const mt of ws.mounts()) {
    const certs = certificatesFor(ws, mt);
    if (!certs.length) continue;
    for (const svc of ws.servicesOf(mt.workload)) for (const cert of certs) out.push({ service: svc, cert });
  }
  return out;
}

function serviceCoverage(ws: Workspace, served: Served, add: Add): void {
  // One unit per certificate and Service: copies of the Service (the same one in three files) are its parts.
  const byCert = new Map<Manifest, Map<string, Manifest[]>>();
  for (const { service, cert } of served) {
    if (!service.name || !service.namespace) continue;
    const services = byCert.get(cert) ?? byCert.set(cert, new Map()).get(cert)!;
    const id = identityOf(service) ?? String(services.size);
    const copies = services.get(id);
    if (!copies) services.set(id, [service]);
    else if (!copies.includes(service)) copies.push(service);
  }
  for (const [cert, services] of byCert) for (const copies of services.values()) add('served', cert, ...copies.sort(byPath));
  // Presented as a client: the workload dials https URLs, or mounts the certificate without any Service.
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    summaryOf(w).mounts!.forEach((mt, k) => {
      const certs = certificatesFor(ws, mt);
      if (!certs.length) return;
      const behindService = ws.servicesOf(w).length > 0;
      const dialsOut = summaryOf(w).urls!.length > 0;
      for (const cert of certs) add('client', cert, w, k, behindService, dialsOut);
    });
  }
}

/** A certificate that pods behind `service` serve: it covers the Service's names, with server auth. */
function served(r: Reporter, cert: Manifest, ...copies: Manifest[]): void {
  const service = copies[0];
  const related = () => copies.map((x) => relatedTo(x, `${where(x)} sends traffic to the pods that serve this certificate`));
  const sum = summaryOf(cert);
  const forms = serviceDnsNames(service.name!, service.namespace!);
  const spec = get(cert.root, 'spec');
  const dnsNode = get(spec, 'dnsNames');
  if (isUnknown(cert.file, dnsNode)) return;
  const have = sum.dns!.map((d) => d.value);
  const missing = forms.filter((n) => !sum.dnsLower!.has(n) && !have.some((h) => dnsMatches(h, n)));
  // A certificate a script makes: no edit of the script (its SANs may come from a config file).
  const script = scriptCertificateName(cert);
  if (missing.length) {
    const fix = spec && !script ? appendSeqItems(cert.file, spec, 'dnsNames', missing) : undefined;
    r.node(cert, dnsNode ? get(cert.root, 'spec', 'dnsNames') : get(spec, 'secretName'), 'san-service-coverage',
      `Service "${service.name}" (${service.file.path}) sends traffic to pods that serve ${script ?? 'this certificate'}, but ${script ? 'its subjectAltName' : 'it'} does not cover ${missing.map((m) => `"${m}"`).join(', ')}: clients dialing ${missing.length > 1 ? 'those names' : 'that name'} fail with "x509: certificate is valid for ${have.join(', ') || 'no DNS names'}, not ${missing[0]}".`,
      fix ? [{ title: `Add ${missing.length} Service DNS name${missing.length > 1 ? 's' : ''}`, edits: [fix] }] : undefined);
    relate(r, related());
  }
  // Served behind a Service: needs server auth when extended usages are listed.
  const u = usages(cert);
  if (u.explicit && u.list.some((x) => EKU_USAGES.has(x)) && !u.list.includes('server auth') && !u.list.includes('any')) {
    const fix = spec && !script ? appendSeqItems(cert.file, spec, 'usages', ['server auth']) : undefined;
    r.node(cert, get(spec, 'usages'), 'usage-server-auth-missing', `Pods behind Service "${service.name}" serve ${script ?? 'this certificate'}, but its ${script ? 'extendedKeyUsage lacks serverAuth' : 'usages lack "server auth"'}: TLS clients reject it ("x509: certificate specifies an incompatible key usage").`,
      fix ? [{ title: 'Add "server auth"', edits: [fix] }] : undefined);
    relate(r, related());
  }
}

/** A certificate a workload mounts and presents as a TLS client needs client auth. */
function client(r: Reporter, cert: Manifest, w: Manifest, k: number, behindService: boolean, dialsOut: boolean): void {
  const mt = summaryOf(w).mounts![k];
  if (!dialsOut && behindService) return;
  if (!dialsOut && !/client/i.test(`${cert.name} ${mt.secretName} ${w.name}`)) return;
  const u = usages(cert);
  if (u.explicit && !u.list.includes('client auth') && !u.list.includes('any')) {
    const spec = get(cert.root, 'spec')!;
    const script = scriptCertificateName(cert);
    const fix = script ? undefined : appendSeqItems(cert.file, spec, 'usages', ['client auth']);
    r.node(cert, get(spec, 'usages'), 'usage-client-auth-missing', `${w.kind} "${w.name}" presents ${script ?? 'this certificate'} as a TLS client${dialsOut ? ' (it dials https URLs)' : ''}, but its ${script ? 'extendedKeyUsage lacks clientAuth' : 'usages lack "client auth"'}: servers that require client certificates reject it.`,
      fix ? [{ title: 'Add "client auth"', edits: [fix] }] : undefined);
    relate(r, [relatedTo(w, `${where(w)} mounts this certificate's Secret "${mt.secretName}"`)]);
  }
}

function dialed(ws: Workspace, served: Served, add: Add): void {
  const byService = new Map<Manifest, Manifest[]>();
  for (const s of served) {
    const list = byService.get(s.service) ?? byService.set(s.service, []).get(s.service)!;
    if (!list.includes(s.cert)) list.push(s.cert);
  }
  const dial = (from: Manifest | DialedUrl, k: number, services: Manifest[]) => {
    // The Service (all its copies in scope) and the certificates their pods serve.
    for (const copies of copiesOf(services)) {
      const certs: Manifest[] = [];
      for (const svc of copies) for (const c of byService.get(svc) ?? []) if (!certs.includes(c)) certs.push(c);
      add('dial', from, k, copies.length, ...copies, ...certs);
    }
  };
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    summaryOf(w).urls!.forEach((u, k) => dial(w, k, ws.scopeCandidates(w.file, ws.servicesForHost(u.host, w.namespace))));
  }
  for (const d of ws.codeUrls()) dial(d, -1, ws.scopeCandidates(d.file, ws.servicesForHost(d.host, undefined)));
}

/**
 * A URL dials Service `svc`, whose pods serve `certs`: each must cover the host name. The URL is
 * a workload's k-th env URL, or (k = -1) one found in another file.
 */
function dialedHost(r: Reporter, from: Manifest | DialedUrl, k: number, n: number, ...found: Manifest[]): void {
  const services = found.slice(0, n), certs = found.slice(n);
  const svc = services[0];
  const d = k < 0 ? (from as DialedUrl) : urlOf(from as Manifest, k);
  for (const cert of certs) {
    const sum = summaryOf(cert);
    if (sum.dnsLower!.has(d.host.toLowerCase())) continue;
    const dns = sum.dns!;
    if (dns.some((n) => isUnknown(cert.file, n.node))) continue;
    const names = dns.map((n) => n.value);
    if (names.some((n) => dnsMatches(n, d.host))) continue;
    const valid = names.length ? names.join(', ') : 'no DNS names';
    const script = scriptCertificateName(cert);
    r.at(d.file, d.start, d.end, 'san-dialed-host',
      `${d.url} reaches Service "${svc.name}" in ${svc.namespace}, whose pods serve ${certificateLabel(cert)}: Go would fail with "tls: failed to verify certificate: x509: certificate is valid for ${valid}, not ${d.host}". Add "${d.host}" to its ${script ? 'subjectAltName' : 'dnsNames'} or dial a listed name.`);
    relate(r, [
      relatedTo(cert, `${where(cert)}: the certificate the Service's pods serve; its ${script ? 'subjectAltName does' : 'dnsNames do'} not include ${d.host}`),
      ...services.map((x) => relatedTo(x, `${where(x)}: the Service ${d.host} reaches`)),
    ]);
  }
}

/** Inserts `key: value` on a new line after `node`'s line, at the same indentation. */
function insertAfterLine(text: string, file: string, node: Node, content: string) {
  const [s, e] = node.range!;
  let b = s - 1;
  while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
  // `name: x` inside a flow map `{name: x}`: add `, kind: ...` right after the value.
  let k = b;
  while (k >= 0 && /[A-Za-z0-9_"':]/.test(text[k])) k--;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (text[k] === '{' || text[k] === ',') return { file, start: e, end: e, newText: `, ${content}` };
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const nl = text.indexOf('\n', s);
  const at = nl < 0 ? text.length : nl;
  return { file, start: at, end: at, newText: `\n${indent}${content}` };
}
