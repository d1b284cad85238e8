// What every generated server and client shares, whatever the language: the environment
// variables (the seeds' convention, matching a cert-manager Secret mounted at /certs), the
// defaults, and the advice printed next to the usual handshake failures.

export type Lang = 'go' | 'python' | 'node';
export type Role = 'server' | 'client' | 'both';
/** Python only: the standard library, or Flask (server) + requests (client) as in the seeds. */
export type Framework = 'stdlib' | 'flask' | 'requests';
export type TlsMin = '1.3' | '1.2';

export interface ScaffoldFile {
  path: string;
  content: string;
}

export const ENV = {
  cert: 'TLS_CERT_FILE',
  key: 'TLS_KEY_FILE',
  ca: 'TLS_CA_FILE',
  minVersion: 'TLS_MIN_VERSION',
  serverName: 'TLS_SERVER_NAME',
  allowed: 'ALLOWED_IDS',
  port: 'PORT',
  host: 'HOST',
  url: 'URL',
} as const;

export const DEFAULT_CERT_DIR = '/certs';
export const DEFAULT_PORT = 8443;

export interface Defaults {
  certFile: string;
  keyFile: string;
  caFile: string;
  port: number;
  tlsMin: TlsMin;
}

export function defaults(certDir = DEFAULT_CERT_DIR, port = DEFAULT_PORT, tlsMin: TlsMin = '1.3'): Defaults {
  const d = certDir.replace(/\/+$/, '') || '/';
  const j = (f: string) => (d === '/' ? `/${f}` : `${d}/${f}`);
  return { certFile: j('tls.crt'), keyFile: j('tls.key'), caFile: j('ca.crt'), port, tlsMin };
}

/** Advice for the usual handshake failures, matched (case-insensitively) against the error text
 * of Go, OpenSSL (Python) and Node. The first match wins. */
export const HINTS: Array<{ needles: string[]; advice: string }> = [
  { needles: ['certificate required', "didn't provide a certificate", 'peer did not return a certificate'], advice: 'the server requires a client certificate: check TLS_CERT_FILE and TLS_KEY_FILE' },
  { needles: ['certificate is valid for', 'hostname mismatch', 'altname', 'not valid for any names', "doesn't match", 'does not match'], advice: "the server's certificate does not name the host you dialed: use a DNS name from its SANs, or set TLS_SERVER_NAME" },
  { needles: ['expired', 'not yet valid'], advice: 'a certificate is outside its validity period: renew it (and check the clock)' },
  { needles: ['unknown authority', 'unknown ca', 'unable to get local issuer', 'unable to verify', 'self-signed', 'self signed'], advice: "the peer's certificate is not signed by the CA in TLS_CA_FILE" },
  { needles: ['bad certificate', 'unsupported certificate'], advice: 'the peer rejected our certificate: wrong CA, expired, or missing the client auth / server auth usage' },
  { needles: ['protocol version', 'no protocols available', 'unsupported protocol'], advice: 'TLS version mismatch: both sides need at least TLS_MIN_VERSION (1.3 by default)' },
  { needles: ['connection refused', 'econnrefused'], advice: 'nothing listens there: check the URL and the server\'s PORT' },
];

/** ALLOWED_IDS as the generated code reads it: comma-separated, blanks dropped. */
export function parseAllowedIds(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** An ALLOWED_IDS entry the generated code can match: a SPIFFE ID (a URI SAN), a DNS name (a DNS
 * SAN, wildcards spelt as in the certificate) or `*` (any peer the CA signed). */
export function isAllowedId(id: string): boolean {
  if (id === '*') return true;
  if (id.startsWith('spiffe://')) return /^spiffe:\/\/[a-z0-9._-]+(\/[A-Za-z0-9._~!$&'()*+;=:@%-]+)*$/.test(id) && id.length <= 2048;
  return id.length <= 253 && /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(id);
}
