// "Generate Vault PKI Setup" (`certwright vault-setup`): the `vault` commands (or Terraform) for a root
// and an intermediate CA, a role whose allowed_domains admit exactly the workspace's Services (the
// four names clients dial: S, S.N, S.N.svc, S.N.svc.<cluster domain>), and the cert-manager Vault
// Issuer that signs through it. Every name that reaches the output is checked against a strict
// pattern first, so no input can leave its string or comment.
import { documents, isLabel, isSubdomain } from './yaml-out';

export interface VaultSetupOptions {
  services: Array<{ name: string; namespace: string }>;
  format?: 'vault' | 'terraform';
  rootMount?: string;
  mount?: string;
  role?: string;
  issuerName?: string;
  issuerKind?: 'Issuer' | 'ClusterIssuer';
  /** Namespace of an Issuer (ClusterIssuers have none). */
  issuerNamespace?: string;
  server?: string;
  maxTtl?: string;
  clusterDomain?: string;
}

export interface VaultSetup {
  /** The vault commands (a shell script) or the Terraform configuration. */
  setup: string;
  /** The cert-manager Issuer/ClusterIssuer (YAML). */
  issuer: string;
  /** The names the role admits. */
  names: string[];
  /** Services left out because their name cannot be a DNS name. */
  skipped: string[];
}

const MOUNT = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
const DURATION = /^\d+h$/;
const SERVER = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?\/?$/;

/** Why an option is not usable, or undefined. */
export function vaultSetupProblem(o: VaultSetupOptions): string | undefined {
  for (const [what, v] of [['mount', o.mount], ['root mount', o.rootMount], ['role', o.role]] as const) {
    if (v !== undefined && !MOUNT.test(v)) return `the ${what} "${v}" must be letters, digits, "-" and "_"`;
  }
  if (o.issuerName !== undefined && !isSubdomain(o.issuerName)) return `the issuer name "${o.issuerName}" must be a lowercase DNS name (letters, digits, "-", ".")`;
  if (o.issuerNamespace !== undefined && !isLabel(o.issuerNamespace)) return `the namespace "${o.issuerNamespace}" must be a lowercase DNS label`;
  if (o.maxTtl !== undefined && !DURATION.test(o.maxTtl)) return `the max TTL "${o.maxTtl}" must be hours, e.g. 720h`;
  if (o.server !== undefined && !SERVER.test(o.server)) return `the Vault address "${o.server}" must be http(s)://host[:port]`;
  if (o.clusterDomain !== undefined && !isSubdomain(o.clusterDomain)) return `the cluster domain "${o.clusterDomain}" must be a DNS name`;
  return undefined;
}

export function vaultSetup(o: VaultSetupOptions): VaultSetup {
  const problem = vaultSetupProblem(o);
  if (problem) throw new Error(problem);
  const root = o.rootMount ?? 'pki', mount = o.mount ?? 'pki_int', role = o.role ?? 'services';
  const issuerName = o.issuerName ?? 'vault-issuer', kind = o.issuerKind ?? 'ClusterIssuer';
  const maxTtl = o.maxTtl ?? '720h', server = o.server ?? 'https://vault.vault.svc:8200', domain = o.clusterDomain ?? 'cluster.local';
  const names: string[] = [];
  const skipped: string[] = [];
  for (const s of o.services) {
    if (!isLabel(s.name) || !isLabel(s.namespace)) { skipped.push(`${s.namespace}/${s.name}`); continue; }
    for (const n of [s.name, `${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc`, `${s.name}.${s.namespace}.svc.${domain}`]) if (!names.includes(n)) names.push(n);
  }
  const ttlHours = Number(maxTtl.slice(0, -1));
  const intHours = Math.max(43800, ttlHours);
  const issuerBody = {
    apiVersion: 'cert-manager.io/v1',
    kind,
    metadata: kind === 'Issuer' ? { name: issuerName, namespace: o.issuerNamespace ?? 'default' } : { name: issuerName },
    spec: {
      vault: {
        server,
        path: `${mount}/sign/${role}`,
        auth: { kubernetes: { role: 'cert-manager', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'cert-manager' } } },
      },
    },
  };
  const issuer = documents([{ comments: [`Signs through Vault role ${mount}/roles/${role} (certwright vault-setup). Certificates using it need no commonName (require_cn=false) and at most ${maxTtl} duration.`], body: issuerBody }]);
  const allowed = names.join(',');
  let setup: string;
  if ((o.format ?? 'vault') === 'vault') {
    setup = [
      '#!/bin/sh',
      '# Vault PKI for the workspace\'s Services (certwright vault-setup): a root CA, an intermediate,',
      `# a role admitting exactly ${names.length} Service names, and the policy and Kubernetes auth role cert-manager uses.`,
      'set -eu',
      `vault secrets enable -path=${root} pki`,
      `vault secrets tune -max-lease-ttl=87600h ${root}`,
      `vault write -field=certificate ${root}/root/generate/internal common_name="Root CA" key_type=ec key_bits=384 ttl=87600h > root-ca.crt`,
      `vault secrets enable -path=${mount} pki`,
      `vault secrets tune -max-lease-ttl=${intHours}h ${mount}`,
      `vault write -field=csr ${mount}/intermediate/generate/internal common_name="Intermediate CA" key_type=ec key_bits=256 > ${mount}.csr`,
      `vault write -field=certificate ${root}/root/sign-intermediate csr=@${mount}.csr format=pem_bundle ttl=${intHours}h > ${mount}.crt`,
      `vault write ${mount}/intermediate/set-signed certificate=@${mount}.crt`,
      `vault write ${mount}/roles/${role} \\`,
      `  allowed_domains="${allowed}" \\`,
      '  allow_bare_domains=true allow_subdomains=false allow_glob_domains=false allow_localhost=false \\',
      '  enforce_hostnames=true allow_ip_sans=false require_cn=false \\',
      `  server_flag=true client_flag=true key_type=any max_ttl=${maxTtl}`,
      `vault policy write cert-manager - <<'EOF'`,
      `path "${mount}/sign/${role}" { capabilities = ["create", "update"] }`,
      'EOF',
      'vault auth enable kubernetes || true',
      'vault write auth/kubernetes/role/cert-manager bound_service_account_names=cert-manager bound_service_account_namespaces=cert-manager policies=cert-manager ttl=1h',
      '',
    ].join('\n');
  } else {
    const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
    setup = [
      '# Vault PKI for the workspace\'s Services (certwright vault-setup --format terraform).',
      `resource "vault_mount" "root" {\n  path                  = "${root}"\n  type                  = "pki"\n  max_lease_ttl_seconds = ${87600 * 3600}\n}`,
      `resource "vault_pki_secret_backend_root_cert" "root" {\n  backend     = vault_mount.root.path\n  type        = "internal"\n  common_name = "Root CA"\n  key_type    = "ec"\n  key_bits    = 384\n  ttl         = "${87600 * 3600}"\n}`,
      `resource "vault_mount" "intermediate" {\n  path                  = "${mount}"\n  type                  = "pki"\n  max_lease_ttl_seconds = ${intHours * 3600}\n}`,
      `resource "vault_pki_secret_backend_intermediate_cert_request" "intermediate" {\n  backend     = vault_mount.intermediate.path\n  type        = "internal"\n  common_name = "Intermediate CA"\n  key_type    = "ec"\n  key_bits    = 256\n}`,
      `resource "vault_pki_secret_backend_root_sign_intermediate" "intermediate" {\n  backend     = vault_mount.root.path\n  csr         = vault_pki_secret_backend_intermediate_cert_request.intermediate.csr\n  common_name = "Intermediate CA"\n  format      = "pem_bundle"\n  ttl         = "${intHours * 3600}"\n}`,
      `resource "vault_pki_secret_backend_intermediate_set_signed" "intermediate" {\n  backend     = vault_mount.intermediate.path\n  certificate = vault_pki_secret_backend_root_sign_intermediate.intermediate.certificate\n}`,
      `resource "vault_pki_secret_backend_role" "services" {\n  backend            = vault_mount.intermediate.path\n  name               = "${role}"\n  allowed_domains    = ${list(names)}\n  allow_bare_domains = true\n  allow_subdomains   = false\n  allow_glob_domains = false\n  allow_localhost    = false\n  enforce_hostnames  = true\n  allow_ip_sans      = false\n  require_cn         = false\n  server_flag        = true\n  client_flag        = true\n  key_type           = "any"\n  max_ttl            = "${ttlHours * 3600}"\n}`,
      `resource "vault_policy" "cert_manager" {\n  name   = "cert-manager"\n  policy = <<-EOT\n    path "${mount}/sign/${role}" { capabilities = ["create", "update"] }\n  EOT\n}`,
      '',
    ].join('\n\n');
  }
  return { setup, issuer, names, skipped };
}
