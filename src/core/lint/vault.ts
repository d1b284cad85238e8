// HashiCorp Vault PKI role semantics, as Vault's documentation states them (PKI secrets engine API,
// "Create/Update role"): which names a role admits, its key type, flags and TTLs. The role's values
// come from `vault write <mount>/roles/<name> k=v...` lines and Terraform
// `vault_pki_secret_backend_role` resources; a value that is not known makes the answer unknown.
import { parseGoDuration } from './durations';

export interface RoleValue {
  value: string | string[] | boolean | number;
  /** Filled in elsewhere (a variable, an expression, a template): not known. */
  unknown: boolean;
  start: number;
  end: number;
}

/** A role as written: its fields by name (absent fields take Vault's defaults). */
export interface RoleFields { get(name: string): RoleValue | undefined; has(name: string): boolean }

export type Verdict = { ok: true; why: string } | { ok: false; why: string } | { unknown: true };

const DEFAULTS: Record<string, boolean> = {
  allow_localhost: true, allow_bare_domains: false, allow_subdomains: false, allow_glob_domains: false, allow_any_name: false,
  enforce_hostnames: true, allow_ip_sans: true, require_cn: true, server_flag: true, client_flag: true, allow_wildcard_certificates: true,
};

/** A boolean field: its value, Vault's default when absent, undefined when not known. */
export function roleBool(role: RoleFields, name: string): boolean | undefined {
  const v = role.get(name);
  if (!v) return DEFAULTS[name];
  if (v.unknown) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  const s = String(v.value).toLowerCase();
  if (['true', '1', 't'].includes(s)) return true;
  if (['false', '0', 'f'].includes(s)) return false;
  return undefined;
}

/** A list field (`a,b` in a vault line, a list in Terraform); undefined when not known. */
export function roleList(role: RoleFields, name: string): string[] | undefined {
  const v = role.get(name);
  if (!v) return [];
  if (v.unknown) return undefined;
  const list = Array.isArray(v.value) ? v.value : String(v.value).split(',');
  const out = list.map((s) => s.trim()).filter(Boolean);
  // Identity templates ({{identity.entity.name}}) are filled in per request.
  return out.some((s) => s.includes('{{')) ? undefined : out;
}

/**
 * A Vault TTL in milliseconds: an integer is seconds, otherwise a Go duration where Vault also
 * accepts `d` (days). Undefined when it does not parse.
 */
export function vaultTtl(v: string | number | boolean | string[] | undefined): number | undefined {
  if (v === undefined || typeof v === 'boolean' || Array.isArray(v)) return undefined;
  const s = String(v).trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const days = /^(\d+(?:\.\d+)?)d$/.exec(s);
  if (days) return Number(days[1]) * 86_400_000;
  const d = parseGoDuration(s);
  return d.ok && d.ms >= 0 ? d.ms : undefined;
}

export function roleTtl(role: RoleFields, name: string): number | undefined {
  const v = role.get(name);
  return v && !v.unknown ? vaultTtl(v.value as string) : undefined;
}

const HOST_LABEL = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;

/** Vault's host name check when enforce_hostnames is on (RFC 1123 labels; no underscores). */
export function validHostname(name: string): boolean {
  const n = name.replace(/\.$/, '');
  return !!n && n.length <= 253 && n.split('.').every((l) => l.length <= 63 && HOST_LABEL.test(l));
}

/** ryanuber/go-glob as Vault uses it for allow_glob_domains: `*` matches any run of characters (dots too). */
export function globMatch(pattern: string, s: string): boolean {
  if (!pattern.includes('*')) return pattern === s;
  const parts = pattern.split('*');
  if (!s.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const k = s.indexOf(parts[i], at);
    if (k < 0) return false;
    at = k + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return s.length - last.length >= at && s.endsWith(last);
}

/**
 * Whether the role admits a DNS name (common name or DNS SAN), following Vault's documented policy:
 * the allow_* options add up; allow_localhost admits "localhost" (and "localdomain"); enforce_hostnames
 * refuses what is not a host name; a "*." wildcard needs allow_wildcard_certificates and is then
 * checked without its first label against bare/subdomain/glob rules.
 */
export function roleAdmitsName(role: RoleFields, name: string): Verdict {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const any = roleBool(role, 'allow_any_name');
  const enforce = roleBool(role, 'enforce_hostnames');
  const wildcardOk = roleBool(role, 'allow_wildcard_certificates');
  const isWildcard = lower.startsWith('*.');
  if (isWildcard && wildcardOk === false) return { ok: false, why: 'wildcard names need allow_wildcard_certificates=true' };
  const base = isWildcard ? lower.slice(2) : lower;
  if (enforce === true && !lower.includes('@') && !validHostname(base)) return { ok: false, why: `"${name}" is not a valid host name and enforce_hostnames is on` };
  if (any === true) return { ok: true, why: 'allow_any_name=true' };
  const localhost = roleBool(role, 'allow_localhost');
  if (localhost === true && (lower === 'localhost' || lower === 'localdomain' || lower === 'localhost.localdomain')) return { ok: true, why: 'allow_localhost=true' };
  const domains = roleList(role, 'allowed_domains');
  const bare = roleBool(role, 'allow_bare_domains');
  const sub = roleBool(role, 'allow_subdomains');
  const glob = roleBool(role, 'allow_glob_domains');
  if (domains === undefined) return { unknown: true };
  for (const d0 of domains) {
    const d = d0.toLowerCase().replace(/\.$/, '');
    if (bare === true && !isWildcard && lower === d) return { ok: true, why: `allow_bare_domains=true and "${d0}" is in allowed_domains` };
    // "allow_subdomains ... includes wildcard subdomains"; allow_bare_domains does not admit `*.d`.
    if (sub === true && (base.endsWith(`.${d}`) || (isWildcard && base === d))) return { ok: true, why: `allow_subdomains=true and it is below "${d0}"` };
    if (glob === true && d.includes('*') && globMatch(d, lower)) return { ok: true, why: `allow_glob_domains=true and it matches "${d0}"` };
  }
  if ([any, localhost, bare, sub, glob].includes(undefined)) return { unknown: true };
  const ways: string[] = [];
  if (!domains.length) ways.push('allowed_domains is empty');
  else ways.push(`allowed_domains is ${domains.join(',')}`);
  if (bare !== true) ways.push('allow_bare_domains is off');
  if (sub !== true) ways.push('allow_subdomains is off');
  return { ok: false, why: ways.join(', ') };
}

/** IP SANs need allow_ip_sans (default on). */
export function roleAdmitsIp(role: RoleFields): Verdict {
  const v = roleBool(role, 'allow_ip_sans');
  if (v === undefined) return { unknown: true };
  return v ? { ok: true, why: 'allow_ip_sans=true' } : { ok: false, why: 'allow_ip_sans=false' };
}

/** URI SANs must match allowed_uri_sans (globs); none are allowed when it is empty. */
export function roleAdmitsUri(role: RoleFields, uri: string): Verdict {
  const list = roleList(role, 'allowed_uri_sans');
  if (list === undefined) return { unknown: true };
  if (list.some((p) => globMatch(p, uri))) return { ok: true, why: 'it matches allowed_uri_sans' };
  return { ok: false, why: list.length ? `allowed_uri_sans is ${list.join(',')}` : 'allowed_uri_sans is empty, so no URI SAN is allowed' };
}

/** The role's key type and minimum bits as Vault signs with them (rsa/2048, ec/256, ed25519, any). */
export function roleKey(role: RoleFields): { type: string; bits: number } | undefined {
  const t = role.get('key_type');
  const b = role.get('key_bits');
  if (t?.unknown || b?.unknown) return undefined;
  const type = t ? String(t.value).toLowerCase() : 'rsa';
  const bitsRaw = b ? Number(b.value) : 0;
  const bits = bitsRaw || (type === 'ec' ? 256 : type === 'rsa' ? 2048 : 0);
  return { type, bits };
}

/** Whether a key (cert-manager privateKey algorithm/size) fits the role; a problem in words, or undefined. */
export function keyProblem(role: RoleFields, algorithm: string, size: number | undefined): string | undefined {
  const k = roleKey(role);
  if (!k || k.type === 'any') return undefined;
  const type = algorithm === 'ECDSA' ? 'ec' : algorithm === 'Ed25519' ? 'ed25519' : 'rsa';
  const bits = size || (type === 'ec' ? 256 : type === 'rsa' ? 2048 : 0);
  if (type !== k.type) return `its key_type is ${k.type}, the key is ${type} ("role requires keys of type ${k.type}")`;
  if (type !== 'ed25519' && bits < k.bits) return `it needs at least ${k.bits} bits (key_bits), the key has ${bits}`;
  return undefined;
}
