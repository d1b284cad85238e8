#!/usr/bin/env bash
# Remakes the demo certificates in examples/certs/ (run from anywhere; needs openssl 3 and GNU date):
#   ca.crt / ca.key                      Internal Services CA (RSA 4096, 10 years, as in the seeds)
#   server.crt / server.key              service-b server certificate (RSA 2048, 1 year, serverAuth)
#   client.crt / client.key              service-a client certificate (ECDSA P-256, 1 year, clientAuth, SPIFFE ID)
#   payment-service.crt / .key           90 days, issued 70 days ago: expires in 20 days (ECDSA P-256, serverAuth + clientAuth)
#   auth-service.crt / .key              expired 30 days ago (RSA 2048, PKCS#1 key)
#   secret.yaml                          kubernetes.io/tls Secret service-b-mtls: server cert, key and CA
#   ca-key-pair.yaml                     the CA as the Secret cert-manager's CA ClusterIssuer reads
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENSSL_CONF=$tmp/openssl.cnf

cat >"$OPENSSL_CONF" <<EOF
[req]
distinguished_name = dn
[dn]

[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:service-b, DNS:service-b.production, DNS:service-b.production.svc, DNS:service-b.production.svc.cluster.local

[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:service-a.production.svc.cluster.local, URI:spiffe://cluster.local/ns/production/sa/service-a

[payment]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:payment-service, DNS:payment-service.default.svc.cluster.local

[auth]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:auth-service, DNS:auth-service.default.svc.cluster.local

[ca]
default_ca = demo_ca
[demo_ca]
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
certificate = ca.crt
private_key = ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
organizationName = optional
commonName = supplied
EOF

openssl genrsa -out ca.key 4096 2>/dev/null
openssl req -new -x509 -sha256 -days 3650 -key ca.key -extensions v3_ca \
  -subj "/O=MyOrg/CN=Internal Services CA" -out ca.crt

issue() { # issue NAME SUBJECT EXTENSIONS DAYS
  openssl req -new -key "$1.key" -subj "$2" -out "$tmp/$1.csr"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -CAserial "$tmp/ca.srl" \
    -sha256 -days "$4" -extfile "$OPENSSL_CONF" -extensions "$3" -out "$1.crt" 2>/dev/null
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server.key 2>/dev/null
issue server "/O=MyOrg/CN=service-b" server 365

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client.key
issue client "/O=MyOrg/CN=service-a" client 365

# openssl x509 cannot back-date, openssl ca can (-startdate/-enddate).
: >"$tmp/index.txt"
echo 1001 >"$tmp/serial"
backdated() { # backdated NAME SUBJECT EXTENSIONS FROM TO (date -d offsets)
  openssl req -new -key "$1.key" -subj "$2" -out "$tmp/$1.csr"
  openssl ca -batch -notext -preserveDN -in "$tmp/$1.csr" -out "$1.crt" -extensions "$3" \
    -startdate "$(date -u -d "$4" +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d "$5" +%Y%m%d%H%M%SZ)" 2>/dev/null
}

# Expiring: a 90-day certificate issued 70 days ago, 20 days left (past cert-manager's renewal point).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out payment-service.key
backdated payment-service "/O=MyOrg/CN=payment-service" payment '-70 days' '+20 days 12 hours'

# Expired 30 days ago.
openssl genrsa -traditional -out auth-service.key 2048 2>/dev/null
backdated auth-service "/O=MyOrg/CN=auth-service" auth '-395 days' '-30 days'

cat >secret.yaml <<EOF
# What generate-mtls-certs.sh would apply for service-b, as a kubernetes.io/tls Secret.
apiVersion: v1
kind: Secret
metadata:
  name: service-b-mtls
  namespace: production
type: kubernetes.io/tls
data:
  tls.crt: $(base64 -w0 server.crt)
  tls.key: $(base64 -w0 server.key)
  ca.crt: $(base64 -w0 ca.crt)
EOF

cat >ca-key-pair.yaml <<EOF
# The CA that cert-manager's "internal-ca" ClusterIssuer signs with (../cert-manager/internal-ca.yaml).
# Same as: kubectl create secret tls internal-ca-key-pair --cert=ca.crt --key=ca.key -n cert-manager
apiVersion: v1
kind: Secret
metadata:
  name: internal-ca-key-pair
  namespace: cert-manager
type: kubernetes.io/tls
data:
  tls.crt: $(base64 -w0 ca.crt)
  tls.key: $(base64 -w0 ca.key)
EOF

chmod 600 ./*.key
openssl verify -CAfile ca.crt server.crt client.crt payment-service.crt
for c in ca server client payment-service auth-service; do
  printf '%-16s %s\n' "$c" "$(openssl x509 -in $c.crt -noout -enddate)"
done
