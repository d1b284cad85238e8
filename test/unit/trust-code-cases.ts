// Cases for trust-root-missing on URLs dialed in code (#17 part 2, lane t17c): the trust-cases
// PKI and server (two cert-manager roots, Service "api" in payments serving a Certificate of
// payments-root), a client Deployment "orders" that mounts its Secret orders-tls (ca.crt: the
// root of the issuer named) at /etc/tls, and client programs in Go, Python and Node shaped like the
// usual examples (a Go mTLS client with x509.NewCertPool, requests with verify=, an https.Agent).
import { corpus, type Input } from './trust-cases';

export interface CodeClientOpts {
  /** The client Certificate's issuer: orders-ca (another root than the server's) or payments-ca. */
  issuer?: string;
  /** env entries of the container (name, value). */
  env?: Array<[string, string]>;
  /** Where orders-tls is mounted (default /etc/tls); '' for no mount. */
  mountPath?: string;
  name?: string;
}

export function codeClient(o: CodeClientOpts = {}): string {
  const name = o.name ?? 'orders';
  const mount = o.mountPath ?? '/etc/tls';
  const env = o.env?.length ? `          env:\n${o.env.map(([n, v]) => `            - name: ${n}\n              value: ${v}\n`).join('')}` : '';
  const mounts = mount ? `          volumeMounts:\n            - name: tls\n              mountPath: ${mount}\n              readOnly: true\n` : '';
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: orders
spec:
  secretName: ${name}-tls
  commonName: ${name}
  dnsNames:
    - ${name}.orders.svc
  usages:
    - digital signature
    - client auth
  issuerRef:
    name: ${o.issuer ?? 'orders-ca'}
    kind: ClusterIssuer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: orders
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/example/${name}:2.0.1
${env}${mounts}      volumes:
        - name: tls
          secret:
            secretName: ${name}-tls
`;
}

/** A Go mTLS client as blog posts write it: the CA file read into a pool, the pool as RootCAs. */
export function goClient(caExpr = '"/etc/tls/ca.crt"', url = 'https://api.payments.svc:8443/v1/charge', extraDecl = ''): string {
  return `package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net/http"
	"os"
)
${extraDecl}
func main() {
	cert, err := tls.LoadX509KeyPair("/etc/tls/tls.crt", "/etc/tls/tls.key")
	if err != nil {
		log.Fatalf("load key pair: %v", err)
	}
	caCert, err := os.ReadFile(${caExpr})
	if err != nil {
		log.Fatalf("read CA: %v", err)
	}
	caCertPool := x509.NewCertPool()
	caCertPool.AppendCertsFromPEM(caCert)

	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{
				Certificates: []tls.Certificate{cert},
				RootCAs:      caCertPool,
				MinVersion:   tls.VersionTLS12,
			},
		},
	}
	resp, err := client.Get("${url}")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	log.Printf("%s", body)
}
`;
}

/** requests with a client certificate and verify= (the requests docs' "SSL Cert Verification"). */
export function pyClient(verify = "'/etc/tls/ca.crt'", prelude = ''): string {
  return `import os

import requests
${prelude}
PAYMENTS_URL = "https://api.payments.svc:8443/v1/charge"


def charge(order_id: str) -> dict:
    resp = requests.post(
        PAYMENTS_URL,
        json={"order": order_id},
        cert=("/etc/tls/tls.crt", "/etc/tls/tls.key"),
        verify=${verify},
        timeout=5,
    )
    resp.raise_for_status()
    return resp.json()
`;
}

/** Node's https with an Agent holding the CA (the Node docs' https.request options). */
export function nodeClient(caExpr = "fs.readFileSync('/etc/tls/ca.crt')"): string {
  return `const fs = require('fs');
const https = require('https');

const agent = new https.Agent({
  cert: fs.readFileSync('/etc/tls/tls.crt'),
  key: fs.readFileSync('/etc/tls/tls.key'),
  ca: ${caExpr},
});

https.get('https://api.payments.svc:8443/v1/charge', { agent }, (res) => {
  res.on('data', (d) => process.stdout.write(d));
});
`;
}

/** The PKI and server of trust-cases, the client Deployment above, and the code files. */
export function codeCorpus(code: Input[], client: CodeClientOpts = {}, extra: Input[] = []): Input[] {
  return [...corpus().filter((f) => f.path !== 'apps/orders/orders.yaml'), { path: 'apps/orders/orders.yaml', text: codeClient(client) }, ...code, ...extra];
}
