#!/bin/bash
# rotate-certs.sh - Automated certificate rotation

NAMESPACE="default"
SECRET_NAME="api-service-tls"
CERT_NAME="api-service-cert"

echo "=== Checking Certificate Status ==="
kubectl get certificate $CERT_NAME -n $NAMESPACE

# Trigger manual renewal
echo "=== Triggering Certificate Renewal ==="
kubectl cert-manager renew $CERT_NAME -n $NAMESPACE

# Wait for renewal
sleep 10

# Verify new certificate
echo "=== Verifying New Certificate ==="
kubectl get secret $SECRET_NAME -n $NAMESPACE -o jsonpath='{.data.tls\.crt}' | \
    base64 -d | \
    openssl x509 -noout -dates

# Rolling restart to pick up new certs
echo "=== Rolling Restart Deployment ==="
kubectl rollout restart deployment/api -n $NAMESPACE
kubectl rollout status deployment/api -n $NAMESPACE

echo "Certificate rotation complete"
