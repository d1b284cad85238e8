// Istio's plug-in CA (the "Plug in CA Certificates" task): an intermediate CA signed by a root of
// the workspace, as the four files istiod reads from the `cacerts` Secret — `ca-cert.pem` (the
// signing CA), `ca-key.pem` (its key), `root-cert.pem` (the root) and `cert-chain.pem` (ca-cert.pem,
// the intermediates, then the root, each once, as Istio's tools/certs Makefiles build it) — or that
// Secret itself. Made so that it passes the `istio-cacerts-*` lint rules and `openssl verify`.
import { encodeBase64, toPem } from '../bytes';
import { AuthorError, type KeyType } from './keys';
import { certificatePem, type Ca } from './material';
import { createCa, DAY_MS, DEFAULT_INTERMEDIATE_DAYS, type AuthoredFiles } from './operations';
import { privateKeyPem } from './pkcs8';
import { documents, isLabel } from './yaml-out';

export interface IstioCaOptions {
  /** The root (or an intermediate above the plug-in CA) that signs it. */
  root: Ca;
  keyType: KeyType;
  /** Default "Intermediate CA", organization "Istio", as Istio's Makefile names it. */
  commonName?: string;
  organization?: string;
  /** Validity in days (default 1825; never beyond the root's). */
  days?: number;
  signal?: AbortSignal;
  now?: Date;
}

export const ISTIO_CA_KEY_FILE = 'ca-key.pem';

/** The plug-in CA: files ca-cert.pem, root-cert.pem, cert-chain.pem; the key for ca-key.pem (0600). */
export async function istioPluginCa(o: IstioCaOptions): Promise<AuthoredFiles> {
  const anchors = o.root.chain.filter((c) => c.selfSigned);
  if (!anchors.length) throw new AuthorError('the root\'s certificate file does not end with a self-signed root: give the folder of the root CA (ca.crt holding the CA, then its issuers up to the root)');
  // Path length 0: the plug-in CA signs workload certificates only.
  const made = await createCa({ commonName: o.commonName ?? 'Intermediate CA', organization: o.organization ?? 'Istio', keyType: o.keyType, days: o.days ?? DEFAULT_INTERMEDIATE_DAYS, pathLength: 0, parent: o.root, signal: o.signal, now: o.now });
  const caCert = toPem('CERTIFICATE', made.der!);
  // ca-cert.pem, then each issuer up to the root, each once.
  const chain = [caCert, ...o.root.chain.map(certificatePem)].filter((pem, i, all) => all.indexOf(pem) === i).join('');
  const notes = [...made.notes];
  if (o.days && o.root.certificate.notAfter.getTime() < (o.now ?? new Date()).getTime() + o.days * DAY_MS) notes.push('the root expires first: rotate it before the plug-in CA (Istio\'s root transition)');
  return {
    files: { 'ca-cert.pem': caCert, 'root-cert.pem': certificatePem(anchors[anchors.length - 1]), 'cert-chain.pem': chain },
    key: made.key, notes, der: made.der,
  };
}

const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

/** The `cacerts` Secret (istio-system) holding the four files, for `kubectl apply` (held in memory). */
export async function istioCacertsSecretYaml(authored: AuthoredFiles, namespace = 'istio-system'): Promise<string> {
  if (!authored.key) throw new AuthorError('the plug-in CA has no key');
  if (!isLabel(namespace)) throw new AuthorError(`namespace ${JSON.stringify(namespace)} is not a valid Kubernetes namespace`);
  const key = await privateKeyPem(authored.key.pkcs8);
  const f = authored.files;
  return documents([{
    comments: [
      'Istio plug-in CA (made by Certwright): istiod signs workload certificates with ca-cert.pem.',
      'It holds a private key: do not commit it to git. Apply it with kubectl before installing',
      'Istio (or restart istiod), or seal it (Sealed Secrets, SOPS) first.',
    ],
    body: {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cacerts', namespace }, type: 'Opaque',
      data: { 'ca-cert.pem': b64(f['ca-cert.pem']), 'ca-key.pem': b64(key), 'root-cert.pem': b64(f['root-cert.pem']), 'cert-chain.pem': b64(f['cert-chain.pem']) },
    },
  }]);
}
