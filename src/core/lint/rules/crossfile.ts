// Rules that need the whole workspace: issuer references, CA secrets, mounted secrets,
// Service DNS coverage, dialed URLs and the usages mTLS needs.
import type { Node } from 'yaml';
import { appendSeqItems } from '../edits';
import { bool, get, Manifest, str, isUnknown } from '../model';
import type { Reporter } from '../rules';
import { summaryOf, type Mount, type Workspace } from '../workspace';
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

function certificatesFor(ws: Workspace, secretName: string, namespace?: string): Manifest[] {
  return ws.certificatesFor(secretName, namespace ?? 'default').filter(isCertManager);
}

function usages(c: Manifest): { list: string[]; explicit: boolean } {
  const list = summaryOf(c).usages ?? [];
  return { list, explicit: list.length > 0 };
}

export function crossFileRules(r: Reporter, ws: Workspace): void {
  references(r, ws);
  mounts(r, ws);
  serviceCoverage(r, ws);
  dialed(r, ws);
}

function references(r: Reporter, ws: Workspace): void {
  for (const c of ws.ofKind('Certificate', 'CertificateRequest')) {
    if (!isCertManager(c) || c.partial) continue;
    const ref = get(c.root, 'spec', 'issuerRef');
    const nameNode = get(ref, 'name');
    const name = str(nameNode);
    const group = str(get(ref, 'group'));
    if (!name || isUnknown(c.file, nameNode) || (group && group !== 'cert-manager.io')) continue;
    const kind = str(get(ref, 'kind')) || 'Issuer';
    const issuer = ws.find('Issuer', name, c.namespace);
    const anyIssuer = ws.find('Issuer', name);
    const cluster = ws.find('ClusterIssuer', name);
    if (kind === 'Issuer' && !issuer) {
      if (cluster) {
        const kindNode = get(ref, 'kind');
        r.node(c, nameNode, 'issuer-kind-mismatch', `"${name}" is a ClusterIssuer (${cluster.file.path}), but issuerRef.kind is ${str(kindNode) ? 'Issuer' : 'empty, which means Issuer'}: cert-manager looks for an Issuer in ${c.namespace} and never issues.`,
          [{ title: 'Change kind to ClusterIssuer', edits: [kindNode
            ? { file: c.file.path, start: kindNode.range![0], end: kindNode.range![1], newText: 'ClusterIssuer' }
            : insertAfterLine(c.file.text, c.file.path, nameNode!, 'kind: ClusterIssuer')] }]);
      } else if (anyIssuer) {
        r.node(c, nameNode, 'issuer-namespace-mismatch', `Issuer "${name}" is in namespace ${anyIssuer.namespace}, but this ${c.kind} is in ${c.namespace}: an Issuer only signs in its own namespace. Use a ClusterIssuer or move one of them.`);
      } else {
        r.node(c, nameNode, 'issuer-not-found', `No Issuer "${name}" in namespace ${c.namespace} in this workspace (it may exist in the cluster).`);
      }
    } else if (kind === 'ClusterIssuer' && !cluster) {
      if (anyIssuer) {
        const kindNode = get(ref, 'kind')!;
        r.node(c, nameNode, 'issuer-kind-mismatch', `"${name}" is an Issuer (${anyIssuer.file.path}), but issuerRef.kind is ClusterIssuer: cert-manager finds no ClusterIssuer of that name.`,
          anyIssuer.namespace === c.namespace ? [{ title: 'Change kind to Issuer', edits: [{ file: c.file.path, start: kindNode.range![0], end: kindNode.range![1], newText: 'Issuer' }] }] : undefined);
      } else {
        r.node(c, nameNode, 'issuer-not-found', `No ClusterIssuer "${name}" in this workspace (it may exist in the cluster).`);
      }
    }
  }
  // CA issuers: their secret must hold a CA.
  for (const i of ws.ofKind('Issuer', 'ClusterIssuer')) {
    if (!isCertManager(i) || i.partial) continue;
    const sn = get(i.root, 'spec', 'ca', 'secretName');
    const name = str(sn);
    if (!name || isUnknown(i.file, sn)) continue;
    // A ClusterIssuer's secret lives in the cluster resource namespace (usually cert-manager).
    const ns = i.kind === 'Issuer' ? i.namespace : undefined;
    const producers = ws.producers(name, ns);
    if (!producers.length) {
      r.node(i, sn, 'ca-secret-not-produced', `Nothing in the workspace produces Secret "${name}"${ns ? ` in ${ns}` : ''} (a Certificate with isCA: true, or a Secret with tls.crt and tls.key). It may exist in the cluster.`);
      continue;
    }
    const certs = producers.filter((p) => p.kind === 'Certificate');
    const notCa = certs.filter((p) => bool(get(p.root, 'spec', 'isCA')) !== true);
    if (certs.length && notCa.length === certs.length) {
      r.node(i, sn, 'ca-secret-not-ca', `Secret "${name}" comes from Certificate "${notCa[0].name}" (${notCa[0].file.path}), which is not isCA: true: certificates signed by this issuer will not verify.`);
    }
  }
}

function mounts(r: Reporter, ws: Workspace): void {
  const hasCerts = ws.ofKind('Certificate').length > 0;
  for (const mt of ws.mounts()) {
    if (isUnknown(mt.workload.file, mt.node)) continue;
    const producers = ws.producers(mt.secretName, mt.workload.namespace);
    const certs = producers.filter((p) => p.kind === 'Certificate');
    if (!producers.length && hasCerts && looksTls(mt)) {
      r.node(mt.workload, mt.node, 'secret-not-produced', `No Certificate or Secret in the workspace produces Secret "${mt.secretName}" in namespace ${mt.workload.namespace}: the pod stays in ContainerCreating until it exists.`);
    }
    if (certs.length) {
      for (const k of mt.keys) {
        if (!TLS_KEYS.has(k.key)) r.node(mt.workload, k.node, 'secret-items-key', `Secret "${mt.secretName}" is written by cert-manager and has only tls.crt, tls.key and ca.crt; "${k.key}" does not exist, so the volume fails to mount.`);
      }
    }
  }
}

function looksTls(mt: Mount): boolean {
  return mt.keys.some((k) => TLS_KEYS.has(k.key)) || /tls|cert|mtls|ssl|ca\b/i.test(mt.secretName);
}

const servedCache = new WeakMap<Workspace, Array<{ service: Manifest; cert: Manifest; mount: Mount }>>();

/** Certificates served by the pods behind each Service. */
function servedBy(ws: Workspace): Array<{ service: Manifest; cert: Manifest; mount: Mount }> {
  const hit = servedCache.get(ws);
  if (hit) return hit;
  const out: Array<{ service: Manifest; cert: Manifest; mount: Mount }> = [];
  servedCache.set(ws, out);
  for (const mt of ws.mounts()) {
    const certs = certificatesFor(ws, mt.secretName, mt.workload.namespace);
    if (!certs.length) continue;
    for (const svc of ws.servicesOf(mt.workload)) for (const cert of certs) out.push({ service: svc, cert, mount: mt });
  }
  return out;
}

function serviceCoverage(r: Reporter, ws: Workspace): void {
  const seen = new Set<string>();
  for (const { service, cert } of servedBy(ws)) {
    const key = `${service.file.path}#${service.docIndex}|${cert.file.path}#${cert.docIndex}`;
    if (seen.has(key) || !service.name || !service.namespace) continue;
    seen.add(key);
    const sum = summaryOf(cert);
    const forms = serviceDnsNames(service.name, service.namespace);
    const spec = get(cert.root, 'spec');
    const dnsNode = get(spec, 'dnsNames');
    if (isUnknown(cert.file, dnsNode)) continue;
    const have = sum.dns!.map((d) => d.value);
    const missing = forms.filter((n) => !sum.dnsLower!.has(n) && !have.some((h) => dnsMatches(h, n)));
    if (missing.length) {
      const fix = spec ? appendSeqItems(cert.file, spec, 'dnsNames', missing) : undefined;
      r.node(cert, dnsNode ? get(cert.root, 'spec', 'dnsNames') : get(spec, 'secretName'), 'san-service-coverage',
        `Service "${service.name}" (${service.file.path}) sends traffic to pods that serve this certificate, but it does not cover ${missing.map((m) => `"${m}"`).join(', ')}: clients dialing ${missing.length > 1 ? 'those names' : 'that name'} fail with "x509: certificate is valid for ${have.join(', ') || 'no DNS names'}, not ${missing[0]}".`,
        fix ? [{ title: `Add ${missing.length} Service DNS name${missing.length > 1 ? 's' : ''}`, edits: [fix] }] : undefined);
    }
    // Served behind a Service: needs server auth when extended usages are listed.
    const u = usages(cert);
    if (u.explicit && u.list.some((x) => EKU_USAGES.has(x)) && !u.list.includes('server auth') && !u.list.includes('any')) {
      const fix = spec ? appendSeqItems(cert.file, spec, 'usages', ['server auth']) : undefined;
      r.node(cert, get(spec, 'usages'), 'usage-server-auth-missing', `Pods behind Service "${service.name}" serve this certificate, but its usages lack "server auth": TLS clients reject it ("x509: certificate specifies an incompatible key usage").`,
        fix ? [{ title: 'Add "server auth"', edits: [fix] }] : undefined);
    }
  }
  // Presented as a client: the workload dials https URLs, or mounts the certificate without any Service.
  const dialers = new Set(ws.dialedUrls().map((d) => d.workload).filter((w) => w));
  for (const mt of ws.mounts()) {
    for (const cert of certificatesFor(ws, mt.secretName, mt.workload.namespace)) {
      const behindService = ws.servicesOf(mt.workload).length > 0;
      const dialsOut = dialers.has(mt.workload);
      if (!dialsOut && behindService) continue;
      if (!dialsOut && !/client/i.test(`${cert.name} ${mt.secretName} ${mt.workload.name}`)) continue;
      const u = usages(cert);
      if (u.explicit && !u.list.includes('client auth') && !u.list.includes('any')) {
        const spec = get(cert.root, 'spec')!;
        const fix = appendSeqItems(cert.file, spec, 'usages', ['client auth']);
        r.node(cert, get(spec, 'usages'), 'usage-client-auth-missing', `${mt.workload.kind} "${mt.workload.name}" presents this certificate as a TLS client${dialsOut ? ' (it dials https URLs)' : ''}, but its usages lack "client auth": servers that require client certificates reject it.`,
          fix ? [{ title: 'Add "client auth"', edits: [fix] }] : undefined);
      }
    }
  }
}

function dialed(r: Reporter, ws: Workspace): void {
  const byService = new Map<Manifest, Manifest[]>();
  for (const s of servedBy(ws)) (byService.get(s.service) ?? byService.set(s.service, []).get(s.service)!).push(s.cert);
  for (const d of ws.dialedUrls()) {
    const svc = ws.serviceForHost(d.host, d.workload?.namespace);
    if (!svc) continue;
    const certs = byService.get(svc) ?? [];
    for (const cert of [...new Set(certs)]) {
      const sum = summaryOf(cert);
      if (sum.dnsLower!.has(d.host.toLowerCase())) continue;
      const dns = sum.dns!;
      if (dns.some((n) => isUnknown(cert.file, n.node))) continue;
      const names = dns.map((n) => n.value);
      if (names.some((n) => dnsMatches(n, d.host))) continue;
      const valid = names.length ? names.join(', ') : 'no DNS names';
      r.at(d.file, d.start, d.end, 'san-dialed-host',
        `${d.url} reaches Service "${svc.name}" in ${svc.namespace}, whose pods serve Certificate "${cert.name}" (${cert.file.path}): Go would fail with "tls: failed to verify certificate: x509: certificate is valid for ${valid}, not ${d.host}". Add "${d.host}" to its dnsNames or dial a listed name.`);
    }
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
