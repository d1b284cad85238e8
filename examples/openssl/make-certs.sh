#!/bin/bash
# make-certs.sh — a hand-run CA with the openssl mistakes that break mTLS. Run
# `certwright lint examples/openssl` (README.md in this folder lists what it finds and why).
set -euo pipefail
OUT=./out
SERVICE=orders
NAMESPACE=prod

# The CA: a 1024-bit key, made for one year.
openssl genrsa -out $OUT/ca.key 1024
openssl req -new -x509 -sha256 -days 365 -key $OUT/ca.key -out $OUT/ca.crt \
  -config openssl.cnf -extensions v3_ca -subj "/O=Example/CN=Example Internal CA"

# A server certificate: the CSR carries a SAN, but `x509 -req` without -extfile drops it,
# signs with SHA-1 and outlives the CA.
openssl req -new -newkey rsa:2048 -nodes -keyout $OUT/$SERVICE.key -out $OUT/$SERVICE.csr \
  -subj "/CN=$SERVICE.$NAMESPACE.svc" \
  -addext "subjectAltName=DNS:$SERVICE.$NAMESPACE.svc,DNS:https://$SERVICE.$NAMESPACE.svc"
openssl x509 -req -in $OUT/$SERVICE.csr -CA $OUT/ca.crt -CAkey $OUT/ca.key -CAcreateserial \
  -out $OUT/$SERVICE.crt -days 825 -sha1

# A client certificate with the extensions of server.ext.
openssl req -new -key $OUT/client.key -out $OUT/client.csr -subj "/CN=client"
openssl x509 -req -in $OUT/client.csr -CA $OUT/ca.crt -CAkey $OUT/ca.key -CAcreateserial \
  -out $OUT/client.crt -days 90 -sha256 -extfile server.ext

kubectl create secret tls $SERVICE-tls --cert=$OUT/$SERVICE.crt --key=$OUT/$SERVICE.key -n $NAMESPACE
