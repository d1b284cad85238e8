// Editor features over the model: the field at an offset, hover text, completion, definitions.
import { isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fieldDoc } from './docs';
import { humanDuration, parseGoDuration } from './durations';
import { get, isUnknown, items, Manifest, ParsedFile, range, str, strings, SUBSTITUTED } from './model';
import { ruleHover } from './registry';
import { USAGES, keyAlgorithm } from './rules/certmanager';
import { realLifetimeSentence } from './rules/trust-paths';
import { pkiHoverAt, vaultIssuerHover } from './rules/pki';
import { Workspace, WORKLOAD_KINDS } from './workspace';
import type { LintFinding } from './model';

export interface Location { file: string; start: number; end: number }

export interface FieldAt {
  manifest: Manifest;
  path: Array<string | number>;
  /** The key node when the offset is on a key, the value node otherwise. */
  node: Node;
  onKey: boolean;
  /** The map or sequence that holds the field. */
  parent?: Node;
}

/** The innermost field at an offset in a manifest. */
export function fieldAt(file: ParsedFile, offset: number): FieldAt | undefined {
  const m = file.manifests.find((x) => { const [s, , e] = x.root.range ?? [0, 0, 0]; return offset >= s && offset <= e; });
  if (!m) return undefined;
  const path: Array<string | number> = [];
  let node: Node = m.root;
  let found: FieldAt | undefined;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = (node as YAMLMap).items.find((p) => within(p, offset));
      if (!pair || !isScalar(pair.key)) break;
      const key = String((pair.key as Scalar).value);
      path.push(key);
      const k = pair.key as Node;
      if (offset >= k.range![0] && offset <= k.range![1]) return { manifest: m, path: [...path], node: k, onKey: true, parent: node };
      if (!pair.value) return { manifest: m, path: [...path], node: k, onKey: true, parent: node };
      found = { manifest: m, path: [...path], node: pair.value as Node, onKey: false, parent: node };
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const idx = (node as YAMLSeq).items.findIndex((it) => { const r = (it as Node).range; return !!r && offset >= r[0] && offset <= r[2]; });
      if (idx < 0) break;
      path.push(idx);
      found = { manifest: m, path: [...path], node: (node as YAMLSeq).items[idx] as Node, onKey: false, parent: node };
      node = (node as YAMLSeq).items[idx] as Node;
    } else break;
  }
  return found;
}

function within(p: Pair, offset: number): boolean {
  const k = (p.key as Node | null)?.range;
  const v = (p.value as Node | null)?.range;
  const start = k?.[0] ?? v?.[0];
  const end = v?.[2] ?? k?.[2];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}

/**
 * A Certificate's planned lifetime as cert-manager computes it: `duration` (default 90 days) and
 * when it renews (`renewBefore`, else `renewBeforePercentage`, else a third of the lifetime).
 * `loop`: renewBefore is not shorter than the lifetime (cert-manager renews over and over).
 * Undefined when a value does not parse. Serves the hover below and the certificate timeline.
 */
export function plannedLifetime(m: Manifest): { durationMs: number; renewBeforeMs: number; how: string; loop: boolean } | undefined {
  const spec = get(m.root, 'spec');
  const d = str(get(spec, 'duration'));
  const dur = d ? parseGoDuration(d) : { ok: true as const, ms: 2160 * 3_600_000 };
  if (!dur.ok) return undefined;
  const rbText = str(get(spec, 'renewBefore'));
  const pctText = str(get(spec, 'renewBeforePercentage'));
  if (rbText) {
    const p = parseGoDuration(rbText);
    if (!p.ok) return undefined;
    return { durationMs: dur.ms, renewBeforeMs: p.ms, how: 'renewBefore', loop: p.ms >= dur.ms };
  }
  if (pctText && Number(pctText) > 0 && Number(pctText) < 100) {
    return { durationMs: dur.ms, renewBeforeMs: (dur.ms * Number(pctText)) / 100, how: `renewBeforePercentage ${pctText}%`, loop: false };
  }
  return { durationMs: dur.ms, renewBeforeMs: dur.ms / 3, how: "cert-manager's default: a third of the lifetime", loop: false };
}

/** "lives 30 days, renews after 23 days, 7 days before expiry". */
export function renewalSentence(m: Manifest): string | undefined {
  const p = plannedLifetime(m);
  if (!p) return undefined;
  if (p.loop) return `lives ${humanDuration(p.durationMs)}; renewBefore (${humanDuration(p.renewBeforeMs)}) is not shorter, so cert-manager would renew immediately, over and over`;
  return `lives ${humanDuration(p.durationMs)}, renews after ${humanDuration(p.durationMs - p.renewBeforeMs)}, ${humanDuration(p.renewBeforeMs)} before expiry (${p.how.startsWith('cert-manager') ? p.how : `by ${p.how}`})`;
}

/**
 * Hover text at an offset of a workspace file: a parsed YAML file, or the path of any other file
 * the linter reads (scripts, openssl configs, Terraform, Vault Agent templates: `pkiHoverAt`).
 * Every editor's hover (the language server, the extension's engine) comes through here.
 */
export function hoverAt(ws: Workspace, fileOrPath: ParsedFile | string, offset: number, findings: LintFinding[] = []): string | undefined {
  const file = typeof fileOrPath === 'string' ? ws.files.get(fileOrPath) : fileOrPath;
  const path = typeof fileOrPath === 'string' ? fileOrPath : fileOrPath.path;
  const f = file && fieldAt(file, offset);
  const parts: string[] = [];
  if (!file) {
    const pki = pkiHoverAt(ws, path, offset);
    if (pki) parts.push(pki);
  }
  if (f) {
    const doc = fieldDoc(f.manifest.kind, f.path.filter((p, i) => !(f.onKey && i === f.path.length - 1 && typeof p === 'number')));
    const name = f.path.filter((p) => typeof p === 'string').join('.');
    if (doc) {
      parts.push(`**${f.manifest.kind ?? "Helm values"} \`${name}\`**\n\n${doc.doc}`);
      if (doc.default) parts.push(`Default: \`${doc.default}\``);
      if (doc.values) parts.push(`Allowed: ${doc.values.map((v) => `\`${v}\``).join(', ')}`);
    }
    if (f.manifest.kind === 'Certificate' && (name === 'spec.duration' || name === 'spec.renewBefore' || name === 'spec.renewBeforePercentage')) {
      const s = renewalSentence(f.manifest);
      if (s) parts.push(`This certificate ${s}.`);
      const real = realLifetimeSentence(ws, f.manifest);
      if (real) parts.push(`It ${real}.`);
    }
    if ((f.manifest.kind === 'Issuer' || f.manifest.kind === 'ClusterIssuer') && name === 'spec.vault.path') {
      const h = vaultIssuerHover(ws, f.manifest);
      if (h) parts.push(h);
    }
    if (f.manifest.kind === 'Certificate' && name === 'spec.issuerRef.name') {
      const target = definitionAt(ws, f.manifest.file, offset)[0];
      if (target) parts.push(`Defined in \`${target.file}\``);
    }
  }
  for (const x of findings) {
    const text = x.file === path && offset >= x.start && offset <= x.end ? ruleHover(x.code) : undefined;
    if (text) {
      parts.push(text);
      // A cross-file finding names the objects it relates, with where they are (1-based lines).
      if (x.related?.length) parts.push(x.related.map((r) => `- ${r.message}: \`${r.file}:${r.line + 1}\``).join('\n'));
    }
  }
  return parts.length ? parts.join('\n\n') : undefined;
}

export interface CompletionItem { label: string; detail?: string; kind: 'value' | 'enum' | 'reference' }

export function completionsAt(ws: Workspace, file: ParsedFile, offset: number): CompletionItem[] {
  const f = fieldAt(file, offset) ?? seqItemContext(file, offset);
  if (!f) return [];
  const m = f.manifest;
  const named = f.path.filter((p) => typeof p === 'string').join('.');
  const enumOf = (vals: string[], detail?: string) => vals.map((label) => ({ label, detail, kind: 'enum' as const }));
  if (m.kind === 'Certificate' || m.kind === 'CertificateRequest') {
    if (named === 'spec.usages') {
      const have = new Set((isSeq(get(m.root, 'spec', 'usages')) ? (get(m.root, 'spec', 'usages') as YAMLSeq).items : []).map((n) => str(n)));
      const ecdsa = keyAlgorithm(get(m.root, 'spec')) !== 'RSA';
      return USAGES.filter((u) => !have.has(u) && !(ecdsa && u === 'key encipherment')).map((label) => ({ label, detail: 'cert-manager usage', kind: 'enum' as const }));
    }
    if (named === 'spec.privateKey.algorithm') return enumOf(['ECDSA', 'RSA', 'Ed25519'], 'key algorithm');
    if (named === 'spec.privateKey.size') {
      const alg = keyAlgorithm(get(m.root, 'spec'));
      return enumOf(alg === 'ECDSA' ? ['256', '384', '521'] : alg === 'RSA' ? ['2048', '3072', '4096'] : [], `${alg} key size`);
    }
    if (named === 'spec.privateKey.encoding') return enumOf(['PKCS1', 'PKCS8']);
    if (named === 'spec.privateKey.rotationPolicy') return enumOf(['Always', 'Never']);
    if (named === 'spec.issuerRef.kind') return enumOf(['Issuer', 'ClusterIssuer']);
    if (named === 'spec.issuerRef.name') {
      const kind = str(get(m.root, 'spec', 'issuerRef', 'kind')) || 'Issuer';
      const list = kind === 'ClusterIssuer' ? ws.ofKind('ClusterIssuer') : ws.ofKind('Issuer').filter((i) => i.namespace === m.namespace);
      return list.filter((i) => i.name).map((i) => ({ label: i.name!, detail: `${i.kind} in ${i.file.path}`, kind: 'reference' as const }));
    }
    if (named === 'spec.uris') return trustDomains(ws).map((td) => ({ label: `spiffe://${td}/ns/${m.namespace ?? 'default'}/sa/`, detail: 'SPIFFE ID in the SPIRE trust domain', kind: 'value' as const }));
  }
  if (m.kind === 'PeerAuthentication' && named.endsWith('mode')) return enumOf(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);
  // h15: values the field docs list (DestinationRule and Gateway tls modes, ...).
  // g15: ReferenceGrant kinds, Gateway certificateRefs kinds, Helm values (Linkerd, cert-manager).
  // g15: AuthorizationPolicy principals from the service accounts of the workloads deployed with it.
  if (m.kind === 'AuthorizationPolicy' && /^spec\.rules\.from\.source\.(notP|p)rincipals$/.test(named)) return principalsFor(ws, m);
  if (named.endsWith('.mode') || named.endsWith('wellKnownCACertificates') || m.kind === 'ReferenceGrant' || m.kind === undefined || (m.kind === 'Gateway' && named.endsWith('.kind')) || MESH_ENUM_KINDS.has(m.kind)) {
    const values = fieldDoc(m.kind, f.path.map((p) => (typeof p === 'number' ? '*' : p)))?.values;
    if (values && m.kind !== 'Certificate') return enumOf(values, `${m.kind ?? 'Helm values'} ${named.slice(named.lastIndexOf('.') + 1)}`);
  }
  return [];
}

/** Kinds whose documented fields' allowed values are offered (AuthorizationPolicy action, Gateway minProtocolVersion, ...). */
const MESH_ENUM_KINDS = new Set(['AuthorizationPolicy', 'DestinationRule', 'Gateway', 'BackendTLSPolicy']);

/**
 * `<trust domain>/ns/<namespace>/sa/<service account>` for each service account the workloads in
 * the policy's scope run as (`default` when none is set), in the trust domain the policy's other
 * principals use (Istio's default `cluster.local` otherwise). Templated names are left out.
 */
function principalsFor(ws: Workspace, policy: Manifest): CompletionItem[] {
  let td = 'cluster.local';
  for (const rule of items(get(policy.root, 'spec', 'rules'))) for (const from of items(get(rule, 'from'))) {
    for (const p of strings(get(from, 'source', 'principals'))) { const m = /^([^/*{}$<]+)\/ns\//.exec(p.value); if (m) td = m[1]; }
  }
  const out = new Map<string, CompletionItem>();
  for (const w of ws.scopeCandidates(policy.file, ws.ofKind(...WORKLOAD_KINDS))) {
    if (w.partial || !w.namespace) continue;
    const { spec } = Workspace.podSpec(w);
    const n = get(spec, 'serviceAccountName') ?? get(spec, 'serviceAccount');
    const sa = n ? str(n) : 'default';
    if (!sa || (n && isUnknown(w.file, n)) || SUBSTITUTED.test(w.namespace!)) continue;
    const label = `${td}/ns/${w.namespace}/sa/${sa}`;
    if (!out.has(label)) out.set(label, { label, detail: `service account of ${w.kind} "${w.name}" (${w.file.path})`, kind: 'reference' });
  }
  return [...out.values()];
}

/** Inside an empty sequence item line (`  - |`) the parser has no node yet: use the parent key. */
function seqItemContext(file: ParsedFile, offset: number): FieldAt | undefined {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  if (!/^\s*-\s*$/.test(file.text.slice(lineStart, offset))) return undefined;
  return fieldAt(file, Math.max(0, lineStart - 2));
}

function trustDomains(ws: Workspace): string[] {
  const out = new Set<string>();
  const all = [...ws.files.values()].map((f) => f.text).concat(ws.others.map((o) => o.text));
  // Trust domains filled in later (${VAR}, templates, <placeholders>) are not offered.
  for (const t of all) for (const m of t.matchAll(/trust_domain\s*=\s*"([^"]+)"/g)) if (!SUBSTITUTED.test(m[1]) && !m[1].includes('{{')) out.add(m[1]);
  return [...out];
}

/** issuerRef.name -> the Issuer; a secretName -> who produces / mounts it (in the object's scope, README "Scopes"). */
export function definitionAt(ws: Workspace, file: ParsedFile, offset: number): Location[] {
  const f = fieldAt(file, offset);
  if (!f || f.onKey) return [];
  const m = f.manifest;
  const named = f.path.filter((p) => typeof p === 'string').join('.');
  const loc = (x: Manifest): Location => { const [s, e] = range(x.root); return { file: x.file.path, start: s, end: e }; };
  const value = str(f.node);
  if (!value) return [];
  if ((m.kind === 'Certificate' || m.kind === 'CertificateRequest') && named === 'spec.issuerRef.name') {
    const kind = str(get(m.root, 'spec', 'issuerRef', 'kind')) || 'Issuer';
    const hit = ws.scopeCandidates(m.file, ws.named(`${kind === 'ClusterIssuer' ? 'ClusterIssuer' : 'Issuer'}/${value}`)).filter((x) => kind === 'ClusterIssuer' || x.namespace === m.namespace);
    return hit.slice(0, 1).map(loc);
  }
  if (m.kind === 'Certificate' && named === 'spec.secretName') {
    const mounts = ws.mounts().filter((x) => x.secretName === value && x.workload.namespace === m.namespace);
    return ws.scopeCandidates(m.file, mounts.map((x) => ({ path: x.workload.file.path, x }))).map(({ x }) => ({ file: x.workload.file.path, start: range(x.node)[0], end: range(x.node)[1] }));
  }
  if ((m.kind === 'Issuer' || m.kind === 'ClusterIssuer') && named === 'spec.ca.secretName') {
    return ws.scopeCandidates(m.file, ws.producers(value, m.kind === 'Issuer' ? m.namespace : undefined)).map(loc);
  }
  if (/volumes\.(secret\.secretName|projected\.sources\.secret\.name)$/.test(named)) {
    return ws.scopeCandidates(m.file, ws.producers(value, m.namespace)).map(loc);
  }
  return [];
}

