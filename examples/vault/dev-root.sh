#!/bin/bash
# dev-root.sh — a throwaway CA for development on its own mount, as quick-start posts set it up:
# a one-week root, and a role that signs for a month. Vault refuses certificates that would outlive it.

vault secrets enable -path=pki_dev pki
vault secrets tune -max-lease-ttl=720h pki_dev
vault write pki_dev/root/generate/internal common_name="Dev CA" ttl=168h
vault write pki_dev/roles/dev allowed_domains="dev.internal" allow_subdomains=true max_ttl=720h
vault write pki_dev/issue/dev common_name="api.dev.internal" ttl=720h
