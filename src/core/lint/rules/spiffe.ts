// SPIFFE IDs wherever they appear, SPIRE server/agent configuration (HCL inside ConfigMaps or
// .conf files, positions mapped back), ClusterSPIFFEID, `spire-server entry create` lines,
// and Istio's identity policy.
import type { Node } from 'yaml';
import { parseGoDuration, humanDuration } from '../durations';
import { parseHcl, HclAttribute } from '../hcl';
import { entries, get, items, keyNode, maskTemplates, Manifest, mayBeTemplated, overlapsSpans, overlapsTemplate, SUBSTITUTED, ParsedFile, range, str, strings, isUnknown, textHas, valueOffsetMapper } from '../model';
import type { Reporter } from '../rules';
import { checkTrustDomain, parseSpiffeId } from '../spiffe';
import { relatedRefs, type Workspace } from '../workspace';
import { isCertManager } from './certmanager';

interface SpireConfig {
  role: 'server' | 'agent';
  file: ParsedFile | { path: string; text: string };
  attrs: Map<string, HclAttribute>;
  /** Paths of attributes whose values are filled in before use (`${VAR}`, templates). */
  unknown: Set<string>;
  map: (o: number) => number;
}

function configsOf(r: Reporter, ws: Workspace): SpireConfig[] {
  const out: SpireConfig[] = [];
  /** `templated(start, end)`: whether that part of the config (offsets in the config text) is a template. */
  const add = (file: ParsedFile | { path: string; text: string }, text: string, map: (o: number) => number, templated?: (s: number, e: number) => boolean) => {
    if (!/^[ \t]*(server|agent)[ \t]*\{/m.test(text) || !/\btrust_domain\s*=/.test(text)) return;
    const res = parseHcl(text, { bareWords: !!templated });
    if (res.error) {
      // A config with templates in it is checked only once rendered.
      if (templated) return;
      const at = map(res.error.offset);
      r.at(file, at, at + 1, 'hcl-syntax', res.error.tooDeep
        ? `SPIRE configuration not checked: ${res.error.message} (no SPIRE configuration nests that deep). Flatten the nesting.`
        : `SPIRE configuration cannot be parsed: ${res.error.message}. SPIRE will not start.`);
      return;
    }
    // Values filled in before SPIRE reads them are left out: the rules see only what is known.
    const isUnknownAttr = (a: HclAttribute) => !!a.unknown || !!templated?.(a.start, a.end);
    const attrs = new Map(res.attributes.filter((a) => !isUnknownAttr(a)).map((a) => [a.path, a]));
    const unknown = new Set(res.attributes.filter(isUnknownAttr).map((a) => a.path));
    for (const role of ['server', 'agent'] as const) {
      if ([...attrs.keys()].some((k) => k.startsWith(`${role}.`))) out.push({ role, file, attrs, unknown, map });
    }
  };
  for (const m of ws.ofKind('ConfigMap')) {
    for (const e of entries(get(m.root, 'data'))) {
      const v = e.value;
      const text = str(v);
      if (!text || !v || !/\.(conf|hcl)$/.test(e.key)) continue;
      const map = valueOffsetMapper(m.file, v);
      const [vs, ve] = range(v);
      const file = m.file;
      add(file, text, map, file.templates.length && overlapsTemplate(file, vs, ve) ? (s, e) => overlapsTemplate(file, map(s), map(e)) : undefined);
    }
  }
  for (const f of ws.others) {
    if (!/\.(conf|hcl)$/.test(f.path)) continue;
    // Configs rendered by Helm (a chart's files/ or a .tpl-like .conf): templates masked, same offsets.
    const { masked, spans } = maskTemplates(f.text);
    add(f, masked, (o) => o, spans.length ? (s, e) => overlapsSpans(spans, s, e) : undefined);
  }
  return out;
}

function attrRange(c: SpireConfig, a: HclAttribute): [number, number] {
  return [c.map(a.start), c.map(a.end)];
}

/**
 * The SPIRE servers' trust domain for a file: from the servers in its scope (README "Scopes");
 * none when they disagree (do not guess) or there is none.
 */
function serverTrustDomain(ws: Workspace, servers: SpireConfig[], from: { path: string }): { value: string; server: SpireConfig; attr: HclAttribute } | undefined {
  let found: { value: string; server: SpireConfig; attr: HclAttribute } | undefined;
  for (const server of ws.scopeCandidates(from, servers.map((c) => ({ path: c.file.path, c }))).map((x) => x.c)) {
    const attr = server.attrs.get('server.trust_domain');
    if (!attr || typeof attr.value !== 'string') continue;
    if (found && found.value !== attr.value) return undefined;
    found ??= { value: attr.value, server, attr };
  }
  return found;
}

// ---- SVID lifetimes cut by the SPIRE server's CA (#17 real lifetimes) --------------------------

const H = 3_600_000;
/** SPIRE's defaults: ca_ttl 24h; default_x509_svid_ttl 1h (server.conf), 4h in the SPIRE Helm chart. */
const SPIRE_CA_TTL = 24 * H;

/** What a SPIRE server in the workspace says about SVID lifetimes: ca_ttl, from server.conf HCL or the Helm chart's values. */
export interface SpireServerTtl {
  file: { path: string };
  /** The CA's lifetime; SVID notAfter never passes the CA's. */
  caTtlMs: number;
  /** Where ca_ttl is set (absent: the default), for related locations. */
  at?: [number, number];
  what: string;
}

/** The shortest lifetime SPIRE guarantees an SVID: min(ca_ttl / 6, 7 days) (the next CA activates that long before expiry). */
export const svidCapMs = (caTtlMs: number) => Math.min(caTtlMs / 6, 7 * 24 * H);

function spireHelmServers(ws: Workspace): SpireServerTtl[] {
  const out: SpireServerTtl[] = [];
  for (const m of ws.manifests) {
    if (m.kind !== undefined) continue;
    const server = get(m.root, 'spire-server');
    if (!server) continue;
    const n = get(server, 'caTTL');
    if (n && isUnknown(m.file, n)) continue;
    const d = n ? parseGoDuration(str(n) ?? '') : { ok: true as const, ms: SPIRE_CA_TTL };
    if (!d.ok) continue;
    out.push({ file: m.file, caTtlMs: d.ms, at: n ? range(n) : undefined, what: `spire-server.caTTL ${n ? str(n) : '24h (the chart\'s default)'} in ${m.file.path}` });
  }
  return out;
}

/** The one SPIRE server (ca_ttl) for a file, from the servers in its scope; none when they disagree or there is none. */
function serverTtlFor(ws: Workspace, servers: SpireServerTtl[], from: { path: string }): SpireServerTtl | undefined {
  const list = ws.scopeCandidates(from, servers.map((s) => ({ path: s.file.path, s }))).map((x) => x.s);
  return list.length && list.every((s) => s.caTtlMs === list[0].caTtlMs) ? list[0] : undefined;
}

/**
 * An SVID TTL asked for by a registration (ClusterSPIFFEID `ttl`, `spire-server entry create
 * -x509SVIDTTL`/`-ttl`, the chart's ClusterSPIFFEID `ttl`) against the SPIRE server's CA: longer
 * than ca_ttl, the SVID outlives its CA (`leaf-outlives-ca`); longer than min(ca_ttl/6, 7d), SPIRE
 * shortens it near each CA rotation (`spire-svid-ttl`). One finding per value.
 */
function svidTtl(r: Reporter, file: { path: string }, s: number, e: number, ttlMs: number, server: SpireServerTtl | undefined, what: string): void {
  if (!server) return;
  const cap = svidCapMs(server.caTtlMs);
  const rel = () => { if (server.at) relatedRefs.set(r.findings[r.findings.length - 1], [{ file: server.file, start: server.at[0], end: server.at[1], message: `The SPIRE server's CA lifetime: ${server.what}` }]); };
  if (ttlMs > server.caTtlMs) {
    r.at(file, s, e, 'leaf-outlives-ca', `${what} ${humanDuration(ttlMs)} outlives the SPIRE server's CA (${server.what}, ${humanDuration(server.caTtlMs)}): SPIRE never signs past the CA's notAfter, so these SVIDs really live at most ${humanDuration(server.caTtlMs)}, and as little as ${humanDuration(cap)} next to a CA rotation. Ask for at most ${humanDuration(cap)}, or raise ca_ttl to ${humanDuration(ttlMs * 6)}.`);
    rel();
  } else if (ttlMs > cap) {
    r.at(file, s, e, 'spire-svid-ttl', `${what} ${humanDuration(ttlMs)} exceeds SPIRE's cap of min(ca_ttl / 6, 7 days) = ${humanDuration(cap)} (${server.what}): SVIDs signed near a CA rotation really live ${humanDuration(cap)}, not ${humanDuration(ttlMs)}. Raise ca_ttl to at least ${humanDuration(ttlMs * 6)} or lower the TTL.`);
    rel();
  }
}

function registrationTtls(r: Reporter, ws: Workspace, servers: SpireServerTtl[]): void {
  if (!servers.length) return;
  for (const m of ws.ofKind('ClusterSPIFFEID')) {
    const n = get(m.root, 'spec', 'ttl');
    const v = str(n);
    if (!n || !v || isUnknown(m.file, n)) continue;
    const d = parseGoDuration(v);
    if (d.ok && d.ms > 0) { const [s, e] = range(n); svidTtl(r, m.file, s, e, d.ms, serverTtlFor(ws, servers, m.file), 'ClusterSPIFFEID ttl'); }
  }
  // The chart's ClusterSPIFFEIDs: spire-server.controllerManager.identities.clusterSPIFFEIDs.<name>.ttl.
  for (const m of ws.manifests) {
    if (m.kind !== undefined) continue;
    for (const e of entries(get(m.root, 'spire-server', 'controllerManager', 'identities', 'clusterSPIFFEIDs'))) {
      const n = get(e.value, 'ttl');
      const v = str(n);
      if (!n || !v || isUnknown(m.file, n)) continue;
      const d = parseGoDuration(v);
      if (d.ok && d.ms > 0) { const [s, en] = range(n); svidTtl(r, m.file, s, en, d.ms, serverTtlFor(ws, servers, m.file), `ClusterSPIFFEID "${e.key}" ttl`); }
    }
  }
}

function spire(r: Reporter, ws: Workspace): SpireConfig[] {
  const configs = configsOf(r, ws);
  const servers = configs.filter((c) => c.role === 'server');
  const hclServers: SpireServerTtl[] = [];
  for (const c of configs) {
    const td = c.attrs.get(`${c.role}.trust_domain`);
    if (td && typeof td.value === 'string') {
      const err = checkTrustDomain(td.value);
      const [s, e] = attrRange(c, td);
      if (err) r.at(c.file, s, e, 'spiffe-id-invalid', `trust_domain "${td.value}": ${err}.`);
      const serverTd = c.role === 'agent' ? serverTrustDomain(ws, servers, c.file) : undefined;
      if (serverTd && serverTd.value !== td.value) {
        r.at(c.file, s, e, 'spiffe-trust-domain-mismatch', `The agent's trust_domain "${td.value}" differs from the server's "${serverTd.value}": the agent cannot attest and no workload gets an SVID.`);
        const [ss, se] = attrRange(serverTd.server, serverTd.attr);
        relatedRefs.set(r.findings[r.findings.length - 1], [{ file: serverTd.server.file, start: ss, end: se, message: `The SPIRE server's trust_domain "${serverTd.value}"` }]);
      }
    }
    if (c.role === 'server') {
      const caTtlAttr = c.attrs.get('server.ca_ttl');
      const svidAttr = c.attrs.get('server.default_x509_svid_ttl') ?? c.attrs.get('server.default_svid_ttl');
      const caTtl = caTtlAttr && typeof caTtlAttr.value === 'string' ? parseGoDuration(caTtlAttr.value) : { ok: true as const, ms: 24 * 3_600_000 };
      const svid = svidAttr && typeof svidAttr.value === 'string' ? parseGoDuration(svidAttr.value) : { ok: true as const, ms: 3_600_000 };
      for (const [a, d] of [[caTtlAttr, caTtl], [svidAttr, svid]] as const) {
        if (a && !d.ok) { const [s, e] = attrRange(c, a); r.at(c.file, s, e, 'duration-syntax', `${a.path}: ${d.error}${d.suggestion ? `: write "${d.suggestion}"` : ''}.`); }
      }
      const unknownTtl = ['server.ca_ttl', 'server.default_x509_svid_ttl', 'server.default_svid_ttl'].some((p) => c.unknown.has(p));
      if (caTtl.ok && !c.unknown.has('server.ca_ttl')) hclServers.push({ file: c.file, caTtlMs: caTtl.ms, at: caTtlAttr ? attrRange(c, caTtlAttr) : undefined, what: `ca_ttl ${caTtlAttr ? `"${caTtlAttr.value}"` : '24h (the default)'} in ${c.file.path}` });
      if (caTtl.ok && svid.ok && !unknownTtl) {
        const cap = Math.min(caTtl.ms / 6, 7 * 86_400_000);
        if (svid.ms > cap) {
          const target = svidAttr ?? caTtlAttr;
          if (target) {
            const [s, e] = attrRange(c, target);
            r.at(c.file, s, e, 'spire-svid-ttl', `X.509 SVID TTL ${humanDuration(svid.ms)} exceeds SPIRE's cap of min(ca_ttl / 6, 7 days) = ${humanDuration(cap)} (ca_ttl ${humanDuration(caTtl.ms)}): SPIRE shortens SVIDs and warns. Raise ca_ttl to at least ${humanDuration(svid.ms * 6)} or lower the SVID TTL.`);
          }
        }
      }
    }
  }
  ttlServers.set(ws, hclServers);
  return servers;
}

const ttlServers = new WeakMap<Workspace, SpireServerTtl[]>();

function checkId(r: Reporter, file: ParsedFile | { path: string }, s: number, e: number, id: string, what: string, trustDomain?: string): void {
  const p = parseSpiffeId(id);
  if (!p.ok) { r.at(file, s, e, 'spiffe-id-invalid', `${what} "${id}" is not a valid SPIFFE ID: ${p.error}.`); return; }
  if (trustDomain && p.trustDomain !== trustDomain) r.at(file, s, e, 'spiffe-outside-trust-domain', `${what} "${id}" is in trust domain "${p.trustDomain}", but the SPIRE server's trust_domain is "${trustDomain}": SPIRE rejects the entry.`);
}

function entryLines(r: Reporter, ws: Workspace, servers: SpireConfig[], svidServers: SpireServerTtl[]): void {
  const texts: Array<{ file: ParsedFile | { path: string; text: string }; text: string }> = [...ws.others.map((f) => ({ file: f, text: f.text })), ...[...ws.files.values()].map((f) => ({ file: f, text: f.text }))];
  const re = /spire-server\s+entry\s+create\b[^\n]*(?:\\\n[^\n]*)*/g;
  for (const { file, text } of texts) {
    if (!('order' in file ? textHas(file, 'spire-server', (t) => t.includes('spire-server')) : text.includes('spire-server'))) continue;
    const td = serverTrustDomain(ws, servers, file)?.value;
    for (const m of text.matchAll(re)) {
      const line = m[0];
      const base = m.index!;
      for (const f of line.matchAll(/-{1,2}(x509SVIDTTL|ttl)[ =]+["']?(\d+)(?=["'\s\\]|$)/g)) {
        const s = base + f.index! + f[0].length - f[2].length;
        svidTtl(r, file, s, s + f[2].length, Number(f[2]) * 1000, serverTtlFor(ws, svidServers, file), `-${f[1]}`);
      }
      for (const f of line.matchAll(/-{1,2}(spiffeID|parentID)[ =]+["']?([^\s"'\\]+)/g)) {
        const id = f[2];
        // Shell variables, command substitutions and template actions are not known here.
        if (/[$`]|\{\{/.test(id)) continue;
        const s = base + f.index! + f[0].length - id.length;
        checkId(r, file, s, s + id.length, id, `-${f[1]}`, td);
      }
    }
  }
}

export function certificateUris(r: Reporter, c: Manifest): void {
  {
    if (!isCertManager(c)) return;
    for (const u of strings(get(c.root, 'spec', 'uris'))) {
      if (isUnknown(c.file, u.node) || !/^spiffe:/i.test(u.value)) continue;
      const [s, e] = range(u.node);
      checkId(r, c.file, s, e, u.value, 'URI SAN');
    }
  }
}

export function clusterSpiffeId(r: Reporter, m: Manifest): void {
  {
    const spec = get(m.root, 'spec');
    const tpl = get(spec, 'spiffeIDTemplate');
    if (!tpl && !m.partial && !mayBeTemplated(m, 'spec', 'spiffeIDTemplate')) r.node(m, keyNode(m.root, 'spec'), 'spiffe-id-invalid', 'spec.spiffeIDTemplate is required.');
    const text = str(tpl);
    // A value that starts with a template (Helm printing the whole template, or "{{ .TrustDomain }}"
    // first) has no static scheme to check; $VAR and <placeholders> are filled in later.
    const at = tpl ? valueOffsetMapper(m.file, tpl) : undefined;
    if (text && tpl && at && !overlapsTemplate(m.file, at(0), at(1)) && !SUBSTITUTED.test(text) && !printsBraces(m.file, tpl)) {
      // Template actions were masked as "xxx" runs: what remains are the static parts.
      const [s, e] = range(tpl);
      const p = parseSpiffeId(text);
      if (!p.ok) r.at(m.file, s, e, 'spiffe-id-invalid', `spiffeIDTemplate: the static parts do not form a valid SPIFFE ID: ${p.error}.`);
    }
    for (const f of strings(get(spec, 'federatesWith'))) {
      const err = checkTrustDomain(f.value);
      if (err && !isUnknown(m.file, f.node)) r.node(m, f.node, 'spiffe-id-invalid', `federatesWith "${f.value}": ${err}.`);
    }
    for (const k of ['ttl', 'jwtTtl']) {
      const n = get(spec, k);
      const v = str(n);
      if (v && !isUnknown(m.file, n)) {
        const d = parseGoDuration(v);
        if (!d.ok) r.node(m, n, 'duration-syntax', `${k}: ${d.error}${d.suggestion ? `: write "${d.suggestion}"` : ''}.`);
      }
    }
  }
}

/**
 * Whether a Helm template inside the node prints braces (`{{ "{{" }} .TrustDomain {{ "}}" }}`):
 * the text between such actions is part of another template, rendered later.
 */
function printsBraces(file: ParsedFile, node: Node): boolean {
  const [s, e] = range(node);
  return file.templates.some(([a, b]) => a >= s && b <= e && /["`](\{\{|\}\})["`]/.test(file.text.slice(a, b)));
}

const ISTIO_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];

export function istio(r: Reporter, m: Manifest): void {
  if (m.kind === 'AuthorizationPolicy') {
    if (!m.apiVersion?.includes('istio.io')) return;
    for (const rule of items(get(m.root, 'spec', 'rules'))) {
      for (const from of items(get(rule, 'from'))) {
        for (const key of ['principals', 'notPrincipals']) {
          for (const p of strings(get(from, 'source', key))) {
            if (isUnknown(m.file, p.node)) continue;
            const v = p.value;
            let problem: string | undefined;
            if (v === '') {
              r.node(m, p.node, 'istio-principal-empty', `An empty ${key === 'principals' ? 'principal' : 'notPrincipals entry'}: Istio rejects the policy ("empty value not allowed"). Remove it or fill it in.`);
              continue;
            }
            if (v.startsWith('spiffe://')) problem = 'Istio principals omit "spiffe://": write ' + JSON.stringify(v.slice(9));
            else if (v !== '*' && v.includes('*') && !(v.startsWith('*') && !v.slice(1).includes('*')) && !(v.endsWith('*') && !v.slice(0, -1).includes('*'))) problem = '"*" may only stand alone, at the start or at the end';
            else if (!v.includes('*')) {
              const parsed = parseSpiffeId('spiffe://' + v);
              if (!parsed.ok) problem = parsed.error;
              else if (!/^\/ns\/[^/]+\/sa\/[^/]+$/.test(parsed.path)) problem = 'the form is <trust domain>/ns/<namespace>/sa/<service account>';
            }
            if (problem) {
              const at = valueOffsetMapper(m.file, p.node);
              const fix = v.startsWith('spiffe://') ? [{ title: 'Remove "spiffe://"', edits: [{ file: m.file.path, start: at(0), end: at(9), newText: '' }] }] : undefined;
              r.node(m, p.node, 'istio-principal', `Principal "${v}": ${problem}. Istio accepts it, but it never matches a peer's identity.`, fix);
            }
          }
        }
      }
    }
  }
  if (m.kind === 'PeerAuthentication') {
    if (!m.apiVersion?.includes('istio.io')) return;
    const modes: Node[] = [];
    const top = get(m.root, 'spec', 'mtls', 'mode');
    if (top) modes.push(top);
    for (const e of entries(get(m.root, 'spec', 'portLevelMtls'))) { const n = get(e.value, 'mode'); if (n) modes.push(n); }
    for (const n of modes) {
      const v = str(n) ?? '';
      if (!ISTIO_MODES.includes(v) && !isUnknown(m.file, n)) {
        const fixed = ISTIO_MODES.find((x) => x === v.toUpperCase());
        r.node(m, n, 'istio-mtls-mode', `mtls.mode "${v}" is not one of ${ISTIO_MODES.join(', ')}${fixed ? ' (modes are uppercase)' : ''}.`, fixed ? [{ title: `Change to ${fixed}`, edits: [{ file: m.file.path, start: range(n)[0], end: range(n)[1], newText: fixed }] }] : undefined);
      }
    }
  }
}

/** The workspace-level SPIFFE rules (SPIRE configuration and entries); per-object ones run per manifest. */
export function spiffeRules(r: Reporter, ws: Workspace): void {
  const servers = spire(r, ws);
  const svidServers = [...(ttlServers.get(ws) ?? []), ...spireHelmServers(ws)];
  entryLines(r, ws, servers, svidServers);
  registrationTtls(r, ws, svidServers);
}
