// From an existing certificate, the cert-manager Certificate that would reproduce it (as far as
// cert-manager can: serial, exact dates and the key itself cannot be reproduced; those are
// listed as comments). cert-manager#3586.
import type { CertificateInfo } from '../model';
import { AuthorError } from './keys';
import { readCertificates } from './material';
import { documents, isLabel, toObjectName } from './yaml-out';

export interface FromPemOptions {
  name?: string;
  namespace?: string;
  issuerName?: string;
  issuerKind?: 'Issuer' | 'ClusterIssuer';
}

const SUBJECT_FIELDS: Record<string, string> = {
  O: 'organizations', OU: 'organizationalUnits', C: 'countries', ST: 'provinces', L: 'localities',
  STREET: 'streetAddresses', postalCode: 'postalCodes', serialNumber: 'serialNumber',
};

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  sha256WithRSAEncryption: 'SHA256WithRSA', sha384WithRSAEncryption: 'SHA384WithRSA', sha512WithRSAEncryption: 'SHA512WithRSA',
  'ecdsa-with-SHA256': 'ECDSAWithSHA256', 'ecdsa-with-SHA384': 'ECDSAWithSHA384', 'ecdsa-with-SHA512': 'ECDSAWithSHA512',
  ED25519: 'PureEd25519',
};

/** Go duration text for a whole number of minutes, e.g. 2160h or 1h30m. */
function goDuration(ms: number): string {
  const minutes = Math.max(60, Math.round(ms / 60000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}h${m}m` : `${h}h`;
}

export function certificateSpecFromCert(c: CertificateInfo, o: FromPemOptions = {}): string {
  const notes: string[] = [];
  const base = c.subject.commonName ?? c.san.dnsNames[0] ?? c.san.uris[0]?.replace(/^[a-z]+:\/\//, '') ?? 'certificate';
  const name = o.name ?? toObjectName(base);
  if (o.namespace !== undefined && !isLabel(o.namespace)) throw new AuthorError(`namespace ${JSON.stringify(o.namespace)} is not a valid Kubernetes namespace`);
  const spec: Record<string, unknown> = { secretName: `${name}-tls` };
  if (c.isCA) spec.isCA = true;
  const attrs = c.subject.rdns.flat();
  const unsupported = attrs.filter((a) => a.type !== 'CN' && !SUBJECT_FIELDS[a.type]);
  if (unsupported.length) {
    spec.literalSubject = c.subject.rfc4514;
    notes.push('the subject has attributes cert-manager\'s subject fields do not cover: literalSubject reproduces it exactly (needs the LiteralCertificateSubject feature gate)');
  } else {
    if (c.subject.commonName) {
      if (new TextEncoder().encode(c.subject.commonName).length > 64) notes.push('the common name is longer than 64 bytes: cert-manager rejects it, so it is left out');
      else spec.commonName = c.subject.commonName;
    }
    const subject: Record<string, unknown> = {};
    for (const a of attrs) {
      const field = SUBJECT_FIELDS[a.type];
      if (!field) continue;
      if (field === 'serialNumber') subject.serialNumber = a.value;
      else subject[field] = [...((subject[field] as string[]) ?? []), a.value];
    }
    if (Object.keys(subject).length) spec.subject = subject;
  }
  if (c.san.dnsNames.length) spec.dnsNames = c.san.dnsNames;
  if (c.san.ipAddresses.length) spec.ipAddresses = c.san.ipAddresses;
  if (c.san.uris.length) spec.uris = c.san.uris;
  if (c.san.emailAddresses.length) spec.emailAddresses = c.san.emailAddresses;
  if (c.san.other.length) notes.push(`other SANs are not reproduced: ${c.san.other.join(', ')}`);
  const lifetime = c.notAfter.getTime() - c.notBefore.getTime();
  spec.duration = goDuration(lifetime);
  if (lifetime < 3.6e6) notes.push('the certificate lives less than 1h: cert-manager\'s minimum duration is 1h');

  const pk = c.publicKey;
  const privateKey: Record<string, unknown> = { rotationPolicy: 'Always' };
  if (pk.algorithm === 'RSA') Object.assign(privateKey, { algorithm: 'RSA', size: pk.size });
  else if (pk.algorithm === 'EC' && pk.curve && ['P-256', 'P-384', 'P-521'].includes(pk.curve)) Object.assign(privateKey, { algorithm: 'ECDSA', size: Number(pk.curve.slice(2)) });
  else if (pk.algorithm === 'Ed25519') privateKey.algorithm = 'Ed25519';
  else notes.push(`the key type ${pk.algorithm}${pk.curve ? ` ${pk.curve}` : ''} has no cert-manager equivalent: the default (RSA 2048) is used`);
  spec.privateKey = privateKey;
  // cert-manager's signatureAlgorithm is made with the certificate's own key: the original's
  // signature says something about that key only when the certificate signed itself.
  if (c.selfSigned) {
    const sig = SIGNATURE_ALGORITHMS[c.signature.name];
    if (sig) spec.signatureAlgorithm = sig;
    else notes.push(`the signature algorithm ${c.signature.name} cannot be requested from cert-manager`);
  } else if (!SIGNATURE_ALGORITHMS[c.signature.name]) notes.push(`the original is signed with ${c.signature.name}: the issuer decides the signature algorithm`);

  let usages = [...c.keyUsage, ...c.extendedKeyUsage.filter((u) => !/^\d/.test(u))];
  if (pk.algorithm !== 'RSA' && usages.includes('key encipherment')) {
    usages = usages.filter((u) => u !== 'key encipherment');
    notes.push('"key encipherment" is dropped: it has no meaning for an ECDSA or Ed25519 key');
  }
  const unknownEku = c.extendedKeyUsage.filter((u) => /^\d/.test(u));
  if (unknownEku.length) notes.push(`extended key usages without a cert-manager word are not reproduced: ${unknownEku.join(', ')}`);
  if (usages.length) spec.usages = [...new Set(usages)];
  if (c.isCA && c.pathLength !== null) notes.push(`path length ${c.pathLength} cannot be set through cert-manager`);
  if (c.extensions.some((e) => e.oid === '2.5.29.30')) notes.push('name constraints: add spec.nameConstraints (NameConstraints feature gate) by hand');

  const selfSigned = c.selfSigned;
  const issuerName = o.issuerName ?? (selfSigned ? 'selfsigned-issuer' : toObjectName(c.issuer.commonName ?? 'ca', 'ca-issuer'));
  spec.issuerRef = { name: issuerName, kind: o.issuerKind ?? (selfSigned ? 'ClusterIssuer' : 'Issuer'), group: 'cert-manager.io' };
  const metadata: Record<string, string> = { name };
  if (o.namespace) metadata.namespace = o.namespace;
  const comments = [
    `cert-manager Certificate reproducing ${c.subject.rfc4514 || '(empty subject)'} (made by Certwright).`,
    `Issuer of the original: ${c.issuer.rfc4514}${selfSigned ? ' (self-signed)' : ''}: point issuerRef at the Issuer that holds that CA.`,
    'Not reproducible: the serial number, the exact validity dates and the key itself.',
    ...notes.map((n) => `Note: ${n}.`),
  ];
  return documents([{ comments, body: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata, spec } }]);
}

/** The Certificate for the first certificate in `pemText`. */
export function certificateSpecFromPem(pemText: string, o: FromPemOptions = {}): string {
  const [c] = readCertificates(pemText);
  if (!c) throw new AuthorError('no certificate found');
  return certificateSpecFromCert(c, o);
}
