// cert-manager manifests for a set of Services, laid out the way the seeds do it by hand:
// a self-signed ClusterIssuer, the CA Certificate it signs, a CA (Cluster)Issuer backed by that
// CA's Secret, one Certificate per Service (all four DNS forms, usages fitting the workload,
// ECDSA, duration/renewBefore the webhook accepts), how to mount the Secret, and optionally a
// trust-manager Bundle that distributes the CA.
import { AuthorError } from './keys';
import { serviceDnsNames, spiffeId, trustDomainProblem } from './names';
import { certManagerUsages, Profile } from './profiles';
import { documents, isLabel, isSubdomain } from './yaml-out';
import { parseGoDuration as parseDuration } from '../lint/durations';

export interface ServiceTarget {
  name: string;
  namespace: string;
  /** server (default), client, or mtls. */
  profile?: Profile;
  /** For the SPIFFE URI SAN (needs spiffeTrustDomain). */
  serviceAccount?: string;
}

export interface ManifestOptions {
  services: ServiceTarget[];
  /** Base name of the CA objects (default mtls-ca). */
  caName?: string;
  issuerKind?: 'ClusterIssuer' | 'Issuer';
  /** Namespace of the CA Certificate and Secret for a ClusterIssuer (cert-manager's cluster resource namespace). */
  clusterResourceNamespace?: string;
  trustBundle?: boolean;
  spiffeTrustDomain?: string;
  clusterDomain?: string;
  duration?: string;
  renewBefore?: string;
  caDuration?: string;
  caRenewBefore?: string;
  /** ECDSA key size for every key (256 or 384). */
  ecdsaSize?: 256 | 384;
}

export const DEFAULTS = {
  caName: 'mtls-ca',
  clusterResourceNamespace: 'cert-manager',
  duration: '720h',
  renewBefore: '240h',
  caDuration: '87600h',
  caRenewBefore: '720h',
};

/** Go time.ParseDuration (positive values), in milliseconds; undefined when Go would reject it. */
export function parseGoDuration(s: string): number | undefined {
  const d = parseDuration(s);
  return d.ok && d.ms >= 0 ? d.ms : undefined;
}

function checkDurations(what: string, duration: string, renewBefore: string): void {
  const d = parseGoDuration(duration);
  const r = parseGoDuration(renewBefore);
  if (d === undefined) throw new AuthorError(`${what} duration ${JSON.stringify(duration)} is not a Go duration (e.g. 720h)`);
  if (r === undefined) throw new AuthorError(`${what} renewBefore ${JSON.stringify(renewBefore)} is not a Go duration (e.g. 240h)`);
  if (d < 3.6e6) throw new AuthorError(`${what} duration must be at least 1h`);
  if (r < 3e5) throw new AuthorError(`${what} renewBefore must be at least 5m`);
  if (r >= d) throw new AuthorError(`${what} renewBefore must be shorter than its duration`);
}

const issuerRef = (name: string, kind: string) => ({ name, kind, group: 'cert-manager.io' });

export function certManagerManifests(o: ManifestOptions): string {
  if (!o.services.length) throw new AuthorError('choose at least one Service');
  const caName = o.caName ?? DEFAULTS.caName;
  const kind = o.issuerKind ?? 'ClusterIssuer';
  const duration = o.duration ?? DEFAULTS.duration;
  const renewBefore = o.renewBefore ?? DEFAULTS.renewBefore;
  const caDuration = o.caDuration ?? DEFAULTS.caDuration;
  const caRenewBefore = o.caRenewBefore ?? DEFAULTS.caRenewBefore;
  const size = o.ecdsaSize ?? 256;
  checkDurations('Certificate', duration, renewBefore);
  checkDurations('CA', caDuration, caRenewBefore);
  if (!isSubdomain(caName) || caName.length > 40) throw new AuthorError(`CA name ${JSON.stringify(caName)} must be a short Kubernetes name (lowercase letters, digits, "-")`);
  for (const s of o.services) {
    if (!isLabel(s.name)) throw new AuthorError(`Service name ${JSON.stringify(s.name)} is not a valid Kubernetes name`);
    if (!isLabel(s.namespace)) throw new AuthorError(`namespace ${JSON.stringify(s.namespace)} is not a valid Kubernetes namespace`);
  }
  if (o.spiffeTrustDomain) {
    const p = trustDomainProblem(o.spiffeTrustDomain);
    if (p) throw new AuthorError(`SPIFFE trust domain ${JSON.stringify(o.spiffeTrustDomain)}: ${p}`);
  }
  const namespaces = [...new Set(o.services.map((s) => s.namespace))];
  if (kind === 'Issuer' && namespaces.length > 1) {
    throw new AuthorError(`an Issuer serves one namespace, but the Services are in ${namespaces.join(', ')}: use a ClusterIssuer`);
  }
  if (kind === 'Issuer' && o.trustBundle) {
    throw new AuthorError('trust-manager reads the CA from its trust namespace (cert-manager): use a ClusterIssuer for the CA to distribute it with a Bundle');
  }
  const caNamespace = kind === 'Issuer' ? namespaces[0] : o.clusterResourceNamespace ?? DEFAULTS.clusterResourceNamespace;
  const selfSigned = `${caName}-selfsigned`;
  const caSecret = `${caName}-secret`;
  const caIssuer = `${caName}-issuer`;
  const docs: Array<{ comments?: string[]; body?: unknown }> = [];

  docs.push({
    comments: [`mTLS for ${o.services.map((s) => `${s.namespace}/${s.name}`).join(', ')} (made by Certwright).`, '1. A self-signed issuer: it signs only the CA below.'],
    body: { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: selfSigned }, spec: { selfSigned: {} } },
  });
  docs.push({
    comments: [`2. The CA. Its key and certificate live in the Secret ${caNamespace}/${caSecret}.`],
    body: {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: caName, namespace: caNamespace },
      spec: {
        isCA: true, commonName: caName, secretName: caSecret, duration: caDuration, renewBefore: caRenewBefore,
        // The CA keeps its key when it renews (Never): ca.crt in every Secret and the trust bundle
        // stay valid across the renewal, the overlap a key rotation would need (ca-rotation-no-overlap).
        privateKey: { algorithm: 'ECDSA', size, rotationPolicy: 'Never' },
        usages: ['cert sign', 'crl sign', 'digital signature'],
        issuerRef: issuerRef(selfSigned, 'ClusterIssuer'),
      },
    },
  });
  docs.push({
    comments: [`3. The ${kind} that signs the Service certificates with that CA.`],
    body: {
      apiVersion: 'cert-manager.io/v1', kind,
      metadata: kind === 'Issuer' ? { name: caIssuer, namespace: caNamespace } : { name: caIssuer },
      spec: { ca: { secretName: caSecret } },
    },
  });
  o.services.forEach((s, i) => {
    const profile = s.profile ?? 'server';
    const spec: Record<string, unknown> = {
      secretName: `${s.name}-tls`,
      commonName: s.name,
      dnsNames: serviceDnsNames(s.name, s.namespace, o.clusterDomain),
    };
    if (o.spiffeTrustDomain) spec.uris = [spiffeId(o.spiffeTrustDomain, s.namespace, s.serviceAccount ?? 'default')];
    Object.assign(spec, {
      duration, renewBefore,
      privateKey: { algorithm: 'ECDSA', size, rotationPolicy: 'Always' },
      usages: certManagerUsages(profile, 'EC'),
      issuerRef: issuerRef(caIssuer, kind),
    });
    const how = profile === 'mtls' ? 'serves and calls other Services (server auth, client auth)' : profile === 'client' ? 'calls other Services (client auth)' : 'serves (server auth)';
    docs.push({
      comments: [
        ...(i === 0 ? ['4. One Certificate per Service.'] : []),
        `${s.namespace}/${s.name} ${how}. Mount its Secret in the Deployment (spec.template.spec):`,
        '  volumes:',
        `    - name: ${s.name}-tls`,
        '      secret:',
        `        secretName: ${s.name}-tls`,
        '  containers[].volumeMounts:',
        `    - name: ${s.name}-tls`,
        '      mountPath: /etc/tls',
        '      readOnly: true',
        'Files: /etc/tls/tls.crt, /etc/tls/tls.key, and /etc/tls/ca.crt (the CA, to verify peers).',
      ],
      body: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: `${s.name}-tls`, namespace: s.namespace }, spec },
    });
  });
  if (o.trustBundle) {
    docs.push({
      comments: [`5. trust-manager copies the CA certificate into a ConfigMap ${caName}-bundle (key ca.crt) in every namespace.`],
      body: {
        apiVersion: 'trust.cert-manager.io/v1alpha1', kind: 'Bundle', metadata: { name: `${caName}-bundle` },
        spec: { sources: [{ secret: { name: caSecret, key: 'ca.crt' } }], target: { configMap: { key: 'ca.crt' } } },
      },
    });
  }
  return documents(docs);
}
