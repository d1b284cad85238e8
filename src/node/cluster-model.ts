// What the Cluster view shows, without `vscode`: contexts, namespaces, and per namespace the
// Secrets with TLS material (first page at once, the rest loaded in the background) and the
// cert-manager Certificates. Lazy (nothing is fetched until asked), cancellable (refresh aborts
// everything in flight), and memory-only: a listed Secret is reduced to its decoded leaf
// certificate at once; the raw data of a page is dropped after decoding.
import type { CmCertificate } from '../core/cluster/certmanager';
import { notAfterOf } from '../core/cluster/certmanager';
import { byExpiry, decodeSecret, DecodedSecret, holdsCertificates, SecretSummary, summarizeSecret } from '../core/cluster/secrets';
import { BundleCheck, bySourceExpiry, CertSource } from '../core/cluster/sources';
import type { Hasher } from '../core/hash';
import { apiServiceSourceList, asKubeError, BundleChecker, configMapSourcePages, kubeconfigSourceOf, SourceList, webhookSourceList } from './cluster-sources';
import { ContextInfo, Kube, KubeClient, KubeError } from './kube';

/** The longest stretch background decoding runs before giving way to other work. */
const SLICE_MS = 10;

export interface ClusterModelOptions {
  files?: string[];
  env?: Record<string, string | undefined>;
  timeoutMs: number;
  pageSize: number;
  hasher: Hasher;
  /** Called (at most every `debounceMs`) when background loading adds or finishes something. */
  onChange?: () => void;
  debounceMs?: number;
}

export interface NamespaceState {
  secrets: SecretSummary[];
  certificates: CmCertificate[];
  /** ConfigMaps holding certificates, one source per key, soonest expiry first. */
  configMaps: CertSource[];
  /** More pages are on their way. */
  loading: boolean;
  configMapsLoading: boolean;
  configMapsError?: KubeError;
  /** Why listing stopped (the first page's failure, or a later one's). */
  error?: KubeError;
  certificatesError?: KubeError;
}

export class ClusterModel {
  private kube?: Kube;
  private loadError?: KubeError;
  private readonly clients = new Map<string, KubeClient>();
  private readonly namespaceLists = new Map<string, Promise<{ names: string[]; note?: string }>>();
  private readonly spaces = new Map<string, Promise<NamespaceState>>();
  private readonly clusterLists = new Map<string, Promise<SourceList>>();
  private readonly checkers = new Map<string, BundleChecker>();
  private readonly checks = new WeakMap<CertSource, Promise<BundleCheck>>();
  private abort = new AbortController();
  private timer?: ReturnType<typeof setTimeout>;
  /** Loads a person is waiting for (a namespace's first page, a group): background pages wait for them. */
  private foreground = 0;
  private idle: Array<() => void> = [];

  constructor(private readonly opts: ClusterModelOptions) {}

  /** Forgets everything and cancels every request in flight. */
  refresh(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.kube = undefined;
    this.loadError = undefined;
    for (const c of this.clients.values()) c.dispose();
    this.clients.clear();
    this.namespaceLists.clear();
    this.spaces.clear();
    this.clusterLists.clear();
    this.checkers.clear();
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    for (const c of this.clients.values()) c.dispose();
  }

  /**
   * Runs a load someone is waiting for. While one runs, the background loading of later pages
   * (whenIdle) does not ask for its next page: on a large namespace those pages would otherwise
   * take the CPU (decoding 500 Secrets a page) from what was just expanded.
   */
  private async asForeground<T>(load: () => Promise<T>): Promise<T> {
    this.foreground++;
    try {
      return await load();
    } finally {
      if (--this.foreground === 0) {
        const waiting = this.idle;
        this.idle = [];
        for (const go of waiting) go();
      }
    }
  }

  /** Resolves when no foreground load runs (at once when none does). */
  private whenIdle(): Promise<void> {
    return this.foreground ? new Promise((r) => this.idle.push(r)) : Promise.resolve();
  }

  private changed(): void {
    if (!this.opts.onChange || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.opts.onChange?.();
    }, this.opts.debounceMs ?? 150);
  }

  /** The contexts, current first; throws KubeError('config') when there is no kubeconfig. */
  contexts(): ContextInfo[] {
    if (!this.kube && !this.loadError) {
      try {
        this.kube = Kube.load({ files: this.opts.files, env: this.opts.env });
      } catch (e) {
        this.loadError = asKubeError(e);
      }
    }
    if (this.loadError) throw this.loadError;
    return this.kube!.contexts();
  }

  client(context: string): KubeClient {
    let c = this.clients.get(context);
    if (!c) {
      this.contexts();
      c = this.kube!.client(context, { timeoutMs: this.opts.timeoutMs });
      this.clients.set(context, c);
    }
    return c;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  namespaces(context: string): Promise<{ names: string[]; note?: string }> {
    let p = this.namespaceLists.get(context);
    if (!p) {
      p = this.client(context).namespaces(this.abort.signal);
      this.namespaceLists.set(context, p);
      p.catch(() => this.namespaceLists.delete(context));
    }
    return p;
  }

  /**
   * A namespace's TLS material. Resolves as soon as the first page is decoded; later pages are
   * appended in the background (onChange fires), and `loading` turns false at the end.
   */
  namespace(context: string, namespace: string): Promise<NamespaceState> {
    const key = `${context}\u0000${namespace}`;
    let p = this.spaces.get(key);
    if (!p) {
      p = this.asForeground(() => this.loadNamespace(context, namespace));
      this.spaces.set(key, p);
    }
    return p;
  }

  private async loadNamespace(context: string, namespace: string): Promise<NamespaceState> {
    const client = this.client(context);
    const signal = this.abort.signal;
    const state: NamespaceState = { secrets: [], certificates: [], configMaps: [], loading: true, configMapsLoading: true };
    const certs = client.certificates(namespace, signal).then(
      (list) => {
        state.certificates = list.sort((a, b) => (notAfterOf(a)?.getTime() ?? Infinity) - (notAfterOf(b)?.getTime() ?? Infinity) || a.metadata.name.localeCompare(b.metadata.name));
      },
      (e) => {
        if (!(e instanceof KubeError && e.kind === 'cancelled')) state.certificatesError = asKubeError(e);
      },
    );
    // ConfigMaps in parallel: the first page is awaited with the Secrets' first, the rest comes in the background.
    let firstConfigMaps!: () => void;
    const configMapsShown = new Promise<void>((r) => { firstConfigMaps = r; });
    void configMapSourcePages(client, namespace, this.opts.pageSize, this.opts.hasher, (found) => {
      state.configMaps.push(...found);
      state.configMaps.sort(bySourceExpiry);
      firstConfigMaps();
      this.changed();
    }, signal, () => this.whenIdle()).catch((e) => {
      if (!(e instanceof KubeError && e.kind === 'cancelled')) state.configMapsError = asKubeError(e);
    }).finally(() => {
      state.configMapsLoading = false;
      firstConfigMaps();
      if (!signal.aborted) this.changed();
    });
    const pages = client.tlsSecretPages(namespace, this.opts.pageSize, signal, holdsCertificates);
    const order = byExpiry<SecretSummary>((s) => s.leaf?.notAfter);
    const take = (items: Parameters<typeof summarizeSecret>[0][]) => {
      for (const s of items) state.secrets.push(summarizeSecret(s, namespace, this.opts.hasher));
      state.secrets.sort(order);
    };
    // Later pages are decoded in slices that give way to foreground loads (a page of 500 Secrets
    // takes a few hundred ms to decode on a busy machine).
    const takeInBackground = async (items: Parameters<typeof summarizeSecret>[0][]) => {
      let start = performance.now();
      for (const s of items) {
        state.secrets.push(summarizeSecret(s, namespace, this.opts.hasher));
        if (performance.now() - start > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          await this.whenIdle();
          if (signal.aborted) return;
          start = performance.now();
        }
      }
      state.secrets.sort(order);
    };
    try {
      const first = await pages.next();
      if (!first.done) take(first.value);
      else state.loading = false;
    } catch (e) {
      state.loading = false;
      state.error = asKubeError(e);
      await Promise.all([certs, configMapsShown]);
      return state;
    }
    await configMapsShown;
    // The first page of Secrets is shown without waiting for the Certificates for long.
    await Promise.race([certs, new Promise((r) => setTimeout(r, 100))]);
    if (state.loading) {
      void (async () => {
        try {
          for (;;) {
            await this.whenIdle();
            const next = await pages.next();
            if (next.done) break;
            await takeInBackground(next.value);
            if (signal.aborted) break;
            this.changed();
          }
        } catch (e) {
          if (!(e instanceof KubeError && e.kind === 'cancelled')) state.error = asKubeError(e);
        } finally {
          state.loading = false;
          if (!signal.aborted) this.changed();
        }
      })();
    }
    void certs.then(() => this.changed());
    return state;
  }

  /** The webhooks (admission and CRD conversion) or APIServices of a context with a caBundle, each kind's failure kept apart. */
  clusterSources(context: string, which: 'webhook' | 'apiservice'): Promise<SourceList> {
    const key = `${context}\u0000${which}`;
    let p = this.clusterLists.get(key);
    if (!p) {
      const client = this.client(context);
      p = this.asForeground(() => (which === 'webhook' ? webhookSourceList : apiServiceSourceList)(client, this.opts.pageSize, this.opts.hasher, this.abort.signal));
      this.clusterLists.set(key, p);
      p.catch(() => this.clusterLists.delete(key));
    }
    return p;
  }

  /** The context's client certificate from the kubeconfig (none for token and plugin users). */
  kubeconfigSource(context: string): CertSource | undefined {
    return kubeconfigSourceOf(this.client(context), this.opts.hasher);
  }

  /** The check of a webhook's or APIService's caBundle against the serving certificate behind its Service (once per source). */
  check(context: string, source: CertSource): Promise<BundleCheck> {
    let p = this.checks.get(source);
    if (!p) {
      let checker = this.checkers.get(context);
      if (!checker) {
        checker = new BundleChecker(this.client(context), this.opts.hasher, this.abort.signal);
        this.checkers.set(context, checker);
      }
      p = checker.check(source);
      this.checks.set(source, p);
      p.catch(() => this.checks.delete(source));
    }
    return p;
  }

  /** Fetches and decodes one Secret (data in memory only; the key is described, not kept). */
  async secret(context: string, namespace: string, name: string): Promise<DecodedSecret> {
    const raw = await this.client(context).secret(namespace, name, this.abort.signal);
    return decodeSecret(raw, namespace, this.opts.hasher);
  }
}
