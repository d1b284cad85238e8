// Failing and passing cases of the PKI rules (issue 14: openssl, Vault PKI, Terraform), spread into
// the rule table of lint-rules.test.ts: exact ranges, severities and quick fixes are checked there.

type Input = { path: string; text: string };
export interface PkiFail { code: string; name: string; files: Input[]; at: string; file?: string; line?: number; fixed?: string }
export interface PkiPass { code: string; name: string; files: Input[] }

const sh = (text: string, path = 'scripts/pki.sh'): Input => ({ path, text: `#!/bin/bash\n${text}` });

/** A leaf extension file as the seeds write it. */
export const EXT = (extra = '', ca = 'CA:FALSE') => `basicConstraints = ${ca}
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = @alt_names
${extra}
[alt_names]
DNS.1 = orders
DNS.2 = orders.prod.svc.cluster.local
IP.1 = 10.0.0.12
`;

export const ROLE = (fields: string) => `vault secrets enable -path=pki_int pki
vault secrets tune -max-lease-ttl=720h pki_int
vault write pki_int/roles/services \\
  allowed_domains="svc.cluster.local" \\
  allow_subdomains=true \\
  ${fields}
`;

export const VAULT_ISSUER = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: vault
spec:
  vault:
    server: https://vault.vault.svc:8200
    path: pki_int/sign/services
    auth:
      kubernetes:
        role: cert-manager
        mountPath: /v1/auth/kubernetes
        secretRef:
          name: cert-manager-vault-token
          key: token
`;

export const vaultCert = (spec: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: orders
  namespace: prod
spec:
  secretName: orders-tls
  issuerRef:
    name: vault
    kind: ClusterIssuer
${spec}`;

const chain = (roleFields: string, spec: string): Input[] => [
  sh(ROLE(roleFields), 'vault/setup.sh'),
  { path: 'k8s/issuer.yaml', text: VAULT_ISSUER },
  { path: 'k8s/cert.yaml', text: vaultCert(spec) },
];

const DNS = '  dnsNames:\n    - orders.prod.svc.cluster.local\n';

/** A Service and a Deployment in prod mounting Secret orders-tls, and a script that makes that Secret with openssl. */
export const SERVED = `apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: prod
spec:
  selector:
    app: orders
  ports:
    - port: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: prod
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: example/orders:1
      volumes:
        - name: tls
          secret:
            secretName: orders-tls
`;
const opensslSecret = (sans: string) => sh(`SVC=orders
cat > $SVC.ext <<EOF
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = ${sans}
EOF
openssl x509 -req -in $SVC.csr -CA ca.crt -CAkey ca.key -out $SVC.crt -days 90 -extfile $SVC.ext
kubectl create secret tls $SVC-tls --cert=$SVC.crt --key=$SVC.key -n prod
`, 'scripts/certs.sh');


/** A Deployment in prod that dials Service orders over https and mounts Secret checkout-tls (a TLS client). */
export const DIALER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: prod
spec:
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: checkout
          image: example/checkout:1
          env:
            - name: ORDERS_URL
              value: https://orders.prod.svc.cluster.local:8443/api
      volumes:
        - name: tls
          secret:
            secretName: checkout-tls
`;
export const ALL_ORDERS = 'DNS:orders, DNS:orders.prod, DNS:orders.prod.svc, DNS:orders.prod.svc.cluster.local';
/** checkout's certificate: extensions in a heredoc of the script (quoted: nothing expanded). */
export const checkoutScript = (eku: string) => sh(`cat > checkout.ext <<'EOF'
basicConstraints = CA:FALSE
extendedKeyUsage = ${eku}
subjectAltName = DNS:checkout.prod.svc
EOF
openssl x509 -req -in checkout.csr -CA ca.crt -CAkey ca.key -out checkout.crt -days 90 -extfile checkout.ext
kubectl create secret tls checkout-tls --cert=checkout.crt --key=checkout.key -n prod
`, 'scripts/checkout.sh');
/** A self-signed orders certificate made with -addext, loaded with --namespace as a separate word. */
export const selfSigned = (addext: string) => sh(`openssl req -x509 -newkey rsa:2048 -nodes -keyout orders.key -out orders.crt -days 365 -subj "/CN=orders" ${addext}
kubectl create secret tls orders-tls --cert=orders.crt --key=orders.key --namespace prod
`, 'scripts/orders.sh');

/** openssl-made certificates as the certificates of their Secrets in the cross-file rules. */
export const SCRIPT_CERT_FAILS: PkiFail[] = [
  { code: 'san-service-coverage', name: 'req -x509 -addext SANs short of the Service names (kubectl --namespace prod)', files: [selfSigned('-addext "subjectAltName=DNS:orders,DNS:orders.prod"'), { path: 'k8s/orders.yaml', text: SERVED }], at: 'orders.crt', line: 3 },
  { code: 'san-service-coverage', name: 'no subjectAltName: the -subj CN of the CSR is the one name', files: [sh('openssl req -new -key orders.key -out orders.csr -subj "/O=Shop/CN=orders.prod.svc"\nopenssl x509 -req -in orders.csr -CA ca.crt -CAkey ca.key -out orders.crt -days 90\nkubectl create secret tls orders-tls --cert=orders.crt --key=orders.key -n prod\n'), { path: 'k8s/orders.yaml', text: SERVED }], at: 'orders.crt', line: 4 },
  { code: 'san-service-coverage', name: 'SANs of an extension file next to the script', files: [sh('openssl x509 -req -in orders.csr -CA ca.crt -CAkey ca.key -out orders.crt -days 90 -extfile orders.ext\nkubectl create secret tls orders-tls --cert=orders.crt --key=orders.key -n prod\n'), { path: 'scripts/orders.ext', text: 'extendedKeyUsage = serverAuth\nsubjectAltName = DNS:orders.prod.svc.cluster.local\n' }, { path: 'k8s/orders.yaml', text: SERVED }], at: 'orders.crt', line: 3 },
  { code: 'san-service-coverage', name: 'kubectl create secret generic --from-file=tls.crt=FILE (the guides\' form)', files: [sh('openssl req -x509 -newkey rsa:2048 -nodes -keyout orders.key -out orders.crt -subj "/CN=orders" -addext "subjectAltName=DNS:orders.prod.svc"\nkubectl create secret generic orders-tls --namespace prod --from-file=tls.crt=orders.crt --from-file=tls.key=orders.key --dry-run=client -o yaml | kubectl apply -f -\n'), { path: 'k8s/orders.yaml', text: SERVED }], at: 'orders.crt', line: 3 },
  { code: 'usage-client-auth-missing', name: 'a workload that dials out presents a serverAuth-only openssl certificate', files: [checkoutScript('serverAuth'), { path: 'k8s/checkout.yaml', text: DIALER }], at: 'serverAuth', line: 4 },
  { code: 'usage-client-auth-missing', name: 'serverAuth-only EKU from an extension file (at --cert)', files: [sh('openssl x509 -req -in checkout.csr -CA ca.crt -CAkey ca.key -out checkout.crt -extfile checkout.ext\nkubectl create secret tls checkout-tls --cert=checkout.crt --key=checkout.key -n prod\n', 'scripts/checkout.sh'), { path: 'scripts/checkout.ext', text: 'extendedKeyUsage = serverAuth\nsubjectAltName = DNS:checkout\n' }, { path: 'k8s/checkout.yaml', text: DIALER }], at: 'checkout.crt', line: 3 },
  { code: 'usage-server-auth-missing', name: 'an openssl certificate with clientAuth only, served behind a Service', files: [selfSigned(`-addext "subjectAltName=${ALL_ORDERS}" -addext "extendedKeyUsage=clientAuth"`), { path: 'k8s/orders.yaml', text: SERVED }], at: 'clientAuth', line: 2 },
  { code: 'san-dialed-host', name: 'a URL dialing a name the openssl certificate of the Service lacks', files: [{ path: 'k8s/checkout.yaml', text: DIALER }, selfSigned('-addext "subjectAltName=DNS:orders,DNS:orders.prod,DNS:orders.prod.svc"'), { path: 'k8s/orders.yaml', text: SERVED }], at: 'https://orders.prod.svc.cluster.local:8443' },
];

/** Unknown stays unknown: certificates whose names or usages a script does not plainly say. */
export const SCRIPT_CERT_PASSES: PkiPass[] = [
  { code: 'san-service-coverage', name: 'openssl certificates whose SANs are not known (variables, $(...), configs outside the workspace, loops)', files: [sh(`EXT_DIR=$1
openssl x509 -req -in a.csr -CA ca.crt -CAkey ca.key -out orders.crt -extfile "$EXT_DIR/orders.ext"
kubectl create secret tls orders-tls --cert=orders.crt --key=orders.key -n prod
openssl req -x509 -newkey rsa:2048 -nodes -keyout b.key -out b.crt -subj "/CN=$(hostname -f)"
kubectl create secret tls orders-tls --cert=b.crt --key=b.key -n prod
openssl req -x509 -newkey rsa:2048 -nodes -keyout c.key -out c.crt -subj "/CN=c" -addext "subjectAltName=DNS:$(hostname -f)"
kubectl create secret tls orders-tls --cert=c.crt --key=c.key -n prod
openssl req -x509 -config /etc/ssl/openssl.cnf -extensions v3_req -newkey rsa:2048 -nodes -keyout d.key -out d.crt -subj "/CN=d"
kubectl create secret tls orders-tls --cert=d.crt --key=d.key -n prod
for svc in orders payments; do
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$svc.key" -out "$svc.crt" -subj "/CN=$svc"
  kubectl create secret tls "$svc-tls" --cert="$svc.crt" --key="$svc.key" -n prod
done
`), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'san-service-coverage', name: "-copy_extensions copy: the CSR's -addext SANs cover every Service name", files: [sh(`openssl req -new -key orders.key -out orders.csr -subj "/CN=orders" -addext "subjectAltName=${ALL_ORDERS}"
openssl x509 -req -in orders.csr -CA ca.crt -CAkey ca.key -out orders.crt -copy_extensions copy
kubectl create secret tls orders-tls --cert=orders.crt --key=orders.key -n prod
`), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'usage-client-auth-missing', name: 'openssl certificates with clientAuth, with no EKU (any purpose), or an EKU not known', files: [checkoutScript('serverAuth, clientAuth'), { path: 'k8s/checkout.yaml', text: DIALER }, { path: 'k8s/staging.yaml', text: DIALER.replace(/namespace: prod/, 'namespace: staging') }, { path: 'k8s/dev.yaml', text: DIALER.replace(/namespace: prod/, 'namespace: dev') }, sh('openssl req -x509 -newkey rsa:2048 -nodes -keyout x.key -out x.crt -subj "/CN=x" -addext "subjectAltName=DNS:x"\nkubectl create secret tls checkout-tls --cert=x.crt --key=x.key -n staging\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout y.key -out y.crt -subj "/CN=y" -addext "extendedKeyUsage=$EKU"\nkubectl create secret tls checkout-tls --cert=y.crt --key=y.key -n dev\n', 'scripts/other.sh')] },
  { code: 'usage-server-auth-missing', name: 'an openssl certificate with serverAuth served behind a Service', files: [selfSigned(`-addext "subjectAltName=${ALL_ORDERS}" -addext "extendedKeyUsage=serverAuth,clientAuth"`), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'san-dialed-host', name: 'a URL dialing a name the openssl certificate lists', files: [{ path: 'k8s/checkout.yaml', text: DIALER }, selfSigned(`-addext "subjectAltName=${ALL_ORDERS}"`), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'secret-not-produced', name: 'kubectl create secret tls/generic of a certificate no openssl line of the script makes: the Secret is produced, nothing known of its certificate', files: [sh('kubectl create secret tls orders-tls --cert=certs/orders.crt --key=certs/orders.key -n prod\nkubectl create secret generic checkout-tls --from-file=tls.crt=checkout.pem --from-file=tls.key=checkout-key.pem -n prod\n'), { path: 'k8s/orders.yaml', text: SERVED }, { path: 'k8s/checkout.yaml', text: DIALER }, { path: 'k8s/other.yaml', text: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: other\n  namespace: prod\nspec:\n  secretName: other-tls\n  dnsNames: [other]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n' }] },
  { code: 'san-dialed-host', name: 'a URL dialing a Service whose openssl certificate has SANs not known', files: [{ path: 'k8s/checkout.yaml', text: DIALER }, selfSigned('-addext "subjectAltName=DNS:$SERVICE_HOST"'), { path: 'k8s/orders.yaml', text: SERVED }] },
];

/**
 * A script that writes its openssl config with an unquoted heredoc whose names come from shell
 * variables (`DNS.2 = ${SERVICE}.${NAMESPACE}.svc`), signs with it and loads the Secret.
 * `vars` sets the variables (plainly, or not); `alt` is the [alt_names] body.
 */
export const heredocScript = (vars: string, alt: string, delim = 'EOF') => sh(`${vars}
cat > openssl.cnf <<${delim}
[ req ]
distinguished_name = dn
[ dn ]
CN = $SERVICE
[ v3_req ]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = @alt_names
[ alt_names ]
${alt}
EOF
openssl req -new -newkey rsa:2048 -nodes -keyout orders.key -out orders.csr -subj "/CN=orders" -config openssl.cnf
openssl x509 -req -in orders.csr -CA ca.crt -CAkey ca.key -out orders.crt -days 90 -extensions v3_req -extfile openssl.cnf
kubectl create secret tls orders-tls --cert=orders.crt --key=orders.key -n prod
`, 'scripts/orders.sh');
const PLAIN_VARS = 'SERVICE=orders\nNAMESPACE="prod"\nexport URL=https://orders.prod.svc';

/** Findings that fire through variables the script sets plainly, followed into an unquoted heredoc. */
export const HEREDOC_VAR_FAILS: PkiFail[] = [
  { code: 'san-service-coverage', name: 'heredoc [alt_names] through ${SERVICE}.${NAMESPACE}: short of the Service names', files: [heredocScript(PLAIN_VARS, 'DNS.1 = ${SERVICE}\nDNS.2 = ${SERVICE}.${NAMESPACE}.svc'), { path: 'k8s/orders.yaml', text: SERVED }], at: 'orders.crt', line: 20 },
  { code: 'openssl-san-syntax', name: 'heredoc DNS entry whose variable holds a URL', files: [heredocScript(PLAIN_VARS, 'DNS.1 = ${URL}')], at: '${URL}', line: 15 },
  { code: 'openssl-san-syntax', name: 'heredoc DNS entry of two variables and a port', files: [heredocScript(PLAIN_VARS, 'DNS.1 = $SERVICE.$NAMESPACE.svc:8443')], at: '$SERVICE.$NAMESPACE.svc:8443', line: 15 },
  { code: 'openssl-leaf-is-ca', name: 'heredoc basicConstraints through a variable (CA:TRUE on a leaf)', files: [sh('BC="CA:TRUE"\ncat > leaf.ext <<EOF\nbasicConstraints = critical, ${BC}\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:orders\nEOF\n')], at: '${BC}', line: 4 },
  { code: 'openssl-leaf-is-ca', name: 'unquoted heredoc with a literal CA:TRUE (the fix edits the heredoc)', files: [sh('SVC=orders\ncat > leaf.ext <<EOF\nbasicConstraints = CA:TRUE\nsubjectAltName = DNS:${SVC}\nEOF\n')], at: 'CA:TRUE', line: 4, fixed: '#!/bin/bash\nSVC=orders\ncat > leaf.ext <<EOF\nbasicConstraints = CA:FALSE\nsubjectAltName = DNS:${SVC}\nEOF\n' },
  { code: 'openssl-weak-digest', name: 'heredoc default_md through an exported variable', files: [sh('export MD=sha1\ncat > ca.cnf <<EOF\n[ CA_default ]\ndefault_md = $MD\nEOF\n')], at: '$MD', line: 5 },
];

/** Not plainly set, or not expanded: unknown, never wrong. */
export const HEREDOC_VAR_PASSES: PkiPass[] = [
  { code: 'san-service-coverage', name: 'heredoc names covering every Service name through plain variables', files: [heredocScript(PLAIN_VARS, 'DNS.1 = ${SERVICE}\nDNS.2 = ${SERVICE}.${NAMESPACE}\nDNS.3 = ${SERVICE}.${NAMESPACE}.svc\nDNS.4 = ${SERVICE}.${NAMESPACE}.svc.cluster.local'), { path: 'k8s/orders.yaml', text: SERVED }] },
  ...([
    ['$1', 'SERVICE=$1'], ['${1}', 'SERVICE=${1}'], ['$@', 'SERVICE="$@"'], ['$(...)', 'SERVICE=$(kubectl get svc -o name | head -1)'], ['backticks', 'SERVICE=`cat name`'],
    ['an if body', 'if [ -z "$SERVICE" ]; then\n  SERVICE=orders\nfi'], ['|| default', '[ -n "$SERVICE" ] || SERVICE=orders'], ['&&', 'true && SERVICE=orders'],
    ['a loop', 'for SERVICE in orders; do :; done'], ['a case arm', 'case "$1" in\n  *) SERVICE=orders ;;\nesac'], ['a function body', 'setup() {\n  SERVICE=orders\n}\nsetup'],
    ['two values', 'SERVICE=orders\nSERVICE=payments'], ['read', 'read -r SERVICE'], ['the environment only', ''], ['${X:-default}', 'SERVICE=${SERVICE:-orders}'],
  ] as Array<[string, string]>).flatMap(([what, vars]): PkiPass[] => [
    { code: 'san-service-coverage', name: `heredoc names through SERVICE set by ${what}: unknown`, files: [heredocScript(`${vars}\nNAMESPACE=prod`, 'DNS.1 = ${SERVICE}\nDNS.2 = ${SERVICE}.${NAMESPACE}.svc'), { path: 'k8s/orders.yaml', text: SERVED }] },
    { code: 'openssl-san-syntax', name: `heredoc DNS entry through URL set by ${what}: unknown`, files: [heredocScript(vars.replace(/SERVICE/g, 'URL').replace(/=orders/g, '=https://orders'), 'DNS.1 = ${URL}')] },
  ]),
  { code: 'san-service-coverage', name: "a quoted heredoc (<<'EOF') writes ${SERVICE} as it stands: unknown", files: [heredocScript('SERVICE=orders\nNAMESPACE=prod', 'DNS.1 = ${SERVICE}', "'EOF'"), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'openssl-san-syntax', name: "a quoted heredoc (<<'EOF') with ${URL}: openssl's own text, unknown", files: [heredocScript('URL=https://orders', 'DNS.1 = ${URL}', "'EOF'")] },
  { code: 'san-service-coverage', name: 'a variable set after the heredoc: unknown where the heredoc reads it', files: [{ path: 'scripts/late.sh', text: heredocScript('NAMESPACE=prod', 'DNS.1 = ${SERVICE}').text + 'SERVICE=orders\n' }, { path: 'k8s/orders.yaml', text: SERVED }] },
];


/** A Terraform tls provider CA and a leaf it signs, with their validity_period_hours. */
export const tlsTf = (caHours: string, leafHours: string, caRef = 'tls_self_signed_cert.ca.cert_pem') => `resource "tls_private_key" "ca" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_self_signed_cert" "ca" {
  private_key_pem       = tls_private_key.ca.private_key_pem
  is_ca_certificate     = true
  validity_period_hours = ${caHours}
  allowed_uses          = ["cert_signing", "crl_signing"]
  subject {
    common_name = "Example Root CA"
  }
}

resource "tls_locally_signed_cert" "server" {
  cert_request_pem      = tls_cert_request.server.cert_request_pem
  ca_private_key_pem    = tls_private_key.ca.private_key_pem
  ca_cert_pem           = ${caRef}
  validity_period_hours = ${leafHours}
  allowed_uses          = ["key_encipherment", "digital_signature", "server_auth"]
}
`;


/** HashiCorp's "Build your own certificate authority" tutorial: a root, an intermediate it signs with `ttl`, a role. */
export const vaultTutorial = (intTtl: string, maxTtl: string) => `vault secrets enable pki
vault secrets tune -max-lease-ttl=87600h pki
vault write -field=certificate pki/root/generate/internal common_name="svc.cluster.local" issuer_name="root-2024" ttl=87600h > root_2024_ca.crt
vault secrets enable -path=pki_int pki
vault secrets tune -max-lease-ttl=43800h pki_int
vault write -format=json pki_int/intermediate/generate/internal common_name="svc.cluster.local Intermediate Authority" | jq -r '.data.csr' > pki_intermediate.csr
vault write -format=json pki/root/sign-intermediate issuer_ref="root-2024" csr=@pki_intermediate.csr format=pem_bundle ttl="${intTtl}" | jq -r '.data.certificate' > intermediate.cert.pem
vault write pki_int/intermediate/set-signed certificate=@intermediate.cert.pem
vault write pki_int/roles/services allowed_domains=svc.cluster.local allow_subdomains=true require_cn=false max_ttl=${maxTtl}
`;
const TF_ROOT = (rootTtl: string, maxTtl: string) => `resource "vault_mount" "pki" {
  path = "pki"
  type = "pki"
  max_lease_ttl_seconds = 315360000
}

resource "vault_pki_secret_backend_root_cert" "root" {
  backend     = vault_mount.pki.path
  type        = "internal"
  common_name = "example.com"
  ttl         = ${rootTtl}
}

resource "vault_pki_secret_backend_role" "web" {
  backend          = vault_mount.pki.path
  name             = "web"
  allowed_domains  = ["example.com"]
  allow_subdomains = true
  max_ttl          = ${maxTtl}
}

resource "vault_pki_secret_backend_cert" "app" {
  backend     = vault_mount.pki.path
  name        = "web"
  common_name = "app.example.com"
  ttl         = "72h"
}
`;

export const PKI_FAILS: PkiFail[] = [
  ...SCRIPT_CERT_FAILS,
  ...HEREDOC_VAR_FAILS,
  // openssl
  { code: 'openssl-weak-key', name: 'genrsa 1024', files: [sh('openssl genrsa -out ca.key 1024\n')], at: '1024', fixed: '#!/bin/bash\nopenssl genrsa -out ca.key 2048\n' },
  { code: 'openssl-weak-key', name: '-newkey rsa:1024 (the fix writes 2048 after rsa:)', files: [sh('openssl req -x509 -newkey rsa:1024 -nodes -keyout k -out c -subj "/CN=x"\n')], at: '1024', fixed: '#!/bin/bash\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout k -out c -subj "/CN=x"\n' },
  { code: 'vault-ttl-exceeds-ca', name: 'vault write issue ttl beyond the root CA generated on the same mount', files: [sh('vault secrets enable pki\nvault write pki/root/generate/internal common_name=example.com ttl=168h\nvault write pki/roles/web allowed_domains=example.com allow_subdomains=true max_ttl=720h\nvault write pki/issue/web common_name=a.example.com ttl=240h\n')], at: '240h', line: 5 },
  { code: 'vault-ttl-exceeds-ca', name: 'a Certificate through an intermediate its root signed for 48h (the tutorial\'s script)', files: [sh(vaultTutorial('48h', '72h'), 'vault/setup.sh'), { path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/cert.yaml', text: vaultCert('  duration: 72h\n  dnsNames:\n    - orders.prod.svc.cluster.local\n') }], file: 'k8s/cert.yaml', at: '72h', line: 11 },
  { code: 'vault-ttl-exceeds-ca', name: 'Terraform: a cert ttl beyond vault_pki_secret_backend_root_cert ttl (seconds)', files: [{ path: 'tf/pki.tf', text: TF_ROOT('86400', '"720h"') }], at: '"72h"', line: 26 },
  { code: 'openssl-leaf-outlives-ca', name: 'Terraform tls_locally_signed_cert valid longer than its tls_self_signed_cert CA', files: [{ path: 'tf/pki.tf', text: tlsTf('8760', '17520') }], at: '17520', line: 20 },
  { code: 'openssl-weak-key', name: '-newkey rsa:1024 through a variable', files: [sh('BITS=1024\nopenssl req -new -newkey rsa:$BITS -nodes -keyout k -out c -subj "/CN=x"\n')], at: '$BITS' },
  { code: 'openssl-weak-key', name: 'default_bits = 1024 in openssl.cnf', files: [{ path: 'ca/openssl.cnf', text: '[req]\ndefault_bits = 1024\ndefault_md = sha256\n' }], at: '1024', fixed: '[req]\ndefault_bits = 2048\ndefault_md = sha256\n' },
  { code: 'openssl-weak-key', name: 'Terraform tls_private_key rsa_bits 1024', files: [{ path: 'tf/main.tf', text: 'resource "tls_private_key" "ca" {\n  algorithm = "RSA"\n  rsa_bits  = 1024\n}\n' }], at: '1024', fixed: 'resource "tls_private_key" "ca" {\n  algorithm = "RSA"\n  rsa_bits  = 2048\n}\n' },
  { code: 'openssl-weak-digest', name: 'x509 -req -sha1', files: [sh('openssl x509 -req -in a.csr -CA ca.crt -CAkey ca.key -out a.crt -days 30 -sha1 -extfile a.ext\n'), { path: 'scripts/a.ext', text: EXT() }], at: '-sha1', fixed: '#!/bin/bash\nopenssl x509 -req -in a.csr -CA ca.crt -CAkey ca.key -out a.crt -days 30 -sha256 -extfile a.ext\n' },
  { code: 'openssl-weak-digest', name: 'req -x509 -md md5', files: [sh('openssl req -x509 -newkey rsa:2048 -nodes -keyout k -out c -subj "/CN=x" -md md5 -addext "subjectAltName=DNS:x"\n')], at: 'md5', fixed: '#!/bin/bash\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout k -out c -subj "/CN=x" -md sha256 -addext "subjectAltName=DNS:x"\n' },
  { code: 'openssl-weak-digest', name: 'default_md = md5 in a heredoc', files: [sh("cat > ca.cnf <<'EOF'\n[ca_default]\ndefault_md = md5\nEOF\n")], at: 'md5', fixed: "#!/bin/bash\ncat > ca.cnf <<'EOF'\n[ca_default]\ndefault_md = sha256\nEOF\n" },
  { code: 'openssl-leaf-is-ca', name: 'CA:TRUE next to serverAuth and DNS SANs', files: [{ path: 'certs/server.ext', text: EXT('', 'critical, CA:TRUE') }], at: 'CA:TRUE', fixed: EXT('', 'critical, CA:FALSE') },
  { code: 'openssl-cn-only', name: 'x509 -req without -extfile (CN from the CSR)', files: [sh('openssl req -new -key web.key -out web.csr -subj "/CN=web.prod.svc"\nopenssl x509 -req -in web.csr -CA ca.crt -CAkey ca.key -out web.crt -days 30\n')], at: '-req' },
  { code: 'openssl-cn-only', name: 'extension file without subjectAltName', files: [sh('SVC=web\ncat > $SVC.ext <<EOF\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nEOF\nopenssl x509 -req -in $SVC.csr -CA ca.crt -CAkey ca.key -out $SVC.crt -extfile $SVC.ext\n')], at: '$SVC.ext', line: 7 },
  { code: 'openssl-cn-only', name: 'Terraform tls_cert_request with only a CN', files: [{ path: 'tf/cert.tf', text: 'resource "tls_cert_request" "web" {\n  private_key_pem = tls_private_key.web.private_key_pem\n  subject {\n    common_name = "web.prod.svc"\n  }\n}\n' }], at: '"web.prod.svc"' },
  { code: 'openssl-san-syntax', name: 'DNS entry with a scheme', files: [{ path: 'certs/web.cnf', text: '[v3_req]\nsubjectAltName = @alt_names\n[alt_names]\nDNS.1 = https://web.prod.svc\n' }], at: 'https://web.prod.svc' },
  { code: 'openssl-san-syntax', name: 'IP entry that is not an address', files: [{ path: 'certs/web.ext', text: 'subjectAltName = DNS:web, IP:10.0.0.300\n' }], at: '10.0.0.300' },
  { code: 'openssl-san-syntax', name: '@section that does not exist', files: [{ path: 'certs/web.ext', text: 'subjectAltName = @alt_name\n[alt_names]\nDNS.1 = web\n' }], at: '@alt_name' },
  { code: 'openssl-san-syntax', name: '-addext with a port', files: [sh('openssl req -new -key k -out c -subj "/CN=web" -addext "subjectAltName=DNS:web:8443"\n')], at: 'web:8443' },
  { code: 'openssl-obsolete-extension', name: 'nsCertType', files: [{ path: 'certs/web.ext', text: 'basicConstraints = CA:FALSE\nnsCertType = server\nsubjectAltName = DNS:web\n' }], at: 'nsCertType = server', fixed: 'basicConstraints = CA:FALSE\nsubjectAltName = DNS:web\n' },
  { code: 'openssl-leaf-outlives-ca', name: 'leaf -days 730 under a 365-day CA', files: [sh('openssl req -new -x509 -key ca.key -out ca.crt -days 365 -subj "/CN=Internal CA"\nopenssl x509 -req -in web.csr -CA ca.crt -CAkey ca.key -out web.crt -days 730 -extfile web.ext\n'), { path: 'scripts/web.ext', text: EXT() }], at: '730' },
  { code: 'san-service-coverage', name: 'kubectl create secret tls with an openssl certificate missing Service names', files: [opensslSecret('DNS:orders.prod.svc.cluster.local'), { path: 'k8s/orders.yaml', text: SERVED }], at: '$SVC.crt', line: 9 },
  // Vault: issue requests in scripts, templates and Terraform against their role
  { code: 'vault-role-denies-name', name: 'issue alt_names outside allowed_domains (the seed)', files: [sh(`${ROLE('max_ttl=24h')}vault write pki_int/issue/services common_name=orders.prod.svc.cluster.local alt_names="orders" ttl=1h\n`)], at: 'orders', line: 8 },
  { code: 'vault-role-denies-name', name: 'common name of a Vault Agent template', files: [sh(ROLE('max_ttl=24h'), 'vault/setup.sh'), { path: 'agent/cert.tmpl', text: '{{- with secret "pki_int/issue/services" "common_name=orders" "ttl=24h" -}}\n{{ .Data.certificate }}\n{{- end }}\n' }], file: 'agent/cert.tmpl', at: 'orders' },
  { code: 'vault-role-denies-name', name: 'Certificate dnsNames through a Vault ClusterIssuer (three files)', files: chain('require_cn=false', '  dnsNames:\n    - orders\n    - orders.prod.svc.cluster.local\n'), file: 'k8s/cert.yaml', at: 'orders', line: 12 },
  { code: 'vault-role-denies-name', name: 'Terraform role with allow_bare_domains only', files: [{ path: 'tf/pki.tf', text: 'resource "vault_mount" "pki" {\n  path = "pki_int"\n  type = "pki"\n}\nresource "vault_pki_secret_backend_role" "svc" {\n  backend = vault_mount.pki.path\n  name = "services"\n  allowed_domains = ["svc.cluster.local"]\n  allow_bare_domains = true\n  require_cn = false\n}\n' }, { path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/cert.yaml', text: vaultCert(DNS) }], file: 'k8s/cert.yaml', at: 'orders.prod.svc.cluster.local' },
  { code: 'vault-role-denies-name', name: 'URI SAN without allowed_uri_sans', files: chain('require_cn=false', `${DNS}  uris:\n    - spiffe://cluster.local/ns/prod/sa/orders\n`), file: 'k8s/cert.yaml', at: 'spiffe://cluster.local/ns/prod/sa/orders' },
  // The same paths naming one issuer of the mount (Vault 1.11+: <mount>/issuer/<ref>/issue|sign/<role>): the same role.
  { code: 'vault-role-denies-name', name: 'issue through issuer/<ref>/ outside allowed_domains', files: [sh(`${ROLE('max_ttl=24h')}vault write pki_int/issuer/default/issue/services common_name=orders.prod.svc.cluster.local alt_names="orders" ttl=1h\n`)], at: 'orders', line: 8 },
  { code: 'vault-role-denies-name', name: 'Vault Agent template through issuer/<ref>/', files: [sh(ROLE('max_ttl=24h'), 'vault/setup.sh'), { path: 'agent/cert.tmpl', text: '{{- with secret "pki_int/issuer/root-2024/issue/services" "common_name=orders" "ttl=24h" -}}\n{{ .Data.certificate }}\n{{- end }}\n' }], file: 'agent/cert.tmpl', at: 'orders' },
  { code: 'vault-role-denies-name', name: 'Certificate through a ClusterIssuer whose path is pki_int/issuer/<ref>/sign/<role>', files: chain('require_cn=false', '  dnsNames:\n    - orders\n    - orders.prod.svc.cluster.local\n').map((f) => (f.path === 'k8s/issuer.yaml' ? { ...f, text: f.text.replace('path: pki_int/sign/services', 'path: pki_int/issuer/default/sign/services') } : f)), file: 'k8s/cert.yaml', at: 'orders', line: 12 },
  { code: 'vault-require-cn', name: 'Certificate without commonName, require_cn by default', files: chain('max_ttl=24h', DNS), file: 'k8s/cert.yaml', at: 'vault' },
  { code: 'vault-require-cn', name: 'issue without common_name', files: [sh(`${ROLE('max_ttl=24h')}vault write pki_int/issue/services alt_names=orders.prod.svc.cluster.local\n`)], at: 'pki_int/issue/services' },
  { code: 'vault-ttl-exceeds-max', name: 'Certificate duration above the role max_ttl', files: chain('require_cn=false max_ttl=24h', `${DNS}  duration: 720h\n`), file: 'k8s/cert.yaml', at: '720h' },
  { code: 'vault-ttl-exceeds-max', name: 'issue ttl above max_ttl', files: [sh(`${ROLE('max_ttl=24h')}vault write pki_int/issue/services common_name=orders.prod.svc.cluster.local ttl=48h\n`)], at: '48h' },
  { code: 'vault-ttl-exceeds-max', name: 'role max_ttl above the mount max lease TTL', files: [sh(ROLE('max_ttl=8760h'))], at: '8760h' },
  { code: 'vault-renew-before-exceeds-ttl', name: 'renewBefore above the truncated lifetime', files: chain('require_cn=false max_ttl=24h', `${DNS}  duration: 720h\n  renewBefore: 48h\n`), file: 'k8s/cert.yaml', at: '48h' },
  { code: 'vault-client-flag-missing', name: 'client auth through client_flag=false', files: chain('require_cn=false client_flag=false', `${DNS}  usages:\n    - server auth\n    - client auth\n`), file: 'k8s/cert.yaml', at: 'client auth' },
  { code: 'vault-server-flag-missing', name: 'server auth through server_flag=false', files: chain('require_cn=false server_flag=false', `${DNS}  usages:\n    - server auth\n`), file: 'k8s/cert.yaml', at: 'server auth' },
  { code: 'vault-key-type-mismatch', name: 'ECDSA key, rsa role (default)', files: chain('require_cn=false', `${DNS}  privateKey:\n    algorithm: ECDSA\n`), file: 'k8s/cert.yaml', at: 'ECDSA' },
  { code: 'vault-key-type-mismatch', name: 'RSA 2048 under key_bits=4096', files: chain('require_cn=false key_bits=4096', `${DNS}  privateKey:\n    algorithm: RSA\n    size: 2048\n`), file: 'k8s/cert.yaml', at: 'RSA' },
];

export const PKI_PASSES: PkiPass[] = [
  { code: 'vault-ttl-exceeds-ca', name: 'TTLs within the CA (the tutorial as published), a CA ttl not known, two roots on one mount, two intermediates in one script', files: [
    sh(vaultTutorial('43800h', '720h'), 'a/setup.sh'), { path: 'a/issuer.yaml', text: VAULT_ISSUER }, { path: 'a/cert.yaml', text: vaultCert('  dnsNames:\n    - orders.prod.svc.cluster.local\n') },
    sh('vault write pki/root/generate/internal common_name=example.com ttl=$CA_TTL\nvault write pki/roles/web allowed_domains=example.com allow_subdomains=true max_ttl=720h\nvault write pki/issue/web common_name=a.example.com ttl=240h\n', 'b/setup.sh'),
    sh('vault write pki/root/generate/internal common_name=example.com ttl=168h\nvault write pki/root/generate/internal common_name=example.com issuer_name=next ttl=87600h\nvault write pki/roles/web allowed_domains=example.com allow_subdomains=true max_ttl=720h\nvault write pki/issue/web common_name=a.example.com ttl=240h\n', 'c/setup.sh'),
    sh(vaultTutorial('48h', '72h').replace('vault write pki_int/intermediate/set-signed', 'vault write pki_other/intermediate/generate/internal common_name=x\nvault write pki_int/intermediate/set-signed'), 'd/setup.sh'), { path: 'd/issuer.yaml', text: VAULT_ISSUER }, { path: 'd/cert.yaml', text: vaultCert('  duration: 72h\n  dnsNames:\n    - orders.prod.svc.cluster.local\n') },
    { path: 'e/pki.tf', text: TF_ROOT('315360000', '"720h"') },
  ] },
  { code: 'openssl-leaf-outlives-ca', name: 'Terraform leaves within the CA\'s validity, a CA hours value or reference not known, a CA in another module', files: [{ path: 'tf/a/pki.tf', text: tlsTf('8760', '720') }, { path: 'tf/b/pki.tf', text: tlsTf('var.ca_hours', '17520') }, { path: 'tf/c/pki.tf', text: tlsTf('8760', '17520', 'var.ca_cert_pem') }, { path: 'tf/d/leaf.tf', text: tlsTf('8760', '17520').replace(/resource "tls_self_signed_cert"[\s\S]*?\n}\n/, '') }, { path: 'tf/e/pki.tf', text: tlsTf('8760', '8760') }] },
  ...SCRIPT_CERT_PASSES,
  ...HEREDOC_VAR_PASSES,
  { code: 'openssl-weak-key', name: 'genrsa 2048 and 4096, -newkey rsa:$BITS unknown, ec', files: [sh('openssl genrsa -out a.key 2048\nopenssl genrsa -out b.key 4096\nopenssl req -new -newkey rsa:$BITS -keyout k -out c\nopenssl ecparam -name prime256v1 -genkey -out e.key\n')] },
  { code: 'openssl-weak-digest', name: 'CSR with -sha1 (the CA re-signs), x509 -sha256', files: [sh('openssl req -new -sha1 -key k -out c.csr -subj "/CN=x"\nopenssl x509 -req -in c.csr -CA ca.crt -CAkey ca.key -sha256 -out c.crt -extfile c.ext\n')] },
  { code: 'openssl-leaf-is-ca', name: 'CA section with keyCertSign, leaf with CA:FALSE', files: [{ path: 'ca/openssl.cnf', text: '[v3_ca]\nbasicConstraints = critical, CA:true, pathlen:1\nkeyUsage = critical, digitalSignature, cRLSign, keyCertSign\n[server]\n' + EXT() }] },
  { code: 'openssl-cn-only', name: 'process substitution extfile, -copy_extensions, CA sections, client-only EKU', files: [sh('openssl x509 -req -in a.csr -CA ca.crt -CAkey ca.key -out a.crt -extensions v3_req -extfile <(printf "[v3_req]\\nsubjectAltName=DNS:%s" "$S")\nopenssl x509 -req -in b.csr -CA ca.crt -CAkey ca.key -out b.crt -copy_extensions copy\ncat > c.ext <<EOF\nbasicConstraints = CA:FALSE\nextendedKeyUsage = clientAuth\nEOF\nopenssl x509 -req -in c.csr -CA ca.crt -CAkey ca.key -out c.crt -extfile c.ext\nopenssl x509 -req -in d.csr -CA ca.crt -CAkey ca.key -out d.crt -extfile "$EXTFILE"\n')] },
  { code: 'openssl-san-syntax', name: 'wildcards, IPv6, $variables, URIs', files: [{ path: 'certs/web.cnf', text: '[alt_names]\nDNS.1 = *.prod.svc.cluster.local\nDNS.2 = $ENV::HOST\nIP.1 = fd00::1\nURI.1 = spiffe://cluster.local/ns/prod/sa/web\n[v3_req]\nsubjectAltName = @alt_names\n' }, sh('openssl req -new -key k -out c -addext "subjectAltName=DNS:${SERVICE},DNS:${SERVICE}.default.svc"\n')] },
  { code: 'openssl-obsolete-extension', name: 'extendedKeyUsage only', files: [{ path: 'certs/web.ext', text: EXT() }] },
  { code: 'openssl-leaf-outlives-ca', name: 'leaf shorter than the CA, unknown days', files: [sh('openssl req -new -x509 -key ca.key -out ca.crt -days 3650 -subj "/CN=CA"\nopenssl x509 -req -in a.csr -CA ca.crt -CAkey ca.key -out a.crt -days 365 -extfile a.ext\nopenssl x509 -req -in b.csr -CA ca.crt -CAkey ca.key -out b.crt -days $DAYS -extfile a.ext\n'), { path: 'scripts/a.ext', text: EXT() }] },
  { code: 'san-service-coverage', name: 'kubectl create secret tls with an openssl certificate covering every Service name', files: [opensslSecret('DNS:orders, DNS:orders.prod, DNS:orders.prod.svc, DNS:orders.prod.svc.cluster.local'), { path: 'k8s/orders.yaml', text: SERVED }] },
  { code: 'vault-role-denies-name', name: 'subdomains, bare domain, localhost, templated and variable names', files: [sh(`${ROLE('allow_bare_domains=true max_ttl=24h')}vault write pki_int/issue/services common_name=orders.prod.svc.cluster.local alt_names="svc.cluster.local,localhost,$EXTRA" ttl=1h\n`), { path: 'agent/cert.tmpl', text: '{{ with pkiCert "pki_int/issue/services" "common_name={{ env "HOSTNAME" }}.svc.cluster.local" }}{{ .Cert }}{{ end }}\n' }] },
  { code: 'vault-role-denies-name', name: 'a role from @role.json is unknown; a role from another mount is not this one', files: [sh('vault write pki_int/roles/services @role.json\nvault write pki_int/issue/services common_name=anything\nvault write pki/roles/other allowed_domains=example.com\nvault write pki_int/issue/other common_name=orders\n')] },
  { code: 'vault-role-denies-name', name: 'Terraform role with a var in allowed_domains', files: [{ path: 'tf/pki.tf', text: 'resource "vault_pki_secret_backend_role" "svc" {\n  backend = "pki_int"\n  name = "services"\n  allowed_domains = [var.domain]\n  allow_subdomains = true\n  require_cn = false\n}\n' }, { path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/cert.yaml', text: vaultCert(DNS) }] },
  { code: 'vault-require-cn', name: 'require_cn=false, or a commonName', files: [...chain('require_cn=false', DNS), { path: 'k8s/cert2.yaml', text: vaultCert(`  commonName: orders.prod.svc.cluster.local\n${DNS}`).replace('name: orders\n', 'name: orders2\n') }] },
  { code: 'vault-ttl-exceeds-max', name: 'duration within max_ttl; role within the mount', files: chain('require_cn=false max_ttl=720h', `${DNS}  duration: 24h\n  renewBefore: 8h\n`) },
  { code: 'vault-renew-before-exceeds-ttl', name: 'renewBefore under the truncated lifetime', files: chain('require_cn=false max_ttl=24h', `${DNS}  duration: 720h\n  renewBefore: 8h\n`) },
  { code: 'vault-client-flag-missing', name: 'client auth with the default client_flag', files: chain('require_cn=false', `${DNS}  usages:\n    - client auth\n`) },
  { code: 'vault-server-flag-missing', name: 'server auth with the default server_flag', files: chain('require_cn=false', `${DNS}  usages:\n    - server auth\n`) },
  { code: 'vault-key-type-mismatch', name: 'ECDSA with key_type=ec', files: chain('require_cn=false key_type=ec', `${DNS}  privateKey:\n    algorithm: ECDSA\n`) },
  { code: 'vault-key-type-mismatch', name: 'RSA 4096 with the default key_bits (a minimum)', files: chain('require_cn=false', `${DNS}  privateKey:\n    algorithm: RSA\n    size: 4096\n`) },
];
