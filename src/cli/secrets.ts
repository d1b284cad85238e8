// `certwright secrets`: the TLS Secrets of one or all namespaces, in one or every context, with
// their decoded leaf certificate; `--expiring-within` makes it a cron/CI check.
import { durationText, parseDuration } from '../core/cluster/duration';
import { printable } from '../core/printable';
import { byExpiry, expiresWithin, secretRecord, SecretRecord, SecretSummary, summarizeSecret, summaryLine } from '../core/cluster/secrets';
import { Kube, KubeError } from '../node/kube';
import { nodeHasher } from '../node/platform';
import { parseArgs, UsageError } from './args';
import type { Io } from './main';

export const SECRETS_HELP = `Usage: certwright secrets [--kubeconfig FILE] [--context NAME | --all-contexts] [-n NS | -A]
                          [--json] [--expiring-within DURATION] [--timeout SECONDS]

Lists the Secrets that hold TLS material (type kubernetes.io/tls, and any Secret with tls.crt
or ca.crt) with their decoded leaf certificate, soonest expiry first. Secret data stays in
memory; the private key is never printed.

Options:
  --kubeconfig FILE       kubeconfig file(s), ':'-separated (default: $KUBECONFIG, ~/.kube/config)
  --context NAME          context to use (default: the current context)
  --all-contexts          every context of the kubeconfig
  -n, --namespace NS      namespace (default: the context's namespace, else "default")
  -A, --all-namespaces    every namespace
  --json                  one JSON array, one object per Secret: context, namespace, name,
                          secretType, and the inspect --json fields of the leaf certificate
  --expiring-within D     only Secrets whose certificate expires within D (30d, 720h, 1h30m);
                          exit 1 when there is any
  --timeout SECONDS       per-request time limit, credential plugins included (default 10)

Exit status: 0 listed (and nothing expiring within D), 1 a certificate expires within D,
2 usage error, or a context could not be read (reason on stderr).`;

export async function secrets(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    flags: ['json', 'all-namespaces', 'all-contexts'],
    options: ['kubeconfig', 'context', 'namespace', 'expiring-within', 'timeout', 'page-size'],
    aliases: { n: 'namespace', A: 'all-namespaces' },
  });
  if (args.flags.has('help')) { io.out(SECRETS_HELP + '\n'); return 0; }
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

  let kube: Kube;
  try {
    kube = Kube.load({ files: args.options.get('kubeconfig')?.split(':').filter(Boolean), missingHint: 'Pass --kubeconfig FILE or set KUBECONFIG (files separated by ":").' });
  } catch (e) {
    io.err(`certwright secrets: ${(e as Error).message}\n`);
    return 2;
  }
  const contexts = args.flags.has('all-contexts') ? kube.contexts().map((c) => c.name) : [args.options.get('context') ?? kube.currentContext()];
  if (!contexts.length || !contexts[0]) {
    io.err('certwright secrets: the kubeconfig has no current context: pass --context NAME\n');
    return 2;
  }
  const now = new Date();
  const rows: Array<{ context: string; s: SecretSummary }> = [];
  let failed = 0;
  for (const context of contexts) {
    try {
      const client = kube.client(context, { timeoutMs: timeoutS * 1000 });
      const ns = args.flags.has('all-namespaces') ? undefined : args.options.get('namespace') ?? client.defaultNamespace;
      const list = async (n: string | undefined) => {
        for await (const page of client.tlsSecretPages(n, pageSize)) {
          for (const secret of page) rows.push({ context, s: summarizeSecret(secret, n ?? '', nodeHasher) });
        }
      };
      try {
        await list(ns);
      } catch (e) {
        // Without cluster-wide permission, -A lists namespace by namespace.
        if (!(ns === undefined && e instanceof KubeError && e.kind === 'forbidden')) throw e;
        rows.length = rows.filter((r) => r.context !== context).length;
        for (const n of (await client.namespaces()).names) {
          try {
            await list(n);
          } catch (e2) {
            if (!(e2 instanceof KubeError && e2.kind === 'forbidden')) throw e2;
            failed++;
            io.err(`certwright secrets: context "${context}", namespace "${n}": ${e2.message}\n`);
          }
        }
      }
    } catch (e) {
      failed++;
      io.err(`certwright secrets: context "${context}": ${e instanceof KubeError ? e.message : printable(String((e as Error)?.message ?? e))}\n`);
    }
  }
  const shown = within === undefined ? rows : rows.filter((r) => expiresWithin(r.s, now, within!));
  const order = byExpiry<SecretSummary>((s) => s.leaf?.notAfter);
  shown.sort((a, b) => order(a.s, b.s) || a.context.localeCompare(b.context));
  if (args.flags.has('json')) {
    const records: SecretRecord[] = shown.map((r) => secretRecord(r.context, r.s));
    io.out(JSON.stringify(records, null, 2) + '\n');
  } else {
    const many = contexts.length > 1;
    // Names come from the API server: printed without control characters or escape sequences.
    for (const r of shown) io.out(`${printable(`${many ? `${r.context}  ` : ''}${summaryLine(r.s, now, within !== undefined ? within / 86_400_000 : 30)}`)}\n`);
    if (within !== undefined) io.err(`${shown.length} certificate${shown.length === 1 ? '' : 's'} expire${shown.length === 1 ? 's' : ''} within ${durationText(within)}\n`);
    else if (!shown.length && !failed) io.err('no Secrets with TLS material\n');
  }
  if (failed) return 2;
  return within !== undefined && shown.length ? 1 : 0;
}
