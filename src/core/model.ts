// The certificate model: what every decoder produces and every feature consumes.

export type ObjectType = 'certificate' | 'csr' | 'private-key' | 'public-key' | 'crl';

export interface NameAttribute {
  oid: string;
  /** Short name (CN, O, ...) or the dotted OID when unknown. */
  type: string;
  value: string;
  /** For a type in dotted form or a value that is not a string: `#` and the hex of the value's DER, as RFC 4514 writes it. */
  encoded?: string;
  /** The value's bytes break its string type's rule (invalid UTF-8, ...): a phrase such as "is not valid UTF-8". */
  problem?: string;
}

export interface DistinguishedName {
  /** RDNs in the order they appear in the DER (most significant first). */
  rdns: NameAttribute[][];
  /** RFC 4514 string (least significant RDN first), e.g. `CN=web,O=Acme`. */
  rfc4514: string;
  commonName?: string;
  /** The DER of the Name, for exact comparisons. */
  der: Uint8Array;
}

export interface PublicKeyInfo {
  /** RSA, EC, Ed25519, Ed448, DSA, X25519, RSA-PSS or the dotted OID. */
  algorithm: string;
  /** Key size in bits (RSA modulus, curve size, 256 for Ed25519, 456 for Ed448). */
  size: number | null;
  /** Named curve for EC keys (P-256, P-384, P-521, ...); null otherwise. */
  curve: string | null;
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Identity of the key for matching: RSA modulus hex, EC point hex, Ed25519 key hex. */
  keyMaterialHex: string;
}

export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
  uris: string[];
  emailAddresses: string[];
  /** Other name forms rendered as text (directoryName, otherName, registeredID). */
  other: string[];
}

export interface ExtensionInfo {
  oid: string;
  name: string;
  critical: boolean;
  /** Human-readable rendering of the value, one entry per line. */
  text: string[];
}

export interface SignatureInfo {
  oid: string;
  /** openssl's name, e.g. `ecdsa-with-SHA256`. */
  name: string;
  hash?: string;
  /** The key algorithm this signature is made with. */
  key: string;
}

/** One GeneralSubtree base of a nameConstraints extension (RFC 5280 4.2.1.10). */
export interface NameSubtree {
  type: 'DNS' | 'email' | 'URI' | 'IP' | 'DirName' | 'other';
  /** As shown: `.svc.cluster.local`, `10.0.0.0/255.0.0.0`, `CN=x`. */
  value: string;
  /** IP: the address bytes then the mask bytes (8 or 32 octets). */
  bytes?: Uint8Array;
}

export interface NameConstraints {
  permitted: NameSubtree[];
  excluded: NameSubtree[];
}

export interface CertificateInfo {
  type: 'certificate';
  der: Uint8Array;
  version: number;
  serialNumber: string;
  signature: SignatureInfo;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  san: SubjectAltNames;
  isCA: boolean;
  pathLength: number | null;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** The nameConstraints extension of a CA, when present. */
  nameConstraints?: NameConstraints;
  extensions: ExtensionInfo[];
  sha1: string;
  sha256: string;
  selfSigned: boolean;
  tbs: Uint8Array;
  signatureValue: Uint8Array;
  /** PSS parameters and the like, for verification. */
  signatureParams?: Uint8Array;
}

export interface CsrInfo {
  type: 'csr';
  der: Uint8Array;
  subject: DistinguishedName;
  publicKey: PublicKeyInfo;
  signature: SignatureInfo;
  san: SubjectAltNames;
  isCA: boolean;
  pathLength: number | null;
  keyUsage: string[];
  extendedKeyUsage: string[];
  extensions: ExtensionInfo[];
  challengePassword: boolean;
  sha1: string;
  sha256: string;
}

export type PrivateKeyFormat = 'pkcs1' | 'sec1' | 'dsa' | 'pkcs8' | 'encrypted-pkcs8' | 'openssh' | 'legacy-encrypted';

export interface PrivateKeyInfo {
  type: 'private-key';
  der: Uint8Array;
  format: PrivateKeyFormat;
  encrypted: boolean;
  /** Unknown (null fields) for encrypted keys. */
  publicKey: Omit<PublicKeyInfo, 'spki' | 'keyMaterialHex'> & { keyMaterialHex?: string };
  /** For encrypted keys: e.g. `PBES2 (PBKDF2, AES-256-CBC)`. */
  encryption?: string;
}

export interface PublicKeyObject {
  type: 'public-key';
  der: Uint8Array;
  format: 'spki' | 'pkcs1';
  publicKey: PublicKeyInfo;
  sha1: string;
  sha256: string;
}

export interface CrlEntry {
  serialNumber: string;
  revocationDate: Date;
  reason?: string;
}

export interface CrlInfo {
  type: 'crl';
  der: Uint8Array;
  issuer: DistinguishedName;
  signature: SignatureInfo;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: string;
  authorityKeyId?: string;
  revoked: CrlEntry[];
  extensions: ExtensionInfo[];
  sha1: string;
  sha256: string;
  tbs: Uint8Array;
  signatureValue: Uint8Array;
}

export type PkiObject = CertificateInfo | CsrInfo | PrivateKeyInfo | PublicKeyObject | CrlInfo;

/** A PKI object, or the reason it could not be decoded. */
export type Decoded = { ok: true; object: PkiObject } | { ok: false; error: string };
