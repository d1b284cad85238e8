// What the Cluster view shows, without `vscode`: contexts, namespaces, and per namespace the
// Secrets with TLS material (first page at once, the rest loaded in the background) and the
// cert-manager Certificates. Lazy (nothing is fetched until asked), cancellable (refresh aborts
// everything in flight), and memory-only: a listed Secret is reduced to its decoded leaf
// certificate at once; the raw data of a page is dropped after decoding.
import type { CmCertificate } from '../core/cluster/certmanager';
import { notAfterOf } from '../core/cluster/certmanager';
import { byExpiry, decodeSecret, DecodedSecret, SecretSummary, summarizeSecret } from '../core/cluster/secrets';
import type { Hasher } from '../core/hash';
import { ContextInfo, Kube, KubeClient, KubeError } from './kube';

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
  /** More pages are on their way. */
  loading: boolean;
  /** Why listing stopped (the first page's failure, or a later one's). */
  error?: KubeError;
  certificatesError?: KubeError;
}

function asKubeError(e: unknown): KubeError {
  return e instanceof KubeError ? e : new KubeError('server', (e as Error)?.message ?? String(e));
}

export class ClusterModel {
  private kube?: Kube;
  private loadError?: KubeError;
  private readonly clients = new Map<string, KubeClient>();
  private readonly namespaceLists = new Map<string, Promise<{ names: string[]; note?: string }>>();
  private readonly spaces = new Map<string, Promise<NamespaceState>>();
  private abort = new AbortController();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly opts: ClusterModelOptions) {}

  /** Forgets everything and cancels every request in flight. */
  refresh(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.kube = undefined;
    this.loadError = undefined;
    this.clients.clear();
    this.namespaceLists.clear();
    this.spaces.clear();
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.timer);
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
      p = this.loadNamespace(context, namespace);
      this.spaces.set(key, p);
    }
    return p;
  }

  private async loadNamespace(context: string, namespace: string): Promise<NamespaceState> {
    const client = this.client(context);
    const signal = this.abort.signal;
    const state: NamespaceState = { secrets: [], certificates: [], loading: true };
    const certs = client.certificates(namespace, signal).then(
      (list) => {
        state.certificates = list.sort((a, b) => (notAfterOf(a)?.getTime() ?? Infinity) - (notAfterOf(b)?.getTime() ?? Infinity) || a.metadata.name.localeCompare(b.metadata.name));
      },
      (e) => {
        if (!(e instanceof KubeError && e.kind === 'cancelled')) state.certificatesError = asKubeError(e);
      },
    );
    const pages = client.tlsSecretPages(namespace, this.opts.pageSize, signal);
    const order = byExpiry<SecretSummary>((s) => s.leaf?.notAfter);
    const take = (items: Parameters<typeof summarizeSecret>[0][]) => {
      for (const s of items) state.secrets.push(summarizeSecret(s, namespace, this.opts.hasher));
      state.secrets.sort(order);
    };
    try {
      const first = await pages.next();
      if (!first.done) take(first.value);
      else state.loading = false;
    } catch (e) {
      state.loading = false;
      state.error = asKubeError(e);
      await certs;
      return state;
    }
    // The first page of Secrets is shown without waiting for the Certificates for long.
    await Promise.race([certs, new Promise((r) => setTimeout(r, 100))]);
    if (state.loading) {
      void (async () => {
        try {
          for await (const page of pages) {
            take(page);
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

  /** Fetches and decodes one Secret (data in memory only; the key is described, not kept). */
  async secret(context: string, namespace: string, name: string): Promise<DecodedSecret> {
    const raw = await this.client(context).secret(namespace, name, this.abort.signal);
    return decodeSecret(raw, namespace, this.opts.hasher);
  }
}
