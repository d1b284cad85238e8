// The Kubernetes side of a scaffold: the cert-manager issuers and Certificate (from the
// authoring core), plus the Deployment (Secret mounted where the generated code reads it, the
// same env names and port) and, for a server, its Service. Lints clean.
import { certManagerManifests } from '../author/cert-manager';
import { documents, isLabel } from '../author/yaml-out';
import type { Profile } from '../author/profiles';
import { DEFAULT_CERT_DIR, DEFAULT_PORT, Framework, isAllowedId, Lang, Role } from './common';

export interface ScaffoldManifestOptions {
  name: string;
  namespace: string;
  role: Role;
  lang: Lang;
  framework?: Framework;
  image?: string;
  port?: number;
  certDir?: string;
  serviceAccount?: string;
  /** Adds spiffe://TD/ns/NS/sa/SA as a URI SAN. */
  spiffeTrustDomain?: string;
  /** The peers allowed (ALLOWED_IDS): for a server its callers' SPIFFE IDs or DNS names, for a
   * client the server's. None known: a server refuses every client until it is set. */
  allowedIds?: string[];
  /** For a client: the URL it calls. */
  url?: string;
}

const COMMAND: Record<Lang, { server: string[]; client: string[] }> = {
  go: { server: ['/app/server'], client: ['/app/client'] },
  python: { server: ['python3', 'server.py'], client: ['python3', 'client.py'] },
  node: { server: ['node', 'server.mjs'], client: ['node', 'client.mjs'] },
};

export function scaffoldManifests(o: ScaffoldManifestOptions): string {
  if (!isLabel(o.name)) throw new Error(`name ${JSON.stringify(o.name)} is not a valid Kubernetes name`);
  if (!isLabel(o.namespace)) throw new Error(`namespace ${JSON.stringify(o.namespace)} is not a valid Kubernetes namespace`);
  const allowedIds = (o.allowedIds ?? []).map((s) => s.trim()).filter(Boolean);
  const bad = allowedIds.find((id) => !isAllowedId(id));
  if (bad !== undefined) throw new Error(`ALLOWED_IDS entry ${JSON.stringify(bad)} is not a SPIFFE ID (spiffe://trust-domain/path), a DNS name or *`);
  const port = o.port ?? DEFAULT_PORT;
  const certDir = (o.certDir ?? DEFAULT_CERT_DIR).replace(/\/+$/, '') || '/certs';
  const profile: Profile = o.role === 'both' ? 'mtls' : o.role;
  const sa = o.serviceAccount ?? o.name;
  const issuers = certManagerManifests({ services: [{ name: o.name, namespace: o.namespace, profile, serviceAccount: sa }], spiffeTrustDomain: o.spiffeTrustDomain });
  const serves = o.role !== 'client';
  const env: Array<{ name: string; value: string }> = [
    { name: 'TLS_CERT_FILE', value: `${certDir}/tls.crt` },
    { name: 'TLS_KEY_FILE', value: `${certDir}/tls.key` },
    { name: 'TLS_CA_FILE', value: `${certDir}/ca.crt` },
    { name: 'ALLOWED_IDS', value: allowedIds.join(',') },
  ];
  if (serves) env.push({ name: 'PORT', value: String(port) });
  if (o.role === 'client') env.push({ name: 'URL', value: o.url ?? `https://server.${o.namespace}.svc:${port}/` });
  const labels = { app: o.name };
  const container: Record<string, unknown> = {
    name: o.name,
    image: o.image ?? `registry.example.com/${o.name}:latest`,
    command: o.lang === 'python' && (o.framework ?? 'stdlib') !== 'stdlib' ? ['python3', serves ? 'app.py' : 'client_requests.py'] : COMMAND[o.lang][serves ? 'server' : 'client'],
    env,
    volumeMounts: [{ name: 'tls', mountPath: certDir, readOnly: true }],
  };
  if (serves) {
    container.ports = [{ name: 'https', containerPort: port }];
    // The kubelet has no client certificate: probe the TLS port at the TCP level.
    container.readinessProbe = { tcpSocket: { port: 'https' }, periodSeconds: 10 };
    container.livenessProbe = { tcpSocket: { port: 'https' }, periodSeconds: 20 };
  }
  const comments = [`5. The workload: the Secret ${o.name}-tls mounted at ${certDir}, where the generated code reads it (TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE).`];
  if (serves && !allowedIds.length) {
    comments.push(
      'ALLOWED_IDS is empty: the server refuses every client (403) until it lists the callers, e.g.',
      `  value: spiffe://${/^[a-z0-9._-]+$/.test(o.spiffeTrustDomain ?? '') ? o.spiffeTrustDomain : 'cluster.local'}/ns/${o.namespace}/sa/CALLER,caller.${o.namespace}.svc`,
      '(a SPIFFE ID matches URI SANs only, a DNS name DNS SANs only; * allows any client of the CA).',
    );
  }
  const docs: Array<{ comments?: string[]; body?: unknown }> = [{
    comments,
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: o.namespace } },
  }, {
    body: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: o.name, namespace: o.namespace, labels },
      spec: {
        replicas: serves ? 2 : 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { serviceAccountName: sa, containers: [container], volumes: [{ name: 'tls', secret: { secretName: `${o.name}-tls` } }] },
        },
      },
    },
  }];
  if (serves) {
    docs.push({
      comments: [`Clients call https://${o.name}.${o.namespace}.svc:${port}/ (a DNS name of the Certificate above).`],
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: o.name, namespace: o.namespace }, spec: { selector: labels, ports: [{ name: 'https', port, targetPort: 'https' }] } },
    });
  }
  return `${issuers}---\n${documents(docs)}`;
}
