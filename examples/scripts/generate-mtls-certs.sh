#!/bin/bash
# generate-mtls-certs.sh — manual certificates for one service, signed by a local CA,
# printed as a Kubernetes Secret.
# Usage: ./generate-mtls-certs.sh <service-name> <namespace> [output-dir]

SERVICE_NAME=$1
NAMESPACE=$2
OUTPUT_DIR=${3:-./certs}

mkdir -p $OUTPUT_DIR

# Generate CA (do once)
if [ ! -f "$OUTPUT_DIR/ca.key" ]; then
    openssl genrsa -out $OUTPUT_DIR/ca.key 4096
    openssl req -new -x509 -sha256 -days 3650 \
        -key $OUTPUT_DIR/ca.key \
        -out $OUTPUT_DIR/ca.crt \
        -subj "/CN=mtls-ca"
fi

# Generate service key
openssl genrsa -out $OUTPUT_DIR/$SERVICE_NAME.key 2048

# Generate CSR
cat > $OUTPUT_DIR/$SERVICE_NAME.conf << EOF
[req]
distinguished_name = req_distinguished_name
req_extensions = v3_req
[req_distinguished_name]
[v3_req]
keyUsage = keyEncipherment, dataEncipherment, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = @alt_names
[alt_names]
DNS.1 = $SERVICE_NAME
DNS.2 = $SERVICE_NAME.$NAMESPACE
DNS.3 = $SERVICE_NAME.$NAMESPACE.svc
DNS.4 = $SERVICE_NAME.$NAMESPACE.svc.cluster.local
EOF

openssl req -new \
    -key $OUTPUT_DIR/$SERVICE_NAME.key \
    -out $OUTPUT_DIR/$SERVICE_NAME.csr \
    -subj "/CN=$SERVICE_NAME" \
    -config $OUTPUT_DIR/$SERVICE_NAME.conf

# Sign certificate
openssl x509 -req \
    -in $OUTPUT_DIR/$SERVICE_NAME.csr \
    -CA $OUTPUT_DIR/ca.crt \
    -CAkey $OUTPUT_DIR/ca.key \
    -CAcreateserial \
    -out $OUTPUT_DIR/$SERVICE_NAME.crt \
    -days 365 \
    -sha256 \
    -extensions v3_req \
    -extfile $OUTPUT_DIR/$SERVICE_NAME.conf

# Create Kubernetes secret
kubectl create secret generic $SERVICE_NAME-mtls \
    --namespace $NAMESPACE \
    --from-file=tls.crt=$OUTPUT_DIR/$SERVICE_NAME.crt \
    --from-file=tls.key=$OUTPUT_DIR/$SERVICE_NAME.key \
    --from-file=ca.crt=$OUTPUT_DIR/ca.crt \
    --dry-run=client -o yaml
