// The scaffold templates: the environment contract, TLS 1.3 minimum, client certificates
// required, ALLOWED_IDS, the health endpoint and rotation in every language; the manifests lint
// clean; the CLI's files, help and usage errors. (Real handshakes: test/interop/scaffold-interop.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main';
import { lintTexts } from '../../src/core/lint';
import {
  flaskServer, goClient, goServer, isAllowedId, nodeClient, nodeServer, parseAllowedIds, pythonClient, pythonServer, requestsClient, scaffold, scaffoldManifests,
  snippetFile, snippets, SNIPPET_LANGUAGES,
} from '../../src/core/scaffold';
import type { Lang, Role } from '../../src/core/scaffold';

const d = { certFile: '/certs/tls.crt', keyFile: '/certs/tls.key', caFile: '/certs/ca.crt', port: 8443, tlsMin: '1.3' as const };
const SERVERS: Record<string, string> = { go: goServer(d), python: pythonServer(d), flask: flaskServer(d), node: nodeServer(d, false), ts: nodeServer(d, true) };
const CLIENTS: Record<string, string> = { go: goClient(d), python: pythonClient(d), requests: requestsClient(d), node: nodeClient(d, false), ts: nodeClient(d, true) };

test('every server and client reads TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE (defaults under /certs), ALLOWED_IDS, TLS_MIN_VERSION', () => {
  for (const [name, code] of Object.entries({ ...SERVERS, ...Object.fromEntries(Object.entries(CLIENTS).map(([k, v]) => [`${k} client`, v])) })) {
    for (const v of ['TLS_CERT_FILE', 'TLS_KEY_FILE', 'TLS_CA_FILE', 'ALLOWED_IDS', 'TLS_MIN_VERSION']) assert.ok(code.includes(v), `${name}: ${v}`);
    for (const f of ['"/certs/tls.crt"', '"/certs/tls.key"', '"/certs/ca.crt"']) assert.ok(code.includes(f), `${name}: default ${f}`);
  }
  for (const [name, code] of Object.entries(SERVERS)) assert.ok(code.includes('PORT') && code.includes('8443'), `${name}: PORT, default 8443`);
  for (const [name, code] of Object.entries(CLIENTS)) assert.ok(code.includes('TLS_SERVER_NAME') && /\bURL\b/.test(code), `${name}: URL and TLS_SERVER_NAME`);
});

test('TLS 1.3 minimum by default, 1.2 only on request; servers require and verify client certificates', () => {
  assert.match(SERVERS.go, /tls\.VersionTLS13/);
  assert.match(SERVERS.go, /ClientAuth:\s+tls\.RequireAndVerifyClientCert/);
  for (const py of [SERVERS.python, SERVERS.flask]) {
    assert.match(py, /ssl\.TLSVersion\.TLSv1_3/);
    assert.match(py, /verify_mode = ssl\.CERT_REQUIRED/);
  }
  for (const n of [SERVERS.node, SERVERS.ts]) {
    assert.match(n, /'TLSv1\.3'/);
    assert.match(n, /requestCert: true, rejectUnauthorized: true/);
  }
  const twelve = scaffold({ lang: 'go', role: 'server', tlsMin: '1.2' }).find((f) => f.path === 'server/main.go')!.content;
  assert.match(twelve, /env\("TLS_MIN_VERSION", "1\.2"\)/);
});

test('peers are authorized by identity: URI SANs and DNS names against ALLOWED_IDS, refused with a log line and 403', () => {
  assert.deepEqual(parseAllowedIds(' spiffe://cluster.local/ns/a/sa/b, ,web.prod.svc ,'), ['spiffe://cluster.local/ns/a/sa/b', 'web.prod.svc']);
  assert.deepEqual(parseAllowedIds(''), []);
  assert.match(SERVERS.go, /cert\.URIs/);
  assert.match(SERVERS.go, /cert\.DNSNames/);
  for (const [name, code] of Object.entries(SERVERS)) {
    assert.match(code, /refused .*is not in ALLOWED_IDS/, `${name}: log line`);
    assert.match(code, /403|StatusForbidden/, `${name}: refusal`);
  }
  for (const [name, code] of Object.entries(CLIENTS)) assert.match(code, /server identity .*is not in ALLOWED_IDS/, `${name}: checks the server's identity`);
});

test('ALLOWED_IDS denies by default, * allows any client of the CA with a warning at start, identities are typed', () => {
  const GO = SERVERS.go;
  // Go: a URI entry matches cert.URIs only, a DNS entry cert.DNSNames only; "*" is explicit; empty allows nobody.
  assert.match(GO, /case strings\.Contains\(id, ":\/\/"\):\n\t\t\ta\.uris\[id\] = true/);
  assert.match(GO, /for _, u := range cert\.URIs \{\n\t\tif allowed\.uris\[u\.String\(\)\]/);
  assert.match(GO, /for _, n := range cert\.DNSNames \{\n\t\tif allowed\.dns\[strings\.ToLower\(n\)\]/);
  assert.match(GO, /if allowed\.any \{[\s\S]*?\n\t\}\n\treturn "", false\n\}/);
  for (const py of [SERVERS.python, SERVERS.flask, CLIENTS.python, CLIENTS.requests]) {
    assert.match(py, /for u in sans\(cert, "URI"\) if u in ALLOWED_URIS/);
    assert.match(py, /for n in sans\(cert, "DNS"\) if n\.lower\(\) in ALLOWED_DNS/);
    assert.match(py, /if ALLOW_ANY:[\s\S]*?\n    return None\n/);
  }
  for (const js of [SERVERS.node, SERVERS.ts, CLIENTS.node, CLIENTS.ts]) {
    assert.match(js, /sans\(cert, 'URI'\)\.find\(\(u\) => ALLOWED\.uris\.has\(u\)\)/);
    assert.match(js, /sans\(cert, 'DNS'\)\.find\(\(n\) => ALLOWED\.dns\.has\(n\.toLowerCase\(\)\)\)/);
    assert.match(js, /return ALLOWED\.any \? identities\(cert\)\[0\] \|\| '' : undefined;/);
  }
  for (const [name, code] of Object.entries(SERVERS)) {
    assert.match(code, /ALLOWED_IDS=\*: every client with a certificate from/, `${name}: warns about *`);
    assert.match(code, /ALLOWED_IDS is empty: every client is refused/, `${name}: warns that it refuses everyone`);
    assert.doesNotMatch(code, /any when ALLOWED_IDS is empty|ALLOWED_IDS is empty: every client with a certificate from .* is allowed/, name);
  }
  // Clients: an empty ALLOWED_IDS leaves the server name check alone (always made).
  assert.match(CLIENTS.go, /if _, ok := authorize\(cert\); !ok && !allowed\.empty\(\)/);
  for (const py of [CLIENTS.python, CLIENTS.requests]) assert.match(py, /if not ALLOWED_NONE and authorize\(peer_cert\) is None/);
  for (const js of [CLIENTS.node, CLIENTS.ts]) assert.match(js, /if \(!ALLOWED_NONE && authorize\(cert\) === undefined\)/);
  assert.ok(isAllowedId('spiffe://cluster.local/ns/shop/sa/orders') && isAllowedId('orders.shop.svc') && isAllowedId('*'));
  for (const bad of ['', 'spiffe://x/a\nb', 'a b', 'x,y', 'spiffe://', '"q"', '-bad.example']) assert.equal(isAllowedId(bad), false, JSON.stringify(bad));
});

test('manifests: ALLOWED_IDS set to the known callers; none known: a server gets a commented placeholder and denies; bad entries refused', () => {
  const env = (yaml: string) => {
    const dep = parseAllDocuments(yaml).map((x) => x.toJS()).find((x) => x.kind === 'Deployment');
    return Object.fromEntries(dep.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
  };
  const known = scaffoldManifests({ name: 'payment', namespace: 'prod', role: 'server', lang: 'python', allowedIds: [' spiffe://cluster.local/ns/shop/sa/orders', 'web.prod.svc '] });
  assert.equal(env(known).ALLOWED_IDS, 'spiffe://cluster.local/ns/shop/sa/orders,web.prod.svc');
  const none = scaffoldManifests({ name: 'payment', namespace: 'prod', role: 'server', lang: 'node', spiffeTrustDomain: 'example.org' });
  assert.equal(env(none).ALLOWED_IDS, '');
  assert.match(none, /^# ALLOWED_IDS is empty: the server refuses every client \(403\) until it lists the callers, e\.g\.\n#   value: spiffe:\/\/example\.org\/ns\/prod\/sa\/CALLER,caller\.prod\.svc\n/m);
  assert.deepEqual(lintTexts([{ path: 'k8s/payment.yaml', text: none }]).map((f) => f.code), []);
  assert.doesNotMatch(scaffoldManifests({ name: 'orders', namespace: 'shop', role: 'client', lang: 'go' }), /refuses every client/, 'a client checks the server name without ALLOWED_IDS');
  for (const bad of ['spiffe://x/a\n- kind: ClusterRoleBinding', 'a b', 'x"y'])
    assert.throws(() => scaffoldManifests({ name: 'payment', namespace: 'prod', role: 'server', lang: 'go', allowedIds: [bad] }), /ALLOWED_IDS entry .* is not a SPIFFE ID/);
});

test('health endpoint, rotation without restart, and advice for the usual handshake failures', () => {
  for (const [name, code] of Object.entries(SERVERS)) {
    assert.ok(code.includes('/healthz'), `${name}: /healthz`);
    assert.match(code, /reloaded certificate/, `${name}: reloads rotated files`);
  }
  assert.match(SERVERS.go, /GetConfigForClient/);
  assert.match(SERVERS.python, /reloader\.context\(\)\.wrap_socket/);
  assert.match(SERVERS.flask, /class ListeningContext\(ssl\.SSLContext\)[\s\S]*return reloader\.context\(\)\.wrap_socket/, 'flask: each connection gets the current context (no session from before a rotation)');
  assert.doesNotMatch(SERVERS.flask, /sni_callback/);
  assert.match(SERVERS.node, /setSecureContext/);
  for (const [name, code] of Object.entries({ ...SERVERS, ...CLIENTS })) assert.ok(code.includes('TLS_SERVER_NAME') || code.includes('requires a client certificate'), `${name}: hints`);
});

test('files per language, role and framework; the TypeScript variant is the JavaScript plus types', () => {
  const paths = (lang: Lang, role: Role, extra: object = {}) => scaffold({ lang, role, ...extra }).map((f) => f.path).sort();
  assert.deepEqual(paths('go', 'both'), ['README-mtls.md', 'client/main.go', 'go.mod', 'server/main.go']);
  assert.deepEqual(paths('python', 'server'), ['README-mtls.md', 'server.py']);
  assert.deepEqual(paths('python', 'both', { framework: 'flask' }), ['README-mtls.md', 'app.py', 'client_requests.py', 'requirements.txt']);
  assert.deepEqual(paths('node', 'client', { typescript: true }), ['README-mtls.md', 'client.ts']);
  assert.throws(() => scaffold({ lang: 'go', role: 'server', framework: 'flask' }), /Python/);
  assert.throws(() => scaffold({ lang: 'python', role: 'client', framework: 'flask' }), /requests/);
  assert.throws(() => scaffold({ lang: 'python', role: 'server', framework: 'requests' }), /flask/);
  const strip = (s: string) => s.replace(/\s+/g, '');
  assert.ok(SERVERS.ts.length > SERVERS.node.length);
  assert.ok(strip(SERVERS.ts).includes(strip("const MIN_VERSION: 'TLSv1.2' | 'TLSv1.3' =")));
  assert.match(scaffold({ lang: 'go', role: 'server', port: 9443, certDir: '/etc/tls/' })[1].content, /"\/etc\/tls\/tls\.crt"[\s\S]*"9443"/);
});

test('Deployment + Service + Certificate manifests: same mount path, env, port and names; lint clean', () => {
  for (const role of ['server', 'client', 'both'] as Role[]) {
    const yaml = scaffoldManifests({ name: 'payment', namespace: 'prod', role, lang: 'go', spiffeTrustDomain: 'cluster.local', allowedIds: ['spiffe://cluster.local/ns/shop/sa/orders'] });
    const docs = parseAllDocuments(yaml).map((x) => x.toJS());
    const kinds = docs.map((x) => x.kind);
    assert.ok(kinds.includes('Deployment') && kinds.includes('Certificate'), kinds.join());
    assert.equal(kinds.includes('Service'), role !== 'client');
    const cert = docs.find((x) => x.kind === 'Certificate' && x.metadata.name === 'payment-tls');
    const dep = docs.find((x) => x.kind === 'Deployment');
    assert.equal(dep.spec.template.spec.volumes[0].secret.secretName, cert.spec.secretName);
    const c = dep.spec.template.spec.containers[0];
    assert.equal(c.volumeMounts[0].mountPath, '/certs');
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    assert.equal(env.TLS_CERT_FILE, '/certs/tls.crt');
    assert.equal(env.ALLOWED_IDS, 'spiffe://cluster.local/ns/shop/sa/orders');
    assert.doesNotMatch(yaml, /refuses every client/);
    assert.ok(cert.spec.dnsNames.includes('payment.prod.svc'));
    assert.deepEqual(cert.spec.uris, ['spiffe://cluster.local/ns/prod/sa/payment']);
    if (role !== 'client') assert.equal(docs.find((x) => x.kind === 'Service').spec.ports[0].port, 8443);
    const findings = lintTexts([{ path: 'k8s/payment.yaml', text: yaml }]);
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), [], `${role}: lints clean`);
  }
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

test('CLI scaffold: writes runnable files and prints how to run them; help; usage errors exit 2; refuses to overwrite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-scaffold-cli-'));
  const r = await run('scaffold', '--lang', 'python', '--role', 'server', '--framework', 'flask', '--out', dir);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(join(dir, 'app.py')));
  assert.match(r.out, /wrote .*app\.py/);
  assert.match(r.out, /python3 app\.py/);
  assert.match(readFileSync(join(dir, 'app.py'), 'utf8'), /from flask import/);
  const again = await run('scaffold', '--lang', 'python', '--role', 'server', '--framework', 'flask', '--out', dir);
  assert.equal(again.code, 1);
  assert.match(again.err, /--force/);
  assert.equal((await run('scaffold', '--lang', 'python', '--role', 'server', '--framework', 'flask', '--out', dir, '--force')).code, 0);
  const help = await run('scaffold', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /--lang go\|python\|node/);
  for (const bad of [['--lang', 'rust', '--out', dir], ['--lang', 'go'], ['--lang', 'go', '--out', dir, '--bogus'], ['--lang', 'go', '--out', dir, '--framework', 'flask'], ['--lang', 'go', '--out', dir, '--port', 'x']]) {
    const b = await run('scaffold', ...bad);
    assert.equal(b.code, 2, bad.join(' '));
    assert.match(b.err, /^certwright scaffold: .*; run "certwright scaffold --help" for its options\n$/);
  }
  assert.match((await run('--help')).out, /scaffold/);
});

test('snippets: syntaxes/snippets/*.json are valid, contributed, shipped, and match the templates', () => {
  const root = join(__dirname, '../../..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed = new Map<string, string>(pkg.contributes.snippets.map((s: { language: string; path: string }) => [s.language, s.path]));
  assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!syntaxes\/snippets\/\*\.json$/m);
  for (const lang of SNIPPET_LANGUAGES) {
    assert.equal(contributed.get(lang), `./syntaxes/snippets/${lang}.json`);
    const text = readFileSync(join(root, 'syntaxes/snippets', `${lang}.json`), 'utf8');
    assert.equal(text, snippetFile(lang), `${lang}.json is stale: regenerate it from snippetFile('${lang}')`);
    const parsed = JSON.parse(text) as Record<string, { prefix: string; body: string[] }>;
    assert.ok(Object.values(parsed).some((s) => s.prefix === 'mtls-server'));
    for (const s of Object.values(parsed)) {
      // Every $ is escaped: the snippet inserts the code verbatim.
      assert.ok(s.body.every((l) => !/(^|[^\\])\$/.test(l.replace(/\\\\/g, ''))), `${lang} ${s.prefix}: unescaped $`);
      assert.ok(s.body.join('\n').includes('TLS_CERT_FILE'));
    }
  }
  const go = snippets('go')['mTLS server (Go net/http): client certificates required, ALLOWED_IDS, TLS 1.3, rotation'];
  assert.equal(go.body.join('\n').replace(/\\([$\\])/g, '$1') + '\n', goServer(d));
});
