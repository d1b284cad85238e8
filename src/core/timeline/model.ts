// The certificate timeline's items (#17 part 4): every certificate of the workspace (from the
// one inventory's chains), cert-manager Certificates by their planned lifetime, and what the
// Cluster view has loaded; each CA above the certificates it signs. Pure: the editor and
// `certwright timeline` both build the chart from these.
import type { ChainNode, Forest } from '../chain';
import type { CmCertificate } from '../cluster/certmanager';
import { get, str, type Manifest } from '../lint/model';
import { plannedLifetime } from '../lint/features';
import type { CertificateInfo } from '../model';
import { shortName } from '../names';
import { certificateSpecOf, identityOf, isCertManagerCertificate, spanOf } from '../workspace-objects';

export type TimelineOrigin = 'workspace' | 'manifest' | 'cluster';
export type TimelineStatus = 'expired' | 'expiring' | 'valid' | 'not-yet-valid' | 'planned';

/** Where an item is written: file (URI or path), offsets and 0-based line. */
export interface TimelineSource {
  file: string;
  start: number;
  end: number;
  line: number;
}

export interface TimelineItem {
  /** Unique within one chart. */
  id: string;
  label: string;
  origin: TimelineOrigin;
  isCA: boolean;
  /** notBefore and notAfter (or, planned, the lifetime from now), in ms since the epoch. */
  start: number;
  end: number;
  /** Renewal points, ms. */
  renewals: number[];
  /** The id of the CA above it, when that CA is in the chart. */
  parent?: string;
  source?: TimelineSource;
  /** Plain text for the tooltip (one fact per line). */
  detail: string[];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function certDetail(c: CertificateInfo, where: string): string[] {
  return [
    `${c.isCA ? 'CA certificate' : 'Certificate'} ${c.subject.rfc4514 || '(empty subject)'}`,
    `issuer ${c.issuer.rfc4514 || '(empty)'}${c.selfSigned ? ' (self-signed)' : ''}`,
    `valid ${iso(c.notBefore.getTime())} to ${iso(c.notAfter.getTime())}`,
    where,
  ];
}

/**
 * The workspace's certificates from the inventory's chains, parents first. `where` names a
 * location for people (a workspace-relative path and line).
 */
export function itemsFromForest(forest: Forest, where: (n: ChainNode) => string): TimelineItem[] {
  const out: TimelineItem[] = [];
  const seen = new Set<ChainNode>();
  const walk = (n: ChainNode, parent: string | undefined, depth: number) => {
    if (seen.has(n) || depth > 64) return;
    seen.add(n);
    const o = n.item.object;
    if (o.type !== 'certificate') return;
    const id = `cert:${o.sha256}:${out.length}`;
    const loc = n.item.locations[0];
    out.push({
      id, label: shortName(o.subject) || o.subject.rfc4514 || '(empty subject)', origin: 'workspace', isCA: o.isCA,
      start: o.notBefore.getTime(), end: o.notAfter.getTime(), renewals: [], parent,
      source: loc && { file: loc.file, start: loc.start, end: loc.end, line: loc.line },
      detail: certDetail(o, where(n)),
    });
    for (const c of n.children) walk(c, id, depth + 1);
  };
  for (const r of forest.roots) walk(r, undefined, 0);
  return out;
}

/** A cert-manager Certificate of the workspace, with what the timeline needs of it. */
interface PlannedManifest {
  m: Manifest;
  name: string;
  namespace: string;
  secretName?: string;
  issuer?: { name?: string; kind?: string };
  isCA: boolean;
}

/**
 * cert-manager Certificates by their planned lifetime (duration and renewBefore as cert-manager
 * applies them, the same computation as the duration hover): a bar from `now` for one
 * lifetime, with its renewal points inside it. A Certificate issued by a CA Issuer whose
 * secret an `isCA` Certificate writes is put under that Certificate.
 */
export function itemsFromManifests(manifests: Manifest[], now: number, where: (file: string, line: number) => string = (f, l) => `${f}:${l + 1}`): TimelineItem[] {
  const certs: PlannedManifest[] = [];
  const caIssuers = new Map<string, string>(); // "Issuer\0ns\0name" or "ClusterIssuer\0\0name" -> CA secret name
  for (const m of manifests) {
    if ((m.kind === 'Issuer' || m.kind === 'ClusterIssuer') && m.name && !m.partial && (m.apiVersion ?? '').startsWith('cert-manager.io/')) {
      // A ClusterIssuer has no namespace (identityOf only names namespaced objects).
      const secret = str(get(m.root, 'spec', 'ca', 'secretName'));
      if (secret && (m.kind === 'ClusterIssuer' || m.namespace !== undefined)) caIssuers.set(`${m.kind}\0${m.kind === 'Issuer' ? m.namespace : ''}\0${m.name}`, secret);
      continue;
    }
    const id = identityOf(m);
    if (!id || !isCertManagerCertificate(m)) continue;
    const spec = certificateSpecOf(m);
    if (!spec) continue; // templated: not known
    certs.push({ m, name: id.name, namespace: id.namespace, secretName: spec.secretName, issuer: spec.issuerRef, isCA: spec.isCA === true });
  }
  const idOf = (c: PlannedManifest) => `manifest:${c.m.file.path}#${c.namespace}/${c.name}#${spanOf(c.m).start}`;
  const caBySecret = new Map<string, PlannedManifest>();
  for (const c of certs) if (c.isCA && c.secretName) caBySecret.set(`${c.namespace}\0${c.secretName}`, c);
  const out: TimelineItem[] = [];
  for (const c of certs) {
    const plan = plannedLifetime(c.m);
    if (!plan) continue;
    const kind = c.issuer?.kind ?? 'Issuer';
    const secret = c.issuer?.name !== undefined ? caIssuers.get(`${kind}\0${kind === 'Issuer' ? c.namespace : ''}\0${c.issuer.name}`) : undefined;
    // A ClusterIssuer's CA secret lives in cert-manager's cluster resource namespace: matched by name in any namespace.
    const parentCert = secret !== undefined
      ? caBySecret.get(`${c.namespace}\0${secret}`) ?? (kind === 'ClusterIssuer' ? certs.find((x) => x.isCA && x.secretName === secret) : undefined)
      : undefined;
    const renewals: number[] = [];
    const step = plan.durationMs - plan.renewBeforeMs;
    if (!plan.loop && step > 0) renewals.push(now + step);
    const span = spanOf(c.m);
    out.push({
      id: idOf(c), label: `${c.namespace}/${c.name}`, origin: 'manifest', isCA: c.isCA,
      start: now, end: now + plan.durationMs, renewals,
      parent: parentCert && parentCert !== c ? idOf(parentCert) : undefined,
      source: { file: c.m.file.path, start: span.start, end: span.end, line: span.line },
      detail: [
        `cert-manager Certificate ${c.namespace}/${c.name}${c.isCA ? ' (isCA)' : ''}: planned lifetime if issued now`,
        plan.loop ? `renewBefore is not shorter than the duration: cert-manager renews over and over` : `renews ${iso(now + step)} (by ${plan.how})`,
        `issuer ${c.issuer?.kind ?? 'Issuer'} ${c.issuer?.name ?? '(none)'}`,
        where(c.m.file.path, span.line),
      ],
    });
  }
  return out;
}

/** What the Cluster view has loaded: Secrets' leaf certificates and cert-manager Certificates' status. */
export interface ClusterTimelineInput {
  secrets: { context: string; namespace: string; name: string; leaf?: CertificateInfo }[];
  certificates: { context: string; namespace: string; certificate: CmCertificate }[];
}

export function itemsFromCluster(input: ClusterTimelineInput): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const s of input.secrets) {
    if (!s.leaf) continue;
    out.push({
      id: `cluster:secret:${s.context}/${s.namespace}/${s.name}`, label: `${s.namespace}/${s.name} (${s.context})`, origin: 'cluster', isCA: s.leaf.isCA,
      start: s.leaf.notBefore.getTime(), end: s.leaf.notAfter.getTime(), renewals: [],
      detail: certDetail(s.leaf, `Secret ${s.namespace}/${s.name} in context ${s.context}`),
    });
  }
  for (const c of input.certificates) {
    const st = c.certificate.status;
    const nb = Date.parse(st?.notBefore ?? ''), na = Date.parse(st?.notAfter ?? ''), rt = Date.parse(st?.renewalTime ?? '');
    if (!Number.isFinite(nb) || !Number.isFinite(na)) continue;
    const name = `${c.namespace}/${c.certificate.metadata.name}`;
    out.push({
      id: `cluster:certificate:${c.context}/${name}`, label: `${name} (${c.context})`, origin: 'cluster', isCA: c.certificate.spec?.isCA === true,
      start: nb, end: na, renewals: Number.isFinite(rt) ? [rt] : [],
      detail: [`cert-manager Certificate ${name} in context ${c.context}`, `valid ${iso(nb)} to ${iso(na)}`, ...(Number.isFinite(rt) ? [`renews ${iso(rt)}`] : [])],
    });
  }
  return out;
}

export function statusOf(item: TimelineItem, now: number, warningDays: number): TimelineStatus {
  if (item.origin === 'manifest') return 'planned';
  if (now >= item.end) return 'expired';
  if (now < item.start) return 'not-yet-valid';
  if (item.end - now <= warningDays * 86_400_000) return 'expiring';
  return 'valid';
}

/**
 * The rows in display order: each item under its parent (a CA above the certificates it signs,
 * indented one level), siblings CAs first and then by expiry. Linear in the items; a parent
 * cycle or a missing parent makes the item a top row.
 */
export function orderRows(items: TimelineItem[]): { item: TimelineItem; depth: number }[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const kids = new Map<string, TimelineItem[]>();
  const tops: TimelineItem[] = [];
  for (const i of items) {
    if (i.parent && byId.has(i.parent) && i.parent !== i.id) (kids.get(i.parent) ?? kids.set(i.parent, []).get(i.parent)!).push(i);
    else tops.push(i);
  }
  const order = (a: TimelineItem, b: TimelineItem) => Number(b.isCA) - Number(a.isCA) || a.end - b.end || a.label.localeCompare(b.label);
  const out: { item: TimelineItem; depth: number }[] = [];
  const placed = new Set<string>();
  // Depth first without recursion (a chain of thousands of CA Certificates is not a stack overflow).
  const visit = (root: TimelineItem) => {
    const stack: { item: TimelineItem; depth: number }[] = [{ item: root, depth: 0 }];
    while (stack.length) {
      const { item, depth } = stack.pop()!;
      if (placed.has(item.id)) continue;
      placed.add(item.id);
      out.push({ item, depth });
      const children = (kids.get(item.id) ?? []).sort(order);
      for (let k = children.length - 1; k >= 0; k--) stack.push({ item: children[k], depth: Math.min(depth + 1, 12) });
    }
  };
  for (const t of tops.sort(order)) visit(t);
  // Items only reachable through a cycle of parents.
  for (const i of items) if (!placed.has(i.id)) visit(i);
  return out;
}

/** Every item of one chart: the workspace's certificates, its cert-manager plans, the cluster's. */
export function timelineItems(o: { forest?: Forest; where?: (n: ChainNode) => string; manifests?: Manifest[]; manifestWhere?: (file: string, line: number) => string; cluster?: ClusterTimelineInput; now: number }): TimelineItem[] {
  return [
    ...(o.forest ? itemsFromForest(o.forest, o.where ?? (() => '')) : []),
    ...(o.manifests ? itemsFromManifests(o.manifests, o.now, o.manifestWhere) : []),
    ...(o.cluster ? itemsFromCluster(o.cluster) : []),
  ];
}
