// The Cluster Certificates view, its commands and decoded documents: the entry of the cluster
// bundle (dist/cluster.js), loaded by lazy.ts on first use. Kubernetes data stays in memory:
// Secrets are fetched when needed, decoded, and never logged or written (only certificate PEM
// is saved, on request).
import * as vscode from 'vscode';
import { delimiter, dirname } from 'node:path';
import { toPem } from '../../core/bytes';
import { certificateDrift, CmCertificate, DriftItem, findCertificateManifests, ManifestCertificate, matchingManifest, notAfterOf, readyState } from '../../core/cluster/certmanager';
import { secretDocumentText, sourceDocumentText } from '../../core/cluster/document';
import { durationText } from '../../core/cluster/duration';
import { byExpiry, DecodedSecret, expiresWithin, matchesFilter, SecretSummary, summarizeSecret, summaryLine } from '../../core/cluster/secrets';
import { BundleCheck, bySourceExpiry, CertificateRecord, certificateRecords, checkBundle, CertSource, recordLine, soonestCertificate, soonestNotAfter } from '../../core/cluster/sources';
import { configMapSourcePages } from '../../node/cluster-sources';
import { cardMarkdown, code as mdCode, esc as mdText } from '../../core/describe';
import { printable } from '../../core/printable';
import type { CertificateInfo } from '../../core/model';
import { shortName } from '../../core/names';
import { isoDate, objectValidity, validity } from '../../core/time';
import { ClusterModel } from '../../node/cluster-model';
import { KubeError, KubeErrorKind, NoKubeconfigError } from '../../node/kube';
import { nodeHasher, nodeSignatureVerifier } from '../../node/platform';
import { occupied, writeFilesSafely } from '../../node/safe-write';
import { setting } from '../config';
import { CLUSTER_SCHEME, COMMANDS, CONTEXT_KEYS } from '../ids';
import { objectIcon } from '../tree';
import type { ClusterHost, ClusterModule, ClusterNode, MessageTone } from './nodes';

/** Most Secrets listed under one namespace; the filter narrows the rest. */
const MAX_ITEMS = 1000;

const ERROR_TITLES: Record<KubeErrorKind, string> = {
  config: 'Kubeconfig problem', credentials: 'Expired or invalid credentials', unauthorized: 'Unauthorized (401)',
  forbidden: 'No permission (403)', 'not-found': 'Not found (404)', unreachable: 'API server unreachable',
  tls: 'TLS error', timeout: 'No answer (timeout)', cancelled: 'Cancelled', server: 'API server error',
};

function errorNode(id: string, e: unknown): ClusterNode {
  const k = e instanceof KubeError ? e : new KubeError('server', (e as Error)?.message ?? String(e));
  return { kind: 'message', id, label: ERROR_TITLES[k.kind], detail: k.message, tone: 'error' };
}

export function createCluster(host: ClusterHost): ClusterModule {
  return new ClusterImpl(host);
}

class ClusterImpl implements ClusterModule {
  private model: ClusterModel;
  private filter = '';
  private readonly decoded = new Map<string, Promise<DecodedSecret>>();
  private manifests?: Promise<ManifestCertificate[]>;
  private readonly reports = new Map<string, string>();
  /** caBundle checks that have finished, shown on the source nodes (filled in the background). */
  private readonly checked = new Map<CertSource, BundleCheck>();
  private refreshTimer?: ReturnType<typeof setTimeout>;

  /** Workspace YAML edits make drift re-read the manifests. */
  private readonly watch: { dispose(): void };

  constructor(private readonly host: ClusterHost) {
    this.model = this.makeModel();
    this.watch = host.files.onDidChange((e) => { if (/\.ya?ml$/i.test(e.uri.path)) this.manifests = undefined; });
  }

  private makeModel(): ClusterModel {
    const files = setting<string>('clusterKubeconfig').split(delimiter).map((f) => f.trim()).filter(Boolean);
    return new ClusterModel({
      files: files.length ? files : undefined,
      timeoutMs: Math.max(1, setting<number>('clusterTimeoutSeconds')) * 1000,
      pageSize: setting<number>('clusterPageSize'),
      hasher: nodeHasher,
      onChange: () => this.host.changed(),
    });
  }

  refresh(): void {
    this.model.dispose();
    this.model = this.makeModel();
    this.decoded.clear();
    this.checked.clear();
    this.manifests = undefined;
  }

  dispose(): void {
    this.watch.dispose();
    clearTimeout(this.refreshTimer);
    this.model.dispose();
    this.decoded.clear();
    this.reports.clear();
  }

  private secret(context: string, namespace: string, name: string): Promise<DecodedSecret> {
    const key = `${context}\u0000${namespace}\u0000${name}`;
    let p = this.decoded.get(key);
    if (!p) {
      p = this.model.secret(context, namespace, name);
      this.decoded.set(key, p);
      p.catch(() => this.decoded.delete(key));
    }
    return p;
  }

  private warningDays(): number {
    return setting<number>('expiryWarningDays');
  }

  // ---- tree ----

  async getChildren(el?: ClusterNode): Promise<ClusterNode[]> {
    if (!el) {
      let contexts;
      try {
        contexts = this.model.contexts();
      } catch (e) {
        // No kubeconfig at all is a state, not an error: the view's welcome text explains it
        // (package.json viewsWelcome, shown while the tree is empty and this context key is set).
        const none = e instanceof NoKubeconfigError;
        void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.noKubeconfig, none);
        return none ? [] : [errorNode('kubeconfig', e)];
      }
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.noKubeconfig, false);
      if (!contexts.length) return [{ kind: 'message', id: 'no-contexts', label: 'The kubeconfig has no contexts', tone: 'info' }];
      return contexts.map((info) => ({ kind: 'context', id: `ctx:${info.name}`, info }));
    }
    switch (el.kind) {
      case 'context': {
        const ctx = el.info.name;
        try {
          const ns = await this.model.namespaces(ctx);
          const out: ClusterNode[] = [];
          if (ns.note) out.push({ kind: 'message', id: `${el.id}:note`, label: ns.note, tone: 'warning' });
          // Cluster-wide certificates first: an expired webhook caBundle breaks every apply it intercepts.
          for (const group of ['webhook', 'crd', 'apiservice'] as const) out.push({ kind: 'group', id: `g:${ctx}/${group}`, context: ctx, group });
          const own = this.model.kubeconfigSource(ctx);
          if (own) out.push({ kind: 'source', id: `kc:${ctx}`, context: ctx, source: own });
          out.push(...ns.names.map((n): ClusterNode => ({ kind: 'namespace', id: `ns:${ctx}/${n}`, context: ctx, namespace: n })));
          return out;
        } catch (e) {
          return [errorNode(`${el.id}:error`, e)];
        }
      }
      case 'namespace':
        return this.namespaceChildren(el.context, el.namespace, el.id);
      case 'secret':
        return this.secretChildren(el.context, el.summary.namespace, el.summary.name, el.id);
      case 'certificate':
        return this.certificateChildren(el);
      case 'group':
        return this.groupChildren(el);
      case 'source':
        return this.sourceChildren(el);
      default:
        return [];
    }
  }

  private async namespaceChildren(context: string, namespace: string, id: string): Promise<ClusterNode[]> {
    let state;
    try {
      state = await this.model.namespace(context, namespace);
    } catch (e) {
      return [errorNode(`${id}:error`, e)];
    }
    const out: ClusterNode[] = [];
    const f = this.filter;
    const certs = state.certificates.filter((c) => !f || c.metadata.name.toLowerCase().includes(f.toLowerCase()) || (c.spec?.dnsNames ?? []).some((d) => d.toLowerCase().includes(f.toLowerCase())));
    const secrets = f ? state.secrets.filter((s) => matchesFilter(s, f)) : state.secrets;
    const configMaps = f ? state.configMaps.filter((s) => matchesSource(s, f)) : state.configMaps;
    if (f) out.push({ kind: 'message', id: `${id}:filter`, label: `Filter "${f}": ${secrets.length} of ${state.secrets.length} Secrets${state.configMaps.length ? `, ${configMaps.length} of ${state.configMaps.length} ConfigMap keys` : ''}`, tone: 'info' });
    out.push(...certs.map((c): ClusterNode => ({ kind: 'certificate', id: `cm:${context}/${namespace}/${c.metadata.name}`, context, namespace, certificate: c })));
    // Secrets and ConfigMaps together, soonest expiry first.
    const items = [
      ...secrets.map((s) => ({ at: s.leaf?.notAfter.getTime() ?? Infinity, node: { kind: 'secret', id: `s:${context}/${namespace}/${s.name}`, context, summary: s } as ClusterNode })),
      ...configMaps.map((c) => ({ at: soonestNotAfter(c)?.getTime() ?? Infinity, node: { kind: 'source', id: `cmap:${context}/${namespace}/${c.name}/${c.key}`, context, source: c } as ClusterNode })),
    ].sort((a, b) => a.at - b.at);
    out.push(...items.slice(0, MAX_ITEMS).map((x) => x.node));
    if (items.length > MAX_ITEMS) out.push({ kind: 'message', id: `${id}:more`, label: `${items.length - MAX_ITEMS} more Secrets and ConfigMaps expire later`, detail: 'Use the filter to find them.', tone: 'info' });
    if (state.loading) out.push({ kind: 'message', id: `${id}:loading`, label: `Loading more Secrets… (${state.secrets.length} so far)`, tone: 'loading' });
    else if (state.configMapsLoading) out.push({ kind: 'message', id: `${id}:loading`, label: `Loading more ConfigMaps… (${state.configMaps.length} keys so far)`, tone: 'loading' });
    if (state.configMapsError) out.push({ ...errorNode(`${id}:cmap-error`, state.configMapsError), label: `ConfigMaps: ${ERROR_TITLES[state.configMapsError.kind]}` } as ClusterNode);
    if (state.error) out.push(errorNode(`${id}:error`, state.error));
    if (state.certificatesError && state.certificatesError.kind !== 'not-found') out.push({ ...errorNode(`${id}:cm-error`, state.certificatesError), label: `cert-manager Certificates: ${ERROR_TITLES[state.certificatesError.kind]}` } as ClusterNode);
    if (!out.length) out.push({ kind: 'message', id: `${id}:empty`, label: 'No Secrets with TLS material', tone: 'info' });
    return out;
  }

  private async secretChildren(context: string, namespace: string, name: string, id: string): Promise<ClusterNode[]> {
    let d: DecodedSecret;
    try {
      d = await this.secret(context, namespace, name);
    } catch (e) {
      return [errorNode(`${id}:error`, e)];
    }
    const out: ClusterNode[] = [];
    const base = { context, namespace, secret: name };
    d.chain.forEach((object, index) => out.push({ kind: 'cert', id: `${id}:tls.crt:${index}`, ...base, source: 'tls.crt', index, count: d.chain.length, object }));
    d.ca.forEach((object, index) => out.push({ kind: 'cert', id: `${id}:ca.crt:${index}`, ...base, source: 'ca.crt', index, count: d.ca.length, object }));
    for (const o of d.others) o.certs.forEach((object, index) => out.push({ kind: 'cert', id: `${id}:${o.key}:${index}`, ...base, source: o.key, index, count: o.certs.length, object }));
    if (d.chain.length && d.ca.length) {
      // Path validation of tls.crt with ca.crt as the only root, where the Secret carries both.
      const check = await checkBundle(d.ca, d.chain, `${namespace}/${name}`, undefined, new Date(), nodeSignatureVerifier, 'ca.crt');
      out.unshift(checkNode(`${id}:check`, check));
    }
    if (d.key) out.push({ kind: 'key', id: `${id}:key`, text: d.key.text, matches: d.key.matches });
    d.errors.forEach((e, i) => out.push({ kind: 'message', id: `${id}:problem:${i}`, label: e, tone: 'error' }));
    return out;
  }

  private async groupChildren(el: Extract<ClusterNode, { kind: 'group' }>): Promise<ClusterNode[]> {
    let list;
    try {
      list = await this.model.clusterSources(el.context, el.group === 'apiservice' ? 'apiservice' : 'webhook');
    } catch (e) {
      return [errorNode(`${el.id}:error`, e)];
    }
    const crd = (resource: string) => resource === 'CustomResourceDefinition' || resource === 'CustomResourceDefinitions';
    const mine = (resource: string) => el.group !== 'webhook' ? el.group === 'apiservice' || crd(resource) : !crd(resource);
    const f = this.filter;
    const all = list.sources.filter((s) => mine(s.resource)).sort(bySourceExpiry);
    const sources = f ? all.filter((s) => matchesSource(s, f)) : all;
    const out: ClusterNode[] = [];
    if (f) out.push({ kind: 'message', id: `${el.id}:filter`, label: `Filter "${f}": ${sources.length} of ${all.length}`, tone: 'info' });
    out.push(...sources.slice(0, MAX_ITEMS).map((s): ClusterNode => ({ kind: 'source', id: `${el.id}/${s.resource}/${s.name}/${s.key}`, context: el.context, source: s })));
    if (sources.length > MAX_ITEMS) out.push({ kind: 'message', id: `${el.id}:more`, label: `${sources.length - MAX_ITEMS} more expire later`, detail: 'Use the filter to find them.', tone: 'info' });
    list.problems.filter((p) => mine(p.what.replace(/s$/, ''))).forEach((p, i) => out.push({ ...errorNode(`${el.id}:error:${i}`, p.error), label: `${p.what}: ${ERROR_TITLES[p.error.kind]}` } as ClusterNode));
    if (!out.length) out.push({ kind: 'message', id: `${el.id}:empty`, label: GROUP_EMPTY[el.group], tone: 'info' });
    // The chain checks run in the background; their results appear on the nodes.
    for (const s of sources.slice(0, MAX_ITEMS)) {
      if (this.checked.has(s)) continue;
      void this.model.check(el.context, s).then((c) => {
        this.checked.set(s, c);
        this.changedSoon();
      }, () => undefined);
    }
    return out;
  }

  private async sourceChildren(el: Extract<ClusterNode, { kind: 'source' }>): Promise<ClusterNode[]> {
    const s = el.source;
    const out: ClusterNode[] = [];
    if (s.kind === 'webhook' || s.kind === 'apiservice') {
      try {
        const c = await this.model.check(el.context, s);
        this.checked.set(s, c);
        out.push(checkNode(`${el.id}:check`, c));
      } catch (e) {
        out.push(errorNode(`${el.id}:check-error`, e));
      }
    }
    s.certs.forEach((object, index) => out.push({ kind: 'sourceCert', id: `${el.id}:${index}`, context: el.context, source: s, index, object }));
    if (s.error) out.push({ kind: 'message', id: `${el.id}:problem`, label: s.error, tone: 'error' });
    return out;
  }

  /** One tree refresh for a burst of background results. */
  private changedSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.host.changed();
    }, 150);
  }

  private async workspaceManifests(): Promise<ManifestCertificate[]> {
    this.manifests ??= (async () => {
      const out: ManifestCertificate[] = [];
      for (const uri of await this.host.files.yamlFiles()) {
        const text = await this.host.files.readText(uri, 'Cluster view');
        if (text?.includes('cert-manager.io')) for (const m of findCertificateManifests(text, uri.toString())) out.push(m);
      }
      return out;
    })();
    return this.manifests;
  }

  private async drift(context: string, c: CmCertificate): Promise<{ items: DriftItem[]; manifest?: ManifestCertificate; secret?: DecodedSecret; error?: unknown }> {
    const ns = c.metadata.namespace ?? 'default';
    const manifest = matchingManifest(c, await this.workspaceManifests(), ns);
    let secret: DecodedSecret | undefined;
    let error: unknown;
    if (c.spec?.secretName) {
      try {
        secret = await this.secret(context, ns, c.spec.secretName);
      } catch (e) {
        error = e;
      }
    }
    return { items: certificateDrift(c, secret?.chain[0], secret?.annotations, manifest), manifest, secret, error };
  }

  private async certificateChildren(el: Extract<ClusterNode, { kind: 'certificate' }>): Promise<ClusterNode[]> {
    const c = el.certificate;
    const out: ClusterNode[] = [];
    const ready = readyState(c);
    out.push({ kind: 'message', id: `${el.id}:ready`, label: ready.text, tone: ready.ready === true ? 'info' : ready.ready === false ? 'error' : 'warning' });
    if (c.status?.notAfter) out.push({ kind: 'message', id: `${el.id}:notAfter`, label: `notAfter ${c.status.notAfter}`, tone: 'info' });
    if (c.status?.renewalTime) out.push({ kind: 'message', id: `${el.id}:renewal`, label: `renewalTime ${c.status.renewalTime}`, tone: 'info' });
    const d = await this.drift(el.context, c);
    if (c.spec?.secretName) {
      if (d.secret) {
        const state = await this.model.namespace(el.context, el.namespace).catch(() => undefined);
        const summary = state?.secrets.find((s) => s.name === c.spec!.secretName) ?? summaryOf(d.secret);
        out.push({ kind: 'secret', id: `${el.id}:secret`, context: el.context, summary });
      } else {
        out.push({ ...errorNode(`${el.id}:secret-error`, d.error), label: `Secret ${c.spec.secretName}: ${d.error instanceof KubeError ? ERROR_TITLES[d.error.kind] : 'unavailable'}` } as ClusterNode);
      }
    }
    d.items.forEach((item, i) => out.push({ kind: 'drift', id: `${el.id}:drift:${i}`, item }));
    if (!d.items.length && d.secret) out.push({ kind: 'message', id: `${el.id}:nodrift`, label: `No drift: the issued certificate${d.manifest ? ' and the workspace manifest' : ''} match the spec`, tone: 'info' });
    return out;
  }

  getTreeItem(el: ClusterNode): vscode.TreeItem {
    const now = new Date();
    const days = this.warningDays();
    const C = vscode.TreeItemCollapsibleState;
    let item: vscode.TreeItem;
    switch (el.kind) {
      case 'message': {
        item = new vscode.TreeItem(el.label, C.None);
        const icons: Record<MessageTone, vscode.ThemeIcon> = {
          info: new vscode.ThemeIcon('info'), warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
          error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), lock: new vscode.ThemeIcon('workspace-untrusted'),
          loading: new vscode.ThemeIcon('loading~spin'),
        };
        item.iconPath = icons[el.tone];
        if (el.detail) {
          item.description = el.detail;
          item.tooltip = el.detail;
        }
        item.contextValue = 'clusterMessage';
        break;
      }
      case 'context':
        item = new vscode.TreeItem(el.info.name, C.Collapsed);
        item.description = `${el.info.current ? 'current · ' : ''}${el.info.server}`;
        item.tooltip = `Context ${el.info.name}\nCluster ${el.info.cluster} (${el.info.server})\nUser ${el.info.user}${el.info.namespace ? `\nNamespace ${el.info.namespace}` : ''}`;
        item.iconPath = new vscode.ThemeIcon(el.info.current ? 'vm-active' : 'vm');
        item.contextValue = 'clusterContext';
        break;
      case 'namespace':
        item = new vscode.TreeItem(el.namespace, C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'clusterNamespace';
        break;
      case 'secret': {
        const s = el.summary;
        item = new vscode.TreeItem(s.name, C.Collapsed);
        const desc: string[] = [];
        if (s.leaf) {
          desc.push(objectValidity(s.leaf, now, days)!.short, shortName(s.leaf.subject));
          item.iconPath = objectIcon(s.leaf, now, days);
          // Names and types come from the API server: shown literally (printable, escaped).
          const tip = new vscode.MarkdownString(`Secret ${mdCode(printable(`${s.namespace}/${s.name}`))} (${mdText(printable(s.type))})\n\n${cardMarkdown(s.leaf, now, days)}`);
          item.tooltip = tip;
        } else {
          desc.push(s.error ?? 'no certificate');
          item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
          item.tooltip = s.error;
        }
        if (s.type !== 'kubernetes.io/tls') desc.push(s.type);
        item.description = desc.join(' · ');
        item.contextValue = s.hasCa ? 'clusterSecretWithCa' : 'clusterSecret';
        item.command = undefined;
        break;
      }
      case 'certificate': {
        const c = el.certificate;
        const ready = readyState(c);
        const notAfter = notAfterOf(c);
        const v = notAfter ? validity(new Date(0), notAfter, now, days) : undefined;
        item = new vscode.TreeItem(c.metadata.name, C.Collapsed);
        const desc = [ready.ready ? 'Ready' : ready.ready === false ? 'Not ready' : 'Ready unknown'];
        if (v) desc.push(v.short);
        if (c.status?.renewalTime) desc.push(`renews ${isoDate(new Date(c.status.renewalTime))}`);
        item.description = `Certificate · ${desc.join(' · ')}`;
        item.iconPath = ready.ready === false || v?.state === 'expired' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : v?.state === 'expiring' || ready.ready === undefined ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('workspace-trusted', new vscode.ThemeColor('testing.iconPassed'));
        item.tooltip = new vscode.MarkdownString(`cert-manager Certificate ${mdCode(printable(`${el.namespace}/${c.metadata.name}`))}\n\n${mdText(printable(ready.text))}${c.status?.notAfter ? `  \nnotAfter ${mdText(printable(String(c.status.notAfter)))}` : ''}${c.status?.renewalTime ? `  \nrenewalTime ${mdText(printable(String(c.status.renewalTime)))}` : ''}${c.spec?.secretName ? `  \nSecret ${mdCode(printable(String(c.spec.secretName)))}` : ''}`);
        item.contextValue = 'clusterCertificate';
        break;
      }
      case 'cert': {
        item = certItem(el.object, `${el.source}${el.count > 1 ? ` ${el.index + 1}/${el.count}` : ''}`, now, days);
        item.contextValue = 'clusterCert';
        item.command = { command: COMMANDS.clusterOpenSecret.id, title: COMMANDS.clusterOpenSecret.title, arguments: [el] };
        break;
      }
      case 'sourceCert': {
        item = certItem(el.object, `${el.source.key}${el.source.certs.length > 1 ? ` ${el.index + 1}/${el.source.certs.length}` : ''}`, now, days);
        item.contextValue = 'clusterSourceCert';
        item.command = { command: COMMANDS.clusterOpenCertificates.id, title: COMMANDS.clusterOpenCertificates.title, arguments: [el] };
        break;
      }
      case 'group':
        item = new vscode.TreeItem(GROUP_LABELS[el.group], C.Collapsed);
        item.iconPath = new vscode.ThemeIcon(el.group === 'apiservice' ? 'server-process' : 'plug');
        item.tooltip = GROUP_TOOLTIPS[el.group];
        item.contextValue = 'clusterGroup';
        break;
      case 'source': {
        const s = el.source;
        const leaf = soonestCertificate(s);
        const check = this.checked.get(s);
        item = new vscode.TreeItem(s.kind === 'kubeconfig' ? `Client certificate of ${s.name}` : s.name, C.Collapsed);
        const desc: string[] = [];
        if (leaf) desc.push(objectValidity(leaf, now, days)!.short, shortName(leaf.subject));
        else desc.push(s.error ?? 'no certificate');
        if (s.certs.length > 1) desc.push(`${s.certs.length} certificates`);
        desc.push(SOURCE_WHAT[s.resource] + (s.kind === 'configmap' || s.resource.endsWith('WebhookConfiguration') ? ` ${s.key}` : ''));
        if (check) desc.push(check.valid === true ? 'chain valid' : check.valid === false ? 'chain INVALID' : 'chain not checked');
        item.description = desc.join(' · ');
        item.iconPath = !leaf || check?.valid === false ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : objectIcon(leaf, now, days);
        const where = `${s.resource === 'kubeconfig' ? 'kubeconfig user' : s.resource} ${mdCode(printable(`${s.namespace ? `${s.namespace}/` : ''}${s.name}`))}, ${s.kind === 'webhook' && s.resource !== 'CustomResourceDefinition' ? 'webhook' : 'key'} ${mdCode(printable(s.key))}`;
        const svc = s.service ? `  \nService ${mdCode(printable(`${s.service.namespace}/${s.service.name}`))}` : '';
        item.tooltip = new vscode.MarkdownString(`${where}${svc}${check ? `\n\n${mdText(printable(check.text))}` : ''}${leaf ? `\n\n${cardMarkdown(leaf, now, days)}` : ''}`);
        item.contextValue = 'clusterSource';
        break;
      }
      case 'key':
        item = new vscode.TreeItem(el.text, C.None);
        item.iconPath = el.matches === false ? new vscode.ThemeIcon('key', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('key');
        item.tooltip = 'tls.key: type and size only. Key material is never shown.';
        item.contextValue = 'clusterKey';
        break;
      case 'drift':
        item = new vscode.TreeItem(el.item.text, C.None);
        item.description = el.item.against === 'issued' ? 'drift: issued certificate' : 'drift: workspace manifest';
        item.iconPath = new vscode.ThemeIcon('diff', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = el.item.text;
        item.contextValue = 'clusterDrift';
        break;
    }
    // Names and messages come from the API server: shown without control characters or escapes.
    if (typeof item.label === 'string') item.label = printable(item.label);
    if (typeof item.description === 'string') item.description = printable(item.description);
    if (typeof item.tooltip === 'string') item.tooltip = printable(item.tooltip);
    item.id = el.id;
    return item;
  }

  // ---- commands ----

  async run(command: string, args: unknown[]): Promise<unknown> {
    switch (command) {
      case COMMANDS.clusterRefresh.id:
        this.refresh();
        this.host.changed();
        return undefined;
      case COMMANDS.clusterFilter.id:
        return this.setFilter(args[0]);
      case COMMANDS.clusterShowExpiring.id:
        return this.showExpiring(args[0]);
      case COMMANDS.clusterOpenSecret.id:
        return this.openSecret(args[0] as ClusterNode | undefined);
      case COMMANDS.clusterCopyCaCrt.id:
        return this.copyCaCrt(args[0] as ClusterNode | undefined);
      case COMMANDS.clusterSaveCertificate.id: {
        const node = args[0] as ClusterNode | undefined;
        if (node && (node.kind === 'source' || node.kind === 'sourceCert')) return this.saveSourceCertificate(node, args[1] as vscode.Uri | undefined);
        return this.saveCertificate(node, args[1] as vscode.Uri | undefined);
      }
      case COMMANDS.clusterOpenCertificates.id:
        return this.openSource(args[0] as ClusterNode | undefined);
      case COMMANDS.clusterCopyPem.id:
        return this.copySourcePem(args[0] as ClusterNode | undefined);
    }
    return undefined;
  }

  private async setFilter(arg: unknown): Promise<string> {
    const value = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
      title: 'Filter Cluster Certificates', value: this.filter,
      prompt: 'Secret or Certificate name, namespace, subject, DNS name or IP (empty: no filter)',
    });
    if (value === undefined) return this.filter;
    this.filter = value.trim();
    this.host.changed();
    return this.filter;
  }

  private secretRef(node: ClusterNode | undefined): { context: string; namespace: string; name: string; certificate?: string } | undefined {
    if (!node) return undefined;
    if (node.kind === 'secret') return { context: node.context, namespace: node.summary.namespace, name: node.summary.name };
    if (node.kind === 'cert') return { context: node.context, namespace: node.namespace, name: node.secret };
    if (node.kind === 'certificate' && node.certificate.spec?.secretName) return { context: node.context, namespace: node.namespace, name: node.certificate.spec.secretName, certificate: node.certificate.metadata.name };
    return undefined;
  }

  private needSecret(node: ClusterNode | undefined) {
    const ref = this.secretRef(node);
    if (!ref) void vscode.window.showInformationMessage('Pick a Secret or Certificate in the Cluster Certificates view.');
    return ref;
  }

  private async openSecret(node: ClusterNode | undefined): Promise<vscode.TextEditor | undefined> {
    const ref = this.needSecret(node);
    if (!ref) return undefined;
    const enc = encodeURIComponent;
    const uri = vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: `/${enc(ref.context)}/${enc(ref.namespace)}/${enc(ref.name)}.txt`, query: ref.certificate ? `certificate=${enc(ref.certificate)}` : '' });
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  }

  private async copyCaCrt(node: ClusterNode | undefined): Promise<string | undefined> {
    const ref = this.needSecret(node);
    if (!ref) return undefined;
    try {
      const d = await this.secret(ref.context, ref.namespace, ref.name);
      if (!d.ca.length) {
        void vscode.window.showInformationMessage(`Secret ${ref.namespace}/${ref.name} has no ca.crt.`);
        return undefined;
      }
      const pem = d.ca.map((c) => toPem('CERTIFICATE', c.der)).join('');
      await vscode.env.clipboard.writeText(pem);
      vscode.window.setStatusBarMessage(`Certwright: ca.crt of ${ref.name} copied`, 3000);
      return pem;
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read Secret ${ref.namespace}/${ref.name}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /**
   * A certificate node outside TLS Secrets (ConfigMap key, webhook/CRD/APIService caBundle,
   * kubeconfig client certificate): its certificates, all of the source's or the one picked.
   * Sources hold certificates only (never a key): nothing here can reveal one.
   */
  private sourceRef(node: ClusterNode | undefined): { context: string; source: CertSource; index?: number; certs: CertificateInfo[]; label: string } | undefined {
    if (!node || (node.kind !== 'source' && node.kind !== 'sourceCert')) {
      void vscode.window.showInformationMessage('Pick a ConfigMap, webhook, CRD, APIService or kubeconfig certificate in the Cluster Certificates view.');
      return undefined;
    }
    const s = node.source;
    const index = node.kind === 'sourceCert' ? node.index : undefined;
    const label = s.resource === 'kubeconfig' ? `the client certificate of ${s.name}` : `${s.resource} ${s.namespace ? `${s.namespace}/` : ''}${s.name} ${s.key}`;
    return { context: node.context, source: s, index, certs: node.kind === 'sourceCert' ? [node.object] : s.certs, label };
  }

  private async openSource(node: ClusterNode | undefined): Promise<vscode.TextEditor | undefined> {
    const ref = this.sourceRef(node);
    if (!ref) return undefined;
    const s = ref.source;
    const text = sourceDocumentText({ context: ref.context, source: s, index: ref.index, check: this.checked.get(s), now: new Date(), warningDays: this.warningDays() });
    // Held in memory like the expiry reports (a certificate, never Secret data beyond it).
    const enc = (x: string) => encodeURIComponent(x).replace(/%/g, '_');
    const uri = vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: `/source/${enc(ref.context)}/${enc(s.resource)}-${enc(s.namespace || 'cluster')}-${enc(s.name)}${ref.index !== undefined ? `-${ref.index + 1}` : ''}.txt`, query: String(Date.now()) });
    this.reports.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  }

  private async copySourcePem(node: ClusterNode | undefined): Promise<string | undefined> {
    const ref = this.sourceRef(node);
    if (!ref) return undefined;
    if (!ref.certs.length) {
      void vscode.window.showInformationMessage(`${ref.label} holds no certificate that decodes.`);
      return undefined;
    }
    const pem = ref.certs.map((c) => toPem('CERTIFICATE', c.der)).join('');
    await vscode.env.clipboard.writeText(pem);
    vscode.window.setStatusBarMessage(`Certwright: PEM of ${ref.label} copied`, 3000);
    return pem;
  }

  private async saveSourceCertificate(node: ClusterNode, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const ref = this.sourceRef(node);
    if (!ref) return undefined;
    if (!ref.certs.length) {
      void vscode.window.showInformationMessage(`${ref.label} holds no certificate that decodes.`);
      return undefined;
    }
    const s = ref.source;
    const base = `${s.namespace ? `${s.namespace}-` : ''}${s.name}-${s.key}${ref.index !== undefined ? `-${ref.index + 1}` : ''}`;
    return this.writeCertificates(ref.certs, base, ref.label, target);
  }

  /** Writes certificates (never a key) as PEM into the workspace: a new file, never through a link. */
  private async writeCertificates(certs: CertificateInfo[], name: string, label: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!target) {
      if (!folder) {
        void vscode.window.showInformationMessage('Open a folder to save certificates into the workspace.');
        return undefined;
      }
      const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 200);
      target = vscode.Uri.joinPath(folder, `${base}.crt`);
      for (let i = 2; await exists(target); i++) target = vscode.Uri.joinPath(folder, `${base}-${i}.crt`);
    }
    const pem = certs.map((c) => toPem('CERTIFICATE', c.der)).join('');
    if (target.scheme === 'file') {
      // The safe writer: a link (dangling ones too) counts as taken, and is never written through.
      while (occupied([target.fsPath]).length) target = vscode.Uri.file(target.fsPath.replace(/(?:-(\d+))?\.crt$/, (_m, n: string | undefined) => `-${n ? Number(n) + 1 : 2}.crt`));
      writeFilesSafely(dirname(target.fsPath), [{ path: target.fsPath, content: pem, mode: 0o644 }], { base: folder?.fsPath });
    } else await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(pem));
    void vscode.window.showInformationMessage(`Saved the certificate${certs.length > 1 ? 's' : ''} of ${label} (not the key) to ${vscode.workspace.asRelativePath(target)}.`);
    return target;
  }

  private async saveCertificate(node: ClusterNode | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const ref = this.needSecret(node);
    if (!ref) return undefined;
    let certs: CertificateInfo[];
    try {
      const d = await this.secret(ref.context, ref.namespace, ref.name);
      certs = node?.kind === 'cert' ? [node.object] : d.chain.length ? d.chain : d.ca;
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read Secret ${ref.namespace}/${ref.name}: ${(e as Error).message}`);
      return undefined;
    }
    if (!certs.length) {
      void vscode.window.showInformationMessage(`Secret ${ref.namespace}/${ref.name} holds no certificate.`);
      return undefined;
    }
    // Certificates only: the private key never leaves the cluster through Certwright.
    const base = `${ref.namespace}-${ref.name}${node?.kind === 'cert' ? `-${node.source.replace('.crt', '')}-${node.index + 1}` : ''}`;
    return this.writeCertificates(certs, base, `${ref.namespace}/${ref.name}`, target);
  }

  /** Every context, every namespace (cluster-wide list, else namespace by namespace). */
  private async showExpiring(arg: unknown): Promise<{ text: string; uri: vscode.Uri; count: number } | undefined> {
    let days = typeof arg === 'number' ? arg : undefined;
    if (days === undefined) {
      const v = await vscode.window.showInputBox({
        title: 'Show Certificates Expiring Within N Days', value: String(this.warningDays()), prompt: 'Number of days',
        validateInput: (s) => (/^\d+(\.\d+)?$/.test(s.trim()) ? undefined : 'a number of days'),
      });
      if (v === undefined) return undefined;
      days = Number(v);
    }
    const within = days * 86_400_000;
    const now = new Date();
    let contexts;
    try {
      contexts = this.model.contexts();
    } catch (e) {
      void vscode.window.showErrorMessage((e as Error).message);
      return undefined;
    }
    const report = await vscode.window.withProgress({ location: { viewId: 'certwright.clusterCertificates' }, title: 'Listing certificates' }, () =>
      Promise.all(contexts.map(async (ctx) => {
        const found: SecretSummary[] = [];
        const problems: string[] = [];
        const take = async (ns: string | undefined) => {
          for await (const page of this.model.client(ctx.name).tlsSecretPages(ns, setting<number>('clusterPageSize'), this.model.signal)) {
            for (const s of page) {
              const sum = summarizeSecret(s, ns ?? '', nodeHasher);
              if (expiresWithin(sum, now, within)) found.push(sum);
            }
          }
        };
        try {
          try {
            await take(undefined);
          } catch (e) {
            if (!(e instanceof KubeError && e.kind === 'forbidden')) throw e;
            found.length = 0;
            for (const ns of (await this.model.namespaces(ctx.name)).names) {
              try {
                await take(ns);
              } catch (e2) {
                problems.push(`${ns}: ${(e2 as Error).message}`);
              }
            }
          }
        } catch (e) {
          problems.push((e as Error).message);
        }
        found.sort(byExpiry((s) => s.leaf?.notAfter));
        const records = await this.expiringSources(ctx.name, now, within, problems);
        return { ctx: ctx.name, found, records, problems };
      })));
    const count = report.reduce((n, r) => n + r.found.length + r.records.length, 0);
    const lines = [`Certificates expiring within ${durationText(within)} (by ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC + ${days} days), soonest first`, '='.repeat(72), ''];
    for (const r of report) {
      lines.push(`Context ${r.ctx}: ${r.found.length} TLS Secret${r.found.length === 1 ? '' : 's'}, ${r.records.length} other certificate${r.records.length === 1 ? '' : 's'} (ConfigMaps, webhooks, CRDs, APIServices, kubeconfig)`);
      for (const s of r.found) lines.push(`  ${summaryLine(s, now, days)}`);
      for (const x of r.records) lines.push(`  ${recordLine(x, now, days)}`);
      for (const p of r.problems) lines.push(`  ! ${p}`);
      lines.push('');
    }
    const text = lines.join('\n');
    const uri = vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: `/report/expiring-within-${days}-days.txt`, query: String(Date.now()) });
    this.reports.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return { text, uri, count };
  }

  /**
   * The certificates of a context outside TLS Secrets that expire within `within` (expired ones
   * included): ConfigMaps (all namespaces, else namespace by namespace), admission and CRD
   * conversion webhooks, APIServices and the kubeconfig's client certificate, soonest first.
   * A kind that cannot be read is a problem line; the others are still listed.
   */
  private async expiringSources(context: string, now: Date, within: number, problems: string[]): Promise<CertificateRecord[]> {
    const sources: CertSource[] = [];
    const client = this.model.client(context);
    const pageSize = setting<number>('clusterPageSize');
    const configMaps = (ns: string | undefined) => configMapSourcePages(client, ns, pageSize, nodeHasher, (found) => sources.push(...found), this.model.signal);
    try {
      const start = sources.length;
      try {
        await configMaps(undefined);
      } catch (e) {
        if (!(e instanceof KubeError && e.kind === 'forbidden')) throw e;
        sources.length = start;
        for (const ns of (await this.model.namespaces(context)).names) {
          try {
            await configMaps(ns);
          } catch (e2) {
            problems.push(`ConfigMaps of ${ns}: ${(e2 as Error).message}`);
          }
        }
      }
    } catch (e) {
      problems.push(`ConfigMaps: ${(e as Error).message}`);
    }
    for (const which of ['webhook', 'apiservice'] as const) {
      try {
        const list = await this.model.clusterSources(context, which);
        sources.push(...list.sources);
        for (const p of list.problems) problems.push(`${p.what}: ${p.error.message}`);
      } catch (e) {
        problems.push(`${which === 'webhook' ? 'Webhooks' : 'APIServices'}: ${(e as Error).message}`);
      }
    }
    try {
      const own = this.model.kubeconfigSource(context);
      if (own) sources.push(own);
    } catch (e) {
      problems.push(`kubeconfig: ${(e as Error).message}`);
    }
    const out: CertificateRecord[] = [];
    for (const s of sources) {
      for (const r of certificateRecords(context, s, this.checked.get(s))) {
        if (r.notAfter && new Date(r.notAfter).getTime() - now.getTime() <= within) out.push(r);
      }
    }
    return out.sort((a, b) => new Date(a.notAfter!).getTime() - new Date(b.notAfter!).getTime());
  }

  // ---- documents ----

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const report = this.reports.get(uri.toString());
    if (report !== undefined) return report;
    const parts = uri.path.replace(/\.txt$/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length !== 3) return 'This link is malformed. Open the Secret again from the Cluster Certificates view.\n';
    const [context, namespace, name] = parts;
    const certName = new URLSearchParams(uri.query).get('certificate') ?? undefined;
    try {
      const secret = await this.secret(context, namespace, name);
      let certificate: CmCertificate | undefined;
      let drift: DriftItem[] | undefined;
      if (certName) {
        certificate = await this.model.client(context).certificate(namespace, certName, this.model.signal);
        drift = (await this.drift(context, certificate)).items;
      }
      return secretDocumentText({ context, secret, certificate, drift, now: new Date(), warningDays: this.warningDays() });
    } catch (e) {
      const k = e instanceof KubeError ? e : undefined;
      this.host.log.warn(`Cluster: cannot read Secret ${namespace}/${name} in context ${context}: ${(e as Error).message}`);
      return `Cannot read Secret ${namespace}/${name} in context ${context}.\n${k ? `${ERROR_TITLES[k.kind]}: ` : ''}${(e as Error).message}\n`;
    }
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function summaryOf(d: DecodedSecret): SecretSummary {
  const leaf = d.chain[0] ?? d.ca[0];
  return { namespace: d.namespace, name: d.name, type: d.type, leaf, chainLength: d.chain.length, hasCa: d.ca.length > 0, hasKey: !!d.key, error: d.errors[0], annotations: d.annotations };
}

function certItem(o: CertificateInfo, where: string, now: Date, days: number): vscode.TreeItem {
  const item = new vscode.TreeItem(shortName(o.subject), vscode.TreeItemCollapsibleState.None);
  const role = o.isCA ? (o.selfSigned ? 'root CA' : 'intermediate CA') : '';
  item.description = [where, objectValidity(o, now, days)!.short, role].filter(Boolean).join(' · ');
  item.iconPath = objectIcon(o, now, days);
  item.tooltip = new vscode.MarkdownString(cardMarkdown(o, now, days));
  return item;
}

function checkNode(id: string, c: BundleCheck): ClusterNode {
  return { kind: 'message', id, label: c.text, tone: c.valid === true ? 'info' : c.valid === false ? 'error' : 'warning' };
}

/** Case-insensitive match of the filter against name, namespace, key, resource, subjects and SANs. */
function matchesSource(s: CertSource, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  const hay = [s.name, s.namespace, s.key, s.resource, ...s.certs.flatMap((c) => [c.subject.rfc4514, ...c.san.dnsNames])];
  return hay.some((h) => h.toLowerCase().includes(f));
}

const GROUP_LABELS = { webhook: 'Admission webhooks', crd: 'CRD conversion webhooks', apiservice: 'APIServices' } as const;
const GROUP_TOOLTIPS = {
  webhook: 'The caBundle of every ValidatingWebhookConfiguration and MutatingWebhookConfiguration: the API server trusts only these roots when it calls the webhook.',
  crd: 'The caBundle of CustomResourceDefinitions converted by a webhook.',
  apiservice: 'The caBundle of aggregated APIServices (metrics-server and others).',
} as const;
const GROUP_EMPTY = { webhook: 'No admission webhook with a caBundle', crd: 'No CRD conversion webhook with a caBundle', apiservice: 'No APIService with a caBundle' } as const;
const SOURCE_WHAT: Record<CertSource['resource'], string> = {
  Secret: 'Secret', ConfigMap: 'ConfigMap', ValidatingWebhookConfiguration: 'validating webhook', MutatingWebhookConfiguration: 'mutating webhook',
  CustomResourceDefinition: 'CRD conversion webhook', APIService: 'APIService', kubeconfig: 'kubeconfig',
};
