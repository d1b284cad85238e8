// `certwright certificates`: every certificate a cluster depends on (Secrets, ConfigMaps,
// admission and CRD conversion webhooks, APIServices, the kubeconfig's client certificate),
// one record per certificate, soonest expiry first; webhook and APIService caBundles are
// checked against the serving certificate of the Secret their Service's pods mount.
import { durationText } from '../core/cluster/duration';
import { holdsCertificates } from '../core/cluster/secrets';
import {
  BundleCheck, CertificateRecord, certificateRecords, CertSource, parseKinds, recordLine, secretSources, SOURCE_KINDS, SourceKind,
} from '../core/cluster/sources';
import { printable } from '../core/printable';
import { apiServiceSourceList, BundleChecker, configMapSourcePages, kubeconfigSourceOf, SourceList, webhookSourceList } from '../node/cluster-sources';
import { KubeClient, KubeError } from '../node/kube';
import { nodeHasher } from '../node/platform';
import { UsageError } from './args';
import { acrossNamespaces, CLUSTER_OPTIONS_HELP, loadContexts, parseClusterArgs } from './cluster-args';
import type { Io } from './main';

export const CERTIFICATES_HELP = `Usage: certwright certificates [--kubeconfig FILE] [--context NAME | --all-contexts] [-n NS | -A]
                               [--json] [--expiring-within DURATION] [--timeout SECONDS]
                               [--kinds secret,configmap,webhook,apiservice,kubeconfig]

Lists every certificate a cluster depends on, soonest expiry first, one per line:
  secret      certificate keys of Secrets (tls.crt, ca.crt, Istio's cacerts and
              istio-ca-secret: ca-cert.pem, cert-chain.pem, root-cert.pem, other *.crt/*.pem)
  configmap   ConfigMaps holding PEM certificates (kube-root-ca.crt, trust-manager targets,
              istio-ca-root-cert, linkerd-identity-trust-roots), binaryData PEM or DER too
  webhook     the caBundle of Validating/MutatingWebhookConfigurations and of CRD conversion
              webhooks, checked against the serving certificate in the Secret mounted by the
              Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs or CronJobs behind the
              webhook's Service, when both can be read
  apiservice  the caBundle of APIServices, checked the same way
  kubeconfig  the client certificate of the context's user (client-certificate-data or file)
Secrets and ConfigMaps are read in the namespace (-n) or all namespaces (-A); webhooks,
APIServices and the kubeconfig belong to no namespace and are always read. Secret data stays in
memory; private keys are never decoded or printed.

Options:
${CLUSTER_OPTIONS_HELP}
  --kinds LIST            which kinds to read (default: all): ${SOURCE_KINDS.join(',')}
  --json                  one JSON array, one object per certificate: context, kind, resource,
                          namespace, name, key, index, count, service, validation, and the
                          inspect --json fields of the certificate
  --expiring-within D     only certificates that expire within D (30d, 720h, 1h30m);
                          exit 1 when there is any
  --timeout SECONDS       per-request time limit, credential plugins included (default 10)

Exit status: 0 listed (and nothing expiring within D), 1 a certificate expires within D,
2 usage error, or a context, namespace or kind could not be read (reason on stderr).`;

interface Row { record: CertificateRecord; notAfter?: Date }

export async function certificates(argv: string[], io: Io): Promise<number> {
  const { args, within, timeoutS, pageSize } = parseClusterArgs(argv, { options: ['kinds'] });
  if (args.flags.has('help')) { io.out(CERTIFICATES_HELP + '\n'); return 0; }
  let kinds: SourceKind[] = [...SOURCE_KINDS];
  if (args.options.has('kinds')) {
    const k = parseKinds(args.options.get('kinds')!);
    if (!k.ok) throw new UsageError(`--kinds: ${k.error}`);
    kinds = k.kinds;
  }
  const loaded = loadContexts(args, io, 'certificates');
  if (!loaded) return 2;
  const { kube, contexts } = loaded;
  const now = new Date();
  const rows: Row[] = [];
  let failed = 0;
  const problem = (context: string, what: string, message: string) => {
    failed++;
    io.err(`certwright certificates: context "${context}"${what ? `, ${what}` : ''}: ${printable(message)}\n`);
  };
  for (const context of contexts) {
    const mine: Row[] = [];
    const add = (sources: CertSource[], checks?: Map<CertSource, BundleCheck>) => {
      for (const s of sources) for (const record of certificateRecords(context, s, checks?.get(s))) mine.push({ record, notAfter: record.notAfter ? new Date(record.notAfter) : undefined });
    };
    try {
      const client = kube.client(context, { timeoutMs: timeoutS * 1000 });
      const ns = args.flags.has('all-namespaces') ? undefined : args.options.get('namespace') ?? client.defaultNamespace;
      for (const kind of kinds) {
        try {
          await readKind(kind, client, ns, pageSize, add, (what, e) => problem(context, what, e.message));
        } catch (e) {
          if (!(e instanceof KubeError) || e.kind === 'forbidden' || e.kind === 'not-found') problem(context, `${kind}`, (e as Error)?.message ?? String(e));
          else throw e;
        }
      }
    } catch (e) {
      problem(context, '', e instanceof KubeError ? e.message : String((e as Error)?.message ?? e));
    }
    rows.push(...mine);
  }
  const shown = within === undefined ? rows : rows.filter((r) => r.notAfter && r.notAfter.getTime() - now.getTime() <= within);
  const key = (r: Row) => `${r.record.context}\u0000${r.record.kind}\u0000${r.record.namespace}\u0000${r.record.name}\u0000${r.record.key}`;
  shown.sort((a, b) => (a.notAfter?.getTime() ?? Infinity) - (b.notAfter?.getTime() ?? Infinity) || key(a).localeCompare(key(b)) || (a.record.index ?? 0) - (b.record.index ?? 0));
  if (args.flags.has('json')) {
    io.out(JSON.stringify(shown.map((r) => r.record), null, 2) + '\n');
  } else {
    const many = contexts.length > 1;
    const days = within !== undefined ? within / 86_400_000 : 30;
    // Names come from the API server: printed without control characters or escape sequences.
    for (const r of shown) io.out(`${printable(`${many ? `${r.record.context}  ` : ''}${recordLine(r.record, now, days)}`)}\n`);
    if (within !== undefined) io.err(`${shown.length} certificate${shown.length === 1 ? '' : 's'} expire${shown.length === 1 ? 's' : ''} within ${durationText(within)}\n`);
    else if (!shown.length && !failed) io.err('no certificates found\n');
  }
  if (failed) return 2;
  return within !== undefined && shown.length ? 1 : 0;
}

type Add = (sources: CertSource[], checks?: Map<CertSource, BundleCheck>) => void;

/** Reads one kind of one context; problems of a part (a namespace, a resource) go to `problem`. */
async function readKind(kind: SourceKind, client: KubeClient, ns: string | undefined, pageSize: number, add: Add, problem: (what: string, e: KubeError) => void): Promise<void> {
  const nsProblem = (what: string) => (n: string, e: KubeError) => problem(`${what} of namespace "${n}"`, e);
  switch (kind) {
    case 'secret': {
      let found: CertSource[] = [];
      await acrossNamespaces(client, ns, async (n) => {
        for await (const page of client.tlsSecretPages(n, pageSize, undefined, holdsCertificates)) for (const s of page) found.push(...secretSources(s, n ?? '', nodeHasher));
      }, () => { found = []; }, nsProblem('Secrets'));
      add(found);
      return;
    }
    case 'configmap': {
      let found: CertSource[] = [];
      await acrossNamespaces(client, ns, (n) => configMapSourcePages(client, n, pageSize, nodeHasher, (s) => found.push(...s)), () => { found = []; }, nsProblem('ConfigMaps'));
      add(found);
      return;
    }
    case 'webhook':
    case 'apiservice': {
      const list: SourceList = kind === 'webhook' ? await webhookSourceList(client, pageSize, nodeHasher) : await apiServiceSourceList(client, pageSize, nodeHasher);
      for (const p of list.problems) problem(p.what, p.error);
      const checker = new BundleChecker(client, nodeHasher);
      const checks = new Map<CertSource, BundleCheck>();
      for (const s of list.sources) checks.set(s, await checker.check(s));
      add(list.sources, checks);
      return;
    }
    case 'kubeconfig': {
      const s = kubeconfigSourceOf(client, nodeHasher);
      if (s) add([s]);
      return;
    }
  }
}
