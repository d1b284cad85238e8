// Pinned copies of a root (#17 part 3, `root-expires-before-renewal`, lane g17). A root copied as
// literal PEM into a trust source (a ConfigMap key, a trust-manager Bundle `inLine` source, a
// Secret's ca.crt / cacert / root-cert.pem or the key a workload's TLS_CA_FILE names, Linkerd's
// `identityTrustAnchorsPEM`) keeps the notAfter it had when it was copied: nothing in the
// workspace renews it. When it expires before the certificates that chain to it reach the end of
// their plan (a cert-manager Certificate's duration from now, through a CA issuer whose Secret
// holds this root or another copy of it with the same subject and key; a literal chain's leaf
// notAfter, e.g. Istio's ca-cert.pem under root-cert.pem), clients trusting the copy reject those
// chains on that date. The finding is on the copy's PEM block.
//
// Managed copies are not pins: a Bundle's secret/configMap sources (trust-manager follows them),
// a ConfigMap a Bundle writes, a Secret a Certificate writes, istiod's istio-ca-root-cert and
// kube-root-ca.crt. A CA issuer's own key pair Secret is `rootExpiry`'s (in trust-paths.ts).
// An already expired copy is `expired`'s error.
//
// Linear: copies are collected from ConfigMaps, Secrets, Bundles and Helm values; what chains to
// them is indexed by root subject and key (Certificates) or issuer subject (literal chains) only
// when there is a copy; each copy then reads its own index entries.
import type { Node } from 'yaml';
import { toHex } from '../../bytes';
import type { CertificateInfo } from '../../model';
import { humanDuration } from '../durations';
import { entries, get, isUnknown, items, str, type Manifest, type ParsedFile } from '../model';
import { DAY_MS, issuedBy, materialOfNode, UNKNOWN, type Located } from '../pem-material';
import type { Reporter } from '../rules';
import { relatedRefs, relatedTo, Workspace, WORKLOAD_KINDS } from '../workspace';
import { isCertManager } from './certmanager';
import { bundlesTargeting, CA_FILE_ENV, keyCertificates, lifetimeOf, mountedKey, podSpecOf, rootsOf, setsCaFile, where } from './trust-paths';

interface Pin { cert: Located<CertificateInfo>; host: Manifest; file: ParsedFile; what: string }

/** Secret keys that hold a CA file by convention (cert-manager, Istio's generic and plug-in CA Secrets). */
const CA_SECRET_KEYS = ['ca.crt', 'cacert', 'root-cert.pem', 'ca-bundle.crt'];
/** ConfigMaps a controller writes from elsewhere (istiod, the API server). */
const MANAGED_CONFIGMAPS = new Set(['istio-ca-root-cert', 'kube-root-ca.crt']);

const rootKey = (c: CertificateInfo) => `${toHex(c.subject.der)}\u0000${c.publicKey.keyMaterialHex ?? c.sha256}`;

/** The CA certificates of a YAML value, with their positions (none when unknown or not PEM). */
function caCerts(file: ParsedFile, node: Node | undefined): Array<Located<CertificateInfo>> {
  const m = materialOfNode(file, node);
  return m && m !== UNKNOWN ? m.certs.filter((c) => c.value.isCA || c.value.selfSigned) : [];
}

/** Secret keys that a workload's CA-file env var names (`ns/name\0key`), for Secrets with unconventional keys. */
function caFileSecretKeys(ws: Workspace): Set<string> {
  const out = new Set<string>();
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    if (w.partial || !setsCaFile(w)) continue;
    const spec = podSpecOf(w);
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      for (const e of items(get(c, 'env'))) {
        const v = get(e, 'value'), path = str(v);
        if (!path || !CA_FILE_ENV.includes(str(get(e, 'name')) ?? '') || isUnknown(w.file, v)) continue;
        const hit = mountedKey(w, c, spec, path);
        if (hit?.kind === 'Secret') out.add(`${w.namespace ?? '*'}/${hit.name}\u0000${hit.key}`);
      }
    }
  }
  return out;
}

function collectPins(ws: Workspace): Pin[] {
  const pins: Pin[] = [];
  const add = (host: Manifest, node: Node | undefined, what: string) => { for (const cert of caCerts(host.file, node)) pins.push({ cert, host, file: host.file, what }); };
  for (const cm of ws.ofKind('ConfigMap')) {
    if (cm.partial || !cm.name || MANAGED_CONFIGMAPS.has(cm.name)) continue;
    for (const field of ['data', 'binaryData']) {
      for (const e of entries(get(cm.root, field))) {
        if (bundlesTargeting(ws, cm.file, 'ConfigMap', cm.name, e.key).length) continue; // trust-manager rewrites it
        add(cm, e.value, `${where(cm)} key ${e.key}`);
      }
    }
  }
  const secrets = ws.ofKind('Secret').filter((s) => !s.partial && s.name);
  if (secrets.length) {
    const named = caFileSecretKeys(ws);
    for (const s of secrets) {
      if (ws.scopeCandidates(s.file, ws.producers(s.name!, s.namespace)).some((p) => p.kind === 'Certificate')) continue; // cert-manager rewrites it
      if (keyCertificates(s, 'tls.crt')?.[0]?.isCA) continue; // a CA issuer's key pair: rootExpiry's
      for (const field of ['data', 'stringData']) {
        for (const e of entries(get(s.root, field))) {
          if (CA_SECRET_KEYS.includes(e.key) || named.has(`${s.namespace ?? '*'}/${s.name}\u0000${e.key}`) || named.has(`*/${s.name}\u0000${e.key}`)) add(s, e.value, `${where(s)} key ${e.key}`);
        }
      }
    }
  }
  for (const b of ws.ofKind('Bundle')) {
    if (b.partial || !b.apiVersion?.startsWith('trust.cert-manager.io/')) continue;
    for (const src of items(get(b.root, 'spec', 'sources'))) { const n = get(src, 'inLine'); if (n) add(b, n, `${where(b)} inLine source`); }
  }
  for (const m of ws.manifests) {
    if (m.kind !== undefined) continue;
    const n = get(m.root, 'identityTrustAnchorsPEM');
    if (n) add(m, n, `the Helm values' identityTrustAnchorsPEM (${m.file.path})`);
  }
  return pins;
}

/** What chains to each root: cert-manager Certificates (by root subject and key) and literal chains (by the issuer of their top). */
interface Anchored {
  certs: Map<string, Manifest[]>;
  chains: Map<string, Array<{ host: Manifest; first: CertificateInfo; top: CertificateInfo; what: string }>>;
}

function anchoredIndex(ws: Workspace): Anchored {
  const certs = new Map<string, Manifest[]>();
  for (const c of ws.ofKind('Certificate')) {
    if (c.partial || !isCertManager(c)) continue;
    for (const root of rootsOf(ws, c) ?? []) {
      if (root.kind !== 'literal') continue;
      const k = rootKey(root.cert);
      const list = certs.get(k);
      if (!list) certs.set(k, [c]); else if (!list.includes(c)) list.push(c);
    }
  }
  const chains: Anchored['chains'] = new Map();
  const chain = (host: Manifest, node: Node | undefined, what: string) => {
    const m = materialOfNode(host.file, node);
    if (!m || m === UNKNOWN || !m.certs.length) return;
    const list = m.certs.map((x) => x.value);
    // The top of the chain: the last certificate whose issuer is not in the value itself.
    const top = [...list].reverse().find((x) => !x.selfSigned && !list.some((p) => p !== x && issuedBy(x, p)));
    if (!top) return;
    const k = toHex(top.issuer.der);
    const entry = { host, first: list[0], top, what };
    const l = chains.get(k);
    if (l) l.push(entry); else chains.set(k, [entry]);
  };
  for (const s of ws.ofKind('Secret')) {
    if (s.partial) continue;
    for (const field of ['data', 'stringData']) for (const e of entries(get(s.root, field))) if (e.key === 'tls.crt' || e.key === 'cert' || e.key === 'ca-cert.pem') chain(s, e.value, `${where(s)} key ${e.key}`);
  }
  for (const m of ws.manifests) if (m.kind === undefined && get(m.root, 'identity', 'issuer', 'tls', 'crtPEM')) chain(m, get(m.root, 'identity', 'issuer', 'tls', 'crtPEM'), `the Linkerd identity issuer (${m.file.path})`);
  return { certs, chains };
}

/** `root-expires-before-renewal` on pinned copies of a root. */
export function pinnedRootExpiry(r: Reporter, ws: Workspace): void {
  const pins = collectPins(ws);
  if (!pins.length) return;
  const idx = anchoredIndex(ws);
  const now = (ws.now ?? new Date()).getTime();
  for (const pin of pins) {
    const c = pin.cert.value;
    const leftMs = c.notAfter.getTime() - now;
    if (leftMs <= 0) continue; // expired: `expired`'s error
    const late: Array<{ name: string; ref: ReturnType<typeof relatedTo> }> = [];
    for (const cert of ws.scopeCandidates(pin.host.file, idx.certs.get(rootKey(c)) ?? [])) {
      const l = lifetimeOf(ws, cert);
      if (l && leftMs < l.durationMs) late.push({ name: `Certificate "${cert.name}" (${humanDuration(l.durationMs)})`, ref: relatedTo(cert, `${where(cert)}: chains to this root, planned for ${humanDuration(l.durationMs)} from now`) });
    }
    const chains = idx.chains.get(toHex(c.subject.der)) ?? [];
    if (chains.length) {
      const inScope = new Set(ws.scopeCandidates(pin.host.file, chains.map((x) => x.host)));
      for (const x of chains) {
        // Outlived by more than a day: a chain made in one go with equal -days outlives its root by seconds, which is no plan.
        if (!inScope.has(x.host) || x.first.notAfter.getTime() - c.notAfter.getTime() <= DAY_MS || !issuedBy(x.top, c)) continue;
        late.push({ name: `${x.first.subject.rfc4514 || 'a certificate'} in ${x.what} (valid until ${x.first.notAfter.toISOString().slice(0, 10)})`, ref: relatedTo(x.host, `${x.what}: chains to this root and is valid after it expires`) });
      }
    }
    if (!late.length) continue;
    const names = late.map((x) => x.name);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    r.at(pin.file, pin.cert.start, pin.cert.end, 'root-expires-before-renewal',
      `This copy of root ${c.subject.rfc4514 || '(empty subject)'} in ${pin.what} expires ${c.notAfter.toISOString().slice(0, 10)}, in ${humanDuration(leftMs)}: before what chains to it reaches the end of its plan (${shown}). Nothing in the workspace renews a pinned copy, so on that date clients trusting it reject those chains. Put the CA's new root next to this one before then (or distribute the root with a trust-manager Bundle sourced from the CA's Secret, which follows renewals).`);
    relatedRefs.set(r.findings[r.findings.length - 1], late.map((x) => x.ref));
  }
}
