// Trust and time across files (#17 parts 2 and 3, lane h17trust).
//
// End-to-end trust: for every connection the workspace implies (an https:// URL in a workload's
// env, reaching a Service whose pods serve a cert-manager Certificate: the connections of
// `san-dialed-host`), the root of the server's chain (Certificate -> issuer -> CA issuer Secret ->
// the isCA Certificate -> its issuer ..., or a Secret with literal certificates) must be in the
// client's trust source (the file a TLS_CA_FILE / SSL_CERT_FILE / REQUESTS_CA_BUNDLE /
// NODE_EXTRA_CA_CERTS env var names, in a mounted Secret or ConfigMap key: a Certificate's
// ca.crt, a trust-manager Bundle target, literal PEM). Reported only when provable: anything
// templated, external (ACME, Vault, other issuers), ambiguous or unknown is silent.
//
// Real lifetimes: a Certificate's duration cut by its CA's lifetime (cert-manager's CA issuer
// caps notAfter at the CA's) and by its backend's caps (a Vault role's max_ttl or mount's max lease
// TTL, from the Vault rule pack's model); renewal loops, leaves that outlive their CA, and CA Certificates whose key rotates at
// renewal while a trust-manager Bundle holds only the current root.
//
// Full run per lint, linear in the objects: each Certificate's root and lifetime is computed once
// (memoized, chains at most MAX_DEPTH deep), connections only for workloads naming a CA file.
import type { Node } from 'yaml';
import { decodeBase64, toHex } from '../../bytes';
import { portableHasher } from '../../hash';
import type { CertificateInfo } from '../../model';
import { scanBytes, scanText } from '../../scan';
import { humanDuration, LOOP_MS, parseGoDuration, renewAfterMs } from '../durations';
import { bool, entries, get, isUnknown, items, Manifest, mayBeTemplated, str, valueOffsetMapper } from '../model';
import type { Reporter } from '../rules';
import { live, relatedRefs, relatedTo, RelationMemo, summaryOf, URL_RE, urlOf, Workspace, WORKLOAD_KINDS, type DialedUrl, type RelatedRef } from '../workspace';
import { isCertManager } from './certmanager';
import { codeTrustRootMissing } from './trust-code'; // t17c: URLs dialed in code
import { servedBy } from './crossfile';
import { tlsBlocks } from './gateways';
import { vaultLifetimeCap } from './pki';
import { certificateLabel, objectLabel } from '../script-certs';
import { destinationRuleToGateway, gatewayClients, gatewayServing } from './trust-gateways';
import { pinnedRootExpiry } from './root-pins';
import { madeAnchors, scriptCertificateRoots, scriptSecretKeyRoots, vaultIssuerRoots, type MadeRoot } from '../trust-roots-pki';
import { scriptCertificateOf } from '../script-certs';

/** Env vars whose value is the CA file a TLS client trusts (scaffold, Go, Python requests, Node). */
export const CA_FILE_ENV = ['TLS_CA_FILE', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'CA_FILE', 'CA_CERT_FILE'];
const DEFAULT_DURATION_MS = 2160 * 3_600_000;
const MAX_DEPTH = 8;

// ---- plug-in: caps on a certificate's lifetime set by its issuer's backend --------------------

/** A cap on the lifetime of certificates an issuer signs (a Vault role's max_ttl, a mount's max lease TTL). */
export interface LifetimeCap {
  ms: number;
  /** How far the backend backdates notBefore (Vault: 30s), which lengthens the lifetime cert-manager sees. */
  backdateMs?: number;
  /** The cap shrinks over time (a CA's remaining validity): renewal comes late once, not in a loop. */
  shrinks?: boolean;
  /** "Vault role pki/roles/web max_ttl 72h". */
  what: string;
  /** Where the cap is set, for the finding's related locations. */
  related?: RelatedRef;
}

/**
 * The caps an issuer's backend puts on the lifetime of what it signs, read from the workspace
 * model: a cert-manager Vault issuer's role (`spec.vault.path` `<mount>/sign/<role>`, the role's
 * max_ttl or the mount's max lease TTL, from scripts and Terraform: the Vault rule pack's model).
 */
function backendCaps(ws: Workspace, issuer: Manifest): LifetimeCap[] {
  const vault = issuerType(issuer) === 'vault' ? vaultLifetimeCap(ws, issuer) : undefined;
  return vault ? [vault] : [];
}

// ---- roots ------------------------------------------------------------------------------------

/**
 * A trust anchor: a cert-manager Certificate (self-signed root), a literal certificate, the public
 * CAs, or a root an openssl script or a Vault mount makes (t17o, trust-roots-pki.ts).
 */
export type Root =
  | { kind: 'manifest'; cert: Manifest }
  | { kind: 'literal'; cert: CertificateInfo; where: Manifest }
  | { kind: 'public' }
  | MadeRoot;

export const where = objectLabel;

export function identity(m: Manifest): string {
  return `${m.apiVersion?.split('/')[0] ?? ''}\u0000${m.kind}\u0000${m.namespace ?? ''}\u0000${m.name}`;
}

export function describeRoot(r: Root): string {
  if (r.kind === 'manifest') return `root Certificate "${r.cert.name}"${r.cert.namespace ? ` (namespace ${r.cert.namespace}, ${r.cert.file.path})` : ` (${r.cert.file.path})`}`;
  if (r.kind === 'literal') return `root ${r.cert.subject.rfc4514 || '(empty subject)'} (in ${where(r.where)}, ${r.where.file.path})`;
  if (r.kind === 'made') return r.label;
  return 'the public CAs (useDefaultCAs)';
}

/** The related place of a root (where it is made or written), none for the public CAs. */
export function rootRef(r: Root, message: string): RelatedRef | undefined {
  if (r.kind === 'public') return undefined;
  if (r.kind === 'made') return { ...r.at, message };
  return relatedTo(r.kind === 'manifest' ? r.cert : r.where, message);
}

/** Whether trust anchor `t` makes a chain ending at root `r` verify: yes, no, or not knowable here. */
export function anchors(t: Root, r: Root): 'yes' | 'no' | 'maybe' {
  if (t.kind === 'made' || r.kind === 'made') return madeAnchors(t, r);
  if (t.kind === 'manifest' && r.kind === 'manifest') return identity(t.cert) === identity(r.cert) ? 'yes' : 'no';
  if (t.kind === 'literal' && r.kind === 'literal') {
    return t.cert.sha256 === r.cert.sha256 || (toHex(t.cert.subject.der) === toHex(r.cert.subject.der) && t.cert.publicKey.keyMaterialHex === r.cert.publicKey.keyMaterialHex) ? 'yes' : 'no';
  }
  // A root made in the workspace by cert-manager is never a public CA.
  if (t.kind === 'public' && r.kind === 'manifest') return 'no';
  return 'maybe';
}

/** The single object among copies of one object (same identity), or undefined when several differ. */
export function one(list: readonly Manifest[]): Manifest | undefined {
  if (!list.length) return undefined;
  const id = identity(list[0]);
  return list.every((m) => identity(m) === id) ? list[0] : undefined;
}

/** Certificates in a PEM text or base64 value (literal material in Secrets, ConfigMaps, Bundles). */
export function literalCertificates(text: string, base64: boolean): CertificateInfo[] | undefined {
  try {
    const found = base64 ? scanBytes(decodeBase64(text.replace(/\s+/g, '')), { hasher: portableHasher }).objects : scanText(text, { hasher: portableHasher }).objects;
    const certs: CertificateInfo[] = [];
    for (const f of found) {
      if (!f.result.ok) return undefined;
      if (f.result.object.type === 'certificate') certs.push(f.result.object);
    }
    return certs.length ? certs : undefined;
  } catch {
    return undefined;
  }
}

/** The value of key `key` of a Secret (data: base64, stringData: text) or ConfigMap (data), as certificates. */
export function keyCertificates(m: Manifest, key: string): CertificateInfo[] | undefined {
  for (const [field, base64] of m.kind === 'Secret' ? [['data', true], ['stringData', false]] as const : [['data', false], ['binaryData', true]] as const) {
    const node = get(m.root, field, key);
    if (!node) continue;
    if (isUnknown(m.file, node)) return undefined;
    const text = str(node);
    return text ? literalCertificates(text, base64) : undefined;
  }
  return undefined;
}

/** Per-run memo of the resolution (a lint run's Workspace is new each run). */
interface Memo {
  roots: Map<Manifest, Root[] | undefined>;
  lifetimes: Map<Manifest, Lifetime | undefined>;
}

const memos = new WeakMap<Workspace, Memo>();
function memo(ws: Workspace): Memo {
  let m = memos.get(ws);
  if (!m) memos.set(ws, (m = { roots: new Map(), lifetimes: new Map() }));
  return m;
}

/** The cert-manager Issuer or ClusterIssuer a Certificate names, in its scope (undefined: unknown or external). */
export function issuerOf(ws: Workspace, c: Manifest): Manifest | undefined {
  return issuers.get(ws, c, () => findIssuer(ws, c));
}

/**
 * Which issuer a Certificate names and which object writes a CA issuer's Secret follow from
 * relations only (names, kinds, namespaces, scopes): kept across runs while those stay (g18).
 */
const issuers = new RelationMemo<Manifest | undefined>();
const producers = new RelationMemo<Manifest | undefined>();

function findIssuer(ws: Workspace, c: Manifest): Manifest | undefined {
  let out: Manifest | undefined;
  const ref = summaryOf(c).issuerRef;
  if (ref && !isUnknown(c.file, ref.nameNode) && !(ref.kindNode && isUnknown(c.file, ref.kindNode))) {
    if (ref.kind === 'ClusterIssuer') out = one(ws.scopeCandidates(c.file, ws.named(ref.clusterIssuerKey)).filter(isCertManager));
    else if (ref.kind === 'Issuer') out = one(ws.scopeCandidates(c.file, ws.named(ref.issuerKey)).filter((i) => isCertManager(i) && i.namespace === c.namespace));
  }
  return out;
}

type IssuerType = 'selfSigned' | 'ca' | 'vault' | 'acme' | 'venafi' | undefined;
/** Per object, kept while its document is reused (g18: every Certificate of an issuer asks again). */
const issuerTypes = new WeakMap<Manifest, IssuerType>();
export function issuerType(i: Manifest): IssuerType {
  if (issuerTypes.has(i)) return issuerTypes.get(i);
  const spec = get(i.root, 'spec');
  const types = (['selfSigned', 'ca', 'vault', 'acme', 'venafi'] as const).filter((t) => get(spec, t) !== undefined);
  const out = types.length === 1 ? types[0] : undefined;
  issuerTypes.set(i, out);
  return out;
}

/** The one object producing a CA issuer's Secret (an isCA Certificate or a Secret), in scope. */
function caProducer(ws: Workspace, issuer: Manifest): Manifest | undefined {
  return producers.get(ws, issuer, () => {
    const sn = get(issuer.root, 'spec', 'ca', 'secretName');
    const name = str(sn);
    return !name || isUnknown(issuer.file, sn) ? undefined : one(ws.scopeCandidates(issuer.file, ws.producers(name, issuer.kind === 'Issuer' ? issuer.namespace : undefined)));
  });
}

/** Roots in literal material: the self-signed certificates among them (none: unknown). */
export function literalRoots(certs: CertificateInfo[] | undefined, where: Manifest): Root[] | undefined {
  const roots = certs?.filter((c) => c.selfSigned);
  return roots?.length ? roots.map((cert) => ({ kind: 'literal' as const, cert, where })) : undefined;
}

/** The roots a Certificate's chain may end at (one for cert-manager chains); undefined when not provable. */
export function rootsOf(ws: Workspace, c: Manifest, depth = 0): Root[] | undefined {
  const mm = memo(ws);
  if (mm.roots.has(c)) return mm.roots.get(c);
  mm.roots.set(c, undefined); // cycles end here
  let out: Root[] | undefined;
  const script = scriptCertificateOf(c);
  const issuer = depth < MAX_DEPTH && !script ? issuerOf(ws, c) : undefined;
  const type = issuer && issuerType(issuer);
  // A certificate an openssl script makes: its root through -CA; a Vault issuer's: its mount's root (t17o).
  if (script) out = scriptCertificateRoots(ws, c);
  else if (type === 'vault') out = vaultIssuerRoots(ws, issuer!);
  else if (type === 'selfSigned') out = [{ kind: 'manifest', cert: c }];
  else if (type === 'ca') {
    const p = caProducer(ws, issuer!);
    if (p?.kind === 'Certificate' && isCertManager(p) && !p.partial) out = rootsOf(ws, p, depth + 1);
    else if (p?.kind === 'Secret') out = literalRoots(keyCertificates(p, 'ca.crt') ?? keyCertificates(p, 'tls.crt'), p);
  }
  mm.roots.set(c, out);
  return out;
}

/** What a key of a Secret produced by a cert-manager Certificate holds, as trust anchors. */
export function certificateKeyRoots(ws: Workspace, c: Manifest, key: string): Root[] | undefined {
  // A Secret a script makes holds in each key the file it loads there (t17o).
  if (scriptCertificateOf(c)) return scriptSecretKeyRoots(ws, c.name ?? '', c.namespace, key)?.roots;
  if (key === 'ca.crt') return rootsOf(ws, c);
  // tls.crt of a self-signed CA is its root; of anything else, a leaf and intermediates (unknown here).
  if (key === 'tls.crt') { const i = issuerOf(ws, c); return i && issuerType(i) === 'selfSigned' ? [{ kind: 'manifest', cert: c }] : undefined; }
  return undefined;
}

/** The roots in a trust-manager Bundle: the union of its sources; undefined if any is not knowable. */
function bundleRoots(ws: Workspace, b: Manifest): Root[] | undefined {
  const out: Root[] = [];
  for (const src of items(get(b.root, 'spec', 'sources'))) {
    if (bool(get(src, 'useDefaultCAs')) === true) { out.push({ kind: 'public' }); continue; }
    const inline = get(src, 'inLine');
    if (inline) {
      if (isUnknown(b.file, inline)) return undefined;
      const roots = literalRoots(literalCertificates(str(inline) ?? '', false), b);
      if (!roots) return undefined;
      out.push(...roots);
      continue;
    }
    const kind = get(src, 'secret') ? 'Secret' : get(src, 'configMap') ? 'ConfigMap' : undefined;
    const ref = kind && get(src, kind === 'Secret' ? 'secret' : 'configMap');
    const nameNode = get(ref, 'name'), keyNode = get(ref, 'key');
    const name = str(nameNode), key = str(keyNode);
    if (!kind || !name || !key || isUnknown(b.file, nameNode) || isUnknown(b.file, keyNode)) return undefined;
    // Sources live in trust-manager's trust namespace (a flag): any namespace in scope.
    const producers = kind === 'Secret' ? ws.scopeCandidates(b.file, ws.producers(name, undefined)) : ws.scopeCandidates(b.file, ws.named(`ConfigMap/${name}`));
    const p = one(producers);
    // A Secret only a script makes (`kubectl create secret generic NAME --from-file=KEY=FILE`, t17o).
    const scripted = !producers.length && kind === 'Secret' ? scriptSecretKeyRoots(ws, name, undefined, key)?.roots : undefined;
    if (scripted) { out.push(...scripted); continue; }
    if (!p) return undefined;
    const roots = p.kind === 'Certificate' ? (isCertManager(p) ? certificateKeyRoots(ws, p, key) : undefined) : literalRoots(keyCertificates(p, key), p);
    if (!roots) return undefined;
    out.push(...roots);
  }
  return out.length ? out : undefined;
}

/** Bundles whose target writes key `key` of a ConfigMap or Secret named `name`. */
export function bundlesTargeting(ws: Workspace, from: { path: string }, kind: 'ConfigMap' | 'Secret', name: string, key: string): Manifest[] {
  return ws.scopeCandidates(from, ws.named(`Bundle/${name}`)).filter((b) => b.apiVersion?.startsWith('trust.cert-manager.io/')
    && str(get(b.root, 'spec', 'target', kind === 'ConfigMap' ? 'configMap' : 'secret', 'key')) === key);
}

// ---- the client's trust source ----------------------------------------------------------------

interface TrustSource {
  env: string;
  path: string;
  node: Node;
  /** What the file is: `Secret "x" key ca.crt`. */
  what: string;
  roots?: Root[];
  /** The objects it was followed through. */
  via: Manifest[];
}

/** Resolves a file path in a container to a mounted volume's key, then to its trust anchors. */
function trustSource(ws: Workspace, w: Manifest, container: Node, podSpec: Node | undefined, env: string, node: Node, path: string): TrustSource {
  const src: TrustSource = { env, path, node, what: path, via: [] };
  const hit = mountedKey(w, container, podSpec, path);
  if (!hit) return src;
  const { kind, name, key } = hit;
  src.what = `${kind} "${name}" key ${key}`;
  const k = keyRoots(ws, w.file, kind, name, key, w.namespace);
  src.via.push(...k.via);
  src.roots = k.roots;
  return src;
}

/**
 * The Secret or ConfigMap key behind a file path in a container: the volume mounted at the path's
 * folder (or by subPath at the path), and the key (`items` map keys to paths; without items, the
 * file is the key). Undefined when not provable (templated names, several projected sources).
 */
export function mountedKey(w: Manifest, container: Node, podSpec: Node | undefined, path: string): { kind: 'Secret' | 'ConfigMap'; name: string; key: string } | undefined {
  let mount: { name: string; rest: string } | undefined;
  for (const vm of items(get(container, 'volumeMounts'))) {
    const mp = str(get(vm, 'mountPath'));
    const name = str(get(vm, 'name'));
    if (!mp || !name || isUnknown(w.file, get(vm, 'mountPath')) || isUnknown(w.file, get(vm, 'name'))) continue;
    const sub = str(get(vm, 'subPath'));
    const base = mp.replace(/\/+$/, '');
    if (sub !== undefined) { if (path === base) mount = { name, rest: sub }; }
    else if (path.startsWith(base + '/') && !path.slice(base.length + 1).includes('/')) mount = { name, rest: path.slice(base.length + 1) };
  }
  if (!mount) return undefined;
  const volume = items(get(podSpec, 'volumes')).find((v) => str(get(v, 'name')) === mount!.name);
  if (!volume) return undefined;
  const refs: Array<{ kind: 'Secret' | 'ConfigMap'; nameNode?: Node; itemsNode?: Node }> = [];
  if (get(volume, 'secret')) refs.push({ kind: 'Secret', nameNode: get(volume, 'secret', 'secretName'), itemsNode: get(volume, 'secret', 'items') });
  if (get(volume, 'configMap')) refs.push({ kind: 'ConfigMap', nameNode: get(volume, 'configMap', 'name'), itemsNode: get(volume, 'configMap', 'items') });
  for (const s of items(get(volume, 'projected', 'sources'))) {
    if (get(s, 'secret')) refs.push({ kind: 'Secret', nameNode: get(s, 'secret', 'name'), itemsNode: get(s, 'secret', 'items') });
    if (get(s, 'configMap')) refs.push({ kind: 'ConfigMap', nameNode: get(s, 'configMap', 'name'), itemsNode: get(s, 'configMap', 'items') });
  }
  const hits: Array<{ kind: 'Secret' | 'ConfigMap'; name: string; key: string }> = [];
  for (const r of refs) {
    const name = str(r.nameNode);
    if (!name || isUnknown(w.file, r.nameNode)) return undefined;
    const list = items(r.itemsNode);
    if (!list.length) { hits.push({ kind: r.kind, name, key: mount.rest }); continue; }
    for (const it of list) if (str(get(it, 'path')) === mount.rest && str(get(it, 'key'))) hits.push({ kind: r.kind, name, key: str(get(it, 'key'))! });
  }
  // A projected volume without items: the file may come from any source; only one source is provable.
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * The trust anchors key `key` of Secret or ConfigMap `name` in namespace `ns` holds: from its one
 * producer (a cert-manager Certificate's ca.crt/tls.crt, literal PEM) or its one trust-manager
 * Bundle target; the mesh's root ConfigMaps (`istio-ca-root-cert`, `linkerd-identity-trust-roots`,
 * written into namespaces by istiod and Linkerd) hold the mesh's roots. `roots` is undefined when
 * not knowable (two writers, templated, made outside the workspace).
 */
export function keyRoots(ws: Workspace, from: { path: string }, kind: 'Secret' | 'ConfigMap', name: string, key: string, ns: string | undefined): { roots?: Root[]; via: Manifest[] } {
  const producers = kind === 'Secret' ? ws.scopeCandidates(from, ws.producers(name, ns)) : ws.scopeCandidates(from, ws.named(`ConfigMap/${name}`).filter((c) => c.namespace === ns));
  const bundles = bundlesTargeting(ws, from, kind, name, key);
  const p = one(producers);
  if (producers.length && !p) return { via: [] };
  if (p && bundles.length) return { via: [] }; // two writers: not knowable
  if (p) {
    return { via: [p], roots: p.kind === 'Certificate' ? (isCertManager(p) && !p.partial ? certificateKeyRoots(ws, p, key) : undefined) : literalRoots(keyCertificates(p, key), p) ?? allLiteral(keyCertificates(p, key), p) };
  }
  const b = one(bundles);
  if (b) return { via: [b], roots: bundleRoots(ws, b) };
  if (kind === 'ConfigMap') return meshRoots(ws, from, name, key) ?? { via: [] };
  // A Secret only a script makes (t17o).
  return scriptSecretKeyRoots(ws, name, ns, key) ?? { via: [] };
}

/**
 * The roots the mesh puts in every namespace's root ConfigMap: Istio's `istio-ca-root-cert`
 * (root-cert.pem) holds the plug-in CA's root (`cacerts` Secret, root-cert.pem, in istio-system);
 * Linkerd's `linkerd-identity-trust-roots` (ca-bundle.crt) the trust anchors (the ConfigMap in the
 * control plane's namespace, or the Helm values' identityTrustAnchorsPEM). Only one source in scope.
 */
function meshRoots(ws: Workspace, from: { path: string }, name: string, key: string): { roots?: Root[]; via: Manifest[] } | undefined {
  if (name === 'istio-ca-root-cert' && key === 'root-cert.pem') {
    const cacerts = one(ws.scopeCandidates(from, ws.named('Secret/cacerts')).filter((m) => !m.partial && (m.namespace ?? 'istio-system') === 'istio-system'));
    const roots = cacerts && allLiteral(keyCertificates(cacerts, 'root-cert.pem'), cacerts);
    return cacerts && roots ? { roots, via: [cacerts] } : undefined;
  }
  if (name === 'linkerd-identity-trust-roots' && key === 'ca-bundle.crt') {
    const maps = ws.scopeCandidates(from, ws.named('ConfigMap/linkerd-identity-trust-roots')).filter((m) => !m.partial);
    const values = ws.scopeCandidates(from, ws.manifests.filter((m) => m.kind === undefined && get(m.root, 'identityTrustAnchorsPEM')));
    if (maps.length + values.length !== 1) return undefined;
    if (maps.length) { const roots = allLiteral(keyCertificates(maps[0], 'ca-bundle.crt'), maps[0]); return roots ? { roots, via: [maps[0]] } : undefined; }
    const n = get(values[0].root, 'identityTrustAnchorsPEM');
    if (!n || isUnknown(values[0].file, n)) return undefined;
    const roots = allLiteral(literalCertificates(str(n) ?? '', false), values[0]);
    return roots ? { roots, via: [values[0]] } : undefined;
  }
  return undefined;
}

/** Every certificate of a CA file is an anchor (Go's pool trusts each), self-signed or not. */
export function allLiteral(certs: CertificateInfo[] | undefined, where: Manifest): Root[] | undefined {
  return certs?.map((cert) => ({ kind: 'literal' as const, cert, where }));
}

// ---- part 2: trust-root-missing ----------------------------------------------------------------

export function podSpecOf(w: Manifest): Node | undefined {
  return Workspace.podSpec(w).spec;
}

const servedMemo = new WeakMap<Workspace, Map<Manifest, Manifest[]>>();
/** Certificates served behind each Service (built once per run, only when a connection asks). */
function servedMap(ws: Workspace): Map<Manifest, Manifest[]> {
  let served = servedMemo.get(ws);
  if (!served) {
    served = new Map();
    for (const s of servedBy(ws)) { const l = served.get(s.service) ?? served.set(s.service, []).get(s.service)!; if (!l.includes(s.cert)) l.push(s.cert); }
    servedMemo.set(ws, served);
  }
  return served;
}

/** The server certificates behind `services` whose roots are provably none of `trusted`. */
export function untrusted(ws: Workspace, services: Manifest[], trusted: Root[]): Array<{ svc: Manifest; cert: Manifest; roots: Root[] }> {
  const out: Array<{ svc: Manifest; cert: Manifest; roots: Root[] }> = [];
  for (const svc of services) {
    for (const cert of servedMap(ws).get(svc) ?? []) {
      const roots = rootsOf(ws, cert);
      if (!roots) continue;
      if (roots.some((root) => trusted.some((t) => anchors(t, root) !== 'no'))) continue;
      out.push({ svc, cert, roots });
    }
  }
  return out;
}

/** Related locations of a trust-root-missing finding: the server certificate, the missing roots, then the client's side. */
export function missingRelated(cert: Manifest, roots: Root[], client: RelatedRef[]): RelatedRef[] {
  const rel: RelatedRef[] = [relatedTo(cert, `${where(cert)}: the certificate the server presents`)];
  for (const root of roots) { const ref = rootRef(root, `${describeRoot(root)}: the root the client lacks`); if (ref) rel.push(ref); }
  return [...rel, ...client];
}

export const listRoots = (roots: Root[]) => (roots.length ? roots.map(describeRoot).join(', ') : 'no roots');

/**
 * Whether a workload sets one of CA_FILE_ENV in a container (else it has no trust source to
 * check). A property of the object's text: kept per object while its document is reused, so a
 * re-lint after an edit does not walk every workload's containers again (g18).
 */
const namesCaFile = new WeakMap<Manifest, boolean>();
export function setsCaFile(w: Manifest): boolean {
  let hit = namesCaFile.get(w);
  if (hit === undefined) {
    const spec = podSpecOf(w);
    hit = [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))].some((c) => items(get(c, 'env')).some((e) => { const n = str(get(e, 'name')); return !!n && CA_FILE_ENV.includes(n) && !!get(e, 'value'); }));
    namesCaFile.set(w, hit);
  }
  return hit;
}

/** A dialed URL where it is written (a workload's env value, or a value of a ConfigMap it reads) and how to name it. */
export interface DialSite { file: DialedUrl['file']; start: number; end: number; url: string; host: string; label: string; related: RelatedRef[] }

/**
 * The ConfigMaps a container reads configuration from (g17: URLs "in configs"): `envFrom`
 * configMapRef, env `valueFrom.configMapKeyRef`, and configMap volumes it mounts. Names only
 * (templated ones left out); `key` undefined means every key.
 */
const configRefMemo = new WeakMap<Node, Array<{ name: string; key?: string }>>();
function configRefs(w: Manifest, c: Node, spec: Node | undefined): Array<{ name: string; key?: string }> {
  // Per container node, kept while its document is reused (re-lints do not walk it again).
  const hit = configRefMemo.get(c);
  if (hit) return hit;
  const out: Array<{ name: string; key?: string }> = [];
  configRefMemo.set(c, out);
  const known = (n: Node | undefined) => { const v = str(n); return v && !isUnknown(w.file, n) ? v : undefined; };
  for (const e of items(get(c, 'envFrom'))) { const n = known(get(e, 'configMapRef', 'name')); if (n) out.push({ name: n }); }
  for (const e of items(get(c, 'env'))) {
    const ref = get(e, 'valueFrom', 'configMapKeyRef');
    const n = known(get(ref, 'name')), k = known(get(ref, 'key'));
    if (n && k) out.push({ name: n, key: k });
  }
  const mounted = new Set(items(get(c, 'volumeMounts')).map((m) => str(get(m, 'name'))));
  for (const v of items(get(spec, 'volumes'))) {
    if (!mounted.has(str(get(v, 'name')))) continue;
    const n = known(get(v, 'configMap', 'name'));
    if (n) out.push({ name: n });
  }
  return out;
}

/** Whether a workload reads any ConfigMap (kept per object while its document is reused). */
const readsConfigMemo = new WeakMap<Manifest, boolean>();
function readsConfig(w: Manifest): boolean {
  let hit = readsConfigMemo.get(w);
  if (hit === undefined) {
    const spec = podSpecOf(w);
    hit = [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))].some((c) => configRefs(w, c, spec).length > 0);
    readsConfigMemo.set(w, hit);
  }
  return hit;
}

/** `https://` URLs in a ConfigMap's data values, per key (kept per object while its document is reused). */
const configUrlMemo = new WeakMap<Manifest, Array<{ key: string; node: Node; host: string; url: string; at: number }>>();
function configUrls(cm: Manifest): Array<{ key: string; node: Node; host: string; url: string; at: number }> {
  let hit = configUrlMemo.get(cm);
  if (!hit) {
    hit = [];
    for (const e of entries(get(cm.root, 'data'))) {
      const text = str(e.value);
      if (!text || !e.value?.range || !text.includes('https://') || isUnknown(cm.file, e.value)) continue;
      for (const u of text.matchAll(URL_RE)) hit.push({ key: e.key, node: e.value, host: u[1], url: u[0], at: u.index! });
    }
    configUrlMemo.set(cm, hit);
  }
  return hit;
}

function trustRootMissing(r: Reporter, ws: Workspace): void {
  const reported = new Set<string>();
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    const sum = summaryOf(w);
    if (w.partial || !setsCaFile(w) || (!sum.urls?.length && !readsConfig(w))) continue;
    const spec = podSpecOf(w);
    const containers = [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))];
    for (const c of containers) {
      const envs = items(get(c, 'env'));
      const sources: TrustSource[] = [];
      for (const e of envs) {
        const name = str(get(e, 'name'));
        const v = get(e, 'value');
        if (!name || !CA_FILE_ENV.includes(name) || !v) continue;
        const path = str(v);
        if (!path || isUnknown(w.file, v)) { sources.length = 0; sources.push({ env: name, path: '', node: v, what: '', via: [] }); break; }
        sources.push(trustSource(ws, w, c, spec, name, v, path));
      }
      // Every CA file this container may read must be known (the client may read any of them).
      if (!sources.length || sources.some((s) => !s.roots)) continue;
      const trusted = sources.flatMap((s) => s.roots!);
      const trust = () => sources.map((s) => `${s.env}=${s.path} (${s.what}: ${listRoots(s.roots!)})`).join('; ');
      const clientSide = () => sources.flatMap((s) => [{ file: w.file, node: s.node, message: `${s.env}: the client's trust source` }, ...s.via.map((v) => relatedTo(v, `${where(v)}: what ${s.env} holds`))]);
      const dial = (from: { path: string }, ns: string | undefined, host: string, site: () => DialSite) => {
        // An Istio Gateway serving the host (g17): its credentialName's chain must be trusted too.
        gatewayServing(r, ws, from, host, site, trusted, trust, clientSide, reported);
        for (const { svc, cert, roots } of untrusted(ws, ws.scopeCandidates(from, ws.servicesForHost(host, ns)), trusted)) {
          const d = site();
          const key = `${d.file.path}\u0000${d.start}\u0000${identity(cert)}`;
          if (reported.has(key)) continue;
          reported.add(key);
          r.at(d.file, d.start, d.end, 'trust-root-missing',
            `${d.label} reaches Service "${svc.name}", whose pods serve ${certificateLabel(cert, false)} chaining to ${roots.map(describeRoot).join(' or ')}, but this container trusts only ${trust()}: the handshake fails with "x509: certificate signed by unknown authority". Add that root to the trust source (e.g. a trust-manager Bundle source), or issue the server certificate from a CA the client trusts.`);
          relatedRefs.set(r.findings[r.findings.length - 1], missingRelated(cert, roots, [...d.related, ...clientSide()]));
        }
      };
      const envNodes = new Set(envs.map((e) => get(e, 'value')));
      sum.urls?.forEach((u, k) => {
        if (envNodes.has(u.node)) dial(w.file, w.namespace, u.host, () => { const d = urlOf(w, k); return { ...d, label: d.url, related: [] }; });
      });
      // URLs in the ConfigMaps the container reads (one ConfigMap in its namespace and scope).
      for (const ref of configRefs(w, c, spec)) {
        const cm = one(ws.scopeCandidates(w.file, ws.named(`ConfigMap/${ref.name}`)).filter((x) => x.namespace === w.namespace && !x.partial));
        if (!cm) continue;
        for (const u of configUrls(cm)) {
          if (ref.key !== undefined && u.key !== ref.key) continue;
          dial(w.file, w.namespace, u.host, () => {
            const at = valueOffsetMapper(cm.file, u.node);
            return { file: cm.file, start: at(u.at), end: at(u.at + u.url.length), url: u.url, host: u.host, label: `${u.url} (ConfigMap "${cm.name}" key ${u.key}, read by ${w.kind} "${w.name}")`, related: [relatedTo(w, `${where(w)}: reads this ConfigMap and dials the URL`)] };
          });
        }
      }
    }
  }
  destinationRules(r, ws);
  backendTlsPolicies(r, ws);
  gatewayClients(r, ws);
}

/**
 * The CA an Istio `credentialName` verifies peers with: the separate `<name>-cacert` Secret when
 * the workspace has one (a Secret, a Certificate or a trust-manager Bundle target writes it: istiod
 * reads it first), else the Secret's own ca.crt, or cacert.
 * `ns` undefined: any namespace of the scope (a gateway's Secret lives with its pods).
 */
export function credentialCa(ws: Workspace, from: { path: string }, cred: string, ns: string | undefined): { roots?: Root[]; via: Manifest[]; secret: string; key: string } {
  const separate = ws.scopeCandidates(from, ws.producers(`${cred}-cacert`, ns)).length > 0
    || bundlesTargeting(ws, from, 'Secret', `${cred}-cacert`, 'ca.crt').length > 0 || bundlesTargeting(ws, from, 'Secret', `${cred}-cacert`, 'cacert').length > 0;
  const secret = separate ? `${cred}-cacert` : cred;
  let k = keyRoots(ws, from, 'Secret', secret, 'ca.crt', ns);
  let key = 'ca.crt';
  if (!k.roots && k.via.length && k.via[0].kind === 'Secret') { k = keyRoots(ws, from, 'Secret', secret, 'cacert', ns); key = 'cacert'; }
  return { ...k, secret, key };
}

/**
 * Istio DestinationRules: `tls.mode` SIMPLE or MUTUAL with `credentialName` makes the sidecar (or
 * gateway) verify the server behind `spec.host` against the Secret's ca.crt (or cacert, or the
 * separate `<credentialName>-cacert` Secret). The server: the pods behind the host's Service, or
 * an Istio Gateway in the workspace serving the host (egress to another mesh's ingress). The
 * finding is on credentialName.
 */
function destinationRules(r: Reporter, ws: Workspace): void {
  for (const m of ws.ofKind('DestinationRule')) {
    if (m.partial || !m.apiVersion?.startsWith('networking.istio.io/')) continue;
    const hostNode = get(m.root, 'spec', 'host');
    const host = str(hostNode);
    if (!host || !hostNode || isUnknown(m.file, hostNode)) continue;
    for (const tls of tlsBlocks(m)) {
      const modeNode = get(tls, 'mode');
      const mode = str(modeNode);
      const credNode = get(tls, 'credentialName');
      const cred = str(credNode);
      if ((mode !== 'SIMPLE' && mode !== 'MUTUAL') || !cred || !credNode || isUnknown(m.file, credNode) || (modeNode && isUnknown(m.file, modeNode)) || get(tls, 'caCertificates')) continue;
      const k = credentialCa(ws, m.file, cred, m.namespace);
      const { secret, key } = k;
      if (k.roots) {
        for (const { svc, cert, roots } of untrusted(ws, ws.scopeCandidates(m.file, ws.servicesForHost(host, m.namespace)), k.roots)) {
          r.node(m, credNode, 'trust-root-missing',
            `DestinationRule "${m.name}" (tls.mode ${mode}) verifies ${host} against Secret "${secret}" key ${key} (${listRoots(k.roots)}), but Service "${svc.name}" serves ${certificateLabel(cert, false)} chaining to ${roots.map(describeRoot).join(' or ')}: the sidecar's handshake fails with "certificate verify failed". Add that root to the Secret's ${key} (e.g. from a trust-manager Bundle), or issue the server certificate from a CA it holds.`);
          relatedRefs.set(r.findings[r.findings.length - 1], missingRelated(cert, roots, k.via.map((v) => relatedTo(v, `${where(v)}: the CA the DestinationRule trusts`))));
        }
      }
      destinationRuleToGateway(r, ws, m, { mode, cred, credNode, host, ca: k });
    }
  }
}

/**
 * Gateway API BackendTLSPolicy: the gateway verifies the target Services' certificates against the
 * caCertificateRefs ConfigMaps (key ca.crt) in the policy's namespace, plus the system roots with
 * `wellKnownCACertificates: System`. The finding is on caCertificateRefs.
 */
function backendTlsPolicies(r: Reporter, ws: Workspace): void {
  for (const m of ws.ofKind('BackendTLSPolicy')) {
    if (m.partial || !m.apiVersion?.startsWith('gateway.networking.k8s.io/')) continue;
    const v = get(m.root, 'spec', 'validation');
    const refsNode = get(v, 'caCertificateRefs');
    const refs = items(refsNode);
    if (!refs.length || !refsNode) continue;
    const trusted: Root[] = [];
    const via: Manifest[] = [];
    let known = true;
    for (const ref of refs) {
      const n = get(ref, 'name');
      const name = str(n);
      if (!name || isUnknown(m.file, n) || (str(get(ref, 'kind')) ?? 'ConfigMap') !== 'ConfigMap') { known = false; break; }
      const k = keyRoots(ws, m.file, 'ConfigMap', name, 'ca.crt', m.namespace);
      if (!k.roots) { known = false; break; }
      trusted.push(...k.roots);
      via.push(...k.via);
    }
    if (!known) continue;
    const wk = get(v, 'wellKnownCACertificates');
    if (wk) { if (isUnknown(m.file, wk)) continue; trusted.push({ kind: 'public' }); }
    const services: Manifest[] = [];
    for (const t of items(get(m.root, 'spec', 'targetRefs'))) {
      const name = str(get(t, 'name'));
      if (name && (str(get(t, 'kind')) ?? 'Service') === 'Service') services.push(...ws.scopeCandidates(m.file, ws.named(`Service/${name}`)).filter((s) => s.namespace === m.namespace));
    }
    for (const { svc, cert, roots } of untrusted(ws, services, trusted)) {
      r.node(m, refsNode, 'trust-root-missing',
        `BackendTLSPolicy "${m.name}" makes the gateway verify Service "${svc.name}" against ${refs.length > 1 ? 'ConfigMaps' : 'ConfigMap'} ${refs.map((x) => `"${str(get(x, 'name'))}"`).join(', ')} key ca.crt (${listRoots(trusted)}), but its pods serve ${certificateLabel(cert, false)} chaining to ${roots.map(describeRoot).join(' or ')}: the gateway's handshake with the backend fails. Add that root to the CA ConfigMap (e.g. a trust-manager Bundle source), or issue the backend's certificate from a CA it holds.`);
      relatedRefs.set(r.findings[r.findings.length - 1], missingRelated(cert, roots, via.map((x) => relatedTo(x, `${where(x)}: the CA the gateway trusts`))));
    }
  }
}

// ---- part 3: real lifetimes -------------------------------------------------------------------

export interface Lifetime {
  /** The duration asked for (spec.duration or the 2160h default). */
  durationMs: number;
  /** The lifetime the certificate really gets: the duration cut by the caps. */
  realMs: number;
  /** What cuts it (empty when nothing does). */
  caps: LifetimeCap[];
  /** renewBefore when given as a duration; undefined when a percentage or the default (they scale with the real lifetime). */
  renewBeforeMs?: number;
  /** The node of spec.duration (absent: the default). */
  durationNode?: Node;
}

function parsedDuration(m: Manifest, node: Node | undefined): number | undefined | null {
  if (!node) return undefined;
  if (isUnknown(m.file, node)) return null;
  const text = str(node);
  const p = text ? parseGoDuration(text) : undefined;
  return p?.ok ? p.ms : null;
}

/**
 * A Certificate's own duration and renewBefore (parsed; null when not knowable): properties of its
 * text, kept per object while its document is reused (g18: re-lints parse only edited objects').
 */
const durations = new WeakMap<Manifest, { durationNode?: Node; d: number | undefined | null; rb: number | undefined | null; known: boolean }>();
function ownDurations(c: Manifest): { durationNode?: Node; d: number | undefined | null; rb: number | undefined | null; known: boolean } {
  let hit = durations.get(c);
  if (!hit) {
    const spec = get(c.root, 'spec');
    const durationNode = get(spec, 'duration');
    const d = parsedDuration(c, durationNode);
    const rb = parsedDuration(c, get(spec, 'renewBefore'));
    hit = { durationNode, d, rb, known: d !== null && rb !== null && !(durationNode === undefined && mayBeTemplated(c, 'spec', 'duration')) };
    durations.set(c, hit);
  }
  return hit;
}

/** A cert-manager Certificate's real lifetime; undefined when its duration is not knowable. */
export function lifetimeOf(ws: Workspace, c: Manifest, depth = 0): Lifetime | undefined {
  const mm = memo(ws);
  if (mm.lifetimes.has(c)) {
    if (lifetimeRuns.has(c)) lifetimeRuns.cut = true; // a cycle: what is computed around it depends on where it started
    return mm.lifetimes.get(c);
  }
  const kept = keptLifetimes.get(c);
  if (kept && kept.relations === ws.relations && kept.deps.every((m) => live(m) === m)) {
    mm.lifetimes.set(c, kept.value);
    return kept.value;
  }
  mm.lifetimes.set(c, undefined);
  lifetimeRuns.add(c);
  const cutBefore = lifetimeRuns.cut;
  lifetimeRuns.cut = false;
  const deps: Manifest[] = [c];
  let keep = true;
  const { durationNode, d, rb, known } = ownDurations(c);
  let out: Lifetime | undefined;
  if (known) {
    const durationMs = d ?? DEFAULT_DURATION_MS;
    const caps: Lifetime['caps'] = [];
    const issuer = depth < MAX_DEPTH ? issuerOf(ws, c) : undefined;
    if (depth >= MAX_DEPTH) keep = false;
    if (issuer) deps.push(issuer);
    // A literal CA's remaining time and a Vault role's cap are not kept (the clock; files other than manifests).
    if (issuer && issuerType(issuer) === 'vault') keep = false;
    if (issuer && issuerType(issuer) === 'ca') {
      const p = caProducer(ws, issuer);
      if (p) deps.push(p);
      if (p?.kind === 'Secret') keep = false;
      const ca = p?.kind === 'Certificate' && isCertManager(p) && !p.partial ? lifetimeOf(ws, p, depth + 1) : undefined;
      const caKept = p && keptLifetimes.get(p);
      if (ca && caKept?.value === ca) deps.push(...caKept.deps); else if (ca) keep = false;
      // Only a cap below the duration cuts it (see `cut`): others are not even described (g18: re-lint speed).
      if (ca && ca.realMs < durationMs) caps.push({ ms: ca.realMs, shrinks: true, what: `CA Certificate "${p!.name}" lives ${humanDuration(ca.realMs)}${ca.caps.length ? ` (itself cut by ${ca.caps[0].what})` : ''}`, related: relatedTo(p!, `${where(p!)}: the CA that signs it (its notAfter caps this certificate's)`) });
      const fixed = p?.kind === 'Secret' ? literalCa(ws, p) : undefined;
      if (fixed && fixed.leftMs > 0) caps.push({ ms: fixed.leftMs, shrinks: true, what: `${fixed.what}, which nothing in the workspace renews`, related: relatedTo(p!, `${where(p!)}: the CA that signs it (its notAfter caps this certificate's)`) });
    }
    if (issuer) caps.push(...backendCaps(ws, issuer));
    const cut = caps.filter((x) => x.ms < durationMs).sort((a, b) => a.ms - b.ms);
    const realMs = cut.length ? cut[0].ms + (cut[0].backdateMs ?? 0) : durationMs;
    out = { durationMs, realMs, caps: cut, renewBeforeMs: rb ?? undefined, durationNode };
  }
  mm.lifetimes.set(c, out);
  lifetimeRuns.delete(c);
  if (keep && !lifetimeRuns.cut) keptLifetimes.set(c, { relations: ws.relations, deps, value: out });
  lifetimeRuns.cut ||= cutBefore;
  return out;
}

/**
 * Lifetimes kept across runs (g18: a re-lint after an edit computes only the edited Certificate's
 * and those of the Certificates it signs): valid while the relations stay (`Workspace.relations`)
 * and none of the objects it was computed from (the Certificate, its issuer, the CA's producer and
 * theirs, up the chain) has been re-parsed since.
 */
const keptLifetimes = new WeakMap<Manifest, { relations: object; deps: Manifest[]; value: Lifetime | undefined }>();
/** The lifetimes being computed (a cycle meets one), and whether a computation met one. */
const lifetimeRuns = Object.assign(new Set<Manifest>(), { cut: false });

export { renewAfterMs };

/** "really lives 30 days, not 90 days: cut by ...; renews after 20 days": the hover on duration. */
export function realLifetimeSentence(ws: Workspace, c: Manifest): string | undefined {
  const l = lifetimeOf(ws, c);
  if (!l || !l.caps.length) return undefined;
  const after = renewAfterMs(l.realMs, l.renewBeforeMs);
  const how = l.renewBeforeMs !== undefined && l.renewBeforeMs >= l.realMs ? ' (renewBefore is not shorter than that, so cert-manager renews two thirds of the way through)' : after <= LOOP_MS && !l.caps[0].shrinks ? ': a renewal loop' : '';
  return `really lives ${humanDuration(l.realMs)}, not ${humanDuration(l.durationMs)}: cut by ${l.caps[0].what}; renews ${humanDuration(after)} after issuance${how}`;
}

function lifetimes(r: Reporter, ws: Workspace): void {
  for (const c of ws.ofKind('Certificate')) {
    if (c.partial || !isCertManager(c)) continue;
    const l = lifetimeOf(ws, c);
    if (!l || !l.caps.length) continue;
    const spec = get(c.root, 'spec');
    const cap = l.caps[0];
    const after = renewAfterMs(l.realMs, l.renewBeforeMs);
    if (l.renewBeforeMs !== undefined && after <= LOOP_MS && !cap.shrinks) {
      r.node(c, get(spec, 'renewBefore'), 'renewal-loop',
        `renewBefore ${humanDuration(l.renewBeforeMs)} is just short of the lifetime this certificate really gets, ${humanDuration(l.realMs)} (duration ${humanDuration(l.durationMs)} cut by ${cap.what}): cert-manager renews it ${humanDuration(after)} after each issuance, in a loop (cert-manager#4423, #3396). Use renewBeforePercentage, or a renewBefore well below ${humanDuration(l.realMs)}.`);
      if (cap.related) relatedRefs.set(r.findings[r.findings.length - 1], [cap.related]);
    }
    if (cap.related && /^CA Certificate/.test(cap.what)) {
      r.node(c, l.durationNode ?? summaryOf(c).issuerRef?.nameNode, 'leaf-outlives-ca',
        `${l.durationNode ? `duration ${humanDuration(l.durationMs)}` : `The default duration (${humanDuration(l.durationMs)})`} outlives the CA that signs it: ${cap.what}, and the CA issuer caps notAfter at the CA's, so this certificate really lives at most ${humanDuration(l.realMs)} and renews on that. Shorten the duration below the CA's, or lengthen the CA's.`);
      relatedRefs.set(r.findings[r.findings.length - 1], [cap.related]);
    }
  }
}

/**
 * A CA Certificate issued by a selfSigned issuer whose key rotates at renewal (rotationPolicy
 * Always, cert-manager's default since 1.18) while a trust-manager Bundle distributes only it:
 * at renewal the root becomes another root, and the Bundle holds only the new one.
 */
function rotation(r: Reporter, ws: Workspace): void {
  const bundles = ws.ofKind('Bundle').filter((b) => b.apiVersion?.startsWith('trust.cert-manager.io/') && !b.partial);
  if (!bundles.length) return;
  for (const c of ws.ofKind('Certificate')) {
    if (c.partial || !isCertManager(c) || bool(get(c.root, 'spec', 'isCA')) !== true) continue;
    const issuer = issuerOf(ws, c);
    if (!issuer || issuerType(issuer) !== 'selfSigned') continue;
    const policyNode = get(c.root, 'spec', 'privateKey', 'rotationPolicy');
    if (policyNode && (isUnknown(c.file, policyNode) || str(policyNode) !== 'Always')) continue;
    if (!policyNode && mayBeTemplated(c, 'spec', 'privateKey', 'rotationPolicy')) continue;
    const id = identity(c);
    for (const b of ws.scopeCandidates(c.file, bundles)) {
      const roots = bundleRoots(ws, b);
      if (!roots) continue;
      const mine = roots.filter((x) => x.kind === 'manifest' && identity(x.cert) === id);
      const others = roots.filter((x) => x.kind !== 'public' && !(x.kind === 'manifest' && identity(x.cert) === id));
      if (!mine.length || others.length) continue;
      r.node(c, policyNode ?? get(c.root, 'metadata', 'name'), 'ca-rotation-no-overlap',
        `This root CA's key rotates at every renewal (rotationPolicy ${policyNode ? 'Always' : 'unset: Always since cert-manager 1.18'}), and Bundle "${b.name}" holds only this root: after a renewal it holds only the new root, and certificates still chaining to the old one stop verifying (and new ones, until clients reload). Set privateKey.rotationPolicy: Never for the root, or keep the old root in the Bundle (an inLine or second source) across the rotation.`);
      relatedRefs.set(r.findings[r.findings.length - 1], [relatedTo(b, `${where(b)}: distributes only this root`)]);
    }
  }
}

/**
 * The CA a CA issuer signs with when its Secret holds literal certificates (made by openssl, by
 * hand, a CA outside the cluster): nothing in the workspace renews it, so its notAfter is fixed.
 * The chain it serves stops validating at the earliest notAfter of tls.crt's certificates (the
 * signing CA and the intermediates after it) and of ca.crt's root.
 */
type LiteralCa = { cert: CertificateInfo; notAfter: Date; leftMs: number; what: string; node?: Node };
const literalCas = new WeakMap<Workspace, Map<Manifest, LiteralCa | undefined>>();
/** literalCa once per Secret and run: thousands of Certificates share one CA issuer's Secret. */
function literalCa(ws: Workspace, secret: Manifest): LiteralCa | undefined {
  let m = literalCas.get(ws);
  if (!m) literalCas.set(ws, (m = new Map()));
  if (!m.has(secret)) m.set(secret, readLiteralCa(ws, secret));
  return m.get(secret);
}

function readLiteralCa(ws: Workspace, secret: Manifest): LiteralCa | undefined {
  const chain = keyCertificates(secret, 'tls.crt');
  if (!chain?.length || !chain[0].isCA) return undefined;
  const roots = keyCertificates(secret, 'ca.crt')?.filter((c) => c.selfSigned) ?? [];
  const all = [...chain, ...(roots.length === 1 ? roots : [])];
  const first = all.reduce((a, b) => (b.notAfter.getTime() < a.notAfter.getTime() ? b : a));
  const now = (ws.now ?? new Date()).getTime();
  const subject = (c: CertificateInfo) => c.subject.rfc4514 || '(empty subject)';
  const what = `CA ${subject(chain[0])} (Secret "${secret.name}")${first !== chain[0] ? `, whose chain ends with ${subject(first)}` : ''} expiring ${first.notAfter.toISOString().slice(0, 10)}`;
  const node = get(secret.root, secret.kind === 'Secret' && get(secret.root, 'data', 'tls.crt') ? 'data' : 'stringData', 'tls.crt');
  return { cert: first, notAfter: first.notAfter, leftMs: first.notAfter.getTime() - now, what, node };
}

/**
 * `root-expires-before-renewal`: a CA issuer's literal CA (its Secret holds certificates nothing in
 * the workspace renews) expires before the certificates it signs reach the end of their planned
 * lifetime: cert-manager cuts each one to the CA's notAfter and re-issues on ever shorter
 * lifetimes, and on that date every chain through it stops validating. One finding per CA Secret,
 * on its tls.crt, naming the certificates; an already expired CA is `expired`'s (the decoded PEM).
 */
function rootExpiry(r: Reporter, ws: Workspace): void {
  const bySecret = new Map<Manifest, { ca: NonNullable<ReturnType<typeof literalCa>>; certs: Array<{ c: Manifest; l: Lifetime }> }>();
  for (const c of ws.ofKind('Certificate')) {
    if (c.partial || !isCertManager(c)) continue;
    const issuer = issuerOf(ws, c);
    if (!issuer || issuerType(issuer) !== 'ca') continue;
    const p = caProducer(ws, issuer);
    if (p?.kind !== 'Secret' || p.partial) continue;
    const l = lifetimeOf(ws, c);
    if (!l) continue;
    let entry = bySecret.get(p);
    if (!entry) {
      const ca = literalCa(ws, p);
      if (!ca || ca.leftMs <= 0) continue;
      bySecret.set(p, (entry = { ca, certs: [] }));
    }
    if (entry.ca.leftMs < l.durationMs) entry.certs.push({ c, l });
  }
  for (const [secret, { ca, certs }] of bySecret) {
    if (!certs.length) continue;
    const names = certs.map(({ c, l }) => `"${c.name}" (${humanDuration(l.durationMs)})`);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    r.node(secret, ca.node, 'root-expires-before-renewal',
      `${ca.what}, in ${humanDuration(ca.leftMs)}: before the Certificate${certs.length > 1 ? 's' : ''} it signs reach the end of their planned lifetime (${shown}), and nothing in the workspace replaces it. cert-manager cuts each certificate to the CA's notAfter and renews on ever shorter lifetimes; on that date every chain through this CA stops validating. Plan the CA's rotation before then: issue a new CA (a cert-manager isCA Certificate renews itself), distribute its root next to the old one, then switch the issuer's secretName.`);
    relatedRefs.set(r.findings[r.findings.length - 1], certs.map(({ c }) => relatedTo(c, `${where(c)}: signed by this CA, planned for longer than the CA lives`)));
  }
}

/** The trust and lifetime rules (registry check `trust-paths`). */
export function trustPathRules(r: Reporter, ws: Workspace): void {
  trustRootMissing(r, ws);
  codeTrustRootMissing(r, ws); // t17c: URLs dialed in code (trust-code.ts)
  lifetimes(r, ws);
  rotation(r, ws);
  rootExpiry(r, ws);
  pinnedRootExpiry(r, ws);
}

