// What `secrets` and `certificates` share: the cluster flags (kubeconfig, context or every
// context, namespace or every namespace, --expiring-within, --timeout, --page-size), loading
// the kubeconfig, and listing every namespace with a fallback to namespace by namespace when
// the user may not list cluster-wide.
import { parseDuration } from '../core/cluster/duration';
import { Kube, KubeClient, KubeError } from '../node/kube';
import { parseArgs, Parsed, UsageError } from './args';
import type { Io } from './main';

/** The help lines of the flags every cluster command takes. */
export const CLUSTER_OPTIONS_HELP = `  --kubeconfig FILE       kubeconfig file(s), ':'-separated (default: $KUBECONFIG, ~/.kube/config)
  --context NAME          context to use (default: the current context)
  --all-contexts          every context of the kubeconfig
  -n, --namespace NS      namespace (default: the context's namespace, else "default")
  -A, --all-namespaces    every namespace`;

export interface ClusterArgs {
  args: Parsed;
  within?: number;
  timeoutS: number;
  pageSize: number;
}

export function parseClusterArgs(argv: string[], extra: { flags?: string[]; options?: string[] } = {}): ClusterArgs {
  const args = parseArgs(argv, {
    flags: ['json', 'all-namespaces', 'all-contexts', ...(extra.flags ?? [])],
    options: ['kubeconfig', 'context', 'namespace', 'expiring-within', 'timeout', 'page-size', ...(extra.options ?? [])],
    aliases: { n: 'namespace', A: 'all-namespaces' },
  });
  if (args.flags.has('help')) return { args, timeoutS: 0, pageSize: 0 };
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  if (args.flags.has('all-namespaces') && args.options.has('namespace')) throw new UsageError('-n and -A cannot be combined');
  if (args.flags.has('all-contexts') && args.options.has('context')) throw new UsageError('--context and --all-contexts cannot be combined');
  let within: number | undefined;
  if (args.options.has('expiring-within')) {
    const d = parseDuration(args.options.get('expiring-within')!);
    if (!d.ok) throw new UsageError(`--expiring-within: ${d.error}`);
    within = d.ms;
  }
  const timeoutS = Number(args.options.get('timeout') ?? 10);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError('--timeout must be a positive number of seconds');
  const pageSize = Number(args.options.get('page-size') ?? 500);
  if (!Number.isInteger(pageSize) || pageSize <= 0) throw new UsageError('--page-size must be a positive integer');
  return { args, within, timeoutS, pageSize };
}

/** The kubeconfig and the contexts to read, or undefined after printing why (exit 2). */
export function loadContexts(args: Parsed, io: Io, command: string): { kube: Kube; contexts: string[] } | undefined {
  let kube: Kube;
  try {
    kube = Kube.load({ files: args.options.get('kubeconfig')?.split(':').filter(Boolean), missingHint: 'Pass --kubeconfig FILE or set KUBECONFIG (files separated by ":").' });
  } catch (e) {
    io.err(`certwright ${command}: ${(e as Error).message}\n`);
    return undefined;
  }
  const contexts = args.flags.has('all-contexts') ? kube.contexts().map((c) => c.name) : [args.options.get('context') ?? kube.currentContext()];
  if (!contexts.length || !contexts[0]) {
    io.err(`certwright ${command}: the kubeconfig has no current context: pass --context NAME\n`);
    return undefined;
  }
  return { kube, contexts };
}

/**
 * Lists one namespace, or all (`ns` undefined); without cluster-wide permission (403), `reset`
 * drops what was gathered and every namespace is listed on its own, a 403 there going to
 * `forbidden` and the rest going on.
 */
export async function acrossNamespaces(client: KubeClient, ns: string | undefined, list: (n: string | undefined) => Promise<void>, reset: () => void, forbidden: (n: string, e: KubeError) => void): Promise<void> {
  try {
    await list(ns);
  } catch (e) {
    if (!(ns === undefined && e instanceof KubeError && e.kind === 'forbidden')) throw e;
    reset();
    for (const n of (await client.namespaces()).names) {
      try {
        await list(n);
      } catch (e2) {
        if (!(e2 instanceof KubeError && e2.kind === 'forbidden')) throw e2;
        forbidden(n, e2);
      }
    }
  }
}
