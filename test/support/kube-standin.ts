// A stand-in Kubernetes API server for tests: HTTPS on 127.0.0.1 with its own CA, client
// certificate authentication (401 without a certificate from that CA), and the REST API
// Certwright uses, shaped like a real API server's: discovery (/version, /api, /api/v1, /apis,
// /apis/<group>/<version>), namespaces, secrets (list with limit/continue and fieldSelector on
// type, get), cert-manager Certificates and their CRD, Status objects for 401/403/404.
// Good enough for `kubectl get secrets -o json` too (a test checks that).
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { issue, Issued } from './pki';

export interface StandinSecret {
  name: string;
  type?: string;
  data: Record<string, string>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface StandinNamespace {
  secrets: StandinSecret[];
  /** cert-manager Certificate objects (metadata.name, spec, status). */
  certificates?: Array<Record<string, unknown>>;
  /** ConfigMaps (name, data, binaryData). */
  configMaps?: StandinConfigMap[];
  /** Services and Deployments (metadata.name, spec), for the webhooks' serving certificates. */
  services?: Array<Record<string, unknown>>;
  deployments?: Array<Record<string, unknown>>;
  /** Other workloads by resource (statefulsets, daemonsets, replicasets: apps/v1; jobs, cronjobs: batch/v1). */
  workloads?: Partial<Record<'statefulsets' | 'daemonsets' | 'replicasets' | 'jobs' | 'cronjobs', Array<Record<string, unknown>>>>;
  /** Users (client certificate CN) that get 403 on everything in this namespace. */
  forbiddenFor?: string[];
  /**
   * A misbehaving API server, for listing this namespace's Secrets: `endless-continue` answers
   * every page with a new continue token, `same-continue` always with the same one, `huge-body`
   * streams a 96 MB body, `escape-status` answers 500 with a Status message full of terminal
   * escape sequences and control characters (ESCAPE_STATUS_MESSAGE).
   */
  mode?: 'endless-continue' | 'same-continue' | 'huge-body' | 'escape-status';
}

export interface StandinConfigMap {
  name: string;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export const ESCAPE_STATUS_MESSAGE = 'etcd \x1b[31mon fire\x1b[0m\x1b]0;pwned\x07\x1b[2J\r\nInjected: kubectl delete ns prod\x9b1m \u202eevil\u202c\x00 end';
export const HUGE_BODY_BYTES = 96 * 1024 * 1024;

export interface StandinOptions {
  namespaces: Record<string, StandinNamespace>;
  certManager?: boolean;
  /** Users that may not list namespaces (403 on /api/v1/namespaces). */
  noNamespaceListFor?: string[];
  /** Milliseconds to delay every response (timeouts). */
  delayMs?: number;
  /** Cluster-scoped objects (metadata.name, and the rest of the object). */
  validatingWebhooks?: Array<Record<string, unknown>>;
  mutatingWebhooks?: Array<Record<string, unknown>>;
  crds?: Array<Record<string, unknown>>;
  apiServices?: Array<Record<string, unknown>>;
  /** Resources (plural, e.g. "apiservices") a user may not list: 403. */
  forbiddenResources?: Record<string, string[]>;
}

export interface Standin {
  url: string;
  port: number;
  ca: Issued;
  /** Makes a client certificate (CN = user) from the server's CA; expired when `expired`. */
  client(user: string, expired?: boolean): Promise<Issued>;
  /** Every request's method and URL, in order. */
  requests: string[];
  options: StandinOptions;
  close(): Promise<void>;
}

const json = (res: ServerResponse, code: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Audit-Id': 'standin' });
  res.end(text);
};

function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

const SECRET_RESOURCE = { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] };
const NAMESPACE_RESOURCE = { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'] };
const CONFIGMAP_RESOURCE = { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['cm'] };
const SERVICE_RESOURCE = { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['svc'] };
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The cluster-scoped lists of the stand-in: group, version, resource, kind. */
const CLUSTER_LISTS = [
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', option: 'validatingWebhooks' },
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', option: 'mutatingWebhooks' },
  { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', option: 'crds' },
  { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices', kind: 'APIService', option: 'apiServices' },
] as const;

/** One page of a list (limit/continue as a real API server pages), or a 400 for a bad continue token. */
function listPage<T>(all: T[], q: URLSearchParams, rv: number): { items: T[]; metadata: Record<string, unknown> } | undefined {
  const limit = Number(q.get('limit') ?? 0);
  let offset = 0;
  const cont = q.get('continue');
  if (cont) {
    try {
      offset = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')).offset;
    } catch {
      return undefined;
    }
  }
  const items = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
  const next = limit > 0 && offset + limit < all.length ? Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, offset: offset + limit })).toString('base64') : undefined;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (next) { metadata.continue = next; metadata.remainingItemCount = all.length - offset - limit; }
  return { items, metadata };
}

const CERT_RESOURCE = { name: 'certificates', singularName: 'certificate', namespaced: true, kind: 'Certificate', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'], shortNames: ['cert', 'certs'], categories: ['cert-manager'] };

function fieldSelectorMatches(sel: string | null, s: StandinSecret): boolean {
  if (!sel) return true;
  for (const term of sel.split(',')) {
    const m = /^(type|metadata\.name)(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) continue;
    const v = m[1] === 'type' ? s.type ?? 'Opaque' : s.name;
    if ((m[2] === '!=') === (v === m[3])) return false;
  }
  return true;
}

export async function startStandin(options: StandinOptions): Promise<Standin> {
  const ca = await issue({ cn: 'standin-kube-ca', ca: true, toDays: 3650 });
  const serverCert = await issue({ cn: 'kube-apiserver', issuer: ca, dns: ['localhost', 'kubernetes.default.svc'], ips: ['127.0.0.1'], usages: ['server'] });
  const requests: string[] = [];
  let rv = 1000;
  const serverRef: { port: number } = { port: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    const sock = req.socket as TLSSocket;
    const peer = sock.getPeerCertificate();
    if (!sock.authorized || !peer?.subject) {
      return status(res, 401, 'Unauthorized', 'Unauthorized');
    }
    const user = String(peer.subject.CN ?? '');
    const u = new URL(req.url ?? '/', 'https://x');
    const p = u.pathname.replace(/\/+$/, '') || '/';
    const q = u.searchParams;
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    const forbidden = (verb: string, resource: string, ns: string, group = '') =>
      status(res, 403, 'Forbidden', `${resource} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`, { kind: resource });

    if (p === '/version') return json(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-standin', platform: 'linux/amd64' });
    if (p === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${serverRef.port}` }] });
    if (p === '/api/v1') return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [NAMESPACE_RESOURCE, SECRET_RESOURCE, CONFIGMAP_RESOURCE, SERVICE_RESOURCE] });
    if (p === '/apis') {
      const groups = ['apiextensions.k8s.io', 'admissionregistration.k8s.io', 'apiregistration.k8s.io', 'apps'].map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } }));
      if (options.certManager) groups.push({ name: 'cert-manager.io', versions: [{ groupVersion: 'cert-manager.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'cert-manager.io/v1', version: 'v1' } });
      return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    for (const g of ['admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io']) {
      if (p === `/apis/${g}/v1`) return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${g}/v1`, resources: CLUSTER_LISTS.filter((l) => l.group === g).map((l) => ({ name: l.resource, singularName: l.kind.toLowerCase(), namespaced: false, kind: l.kind, verbs: VERBS })) });
    }
    if (p === '/apis/apps/v1') return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1', resources: [{ name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: VERBS, shortNames: ['deploy'] }] });
    for (const l of CLUSTER_LISTS) {
      if (p !== `/apis/${l.group}/${l.version}/${l.resource}`) continue;
      if (options.forbiddenResources?.[user]?.includes(l.resource)) return status(res, 403, 'Forbidden', `${l.resource}.${l.group} is forbidden: User "${user}" cannot list resource "${l.resource}" in API group "${l.group}" at the cluster scope`, { group: l.group, kind: l.resource });
      const all = (options[l.option] ?? []).map((o) => ({ apiVersion: `${l.group}/${l.version}`, kind: l.kind, ...o, metadata: { uid: `${l.resource}-${(o.metadata as { name: string }).name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', ...(o.metadata as object) } }));
      const page = listPage(all, q, rv);
      if (!page) return status(res, 400, 'BadRequest', 'continue key is not valid: illegal base64 data');
      return json(res, 200, { kind: `${l.kind}List`, apiVersion: `${l.group}/${l.version}`, ...page });
    }
    if (p === '/apis/cert-manager.io/v1' && options.certManager) return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'cert-manager.io/v1', resources: [CERT_RESOURCE] });
    if (p === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io') {
      if (!options.certManager) return status(res, 404, 'NotFound', 'customresourcedefinitions.apiextensions.k8s.io "certificates.cert-manager.io" not found', { name: 'certificates.cert-manager.io', group: 'apiextensions.k8s.io', kind: 'customresourcedefinitions' });
      return json(res, 200, {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
        metadata: { name: 'certificates.cert-manager.io' },
        spec: { group: 'cert-manager.io', names: { kind: 'Certificate', listKind: 'CertificateList', plural: 'certificates', singular: 'certificate', shortNames: ['cert', 'certs'] }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] },
      });
    }
    if (p === '/api/v1/namespaces') {
      if (options.noNamespaceListFor?.includes(user)) return status(res, 403, 'Forbidden', `namespaces is forbidden: User "${user}" cannot list resource "namespaces" in API group "" at the cluster scope`, { kind: 'namespaces' });
      const items = Object.keys(options.namespaces).sort().map((name) => ({ metadata: { name, uid: `ns-${name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
      return json(res, 200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items });
    }
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/.exec(p) ?? (p === '/api/v1/secrets' ? ['', '', undefined] : null);
    if (m) {
      const allNs = p === '/api/v1/secrets';
      const [ns, name] = [decodeURIComponent(m[1]), m[2] && decodeURIComponent(m[2])];
      const space = options.namespaces[ns];
      if (allNs && Object.values(options.namespaces).some((n) => n.forbiddenFor?.includes(user))) {
        return status(res, 403, 'Forbidden', `secrets is forbidden: User "${user}" cannot list resource "secrets" in API group "" at the cluster scope`, { kind: 'secrets' });
      }
      if (space?.forbiddenFor?.includes(user)) return forbidden(name ? 'get' : 'list', 'secrets', ns);
      if (!name && space?.mode === 'escape-status') return status(res, 500, 'InternalError', ESCAPE_STATUS_MESSAGE);
      if (!name && (space?.mode === 'endless-continue' || space?.mode === 'same-continue')) {
        const next = space.mode === 'same-continue' ? 'c2FtZQ==' : Buffer.from(`page-${requests.length}`).toString('base64');
        return json(res, 200, { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: String(rv), continue: next }, items: [] });
      }
      if (!name && space?.mode === 'huge-body') {
        // Streamed (no Content-Length), as a server that buffers nothing would, until the client hangs up.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        res.write('{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[],"padding":"');
        const pump = () => {
          while (sent < HUGE_BODY_BYTES && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
        };
        res.on('close', () => { sent = HUGE_BODY_BYTES; });
        return pump();
      }
      const toItem = (s: StandinSecret & { ns?: string }) => ({
        metadata: { name: s.name, namespace: s.ns ?? ns, uid: `${ns}-${s.name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', ...(s.labels ? { labels: s.labels } : {}), ...(s.annotations ? { annotations: s.annotations } : {}) },
        data: s.data, type: s.type ?? 'Opaque',
      });
      if (name) {
        const s = space?.secrets.find((x) => x.name === name);
        if (!s) return status(res, 404, 'NotFound', `secrets "${name}" not found`, { name, kind: 'secrets' });
        return json(res, 200, { kind: 'Secret', apiVersion: 'v1', ...toItem(s) });
      }
      const source = allNs ? Object.entries(options.namespaces).sort(([a], [b]) => a.localeCompare(b)).flatMap(([n, v]) => v.secrets.map((x) => ({ ...x, ns: n }))) : space?.secrets ?? [];
      const all = source.filter((s) => fieldSelectorMatches(q.get('fieldSelector'), s));
      const page = listPage(all, q, rv);
      if (!page) return status(res, 400, 'BadRequest', 'continue key is not valid: illegal base64 data');
      return json(res, 200, { kind: 'SecretList', apiVersion: 'v1', metadata: page.metadata, items: page.items.map(toItem) });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps$/.exec(p) ?? (p === '/api/v1/configmaps' ? ['', '', undefined] : null);
    if (m) {
      const allNs = p === '/api/v1/configmaps';
      const ns = decodeURIComponent(m[1]);
      if (allNs ? Object.values(options.namespaces).some((n) => n.forbiddenFor?.includes(user)) || options.forbiddenResources?.[user]?.includes('configmaps') : options.namespaces[ns]?.forbiddenFor?.includes(user)) {
        return allNs ? status(res, 403, 'Forbidden', `configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" at the cluster scope`, { kind: 'configmaps' }) : forbidden('list', 'configmaps', ns);
      }
      const entries = allNs ? Object.entries(options.namespaces).sort(([a], [b]) => a.localeCompare(b)) : [[ns, options.namespaces[ns]] as const];
      const all = entries.flatMap(([n, v]) => (v?.configMaps ?? []).map((c) => ({ metadata: { name: c.name, namespace: n, uid: `${n}-cm-${c.name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' }, ...(c.data ? { data: c.data } : {}), ...(c.binaryData ? { binaryData: c.binaryData } : {}) })));
      const page = listPage(all, q, rv);
      if (!page) return status(res, 400, 'BadRequest', 'continue key is not valid: illegal base64 data');
      return json(res, 200, { kind: 'ConfigMapList', apiVersion: 'v1', ...page });
    }
    const wl = /^\/apis\/(apps|batch)\/v1\/namespaces\/([^/]+)\/(statefulsets|daemonsets|replicasets|jobs|cronjobs)$/.exec(p);
    if (wl && (wl[1] === 'batch') === (wl[3] === 'jobs' || wl[3] === 'cronjobs')) {
      const ns = decodeURIComponent(wl[2]);
      const resource = wl[3] as keyof NonNullable<StandinNamespace['workloads']>;
      const space = options.namespaces[ns];
      if (space?.forbiddenFor?.includes(user)) return forbidden('list', resource, ns, wl[1]);
      const kind = { statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', replicasets: 'ReplicaSet', jobs: 'Job', cronjobs: 'CronJob' }[resource];
      const objs = (space?.workloads?.[resource] ?? []).map((o) => ({ apiVersion: `${wl[1]}/v1`, kind, ...o, metadata: { namespace: ns, resourceVersion: '1', ...(o.metadata as object) } }));
      return json(res, 200, { kind: `${kind}List`, apiVersion: `${wl[1]}/v1`, ...listPage(objs, q, rv) });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/services(?:\/([^/]+))?$/.exec(p) ?? /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments)$/.exec(p);
    if (m) {
      const ns = decodeURIComponent(m[1]);
      const space = options.namespaces[ns];
      const isDeploy = p.startsWith('/apis/apps/');
      if (space?.forbiddenFor?.includes(user)) return forbidden(m[2] && !isDeploy ? 'get' : 'list', isDeploy ? 'deployments' : 'services', ns, isDeploy ? 'apps' : '');
      const objs = ((isDeploy ? space?.deployments : space?.services) ?? []).map((o) => ({ apiVersion: isDeploy ? 'apps/v1' : 'v1', kind: isDeploy ? 'Deployment' : 'Service', ...o, metadata: { namespace: ns, resourceVersion: '1', ...(o.metadata as object) } }));
      if (m[2] && !isDeploy) {
        const want = decodeURIComponent(m[2]);
        const one = objs.find((o) => (o.metadata as { name?: string }).name === want);
        return one ? json(res, 200, one) : status(res, 404, 'NotFound', `services "${want}" not found`, { name: want, kind: 'services' });
      }
      return json(res, 200, { kind: isDeploy ? 'DeploymentList' : 'ServiceList', apiVersion: isDeploy ? 'apps/v1' : 'v1', ...listPage(objs, q, rv) });
    }
    m = /^\/apis\/cert-manager\.io\/v1\/namespaces\/([^/]+)\/certificates(?:\/([^/]+))?$/.exec(p);
    if (m && options.certManager) {
      const ns = decodeURIComponent(m[1]);
      const space = options.namespaces[ns];
      if (space?.forbiddenFor?.includes(user)) return forbidden('list', 'certificates', ns, 'cert-manager.io');
      const items = (space?.certificates ?? []).map((c) => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', ...c, metadata: { namespace: ns, resourceVersion: '1', ...(c.metadata as object) } }));
      if (m[2]) {
        const c = items.find((x) => (x.metadata as unknown as { name: string }).name === decodeURIComponent(m![2]));
        return c ? json(res, 200, c) : status(res, 404, 'NotFound', `certificates.cert-manager.io "${m[2]}" not found`);
      }
      return json(res, 200, { apiVersion: 'cert-manager.io/v1', kind: 'CertificateList', metadata: { resourceVersion: String(rv) }, items });
    }
    rv++;
    return status(res, 404, 'NotFound', 'the server could not find the requested resource');
  };

  const server: Server = createServer(
    { key: serverCert.keyPem, cert: serverCert.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      if (options.delayMs) setTimeout(() => handle(req, res), options.delayMs);
      else handle(req, res);
    },
  );
  const sockets = new Set<Socket>();
  server.on('secureConnection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverRef.port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${serverRef.port}`,
    port: serverRef.port,
    ca,
    requests,
    options,
    client: (user, expired) => issue({ cn: user, issuer: ca, usages: ['client'], ...(expired ? { fromDays: -60, toDays: -1 } : {}) }),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

export interface KubeconfigContext {
  name: string;
  server: string;
  caPem?: string;
  client?: Issued;
  namespace?: string;
  /** An exec credential plugin for the user (instead of a client certificate). */
  exec?: { command: string; args?: string[]; env?: Record<string, string> };
}

/** A real kubeconfig file's text (certificate data inline, base64). */
export function kubeconfigYaml(contexts: KubeconfigContext[], current: string): string {
  const b = (s: string) => Buffer.from(s).toString('base64');
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', `current-context: ${current}`, 'clusters:'];
  for (const c of contexts) {
    lines.push(`- name: ${c.name}-cluster`, '  cluster:', `    server: ${c.server}`);
    if (c.caPem) lines.push(`    certificate-authority-data: ${b(c.caPem)}`);
  }
  lines.push('users:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}-user`, '  user:');
    if (c.exec) {
      lines.push('    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${JSON.stringify(c.exec.command)}`, '      interactiveMode: Never');
      lines.push(`      args: ${JSON.stringify(c.exec.args ?? [])}`);
      lines.push(`      env: ${JSON.stringify(Object.entries(c.exec.env ?? {}).map(([name, value]) => ({ name, value })))}`);
    } else if (c.client) lines.push(`    client-certificate-data: ${b(c.client.certPem)}`, `    client-key-data: ${b(c.client.keyPem)}`);
    else lines.push('    token: none');
  }
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}-cluster`, `    user: ${c.name}-user`);
    if (c.namespace) lines.push(`    namespace: ${c.namespace}`);
  }
  return lines.join('\n') + '\n';
}
