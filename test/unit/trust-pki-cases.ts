// End-to-end trust through roots made outside cert-manager (#17 part 2, lane t17o): chains an
// openssl script makes (`openssl req -x509 -out ca.crt`, `openssl x509 -req -CA ca.crt`, loaded by
// `kubectl create secret tls|generic`) and chains a Vault mount issues (a cert-manager Vault issuer
// on pki_int/sign/<role>, pki_int signed by pki's root), shaped like the seeds' guides. Each case
// changes one thing of the trust-cases corpus (server "api" in payments, client "orders").
import { bundle, client, corpus, server, VAULT_ISSUER, type Case, type ClientOpts, type Input } from './trust-cases';

export const URL = 'https://api.payments.svc:8443';

/** The Deployment and Service of the server, without its cert-manager Certificate (a script makes api-tls). */
export const serverWorkload = () => server().slice(server().indexOf('---\n') + 4);
/** The client's Deployment, without its cert-manager Certificate (a script makes orders-tls). */
export const clientWorkload = (o: Parameters<typeof client>[0] = {}) => client(o).slice(client(o).indexOf('---\n') + 4);

/**
 * One script per team, as the guides write them: a CA (`openssl req -x509`), a service certificate
 * signed by it, and `kubectl create secret generic` with tls.crt, tls.key and ca.crt.
 * `caFile`: the file loaded as ca.crt (the team's own ca.crt, or another team's file).
 */
export function teamScript(o: { team: string; cn: string; service: string; ns: string; secret: string; caFile?: string }): string {
  return `#!/usr/bin/env bash
set -euo pipefail
# ${o.team}: a private CA and the service certificate, loaded into Secret ${o.secret}
openssl req -x509 -new -nodes -newkey rsa:4096 -keyout ca.key -sha256 -days 3650 -out ca.crt -subj "/O=Example/CN=${o.cn}"
openssl req -new -nodes -newkey rsa:2048 -keyout ${o.service}.key -out ${o.service}.csr -subj "/CN=${o.service}.${o.ns}.svc" \\
  -addext "subjectAltName=DNS:${o.service},DNS:${o.service}.${o.ns}.svc,DNS:${o.service}.${o.ns}.svc.cluster.local"
openssl x509 -req -in ${o.service}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out ${o.service}.crt -days 365 -sha256 -copy_extensions copy
kubectl create secret generic ${o.secret} --namespace ${o.ns} \\
  --from-file=tls.crt=${o.service}.crt \\
  --from-file=tls.key=${o.service}.key \\
  --from-file=ca.crt=${o.caFile ?? 'ca.crt'}
`;
}

/** One script making both certificates under one CA (the seed 002 shape, its function unrolled): the right setup. */
export const SHARED_CA_SCRIPT = `#!/bin/sh
set -e
openssl genrsa -out ca.key 4096
openssl req -new -x509 -key ca.key -out ca.crt -days 3650 \\
  -subj "/O=Example/CN=Example Root CA"

NS=payments
openssl req -new -newkey rsa:2048 -nodes -keyout api.key -out api.csr -subj "/CN=api.$NS.svc" \\
  -addext "subjectAltName=DNS:api,DNS:api.$NS.svc,DNS:api.$NS.svc.cluster.local"
openssl x509 -req -in api.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out api.crt -days 365 -copy_extensions copy
openssl req -new -newkey rsa:2048 -nodes -keyout orders.key -out orders.csr -subj "/CN=orders.orders.svc"
openssl x509 -req -in orders.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out orders.crt -days 365
kubectl create secret generic api-tls -n $NS --from-file=tls.crt=api.crt --from-file=tls.key=api.key --from-file=ca.crt=ca.crt
kubectl create secret generic orders-tls -n orders --from-file=tls.crt=orders.crt --from-file=tls.key=orders.key --from-file=ca.crt=ca.crt
`;

/** The seed 002 shape as published: certificates made in a function of $1 (names not known to the reader). */
export const FUNCTION_SCRIPT = `#!/bin/sh
openssl req -new -x509 -newkey rsa:4096 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=Internal Services CA"
issue() {
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 1
}
issue api
kubectl create secret generic api-tls -n payments --from-file=tls.crt=api.crt --from-file=ca.crt=ca.crt
`;

/** HashiCorp's "Build your own CA" tutorial: pki's root, pki_int's intermediate signed by it, a role. */
export const VAULT_PKI = (cn = 'example.com Root') => `#!/usr/bin/env bash
set -euo pipefail
vault secrets enable pki
vault secrets tune -max-lease-ttl=87600h pki
vault write -field=certificate pki/root/generate/internal \\
  common_name="${cn}" issuer_name="root-2024" ttl=87600h > root_2024_ca.crt
vault secrets enable -path=pki_int pki
vault secrets tune -max-lease-ttl=43800h pki_int
vault write -format=json pki_int/intermediate/generate/internal \\
  common_name="example.com Intermediate Authority" | jq -r '.data.csr' > pki_intermediate.csr
vault write -format=json pki/root/sign-intermediate issuer_ref="root-2024" \\
  csr=@pki_intermediate.csr format=pem_bundle ttl="43800h" | jq -r '.data.certificate' > intermediate.cert.pem
vault write pki_int/intermediate/set-signed certificate=@intermediate.cert.pem
vault write pki_int/roles/payments allowed_domains=payments.svc allow_subdomains=true require_cn=false max_ttl=720h
`;

/** The same PKI in Terraform (vault_mount, root_cert, intermediate request signed by the root). */
export const VAULT_TF = `resource "vault_mount" "pki" {
  path                  = "pki"
  type                  = "pki"
  max_lease_ttl_seconds = 315360000
}

resource "vault_pki_secret_backend_root_cert" "root" {
  backend     = vault_mount.pki.path
  type        = "internal"
  common_name = "example.com Root"
  ttl         = 315360000
}

resource "vault_mount" "pki_int" {
  path = "pki_int"
  type = "pki"
}

resource "vault_pki_secret_backend_intermediate_cert_request" "int" {
  backend     = vault_mount.pki_int.path
  type        = "internal"
  common_name = "example.com Intermediate Authority"
}

resource "vault_pki_secret_backend_root_sign_intermediate" "int" {
  backend     = vault_mount.pki.path
  csr         = vault_pki_secret_backend_intermediate_cert_request.int.csr
  common_name = "example.com Intermediate Authority"
  ttl         = 157680000
}

resource "vault_pki_secret_backend_intermediate_set_signed" "int" {
  backend     = vault_mount.pki_int.path
  certificate = vault_pki_secret_backend_root_sign_intermediate.int.certificate
}
`;

/** The server issued by Vault (cert-manager's Vault ClusterIssuer on pki_int/sign/payments). */
export const vaultServer = (extra: Input[] = [], client: ClientOpts = {}): Input[] => corpus({ serverIssuer: 'vault', client, extra: [{ path: 'platform/vault-issuer.yaml', text: VAULT_ISSUER }, ...extra] });

/** A CA issuer whose Secret a script makes (seed 002: `kubectl create secret tls internal-ca-key-pair --cert=ca.crt --key=ca.key`). */
export const SCRIPT_CA_ISSUER = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: payments-ca
spec:
  ca:
    secretName: payments-root
`;
export const BOOTSTRAP = (legacy = true) => `#!/bin/sh
# The payments CA for cert-manager's CA issuer, and (before it) the legacy root the old clients trust.
set -e
${legacy ? `openssl req -x509 -newkey rsa:2048 -nodes -keyout legacy.key -out legacy-ca.crt -days 3650 -subj "/CN=Legacy Root CA"
kubectl create secret generic legacy-root -n cert-manager --from-file=ca.crt=legacy-ca.crt
` : ''}openssl req -x509 -newkey rsa:4096 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/O=Example/CN=Payments Root CA"
kubectl create secret tls payments-root --cert=ca.crt --key=ca.key -n cert-manager
`;
const scriptIssued = (source: string): Input[] => corpus({
  roots: SCRIPT_CA_ISSUER,
  client: { caEnv: ['SSL_CERT_FILE', '/etc/trust/ca-bundle.crt'], bundle: 'orders-bundle' },
  extra: [{ path: 'scripts/bootstrap-pki.sh', text: BOOTSTRAP() }, { path: 'platform/bundle.yaml', text: bundle('orders-bundle', source) }],
}).map((f) => (f.path === 'platform/pki.yaml' ? { path: f.path, text: SCRIPT_CA_ISSUER } : f));

/** Two teams' scripts, each with its own CA; the client's ca.crt is its own team's (or `caFile`). */
export const twoScripts = (caFile?: string): Input[] => [
  { path: 'scripts/payments-certs.sh', text: teamScript({ team: 'payments', cn: 'Payments Root CA', service: 'api', ns: 'payments', secret: 'api-tls' }) },
  { path: 'scripts/orders-certs.sh', text: teamScript({ team: 'orders', cn: 'Orders Root CA', service: 'orders', ns: 'orders', secret: 'orders-tls', caFile }) },
  { path: 'apps/payments/api.yaml', text: serverWorkload() },
  { path: 'apps/orders/orders.yaml', text: clientWorkload() },
];

export const TRUST_PKI_FAILS: Case[] = [
  { code: 'trust-root-missing', name: 'a client whose ca.crt is its own openssl root, the server signed by another script\'s root', files: twoScripts(), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'trust-root-missing', name: 'a client trusting its cert-manager CA, the server issued by Vault (pki_int signed by pki)', files: vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI() }]), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'trust-root-missing', name: 'the server issued through pki_int/issuer/<ref>/sign/<role> (one issuer of the mount, Vault 1.11+)', files: vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI() }]).map((f) => (f.path === 'platform/vault-issuer.yaml' ? { path: f.path, text: f.text.replace('path: pki_int/sign/payments', 'path: pki_int/issuer/default/sign/payments') } : f)), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'trust-root-missing', name: 'a client trusting its cert-manager CA, the server issued by a Vault PKI made in Terraform', files: vaultServer([{ path: 'terraform/pki.tf', text: VAULT_TF }]), file: 'apps/orders/orders.yaml', at: URL },
  { code: 'trust-root-missing', name: 'a trust-manager Bundle sourced from the legacy root\'s Secret a script makes, the server under the script-made payments CA', files: scriptIssued('    - secret:\n        name: legacy-root\n        key: ca.crt\n'), file: 'apps/orders/orders.yaml', at: URL },
];

export const TRUST_PKI_PASSES: Case[] = [
  { code: 'trust-root-missing', name: 'one script makes the CA, both certificates and both Secrets with that ca.crt', files: [{ path: 'scripts/certs.sh', text: SHARED_CA_SCRIPT }, ...twoScripts().slice(2)] },
  { code: 'trust-root-missing', name: 'client and server issued by the same Vault mount (script and Terraform)', files: [
    ...vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI() }], { issuer: 'vault' }),
    ...vaultServer([{ path: 'terraform/pki.tf', text: VAULT_TF }], { issuer: 'vault' }).map((f) => ({ path: `tf/${f.path}`, text: f.text })),
  ] },
  { code: 'trust-root-missing', name: 'a Bundle sourced from the script-made CA Secret the server\'s issuer signs with', files: scriptIssued('    - secret:\n        name: payments-root\n        key: tls.crt\n') },
  { code: 'trust-root-missing', name: 'the Vault root written to a file and loaded into the client\'s Secret by the same script', files: [
    { path: 'vault/setup-pki.sh', text: `${VAULT_PKI()}kubectl create secret generic orders-tls -n orders --from-file=ca.crt=root_2024_ca.crt\n` },
    ...vaultServer().filter((f) => f.path !== 'apps/orders/orders.yaml'),
    { path: 'apps/orders/orders.yaml', text: clientWorkload() },
  ] },
  { code: 'trust-root-missing', name: 'unknown: the server\'s certificate made in a shell function of $1 (the seed\'s issue_cert)', files: [{ path: 'scripts/certs.sh', text: FUNCTION_SCRIPT }, ...twoScripts().slice(1)] },
  { code: 'trust-root-missing', name: 'unknown: the server\'s CA file no line of its script writes', files: [
    { path: 'scripts/server.sh', text: teamScript({ team: 'payments', cn: 'Payments Root CA', service: 'api', ns: 'payments', secret: 'api-tls' }).replace(/^openssl req -x509.*\n/m, '') },
    ...twoScripts().slice(1),
  ] },
  { code: 'trust-root-missing', name: 'templated: the Vault issuer\'s path from Helm values', files: vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI() }]).map((f) => (f.path === 'platform/vault-issuer.yaml' ? { path: f.path, text: f.text.replace('path: pki_int/sign/payments', 'path: "{{ .Values.vault.pkiPath }}"') } : f)) },
  { code: 'trust-root-missing', name: 'unknown: pki_int generated but signed by hand (the seed\'s "get CSR, sign with root, import back")', files: vaultServer([{ path: 'vault/setup.sh', text: VAULT_PKI().replace(/^vault write -format=json pki\/root\/sign-intermediate.*\n.*\n/m, '') }]) },
  { code: 'trust-root-missing', name: 'unknown: the root mount\'s CA imported afterwards (pki/config/ca)', files: vaultServer([{ path: 'vault/setup.sh', text: `${VAULT_PKI()}vault write pki/config/ca pem_bundle=@offline-root-bundle.pem\n` }]) },
  { code: 'trust-root-missing', name: 'unknown: an issuer/<ref>/ path on a mount whose root was rotated (the ref may name either root)', files: vaultServer([{ path: 'vault/setup.sh', text: `${VAULT_PKI()}vault write pki/root/rotate/internal common_name="example.com Root 2025"\n` }]).map((f) => (f.path === 'platform/vault-issuer.yaml' ? { path: f.path, text: f.text.replace('path: pki_int/sign/payments', 'path: pki/issuer/next/sign/payments') } : f)) },
  { code: 'trust-root-missing', name: 'unknown: the root mount\'s CA rotated (pki/root/rotate/internal)', files: vaultServer([{ path: 'vault/setup.sh', text: `${VAULT_PKI()}vault write pki/root/rotate/internal common_name="example.com Root 2025"\n` }]) },
  { code: 'trust-root-missing', name: 'unknown: the Vault root\'s common_name from a variable', files: vaultServer([{ path: 'vault/setup.sh', text: VAULT_PKI('$ROOT_CN') }]) },
];
