// Text for people: hover cards (Markdown), code lens titles, and the full read-only decode.
import { fingerprintDisplay } from './bytes';
import type { CertificateInfo, PkiObject, PublicKeyInfo, SubjectAltNames } from './model';
import { shortName } from './names';
import { isoUtc, objectValidity } from './time';

export const TYPE_TITLES: Record<PkiObject['type'], string> = {
  certificate: 'Certificate',
  csr: 'Certificate request',
  'private-key': 'Private key',
  'public-key': 'Public key',
  crl: 'CRL',
};

/** "ECDSA P-256", "RSA 2048", "Ed25519". */
export function keyDescription(k: Pick<PublicKeyInfo, 'algorithm' | 'size' | 'curve'>): string {
  if (k.algorithm === 'EC') return `ECDSA ${k.curve ?? (k.size ? `${k.size}-bit` : '')}`.trim();
  if (k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS' || k.algorithm === 'DSA' || k.algorithm === 'DH') return `${k.algorithm}${k.size ? ` ${k.size}` : ''}`;
  return k.algorithm;
}

const FORMAT_NAMES: Record<string, string> = {
  pkcs1: 'PKCS#1', sec1: 'SEC1', dsa: 'traditional DSA', pkcs8: 'PKCS#8', 'encrypted-pkcs8': 'encrypted PKCS#8', openssh: 'OpenSSH',
  'legacy-encrypted': 'legacy encrypted PEM', spki: 'SPKI', 'pkcs1-public': 'PKCS#1',
};

export function sanList(san: SubjectAltNames): string[] {
  return [
    ...san.dnsNames.map((v) => `DNS:${v}`),
    ...san.ipAddresses.map((v) => `IP:${v}`),
    ...san.uris.map((v) => `URI:${v}`),
    ...san.emailAddresses.map((v) => `email:${v}`),
    ...san.other,
  ];
}

function subjectLabel(o: PkiObject): string | undefined {
  if (o.type === 'certificate' || o.type === 'csr') return o.subject.commonName ? `CN=${o.subject.commonName}` : o.subject.rfc4514 || '(empty subject)';
  if (o.type === 'crl') return `issuer ${shortName(o.issuer)}`;
  return undefined;
}

/** The single-line summary used by code lenses and tree tooltips. */
export function lensTitle(o: PkiObject, now: Date, warningDays: number): string {
  const parts = [TYPE_TITLES[o.type]];
  const s = subjectLabel(o);
  if (s) parts.push(s);
  if (o.type === 'private-key' && o.encrypted) parts.push(`encrypted (${o.encryption ?? 'unknown scheme'})`);
  else if (o.type === 'private-key' || o.type === 'public-key' || o.type === 'csr') parts.push(keyDescription(o.publicKey));
  if (o.type === 'crl') parts.push(`${o.revoked.length} revoked`);
  const v = objectValidity(o, now, warningDays);
  if (v) parts.push(v.text.replace(/ \(\d{4}-\d\d-\d\d\)$/, ''));
  return parts.join(' · ');
}

/** Text shown literally in Markdown (no emphasis, links or HTML). */
export function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => '\\' + c);
}

/** Text in a Markdown code span (a backtick inside cannot end it). */
export function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function usageText(o: { keyUsage: string[]; extendedKeyUsage: string[] }): string {
  const parts = [...o.keyUsage, ...o.extendedKeyUsage];
  return parts.length ? parts.join(', ') : '(none)';
}

function row(k: string, v: string): string {
  return `| ${k} | ${v} |`;
}

function validityMarkdown(o: PkiObject, now: Date, warningDays: number): string | undefined {
  const v = objectValidity(o, now, warningDays);
  if (!v) return undefined;
  if (v.state === 'expired') return `**⛔ ${v.text}**`;
  if (v.state === 'not-yet-valid') return `**⚠ ${v.text}**`;
  if (v.state === 'expiring') return `**⚠ ${v.text}**`;
  return v.text;
}

/** A compact Markdown card for one object. Never includes private key material. */
export function cardMarkdown(o: PkiObject, now: Date, warningDays: number, heading?: string): string {
  const lines: string[] = [];
  const title = `**${TYPE_TITLES[o.type]}**${subjectLabel(o) ? ' ' + code(subjectLabel(o)!) : ''}${heading ? ` — ${heading}` : ''}`;
  lines.push(title, '', '| | |', '|---|---|');
  if (o.type === 'certificate' || o.type === 'csr') {
    lines.push(row('Subject', code(o.subject.rfc4514 || '(empty)')));
    const sans = sanList(o.san);
    if (sans.length) lines.push(row('SANs', sans.map((s) => code(s)).join(' ')));
  }
  if (o.type === 'certificate' || o.type === 'crl') lines.push(row('Issuer', code(o.issuer.rfc4514 || '(empty)') + (o.type === 'certificate' && o.selfSigned ? ' (self-signed)' : '')));
  if (o.type === 'certificate') {
    lines.push(row('Validity', `${o.notBefore.toISOString().slice(0, 10)} → ${o.notAfter.toISOString().slice(0, 10)} · ${validityMarkdown(o, now, warningDays)}`));
  }
  if (o.type === 'crl') {
    lines.push(row('Updated', `${isoUtc(o.thisUpdate)}${o.nextUpdate ? ` · ${validityMarkdown(o, now, warningDays)}` : ''}`));
    lines.push(row('Revoked', o.revoked.length ? o.revoked.slice(0, 5).map((r) => code(r.serialNumber)).join(' ') + (o.revoked.length > 5 ? ` and ${o.revoked.length - 5} more` : '') : 'none'));
  }
  if (o.type !== 'crl') {
    let key = keyDescription(o.publicKey);
    if (o.type === 'private-key') key += ` (${FORMAT_NAMES[o.format] ?? o.format}${o.encrypted ? `, ${o.encryption ?? 'encrypted'}` : ''})`;
    if (o.type === 'public-key') key += ` (${FORMAT_NAMES[o.format] ?? o.format})`;
    lines.push(row('Key', key));
  }
  if (o.type === 'certificate' || o.type === 'csr') {
    lines.push(row(o.type === 'csr' ? 'Requested usages' : 'Usages', esc(usageText(o))));
    if (o.isCA) lines.push(row('CA', `yes${o.pathLength !== null ? `, path length ${o.pathLength}` : ''}`));
    lines.push(row('Serial', o.type === 'certificate' ? code(o.serialNumber) : '—'));
    if (o.type === 'csr') lines.pop();
  }
  if (o.type !== 'private-key') {
    lines.push(row('Signature', o.type === 'public-key' ? '—' : o.signature.name));
    if (o.type === 'public-key') lines.pop();
    lines.push(row('SHA-256', fingerprintMarkdown(o.sha256)));
  } else {
    lines.push(row('Secret', 'key material is never shown'));
  }
  return lines.join('\n');
}

/** One hover entry: an object or why it is not one, and the keystore it came from. */
export interface HoverItem {
  object?: PkiObject;
  error?: string;
  index: number;
  groupSize: number;
  /** Why the chain above this certificate does not validate (h17trust). */
  notes?: string[];
  container?: { format: string; summary: string; locked: string[]; needsPassword: boolean; alias?: string; placeholder?: boolean };
}

/** The head of a keystore's or bundle's hover: what it holds, what needs a password. */
export function containerMarkdown(c: NonNullable<HoverItem['container']>): string {
  const lines = [`**${esc(c.summary)}**`];
  for (const l of c.locked) lines.push(`- 🔒 ${esc(l)}`);
  if (c.needsPassword) lines.push('', '_Run **Certwright: Open Keystore with Password** to read the rest (the password is not stored)._');
  return lines.join('\n');
}

/** Hover for a bundle or single object: each card in order. */
export function hoverMarkdown(objects: HoverItem[], now: Date, warningDays: number, focus?: number): string {
  const parts: string[] = [];
  const many = objects.length > 1;
  const list = objects.length > 12 && focus !== undefined ? objects.filter((o) => o.index === focus) : objects;
  const box = objects.find((o) => o.container)?.container;
  if (box) parts.push(containerMarkdown(box));
  for (const item of list) {
    if (item.container?.placeholder) continue;
    const alias = item.container?.alias !== undefined ? `alias ${code(item.container.alias)}` : undefined;
    const position = item.groupSize > 1 ? `${item.index + 1} of ${item.groupSize}${item.index === focus && many ? ' (here)' : ''}` : undefined;
    const heading = [position, alias].filter(Boolean).join(', ') || undefined;
    if (item.object) parts.push(cardMarkdown(item.object, now, warningDays, heading) + notesMarkdown(item.notes));
    else parts.push(`**Cannot decode**${heading ? ` — ${heading}` : ''}: ${esc(item.error ?? 'unknown error')}`);
  }
  if (list.length < objects.length) parts.push(`_Bundle of ${objects.length}: showing the one under the cursor._`);
  return parts.join('\n\n---\n\n');
}

/** Problems with an object's place in a chain (why it does not validate), as Markdown lines. */
export function notesMarkdown(notes: string[] | undefined): string {
  return (notes ?? []).map((n) => `\n\n⚠ ${esc(n)}`).join('');
}

function pad(label: string): string {
  return (label + ':').padEnd(22);
}

/** The full decode as plain text for the read-only details document. */
export function detailsText(o: PkiObject, now: Date, warningDays: number, context: string[] = []): string {
  const out: string[] = [];
  const v = objectValidity(o, now, warningDays);
  out.push(`${TYPE_TITLES[o.type]}${subjectLabel(o) ? ` ${subjectLabel(o)}` : ''}`, '='.repeat(60));
  if (context.length) out.push(...context, '');
  if (o.type === 'certificate') out.push(...certificateDetails(o));
  if (o.type === 'csr') {
    out.push(pad('Subject') + (o.subject.rfc4514 || '(empty)'));
    out.push(pad('Public key') + keyDescription(o.publicKey));
    out.push(pad('Signature algorithm') + o.signature.name);
    out.push(pad('Challenge password') + (o.challengePassword ? 'present (not shown)' : 'none'));
    out.push('', 'Requested extensions:');
    for (const e of o.extensions) out.push(`  ${e.name}${e.critical ? ' (critical)' : ''}:`, ...e.text.map((t) => `      ${t}`));
    if (!o.extensions.length) out.push('  (none)');
  }
  if (o.type === 'private-key') {
    out.push(pad('Key') + keyDescription(o.publicKey));
    out.push(pad('Format') + (FORMAT_NAMES[o.format] ?? o.format));
    out.push(pad('Encrypted') + (o.encrypted ? `yes (${o.encryption ?? 'unknown scheme'})` : 'no'));
    out.push(pad('Key material') + 'not shown (private keys are secrets)');
  }
  if (o.type === 'public-key') {
    out.push(pad('Key') + keyDescription(o.publicKey));
    out.push(pad('Format') + (FORMAT_NAMES[o.format] ?? o.format));
  }
  if (o.type === 'crl') {
    out.push(pad('Issuer') + o.issuer.rfc4514);
    out.push(pad('This update') + isoUtc(o.thisUpdate));
    out.push(pad('Next update') + (o.nextUpdate ? isoUtc(o.nextUpdate) : '(none)'));
    if (o.crlNumber) out.push(pad('CRL number') + o.crlNumber);
    out.push(pad('Signature algorithm') + o.signature.name);
    out.push('', `Revoked certificates (${o.revoked.length}):`);
    for (const r of o.revoked.slice(0, 1000)) out.push(`  ${r.serialNumber}  ${isoUtc(r.revocationDate)}${r.reason ? `  ${r.reason}` : ''}`);
    if (o.revoked.length > 1000) out.push(`  ... and ${o.revoked.length - 1000} more`);
    out.push('', 'Extensions:');
    for (const e of o.extensions) out.push(`  ${e.name}${e.critical ? ' (critical)' : ''}:`, ...e.text.map((t) => `      ${t}`));
  }
  if (v) out.push('', pad('Status') + v.text);
  if (o.type !== 'private-key') {
    out.push('', pad('SHA-256 fingerprint') + fingerprintDisplay(o.sha256), pad('SHA-1 fingerprint') + fingerprintDisplay(o.sha1));
  }
  return out.join('\n') + '\n';
}

function certificateDetails(c: CertificateInfo): string[] {
  const out: string[] = [];
  out.push(pad('Version') + `${c.version} (0x${(c.version - 1).toString(16)})`);
  out.push(pad('Serial number') + c.serialNumber);
  out.push(pad('Signature algorithm') + c.signature.name);
  out.push(pad('Issuer') + (c.issuer.rfc4514 || '(empty)'));
  out.push(pad('Subject') + (c.subject.rfc4514 || '(empty)'));
  out.push(pad('Not before') + isoUtc(c.notBefore));
  out.push(pad('Not after') + isoUtc(c.notAfter));
  out.push(pad('Public key') + keyDescription(c.publicKey));
  out.push(pad('Self-signed') + (c.selfSigned ? 'yes' : 'no'));
  out.push(pad('CA') + (c.isCA ? `yes${c.pathLength !== null ? `, path length ${c.pathLength}` : ', no path length limit'}` : 'no'));
  const sans = sanList(c.san);
  out.push(pad('Subject alt names') + (sans.length ? sans.join(', ') : '(none)'));
  out.push(pad('Key usage') + (c.keyUsage.join(', ') || '(none)'));
  out.push(pad('Extended key usage') + (c.extendedKeyUsage.join(', ') || '(none)'));
  if (c.subjectKeyId) out.push(pad('Subject key id') + fingerprintDisplay(c.subjectKeyId));
  if (c.authorityKeyId) out.push(pad('Authority key id') + fingerprintDisplay(c.authorityKeyId));
  out.push('', `Extensions (${c.extensions.length}):`);
  for (const e of c.extensions) {
    out.push(`  ${e.name}${e.name !== e.oid ? ` [${e.oid}]` : ''}${e.critical ? ' (critical)' : ''}:`);
    for (const t of e.text) out.push(`      ${t}`);
  }
  if (!c.extensions.length) out.push('  (none: a version 1 certificate)');
  return out;
}

/**
 * A fingerprint for a card: groups of 8 bytes, each its own code span, separated by spaces, so a
 * narrow hover wraps between groups instead of scrolling sideways for one 95-character token.
 */
export function fingerprintMarkdown(hexDigest: string): string {
  const hex = fingerprintDisplay(hexDigest).split(':');
  const groups: string[] = [];
  for (let i = 0; i < hex.length; i += 8) groups.push(code(hex.slice(i, i + 8).join(':')));
  return groups.join(' ');
}
