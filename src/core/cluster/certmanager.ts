// cert-manager Certificate objects: their Ready condition and dates, and drift between the
// spec, the certificate actually issued into its Secret, and the same-named manifest in the
// workspace.
import type { CertificateInfo } from '../model';
import { parseDuration } from './duration';
import { certificateSpecOf, identityOf, isCertManagerCertificate, namespaceWritten, parseYaml, spanOf } from '../workspace-objects';

export interface IssuerRef { name?: string; kind?: string; group?: string }

export interface CertificateSpec {
  secretName?: string;
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  emailAddresses?: string[];
  usages?: string[];
  duration?: string;
  renewBefore?: string;
  isCA?: boolean;
  issuerRef?: IssuerRef;
  privateKey?: { algorithm?: string; size?: number };
}

export interface CmCertificate {
  metadata: { name: string; namespace?: string };
  spec?: CertificateSpec;
  status?: {
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
    notBefore?: string;
    notAfter?: string;
    renewalTime?: string;
  };
}

export interface ReadyState { ready: boolean | undefined; text: string }

/** "Ready", "Not ready: Issuing (Issuing certificate as Secret does not exist)", "Ready unknown". */
export function readyState(c: CmCertificate): ReadyState {
  const cond = c.status?.conditions?.find((x) => x.type === 'Ready');
  if (!cond) return { ready: undefined, text: 'Ready condition not reported' };
  if (cond.status === 'True') return { ready: true, text: 'Ready' };
  const why = [cond.reason, cond.message ? `(${cond.message})` : ''].filter(Boolean).join(' ');
  if (cond.status === 'False') return { ready: false, text: `Not ready${why ? `: ${why}` : ''}` };
  return { ready: undefined, text: `Ready unknown${why ? `: ${why}` : ''}` };
}

export function notAfterOf(c: CmCertificate): Date | undefined {
  const d = c.status?.notAfter ? new Date(c.status.notAfter) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export interface ManifestCertificate {
  name: string;
  /** As the lint model reads it: metadata.namespace, else "default". */
  namespace: string;
  /** Whether the manifest writes metadata.namespace. */
  namespaceWritten: boolean;
  spec: CertificateSpec;
  file: string;
  /** 0-based line of the document's start. */
  line: number;
}

/**
 * cert-manager Certificate documents in a YAML text (multi-document files and `kind: List`
 * included), read through the workspace's one object model (the lint model's parse). A
 * Certificate with a templated name, namespace or spec is left out: its values are unknown.
 */
export function findCertificateManifests(text: string, file: string): ManifestCertificate[] {
  if (!/kind:\s*["']?(?:Certificate|List)\b/.test(text)) return [];
  const out: ManifestCertificate[] = [];
  for (const m of parseYaml(file, text).manifests) {
    const id = identityOf(m);
    if (!id || !isCertManagerCertificate(m)) continue;
    const spec = certificateSpecOf(m);
    if (!spec) continue;
    out.push({ name: id.name, namespace: id.namespace, namespaceWritten: namespaceWritten(m), spec, file, line: spanOf(m).line });
  }
  return out;
}

/**
 * The workspace manifest for a live Certificate: same name and namespace; else one that does not
 * write its namespace (it lands in whichever namespace it is applied to).
 */
export function matchingManifest(live: CmCertificate, manifests: ManifestCertificate[], defaultNamespace = 'default'): ManifestCertificate | undefined {
  const ns = live.metadata.namespace ?? defaultNamespace;
  const same = manifests.filter((m) => m.name === live.metadata.name);
  return same.find((m) => m.namespace === ns) ?? same.find((m) => !m.namespaceWritten);
}

export interface DriftItem {
  /** What is compared: "dnsNames", "usages", "duration", "issuer", ... */
  field: string;
  /** Which pair differs: the issued certificate against the live spec, or the workspace manifest against it. */
  against: 'issued' | 'manifest';
  expected: string;
  actual: string;
  text: string;
}

const DEFAULT_USAGES = ['digital signature', 'key encipherment'];
const DEFAULT_DURATION_MS = 2160 * 3_600_000;

const list = (xs: string[]) => (xs.length ? xs.join(', ') : '(none)');
const norm = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim().toLowerCase()))].sort();
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function issuerText(r: IssuerRef | undefined): string {
  if (!r?.name) return '(none)';
  return `${r.kind ?? 'Issuer'}/${r.name}${r.group && r.group !== 'cert-manager.io' ? ` (${r.group})` : ''}`;
}

/**
 * Differences between a live Certificate's spec and (a) the certificate issued into its Secret,
 * (b) the workspace manifest of the same name. `secretAnnotations` are the cert-manager.io/*
 * annotations cert-manager writes on the Secret (they name the issuer that signed it).
 */
export function certificateDrift(live: CmCertificate, issued?: CertificateInfo, secretAnnotations: Record<string, string> = {}, manifest?: ManifestCertificate): DriftItem[] {
  const out: DriftItem[] = [];
  const spec = live.spec ?? {};
  const add = (field: string, against: DriftItem['against'], expected: string, actual: string, what: string) =>
    out.push({ field, against, expected, actual, text: `${what}: spec has ${expected}, ${against === 'issued' ? 'issued certificate has' : 'workspace manifest has'} ${actual}` });
  if (issued) {
    const sans: Array<[keyof CertificateSpec, string[], string]> = [
      ['dnsNames', issued.san.dnsNames, 'DNS names'],
      ['ipAddresses', issued.san.ipAddresses, 'IP addresses'],
      ['uris', issued.san.uris, 'URIs'],
      ['emailAddresses', issued.san.emailAddresses, 'email addresses'],
    ];
    for (const [field, have, what] of sans) {
      const want = norm(spec[field] as string[] | undefined);
      const got = norm(have);
      if (!sameSet(want, got)) add(field, 'issued', list(want), list(got), what);
    }
    if (spec.commonName !== undefined && spec.commonName !== (issued.subject.commonName ?? '')) add('commonName', 'issued', spec.commonName, issued.subject.commonName ?? '(none)', 'common name');
    const wantUsages = norm(spec.usages?.length ? spec.usages : DEFAULT_USAGES);
    const gotUsages = norm([...issued.keyUsage, ...issued.extendedKeyUsage]).filter((u) => !(spec.isCA && (u === 'cert sign' || u === 'crl sign')));
    if (!sameSet(wantUsages, gotUsages)) add('usages', 'issued', list(wantUsages), list(gotUsages), 'usages');
    const dur = spec.duration ? parseDuration(spec.duration) : { ok: true as const, ms: DEFAULT_DURATION_MS };
    if (dur.ok) {
      const got = issued.notAfter.getTime() - issued.notBefore.getTime();
      if (Math.abs(got - dur.ms) > 5 * 60_000) add('duration', 'issued', spec.duration ?? '2160h (default)', `${Math.round(got / 3_600_000)}h`, 'duration');
    }
    if (spec.isCA !== undefined && !!spec.isCA !== issued.isCA) add('isCA', 'issued', String(!!spec.isCA), String(issued.isCA), 'CA flag');
    const alg = spec.privateKey?.algorithm;
    if (alg) {
      const gotAlg = issued.publicKey.algorithm === 'EC' ? 'ECDSA' : issued.publicKey.algorithm;
      if (alg.toUpperCase() !== gotAlg.toUpperCase()) add('privateKey.algorithm', 'issued', alg, gotAlg, 'key algorithm');
      else if (spec.privateKey?.size && issued.publicKey.size && spec.privateKey.size !== issued.publicKey.size) add('privateKey.size', 'issued', String(spec.privateKey.size), String(issued.publicKey.size), 'key size');
    }
    const annName = secretAnnotations['cert-manager.io/issuer-name'];
    if (annName !== undefined && spec.issuerRef?.name) {
      const signedBy: IssuerRef = { name: annName, kind: secretAnnotations['cert-manager.io/issuer-kind'], group: secretAnnotations['cert-manager.io/issuer-group'] };
      if (issuerText(signedBy) !== issuerText(spec.issuerRef)) add('issuerRef', 'issued', issuerText(spec.issuerRef), `${issuerText(signedBy)} (issuer ${issued.issuer.rfc4514})`, 'issuer');
    }
  }
  if (manifest) {
    const m = manifest.spec;
    const pairs: Array<[string, string, string]> = [
      ['secretName', spec.secretName ?? '(none)', m.secretName ?? '(none)'],
      ['commonName', spec.commonName ?? '(none)', m.commonName ?? '(none)'],
      ['dnsNames', list(norm(spec.dnsNames)), list(norm(m.dnsNames))],
      ['ipAddresses', list(norm(spec.ipAddresses)), list(norm(m.ipAddresses))],
      ['uris', list(norm(spec.uris)), list(norm(m.uris))],
      ['emailAddresses', list(norm(spec.emailAddresses)), list(norm(m.emailAddresses))],
      ['usages', list(norm(spec.usages?.length ? spec.usages : DEFAULT_USAGES)), list(norm(m.usages?.length ? m.usages : DEFAULT_USAGES))],
      ['duration', durationKey(spec.duration), durationKey(m.duration)],
      ['renewBefore', durationKey(spec.renewBefore, '(default)'), durationKey(m.renewBefore, '(default)')],
      ['isCA', String(!!spec.isCA), String(!!m.isCA)],
      ['issuerRef', issuerText(spec.issuerRef), issuerText(m.issuerRef)],
    ];
    for (const [field, want, got] of pairs) if (want !== got) add(field, 'manifest', want, got, field);
  }
  return out;
}

function durationKey(d: string | undefined, dflt = '2160h'): string {
  if (!d) return dflt;
  const p = parseDuration(d);
  return p.ok ? `${p.ms / 3_600_000}h` : d;
}
