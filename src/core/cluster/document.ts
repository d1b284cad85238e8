// The read-only decoded document of a Secret (and its cert-manager Certificate): every
// certificate of tls.crt and ca.crt in full, and one line about the key. Never key bytes.
import { detailsText } from '../describe';
import type { CmCertificate, DriftItem } from './certmanager';
import { readyState } from './certmanager';
import type { DecodedSecret } from './secrets';
import type { BundleCheck, CertSource } from './sources';

export interface SecretDocumentInput {
  context: string;
  secret: DecodedSecret;
  certificate?: CmCertificate;
  drift?: DriftItem[];
  now: Date;
  warningDays: number;
}

export function secretDocumentText(i: SecretDocumentInput): string {
  const s = i.secret;
  const out: string[] = [];
  out.push(`Secret ${s.namespace}/${s.name}`, '#'.repeat(60));
  out.push(`Context:              ${i.context}`, `Type:                 ${s.type}`);
  out.push(`tls.crt:              ${s.chain.length ? `${s.chain.length} certificate${s.chain.length === 1 ? '' : 's'}` : '(none)'}`);
  out.push(`ca.crt:               ${s.ca.length ? `${s.ca.length} certificate${s.ca.length === 1 ? '' : 's'}` : '(none)'}`);
  for (const o of s.others) out.push(`${(o.key + ':').padEnd(22)}${o.certs.length} certificate${o.certs.length === 1 ? '' : 's'}`);
  out.push(`tls.key:              ${s.key ? s.key.text : '(none)'}`);
  for (const [k, v] of Object.entries(s.annotations)) out.push(`${(k.replace('cert-manager.io/', '') + ':').padEnd(22)}${v}`);
  for (const e of s.errors) out.push(`Problem:              ${e}`);
  if (i.certificate) {
    const c = i.certificate;
    out.push('', `cert-manager Certificate ${c.metadata.name}`, '-'.repeat(60));
    out.push(`Status:               ${readyState(c).text}`);
    if (c.status?.notAfter) out.push(`Not after:            ${c.status.notAfter}`);
    if (c.status?.renewalTime) out.push(`Renewal time:         ${c.status.renewalTime}`);
    if (i.drift) {
      if (!i.drift.length) out.push('Drift:                none (the issued certificate and the workspace manifest match the spec)');
      else out.push('Drift:', ...i.drift.map((d) => `  - ${d.text}`));
    }
  }
  s.chain.forEach((c, n) => {
    out.push('', '');
    out.push(detailsText(c, i.now, i.warningDays, [`Source:               tls.crt, certificate ${n + 1} of ${s.chain.length}${n === 0 ? ' (leaf)' : ''}`]).trimEnd());
  });
  s.ca.forEach((c, n) => {
    out.push('', '');
    out.push(detailsText(c, i.now, i.warningDays, [`Source:               ca.crt, certificate ${n + 1} of ${s.ca.length}`]).trimEnd());
  });
  for (const o of s.others) {
    o.certs.forEach((c, n) => {
      out.push('', '');
      out.push(detailsText(c, i.now, i.warningDays, [`Source:               ${o.key}, certificate ${n + 1} of ${o.certs.length}`]).trimEnd());
    });
  }
  return out.join('\n') + '\n';
}

export interface SourceDocumentInput {
  context: string;
  source: CertSource;
  /** Only this certificate of the source (its index), else all of them. */
  index?: number;
  check?: BundleCheck;
  now: Date;
  warningDays: number;
}

/**
 * The read-only document of a certificate the cluster depends on outside TLS Secrets (a
 * ConfigMap key, a webhook's, CRD's or APIService's caBundle, the kubeconfig's client
 * certificate): where it is, the caBundle's check, then each certificate decoded. Only
 * certificates are ever in a source, never a key.
 */
export function sourceDocumentText(i: SourceDocumentInput): string {
  const s = i.source;
  const out: string[] = [];
  const where = s.resource === 'kubeconfig' ? `Client certificate of kubeconfig user ${s.name}` : `${s.resource} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
  out.push(where, '#'.repeat(60));
  out.push(`Context:              ${i.context}`, `Key:                  ${s.key}`);
  out.push(`Certificates:         ${s.certs.length || '(none)'}`);
  if (s.service) out.push(`Service:              ${s.service.namespace}/${s.service.name}`);
  if (s.url) out.push(`URL:                  ${s.url}`);
  if (s.error) out.push(`Problem:              ${s.error}`);
  if (i.check) out.push(`Chain:                ${i.check.text}`, ...i.check.errors.map((e) => `  - ${e.code}: ${e.message}`));
  s.certs.forEach((c, n) => {
    if (i.index !== undefined && i.index !== n) return;
    out.push('', '');
    out.push(detailsText(c, i.now, i.warningDays, [`Source:               ${s.key}, certificate ${n + 1} of ${s.certs.length}`]).trimEnd());
  });
  return out.join('\n') + '\n';
}
