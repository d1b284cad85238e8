// Certificates for the mesh and gateway rule tests, made by openssl when the test file loads (in
// a temporary folder, removed at exit): an ECDSA root, intermediates under it, a leaf, another
// root, a short-lived CA, an RSA CA, and the YAML/file shapes Istio and Linkerd read them from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'certwright-mesh-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
const LEAF_EXT = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:web.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

let serial = 1000;
const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

function newKey(name: string, alg: 'ec' | 'rsa' | 'ec384'): void {
  if (alg === 'rsa') ossl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`);
  else ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${alg === 'ec' ? 'P-256' : 'P-384'}`, '-out', `${name}.key`);
}

export interface Pki { cert: string; key: string }

function root(name: string, days: number, cn = name): Pki {
  newKey(name, 'ec');
  ossl('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/O=Certwright Test/CN=${cn}`, '-days', String(days),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${name}.crt`);
  return read(name);
}

function signed(name: string, issuer: string, days: number, opts: { ca?: boolean; alg?: 'ec' | 'rsa' | 'ec384'; cn?: string; noAkid?: boolean } = {}): Pki {
  newKey(name, opts.alg ?? 'ec');
  ossl('req', '-new', '-key', `${name}.key`, '-subj', `/O=Certwright Test/CN=${opts.cn ?? name}`, '-out', `${name}.csr`);
  const ext = opts.ca === false ? LEAF_EXT : CA_EXT;
  writeFileSync(join(dir, `${name}.ext`), opts.noAkid ? ext.replace('authorityKeyIdentifier=keyid', 'authorityKeyIdentifier=none') : ext);
  ossl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', String(serial++), '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  return read(name);
}

function read(name: string): Pki {
  return { cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

export const PKI = (() => {
  const rootCa = root('root', 3650);
  const inter = signed('inter', 'root', 1800);
  const inter2 = signed('inter2', 'inter', 1000);
  const leaf = signed('leaf', 'inter', 300, { ca: false });
  const otherRoot = root('other-root', 3650);
  const otherInter = signed('other-inter', 'other-root', 1800);
  const shortCa = signed('short-ca', 'root', 20);
  const rsaCa = signed('rsa-ca', 'root', 1800, { alg: 'rsa', cn: 'identity.linkerd.cluster.local' });
  const linkerdIssuer = signed('linkerd-issuer', 'root', 1800, { cn: 'identity.linkerd.cluster.local' });
  const shortRoot = root('short-root', 400);
  const longCa = signed('long-ca', 'short-root', 1000);
  // A root re-created with the same name and a new key, and a CA it signed without an authority
  // key identifier: by names it chains to `root`, by signature it does not.
  root('twin-root', 3650, 'root');
  const twinCa = signed('twin-ca', 'twin-root', 1800, { noAkid: true, cn: 'identity.linkerd.cluster.local' });
  // A CA signed with a leaf's key (openssl x509 -req does not check that the signer is a CA).
  const underLeaf = signed('under-leaf', 'leaf', 200);
  return { root: rootCa, inter, inter2, leaf, otherRoot, otherInter, shortCa, rsaCa, linkerdIssuer, shortRoot, longCa, twinCa, underLeaf };
})();

/** PEM text indented for a YAML block scalar at `n` spaces. */
export function block(pem: string, n: number): string {
  return pem.trimEnd().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
}

export const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A `cacerts` Secret in istio-system with the four entries in stringData (PEM blocks). */
export function cacertsSecret(e: { ca: string; key: string; root: string; chain: string }, dataB64 = false): string {
  if (dataB64) {
    return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ntype: Opaque\ndata:\n  ca-cert.pem: ${b64(e.ca)}\n  ca-key.pem: ${b64(e.key)}\n  root-cert.pem: ${b64(e.root)}\n  cert-chain.pem: ${b64(e.chain)}\n`;
  }
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ntype: Opaque\nstringData:\n  ca-cert.pem: |\n${block(e.ca, 4)}\n  ca-key.pem: |\n${block(e.key, 4)}\n  root-cert.pem: |\n${block(e.root, 4)}\n  cert-chain.pem: |\n${block(e.chain, 4)}\n`;
}

/** The four plug-in CA files in `folder`. */
export function cacertsFiles(folder: string, e: { ca: string; key: string; root: string; chain: string }): Array<{ path: string; text: string }> {
  return [
    { path: `${folder}/ca-cert.pem`, text: e.ca },
    { path: `${folder}/ca-key.pem`, text: e.key },
    { path: `${folder}/root-cert.pem`, text: e.root },
    { path: `${folder}/cert-chain.pem`, text: e.chain },
  ];
}

/** Linkerd Helm values with the anchors and the issuer pair. */
export function linkerdValues(anchors: string, crt: string, key: string): string {
  return `identityTrustAnchorsPEM: |\n${block(anchors, 2)}\nidentity:\n  issuer:\n    scheme: linkerd.io/tls\n    tls:\n      crtPEM: |\n${block(crt, 8)}\n      keyPEM: |\n${block(key, 8)}\n`;
}

/** The kubernetes.io/tls issuer Secret cert-manager writes for Linkerd. */
export function linkerdIssuerSecret(crt: string, key: string, ca: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: linkerd-identity-issuer\n  namespace: linkerd\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(crt)}\n  tls.key: ${b64(key)}\n  ca.crt: ${b64(ca)}\n`;
}

export function trustRootsConfigMap(anchors: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linkerd-identity-trust-roots\n  namespace: linkerd\ndata:\n  ca-bundle.crt: |\n${block(anchors, 4)}\n`;
}

export const PKI_DIR = dir;
