#!/usr/bin/env bash
# Installs what the tests, benchmarks and `npm start` need, on a fresh Debian machine (as root).
# Idempotent: fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: browser for the VS Code workbench, openssl and the CA bundle for interop
# tests and fixtures, ripgrep (VS Code's search), krb5 headers (code-server's kerberos module).
# golang-go, python3-flask, python3-requests, curl: the scaffold interop matrix (generated
# Go, Python and Node servers and clients handshaking with each other). neovim: a second LSP
# client for the language server tests. openjdk-17-jre-headless: keytool, for JKS keystores.
# pre-commit: runs the README's hook configuration against this repository.
DEBIAN_PACKAGES="chromium libkrb5-dev ripgrep openssl ca-certificates golang-go python3-flask python3-requests curl python3-cryptography-vectors neovim openjdk-17-jre-headless pre-commit"
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR=".cache/code-server"

missing=""
for p in $DEBIAN_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# kubectl (the cluster interop test checks the Kubernetes stand-in against it): Debian's
# kubernetes-client only when no kubectl is installed.
command -v kubectl >/dev/null 2>&1 || missing="$missing kubernetes-client"
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages:$missing. Run as root, or: sudo apt-get install -y$missing" >&2
    exit 1
  fi
  echo "setup: installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# code-server ships the VS Code (OSS) server and web workbench that the integration tests and
# `npm start` run. Installed outside the project's dependencies so it never enters the .vsix.
if [ ! -f "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  echo "setup: installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (about a minute)"
  mkdir -p "$CODE_SERVER_DIR"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the archive:
  # give it Debian's rg instead.
  tmpdir="${TMPDIR:-/tmp}"
  for v in 1.15.11 1.15.10 1.15.9; do
    cache="$tmpdir/vscode-ripgrep-cache-$v"
    mkdir -p "$cache"
    staging=$(mktemp -d)
    cp /usr/bin/rg "$staging/rg"
    tar -C "$staging" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
    rm -rf "$staging"
  done
  (
    cd "$CODE_SERVER_DIR"
    [ -f package.json ] || echo '{"name":"certwright-code-server","private":true}' > package.json
    npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" >install.log 2>&1 || {
      tail -40 install.log >&2
      echo "setup: code-server install failed (log: $CODE_SERVER_DIR/install.log)" >&2
      exit 1
    }
  )
fi
echo "setup: ok (code-server $CODE_SERVER_VERSION, $(openssl version | cut -d' ' -f1-2), $(/usr/bin/chromium --version 2>/dev/null | head -1))"
