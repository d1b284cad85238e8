// Host name and IP address matching against a certificate's SANs, as Go's
// (*Certificate).VerifyHostname: no common-name fallback, a wildcard only as the whole
// leftmost label, never for IP addresses.
import type { GeneralName } from './facts';

/** IPv4 or IPv6 text to bytes; undefined when it is not an IP address. */
export function parseIp(text: string): Uint8Array | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    return parts.every((p) => p <= 255) ? Uint8Array.from(parts) : undefined;
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let head = s, tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) { head = s.slice(0, dbl); tail = s.slice(dbl + 2); if (tail.includes('::')) return undefined; }
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIp(g);
        if (!v4 || v4.length !== 4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = groups(head), t = groups(tail);
  if (!h || !t) return undefined;
  const fill = 8 - h.length - t.length;
  if (dbl >= 0 ? fill < 1 : fill !== 0) return undefined;
  const all = [...h, ...new Array(dbl >= 0 ? fill : 0).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[i * 2] = g >> 8; out[i * 2 + 1] = g & 0xff; });
  return out;
}

function ipEqual(a: Uint8Array, b: Uint8Array): boolean {
  const norm = (x: Uint8Array) => {
    if (x.length === 16 && x.subarray(0, 10).every((v) => v === 0) && x[10] === 0xff && x[11] === 0xff) return x.subarray(12);
    return x;
  };
  const x = norm(a), y = norm(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Does a SAN DNS pattern match the host? `*.example.com` matches `a.example.com`, not `example.com` or `a.b.example.com`. */
export function matchHostnamePattern(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p || !h) return false;
  const pp = p.split('.'), hp = h.split('.');
  if (pp.length !== hp.length) return false;
  for (let i = 0; i < pp.length; i++) {
    if (i === 0 && pp[0] === '*' && hp[0] !== '') continue;
    if (pp[i] !== hp[i]) return false;
  }
  return true;
}

/** True when the certificate's SANs cover `name` (a host name or an IP address). */
export function matchesName(sans: GeneralName[], name: string): boolean {
  const ip = parseIp(name);
  if (ip) return sans.some((s) => s.type === 'ip' && s.bytes!.length !== 8 && s.bytes!.length !== 32 && ipEqual(s.bytes!, ip));
  return sans.some((s) => s.type === 'dns' && matchHostnamePattern(s.text!, name));
}
