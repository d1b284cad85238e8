// SPIFFE ID and trust domain syntax as go-spiffe v2 enforces it.

export type SpiffeCheck = { ok: true; trustDomain: string; path: string } | { ok: false; error: string };

const TD_CHARS = /^[a-z0-9._-]+$/;
const SEGMENT_CHARS = /^[a-zA-Z0-9._-]+$/;

export function checkTrustDomain(td: string): string | undefined {
  if (!td) return 'the trust domain is empty';
  if (td.length > 255) return 'the trust domain is longer than 255 bytes';
  if (td.includes(':')) return 'a trust domain cannot have a port';
  if (!TD_CHARS.test(td)) {
    const bad = [...td].find((c) => !/[a-z0-9._-]/.test(c));
    return `the trust domain has the character ${JSON.stringify(bad)}: only lowercase letters, digits, ".", "-" and "_" are allowed`;
  }
  return undefined;
}

export function parseSpiffeId(id: string): SpiffeCheck {
  if (!id.startsWith('spiffe://')) {
    if (/^spiffe:\/\//i.test(id)) return { ok: false, error: 'the scheme must be lowercase "spiffe://"' };
    return { ok: false, error: 'a SPIFFE ID starts with "spiffe://"' };
  }
  if (id.length > 2048) return { ok: false, error: 'the SPIFFE ID is longer than 2048 bytes' };
  const rest = id.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const td = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  const tdError = checkTrustDomain(td);
  if (tdError) return { ok: false, error: tdError };
  const pathError = checkPath(path);
  if (pathError) return { ok: false, error: pathError };
  return { ok: true, trustDomain: td, path };
}

export function checkPath(path: string): string | undefined {
  if (!path) return undefined;
  if (!path.startsWith('/')) return 'the path must start with "/"';
  if (path.endsWith('/')) return 'the path cannot end with "/"';
  for (const seg of path.slice(1).split('/')) {
    if (seg === '') return 'the path has an empty segment ("//")';
    if (seg === '.' || seg === '..') return `the path has a "${seg}" segment`;
    if (!SEGMENT_CHARS.test(seg)) {
      const bad = [...seg].find((c) => !/[a-zA-Z0-9._-]/.test(c));
      return `the path has the character ${JSON.stringify(bad)}: only letters, digits, ".", "-" and "_" are allowed in segments`;
    }
  }
  return undefined;
}
