// `certwright vault-setup [--format vault|terraform] [options] [PATH...]`: Vault PKI for the Services
// found in the Kubernetes YAML under PATH (src/core/author/vault-setup.ts).
import { readK8sObjects } from '../core/author/workloads';
import { vaultSetup, vaultSetupProblem, type VaultSetupOptions } from '../core/author/vault-setup';
import { expandPaths } from '../node/files';
import { readText } from '../node/author-files';
import { parseArgs, UsageError } from './args';
import type { Io } from './main';

export const VAULT_SETUP_HELP = `Usage: certwright vault-setup [--format vault|terraform] [options] [PATH...]

Prints the Vault PKI setup for the Services in the Kubernetes YAML under PATH (default: .): a root
CA, an intermediate, a role whose allowed_domains admit each Service's names (S, S.N, S.N.svc,
S.N.svc.cluster.local; require_cn=false, server and client flags), the policy cert-manager needs,
and the matching cert-manager Vault ClusterIssuer. The output lints clean with certwright lint.

Options:
  --format vault|terraform   vault commands (a shell script, default) or Terraform
  --mount NAME               intermediate mount (default pki_int); --root-mount NAME (default pki)
  --role NAME                role name (default services)
  --issuer NAME              Issuer name (default vault-issuer); --issuer-kind Issuer|ClusterIssuer
  --namespace NS             the Issuer's namespace (with --issuer-kind Issuer)
  --server URL               Vault address for cert-manager (default https://vault.vault.svc:8200)
  --max-ttl 720h             the role's max_ttl (hours)

Exit status: 0 printed, 2 usage error or unreadable file.`;

export async function vaultSetupCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ['format', 'mount', 'root-mount', 'role', 'issuer', 'issuer-kind', 'namespace', 'server', 'max-ttl'] });
  if (args.flags.has('help')) { io.out(VAULT_SETUP_HELP + '\n'); return 0; }
  const format = args.options.get('format') ?? 'vault';
  if (format !== 'vault' && format !== 'terraform') throw new UsageError(`--format must be vault or terraform, not "${format}"`);
  const kind = args.options.get('issuer-kind') ?? 'ClusterIssuer';
  if (kind !== 'Issuer' && kind !== 'ClusterIssuer') throw new UsageError(`--issuer-kind must be Issuer or ClusterIssuer, not "${kind}"`);
  const services: VaultSetupOptions['services'] = [];
  let unreadable = 0;
  let files: string[];
  try {
    files = expandPaths(args.positionals.length ? args.positionals : ['.']).filter((f) => /\.ya?ml$/i.test(f));
  } catch (e) {
    io.err(`certwright vault-setup: cannot read ${(e as NodeJS.ErrnoException).path ?? ''}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  for (const f of files) {
    try {
      for (const o of readK8sObjects(f, readText(f, 'the manifest'))) if (o.kind === 'Service') services.push({ name: o.name, namespace: o.namespace });
    } catch (e) {
      io.err(`certwright vault-setup: ${(e as Error).message}\n`);
      unreadable++;
    }
  }
  if (!services.length) throw new UsageError('no Service found in the given files: the role would admit no name');
  const opts: VaultSetupOptions = {
    services, format, mount: args.options.get('mount'), rootMount: args.options.get('root-mount'), role: args.options.get('role'), issuerName: args.options.get('issuer'),
    issuerKind: kind, issuerNamespace: args.options.get('namespace'), server: args.options.get('server'), maxTtl: args.options.get('max-ttl'),
  };
  const problem = vaultSetupProblem(opts);
  if (problem) throw new UsageError(problem);
  const out = vaultSetup(opts);
  for (const s of out.skipped) io.err(`certwright vault-setup: Service ${s} left out: its name is not a DNS label\n`);
  if (format === 'vault') io.out(`${out.setup}kubectl apply -f - <<'EOF'\n${out.issuer}EOF\n`);
  else io.out(`${out.setup}\nresource "kubernetes_manifest" "issuer" {\n  manifest = yamldecode(<<-EOT\n${out.issuer.replace(/^/gm, '    ').replace(/ +$/, '')}  EOT\n  )\n}\n`);
  return unreadable ? 2 : 0;
}
