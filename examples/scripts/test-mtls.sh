#!/bin/bash
# test-mtls.sh

SERVER="https://api.example.com:8443"

echo "=== Test without client certificate (should fail) ==="
curl -v --cacert ca.crt $SERVER 2>&1 | grep -E "(SSL|error|HTTP)"

echo -e "\n=== Test with valid client certificate ==="
curl -v --cacert ca.crt --cert client.crt --key client.key $SERVER

echo -e "\n=== Test with invalid client certificate (should fail) ==="
curl -v --cacert ca.crt --cert invalid.crt --key invalid.key $SERVER 2>&1 | grep -E "(SSL|error)"

echo -e "\n=== Verify certificate details ==="
openssl s_client -connect api.example.com:8443 \
    -cert client.crt -key client.key -CAfile ca.crt \
    </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer
