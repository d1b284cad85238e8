// A kubernetes.io/tls Secret from a certificate (chain), its key and the CA certificate.
import { bytesEqual, encodeBase64, toPem } from '../bytes';
import { AuthorError } from './keys';
import { certificatePem, readCertificates, readPrivateKey } from './material';
import { documents, isLabel, isSubdomain, toObjectName } from './yaml-out';

export interface SecretOptions {
  /** Default: made from the certificate's common name or first DNS name. */
  name?: string;
  namespace?: string;
  certText: string;
  keyText: string;
  /** The CA certificate(s) for ca.crt; default: the self-signed root at the end of certText. */
  caText?: string;
  passphrase?: string;
}

const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

export async function tlsSecretYaml(o: SecretOptions): Promise<{ yaml: string; name: string; notes: string[] }> {
  const certs = readCertificates(o.certText);
  if (!certs.length) throw new AuthorError('no certificate found in the certificate file');
  const leaf = certs[0];
  const key = await readPrivateKey(o.keyText, o.passphrase);
  if (!bytesEqual(key.spki, leaf.publicKey.spki)) throw new AuthorError('the private key does not match the certificate');
  const notes: string[] = [];
  let ca = o.caText !== undefined ? readCertificates(o.caText) : [];
  if (o.caText !== undefined && !ca.length) throw new AuthorError('no certificate found in the CA file');
  if (!ca.length) {
    const last = certs[certs.length - 1];
    if (certs.length > 1 && last.selfSigned) ca = [last];
    else if (leaf.selfSigned) ca = [leaf];
    else throw new AuthorError('ca.crt: give the CA certificate (the certificate file holds no root)');
  }
  const chain = certs.filter((c, i) => i === 0 || !c.selfSigned);
  const name = o.name ?? `${toObjectName(leaf.subject.commonName ?? leaf.san.dnsNames[0] ?? '', 'certificate')}-tls`;
  if (!isSubdomain(name)) throw new AuthorError(`Secret name ${JSON.stringify(name)} is not a valid Kubernetes name (lowercase letters, digits, "-" and ".")`);
  if (o.namespace !== undefined && !isLabel(o.namespace)) throw new AuthorError(`namespace ${JSON.stringify(o.namespace)} is not a valid Kubernetes namespace`);
  const metadata: Record<string, string> = { name };
  if (o.namespace) metadata.namespace = o.namespace;
  const body = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': b64(chain.map(certificatePem).join('')),
      'tls.key': b64(toPem('PRIVATE KEY', key.pkcs8)),
      'ca.crt': b64(ca.map(certificatePem).join('')),
    },
  };
  const comments = [
    `TLS Secret for ${leaf.subject.rfc4514 || leaf.san.dnsNames[0] || 'the certificate'} (made by Certwright).`,
    'It holds a private key: do not commit it to git. Apply it with kubectl, or seal it',
    '(Sealed Secrets, SOPS, External Secrets) before it goes near a repository.',
  ];
  return { yaml: documents([{ comments, body }]), name, notes };
}
