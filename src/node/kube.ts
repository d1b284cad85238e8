// Kubernetes access for the Cluster view and `certwright secrets`. @kubernetes/client-node
// loads the kubeconfig (several KUBECONFIG files, ~/.kube/config, in-cluster config) and
// supplies each context's TLS and credentials (client certificates, tokens, exec and OIDC auth
// plugins); requests go through node:https with a per-request timeout (credential plugins
// included), cancellation by AbortSignal, paging (limit/continue) with a bounded number of
// pages, and a bounded response size. Exec credential plugins run through exec-credential.ts,
// never through the library (which would write their env into this process's environment).
// Every failure becomes a KubeError with a reason a person can act on, with the server's text
// made printable. Secret data stays in memory: nothing here logs or writes a response.
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { decodeBase64 } from '../core/bytes';
import { printable } from '../core/printable';
import type { CmCertificate } from '../core/cluster/certmanager';
import { holdsTls, KubeSecret, TLS_SECRET_TYPE } from '../core/cluster/secrets';
import type { KubeApiService, KubeConfigMap, KubeCrd, KubeService, KubeWebhookConfiguration, KubeWorkload } from '../core/cluster/sources';
import { scanText } from '../core/scan';
import { isoUtc } from '../core/time';
import { ExecCredential, ExecPlugin, ExecPluginError, runExecPlugin } from './exec-credential';
import { nodeHasher } from './platform';

export type KubeErrorKind = 'config' | 'credentials' | 'unauthorized' | 'forbidden' | 'not-found' | 'unreachable' | 'tls' | 'timeout' | 'cancelled' | 'server';

export class KubeError extends Error {
  constructor(readonly kind: KubeErrorKind, message: string, readonly status?: number) {
    // Messages quote the API server, kubeconfig files and plugins: printable on a terminal.
    super(printable(message));
    this.name = 'KubeError';
  }
}

export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
  current: boolean;
}

export interface LoadOptions {
  /** Kubeconfig files, in precedence order; default: $KUBECONFIG's files, else ~/.kube/config. */
  files?: string[];
  env?: Record<string, string | undefined>;
  home?: string;
  /** What to do when no kubeconfig exists, for the caller's audience (the CLI names its flag). */
  missingHint?: string;
}

/** No kubeconfig file exists (and not in a cluster): a state to explain, not a failure of one. */
export class NoKubeconfigError extends KubeError {
  constructor(message: string) {
    super('config', message);
    this.name = 'NoKubeconfigError';
  }
}

/** The kubeconfig files kubectl would read, in order; missing files are left out. */
export function kubeconfigFiles(opts: LoadOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const listed = opts.files?.length ? opts.files : env.KUBECONFIG ? env.KUBECONFIG.split(delimiter) : [join(opts.home ?? homedir(), '.kube', 'config')];
  return [...new Set(listed.filter((f) => f && existsSync(f)))];
}

export interface ClientOptions {
  /** Per-request time limit (credentials, including an exec plugin, then connect to last byte), milliseconds. */
  timeoutMs: number;
  /** The most bytes read of one response (default MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** The most pages of one list (default MAX_PAGES). */
  maxPages?: number;
}

/** 64 MB: a page of 500 TLS Secrets is a few MB. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** 10,000 pages: 5 million objects at the default page size. */
export const MAX_PAGES = 10_000;

/** The user of a context with its credential plugin taken out, for the library to apply the rest
 * (certificates, tokens, OIDC); legacy gcp/azure auth-providers lose their `cmd-path`, which the
 * library would run synchronously with no time limit. */
function withoutPlugins(user: User): { user: User; exec?: ExecPlugin } {
  const provider = user.authProvider as { name?: string; config?: Record<string, unknown> } | undefined;
  const providerExec = provider?.config?.exec as ExecPlugin | undefined;
  const exec = (user.exec as ExecPlugin | undefined) ?? (providerExec && typeof providerExec === 'object' ? providerExec : undefined);
  let authProvider = user.authProvider;
  if (providerExec) authProvider = undefined;
  else if (provider?.config && 'cmd-path' in provider.config) {
    const config = { ...provider.config };
    delete config['cmd-path'];
    authProvider = { ...user.authProvider, config } as User['authProvider'];
  }
  return { user: { ...user, exec: undefined, authProvider }, exec };
}

export interface SecretPage {
  items: KubeSecret[];
  continue?: string;
}

export class Kube {
  private constructor(private readonly kc: KubeConfig, readonly files: string[], readonly inCluster: boolean) {}

  /** Loads the kubeconfig the way kubectl does: first file wins for duplicate names and current-context. */
  static load(opts: LoadOptions = {}): Kube {
    const env = opts.env ?? process.env;
    const files = kubeconfigFiles(opts);
    const kc = new KubeConfig();
    if (!files.length) {
      if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
        kc.loadFromCluster();
        return new Kube(kc, [], true);
      }
      const where = opts.files?.length ? opts.files.join(', ') : env.KUBECONFIG ? `KUBECONFIG (${env.KUBECONFIG})` : '~/.kube/config';
      throw new NoKubeconfigError(`No kubeconfig found: ${where} does not exist. ${opts.missingHint ?? 'Set KUBECONFIG, create ~/.kube/config, or set certwright.cluster.kubeconfig.'}`);
    }
    const clusters: Cluster[] = [];
    const users: User[] = [];
    const contexts: Context[] = [];
    let current = '';
    for (const f of files) {
      const one = new KubeConfig();
      try {
        one.loadFromFile(f);
      } catch (e) {
        throw new KubeError('config', `Cannot read kubeconfig ${f}: ${(e as Error).message}`);
      }
      const add = <T extends { name: string }>(into: T[], from: T[]) => { for (const x of from ?? []) if (!into.some((y) => y.name === x.name)) into.push(x); };
      add(clusters, one.clusters);
      add(users, one.users);
      add(contexts, one.contexts);
      current ||= one.currentContext ?? '';
    }
    kc.loadFromOptions({ clusters, users, contexts, currentContext: current });
    return new Kube(kc, files, false);
  }

  currentContext(): string {
    return this.kc.currentContext;
  }

  /** Contexts, the current one first, then in kubeconfig order. */
  contexts(): ContextInfo[] {
    const cur = this.kc.currentContext;
    const list = this.kc.contexts.map((c): ContextInfo => ({
      name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace,
      server: this.kc.getCluster(c.cluster)?.server ?? '', current: c.name === cur,
    }));
    return [...list.filter((c) => c.current), ...list.filter((c) => !c.current)];
  }

  client(context: string, opts: ClientOptions): KubeClient {
    const ctx = this.kc.getContextObject(context);
    if (!ctx) throw new KubeError('config', `No context named "${context}" in the kubeconfig`);
    let exec: ExecPlugin | undefined;
    const users = this.kc.users.map((u) => {
      if (u.name !== ctx.user) return u;
      const split = withoutPlugins(u);
      exec = split.exec;
      return split.user;
    });
    const one = new KubeConfig();
    one.loadFromOptions({ clusters: this.kc.clusters, users, contexts: this.kc.contexts, currentContext: context });
    return new KubeClient(one, context, opts, exec);
  }
}

interface StatusBody { kind?: string; message?: string; reason?: string; code?: number }

const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

/** The workloads whose pods may serve a webhook (the Service's selector selects their pod template). */
const WORKLOAD_KINDS = [
  { kind: 'Deployment', group: 'apps/v1', resource: 'deployments' },
  { kind: 'StatefulSet', group: 'apps/v1', resource: 'statefulsets' },
  { kind: 'DaemonSet', group: 'apps/v1', resource: 'daemonsets' },
  { kind: 'ReplicaSet', group: 'apps/v1', resource: 'replicasets' },
  { kind: 'Job', group: 'batch/v1', resource: 'jobs' },
  { kind: 'CronJob', group: 'batch/v1', resource: 'cronjobs' },
] as const;

/** One context's API server. */
export class KubeClient {
  private certManager?: Promise<boolean>;
  private credentialProblem?: string | null;
  /** The exec plugin's credential, until its expirationTimestamp (or a 401). */
  private execCredential?: { status: ExecCredential; until: number };
  /** One keep-alive TLS agent for as long as the TLS material stays the same (see keepAlive). */
  private agent?: { key: string; agent: HttpsAgent };

  constructor(private readonly kc: KubeConfig, readonly context: string, private readonly opts: ClientOptions, private readonly exec?: ExecPlugin) {}

  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  get defaultNamespace(): string {
    return this.kc.getContextObject(this.context)?.namespace ?? 'default';
  }

  /** A client certificate in the kubeconfig that has expired (or is not yet valid) is reported before any request. */
  private checkClientCertificate(): void {
    if (this.credentialProblem === undefined) {
      this.credentialProblem = null;
      const user = this.kc.getCurrentUser();
      let pem: string | undefined;
      try {
        if (user?.certData) pem = new TextDecoder().decode(decodeBase64(user.certData));
        else if (user?.certFile) pem = readFileSync(user.certFile, 'utf8');
      } catch (e) {
        this.credentialProblem = `cannot read the client certificate of user "${user?.name}": ${(e as Error).message}`;
      }
      if (pem) {
        const found = scanText(pem, { hasher: nodeHasher, maxObjects: 4 }).objects.find((f) => f.result.ok && f.result.object.type === 'certificate');
        const cert = found?.result.ok && found.result.object.type === 'certificate' ? found.result.object : undefined;
        const now = Date.now();
        if (cert && cert.notAfter.getTime() < now) this.credentialProblem = `the client certificate of user "${user?.name}" expired on ${isoUtc(cert.notAfter)}: renew your credentials (e.g. get a new kubeconfig from your cluster admin or cloud CLI)`;
        else if (cert && cert.notBefore.getTime() > now) this.credentialProblem = `the client certificate of user "${user?.name}" is not valid until ${isoUtc(cert.notBefore)}`;
      }
    }
    if (this.credentialProblem) throw new KubeError('credentials', `Expired or invalid credentials: ${this.credentialProblem}`);
  }

  /** GET a path of the API and parse the JSON body, within the time limit (credentials included). */
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new KubeError('cancelled', 'Cancelled');
    const server = this.server;
    if (!server) throw new KubeError('config', `Context "${this.context}" names a cluster without a server address`);
    this.checkClientCertificate();
    const timeoutMs = this.opts.timeoutMs;
    const limit = `${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s`;
    let phase: 'credentials' | 'request' = 'credentials';
    const stop = new AbortController();
    const abort = (why: 'timeout' | 'cancelled') => {
      if (stop.signal.aborted) return;
      const user = this.kc.getCurrentUser()?.name ?? '';
      stop.abort(why === 'cancelled' ? new KubeError('cancelled', 'Cancelled')
        : phase === 'credentials' ? new KubeError('timeout', `No credentials for context "${this.context}" within ${limit} (certwright.cluster.timeoutSeconds, --timeout): the credential plugin of user "${user}" did not finish; if it waits for an interactive login, log in from a terminal first (e.g. kubectl get ns)`)
          : new KubeError('timeout', `No answer from ${server} within ${limit} (certwright.cluster.timeoutSeconds, --timeout): the API server is unreachable or overloaded`));
    };
    const timer = setTimeout(() => abort('timeout'), timeoutMs);
    const onAbort = () => abort('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const stopped = new Promise<never>((_, reject) => stop.signal.addEventListener('abort', () => reject(stop.signal.reason), { once: true }));
    stopped.catch(() => undefined);
    try {
      const opts = await Promise.race([this.requestOptions(stop.signal), stopped]);
      phase = 'request';
      return await Promise.race([this.send<T>(new URL(server.replace(/\/+$/, '') + path), opts, path, stop.signal), stopped]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** TLS and credentials for one request: the exec plugin's (run here, cached until it expires), then the library's (CA, certificates, tokens). */
  private async requestOptions(signal: AbortSignal): Promise<RequestOptions> {
    const opts: RequestOptions = { method: 'GET', headers: { Accept: 'application/json', 'User-Agent': 'certwright' } };
    // The plugin's credential first: the library copies cert and key into the agent it makes.
    if (this.exec) {
      if (!this.execCredential || this.execCredential.until <= Date.now()) {
        try {
          const status = await runExecPlugin(this.exec, signal);
          const expires = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : NaN;
          this.execCredential = { status, until: Number.isNaN(expires) ? Infinity : expires - 10_000 };
        } catch (e) {
          if (e instanceof KubeError) throw e;
          throw new KubeError('credentials', `Cannot get credentials for context "${this.context}": ${e instanceof ExecPluginError ? e.message : (e as Error).message}`);
        }
      }
      const { status } = this.execCredential;
      if (status.clientCertificateData) opts.cert = status.clientCertificateData;
      if (status.clientKeyData) opts.key = status.clientKeyData;
      if (status.token) opts.headers = { ...opts.headers, Authorization: `Bearer ${status.token}` };
    }
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (e) {
      throw new KubeError('credentials', `Cannot get credentials for context "${this.context}": ${(e as Error).message}`);
    }
    this.keepAlive(opts);
    return opts;
  }

  /**
   * The library makes a new agent for every request: a new TLS context (CA, certificate and key
   * parsed again) and a new handshake for each page of each list. A direct HTTPS connection
   * (not through a proxy) instead reuses one keep-alive agent while the TLS material is the
   * same (an exec plugin's new certificate makes a new one). Idle sockets do not keep the
   * process alive; dispose() closes them.
   */
  private keepAlive(opts: RequestOptions): void {
    if (!(opts.agent instanceof HttpsAgent) || opts.agent.constructor !== HttpsAgent) return;
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    const key = JSON.stringify(Object.values(tls).map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
    if (this.agent?.key !== key) {
      this.agent?.agent.destroy();
      this.agent = { key, agent: new HttpsAgent({ ...tls, keepAlive: true, maxSockets: 8 }) };
    }
    opts.agent = this.agent.agent;
  }

  /** Closes the idle connections of this client. */
  dispose(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }

  /** One HTTP request; the body is read up to maxResponseBytes. */
  private send<T>(url: URL, opts: RequestOptions, path: string, signal: AbortSignal): Promise<T> {
    const max = this.opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const tooLarge = () => new KubeError('server', `The API server's answer to ${path} is larger than ${(max / 1048576).toFixed(max % 1048576 ? 1 : 0)} MB: stopped reading (lower certwright.cluster.pageSize or --page-size; if it persists the server is misbehaving)`);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value as T);
      };
      const req = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, opts, (res) => {
        const declared = Number(res.headers['content-length']);
        if (declared > max) return finish(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) {
            chunks.length = 0;
            return finish(tooLarge());
          }
          chunks.push(c);
        });
        res.on('error', (e) => finish(this.netError(e)));
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8');
          chunks.length = 0;
          const code = res.statusCode ?? 0;
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          if (code === 401) this.execCredential = undefined;
          if (code >= 200 && code < 300 && body !== undefined) return finish(undefined, body as T);
          finish(this.statusError(code, body as StatusBody | undefined, path));
        });
      });
      const onAbort = () => finish(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(this.netError(e)));
      req.end();
    });
  }

  private netError(e: Error & { code?: string }): KubeError {
    const code = e.code ?? '';
    if (NET_CODES.has(code)) return new KubeError('unreachable', `Cannot reach the API server ${this.server} (${code}${code === 'ECONNREFUSED' ? ': connection refused' : code === 'ENOTFOUND' ? ': host not found' : ''})`);
    if (/CERT|SELF_SIGNED|UNABLE_TO_|ALTNAME|TLS|SSL/.test(code)) return new KubeError('tls', `TLS failure talking to ${this.server}: ${e.message} (${code}); check certificate-authority-data in the kubeconfig`);
    return new KubeError('unreachable', `Cannot reach the API server ${this.server}: ${e.message}`);
  }

  private statusError(code: number, body: StatusBody | undefined, path: string): KubeError {
    const msg = body?.kind === 'Status' && typeof body.message === 'string' && body.message ? body.message.slice(0, 1000) : `HTTP ${code} for ${path}`;
    if (code === 401) return new KubeError('unauthorized', `Unauthorized (401): the API server rejected the credentials of context "${this.context}": they are missing, expired or revoked. Log in again or renew the client certificate.`, code);
    if (code === 403) return new KubeError('forbidden', `Forbidden (403): ${msg}`, code);
    if (code === 404) return new KubeError('not-found', `Not found (404): ${msg}`, code);
    return new KubeError('server', `The API server answered ${code}${typeof body?.reason === 'string' ? ` ${body.reason.slice(0, 100)}` : ''}: ${msg}`, code);
  }

  /** Namespace names. Without permission to list them, the context's own namespace, with a note. */
  async namespaces(signal?: AbortSignal): Promise<{ names: string[]; note?: string }> {
    try {
      const list = await this.get<{ items: Array<{ metadata: { name: string } }> }>('/api/v1/namespaces', signal);
      return { names: list.items.map((n) => n.metadata.name).sort() };
    } catch (e) {
      if (e instanceof KubeError && e.kind === 'forbidden') return { names: [this.defaultNamespace], note: `cannot list namespaces (403): showing the context's namespace "${this.defaultNamespace}"` };
      throw e;
    }
  }

  /** One page of Secrets in a namespace (all namespaces when `namespace` is undefined). */
  async secretsPage(namespace: string | undefined, q: { limit?: number; continue?: string; fieldSelector?: string }, signal?: AbortSignal): Promise<SecretPage> {
    const params = new URLSearchParams();
    if (q.limit) params.set('limit', String(q.limit));
    if (q.continue) params.set('continue', q.continue);
    if (q.fieldSelector) params.set('fieldSelector', q.fieldSelector);
    const base = namespace === undefined ? '/api/v1/secrets' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
    const list = await this.get<{ items?: KubeSecret[]; metadata?: { continue?: string } }>(`${base}${params.size ? `?${params}` : ''}`, signal);
    return { items: list.items ?? [], continue: list.metadata?.continue || undefined };
  }

  /**
   * The Secrets holding TLS material, page by page: first those of type kubernetes.io/tls,
   * then the other types, keeping those `keep` accepts (default: with tls.crt or ca.crt).
   */
  async *tlsSecretPages(namespace: string | undefined, pageSize: number, signal?: AbortSignal, keep: (s: KubeSecret) => boolean = holdsTls): AsyncGenerator<KubeSecret[]> {
    for (const fieldSelector of [`type=${TLS_SECRET_TYPE}`, `type!=${TLS_SECRET_TYPE}`]) {
      const what = `the Secrets of ${namespace === undefined ? 'all namespaces' : `namespace "${namespace}"`}`;
      for await (const page of this.pages(what, (cont) => this.secretsPage(namespace, { limit: pageSize, continue: cont, fieldSelector }, signal))) {
        const items = page.items.filter(keep);
        if (items.length) yield items;
      }
    }
  }

  /**
   * Any list of the API, page by page (limit/continue, with the same bounds as Secrets), each
   * page reduced by `keep` at once so that only what is kept stays in memory.
   */
  async *listPages<T>(path: string, what: string, pageSize: number, signal?: AbortSignal, keep: (x: T) => boolean = () => true): AsyncGenerator<T[]> {
    const fetch = async (cont?: string) => {
      const params = new URLSearchParams();
      params.set('limit', String(pageSize));
      if (cont) params.set('continue', cont);
      const list = await this.get<{ items?: T[]; metadata?: { continue?: string } }>(`${path}?${params}`, signal);
      return { items: (list.items ?? []).filter((x) => x && typeof x === 'object' && keep(x)), continue: list.metadata?.continue || undefined };
    };
    for await (const page of this.pages(what, fetch)) if (page.items.length) yield page.items;
  }

  /** ConfigMaps of a namespace (all namespaces when undefined), page by page, those `keep` accepts. */
  configMapPages(namespace: string | undefined, pageSize: number, signal?: AbortSignal, keep?: (c: KubeConfigMap) => boolean): AsyncGenerator<KubeConfigMap[]> {
    const path = namespace === undefined ? '/api/v1/configmaps' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`;
    return this.listPages(path, `the ConfigMaps of ${namespace === undefined ? 'all namespaces' : `namespace "${namespace}"`}`, pageSize, signal, keep);
  }

  /** Validating or mutating webhook configurations (admissionregistration.k8s.io/v1), page by page. */
  webhookConfigurationPages(which: 'validating' | 'mutating', pageSize: number, signal?: AbortSignal): AsyncGenerator<KubeWebhookConfiguration[]> {
    return this.listPages(`/apis/admissionregistration.k8s.io/v1/${which}webhookconfigurations`, `the ${which} webhook configurations`, pageSize, signal);
  }

  /**
   * CustomResourceDefinitions (apiextensions.k8s.io/v1) kept by `keep` (those with a conversion
   * webhook). A CRD carries its whole schema (often hundreds of KB): pages of at most 50.
   */
  crdPages(pageSize: number, signal?: AbortSignal, keep?: (c: KubeCrd) => boolean): AsyncGenerator<KubeCrd[]> {
    return this.listPages('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'the CustomResourceDefinitions', Math.min(pageSize, 50), signal, keep);
  }

  /** APIServices (apiregistration.k8s.io/v1), page by page. */
  apiServicePages(pageSize: number, signal?: AbortSignal): AsyncGenerator<KubeApiService[]> {
    return this.listPages('/apis/apiregistration.k8s.io/v1/apiservices', 'the APIServices', pageSize, signal);
  }

  async service(namespace: string, name: string, signal?: AbortSignal): Promise<KubeService> {
    return this.get<KubeService>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`, signal);
  }

  /** Every Deployment (apps/v1) of a namespace. */
  async deployments(namespace: string, signal?: AbortSignal): Promise<KubeWorkload[]> {
    return this.workloadsOf(WORKLOAD_KINDS[0], namespace, signal);
  }

  private async workloadsOf(k: (typeof WORKLOAD_KINDS)[number], namespace: string, signal?: AbortSignal): Promise<KubeWorkload[]> {
    const out: KubeWorkload[] = [];
    for await (const page of this.listPages<KubeWorkload & { spec?: { jobTemplate?: { spec?: KubeWorkload['spec'] } } }>(`/apis/${k.group}/namespaces/${encodeURIComponent(namespace)}/${k.resource}`, `the ${k.kind}s of namespace "${namespace}"`, 500, signal)) {
      // A CronJob's pod template is one level down (spec.jobTemplate.spec.template).
      for (const w of page) out.push({ ...w, kind: k.kind, spec: k.kind === 'CronJob' ? w.spec?.jobTemplate?.spec : w.spec });
    }
    return out;
  }

  /**
   * Every workload with a pod template in a namespace: Deployments, StatefulSets, DaemonSets,
   * ReplicaSets, Jobs and CronJobs. A kind that cannot be listed (403, or batch/v1 not served)
   * is left out; when none can, the Deployments' error is thrown.
   */
  async workloads(namespace: string, signal?: AbortSignal): Promise<KubeWorkload[]> {
    const lists = await Promise.allSettled(WORKLOAD_KINDS.map((k) => this.workloadsOf(k, namespace, signal)));
    const cancelled = lists.find((r) => r.status === 'rejected' && r.reason instanceof KubeError && r.reason.kind === 'cancelled');
    if (cancelled) throw (cancelled as PromiseRejectedResult).reason;
    if (lists.every((r) => r.status === 'rejected')) throw (lists[0] as PromiseRejectedResult).reason;
    return lists.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }

  /** The context's user's client certificate as the kubeconfig gives it (inline data, or a file), if any. */
  clientCertificate(): { user: string; data?: string; file?: string } | undefined {
    const user = this.kc.getCurrentUser();
    if (!user) return undefined;
    if (user.certData) return { user: user.name, data: user.certData };
    if (user.certFile) return { user: user.name, file: user.certFile };
    return undefined;
  }

  /** The pages of one list, following `continue` tokens: at most maxPages, and never the same token twice. */
  private async *pages<P extends { continue?: string }>(what: string, fetch: (cont?: string) => Promise<P>): AsyncGenerator<P> {
    const max = this.opts.maxPages ?? MAX_PAGES;
    const seen = new Set<string>();
    let cont: string | undefined;
    for (let n = 1; ; n++) {
      const page = await fetch(cont);
      yield page;
      cont = page.continue;
      if (!cont) return;
      if (seen.has(cont)) throw new KubeError('server', `The API server sent the same continue token twice while listing ${what}: stopped paging (the server is misbehaving)`);
      if (n >= max) throw new KubeError('server', `The API server still had more after ${max} pages of ${what}: stopped paging (raise certwright.cluster.pageSize or --page-size if the list is really that long)`);
      seen.add(cont);
    }
  }

  async secret(namespace: string, name: string, signal?: AbortSignal): Promise<KubeSecret> {
    return this.get<KubeSecret>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`, signal);
  }

  /** True when the cluster serves cert-manager.io/v1 (the Certificate CRD is installed). */
  hasCertManager(signal?: AbortSignal): Promise<boolean> {
    this.certManager ??= this.get<{ groups?: Array<{ name: string; versions: Array<{ version: string }> }> }>('/apis', signal)
      .then((g) => !!g.groups?.some((x) => x.name === 'cert-manager.io' && x.versions.some((v) => v.version === 'v1')))
      .catch((e) => {
        this.certManager = undefined;
        throw e;
      });
    return this.certManager;
  }

  /** cert-manager Certificates of a namespace (empty when cert-manager is not installed). */
  async certificates(namespace: string, signal?: AbortSignal): Promise<CmCertificate[]> {
    if (!(await this.hasCertManager(signal))) return [];
    const out: CmCertificate[] = [];
    const fetch = async (cont?: string) => {
      const list = await this.get<{ items?: CmCertificate[]; metadata?: { continue?: string } }>(`/apis/cert-manager.io/v1/namespaces/${encodeURIComponent(namespace)}/certificates?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`, signal);
      return { items: list.items ?? [], continue: list.metadata?.continue || undefined };
    };
    for await (const page of this.pages(`the Certificates of namespace "${namespace}"`, fetch)) out.push(...page.items);
    return out;
  }

  async certificate(namespace: string, name: string, signal?: AbortSignal): Promise<CmCertificate> {
    return this.get<CmCertificate>(`/apis/cert-manager.io/v1/namespaces/${encodeURIComponent(namespace)}/certificates/${encodeURIComponent(name)}`, signal);
  }
}
