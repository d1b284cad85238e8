#!/bin/bash
# setup.sh — Vault PKI as in the "mTLS between microservices" guide, with the mistakes that make it
# fail. Run `certwright lint examples/vault` to see each one (README.md in this folder lists them).

vault secrets enable pki
vault secrets tune -max-lease-ttl=87600h pki
vault write pki/root/generate/internal common_name="Internal Services CA" ttl=87600h

vault secrets enable -path=pki_int pki
vault secrets tune -max-lease-ttl=720h pki_int
vault write pki_int/intermediate/generate/internal common_name="Services Intermediate CA"

# The role cert-manager signs through (ClusterIssuer vault in k8s/issuers.yaml).
vault write pki_int/roles/services \
  allowed_domains="svc.cluster.local,internal" \
  allow_subdomains=true \
  max_ttl=24h \
  require_cn=false \
  server_flag=true \
  client_flag=true

# A role for workloads that only ever serve: no clientAuth EKU; and a max_ttl the mount caps.
vault write pki_int/roles/servers \
  allowed_domains="svc.cluster.local" \
  allow_subdomains=true \
  require_cn=false \
  client_flag=false \
  max_ttl=8760h

# Issued at container start: "payment-service" is not below svc.cluster.local or internal.
vault write pki_int/issue/services \
  common_name="payment-service.default.svc.cluster.local" \
  alt_names="payment-service" \
  ttl=72h \
  -format=json > /certs/service.json
