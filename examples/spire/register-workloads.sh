#!/bin/bash
# register-workloads.sh — SPIRE registration entries for service-a and service-b.

# Register service-a
kubectl exec -n spire spire-server-0 -- \
  /opt/spire/bin/spire-server entry create \
  -spiffeID spiffe://production.local/service-a \
  -parentID spiffe://production.local/ns/spire/sa/spire-agent \
  -selector k8s:ns:production \
  -selector k8s:sa:service-a

# Register service-b
kubectl exec -n spire spire-server-0 -- \
  /opt/spire/bin/spire-server entry create \
  -spiffeID spiffe://production.local/service-b \
  -parentID spiffe://production.local/ns/spire/sa/spire-agent \
  -selector k8s:ns:production \
  -selector k8s:sa:service-b
