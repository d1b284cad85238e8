// End-to-end trust through Istio Gateways (#17 part 2, lane g17). A Gateway server
// (networking.istio.io) with `tls.mode` SIMPLE, MUTUAL or OPTIONAL_MUTUAL and `credentialName`
// is a connection both ways:
// - its serving chain (the credentialName Secret's certificate: a cert-manager Certificate
//   followed to its root, or literal PEM with its root) must be trusted by the clients in the
//   workspace that dial one of its `hosts`: a workload's `https://` env URL with a CA file (the
//   finding is on the URL), or a DestinationRule whose host it is (egress to another mesh's
//   ingress; the finding is on the DestinationRule's credentialName);
// - with MUTUAL, the gateway's client-facing trust (`<credentialName>-cacert`, else the Secret's
//   ca.crt or cacert, as istiod reads them) must hold the root of the certificate each such client
//   presents (the file its TLS_CERT_FILE names, or a MUTUAL DestinationRule's credentialName): the
//   finding is on the Gateway's credentialName, the trust that lacks the root.
// Hosts are indexed once per lint run (exact names and `*.domain` wildcards): a URL costs two map
// reads. Only what is provable: templated hosts or names, a host served by several servers, and
// unknown or external producers are silent.
import type { Node } from 'yaml';
import type { CertificateInfo } from '../../model';
import { get, isUnknown, items, mayBeTemplatedAt, str, strings, type Manifest } from '../model';
import type { Reporter } from '../rules';
import { relatedRefs, relatedTo, summaryOf, urlOf, WORKLOAD_KINDS, type RelatedRef, type Workspace } from '../workspace';
import { isCertManager } from './certmanager';
import { anchors, credentialCa, describeRoot, rootRef, identity, keyCertificates, listRoots, literalRoots, mountedKey, one, podSpecOf, rootsOf, where, type DialSite, type Root } from './trust-paths';

/** Env vars whose value is the certificate file a TLS client presents (the scaffold's, and common names). */
export const CLIENT_CERT_ENV = ['TLS_CERT_FILE', 'CLIENT_CERT_FILE', 'TLS_CLIENT_CERT_FILE', 'CLIENT_CERT'];

/** A chain someone presents: its possible roots, and the literal certificates when it is literal PEM. */
interface Presented { roots: Root[]; chain?: CertificateInfo[]; what: string; via: Manifest }

interface GatewayServer {
  gw: Manifest;
  id: string;
  mode: string;
  cred: string;
  credNode: Node;
  /** Memo: null when not knowable. */
  serving?: Presented | null;
  clientCa?: ReturnType<typeof credentialCa>;
}

interface GatewayIndex { byHost: Map<string, GatewayServer[]>; mutual: boolean }

const MODES = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);
const indexes = new WeakMap<Workspace, GatewayIndex>();

/** A Gateway `hosts` entry as a host name: `ns/host` and `./host` lose their namespace part. */
function hostOf(value: string): string {
  return value.slice(value.indexOf('/') + 1).toLowerCase().replace(/\.$/, '');
}

/** Istio Gateway servers with a credential, by host (built once per run, only from Gateways). */
function gatewayIndex(ws: Workspace): GatewayIndex {
  let idx = indexes.get(ws);
  if (idx) return idx;
  idx = { byHost: new Map(), mutual: false };
  for (const gw of ws.ofKind('Gateway')) {
    if (gw.partial || !gw.apiVersion?.startsWith('networking.istio.io/')) continue;
    items(get(gw.root, 'spec', 'servers')).forEach((server, n) => {
      const tls = get(server, 'tls');
      const modeNode = get(tls, 'mode'), credNode = get(tls, 'credentialName');
      const mode = str(modeNode), cred = str(credNode);
      if (!mode || !cred || !modeNode || !credNode || !MODES.has(mode) || isUnknown(gw.file, modeNode) || isUnknown(gw.file, credNode) || mayBeTemplatedAt(gw.file, credNode)) return;
      const s: GatewayServer = { gw, id: `${identity(gw)}\u0000${n}`, mode, cred, credNode };
      if (mode === 'MUTUAL') idx!.mutual = true;
      for (const h of strings(get(server, 'hosts'))) {
        if (isUnknown(gw.file, h.node) || mayBeTemplatedAt(gw.file, h.node)) continue;
        const host = hostOf(h.value);
        if (!host || host === '*') continue;
        const list = idx!.byHost.get(host);
        if (list) list.push(s); else idx!.byHost.set(host, [s]);
      }
    });
  }
  indexes.set(ws, idx);
  return idx;
}

/**
 * The one Gateway server a client in `from`'s scope reaches for `host`: an exact host wins over a
 * `*.domain` wildcard (the most specific SNI match); several servers (other than copies of one
 * object): not knowable.
 */
function serverFor(ws: Workspace, from: { path: string }, host: string): GatewayServer | undefined {
  const idx = gatewayIndex(ws);
  if (!idx.byHost.size) return undefined;
  const h = host.toLowerCase().replace(/\.$/, '');
  const dot = h.indexOf('.');
  const found = idx.byHost.get(h) ?? (dot > 0 ? idx.byHost.get(`*${h.slice(dot)}`) : undefined);
  if (!found) return undefined;
  const inScope = new Set(ws.scopeCandidates(from, found.map((s) => s.gw)));
  const servers = found.filter((s) => inScope.has(s.gw));
  return servers.length && servers.every((s) => s.id === servers[0].id) ? servers[0] : undefined;
}

/** The chain a Secret (key `key`, or tls.crt / cert) holds: a cert-manager Certificate writing it, or literal PEM with a root. */
function presentedIn(ws: Workspace, from: { path: string }, name: string, ns: string | undefined, key?: string): Presented | undefined {
  const p = one(ws.scopeCandidates(from, ws.producers(name, ns)));
  if (!p || p.partial) return undefined;
  if (p.kind === 'Certificate') {
    if (!isCertManager(p) || (key !== undefined && key !== 'tls.crt')) return undefined;
    const roots = rootsOf(ws, p);
    return roots && { roots, what: `Certificate "${p.name}"`, via: p };
  }
  const chain = key !== undefined ? keyCertificates(p, key) : keyCertificates(p, 'tls.crt') ?? keyCertificates(p, 'cert');
  const roots = literalRoots(chain, p);
  return chain && roots ? { roots, chain, what: `${chain[0].subject.rfc4514 || 'a certificate with an empty subject'} in Secret "${p.name}"`, via: p } : undefined;
}

function servingOf(ws: Workspace, s: GatewayServer): Presented | undefined {
  if (s.serving === undefined) s.serving = presentedIn(ws, s.gw.file, s.cred, undefined) ?? null;
  return s.serving ?? undefined;
}

function clientCaOf(ws: Workspace, s: GatewayServer): ReturnType<typeof credentialCa> {
  return (s.clientCa ??= credentialCa(ws, s.gw.file, s.cred, undefined));
}

/** Whether a pool of anchors verifies a presented chain: its root, or (literal PEM) any certificate of it, is in the pool. */
function trustedBy(trusted: Root[], p: Presented): boolean {
  if (p.roots.some((root) => trusted.some((t) => anchors(t, root) !== 'no'))) return true;
  return !!p.chain?.some((c) => trusted.some((t) => t.kind === 'literal' && t.cert.sha256 === c.sha256));
}

const chaining = (p: Presented) => p.roots.map(describeRoot).join(' or ');

function rootRefs(p: Presented, whose: string): RelatedRef[] {
  return p.roots.flatMap((root) => rootRef(root, `${describeRoot(root)}: the root ${whose} lacks`) ?? []);
}

/**
 * A URL a workload dials (in its env, or a ConfigMap it reads) reaching an Istio Gateway server:
 * the container's trust (`trusted`, described by `trust`) must verify the gateway's serving chain.
 * Called by trust-root-missing's URL loop, which has resolved the container's CA files.
 */
export function gatewayServing(r: Reporter, ws: Workspace, from: { path: string }, host: string, site: () => DialSite, trusted: Root[], trust: () => string, clientSide: () => RelatedRef[], reported: Set<string>): void {
  const s = serverFor(ws, from, host);
  const serving = s && servingOf(ws, s);
  if (!s || !serving || trustedBy(trusted, serving)) return;
  const d = site();
  // One finding per place (a ConfigMap's URL read by several workloads) and server.
  const key = `${d.file.path}\u0000${d.start}\u0000${s.id}`;
  if (reported.has(key)) return;
  reported.add(key);
  r.at(d.file, d.start, d.end, 'trust-root-missing',
    `${d.label} reaches Istio Gateway "${s.gw.name}" (tls.mode ${s.mode}, credentialName "${s.cred}"), which serves ${serving.what} chaining to ${chaining(serving)}, but this container trusts only ${trust()}: the handshake fails with "x509: certificate signed by unknown authority". Add that root to the trust source (e.g. a trust-manager Bundle source), or issue the gateway's certificate from a CA the client trusts.`);
  relatedRefs.set(r.findings[r.findings.length - 1], [
    { file: s.gw.file, node: s.credNode, message: `${where(s.gw)}: the server for ${host}` },
    relatedTo(serving.via, `${where(serving.via)}: the certificate the gateway presents`),
    ...rootRefs(serving, 'the client'),
    ...d.related,
    ...clientSide(),
  ]);
}

/** The gateway's finding when a client's certificate does not chain to a root of its client CA. */
function reportClient(r: Reporter, s: GatewayServer, ca: ReturnType<typeof credentialCa>, host: string, who: string, presented: Presented, client: RelatedRef[]): void {
  r.node(s.gw, s.credNode, 'trust-root-missing',
    `Istio Gateway "${s.gw.name}" (tls.mode MUTUAL) verifies client certificates for ${host} against Secret "${ca.secret}" key ${ca.key} (${listRoots(ca.roots!)}), but ${who} presenting ${presented.what} chaining to ${chaining(presented)}: the gateway rejects that certificate and the handshake fails ("certificate verify failed"). Add that root to the Secret's ${ca.key} (e.g. from a trust-manager Bundle), or issue the client's certificate from a CA the gateway trusts.`);
  relatedRefs.set(r.findings[r.findings.length - 1], [
    relatedTo(presented.via, `${where(presented.via)}: the certificate the client presents`),
    ...rootRefs(presented, 'the gateway'),
    ...client,
    ...ca.via.map((v) => relatedTo(v, `${where(v)}: the CA the gateway verifies clients with`)),
  ]);
}

/**
 * MUTUAL Gateway servers against the workloads dialing their hosts with a client certificate (the
 * file a CLIENT_CERT_ENV names, in a mounted Secret). One finding per server and certificate.
 */
export function gatewayClients(r: Reporter, ws: Workspace): void {
  if (!gatewayIndex(ws).mutual) return;
  const reported = new Set<string>();
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    const sum = summaryOf(w);
    if (w.partial || !sum.urls?.length) continue;
    const spec = podSpecOf(w);
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      const envs = items(get(c, 'env'));
      let presented: (Presented & { env: string; node: Node }) | undefined;
      for (const e of envs) {
        const name = str(get(e, 'name'));
        const v = get(e, 'value');
        if (!name || !v || !CLIENT_CERT_ENV.includes(name)) continue;
        const path = str(v);
        const hit = path && !isUnknown(w.file, v) ? mountedKey(w, c, spec, path) : undefined;
        const p = hit?.kind === 'Secret' ? presentedIn(ws, w.file, hit.name, w.namespace, hit.key) : undefined;
        presented = p && { ...p, env: `${name}=${path}`, node: v };
        break;
      }
      if (!presented) continue;
      const envNodes = new Set(envs.map((e) => get(e, 'value')));
      sum.urls.forEach((u, k) => {
        if (!envNodes.has(u.node)) return;
        const s = serverFor(ws, w.file, u.host);
        if (!s || s.mode !== 'MUTUAL') return;
        const ca = clientCaOf(ws, s);
        const key = `${s.id}\u0000${identity(presented!.via)}`;
        if (!ca.roots || trustedBy(ca.roots, presented!) || reported.has(key)) return;
        reported.add(key);
        const d = urlOf(w, k);
        reportClient(r, s, ca, u.host, `${w.kind} "${w.name}" (${w.file.path}) dials ${d.url}`, presented!, [
          { file: d.file, start: d.start, end: d.end, message: `${where(w)}: dials ${u.host}` },
          { file: w.file, node: presented!.node, message: `${presented!.env}: the certificate file it presents` },
        ]);
      });
    }
  }
}

/**
 * A DestinationRule (SIMPLE or MUTUAL, credentialName) whose host an Istio Gateway of the
 * workspace serves: its CA must verify the gateway's chain (finding on its credentialName), and
 * with MUTUAL on both sides the gateway's client CA must verify the certificate it presents
 * (finding on the Gateway's credentialName).
 */
export function destinationRuleToGateway(r: Reporter, ws: Workspace, m: Manifest, o: { mode: string; cred: string; credNode: Node; host: string; ca: ReturnType<typeof credentialCa> }): void {
  const s = serverFor(ws, m.file, o.host);
  if (!s) return;
  const serving = servingOf(ws, s);
  if (o.ca.roots && serving && !trustedBy(o.ca.roots, serving)) {
    r.node(m, o.credNode, 'trust-root-missing',
      `DestinationRule "${m.name}" (tls.mode ${o.mode}) verifies ${o.host} against Secret "${o.ca.secret}" key ${o.ca.key} (${listRoots(o.ca.roots)}), but Istio Gateway "${s.gw.name}" serves ${o.host} with ${serving.what} (credentialName "${s.cred}") chaining to ${chaining(serving)}: the handshake fails with "certificate verify failed". Add that root to the Secret's ${o.ca.key} (e.g. from a trust-manager Bundle), or issue the gateway's certificate from a CA it holds.`);
    relatedRefs.set(r.findings[r.findings.length - 1], [
      { file: s.gw.file, node: s.credNode, message: `${where(s.gw)}: the server for ${o.host}` },
      relatedTo(serving.via, `${where(serving.via)}: the certificate the gateway presents`),
      ...rootRefs(serving, 'the DestinationRule'),
      ...o.ca.via.map((v) => relatedTo(v, `${where(v)}: the CA the DestinationRule trusts`)),
    ]);
  }
  if (o.mode !== 'MUTUAL' || s.mode !== 'MUTUAL') return;
  const ca = clientCaOf(ws, s);
  const presented = ca.roots && presentedIn(ws, m.file, o.cred, m.namespace);
  if (!ca.roots || !presented || trustedBy(ca.roots, presented)) return;
  reportClient(r, s, ca, o.host, `DestinationRule "${m.name}" (${m.file.path}) originates mTLS to it`, presented, [{ file: m.file, node: o.credNode, message: `${where(m)}: credentialName, the client certificate it presents` }]);
}
