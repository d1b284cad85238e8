// YAML for Kubernetes: quoted the way YAML 1.1 readers (kubectl, sigs.k8s.io/yaml) need, so that
// a name like `y`, `on` or `no` stays a string. No line folding (base64 stays on one line).
import { stringify } from 'yaml';
import { commentText } from '../escape';

export function k8sYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0 });
}

/** Documents separated by `---`; each may carry comment lines before it (no text leaves its comment line). */
export function documents(docs: Array<{ comments?: string[]; body?: unknown }>): string {
  return docs
    .map((d) => (d.comments ?? []).map((c) => (c ? `# ${commentText(c)}\n` : '#\n')).join('') + (d.body !== undefined ? k8sYaml(d.body) : ''))
    .join('---\n');
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain (Secret, Certificate and Issuer names). */
export function isSubdomain(s: string): boolean {
  return s.length <= 253 && SUBDOMAIN.test(s);
}

/** RFC 1123 label (namespaces, Service names). */
export function isLabel(s: string): boolean {
  return s.length <= 63 && LABEL.test(s);
}

/** A valid object name made from free text (a common name, a DNS name). */
export function toObjectName(s: string, fallback = 'certificate'): string {
  const n = s.toLowerCase().replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9.-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[-.]+|[-.]+$/g, '').slice(0, 200).replace(/[-.]+$/g, '');
  return n && isSubdomain(n) ? n : fallback;
}
