// Traffic TLS in meshes and at the edge: Istio DestinationRule `tls` and Gateway servers, Istio
// PeerAuthentication STRICT against plaintext callers and AuthorizationPolicy principals against
// the workspace's service accounts, Gateway API listeners (cert-manager's gateway-shim,
// ReferenceGrants, Passthrough), Ingress TLS (ingress-shim), BackendTLSPolicy, and Secrets that
// several controllers write. All relations stay within one deployment scope (README "Scopes").
import type { Node } from 'yaml';
import type { TextEdit } from '../model';
import { entries, get, has, isUnknown, items, keyNode, Manifest, range, mayBeTemplated, mayBeTemplatedAt, str, strings, valueOffsetMapper, hasTemplatedEntries } from '../model';
import type { Reporter } from '../rules';
import { relatedRefs, relatedTo, WORKLOAD_KINDS, Workspace, type RelatedRef } from '../workspace';
import { dnsMatches, servedBy } from './crossfile';
import { appendDocument, appendPair, appendSeqItems, deletePair, insertKeyAfter, replaceScalar } from '../edits';
import { k8sYaml, toObjectName } from '../../author/yaml-out';
import { isCertManager } from './certmanager';
import { certificateLabel, namesFieldOf, objectLabel } from '../script-certs';

const ISTIO_NET = (m: Manifest) => !!m.apiVersion?.startsWith('networking.istio.io/');
const ISTIO_SEC = (m: Manifest) => !!m.apiVersion?.startsWith('security.istio.io/');
const GATEWAY_API = (m: Manifest) => !!m.apiVersion?.startsWith('gateway.networking.k8s.io/');
const where = objectLabel;

function relate(r: Reporter, refs: RelatedRef[]): void {
  const f = r.findings[r.findings.length - 1];
  if (f && refs.length) relatedRefs.set(f, refs);
}

/** Quick fixes from [title, edit] pairs, leaving out those without an edit. */
function fixesOf(list: Array<[string, TextEdit | undefined] | undefined>): Array<{ title: string; edits: TextEdit[] }> | undefined {
  const out = list.flatMap((x) => (x && x[1] ? [{ title: x[0], edits: [x[1]] }] : []));
  return out.length ? out : undefined;
}

/** Whether a value (or anything on the way to it) is unknown: templated, substituted, printed by a template. */
function unknownAt(m: Manifest, node: Node | undefined): boolean {
  return !!node && (isUnknown(m.file, node) || mayBeTemplatedAt(m.file, node));
}

// ---- Istio DestinationRule ----------------------------------------------------------------------

/** Every `tls` block of a DestinationRule: traffic policy, its port-level settings, and subsets'. */
export function tlsBlocks(m: Manifest): Node[] {
  const out: Node[] = [];
  const policy = (p: Node | undefined) => {
    const t = get(p, 'tls');
    if (t) out.push(t);
    for (const pl of items(get(p, 'portLevelSettings'))) { const x = get(pl, 'tls'); if (x) out.push(x); }
  };
  policy(get(m.root, 'spec', 'trafficPolicy'));
  for (const s of items(get(m.root, 'spec', 'subsets'))) policy(get(s, 'trafficPolicy'));
  return out;
}

const FILE_FIELDS = ['clientCertificate', 'privateKey', 'caCertificates'];

export function destinationRule(r: Reporter, m: Manifest, ws: Workspace, served: Map<Manifest, Manifest[]>): void {
  for (const tls of tlsBlocks(m)) {
    if (hasTemplatedEntries(m.file, tls)) continue;
    const modeNode = get(tls, 'mode');
    const mode = str(modeNode);
    if (!mode || unknownAt(m, modeNode)) continue;
    const present = (k: string) => has(tls, k) && str(get(tls, k)) !== '';
    if (mode === 'ISTIO_MUTUAL') {
      for (const k of [...FILE_FIELDS, 'credentialName']) {
        if (!has(tls, k)) continue;
        r.node(m, keyNode(tls, k), 'destinationrule-istio-mutual-ignored-field', `With mode ISTIO_MUTUAL, Istio uses the mesh's own certificates and ignores ${k}. Use mode MUTUAL (or SIMPLE) to present or verify other certificates, or remove ${k}.`);
      }
      continue;
    }
    if (mode !== 'SIMPLE' && mode !== 'MUTUAL') continue;
    const credential = present('credentialName');
    if (credential) {
      const clash = FILE_FIELDS.filter(present);
      if (clash.length) r.node(m, keyNode(tls, clash[0]), 'destinationrule-tls-invalid', `credentialName is set, so ${clash.join(', ')} cannot be: Istio's validation rejects the DestinationRule ("cannot specify client certificates or CA certificate If credentialName is set"). Keep one of the two ways.`);
    } else if (mode === 'MUTUAL') {
      const missing = ['clientCertificate', 'privateKey'].filter((k) => !present(k));
      if (missing.length) r.node(m, modeNode, 'destinationrule-tls-invalid', `mode MUTUAL without credentialName needs ${missing.join(' and ')}: Istio's validation rejects the DestinationRule ("${missing[0] === 'clientCertificate' ? 'client certificate' : 'private key'} required for mutual tls"). Set credentialName to a Secret, or the file paths.`);
    }
    const skip = str(get(tls, 'insecureSkipVerify')) === 'true';
    if (!credential && !present('caCertificates') && !skip) {
      r.node(m, modeNode, 'destinationrule-mutual-no-ca', `mode ${mode} without caCertificates or credentialName: the sidecar does not verify the server's certificate (istioctl analyze IST0128/IST0129), so anyone can answer for ${str(get(m.root, 'spec', 'host')) ?? 'the host'}. Set caCertificates (or credentialName with a ca.crt).`,
        fixesOf([
          FILE_FIELDS.some((k) => k !== 'caCertificates' && present(k)) || mode === 'SIMPLE' ? ['Add caCertificates (fill in the CA bundle\'s path)', insertKeyAfter(m.file, tls, 'mode', 'caCertificates: <ca-bundle-path>')] : undefined,
          FILE_FIELDS.some(present) ? undefined : ['Add credentialName (a Secret with ca.crt)', insertKeyAfter(m.file, tls, 'mode', 'credentialName: <secret-name>')],
        ]));
    }
    // subjectAltNames against the certificate the host's Service serves.
    const sans = strings(get(tls, 'subjectAltNames'));
    const host = str(get(m.root, 'spec', 'host'));
    if (!sans.length || !host || unknownAt(m, get(m.root, 'spec', 'host'))) continue;
    for (const svc of ws.scopeCandidates(m.file, ws.servicesForHost(host, m.namespace))) {
      for (const cert of served.get(svc) ?? []) {
        const names = certNames(cert);
        if (!names) continue;
        for (const san of sans) {
          if (unknownAt(m, san.node) || names.some((n) => sanMatches(n, san.value))) continue;
          r.node(m, san.node, 'destinationrule-san-mismatch', `subjectAltNames "${san.value}" is not a name of ${certificateLabel(cert)}, which the pods behind Service "${svc.name}" serve: the handshake fails ("SAN mismatch"). Use one of ${names.join(', ') || 'its names'}.`);
          relate(r, [relatedTo(cert, `${where(cert)}: the certificate served behind ${host}`)]);
        }
      }
    }
  }
}

/** A cert-manager Certificate's names (DNS, URIs, IPs), or undefined when any is unknown. */
function certNames(cert: Manifest): string[] | undefined {
  const spec = get(cert.root, 'spec');
  const out: string[] = [];
  for (const k of ['dnsNames', 'uris', 'ipAddresses']) {
    const n = get(spec, k);
    if (n && (unknownAt(cert, n) || hasTemplatedEntries(cert.file, n))) return undefined;
    for (const s of strings(n)) { if (unknownAt(cert, s.node)) return undefined; out.push(s.value); }
  }
  if (mayBeTemplated(cert, 'spec', 'dnsNames')) return undefined;
  return out;
}

function sanMatches(name: string, san: string): boolean {
  return name === san || dnsMatches(name, san);
}

// ---- Istio Gateway ------------------------------------------------------------------------------

export function istioGateway(r: Reporter, m: Manifest, ws: Workspace, hasCerts: boolean): void {
  for (const server of items(get(m.root, 'spec', 'servers'))) {
    const tls = get(server, 'tls');
    const mode = str(get(tls, 'mode'));
    const cn = get(tls, 'credentialName');
    const name = str(cn);
    if (!name || unknownAt(m, cn) || (mode !== 'SIMPLE' && mode !== 'MUTUAL' && mode !== 'OPTIONAL_MUTUAL')) continue;
    // The Secret lives with the gateway's pods (usually istio-system): any namespace of the scope.
    const certs = ws.scopeCandidates(m.file, ws.certificatesForKey(`*/${name}`));
    const secrets = ws.scopeCandidates(m.file, ws.producers(name, undefined));
    if (!certs.length && !secrets.length) {
      if (hasCerts) r.node(m, cn, 'istio-gateway-credential-missing', `No Secret or Certificate "${name}" in the workspace: the gateway serves this server without a certificate and clients fail the handshake. Create it in the gateway workload's namespace (usually istio-system), or check the name.`);
      continue;
    }
    const hosts = strings(get(server, 'hosts'));
    for (const cert of certs) {
      const names = certNames(cert);
      if (!names) continue;
      for (const h of hosts) {
        if (unknownAt(m, h.node)) continue;
        const host = h.value.includes('/') ? h.value.slice(h.value.indexOf('/') + 1) : h.value;
        if (host === '*' || hostCovered(names, host)) continue;
        r.node(m, h.node, 'istio-gateway-host-not-covered', `Host "${host}" is not covered by ${certificateLabel(cert)}, which writes credentialName "${name}": clients of ${host} fail with "certificate is valid for ${names.join(', ') || 'no names'}". Add it to ${namesFieldOf(cert)}.`);
        relate(r, [relatedTo(cert, `${where(cert)}: writes Secret "${name}"`)]);
      }
    }
  }
}

/** Whether a host (possibly `*.example.com`) is matched by the certificate's names. */
function hostCovered(names: string[], host: string): boolean {
  const h = host.toLowerCase();
  return names.some((n) => n.toLowerCase() === h || dnsMatches(n, h));
}

// ---- PeerAuthentication STRICT vs plaintext callers ------------------------------------------

const HTTP_RE = /http:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])(?::(\d+))?(?=[/"'`\s?#]|$)/g;

/** Whether a workload runs without an Istio sidecar: disabled by annotation, label or its namespace. */
function noSidecar(ws: Workspace, w: Manifest): boolean {
  const tpl = w.kind === 'Pod' ? w.root : w.kind === 'CronJob' ? get(w.root, 'spec', 'jobTemplate', 'spec', 'template') : get(w.root, 'spec', 'template');
  const off = (n: Node | undefined) => n !== undefined && !unknownAt(w, n) && str(n) === 'false';
  if (off(get(tpl, 'metadata', 'annotations', 'sidecar.istio.io/inject')) || off(get(tpl, 'metadata', 'labels', 'sidecar.istio.io/inject'))) return true;
  if (!w.namespace) return false;
  for (const ns of ws.scopeCandidates(w.file, ws.named(`Namespace/${w.namespace}`))) {
    const l = get(ns.root, 'metadata', 'labels', 'istio-injection');
    if (l && !unknownAt(ns, l) && str(l) === 'disabled') return true;
  }
  return false;
}

export function strictPlaintext(r: Reporter, ws: Workspace): void {
  const strict = ws.ofKind('PeerAuthentication').filter((p) => ISTIO_SEC(p) && !p.partial && str(get(p.root, 'spec', 'mtls', 'mode')) === 'STRICT'
    && !unknownAt(p, get(p.root, 'spec', 'mtls', 'mode')) && !has(get(p.root, 'spec'), 'selector') && !has(get(p.root, 'spec'), 'portLevelMtls') && !mayBeTemplated(p, 'spec', 'selector'));
  if (!strict.length) return;
  // Namespace-wide policies that are not STRICT override the mesh-wide one for their namespace.
  const relaxed = ws.ofKind('PeerAuthentication').filter((p) => ISTIO_SEC(p) && !p.partial && p.namespace !== 'istio-system' && !has(get(p.root, 'spec'), 'selector') && !strict.includes(p));
  for (const w of ws.ofKind(...WORKLOAD_KINDS)) {
    if (w.partial || !noSidecar(ws, w)) continue;
    const { spec } = Workspace.podSpec(w);
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      for (const env of items(get(c, 'env'))) {
        const v = get(env, 'value');
        const text = str(v);
        if (!v || !text || !text.includes('http://') || unknownAt(w, v)) continue;
        for (const u of text.matchAll(HTTP_RE)) {
          for (const svc of ws.scopeCandidates(w.file, ws.servicesForHost(u[1], w.namespace))) {
            const pa = ws.scopeCandidates(w.file, strict).find((p) => p.namespace === svc.namespace)
              ?? (ws.scopeCandidates(w.file, relaxed).some((p) => p.namespace === svc.namespace) ? undefined : ws.scopeCandidates(w.file, strict).find((p) => p.namespace === 'istio-system'));
            if (!pa) continue;
            const at = valueOffsetMapper(w.file, v);
            r.at(w.file, at(u.index!), at(u.index! + u[0].length), 'peerauth-strict-plaintext-caller', `${w.kind} "${w.name}" has no Istio sidecar and dials ${u[0]} in plain text, but PeerAuthentication "${pa.name}" (${pa.file.path}) makes ${pa.namespace === 'istio-system' ? 'the whole mesh' : `namespace ${pa.namespace}`} STRICT: the server's sidecar resets the connection. Inject a sidecar into the caller, or make that port PERMISSIVE.`);
            relate(r, [relatedTo(pa, `${where(pa)}: mTLS STRICT`), relatedTo(svc, `${where(svc)}: the Service dialed`)]);
            break;
          }
        }
      }
    }
  }
}

// ---- AuthorizationPolicy principals vs service accounts --------------------------------------

export function principalAccounts(r: Reporter, ws: Workspace): void {
  const policies = ws.ofKind('AuthorizationPolicy').filter((p) => ISTIO_SEC(p) && !p.partial);
  if (!policies.length) return;
  const workloads = ws.ofKind(...WORKLOAD_KINDS).filter((w) => !w.partial && w.namespace);
  for (const p of policies) {
    // Workloads deployed with the policy: its kustomization or chart, else its folder and below
    // (a policy says nothing about a neighbouring example's namespace of the same name).
    const closed = !ws.inScope(p.file, { path: '\u0000' });
    const dir = p.file.path.slice(0, p.file.path.lastIndexOf('/') + 1);
    const inScope = ws.scopeCandidates(p.file, workloads).filter((w) => closed || w.file.path.startsWith(dir));
    for (const rule of items(get(p.root, 'spec', 'rules'))) {
      for (const from of items(get(rule, 'from'))) {
        for (const pr of strings(get(from, 'source', 'principals'))) {
          const mm = /^[^/*]+\/ns\/([^/*]+)\/sa\/([^/*]+)$/.exec(pr.value);
          if (!mm || unknownAt(p, pr.node)) continue;
          const [, ns, sa] = mm;
          const inNs = inScope.filter((w) => w.namespace === ns);
          if (!inNs.length) continue; // nothing known about that namespace
          const accounts = new Set<string>();
          let unknown = false;
          for (const w of inNs) {
            const { spec } = Workspace.podSpec(w);
            const n = get(spec, 'serviceAccountName') ?? get(spec, 'serviceAccount');
            if (n && unknownAt(w, n)) unknown = true;
            else if (!n && mayBeTemplatedAt(w.file, spec, 'serviceAccountName')) unknown = true;
            accounts.add(str(n) ?? 'default');
          }
          if (unknown || accounts.has(sa)) continue;
          if (ws.scopeCandidates(p.file, ws.named(`ServiceAccount/${sa}`)).some((x) => x.namespace === ns)) continue;
          r.node(p, pr.node, 'authz-principal-unknown-sa', `No workload in namespace ${ns} runs as service account "${sa}" (they use ${[...accounts].map((a) => `"${a}"`).join(', ')}): this principal matches no caller, so the rule ${str(get(p.root, 'spec', 'action')) === 'DENY' ? 'denies' : 'allows'} nobody. Check the name, or set serviceAccountName on the caller.`);
        }
      }
    }
  }
}

// ---- cert-manager shims, Gateway API, Ingress ---------------------------------------------------

const SHIM_KEYS = new Set(['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer', 'cert-manager.io/issuer-kind', 'cert-manager.io/issuer-group',
  'cert-manager.io/common-name', 'cert-manager.io/email-sans', 'cert-manager.io/subject-organizations', 'cert-manager.io/subject-organizationalunits',
  'cert-manager.io/subject-countries', 'cert-manager.io/subject-provinces', 'cert-manager.io/subject-localities', 'cert-manager.io/subject-postalcodes',
  'cert-manager.io/subject-streetaddresses', 'cert-manager.io/subject-serialnumber', 'cert-manager.io/duration', 'cert-manager.io/renew-before',
  'cert-manager.io/renew-before-percentage', 'cert-manager.io/usages', 'cert-manager.io/revision-history-limit', 'cert-manager.io/private-key-algorithm',
  'cert-manager.io/private-key-encoding', 'cert-manager.io/private-key-size', 'cert-manager.io/private-key-rotation-policy', 'cert-manager.io/ip-sans',
  'cert-manager.io/uri-sans', 'cert-manager.io/alt-names', 'cert-manager.io/allow-direct-injection', 'cert-manager.io/inject-ca-from',
  'cert-manager.io/inject-apiserver-ca', 'cert-manager.io/inject-ca-from-secret', 'cert-manager.io/secret-template', 'cert-manager.io/certificate-name',
  'acme.cert-manager.io/http01-edit-in-place', 'acme.cert-manager.io/http01-ingress-class', 'kubernetes.io/tls-acme']);

/** Whether cert-manager's ingress-shim or gateway-shim makes Certificates for this object. */
export function shimmed(m: Manifest): boolean {
  const a = get(m.root, 'metadata', 'annotations');
  return has(a, 'cert-manager.io/issuer') || has(a, 'cert-manager.io/cluster-issuer') || str(get(a, 'kubernetes.io/tls-acme')) === 'true';
}

export function shimAnnotations(r: Reporter, m: Manifest): void {
  const ann = get(m.root, 'metadata', 'annotations');
  const list = entries(ann);
  for (const a of list) {
    const k = a.key;
    let suggestion: string | undefined;
    if (k.startsWith('certmanager.k8s.io/')) suggestion = `cert-manager.io/${k.slice('certmanager.k8s.io/'.length)}`;
    else if (k.startsWith('cert-manager.io/') && !SHIM_KEYS.has(k)) {
      const norm = k.toLowerCase().replace(/[_.]/g, '-').replace('clusterissuer', 'cluster-issuer').replace('issuerkind', 'issuer-kind').replace('issuergroup', 'issuer-group');
      const fixed = norm.replace(/^cert-manager-io\//, 'cert-manager.io/');
      if (SHIM_KEYS.has(fixed)) suggestion = fixed;
      else continue; // other cert-manager.io annotations (on Certificates, Secrets) are not the shim's
    } else continue;
    r.node(m, a.keyNode, 'shim-annotation-invalid', `cert-manager ignores "${k}"${k.startsWith('certmanager.k8s.io/') ? ' (the pre-1.0 annotation group)' : ''}: no Certificate is made for this ${m.kind}. Write "${suggestion}".`,
      [{ title: `Change to ${suggestion}`, edits: [replaceScalar(m.file, a.keyNode, suggestion!)] }]);
  }
  const issuer = list.find((a) => a.key === 'cert-manager.io/issuer');
  const cluster = list.find((a) => a.key === 'cert-manager.io/cluster-issuer');
  if (issuer && cluster && !unknownAt(m, issuer.value) && !unknownAt(m, cluster.value)) {
    r.node(m, cluster.keyNode, 'shim-annotation-conflict', `Both cert-manager.io/issuer and cert-manager.io/cluster-issuer are set: cert-manager's shim refuses the ${m.kind} and makes no Certificate. Keep one.`);
  }
  const kind = list.find((a) => a.key === 'cert-manager.io/issuer-kind');
  const kv = str(kind?.value);
  const group = str(list.find((a) => a.key === 'cert-manager.io/issuer-group')?.value);
  if (kind && kv && !unknownAt(m, kind.value) && (!group || group === 'cert-manager.io') && kv !== 'Issuer' && kv !== 'ClusterIssuer') {
    const fixed = ['Issuer', 'ClusterIssuer'].find((x) => x.toLowerCase() === kv.toLowerCase());
    r.node(m, kind.value, 'shim-annotation-invalid', `cert-manager.io/issuer-kind "${kv}" is not Issuer or ClusterIssuer (for cert-manager.io issuers): the Certificate the shim makes names no issuer and never issues.${fixed ? ` Write "${fixed}".` : ''}`,
      fixed ? [{ title: `Change to ${fixed}`, edits: [replaceScalar(m.file, kind.value!, fixed)] }] : undefined);
  }
}

/**
 * The issuer a shimmed Ingress or Gateway names must exist where cert-manager looks for it: an
 * Issuer in the object's namespace, or a ClusterIssuer. Only when the scope holds cert-manager
 * issuers at all (otherwise they are managed elsewhere and nothing is known); templated values,
 * external issuer groups and kubernetes.io/tls-acme (the controller's default issuer) are unknown.
 */
export function shimIssuer(r: Reporter, m: Manifest, ws: Workspace): void {
  const list = entries(get(m.root, 'metadata', 'annotations'));
  const issuer = list.find((a) => a.key === 'cert-manager.io/issuer');
  const cluster = list.find((a) => a.key === 'cert-manager.io/cluster-issuer');
  if (!issuer === !cluster) return; // none, or both (shim-annotation-conflict)
  const named = (issuer ?? cluster)!;
  const name = str(named.value);
  if (!name || unknownAt(m, named.value)) return;
  const kindA = list.find((a) => a.key === 'cert-manager.io/issuer-kind');
  const groupA = list.find((a) => a.key === 'cert-manager.io/issuer-group');
  if (unknownAt(m, kindA?.value) || unknownAt(m, groupA?.value)) return;
  const group = str(groupA?.value);
  if (group && group !== 'cert-manager.io') return; // an external issuer (its own kinds)
  const kind = cluster ? 'ClusterIssuer' : str(kindA?.value) ?? 'Issuer';
  if (kind !== 'Issuer' && kind !== 'ClusterIssuer') return; // shim-annotation-invalid
  const inScope = ws.scopeCandidates(m.file, ws.ofKind('Issuer', 'ClusterIssuer').filter((i) => isCertManager(i) && !i.partial && !unknownAt(i, get(i.root, 'metadata', 'name'))))
    // Both ways: the issuers of a chart or kustomization are not deployed with a plain file next to it.
    .filter((i) => ws.inScope(i.file, m.file));
  if (!inScope.length) return;
  const sameNs = (i: Manifest) => !i.namespace || !m.namespace || i.namespace === m.namespace;
  const issuers = inScope.filter((i) => i.kind === 'Issuer' && i.name === name);
  const clusters = inScope.filter((i) => i.kind === 'ClusterIssuer' && i.name === name);
  if (kind === 'Issuer' ? issuers.some(sameNs) : clusters.length) return;
  const key = named.keyNode;
  let text: string;
  let fix: { title: string; edits: ReturnType<typeof replaceScalar>[] } | undefined;
  if (kind === 'Issuer' && clusters.length) {
    text = `"${name}" is a ClusterIssuer (${clusters[0].file.path}), but this ${m.kind} names it as an Issuer: cert-manager looks for an Issuer "${name}" in ${m.namespace ?? 'its namespace'} and the Certificate it makes never issues. Use cert-manager.io/cluster-issuer.`;
    if (!kindA) fix = { title: 'Change to cert-manager.io/cluster-issuer', edits: [replaceScalar(m.file, key, 'cert-manager.io/cluster-issuer')] };
    else fix = { title: 'Change issuer-kind to ClusterIssuer', edits: [replaceScalar(m.file, kindA.value!, 'ClusterIssuer')] };
  } else if (kind === 'ClusterIssuer' && issuers.some(sameNs)) {
    text = `"${name}" is an Issuer (${issuers.find(sameNs)!.file.path}), but this ${m.kind} names a ClusterIssuer: cert-manager finds no ClusterIssuer of that name and the Certificate it makes never issues. Use cert-manager.io/issuer.`;
    if (cluster) fix = { title: 'Change to cert-manager.io/issuer', edits: [replaceScalar(m.file, key, 'cert-manager.io/issuer')] };
    else if (kindA) fix = { title: 'Change issuer-kind to Issuer', edits: [replaceScalar(m.file, kindA.value!, 'Issuer')] };
  } else if (issuers.length) {
    text = `Issuer "${name}" is in namespace ${issuers[0].namespace}, but this ${m.kind} is in ${m.namespace}: an Issuer only signs in its own namespace, so the Certificate the shim makes never issues. Use a ClusterIssuer, or an Issuer in ${m.namespace}.`;
  } else {
    const names = [...new Set(inScope.filter((i) => i.kind === kind && (kind === 'ClusterIssuer' || sameNs(i))).map((i) => i.name!))].slice(0, 3);
    text = `No ${kind} "${name}"${kind === 'Issuer' && m.namespace ? ` in namespace ${m.namespace}` : ''} among the cert-manager issuers deployed with this ${m.kind}${names.length ? ` (${names.map((n) => `"${n}"`).join(', ')})` : ''}: if it does not exist in the cluster either, the Certificate the shim makes never issues. Check the name.`;
  }
  r.node(m, named.value ?? key, 'shim-issuer-not-found', text, fix ? [fix] : undefined);
  relate(r, [...issuers, ...clusters].slice(0, 3).map((x) => relatedTo(x, `${where(x)}`)));
}

/** What a cert-manager install in the workspace says of the gateway-shim. */
interface CertManagerInstall {
  where: Manifest;
  enabled: boolean | undefined;
  /** Where the switch goes: the chart's values map (`values` of a HelmRelease: its `spec`, `values` missing), or the controller container. */
  values?: Node;
  spec?: Node;
  container?: Node;
}

const GATEWAY_FLAG = /^--enable-gateway-api(?:=(true|false))?$/;
const GATE = /(?:^|,)ExperimentalGatewayAPISupport=(true|false)(?:,|$)/;

/** Command-line arguments of cert-manager's controller: whether they enable the Gateway API (undefined: a config file may). */
function argsEnable(args: string[] | undefined): boolean | undefined {
  if (!args) return undefined;
  let on: boolean | undefined = false;
  for (const a of args) {
    const f = GATEWAY_FLAG.exec(a);
    if (f) on = f[1] !== 'false';
    const g = /^--feature-gates=(.*)$/.exec(a);
    const gate = g && GATE.exec(g[1]);
    if (gate && gate[1] === 'true') on = true;
    if (/^--config(=|$)/.test(a) && on === false) on = undefined;
  }
  return on;
}

/** The enableGatewayAPI of Helm values (`config`, `extraArgs`, `featureGates`) of cert-manager's chart. */
function valuesEnable(m: Manifest, values: Node): boolean | undefined {
  const config = get(values, 'config');
  const flag = get(config, 'enableGatewayAPI');
  const argsNode = get(values, 'extraArgs');
  const gatesNode = get(values, 'featureGates');
  for (const n of [config, flag, gatesNode, get(config, 'featureGates')]) if (unknownAt(m, n)) return undefined;
  if (unknownAt(m, argsNode) && !strings(argsNode).length) return undefined;
  if (hasTemplatedEntries(m.file, values) || (config && hasTemplatedEntries(m.file, config))) return undefined;
  if (str(flag) === 'true') return true;
  const gates = str(gatesNode);
  if (gates && GATE.exec(gates)?.[1] === 'true') return true;
  if (str(get(config, 'featureGates', 'ExperimentalGatewayAPISupport')) === 'true') return true;
  return argsEnable(knownArgs(m, argsNode));
}

/** A container's args, or undefined when one that may turn the Gateway API on is unknown (`--x=$(VAR)` of another flag is fine). */
function knownArgs(m: Manifest, argsNode: Node | undefined): string[] | undefined {
  const out: string[] = [];
  if (argsNode && hasTemplatedEntries(m.file, argsNode)) return undefined;
  for (const a of strings(argsNode)) {
    if (unknownAt(m, a.node)) {
      const flag = /^--([a-z0-9-]+)(=|$)/.exec(a.value)?.[1];
      if (!flag || flag === 'enable-gateway-api' || flag === 'feature-gates' || flag === 'config' || /[${<]/.test(flag)) return undefined;
    }
    out.push(a.value);
  }
  return out;
}

/** cert-manager installs: its chart's Helm values (plain or in a Flux HelmRelease) and its controller Deployment. */
function certManagerInstalls(ws: Workspace): CertManagerInstall[] {
  const out: CertManagerInstall[] = [];
  for (const m of ws.manifests) {
    if (m.partial) continue;
    if (m.kind === undefined) {
      const root = m.root;
      const cmChart = (has(root, 'cainjector') || has(root, 'startupapicheck')) && has(root, 'webhook');
      const cmConfig = str(get(root, 'config', 'apiVersion'))?.startsWith('controller.config.cert-manager.io/');
      if (cmChart || cmConfig) out.push({ where: m, enabled: valuesEnable(m, root), values: root });
    } else if (m.kind === 'HelmRelease' && str(get(m.root, 'spec', 'chart', 'spec', 'chart')) === 'cert-manager') {
      const values = get(m.root, 'spec', 'values');
      out.push({ where: m, enabled: values ? valuesEnable(m, values) : false, values, spec: get(m.root, 'spec') });
    } else if (m.kind === 'Deployment') {
      const { spec } = Workspace.podSpec(m);
      for (const c of items(get(spec, 'containers'))) {
        const image = str(get(c, 'image'));
        if (!image || !/cert-manager-controller(?:[:@]|$)/.test(image)) continue;
        const argsNode = get(c, 'args');
        const unknown = hasTemplatedEntries(m.file, c) || (unknownAt(m, argsNode) && !strings(argsNode).length);
        out.push({ where: m, enabled: unknown ? undefined : argsEnable(knownArgs(m, argsNode)), container: c });
      }
    }
  }
  return out;
}

const CONTROLLER_CONFIG = ['config:', '  apiVersion: controller.config.cert-manager.io/v1alpha1', '  kind: ControllerConfiguration', '  enableGatewayAPI: true'];

/** `--enable-gateway-api=false` items of an args list, each made `--enable-gateway-api`. */
function flipFlags(m: Manifest, args: Node | undefined): TextEdit[] {
  return strings(args).filter((a) => /^--enable-gateway-api=false$/.test(a.value)).map((a) => replaceScalar(m.file, a.node, '--enable-gateway-api'));
}

/**
 * The edits that turn the gateway-shim on in one install, where its setting lives: the chart's
 * `config.enableGatewayAPI` (flipped, inserted into `config`, or `config` added as the chart
 * wants it, with apiVersion and kind), `extraArgs: --enable-gateway-api` when the values set
 * flags that way (older charts have no `config`), the controller container's `args`. Undefined
 * when the text gives no safe place (flow maps, templated lists).
 */
function enableGatewayApi(i: CertManagerInstall): TextEdit[] | undefined {
  const m = i.where;
  if (i.container) {
    const args = get(i.container, 'args');
    const flips = flipFlags(m, args);
    if (flips.length) return flips;
    const add = items(args).length ? appendSeqItems(m.file, i.container, 'args', ['--enable-gateway-api']) : args ? undefined : appendPair(m.file, i.container, ['args:', '  - --enable-gateway-api']);
    return add ? [add] : undefined;
  }
  if (!i.values) {
    const add = i.spec && appendPair(m.file, i.spec, ['values:', ...CONTROLLER_CONFIG.map((l) => '  ' + l)]);
    return add ? [add] : undefined;
  }
  const v = i.values;
  const out = flipFlags(m, get(v, 'extraArgs'));
  const config = get(v, 'config');
  const flag = get(config, 'enableGatewayAPI');
  if (flag) {
    if (str(flag) !== 'true') { const [s, e] = range(flag); out.push({ file: m.file.path, start: s, end: e, newText: 'true' }); }
  } else if (!out.length) {
    const add = config ? appendPair(m.file, config, ['enableGatewayAPI: true'])
      : items(get(v, 'extraArgs')).length ? appendSeqItems(m.file, v, 'extraArgs', ['--enable-gateway-api'])
        : appendPair(m.file, v, CONTROLLER_CONFIG);
    if (!add) return undefined;
    out.push(add);
  }
  return out.length ? out : undefined;
}

/**
 * cert-manager's gateway-shim acts only when the controller runs with the Gateway API enabled
 * (`config.enableGatewayAPI: true` since 1.15, `--enable-gateway-api`, or the older feature gate
 * ExperimentalGatewayAPISupport). Reported only when every install in scope says it is off.
 */
function gatewayShimEnabled(r: Reporter, ws: Workspace): void {
  const gateways = ws.ofKind('Gateway').filter((g) => GATEWAY_API(g) && !g.partial && shimmed(g));
  if (!gateways.length) return;
  const installs = certManagerInstalls(ws);
  if (!installs.length) return;
  for (const g of gateways) {
    const mine = ws.scopeCandidates(g.file, installs.map((i) => i.where)).map((w) => installs.find((i) => i.where === w)!);
    if (!mine.length || mine.some((i) => i.enabled !== false)) continue;
    const a = entries(get(g.root, 'metadata', 'annotations')).find((x) => x.key === 'cert-manager.io/issuer' || x.key === 'cert-manager.io/cluster-issuer' || x.key === 'kubernetes.io/tls-acme');
    if (!a) continue;
    const w = mine[0].where;
    // One fix for every install in scope (each must say "on" for the finding to go), none when one has no safe place.
    const edits = mine.map(enableGatewayApi);
    // The title names the install, never a path (the editor shows titles as they are).
    const target = mine.length > 1 ? `${mine.length} cert-manager installs` : w.kind ? `${w.kind} "${w.name}"` : 'cert-manager\'s Helm values';
    const fix = edits.every((e) => e) ? [{ title: `Enable the Gateway API in ${target}`, edits: edits.flatMap((e) => e!) }] : undefined;
    r.node(g, a.keyNode, 'gateway-shim-disabled', `cert-manager's gateway-shim is off in the install deployed with this Gateway (${w.kind ? `${w.kind} "${w.name}"` : 'Helm values'}, ${w.file.path}): it ignores Gateways unless the Gateway API is enabled, so no Certificate is made and the listeners' Secrets are never written. Set config.enableGatewayAPI: true in cert-manager's Helm values (cert-manager 1.15+), or pass --enable-gateway-api to the controller.`, fix);
    relate(r, [relatedTo(w, w.kind ? where(w) : 'cert-manager\'s Helm values')]);
  }
}

export function gatewayListeners(r: Reporter, m: Manifest, ws: Workspace): void {
  const shim = shimmed(m);
  for (const l of items(get(m.root, 'spec', 'listeners'))) {
    if (hasTemplatedEntries(m.file, l)) continue;
    const tls = get(l, 'tls');
    if (!tls) continue;
    const modeNode = get(tls, 'mode');
    const mode = str(modeNode) ?? 'Terminate';
    if (unknownAt(m, modeNode)) continue;
    const refs = items(get(tls, 'certificateRefs'));
    if (mode === 'Passthrough' && refs.length) {
      r.node(m, keyNode(tls, 'certificateRefs'), 'gateway-passthrough-certificate-refs', `Listener "${str(get(l, 'name')) ?? ''}" passes TLS through to the backend (mode Passthrough): the gateway terminates nothing, so certificateRefs are ignored${shim ? ' (and cert-manager\'s gateway-shim still makes a Certificate for them)' : ''}. Remove them, or use mode Terminate.`,
        fixesOf([['Remove certificateRefs', deletePair(m.file, tls, 'certificateRefs')]]));
    }
    if (mode === 'Terminate' && shim && refs.length && !has(l, 'hostname') && !mayBeTemplatedAt(m.file, l, 'hostname')) {
      r.node(m, get(l, 'name') ?? l, 'gateway-listener-hostname-required', `cert-manager's gateway-shim skips listener "${str(get(l, 'name')) ?? ''}": it has no hostname, so no Certificate is made and the Secret its certificateRefs name is never written. Add hostname (cert-manager/website#640).`,
        fixesOf([['Add hostname (fill in the name)', has(l, 'name') ? insertKeyAfter(m.file, l, 'name', 'hostname: <hostname>') : undefined]]));
    }
    for (const ref of refs) {
      const nsNode = get(ref, 'namespace');
      const ns = str(nsNode), name = str(get(ref, 'name'));
      const kind = str(get(ref, 'kind')) ?? 'Secret';
      if (!ns || !name || !m.namespace || ns === m.namespace || unknownAt(m, nsNode) || unknownAt(m, get(ref, 'name'))) continue;
      const grants = ws.scopeCandidates(m.file, ws.ofKind('ReferenceGrant')).filter((g) => g.namespace === ns && grantAllows(g, m.namespace!, kind, name));
      if (grants.length) continue;
      r.node(m, nsNode, 'gateway-cross-namespace-ref', `certificateRefs names ${kind} "${name}" in namespace ${ns}, but no ReferenceGrant in ${ns} lets Gateways from ${m.namespace} read it: the listener is not programmed (ResolvedRefs: RefNotPermitted). Add a ReferenceGrant in ${ns} from Gateway/${m.namespace} to Secret.`,
        [{ title: `Add a ReferenceGrant in ${ns} for ${kind} "${name}"`, edits: [appendDocument(m.file, referenceGrant(m, ns, str(get(ref, 'group')) ?? '', kind, name))] }]);
    }
  }
}

/**
 * The ReferenceGrant a Gateway's cross-namespace certificateRef needs: in the referenced object's
 * namespace, from the Gateway's group, kind and namespace, to that one object. Added as a new
 * document of the Gateway's own file: that file is always in the Gateway's deployment scope (the
 * Secret may be in no file at all when cert-manager writes it, and a file of another scope would
 * not count), and the grant ships with the Gateway that needs it. Values go through the `yaml`
 * library, so no name leaves its scalar.
 */
function referenceGrant(m: Manifest, ns: string, group: string, kind: string, name: string): string {
  return k8sYaml({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: toObjectName(`${m.name ?? 'gateway'}-${m.namespace}-${name}`, 'gateway-certificates'), namespace: ns },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: m.namespace }],
      to: [{ group, kind, name }],
    },
  });
}

function grantAllows(g: Manifest, fromNs: string, kind: string, name: string): boolean {
  const spec = get(g.root, 'spec');
  if (hasTemplatedEntries(g.file, spec)) return true;
  const fromOk = items(get(spec, 'from')).some((f) => str(get(f, 'kind')) === 'Gateway' && (str(get(f, 'namespace')) === fromNs || unknownAt(g, get(f, 'namespace'))));
  const toOk = items(get(spec, 'to')).some((t) => str(get(t, 'kind')) === kind && (!has(t, 'name') || str(get(t, 'name')) === name || unknownAt(g, get(t, 'name'))));
  return fromOk && toOk;
}

export function ingressTls(r: Reporter, m: Manifest, ws: Workspace): void {
  if (!m.namespace) return;
  const shim = shimmed(m);
  for (const t of items(get(m.root, 'spec', 'tls'))) {
    const sn = get(t, 'secretName');
    const name = str(sn);
    if (!name || unknownAt(m, sn)) continue;
    // The Certificate that owns the Secret (explicit; a shimmed Ingress makes its own from these hosts).
    const certs = ws.scopeCandidates(m.file, ws.certificatesForKey(`${m.namespace}/${name}`));
    if (shim && !certs.length) continue;
    for (const cert of certs) {
      const names = certNames(cert);
      if (!names) continue;
      for (const h of strings(get(t, 'hosts'))) {
        if (unknownAt(m, h.node) || hostCovered(names, h.value)) continue;
        r.node(m, h.node, 'ingress-tls-host-not-covered', `Host "${h.value}" is not covered by ${certificateLabel(cert)}, which writes Secret "${name}": browsers and clients fail with "certificate is valid for ${names.join(', ') || 'no names'}, not ${h.value}". Add it to ${namesFieldOf(cert)}.`);
        relate(r, [relatedTo(cert, `${where(cert)}: writes Secret "${name}"`)]);
      }
    }
  }
}

/** An object writing Secret `key` (`namespace/name`) from `node`. */
interface Writer { m: Manifest; node: Node; key: string }

function writer(m: Manifest, ns: string | undefined, node: Node | undefined): Writer | undefined {
  const name = str(node);
  if (!node || !name || !ns || unknownAt(m, node)) return undefined;
  return { m, node, key: `${ns}/${name}` };
}

/**
 * The Secret a cert-manager Certificate writes: a property of its text, kept per object while its
 * document is reused (g18: a re-lint does not read every Certificate's secretName again).
 */
const certificateWriters = new WeakMap<Manifest, Writer | null>();
function certificateWriter(c: Manifest): Writer | undefined {
  let w = certificateWriters.get(c);
  if (w === undefined) {
    w = (!c.partial && c.apiVersion?.startsWith('cert-manager.io/') && writer(c, c.namespace, get(c.root, 'spec', 'secretName'))) || null;
    certificateWriters.set(c, w);
  }
  return w ?? undefined;
}

/** Secrets that several controllers write: Certificates, shimmed Ingresses and Gateways. */
export function multipleWriters(r: Reporter, ws: Workspace): void {
  // Most Secrets have one writer: a list is made only for a key written twice.
  const writers = new Map<string, Writer | Writer[]>();
  const shared: string[] = [];
  const add = (w: Writer) => {
    const had = writers.get(w.key);
    if (!had) writers.set(w.key, w);
    else if (Array.isArray(had)) had.push(w);
    else { writers.set(w.key, [had, w]); shared.push(w.key); }
  };
  for (const c of ws.ofKind('Certificate')) { const w = certificateWriter(c); if (w) add(w); }
  for (const i of ws.ofKind('Ingress')) if (!i.partial && shimmed(i)) for (const t of items(get(i.root, 'spec', 'tls'))) { const w = writer(i, i.namespace, get(t, 'secretName')); if (w) add(w); }
  for (const g of ws.ofKind('Gateway')) {
    if (g.partial || !GATEWAY_API(g) || !shimmed(g)) continue;
    for (const l of items(get(g.root, 'spec', 'listeners'))) for (const ref of items(get(l, 'tls', 'certificateRefs'))) { const w = writer(g, str(get(ref, 'namespace')) ?? g.namespace, get(ref, 'name')); if (w) add(w); }
  }
  for (const key of shared) {
    const list = writers.get(key) as Writer[];
    // One object (its copies in several files, or several listeners of one Gateway) is one writer.
    const distinct: Array<{ m: Manifest; node: Node }> = [];
    for (const w of list) if (!distinct.some((d) => d.m.kind === w.m.kind && d.m.name === w.m.name && d.m.namespace === w.m.namespace)) distinct.push(w);
    if (distinct.length < 2) continue;
    for (const w of distinct) {
      const others = ws.scopeCandidates(w.m.file, distinct.filter((d) => d !== w).map((d) => d.m));
      if (!others.length) continue;
      r.node(w.m, w.node, 'tls-secret-multiple-writers', `Secret "${key.slice(key.indexOf('/') + 1)}" in ${key.slice(0, key.indexOf('/'))} is also written by ${others.map(where).join(', ')}: cert-manager re-issues it back and forth and clients get either certificate (cert-manager#2099). Give each its own secretName.`);
      relate(r, others.map((o) => relatedTo(o, `${where(o)}: also writes this Secret`)));
    }
  }
}

// ---- BackendTLSPolicy -------------------------------------------------------------------------

export function backendTls(r: Reporter, m: Manifest, ws: Workspace, served: Map<Manifest, Manifest[]>): void {
  const v = get(m.root, 'spec', 'validation');
  for (const ref of items(get(v, 'caCertificateRefs'))) {
    const n = get(ref, 'name');
    const name = str(n), kind = str(get(ref, 'kind')) ?? 'ConfigMap';
    if (!name || unknownAt(m, n) || !m.namespace) continue;
    const found = ws.scopeCandidates(m.file, ws.named(`${kind}/${name}`));
    if (!found.length || found.some((x) => x.namespace === m.namespace)) continue;
    r.node(m, n, 'backendtls-ca-namespace', `${kind} "${name}" is in ${found.map((x) => x.namespace).join(', ')}, but caCertificateRefs are read from the policy's namespace ${m.namespace}: the policy is not accepted (ResolvedRefs: InvalidCACertificateRef). Put the CA bundle in ${m.namespace} (trust-manager can copy it).`);
    relate(r, found.map((x) => relatedTo(x, `${where(x)}`)));
  }
  const hn = get(v, 'hostname');
  const hostname = str(hn);
  if (!hostname || unknownAt(m, hn)) return;
  for (const t of items(get(m.root, 'spec', 'targetRefs'))) {
    const name = str(get(t, 'name'));
    if (!name || (str(get(t, 'kind')) ?? 'Service') !== 'Service') continue;
    for (const svc of ws.scopeCandidates(m.file, ws.named(`Service/${name}`)).filter((s) => s.namespace === m.namespace)) {
      for (const cert of served.get(svc) ?? []) {
        const names = certNames(cert);
        if (!names || hostCovered(names, hostname)) continue;
        r.node(m, hn, 'backendtls-hostname-mismatch', `validation.hostname "${hostname}" is not a name of ${certificateLabel(cert)}, which the pods behind Service "${name}" serve: the gateway's handshake with the backend fails. Use one of ${names.join(', ') || 'its names'}, or add it to ${namesFieldOf(cert)}.`);
        relate(r, [relatedTo(cert, `${where(cert)}: served behind Service "${name}"`)]);
      }
    }
  }
}

/** The workspace-level gateway and traffic rules. */
export function gatewayRules(r: Reporter, ws: Workspace): void {
  // Certificates served behind each Service: only when a DestinationRule or BackendTLSPolicy asks.
  const served = new Map<Manifest, Manifest[]>();
  if (ws.ofKind('DestinationRule').length || ws.ofKind('BackendTLSPolicy').length) {
    for (const { service, cert } of servedBy(ws)) {
      const list = served.get(service) ?? served.set(service, []).get(service)!;
      if (!list.includes(cert)) list.push(cert);
    }
  }
  const hasCerts = ws.ofKind('Certificate').length > 0 || ws.ofKind('Secret').length > 0;
  for (const m of ws.ofKind('DestinationRule')) if (ISTIO_NET(m) && !m.partial) destinationRule(r, m, ws, served);
  for (const m of ws.ofKind('Gateway')) {
    if (m.partial) continue;
    if (ISTIO_NET(m)) istioGateway(r, m, ws, hasCerts);
    else if (GATEWAY_API(m)) { shimAnnotations(r, m); shimIssuer(r, m, ws); gatewayListeners(r, m, ws); }
  }
  for (const m of ws.ofKind('Ingress')) if (!m.partial) { shimAnnotations(r, m); shimIssuer(r, m, ws); ingressTls(r, m, ws); }
  gatewayShimEnabled(r, ws);
  for (const m of ws.ofKind('BackendTLSPolicy')) if (GATEWAY_API(m) && !m.partial) backendTls(r, m, ws, served);
  strictPlaintext(r, ws);
  principalAccounts(r, ws);
  multipleWriters(r, ws);
}
