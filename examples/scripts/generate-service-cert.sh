#!/bin/bash
# generate-service-cert.sh - Generate certificate for a service (signed by setup-ca.sh's CA)

SERVICE_NAME=$1
SERVICE_DNS=$2

if [ -z "$SERVICE_NAME" ] || [ -z "$SERVICE_DNS" ]; then
    echo "Usage: $0 <service-name> <service-dns>"
    exit 1
fi

# Generate private key
openssl genrsa -out ${SERVICE_NAME}.key 2048

# Create certificate signing request
openssl req -new \
    -key ${SERVICE_NAME}.key \
    -out ${SERVICE_NAME}.csr \
    -subj "/C=US/ST=California/L=San Francisco/O=MyOrg/CN=${SERVICE_NAME}"

# Create extensions file for SAN
cat > ${SERVICE_NAME}.ext << EOF
basicConstraints = CA:FALSE
nsCertType = server, client
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = @alt_names

[alt_names]
DNS.1 = ${SERVICE_DNS}
DNS.2 = ${SERVICE_NAME}
DNS.3 = ${SERVICE_NAME}.default.svc.cluster.local
DNS.4 = localhost
IP.1 = 127.0.0.1
EOF

# Sign the certificate with CA
openssl x509 -req \
    -in ${SERVICE_NAME}.csr \
    -CA ca/certs/ca.crt \
    -CAkey ca/private/ca.key \
    -CAcreateserial \
    -out ${SERVICE_NAME}.crt \
    -days 365 \
    -sha256 \
    -extfile ${SERVICE_NAME}.ext

echo "Certificate generated for ${SERVICE_NAME}"
echo "Certificate: ${SERVICE_NAME}.crt"
echo "Private Key: ${SERVICE_NAME}.key"

# Clean up
rm ${SERVICE_NAME}.csr ${SERVICE_NAME}.ext
