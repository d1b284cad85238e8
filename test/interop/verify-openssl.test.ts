// `certwright verify` against `openssl verify -x509_strict`: chains made by openssl in a temp
// folder, each breaking one rule of RFC 5280 path validation, plus valid ECDSA (P-256, P-384,
// P-521), RSA (PKCS#1 v1.5 and PSS) and Ed25519 chains. The verdicts must agree, and ours must
// name the broken rule by its stable code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { openssl, tmp } from './author-support';

const d = tmp('cw-verify-');
const DAY = 86_400_000;

function run(args: string[]): string {
  const r = openssl(args);
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.out}`);
  return r.out;
}

type Alg = 'ec' | 'p384' | 'p521' | 'rsa' | 'ed25519';
const KEYGEN: Record<Alg, string[]> = {
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  p521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ed25519: ['-algorithm', 'ED25519'],
};
const keys = new Map<string, string>();
/** One key per algorithm and role is enough: the rules under test are not about key reuse. */
function key(alg: Alg, role: string): string {
  const k = `${alg}-${role}`;
  if (!keys.has(k)) {
    const file = join(d, `${k}.key`);
    run(['genpkey', ...KEYGEN[alg], '-out', file]);
    keys.set(k, file);
  }
  return keys.get(k)!;
}

const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash';
const LEAF_EXT = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:leaf.example.com';
let serial = 1;

interface Made { cert: string; key: string }

/** A certificate: self-signed when `issuer` is absent. `pss` signs with RSA-PSS. */
function make(name: string, o: { alg?: Alg; role?: string; ext: string; issuer?: Made; days?: number; pss?: boolean; cn?: string }): Made {
  const k = key(o.alg ?? 'ec', o.role ?? name);
  const csr = join(d, `${name}.csr`), ext = join(d, `${name}.ext`), cert = join(d, `${name}.pem`);
  run(['req', '-new', '-key', k, '-subj', `/O=Certwright Test/CN=${o.cn ?? name}`, '-out', csr]);
  writeFileSync(ext, `[v3]\n${o.ext}\n${o.issuer ? 'authorityKeyIdentifier=keyid:always\n' : ''}`);
  const sign = o.issuer ? ['-CA', o.issuer.cert, '-CAkey', o.issuer.key] : ['-signkey', k];
  const pss = o.pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sha256'] : [];
  run(['x509', '-req', '-in', csr, ...sign, ...pss, '-set_serial', String(serial++), '-days', String(o.days ?? 3650), '-extfile', ext, '-extensions', 'v3', '-out', cert]);
  return { cert, key: k };
}

interface Case {
  name: string;
  root: Made;
  untrusted?: Made[];
  leaf: Made;
  purpose?: 'server' | 'client';
  host?: string;
  ip?: string;
  /** Days from now at which to check. */
  atDays?: number;
  /** The code ours must report; undefined for a valid chain. */
  code?: string;
}

function chain(alg: Alg, pss = false, prefix = alg + (pss ? '-pss' : '')): { root: Made; inter: Made; leaf: Made } {
  const root = make(`${prefix}-root`, { alg, ext: CA_EXT, pss });
  const inter = make(`${prefix}-inter`, { alg, ext: CA_EXT, issuer: root, pss });
  const leaf = make(`${prefix}-leaf`, { alg, ext: LEAF_EXT, issuer: inter, pss, cn: 'leaf.example.com' });
  return { root, inter, leaf };
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const [alg, pss] of [['ec', false], ['p384', false], ['p521', false], ['rsa', false], ['rsa', true], ['ed25519', false]] as [Alg, boolean][]) {
    const c = chain(alg, pss);
    out.push({ name: `valid ${alg}${pss ? ' (RSA-PSS)' : ''} chain`, root: c.root, untrusted: [c.inter], leaf: c.leaf, purpose: 'server', host: 'leaf.example.com' });
  }
  const { root, inter, leaf } = chain('ec', false, 'base');
  const sub = (name: string, ext: string, o: { issuer?: Made; days?: number } = {}) => make(name, { ext, issuer: o.issuer ?? inter, days: o.days, role: 'leaf', cn: 'leaf.example.com' });
  const interWith = (name: string, ext: string, issuer = root) => make(name, { ext, issuer, role: 'inter' });
  out.push({ name: 'missing intermediate', root, leaf, code: 'unknown-issuer' });
  out.push({ name: 'root not trusted (another root given)', root: chain('ec', false, 'other').root, untrusted: [inter], leaf, code: 'unknown-issuer' });
  const shortLeaf = sub('short-leaf', LEAF_EXT, { days: 1 });
  out.push({ name: 'expired leaf', root, untrusted: [inter], leaf: shortLeaf, atDays: 3, code: 'expired' });
  out.push({ name: 'not yet valid', root, untrusted: [inter], leaf, atDays: -3, code: 'not-yet-valid' });
  const impostor = make('impostor-inter', { ext: CA_EXT, issuer: root, role: 'impostor', cn: 'base-inter' });
  out.push({ name: 'leaf signed by another key under the same issuer name', root, untrusted: [inter], leaf: sub('forged-leaf', LEAF_EXT, { issuer: impostor }), code: 'signature-invalid' });
  const notCa = interWith('not-ca-inter', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash');
  out.push({ name: 'intermediate with CA:FALSE', root, untrusted: [notCa], leaf: sub('under-not-ca', LEAF_EXT, { issuer: notCa }), code: 'not-a-ca' });
  const noKcs = interWith('no-kcs-inter', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,cRLSign\nsubjectKeyIdentifier=hash');
  out.push({ name: 'intermediate without keyCertSign', root, untrusted: [noKcs], leaf: sub('under-no-kcs', LEAF_EXT, { issuer: noKcs }), code: 'key-cert-sign-missing' });
  const root0 = make('pathlen0-root', { ext: 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash', role: 'root' });
  const under0 = interWith('pathlen-inter', CA_EXT, root0);
  out.push({ name: 'pathlen:0 root with an intermediate', root: root0, untrusted: [under0], leaf: sub('pathlen-leaf', LEAF_EXT, { issuer: under0 }), code: 'path-length-exceeded' });
  const nc = (name: string, constraint: string) => interWith(name, `${CA_EXT}\nnameConstraints=critical,${constraint}`);
  const ncLeaf = (name: string, issuer: Made, san: string) => sub(name, LEAF_EXT.replace('DNS:leaf.example.com', san), { issuer });
  const dnsNc = nc('nc-dns', 'permitted;DNS:example.com');
  out.push({ name: 'name constraints: DNS inside permitted', root, untrusted: [dnsNc], leaf: ncLeaf('nc-dns-ok', dnsNc, 'DNS:a.example.com') });
  out.push({ name: 'name constraints: DNS outside permitted', root, untrusted: [dnsNc], leaf: ncLeaf('nc-dns-bad', dnsNc, 'DNS:a.example.org'), code: 'name-constraint-violation' });
  const exNc = nc('nc-excluded', 'excluded;DNS:internal.example.com');
  out.push({ name: 'name constraints: DNS in excluded', root, untrusted: [exNc], leaf: ncLeaf('nc-ex-bad', exNc, 'DNS:db.internal.example.com'), code: 'name-constraint-violation' });
  const ipNc = nc('nc-ip', 'permitted;IP:10.0.0.0/255.0.0.0');
  out.push({ name: 'name constraints: IP inside permitted', root, untrusted: [ipNc], leaf: ncLeaf('nc-ip-ok', ipNc, 'IP:10.1.2.3') });
  out.push({ name: 'name constraints: IP outside permitted', root, untrusted: [ipNc], leaf: ncLeaf('nc-ip-bad', ipNc, 'IP:192.168.1.1'), code: 'name-constraint-violation' });
  const emailNc = nc('nc-email', 'permitted;email:example.com');
  out.push({ name: 'name constraints: email outside permitted', root, untrusted: [emailNc], leaf: ncLeaf('nc-email-bad', emailNc, 'DNS:leaf.example.com,email:a@evil.example'), code: 'name-constraint-violation' });
  const uriNc = nc('nc-uri', 'permitted;URI:.example.com');
  out.push({ name: 'name constraints: URI inside permitted', root, untrusted: [uriNc], leaf: ncLeaf('nc-uri-ok', uriNc, 'URI:https://svc.example.com/x') });
  out.push({ name: 'name constraints: URI outside permitted', root, untrusted: [uriNc], leaf: ncLeaf('nc-uri-bad', uriNc, 'URI:https://svc.evil.example/x'), code: 'name-constraint-violation' });
  const clientLeaf = sub('client-leaf', LEAF_EXT.replace('serverAuth,clientAuth', 'clientAuth'));
  out.push({ name: 'EKU: clientAuth leaf for a server', root, untrusted: [inter], leaf: clientLeaf, purpose: 'server', code: 'eku-mismatch' });
  out.push({ name: 'EKU: clientAuth leaf for a client', root, untrusted: [inter], leaf: clientLeaf, purpose: 'client' });
  const clientCa = interWith('client-only-inter', `${CA_EXT}\nextendedKeyUsage=clientAuth`);
  out.push({ name: 'EKU: a clientAuth-only CA restricts its subtree', root, untrusted: [clientCa], leaf: sub('under-client-ca', LEAF_EXT, { issuer: clientCa }), purpose: 'server', code: 'eku-mismatch' });
  out.push({ name: 'unknown critical extension', root, untrusted: [inter], leaf: sub('critical-leaf', `${LEAF_EXT}\n1.2.3.4=critical,ASN1:NULL`), code: 'unhandled-critical-extension' });
  out.push({ name: 'unknown non-critical extension', root, untrusted: [inter], leaf: sub('noncritical-leaf', `${LEAF_EXT}\n1.2.3.4=ASN1:NULL`) });
  out.push({ name: 'host name matches', root, untrusted: [inter], leaf, host: 'LEAF.example.com' });
  out.push({ name: 'host name mismatch', root, untrusted: [inter], leaf, host: 'other.example.com', code: 'hostname-mismatch' });
  const wild = sub('wild-leaf', LEAF_EXT.replace('DNS:leaf.example.com', 'DNS:*.example.com,IP:10.0.0.1'));
  out.push({ name: 'wildcard matches one label', root, untrusted: [inter], leaf: wild, host: 'a.example.com' });
  out.push({ name: 'wildcard does not match two labels', root, untrusted: [inter], leaf: wild, host: 'a.b.example.com', code: 'hostname-mismatch' });
  out.push({ name: 'wildcard does not match the bare domain', root, untrusted: [inter], leaf: wild, host: 'example.com', code: 'hostname-mismatch' });
  out.push({ name: 'IP SAN matches', root, untrusted: [inter], leaf: wild, ip: '10.0.0.1' });
  out.push({ name: 'IP SAN mismatch', root, untrusted: [inter], leaf: wild, ip: '10.0.0.2', code: 'hostname-mismatch' });
  return out;
}

async function ours(c: Case, at: Date): Promise<{ code: number; json: { valid: boolean; errors: { code: string; depth: number }[] } }> {
  const args = ['verify', '--json', '--ca', c.root.cert, '--at', at.toISOString()];
  for (const u of c.untrusted ?? []) args.push('--untrusted', u.cert);
  if (c.purpose) args.push('--purpose', c.purpose);
  if (c.host ?? c.ip) args.push('--name', (c.host ?? c.ip)!);
  let out = '', err = '';
  const code = await main([...args, c.leaf.cert], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  assert.ok(code === 0 || code === 1, `${c.name}: exit ${code}: ${err}`);
  return { code, json: JSON.parse(out) };
}

function theirs(c: Case, at: Date): { code: number; out: string } {
  const args = ['verify', '-x509_strict', '-no-CApath', '-no-CAstore', '-CAfile', c.root.cert, '-attime', String(Math.floor(at.getTime() / 1000))];
  for (const u of c.untrusted ?? []) args.push('-untrusted', u.cert);
  if (c.purpose) args.push('-purpose', c.purpose === 'server' ? 'sslserver' : 'sslclient');
  if (c.host) args.push('-verify_hostname', c.host);
  if (c.ip) args.push('-verify_ip', c.ip);
  return openssl([...args, c.leaf.cert]);
}

test('verify agrees with openssl verify -x509_strict on chains that each break one rule', { timeout: 300_000 }, async () => {
  const all = cases();
  const disagreements: string[] = [];
  for (const c of all) {
    const at = new Date(Date.now() + (c.atDays ?? 0) * DAY);
    const o = theirs(c, at);
    const r = await ours(c, at);
    const expectValid = c.code === undefined;
    if ((o.code === 0) !== expectValid) disagreements.push(`${c.name}: openssl says ${o.code === 0 ? 'valid' : 'invalid'} (${o.out.trim().split('\n').slice(-2).join(' / ')}), the case expects ${expectValid ? 'valid' : 'invalid'}`);
    if (r.json.valid !== expectValid || (r.code === 0) !== expectValid) disagreements.push(`${c.name}: ours says ${r.json.valid ? 'valid' : 'invalid'} (${JSON.stringify(r.json.errors)})`);
    if (c.code && !r.json.errors.some((e) => e.code === c.code)) disagreements.push(`${c.name}: expected code ${c.code}, got ${JSON.stringify(r.json.errors)}`);
  }
  assert.deepEqual(disagreements, []);
  assert.ok(all.filter((c) => c.code).length >= 15 && all.filter((c) => !c.code).length >= 10, 'cases of both verdicts');
});
