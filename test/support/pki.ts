// Test PKI made in-process with @peculiar/x509 over WebCrypto: CAs, server and client
// certificates with any validity (past, future), ECDSA P-256 or RSA 2048 keys. Fast enough to
// make dozens per test run; used by the Kubernetes stand-in and the cluster tests.
import './reflect';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const DAY = 86_400_000;

export interface Issued {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export interface CertSpec {
  cn: string;
  /** Signing CA; self-signed when absent. */
  issuer?: Issued;
  ca?: boolean;
  dns?: string[];
  ips?: string[];
  uris?: string[];
  /** Validity relative to now, in days (notBefore defaults to -1, notAfter to +365). */
  fromDays?: number;
  toDays?: number;
  rsa?: boolean;
  usages?: Array<'server' | 'client'>;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

export async function issue(spec: CertSpec): Promise<Issued> {
  const alg = spec.rsa ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(alg as unknown as EcKeyGenParams, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const ext: x509.Extension[] = [new x509.BasicConstraintsExtension(!!spec.ca, undefined, true)];
  ext.push(new x509.KeyUsagesExtension(spec.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true));
  const eku = (spec.usages ?? (spec.ca ? [] : ['server'])).map((u) => (u === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'));
  if (eku.length) ext.push(new x509.ExtendedKeyUsageExtension(eku));
  const names: x509.JsonGeneralName[] = [
    ...(spec.dns ?? []).map((v) => ({ type: 'dns' as const, value: v })),
    ...(spec.ips ?? []).map((v) => ({ type: 'ip' as const, value: v })),
    ...(spec.uris ?? []).map((v) => ({ type: 'url' as const, value: v })),
  ];
  if (names.length) ext.push(new x509.SubjectAlternativeNameExtension(names));
  ext.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (spec.issuer) ext.push(await x509.AuthorityKeyIdentifierExtension.create(spec.issuer.keys.publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^[89a-f]/, '1'),
    subject: `CN=${spec.cn}`,
    issuer: spec.issuer ? spec.issuer.cert.subject : `CN=${spec.cn}`,
    notBefore: new Date(now + (spec.fromDays ?? -1) * DAY),
    notAfter: new Date(now + (spec.toDays ?? 365) * DAY),
    signingAlgorithm: spec.issuer ? spec.issuer.keys.privateKey.algorithm : alg,
    publicKey: keys.publicKey,
    signingKey: spec.issuer ? spec.issuer.keys.privateKey : keys.privateKey,
    extensions: ext,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', pkcs8), cert, keys };
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
