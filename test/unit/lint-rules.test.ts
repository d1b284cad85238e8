// Every lint rule (src/core/lint/rules.ts LINT_RULES) with failing and passing inputs: the code,
// the severity from LINT_RULES, the exact YAML node (or HCL value, or URL) the finding points at,
// and every quick fix applied and re-linted (the finding is gone, the YAML still parses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, lintWorkspace, LINT_RULES, Workspace, type LintFinding, type TextEdit } from '../../src/core/lint/index';
import { CHECKS, RULES } from '../../src/core/lint/registry';
import { PKI_FAILS, PKI_PASSES } from './lint-pki-cases';
import { MESH_FAILS, MESH_PASSES } from './lint-mesh-cases';
import { TRUST_FAILS, TRUST_PASSES } from './trust-cases';
import { TRUST_PKI_FAILS, TRUST_PKI_PASSES } from './trust-pki-cases';

type Input = { path: string; text: string };

/** Strips the common indentation of a template literal (first and last blank lines dropped). */
function y(strings: TemplateStringsArray, ...values: unknown[]): string {
  let s = strings.reduce((acc, str, i) => acc + str + (i < values.length ? String(values[i]) : ''), '');
  s = s.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = s.split('\n');
  const min = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(min)).join('\n');
}

const indent = (s: string, n: number) => s.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function applyFix(files: Input[], edits: TextEdit[]): Input[] {
  return files.map((f) => ({ path: f.path, text: applyEdits(f.text, edits.filter((e) => e.file === f.path)) }));
}

const textOf = (files: Input[], path: string) => files.find((f) => f.path === path)!.text;
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const show = (files: Input[], fs: LintFinding[]) =>
  fs.map((f) => `${f.file}:${lineOf(textOf(files, f.file), f.start)} ${f.severity} ${f.code} ${JSON.stringify(textOf(files, f.file).slice(f.start, f.end))}: ${f.message}`).join('\n');

// ---- building blocks --------------------------------------------------------------------------

const CLUSTER_ISSUER = y`
  apiVersion: cert-manager.io/v1
  kind: ClusterIssuer
  metadata:
    name: ca
  spec:
    selfSigned: {}
`;

function cert(spec: string, meta = 'name: web\nnamespace: prod\n'): string {
  return `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n${indent(meta, 2)}spec:\n${indent(spec, 2)}`;
}

const BASE = y`
  secretName: web-tls
  dnsNames:
    - web.prod.svc
  issuerRef:
    name: ca
    kind: ClusterIssuer
`;

/** A Certificate in k8s/cert.yaml next to the ClusterIssuer it names. */
const one = (text: string): Input[] => [{ path: 'k8s/cert.yaml', text }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }];
const certCase = (extra: string, base = BASE) => one(cert(base + extra));

interface Workload {
  name: string;
  ns?: string;
  kind?: string;
  secret?: string;
  items?: string[];
  url?: string;
  csi?: string;
}

function workload(w: Workload): string {
  const ns = w.ns ?? 'prod';
  const env = w.url ? `\n          env:\n            - name: UPSTREAM\n              value: ${w.url}` : '';
  let vols = '';
  if (w.secret) {
    const items = w.items ? `\n            items:\n${w.items.map((k) => `              - key: ${k}\n                path: ${k}`).join('\n')}` : '';
    vols = `\n      volumes:\n        - name: tls\n          secret:\n            secretName: ${w.secret}${items}`;
  }
  if (w.csi) vols = `\n      volumes:\n        - name: tls\n          csi:\n            driver: csi.cert-manager.io\n            readOnly: true\n${indent(w.csi, 12)}`.replace(/\n$/, '');
  return y`
    apiVersion: apps/v1
    kind: ${w.kind ?? 'Deployment'}
    metadata:
      name: ${w.name}
      namespace: ${ns}
    spec:
      selector:
        matchLabels:
          app: ${w.name}
      template:
        metadata:
          labels:
            app: ${w.name}
        spec:
          containers:
            - name: ${w.name}
              image: ${w.name}:1
  `.replace(/\n$/, '') + env + vols + '\n';
}

function service(name: string, ns = 'prod'): string {
  return y`
    apiVersion: v1
    kind: Service
    metadata:
      name: ${name}
      namespace: ${ns}
    spec:
      selector:
        app: ${name}
      ports:
        - port: 8443
  `;
}

const ALL_FORMS = (s: string, n = 'prod') => [s, `${s}.${n}`, `${s}.${n}.svc`, `${s}.${n}.svc.cluster.local`];
const dnsList = (names: string[]) => `dnsNames:\n${names.map((n) => `  - ${n}\n`).join('')}`;

function apiCert(opts: { dns?: string[]; usages?: string[]; name?: string; secret?: string } = {}): string {
  const name = opts.name ?? 'api';
  const usages = opts.usages ? `usages:\n${opts.usages.map((u) => `  - ${u}\n`).join('')}` : '';
  return cert(`secretName: ${opts.secret ?? `${name}-tls`}\n${dnsList(opts.dns ?? ALL_FORMS(name))}issuerRef:\n  name: ca\n  kind: ClusterIssuer\n${usages}`, `name: ${name}\nnamespace: prod\n`);
}

/** Certificate + Deployment mounting its Secret + Service selecting the Deployment. */
function served(c: string, extra: Input[] = [], w: Partial<Workload> = {}): Input[] {
  return [
    { path: 'k8s/api-cert.yaml', text: c },
    { path: 'k8s/api-deploy.yaml', text: workload({ name: 'api', secret: 'api-tls', ...w }) },
    { path: 'k8s/api-svc.yaml', text: service('api') },
    { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER },
    ...extra,
  ];
}

function spireServer(body: string, name = 'spire-server'): string {
  return y`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: ${name}
      namespace: spire
    data:
      server.conf: |
  ` + indent(body, 4);
}

function spireAgent(body: string): string {
  return y`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: spire-agent
      namespace: spire
    data:
      agent.conf: |
  ` + indent(body, 4);
}

const SERVER_CONF = y`
  server {
    bind_address = "0.0.0.0"
    bind_port = "8081"
    trust_domain = "example.org"
    data_dir = "/run/spire/data"
    ca_ttl = "24h"
    default_x509_svid_ttl = "1h"
  }
  plugins {
    DataStore "sql" {
      plugin_data {
        database_type = "sqlite3"
      }
    }
  }
`;

const AGENT_CONF = (td: string) => y`
  agent {
    server_address = "spire-server"
    server_port = "8081"
    trust_domain = "${td}"
    trust_bundle_path = "/run/spire/bundle/bundle.crt"
  }
  plugins {
    NodeAttestor "k8s_psat" {
      plugin_data {
        cluster = "prod"
      }
    }
  }
`;

const entryScript = (spiffeId: string, parentId = 'spiffe://example.org/spire/agent/k8s_psat/prod/node-1') => y`
  #!/bin/sh
  kubectl exec -n spire spire-server-0 -- \
    /opt/spire/bin/spire-server entry create \
    -spiffeID ${spiffeId} \
    -parentID ${parentId} \
    -selector k8s:ns:prod
`;

function clusterSpiffeId(spec: string): string {
  return `apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata:\n  name: workloads\nspec:\n${indent(spec, 2)}`;
}

function authz(principals: string[]): string {
  return y`
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata:
      name: allow-web
      namespace: prod
    spec:
      action: ALLOW
      rules:
        - from:
            - source:
                principals:
  ` + principals.map((p) => `                  - ${p}\n`).join('');
}

function peerAuth(mode: string, portMode?: string): string {
  const port = portMode ? `  portLevelMtls:\n    8080:\n      mode: ${portMode}\n` : '';
  return `apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: prod\nspec:\n  mtls:\n    mode: ${mode}\n${port}`;
}

function bundle(spec: string): string {
  return `apiVersion: trust.cert-manager.io/v1alpha1\nkind: Bundle\nmetadata:\n  name: trust\nspec:\n${indent(spec, 2)}`;
}

const GOOD_BUNDLE_TARGET = 'target:\n  configMap:\n    key: ca.crt\n';

function issuer(spec: string, kind = 'Issuer', meta = 'name: ns-ca\nnamespace: prod\n'): string {
  return `apiVersion: cert-manager.io/v1\nkind: ${kind}\nmetadata:\n${indent(meta, 2)}spec:\n${indent(spec, 2)}`;
}

const CR = (spec: string) => `apiVersion: cert-manager.io/v1\nkind: CertificateRequest\nmetadata:\n  name: req\n  namespace: prod\nspec:\n${indent(spec, 2)}`;

// ---- the table ----------------------------------------------------------------------------------

interface Fail {
  code: string;
  name: string;
  files: Input[];
  /** text.slice(start, end) of the finding. */
  at: string;
  /** The file the finding is in (default: the first file). */
  file?: string;
  /** 1-based line of the finding's start, when `at` alone could be ambiguous. */
  line?: number;
  /** The file text after applying the finding's first quick fix (the finding must have one). */
  fixed?: string;
  /** The clock of the lint run (rules about expiry), now when unset. */
  now?: Date;
}

interface Pass { code: string; name: string; files: Input[]; now?: Date }

/** lintTexts at the case's clock. */
const lintAt = (files: Input[], now?: Date) => { const ws = new Workspace(files); ws.now = now; return lintWorkspace(ws); };

const LONG_LABEL = 'a'.repeat(64);
const CN65 = 'c'.repeat(65);

const keyEncText = cert(BASE + y`
  privateKey:
    algorithm: ECDSA
  usages:
    - digital signature
    - key encipherment
    - server auth
`);

const caLeafText = cert(y`
  isCA: true
  commonName: root
  secretName: root-tls
  issuerRef:
    name: ca
    kind: ClusterIssuer
  usages:
    - cert sign
    - server auth
`);

const caCertSignText = cert(y`
  isCA: true
  commonName: root
  secretName: root-tls
  issuerRef:
    name: ca
    kind: ClusterIssuer
  usages:
    - digital signature
    - crl sign
`);

const noKindText = cert(y`
  secretName: web-tls
  dnsNames:
    - web.prod.svc
  issuerRef:
    name: ca
`);

const cnOnlyText = cert('commonName: api\nsecretName: api-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n', 'name: api\nnamespace: prod\n');
const flowDnsText = cert('secretName: api-tls\ndnsNames: [api, api.prod]\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n', 'name: api\nnamespace: prod\n');
const caFlowText = cert('isCA: true\ncommonName: root\nsecretName: root-tls\nissuerRef: {name: ca, kind: ClusterIssuer}\nusages: [digital signature]\n');
const coverageText = apiCert({ dns: ['api.prod.svc.cluster.local'] });
const serverAuthText = apiCert({ usages: ['digital signature', 'client auth'] });
const clientAuthText = apiCert({ name: 'worker', usages: ['digital signature', 'server auth'] });

const fails: Fail[] = [
  // YAML
  { code: 'yaml-syntax', name: 'a reserved indicator starts a key', files: [{ path: 'k8s/bad.yaml', text: 'apiVersion: v1\n@kind: Secret\n' }], at: '@', line: 2 },
  { code: 'yaml-syntax', name: 'a tab indents a mapping', files: [{ path: 'k8s/bad.yaml', text: 'apiVersion: v1\nmetadata:\n\tname: x\n' }], at: '\t', line: 3 },
  // cert-manager Certificate
  { code: 'secret-name-required', name: 'no secretName', files: one(cert('dnsNames:\n  - web.prod.svc\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')), at: 'spec' },
  { code: 'secret-name-invalid', name: 'uppercase and underscore', files: one(cert(BASE.replace('web-tls', 'Web_TLS'))), at: 'Web_TLS' },
  { code: 'issuer-ref-required', name: 'no issuerRef', files: one(cert('secretName: web-tls\ndnsNames:\n  - web.prod.svc\n')), at: 'spec' },
  { code: 'issuer-ref-required', name: 'issuerRef without name', files: one(cert('secretName: web-tls\ndnsNames:\n  - web.prod.svc\nissuerRef:\n  kind: ClusterIssuer\n')), at: 'issuerRef' },
  { code: 'issuer-kind-invalid', name: 'lowercase kind', files: one(cert(BASE.replace('kind: ClusterIssuer', 'kind: clusterissuer'))), at: 'clusterissuer', fixed: cert(BASE) },
  { code: 'issuer-kind-invalid', name: 'unknown kind (no fix)', files: one(cert(BASE.replace('kind: ClusterIssuer', 'kind: CAIssuer'))), at: 'CAIssuer' },
  { code: 'no-identity', name: 'no names at all', files: one(cert('secretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')), at: 'spec' },
  { code: 'common-name-too-long', name: '65-byte commonName', files: certCase(`commonName: ${CN65}\n`), at: CN65 },
  { code: 'dns-name-invalid', name: 'a URL in dnsNames', files: one(cert(BASE.replace('- web.prod.svc', '- https://web.prod.svc'))), at: 'https://web.prod.svc' },
  { code: 'dns-name-invalid', name: 'a 64-character label', files: one(cert(BASE.replace('- web.prod.svc', `- ${LONG_LABEL}.prod.svc`))), at: `${LONG_LABEL}.prod.svc` },
  { code: 'ip-invalid', name: 'octet over 255', files: certCase('ipAddresses:\n  - 10.0.0.256\n'), at: '10.0.0.256' },
  { code: 'email-invalid', name: 'display name in an address', files: certCase('emailAddresses:\n  - "Ops <ops@example.com>"\n'), at: '"Ops <ops@example.com>"' },
  { code: 'literal-subject-conflict', name: 'literalSubject with commonName', files: certCase('commonName: web\nliteralSubject: "CN=web,O=Acme"\n'), at: 'literalSubject' },
  { code: 'key-algorithm-invalid', name: 'lowercase ecdsa', files: certCase('privateKey:\n  algorithm: ecdsa\n'), at: 'ecdsa', fixed: cert(BASE + 'privateKey:\n  algorithm: ECDSA\n') },
  { code: 'key-algorithm-invalid', name: 'DSA (no fix)', files: certCase('privateKey:\n  algorithm: DSA\n'), at: 'DSA' },
  { code: 'key-size-invalid', name: 'ECDSA 2048', files: certCase('privateKey:\n  algorithm: ECDSA\n  size: 2048\n'), at: '2048', fixed: cert(BASE + 'privateKey:\n  algorithm: ECDSA\n  size: 256\n') },
  { code: 'key-size-invalid', name: 'RSA 1024', files: certCase('privateKey:\n  algorithm: RSA\n  size: 1024\n'), at: '1024' },
  { code: 'key-encoding-invalid', name: 'PKCS12', files: certCase('privateKey:\n  encoding: PKCS12\n'), at: 'PKCS12' },
  { code: 'rotation-policy-invalid', name: 'lowercase always', files: certCase('privateKey:\n  rotationPolicy: always\n'), at: 'always' },
  { code: 'signature-algorithm-mismatch', name: 'ECDSA key, RSA signature', files: certCase('privateKey:\n  algorithm: ECDSA\nsignatureAlgorithm: SHA256WithRSA\n'), at: 'SHA256WithRSA' },
  { code: 'duration-syntax', name: '90d', files: certCase('duration: 90d\n'), at: '90d', fixed: cert(BASE + 'duration: 2160h\n') },
  { code: 'duration-syntax', name: 'quoted "1w" keeps its quotes', files: certCase('duration: "1w"\n'), at: '"1w"', fixed: cert(BASE + 'duration: "168h"\n') },
  { code: 'duration-syntax', name: 'renewBefore without unit (no fix)', files: certCase('renewBefore: "90"\n'), at: '"90"' },
  { code: 'duration-syntax', name: 'SPIRE ca_ttl "1d" inside a ConfigMap', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('ca_ttl = "24h"', 'ca_ttl = "1d"')) }], at: '"1d"' },
  { code: 'duration-syntax', name: 'ClusterSPIFFEID ttl', files: [{ path: 'spire/csid.yaml', text: clusterSpiffeId('spiffeIDTemplate: "spiffe://example.org/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\nttl: 2d\n') }], at: '2d' },
  { code: 'duration-too-short', name: '30m', files: certCase('duration: 30m\n'), at: '30m', fixed: cert(BASE + 'duration: 1h\n') },
  { code: 'renew-before-too-short', name: '1m', files: certCase('renewBefore: 1m\n'), at: '1m' },
  { code: 'renew-before-not-below-duration', name: 'equal to duration', files: certCase('duration: 720h\nrenewBefore: 720h\n'), at: '720h', line: 14, fixed: cert(BASE + 'duration: 720h\nrenewBefore: 240h\n') },
  { code: 'renew-before-not-below-duration', name: 'above the default duration', files: certCase('renewBefore: 2400h\n'), at: '2400h', fixed: cert(BASE + 'renewBefore: 720h\n') },
  { code: 'renew-before-exclusive', name: 'both set', files: certCase('renewBefore: 240h\nrenewBeforePercentage: 25\n'), at: '25' },
  { code: 'renew-percentage-range', name: '100', files: certCase('renewBeforePercentage: 100\n'), at: '100' },
  { code: 'renew-percentage-range', name: '0', files: certCase('renewBeforePercentage: 0\n'), at: '0' },
  { code: 'usage-invalid', name: 'serverAuth', files: certCase('usages:\n  - serverAuth\n'), at: 'serverAuth', fixed: cert(BASE + 'usages:\n  - server auth\n') },
  { code: 'usage-invalid', name: 'unknown word (no fix)', files: certCase('usages:\n  - tls web server\n'), at: 'tls web server' },
  { code: 'usage-key-encipherment-ecdsa', name: 'ECDSA with key encipherment', files: one(keyEncText), at: 'key encipherment', fixed: keyEncText.replace('    - key encipherment\n', '') },
  { code: 'usage-key-encipherment-ecdsa', name: 'Ed25519 with key encipherment', files: certCase('privateKey:\n  algorithm: Ed25519\nusages:\n  - key encipherment\n  - digital signature\n'), at: 'key encipherment', fixed: cert(BASE + 'privateKey:\n  algorithm: Ed25519\nusages:\n  - digital signature\n') },
  { code: 'usage-ca-leaf', name: 'CA with server auth', files: one(caLeafText), at: 'server auth', fixed: caLeafText.replace('    - server auth\n', '') },
  { code: 'usage-ca-cert-sign', name: 'CA without cert sign', files: one(caCertSignText), at: 'usages', fixed: caCertSignText + '    - cert sign\n' },
  { code: 'usage-ca-cert-sign', name: 'CA with a flow list of usages', files: one(caFlowText), at: 'usages', fixed: caFlowText.replace('[digital signature]', '[digital signature, cert sign]') },
  { code: 'revision-history-limit', name: '0', files: certCase('revisionHistoryLimit: 0\n'), at: '0' },
  { code: 'secret-template-annotation', name: 'cert-manager.io/ annotation', files: certCase('secretTemplate:\n  annotations:\n    cert-manager.io/owner: me\n'), at: 'cert-manager.io/owner' },
  { code: 'name-constraints-not-ca', name: 'leaf with nameConstraints', files: certCase('nameConstraints:\n  permitted:\n    dnsDomains:\n      - prod.svc\n'), at: 'nameConstraints' },
  { code: 'name-constraints-not-ca', name: 'CA with empty nameConstraints', files: certCase('isCA: true\nnameConstraints:\n  critical: true\n'), at: 'nameConstraints' },
  { code: 'keystore-password', name: 'jks without a password', files: certCase('keystores:\n  jks:\n    create: true\n'), at: 'jks' },
  { code: 'keystore-password', name: 'pkcs12 with both', files: certCase('keystores:\n  pkcs12:\n    create: true\n    password: changeit\n    passwordSecretRef:\n      name: pw\n      key: password\n'), at: 'pkcs12' },
  { code: 'keystore-password', name: 'empty literal password', files: certCase('keystores:\n  pkcs12:\n    create: true\n    password: ""\n'), at: 'pkcs12' },
  { code: 'output-format-duplicate', name: 'DER twice', files: certCase('additionalOutputFormats:\n  - type: DER\n  - type: CombinedPEM\n  - type: DER\n'), at: 'DER', line: 16 },
  // Issuers and requests
  { code: 'issuer-type-count', name: 'ca and selfSigned', files: [{ path: 'k8s/issuer.yaml', text: issuer('selfSigned: {}\nca:\n  secretName: root-tls\n') }], at: 'spec' },
  { code: 'issuer-type-count', name: 'no type', files: [{ path: 'k8s/issuer.yaml', text: issuer('foo: {}\n', 'ClusterIssuer', 'name: x\n') }], at: 'spec' },
  { code: 'issuer-ca-secret-required', name: 'ca without secretName', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca: {}\n') }], at: 'ca' },
  { code: 'issuer-acme-fields', name: 'acme without server', files: [{ path: 'k8s/issuer.yaml', text: issuer('acme:\n  email: ops@example.com\n  privateKeySecretRef:\n    name: acme-key\n  solvers:\n    - http01:\n        ingress: {}\n') }], at: 'acme' },
  { code: 'issuer-acme-fields', name: 'solver with http01 and dns01', files: [{ path: 'k8s/issuer.yaml', text: issuer('acme:\n  server: https://acme.example.com/directory\n  privateKeySecretRef:\n    name: acme-key\n  solvers:\n    - http01: {}\n      dns01: {}\n') }], at: 'http01: {}\n        dns01: {}\n' },
  { code: 'issuer-vault-fields', name: 'path with ..', files: [{ path: 'k8s/issuer.yaml', text: issuer('vault:\n  server: https://vault:8200\n  path: pki/../sign/web\n  auth:\n    kubernetes:\n      role: web\n') }], at: 'pki/../sign/web' },
  { code: 'issuer-vault-fields', name: 'no auth method', files: [{ path: 'k8s/issuer.yaml', text: issuer('vault:\n  server: https://vault:8200\n  path: pki/sign/web\n') }], at: 'vault' },
  { code: 'request-required', name: 'CertificateRequest without request', files: [{ path: 'k8s/req.yaml', text: CR('issuerRef:\n  name: ca\n  kind: ClusterIssuer\n') }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }], at: 'spec' },
  // Cross-file: issuers
  { code: 'issuer-not-found', name: 'ClusterIssuer not in the workspace', files: [{ path: 'k8s/cert.yaml', text: cert(BASE.replace('name: ca', 'name: missing-ca')) }], at: 'missing-ca' },
  { code: 'issuer-not-found', name: 'Issuer (empty kind) not in the workspace', files: [{ path: 'k8s/cert.yaml', text: noKindText.replace('name: ca', 'name: missing-ca') }], at: 'missing-ca' },
  { code: 'issuer-kind-mismatch', name: 'empty kind naming a ClusterIssuer: kind is inserted', files: one(noKindText), at: 'ca', fixed: noKindText.replace('    name: ca\n', '    name: ca\n    kind: ClusterIssuer\n') },
  { code: 'issuer-kind-mismatch', name: 'kind Issuer naming a ClusterIssuer: kind is changed', files: one(cert(BASE.replace('kind: ClusterIssuer', 'kind: Issuer'))), at: 'ca', fixed: cert(BASE) },
  { code: 'issuer-kind-mismatch', name: 'kind ClusterIssuer naming an Issuer', files: [{ path: 'k8s/cert.yaml', text: cert(BASE.replace('name: ca', 'name: ns-ca')) }, { path: 'k8s/issuer.yaml', text: issuer('selfSigned: {}\n') }], at: 'ns-ca', fixed: cert(BASE.replace('name: ca', 'name: ns-ca').replace('kind: ClusterIssuer', 'kind: Issuer')) },
  { code: 'issuer-namespace-mismatch', name: 'Issuer in another namespace', files: [{ path: 'k8s/cert.yaml', text: noKindText.replace('name: ca', 'name: ns-ca') }, { path: 'k8s/issuer.yaml', text: issuer('selfSigned: {}\n', 'Issuer', 'name: ns-ca\nnamespace: other\n') }], at: 'ns-ca' },
  { code: 'ca-secret-not-ca', name: 'CA Issuer secret from a leaf Certificate', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca:\n  secretName: root-tls\n') }, { path: 'k8s/root.yaml', text: cert('commonName: root\nsecretName: root-tls\nissuerRef:\n  name: selfsigned\n  kind: ClusterIssuer\n', 'name: root\nnamespace: prod\n') }], at: 'root-tls' },
  { code: 'ca-secret-not-produced', name: 'CA ClusterIssuer secret nobody produces', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca:\n  secretName: root-ca-keypair\n', 'ClusterIssuer', 'name: root\n') }], at: 'root-ca-keypair' },
  // Cross-file: mounted secrets
  { code: 'secret-not-produced', name: 'a Deployment mounts a TLS Secret nobody produces', files: [{ path: 'k8s/deploy.yaml', text: workload({ name: 'api', secret: 'api-tls' }) }, { path: 'k8s/cert.yaml', text: cert(BASE) }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }], at: 'api-tls' },
  { code: 'secret-items-key', name: 'items key tls.pem from a cert-manager Secret', files: [{ path: 'k8s/deploy.yaml', text: workload({ name: 'web', secret: 'web-tls', items: ['tls.crt', 'tls.pem'] }) }, { path: 'k8s/cert.yaml', text: cert(BASE) }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }], at: 'tls.pem' },
  // Cross-file: Services, dialed URLs, usages
  { code: 'san-service-coverage', name: 'three Service names missing: appended with the list\'s indentation', files: served(coverageText), at: '- api.prod.svc.cluster.local\n', fixed: coverageText.replace('    - api.prod.svc.cluster.local\n', '    - api.prod.svc.cluster.local\n    - api\n    - api.prod\n    - api.prod.svc\n') },
  { code: 'san-service-coverage', name: 'no dnsNames at all: the list is created under spec', files: served(cnOnlyText), at: 'api-tls', fixed: cnOnlyText + '  dnsNames:\n    - api\n    - api.prod\n    - api.prod.svc\n    - api.prod.svc.cluster.local\n' },
  { code: 'san-service-coverage', name: 'a flow list gets the names appended inside the brackets', files: served(flowDnsText), at: '[api, api.prod]', fixed: flowDnsText.replace('[api, api.prod]', '[api, api.prod, api.prod.svc, api.prod.svc.cluster.local]') },
  { code: 'duplicate-object', name: 'the same Certificate in two files of one folder', files: [...one(cert(BASE)), { path: 'k8s/cert-copy.yaml', text: cert(BASE) }], file: 'k8s/cert-copy.yaml', at: 'web' },
  { code: 'duplicate-object', name: 'the same Service twice in one file, the second inside a kind: List', files: [{ path: 'k8s/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  selector:\n    app: api\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: api\n      namespace: prod\n    spec:\n      selector:\n        app: api\n' }], at: 'api', line: 16 },
  { code: 'san-dialed-host', name: 'a Go client dials a name the certificate lacks', files: served(apiCert({ dns: ['api', 'api.prod', 'api.prod.svc'] }), [{ path: 'cmd/client/main.go', text: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Get("https://api.prod.svc.cluster.local:8443/v1/health")\n}\n' }]), file: 'cmd/client/main.go', at: 'https://api.prod.svc.cluster.local:8443' },
  { code: 'san-dialed-host', name: 'an env value dials a name the certificate lacks', files: served(apiCert({ dns: ['api', 'api.prod.svc', 'api.prod.svc.cluster.local'] }), [{ path: 'k8s/web.yaml', text: workload({ name: 'web', url: '"https://api.prod:8443/v1"' }) }]), file: 'k8s/web.yaml', at: 'https://api.prod:8443' },
  { code: 'usage-server-auth-missing', name: 'served behind a Service with only client auth', files: served(serverAuthText), at: '- digital signature\n    - client auth\n', fixed: serverAuthText + '    - server auth\n' },
  { code: 'usage-client-auth-missing', name: 'a workload dialing https with a server-auth-only certificate', files: [{ path: 'k8s/worker-cert.yaml', text: clientAuthText }, { path: 'k8s/worker.yaml', text: workload({ name: 'worker', secret: 'worker-tls', url: 'https://api.prod.svc:8443/' }) }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }], at: '- digital signature\n    - server auth\n', fixed: clientAuthText + '    - client auth\n' },
  // trust-manager and csi-driver
  { code: 'bundle-sources', name: 'a source with configMap and secret', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources:\n  - configMap:\n      name: a\n      key: ca.crt\n    secret:\n      name: b\n      key: ca.crt\n' + GOOD_BUNDLE_TARGET) }], at: 'configMap:\n        name: a\n        key: ca.crt\n      secret:\n        name: b\n        key: ca.crt\n' },
  { code: 'bundle-sources', name: 'a secret source without key', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources:\n  - secret:\n      name: root\n' + GOOD_BUNDLE_TARGET) }], at: 'secret' },
  { code: 'bundle-sources', name: 'no sources', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources: []\n' + GOOD_BUNDLE_TARGET) }], at: 'sources' },
  { code: 'bundle-target', name: 'target with only a namespaceSelector', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources:\n  - useDefaultCAs: true\ntarget:\n  namespaceSelector:\n    matchLabels:\n      trust: "true"\n') }], at: 'target' },
  { code: 'csi-attribute', name: 'no issuer-name', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/dns-names: web.prod.svc\n' }) }], at: 'volumeAttributes' },
  { code: 'csi-attribute', name: 'is-ca "yes"', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/issuer-name: ca\n  csi.cert-manager.io/is-ca: "yes"\n' }) }], at: '"yes"' },
  { code: 'csi-attribute', name: 'duration 30d', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/issuer-name: ca\n  csi.cert-manager.io/duration: 30d\n' }) }], at: '30d' },
  { code: 'csi-attribute-unknown', name: 'unknown key', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/issuer-name: ca\n  csi.cert-manager.io/dns-name: web\n' }) }], at: 'csi.cert-manager.io/dns-name' },
  // SPIFFE / SPIRE
  { code: 'spiffe-id-invalid', name: 'uppercase trust domain in server.conf', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('"example.org"', '"Example.org"')) }], at: '"Example.org"' },
  { code: 'spiffe-id-invalid', name: 'URI SAN with an empty segment', files: certCase('uris:\n  - spiffe://example.org/ns//sa/web\n'), at: 'spiffe://example.org/ns//sa/web' },
  { code: 'spiffe-id-invalid', name: 'entry create -spiffeID with a port', files: [{ path: 'spire/register.sh', text: entryScript('spiffe://example.org:443/web') }], at: 'spiffe://example.org:443/web' },
  { code: 'spiffe-id-invalid', name: 'entry create --parentID= with a trailing slash', files: [{ path: 'spire/register.sh', text: 'spire-server entry create --spiffeID=spiffe://example.org/web --parentID="spiffe://example.org/agent/" -selector unix:uid:1000\n' }], at: 'spiffe://example.org/agent/' },
  { code: 'spiffe-id-invalid', name: 'ClusterSPIFFEID template with a ".." segment', files: [{ path: 'spire/csid.yaml', text: clusterSpiffeId('spiffeIDTemplate: "spiffe://example.org/../ns/{{ .PodMeta.Namespace }}"\n') }], at: '"spiffe://example.org/../ns/{{ .PodMeta.Namespace }}"' },
  { code: 'spiffe-id-invalid', name: 'ClusterSPIFFEID federatesWith with a port', files: [{ path: 'spire/csid.yaml', text: clusterSpiffeId('spiffeIDTemplate: "spiffe://example.org/ns/{{ .PodMeta.Namespace }}"\nfederatesWith:\n  - partner.example:8443\n') }], at: 'partner.example:8443' },
  { code: 'spiffe-id-invalid', name: 'ClusterSPIFFEID without a template', files: [{ path: 'spire/csid.yaml', text: clusterSpiffeId('podSelector:\n  matchLabels:\n    app: web\n') }], at: 'spec' },
  { code: 'spiffe-trust-domain-mismatch', name: 'agent in another trust domain', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }, { path: 'spire/agent.yaml', text: spireAgent(AGENT_CONF('example.com')) }], file: 'spire/agent.yaml', at: '"example.com"' },
  { code: 'spiffe-outside-trust-domain', name: 'entry create in another trust domain', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }, { path: 'spire/register.sh', text: entryScript('spiffe://other.org/web') }], file: 'spire/register.sh', at: 'spiffe://other.org/web' },
  { code: 'spire-svid-ttl', name: 'SVID 4h with ca_ttl 12h', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('"24h"', '"12h"').replace('default_x509_svid_ttl = "1h"', 'default_x509_svid_ttl = "4h"')) }], at: '"4h"' },
  { code: 'spire-svid-ttl', name: 'default SVID TTL with ca_ttl 2h (points at ca_ttl)', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('"24h"', '"2h"').replace('  default_x509_svid_ttl = "1h"\n', '')) }], at: '"2h"' },
  { code: 'spire-svid-ttl', name: 'server.conf as a .conf file', files: [{ path: 'spire/conf/server.conf', text: SERVER_CONF.replace('default_x509_svid_ttl = "1h"', 'default_x509_svid_ttl = "168h"') }], at: '"168h"' },
  { code: 'hcl-syntax', name: 'a semicolon in server.conf', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('bind_port = "8081"', 'bind_port = "8081";')) }], at: ';', line: 10 },
  { code: 'hcl-syntax', name: 'a missing closing brace', files: [{ path: 'spire/server.conf', text: 'server {\n  trust_domain = "example.org"\n' }], at: '', line: 3 },
  // Istio
  { code: 'istio-principal', name: 'spiffe:// prefix', files: [{ path: 'istio/authz.yaml', text: authz(['"spiffe://cluster.local/ns/prod/sa/web"']) }], at: '"spiffe://cluster.local/ns/prod/sa/web"', fixed: authz(['"cluster.local/ns/prod/sa/web"']) },
  { code: 'istio-principal', name: 'spiffe:// prefix, plain scalar', files: [{ path: 'istio/authz.yaml', text: authz(['spiffe://cluster.local/ns/prod/sa/web']) }], at: 'spiffe://cluster.local/ns/prod/sa/web', fixed: authz(['cluster.local/ns/prod/sa/web']) },
  { code: 'istio-principal', name: '"*" in the middle', files: [{ path: 'istio/authz.yaml', text: authz(['cluster.local/ns/*/sa/web']) }], at: 'cluster.local/ns/*/sa/web' },
  { code: 'istio-principal', name: 'not ns/sa form', files: [{ path: 'istio/authz.yaml', text: authz(['cluster.local/web']) }], at: 'cluster.local/web' },
  { code: 'istio-principal-empty', name: 'an empty principal', files: [{ path: 'istio/authz.yaml', text: authz(['"cluster.local/ns/prod/sa/web"', '""']) }], at: '""' },
  { code: 'istio-principal-empty', name: 'an empty notPrincipals entry (an unset variable rendered)', files: [{ path: 'istio/authz.yaml', text: authz(['"cluster.local/ns/prod/sa/web"']).replace('principals:', "notPrincipals: ['']\n            principals:") }], at: "''" },
  { code: 'istio-mtls-mode', name: 'lowercase strict', files: [{ path: 'istio/pa.yaml', text: peerAuth('strict') }], at: 'strict', fixed: peerAuth('STRICT') },
  { code: 'istio-mtls-mode', name: 'port-level Permissive', files: [{ path: 'istio/pa.yaml', text: peerAuth('STRICT', 'Permissive') }], at: 'Permissive', fixed: peerAuth('STRICT', 'PERMISSIVE') },
  { code: 'istio-mtls-mode', name: 'unknown mode (no fix)', files: [{ path: 'istio/pa.yaml', text: peerAuth('REQUIRED') }], at: 'REQUIRED' },
  // PKI: openssl, Vault, Terraform (issue 14; test/unit/lint-pki-cases.ts)
  ...PKI_FAILS,
];

const goodServer = (dns: string[]) => served(apiCert({ dns }));

/** A Certificate in a Helm chart with the given spec lines. */
const TPL_CERT = (spec: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name:\n    {{ include "x.fullname" . }}\nspec:\n${spec}`;
const BASE_NO_SECRET = '  dnsNames:\n    - web.prod.svc\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n';

const passes: Pass[] = [
  // Unknown values: what a template, kustomize or envsubst fills in is never wrong, and a map a
  // template prints into never misses a field (issue 12).
  { code: 'secret-name-required', name: 'spec printed by `toYaml .Values.spec | nindent 2`', files: [{ path: 'chart/templates/cert.yaml', text: TPL_CERT('  {{- toYaml .Values.spec | nindent 2 }}\n') }] },
  { code: 'secret-name-required', name: 'secretName alone on the next line', files: [{ path: 'chart/templates/cert.yaml', text: TPL_CERT('  secretName:\n    {{ include "x.fullname" . }}\n' + BASE_NO_SECRET) }] },
  { code: 'secret-name-required', name: 'spec printed at column 0 with `indent 2`', files: [{ path: 'chart/templates/cert.yaml', text: TPL_CERT('{{ tpl (toYaml .Values.spec) . | indent 2 }}\n  duration: 720h\n') }] },
  { code: 'secret-name-required', name: 'the whole document body printed by an include', files: [{ path: 'chart/templates/cert.yaml', text: 'apiVersion: cert-manager.io/v1\nkind: Certificate\n{{ include "x.certificateBody" . }}\n' }] },
  { code: 'issuer-ref-required', name: 'issuerRef printed by `with` + `toYaml`', files: [{ path: 'chart/templates/cert.yaml', text: TPL_CERT('  secretName: web-tls\n  dnsNames: [web]\n  issuerRef:\n    {{- with .Values.issuerRef }}\n    {{- toYaml . | nindent 4 }}\n    {{- end }}\n') }] },
  { code: 'no-identity', name: 'dnsNames printed by a template, commonName from values', files: [{ path: 'chart/templates/cert.yaml', text: TPL_CERT('  secretName: web-tls\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n  dnsNames:\n  {{- toYaml .Values.dnsNames | nindent 4 }}\n') }, { path: 'chart/templates/issuer.yaml', text: CLUSTER_ISSUER }] },
  { code: 'issuer-type-count', name: 'if/else choosing selfSigned or ca', files: [{ path: 'chart/templates/issuer.yaml', text: issuer('{{- if .Values.selfSigned }}\nselfSigned: {}\n{{- else }}\nca:\n  secretName: {{ .Values.caSecret }}\n{{- end }}\n') }] },
  { code: 'issuer-type-count', name: 'the issuer type printed by an include', files: [{ path: 'chart/templates/issuer.yaml', text: issuer('{{- include "common.tplvalues.render" (dict "value" .Values.issuer "context" $) | nindent 2 }}\n') }] },
  { code: 'issuer-ca-secret-required', name: 'ca printed by toYaml', files: [{ path: 'chart/templates/issuer.yaml', text: issuer('ca:\n  {{- toYaml .Values.ca | nindent 4 }}\n') }] },
  { code: 'issuer-acme-fields', name: 'acme printed by toYaml, or filled in by envsubst', files: [{ path: 'chart/templates/issuer.yaml', text: issuer('acme:\n  {{- toYaml .Values.acme | nindent 4 }}\n') }, { path: 'k8s/acme.yaml', text: issuer('acme:\n  server: ${ACME_SERVER}\n  privateKeySecretRef:\n    name: $(ACCOUNT_SECRET)\n  solvers:\n    - http01: {}\n', 'ClusterIssuer', 'name: acme\n') }] },
  { code: 'request-required', name: 'request on the next line, from a template', files: [{ path: 'chart/templates/cr.yaml', text: 'apiVersion: cert-manager.io/v1\nkind: CertificateRequest\nmetadata:\n  name: web\nspec:\n  request:\n    {{ .Values.csr | b64enc }}\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n' }, { path: 'chart/templates/issuer.yaml', text: CLUSTER_ISSUER }] },
  { code: 'secret-name-invalid', name: 'kustomize $(VAR) and envsubst ${VAR} in the name', files: one(cert(BASE.replace('secretName: web-tls', 'secretName: $(SERVICE_NAME)-tls'))).concat([{ path: 'k8s/cert2.yaml', text: cert(BASE.replace('secretName: web-tls', 'secretName: ${APP}-tls'), 'name: web2\nnamespace: prod\n') }]) },
  { code: 'dns-name-invalid', name: '${DOMAIN_NAME}, www.$DOMAIN_NAME, $(SERVICE_NAME).$(NS).svc and <your-domain>', files: certCase('', BASE.replace('  - web.prod.svc\n', '  - web.prod.svc\n  - ${DOMAIN_NAME}\n  - www.$DOMAIN_NAME\n  - $(SERVICE_NAME).$(SERVICE_NAMESPACE).svc\n  - <your-domain>\n')) },
  { code: 'duration-syntax', name: 'durations from values, ${VAR} and $(VAR)', files: certCase('duration: {{ .Values.duration }}\nrenewBefore: ${RENEW_BEFORE}\n') },
  { code: 'usage-ca-cert-sign', name: 'isCA with usages partly printed by a template', files: certCase('isCA: true\nusages:\n  - digital signature\n  {{- with .Values.extraUsages }}\n  {{- toYaml . | nindent 4 }}\n  {{- end }}\n') },
  { code: 'renew-before-exclusive', name: 'if/else choosing renewBefore or renewBeforePercentage', files: certCase('{{- if .Values.renewBefore }}\nrenewBefore: 720h\n{{- else }}\nrenewBeforePercentage: 30\n{{- end }}\n') },
  { code: 'bundle-target', name: 'target printed by toYaml', files: [{ path: 'chart/templates/bundle.yaml', text: bundle('sources:\n  - useDefaultCAs: true\ntarget:\n  {{- toYaml .Values.target | nindent 4 }}\n') }] },
  { code: 'bundle-sources', name: 'sources printed by toYaml next to a literal source', files: [{ path: 'chart/templates/bundle.yaml', text: bundle('sources:\n  {{- toYaml .Values.sources | nindent 4 }}\n  - secret:\n      name: root\n      key: ca.crt\n' + GOOD_BUNDLE_TARGET) }] },
  { code: 'csi-attribute', name: 'volumeAttributes printed by toYaml', files: [{ path: 'chart/templates/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  {{- toYaml .Values.csi | nindent 14 }}\n' }) }] },
  { code: 'spiffe-id-invalid', name: 'URI SANs with <trust-domain>, ${TRUST_DOMAIN} and $TD', files: certCase('uris:\n  - spiffe://<trust-domain>/ns/prod/sa/web\n  - spiffe://${TRUST_DOMAIN}/ns/prod/sa/web\n  - spiffe://$TD/ns/prod/sa/web\n') },
  { code: 'spiffe-id-invalid', name: 'ClusterSPIFFEID template printed by Helm, whole or with escaped braces', files: [{ path: 'chart/templates/csid.yaml', text: clusterSpiffeId('spiffeIDTemplate: {{ .Values.spiffeIDTemplate | quote }}\n') }, { path: 'chart/templates/csid2.yaml', text: clusterSpiffeId('spiffeIDTemplate: "spiffe://{{ "{{" }} .TrustDomain {{ "}}" }}/ns/{{ "{{" }} .PodMeta.Namespace {{ "}}" }}"\n').replace('name: web', 'name: web2') }] },
  { code: 'hcl-syntax', name: 'server.conf with ${PORT} and "${TRUST_DOMAIN}" (-expandEnv)', files: [{ path: 'spire/server.conf', text: SERVER_CONF.replace('bind_port = "8081"', 'bind_port = ${PORT}').replace('"example.org"', '"${TRUST_DOMAIN}"') }] },
  { code: 'hcl-syntax', name: 'a Helm-templated server.conf in a ConfigMap', files: [{ path: 'chart/templates/server.yaml', text: spireServer(SERVER_CONF.replace('bind_port = "8081"', 'bind_port = {{ .Values.port }}\n  {{- if .Values.debug }}\n  log_level = "DEBUG"\n  {{- end }}').replace('"example.org"', '{{ .Values.trustDomain | quote }}')) }] },
  { code: 'spiffe-trust-domain-mismatch', name: 'agent trust domain from ${SPIFFE_TRUST_DOMAIN}', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }, { path: 'spire/agent.yaml', text: spireAgent(AGENT_CONF('${SPIFFE_TRUST_DOMAIN}')) }] },
  { code: 'spire-svid-ttl', name: 'ca_ttl from ${CA_TTL}', files: [{ path: 'spire/server.conf', text: SERVER_CONF.replace('"24h"', '"${CA_TTL}"').replace('default_x509_svid_ttl = "1h"', 'default_x509_svid_ttl = "168h"') }] },
  { code: 'yaml-syntax', name: 'well-formed multi-document file', files: [{ path: 'k8s/all.yaml', text: cert(BASE) + '---\n' + CLUSTER_ISSUER }] },
  { code: 'yaml-syntax', name: 'non-YAML files are not parsed as YAML', files: [{ path: 'main.go', text: 'package main\n\tfunc main() {}\n' }] },
  { code: 'secret-name-required', name: 'secretName present', files: one(cert(BASE)) },
  { code: 'secret-name-required', name: 'kustomize patch without secretName', files: [{ path: 'k/kustomization.yaml', text: 'resources:\n  - base.yaml\npatches:\n  - path: patch.yaml\n' }, { path: 'k/patch.yaml', text: cert('duration: 720h\n') }] },
  { code: 'secret-name-invalid', name: 'dotted lowercase name', files: one(cert(BASE.replace('web-tls', 'web.tls-2'))) },
  { code: 'issuer-ref-required', name: 'issuerRef.name present', files: one(cert(BASE)) },
  { code: 'issuer-kind-invalid', name: 'external issuer group with its own kind', files: one(cert(BASE.replace('kind: ClusterIssuer', 'kind: AWSPCAClusterIssuer\n  group: awspca.cert-manager.io'))) },
  { code: 'issuer-kind-invalid', name: 'Issuer', files: one(cert(BASE.replace('kind: ClusterIssuer', 'kind: Issuer'))) },
  { code: 'no-identity', name: 'commonName only', files: one(cert('commonName: web\nsecretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')) },
  { code: 'no-identity', name: 'CN inside literalSubject', files: one(cert('literalSubject: "O=Acme,CN=web"\nsecretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')) },
  { code: 'no-identity', name: 'uris only', files: one(cert('uris:\n  - spiffe://example.org/web\nsecretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')) },
  { code: 'common-name-too-long', name: '64 bytes', files: certCase(`commonName: ${'c'.repeat(64)}\n`) },
  { code: 'dns-name-invalid', name: 'wildcard, trailing dot, 63-character label, underscore', files: certCase(`dnsNames:\n  - "*.prod.svc"\n  - web.prod.svc.cluster.local.\n  - ${'a'.repeat(63)}.prod\n  - _grpc.web.prod\n`, 'secretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n') },
  { code: 'ip-invalid', name: 'IPv4, IPv6, IPv4-mapped', files: certCase('ipAddresses:\n  - 10.0.0.1\n  - "::1"\n  - fd00::10:1\n  - "::ffff:10.0.0.1"\n') },
  { code: 'email-invalid', name: 'bare address', files: certCase('emailAddresses:\n  - ops@example.com\n') },
  { code: 'literal-subject-conflict', name: 'literalSubject alone', files: one(cert('literalSubject: "CN=web,O=Acme"\nsecretName: web-tls\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n')) },
  { code: 'key-algorithm-invalid', name: 'Ed25519', files: certCase('privateKey:\n  algorithm: Ed25519\n') },
  { code: 'key-size-invalid', name: 'ECDSA 384, RSA 4096, RSA 0', files: [...certCase('privateKey:\n  algorithm: ECDSA\n  size: 384\n'), { path: 'k8s/b.yaml', text: cert(BASE + 'privateKey:\n  algorithm: RSA\n  size: 4096\n', 'name: b\n') }, { path: 'k8s/c.yaml', text: cert(BASE + 'privateKey:\n  size: 0\n', 'name: c\n') }] },
  { code: 'key-encoding-invalid', name: 'PKCS8', files: certCase('privateKey:\n  encoding: PKCS8\n') },
  { code: 'rotation-policy-invalid', name: 'Never', files: certCase('privateKey:\n  rotationPolicy: Never\n') },
  { code: 'signature-algorithm-mismatch', name: 'ECDSA with ECDSAWithSHA384', files: certCase('privateKey:\n  algorithm: ECDSA\nsignatureAlgorithm: ECDSAWithSHA384\n') },
  { code: 'duration-syntax', name: '2160h and 1h30m', files: certCase('duration: 2160h\nrenewBefore: 1h30m\n') },
  { code: 'duration-syntax', name: 'Helm-templated duration is unknown, not wrong', files: certCase('duration: {{ .Values.duration }}\n') },
  { code: 'duration-syntax', name: 'SPIRE durations fine', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }] },
  { code: 'duration-too-short', name: 'exactly 1h', files: certCase('duration: 1h\nrenewBefore: 20m\n') },
  { code: 'renew-before-too-short', name: 'exactly 5m', files: certCase('renewBefore: 5m\n') },
  { code: 'renew-before-not-below-duration', name: 'renewBefore under duration', files: certCase('duration: 720h\nrenewBefore: 719h\n') },
  { code: 'renew-before-exclusive', name: 'percentage alone', files: certCase('renewBeforePercentage: 25\n') },
  { code: 'renew-percentage-range', name: '1 and 99', files: [...certCase('renewBeforePercentage: 1\n'), { path: 'k8s/b.yaml', text: cert(BASE + 'renewBeforePercentage: 99\n', 'name: b\n') }] },
  { code: 'usage-invalid', name: 'all cert-manager words', files: certCase('usages:\n  - signing\n  - digital signature\n  - content commitment\n  - key encipherment\n  - key agreement\n  - data encipherment\n  - server auth\n  - client auth\n  - code signing\n  - email protection\n  - s/mime\n  - ocsp signing\n  - timestamping\n  - any\n') },
  { code: 'usage-key-encipherment-ecdsa', name: 'RSA (the default) with key encipherment', files: certCase('usages:\n  - digital signature\n  - key encipherment\n') },
  { code: 'usage-ca-leaf', name: 'CA with cert sign and crl sign', files: one(caLeafText.replace('server auth', 'crl sign')) },
  { code: 'usage-ca-cert-sign', name: 'CA without usages', files: certCase('isCA: true\n') },
  { code: 'usage-ca-cert-sign', name: 'CA with cert sign', files: one(caLeafText.replace('server auth', 'crl sign')) },
  { code: 'revision-history-limit', name: '1', files: certCase('revisionHistoryLimit: 1\n') },
  { code: 'secret-template-annotation', name: 'allow-direct-injection and other prefixes', files: certCase('secretTemplate:\n  annotations:\n    cert-manager.io/allow-direct-injection: "true"\n    reflector.v1.k8s.emberstack.com/reflection-allowed: "true"\n') },
  { code: 'name-constraints-not-ca', name: 'CA with permitted', files: certCase('isCA: true\nnameConstraints:\n  permitted:\n    dnsDomains:\n      - prod.svc\n') },
  { code: 'keystore-password', name: 'passwordSecretRef only', files: certCase('keystores:\n  pkcs12:\n    create: true\n    passwordSecretRef:\n      name: pw\n      key: password\n') },
  { code: 'output-format-duplicate', name: 'DER and CombinedPEM', files: certCase('additionalOutputFormats:\n  - type: DER\n  - type: CombinedPEM\n') },
  { code: 'issuer-type-count', name: 'selfSigned only', files: [{ path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }] },
  { code: 'issuer-ca-secret-required', name: 'ca with secretName', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca:\n  secretName: root-tls\n') }] },
  { code: 'issuer-acme-fields', name: 'complete ACME issuer', files: [{ path: 'k8s/issuer.yaml', text: issuer('acme:\n  server: https://acme-v02.api.letsencrypt.org/directory\n  privateKeySecretRef:\n    name: acme-key\n  solvers:\n    - http01:\n        ingress:\n          ingressClassName: nginx\n    - dns01:\n        cloudflare: {}\n      selector:\n        dnsZones: ["example.com"]\n') }] },
  { code: 'issuer-vault-fields', name: 'complete Vault issuer', files: [{ path: 'k8s/issuer.yaml', text: issuer('vault:\n  server: https://vault:8200\n  path: pki/sign/web\n  auth:\n    kubernetes:\n      role: web\n      mountPath: /v1/auth/kubernetes\n') }] },
  { code: 'request-required', name: 'CertificateRequest with request', files: [{ path: 'k8s/req.yaml', text: CR('request: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K\nissuerRef:\n  name: ca\n  kind: ClusterIssuer\n') }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }] },
  { code: 'issuer-not-found', name: 'ClusterIssuer in another file', files: one(cert(BASE)) },
  { code: 'issuer-not-found', name: 'external issuer group', files: [{ path: 'k8s/cert.yaml', text: cert(BASE.replace('kind: ClusterIssuer', 'kind: GoogleCASIssuer\n  group: cas-issuer.jetstack.io')) }] },
  { code: 'issuer-not-found', name: 'Helm-templated issuer name', files: [{ path: 'chart/templates/cert.yaml', text: cert(BASE.replace('name: ca', 'name: {{ .Values.issuer }}')) }] },
  { code: 'issuer-kind-mismatch', name: 'Issuer in the same namespace, empty kind', files: [{ path: 'k8s/cert.yaml', text: noKindText.replace('name: ca', 'name: ns-ca') }, { path: 'k8s/issuer.yaml', text: issuer('selfSigned: {}\n') }] },
  { code: 'issuer-namespace-mismatch', name: 'Issuer in the same namespace', files: [{ path: 'k8s/cert.yaml', text: noKindText.replace('name: ca', 'name: ns-ca') }, { path: 'k8s/issuer.yaml', text: issuer('selfSigned: {}\n') }] },
  { code: 'ca-secret-not-ca', name: 'CA Issuer secret from an isCA Certificate', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca:\n  secretName: root-tls\n') }, { path: 'k8s/root.yaml', text: cert('isCA: true\ncommonName: root\nsecretName: root-tls\nissuerRef:\n  name: selfsigned\n  kind: ClusterIssuer\n', 'name: root\nnamespace: prod\n') }] },
  { code: 'ca-secret-not-produced', name: 'CA ClusterIssuer secret from a Secret in cert-manager', files: [{ path: 'k8s/issuer.yaml', text: issuer('ca:\n  secretName: root-ca-keypair\n', 'ClusterIssuer', 'name: root\n') }, { path: 'k8s/secret.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: root-ca-keypair\n  namespace: cert-manager\ntype: kubernetes.io/tls\ndata:\n  tls.crt: AA==\n  tls.key: AA==\n' }] },
  { code: 'duplicate-object', name: 'one name in two environments, in two namespaces, and as a kustomize patch', files: [
    { path: 'envs/dev/cert.yaml', text: cert(BASE) }, { path: 'envs/prod/cert.yaml', text: cert(BASE) },
    { path: 'k8s/a.yaml', text: cert(BASE) }, { path: 'k8s/b.yaml', text: cert(BASE, 'name: web\nnamespace: staging\n') },
    { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }, { path: 'envs/dev/issuer.yaml', text: CLUSTER_ISSUER }, { path: 'envs/prod/issuer.yaml', text: CLUSTER_ISSUER },
  ] },
  { code: 'secret-not-produced', name: 'the Certificate produces it', files: [{ path: 'k8s/deploy.yaml', text: workload({ name: 'web', secret: 'web-tls' }) }, ...one(cert(BASE))] },
  { code: 'secret-not-produced', name: 'a non-TLS Secret name is not expected to come from a Certificate', files: [{ path: 'k8s/deploy.yaml', text: workload({ name: 'web', secret: 'db-password' }) }, ...one(cert(BASE))] },
  { code: 'secret-items-key', name: 'tls.crt, tls.key, ca.crt', files: [{ path: 'k8s/deploy.yaml', text: workload({ name: 'web', secret: 'web-tls', items: ['tls.crt', 'tls.key', 'ca.crt'] }) }, ...one(cert(BASE))] },
  { code: 'san-service-coverage', name: 'all four Service names', files: goodServer(ALL_FORMS('api')) },
  { code: 'san-service-coverage', name: 'a quoted wildcard covers S.N.svc', files: goodServer(['api', 'api.prod', '"*.prod.svc"', 'api.prod.svc.cluster.local']) },
  { code: 'san-dialed-host', name: 'dialing a listed name', files: served(apiCert(), [{ path: 'cmd/client/main.go', text: 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://api.prod.svc:8443/") }\n' }]) },
  { code: 'san-dialed-host', name: 'dialing an external host', files: served(apiCert(), [{ path: 'cmd/client/main.go', text: 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://example.com/") }\n' }]) },
  { code: 'usage-server-auth-missing', name: 'default usages (none listed)', files: served(apiCert()) },
  { code: 'usage-server-auth-missing', name: 'server and client auth', files: served(apiCert({ usages: ['server auth', 'client auth'] })) },
  { code: 'usage-client-auth-missing', name: 'client auth listed', files: [{ path: 'k8s/worker-cert.yaml', text: apiCert({ name: 'worker', usages: ['client auth'] }) }, { path: 'k8s/worker.yaml', text: workload({ name: 'worker', secret: 'worker-tls', url: 'https://api.prod.svc:8443/' }) }, { path: 'k8s/issuer.yaml', text: CLUSTER_ISSUER }] },
  { code: 'usage-client-auth-missing', name: 'a server behind a Service that dials nothing', files: served(apiCert({ usages: ['server auth'] })) },
  { code: 'bundle-sources', name: 'configMap, secret, inLine, useDefaultCAs', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources:\n  - useDefaultCAs: true\n  - configMap:\n      name: a\n      key: ca.crt\n  - secret:\n      selector:\n        matchLabels:\n          trust: "true"\n      includeAllKeys: true\n  - inLine: |\n      -----BEGIN CERTIFICATE-----\n      -----END CERTIFICATE-----\n' + GOOD_BUNDLE_TARGET) }] },
  { code: 'bundle-target', name: 'secret target', files: [{ path: 'k8s/bundle.yaml', text: bundle('sources:\n  - useDefaultCAs: true\ntarget:\n  secret:\n    key: ca.crt\n') }] },
  { code: 'csi-attribute', name: 'complete attributes', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/issuer-name: ca\n  csi.cert-manager.io/issuer-kind: ClusterIssuer\n  csi.cert-manager.io/dns-names: "${POD_NAME}.${POD_NAMESPACE}.svc"\n  csi.cert-manager.io/duration: 72h\n  csi.cert-manager.io/renew-before: 24h\n  csi.cert-manager.io/is-ca: "false"\n  csi.cert-manager.io/key-usages: "server auth,client auth"\n' }) }] },
  { code: 'csi-attribute-unknown', name: 'only known attributes', files: [{ path: 'k8s/pod.yaml', text: workload({ name: 'web', csi: 'volumeAttributes:\n  csi.cert-manager.io/issuer-name: ca\n  csi.cert-manager.io/issuer-kind: ClusterIssuer\n  csi.cert-manager.io/dns-names: "${POD_NAME}.${POD_NAMESPACE}.svc"\n  csi.cert-manager.io/duration: 72h\n  csi.cert-manager.io/renew-before: 24h\n  csi.cert-manager.io/is-ca: "false"\n  csi.cert-manager.io/key-usages: "server auth,client auth"\n' }) }] },
  { code: 'spiffe-id-invalid', name: 'valid IDs everywhere', files: [
    { path: 'spire/server.yaml', text: spireServer(SERVER_CONF) },
    { path: 'spire/register.sh', text: entryScript('spiffe://example.org/ns/prod/sa/web') },
    ...certCase('uris:\n  - spiffe://example.org/ns/prod/sa/.web\n'),
    { path: 'spire/csid.yaml', text: clusterSpiffeId('spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\nfederatesWith:\n  - partner.example\n') },
  ] },
  { code: 'spiffe-trust-domain-mismatch', name: 'same trust domain', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }, { path: 'spire/agent.yaml', text: spireAgent(AGENT_CONF('example.org')) }] },
  { code: 'spiffe-outside-trust-domain', name: 'entry in the trust domain', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF) }, { path: 'spire/register.sh', text: entryScript('spiffe://example.org/web') }] },
  { code: 'spire-svid-ttl', name: 'SVID 4h with ca_ttl 24h (exactly the cap)', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('default_x509_svid_ttl = "1h"', 'default_x509_svid_ttl = "4h"')) }] },
  { code: 'spire-svid-ttl', name: 'SVID 7 days with a 60-day CA', files: [{ path: 'spire/server.yaml', text: spireServer(SERVER_CONF.replace('"24h"', '"1440h"').replace('default_x509_svid_ttl = "1h"', 'default_x509_svid_ttl = "168h"')) }] },
  { code: 'hcl-syntax', name: 'comments of every kind, nested objects with quoted keys, lists', files: [{ path: 'spire/server.yaml', text: spireServer(y`
    # comment
    server {
      // comment
      trust_domain = "example.org" /* inline */
      ca_subject = {
        country = ["US"]
        organization = ["SPIFFE"]
      }
    }
    plugins {
      NodeAttestor "k8s_psat" {
        plugin_data {
          clusters = {
            "prod" = {
              service_account_allow_list = ["spire:spire-agent"]
            }
          }
        }
      }
    }
  `) }] },
  { code: 'istio-principal-empty', name: 'principals that are set, templated or substituted', files: [{ path: 'istio/authz.yaml', text: authz(['"cluster.local/ns/prod/sa/web"', '"${TRUST_DOMAIN}/ns/prod/sa/api"', '"{{ .Values.trustDomain }}/ns/prod/sa/db"']) }] },
  { code: 'istio-principal', name: 'principals with $VAR, ${VAR}, templates or <placeholders>', files: [{ path: 'istio/authz.yaml', text: authz(['"${TRUST_DOMAIN}/ns/prod/sa/web"', '$TD/ns/prod/sa/api', '"{{ .Values.td }}"', '"<trust-domain>/ns/<namespace>/sa/<service-account>"']) }] },
  { code: 'istio-principal', name: 'valid principals and wildcards', files: [{ path: 'istio/authz.yaml', text: authz(['"cluster.local/ns/prod/sa/web"', '"*"', '"*/ns/prod/sa/web"', '"cluster.local/ns/prod/*"']) }] },
  { code: 'istio-mtls-mode', name: 'every valid mode', files: [{ path: 'istio/pa.yaml', text: peerAuth('STRICT', 'PERMISSIVE') }, { path: 'istio/pa2.yaml', text: peerAuth('DISABLE', 'UNSET') }] },
  // PKI: openssl, Vault, Terraform (issue 14; test/unit/lint-pki-cases.ts)
  ...PKI_PASSES,
];

// h15: the mesh and gateway rules' cases (certificates made by openssl, see lint-mesh-cases.ts).
fails.push(...MESH_FAILS);
passes.push(...MESH_PASSES);
// The trust and lifetime rules (#17): multi-file corpora built in trust-cases.ts; a Vault role's
// max_ttl comes from the Vault rule pack's model (`vault write` lines, Terraform).
fails.push(...(TRUST_FAILS as Fail[]));
passes.push(...TRUST_PASSES);
// t17o: trust followed through roots openssl scripts and Vault mounts make (trust-pki-cases.ts).
fails.push(...(TRUST_PKI_FAILS as Fail[]));
passes.push(...TRUST_PKI_PASSES);

// ---- the tests ----------------------------------------------------------------------------------

const ruleCodes = Object.keys(LINT_RULES).filter((c) => c !== 'internal');

// One row per code of the registry (src/core/lint/registry.ts): a severity the editor and the CLI
// show alike, its documentation, the checks that report it, a failing and a passing case above.
for (const rule of RULES) {
  test(`registry: ${rule.code} has a severity, docs, its checks, a failing and a passing case`, () => {
    assert.ok(['error', 'warning', 'info'].includes(rule.severity), `${rule.code}: severity ${rule.severity}`);
    assert.equal(LINT_RULES[rule.code].severity, rule.severity);
    for (const [what, text] of [['summary', rule.summary], ['details', rule.details], ['action', rule.action], ['why', rule.why]] as const) {
      assert.ok(text.length >= 15 && /[.)]$/.test(text), `${rule.code}: ${what} is a sentence: ${JSON.stringify(text)}`);
    }
    assert.ok(rule.kinds.length > 0 && rule.checks.length > 0, `${rule.code}: kinds and checks`);
    for (const c of rule.checks) assert.ok(CHECKS[c], `${rule.code}: check ${c}`);
    assert.ok(fails.some((f) => f.code === rule.code), `${rule.code}: a failing case`);
    assert.ok(passes.some((p) => p.code === rule.code), `${rule.code}: a passing case`);
  });
}

test('the table has a failing and a passing case for every rule in LINT_RULES', () => {
  assert.deepEqual(ruleCodes.filter((c) => !fails.some((f) => f.code === c)), [], 'codes without a failing case');
  assert.deepEqual(ruleCodes.filter((c) => !passes.some((p) => p.code === c)), [], 'codes without a passing case');
  assert.deepEqual([...fails, ...passes].map((c) => c.code).filter((c) => !LINT_RULES[c]), [], 'table codes that are not rules');
});

function matching(c: Fail, findings: LintFinding[]): LintFinding | undefined {
  const file = c.file ?? c.files[0].path;
  const text = textOf(c.files, file);
  return findings.find((f) => f.code === c.code && f.file === file && text.slice(f.start, f.end) === c.at && (c.line === undefined || lineOf(text, f.start) === c.line));
}

for (const c of fails) {
  test(`${c.code}: fails on ${c.name}`, () => {
    const findings = lintAt(c.files, c.now);
    const f = matching(c, findings);
    assert.ok(f, `expected ${c.code} at ${JSON.stringify(c.at)}${c.line ? ` line ${c.line}` : ''}; got:\n${show(c.files, findings)}`);
    assert.equal(f.severity, LINT_RULES[c.code].severity);
    assert.ok(f.message.length > 10, 'a message in words');
    if (c.fixed !== undefined) {
      assert.ok(f.fixes?.length, `${c.code} offers a quick fix`);
      const after = applyFix(c.files, f.fixes![0].edits);
      assert.equal(textOf(after, c.file ?? c.files[0].path), c.fixed);
    }
  });

  test(`${c.code}: every quick fix for ${c.name} removes its finding and keeps the YAML valid`, () => {
    const findings = lintTexts(c.files);
    const syntaxBefore = findings.filter((f) => f.code === 'yaml-syntax').length;
    for (const f of findings) {
      for (const fix of f.fixes ?? []) {
        assert.ok(fix.edits.length > 0 && fix.title.length > 0);
        const after = applyFix(c.files, fix.edits);
        const again = lintTexts(after);
        assert.deepEqual(again.filter((x) => x.code === f.code).map((x) => x.message), [], `after "${fix.title}":\n${show(after, again)}`);
        assert.equal(again.filter((x) => x.code === 'yaml-syntax').length, syntaxBefore, `"${fix.title}" breaks the YAML:\n${show(after, again)}`);
      }
    }
  });
}

for (const c of passes) {
  test(`${c.code}: passes on ${c.name}`, () => {
    const findings = lintAt(c.files, c.now);
    assert.deepEqual(findings.filter((f) => f.code === c.code).map((f) => f.message), [], show(c.files, findings));
  });
}
