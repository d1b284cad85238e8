// The scaffold's servers and clients, as real processes on 127.0.0.1: every server (Go, Python
// standard library, Flask, Node) with every client (Go, Python standard library, requests, Node
// in JavaScript and TypeScript, curl, openssl s_client), the refusals (no client certificate,
// another CA, an identity outside ALLOWED_IDS, an expired certificate, a wrong server name), and
// certificate rotation without a restart. Certificates come from our authoring core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { HOUR_MS, issueCertificate } from '../../src/core/author';
import { scaffold } from '../../src/core/scaffold';
import type { ScaffoldOptions } from '../../src/core/scaffold';
import { readCaDir, writeAuthored } from '../../src/node/author-files';
import { makeCa, makeLeaf, tmp } from './author-support';

const PY = '/usr/bin/python3';
const SERVER_NAME = 'payment.prod.svc';
const SERVER_ID = 'spiffe://cluster.local/ns/prod/sa/payment';
const CLIENT_ID = 'spiffe://cluster.local/ns/shop/sa/orders';

const d = tmp('cw-scaffold-');
const procs: ChildProcess[] = [];
after(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(d, { recursive: true, force: true });
});

let ca = '', other = '', server = '', client = '', intruder = '', foreign = '', expired = '', spoof = '';
const code = join(d, 'code');

function write(dir: string, o: ScaffoldOptions): void {
  for (const f of scaffold(o)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
}

before(async () => {
  // Made three days ago, so that it can issue the expired client certificate below (authoring
  // refuses to issue from a CA that is not yet valid at the issuing time).
  ca = await makeCa(join(d, 'ca'), 'Mesh CA', { now: new Date(Date.now() - 72 * HOUR_MS) });
  other = await makeCa(join(d, 'other'), 'Someone Else CA');
  server = await makeLeaf(join(d, 'server'), ca, 'payment', { dns: [SERVER_NAME, 'localhost'], uris: [SERVER_ID] }, 'server');
  client = await makeLeaf(join(d, 'client'), ca, 'orders', { uris: [CLIENT_ID], dns: ['orders.shop.svc'] }, 'client');
  intruder = await makeLeaf(join(d, 'intruder'), ca, 'intruder', { uris: ['spiffe://cluster.local/ns/shop/sa/intruder'] }, 'client');
  foreign = await makeLeaf(join(d, 'foreign'), other, 'orders', { uris: [CLIENT_ID] }, 'client');
  const old = await issueCertificate({ ca: await readCaDir(ca), commonName: 'orders', san: { uris: [CLIENT_ID] }, profile: 'client', keyType: 'ecdsa-p256', validityMs: HOUR_MS, now: new Date(Date.now() - 48 * HOUR_MS) });
  await writeAuthored(join(d, 'expired'), old, { keyName: 'tls.key' });
  expired = join(d, 'expired');
  // A client certificate whose DNS SAN spells the allowed SPIFFE ID (our authoring core refuses
  // to write one: openssl does).
  spoof = join(d, 'spoof');
  mkdirSync(spoof);
  cpSync(join(ca, 'ca.crt'), join(spoof, 'ca.crt'));
  writeFileSync(join(d, 'spoof.ext'), `subjectAltName=DNS:${CLIENT_ID}\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n`);
  for (const args of [
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(spoof, 'tls.key'), '-subj', '/CN=spoof', '-out', join(d, 'spoof.csr')],
    ['x509', '-req', '-in', join(d, 'spoof.csr'), '-CA', join(ca, 'ca.crt'), '-CAkey', join(ca, 'ca.key'), '-days', '1', '-extfile', join(d, 'spoof.ext'), '-out', join(spoof, 'tls.crt')],
  ]) {
    const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
  }

  write(join(code, 'go'), { lang: 'go', role: 'both' });
  write(join(code, 'py'), { lang: 'python', role: 'both' });
  write(join(code, 'flask'), { lang: 'python', role: 'both', framework: 'flask' });
  write(join(code, 'node'), { lang: 'node', role: 'both' });
  write(join(code, 'ts'), { lang: 'node', role: 'client', typescript: true });
  const ts = scaffold({ lang: 'node', role: 'client', typescript: true }).find((f) => f.path === 'client.ts')!;
  // The TypeScript client with its types stripped (esbuild's CLI: its API cannot be bundled).
  const strip = spawnSync(join(__dirname, '../../../node_modules/.bin/esbuild'), ['--loader=ts', '--format=esm'], { input: ts.content, encoding: 'utf8', timeout: 30_000 });
  assert.equal(strip.status, 0, strip.stderr);
  writeFileSync(join(code, 'ts', 'client-ts.mjs'), strip.stdout);
  const gocache = join(d, 'gocache');
  const b = spawnSync('go', ['build', '-o', 'bin/', './...'], {
    cwd: join(code, 'go'), encoding: 'utf8', timeout: 150_000,
    env: { ...process.env, GOCACHE: gocache, GOPATH: join(d, 'gopath'), GOFLAGS: '', GO111MODULE: 'on', GOPROXY: 'off', GOTOOLCHAIN: 'local' },
  });
  assert.equal(b.status, 0, `go build failed: ${b.stdout}${b.stderr}`);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

const tlsEnv = (dir: string, allowed: string) => ({ TLS_CERT_FILE: join(dir, 'tls.crt'), TLS_KEY_FILE: join(dir, 'tls.key'), TLS_CA_FILE: join(dir, 'ca.crt'), ALLOWED_IDS: allowed });

type ServerName = 'go' | 'python' | 'flask' | 'node';
const SERVERS: Record<ServerName, () => [string, string[]]> = {
  go: () => [join(code, 'go/bin/server'), []],
  python: () => [PY, [join(code, 'py/server.py')]],
  flask: () => [PY, [join(code, 'flask/app.py')]],
  node: () => [process.execPath, [join(code, 'node/server.mjs')]],
};

interface Running { port: number; log: () => string; stop: () => void }

async function startServer(name: ServerName, certDir: string, allowed = CLIENT_ID): Promise<Running> {
  const port = await freePort();
  const [cmd, args] = SERVERS[name]();
  const p = spawn(cmd, args, { env: { ...process.env, ...tlsEnv(certDir, allowed), PORT: String(port), HOST: '127.0.0.1', PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(p);
  let out = '';
  p.stdout!.on('data', (b) => { out += b; });
  p.stderr!.on('data', (b) => { out += b; });
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (Date.now() > deadline || p.exitCode !== null) { p.kill('SIGKILL'); throw new Error(`${name} server did not start: ${out}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, log: () => out, stop: () => p.kill('SIGKILL') };
}

function run(cmd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    procs.push(p);
    let out = '';
    p.stdout!.on('data', (b) => { out += b; });
    p.stderr!.on('data', (b) => { out += b; });
    if (input !== undefined) p.stdin!.end(input);
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('close', (c) => { clearTimeout(timer); resolve({ code: c ?? -1, out }); });
  });
}

type ClientName = 'go' | 'python' | 'requests' | 'node' | 'node-ts' | 'curl' | 'openssl';
interface Call { certDir?: string; serverName?: string; allowed?: string }

/** One request; ok = the client exited 0 and printed the client identity the server verified. */
async function call(name: ClientName, port: number, c: Call = {}): Promise<{ ok: boolean; out: string }> {
  const certDir = c.certDir === undefined ? client : c.certDir;
  const serverName = c.serverName ?? SERVER_NAME;
  const url = `https://127.0.0.1:${port}/`;
  const env = { ...tlsEnv(certDir || client, c.allowed ?? SERVER_ID), TLS_SERVER_NAME: serverName };
  let r: { code: number; out: string };
  switch (name) {
    case 'go': r = await run(join(code, 'go/bin/client'), [url], env); break;
    case 'python': r = await run(PY, [join(code, 'py/client.py'), url], env); break;
    case 'requests': r = await run(PY, [join(code, 'flask/client_requests.py')], { ...env, URL: url }); break;
    case 'node': r = await run(process.execPath, [join(code, 'node/client.mjs'), url], env); break;
    case 'node-ts': r = await run(process.execPath, [join(code, 'ts/client-ts.mjs'), url], env); break;
    case 'curl': {
      const cert = certDir ? ['--cert', join(certDir, 'tls.crt'), '--key', join(certDir, 'tls.key')] : [];
      r = await run('curl', ['-sS', '--fail', '--tlsv1.3', '--max-time', '15', '--cacert', join(client, 'ca.crt'), ...cert, '--resolve', `${serverName}:${port}:127.0.0.1`, `https://${serverName}:${port}/`]);
      break;
    }
    case 'openssl': {
      const cert = certDir ? ['-cert', join(certDir, 'tls.crt'), '-key', join(certDir, 'tls.key')] : [];
      r = await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_3', '-CAfile', join(client, 'ca.crt'), '-verify_return_error', '-servername', serverName, '-verify_hostname', serverName, '-ign_eof', ...cert],
        {}, `GET / HTTP/1.1\r\nHost: ${serverName}\r\nConnection: close\r\n\r\n`);
      // Exit status aside: s_client reports an unexpected EOF when a server closes without close_notify.
      return { ok: /Verify return code: 0 \(ok\)/.test(r.out) && /HTTP\/1\.[01] 200/.test(r.out) && r.out.includes(CLIENT_ID), out: r.out };
    }
  }
  return { ok: r.code === 0 && r.out.includes('"peer"') && r.out.includes(CLIENT_ID), out: r.out };
}

const CLIENTS: ClientName[] = ['go', 'python', 'requests', 'node', 'node-ts', 'curl', 'openssl'];
const SERVER_NAMES: ServerName[] = ['go', 'python', 'flask', 'node'];

for (const s of SERVER_NAMES) {
  test(`${s} server: every client handshakes and is identified; refusals`, { timeout: 120_000 }, async () => {
    const srv = await startServer(s, server);
    try {
      for (const c of CLIENTS) {
        const r = await call(c, srv.port);
        assert.ok(r.ok, `${c} client -> ${s} server should succeed:\n${r.out}\nserver log:\n${srv.log()}`);
      }
      const refused = async (what: string, c: ClientName, o: Call) => {
        const r = await call(c, srv.port, o);
        assert.ok(!r.ok && !r.out.includes('"peer"'), `${what} (${c} client -> ${s} server) must be refused:\n${r.out}`);
        return r.out;
      };
      await refused('no client certificate', 'curl', { certDir: '' });
      await refused('no client certificate', 'openssl', { certDir: '' });
      await refused('client certificate from another CA', 'node', { certDir: foreign });
      await refused('client certificate from another CA', 'python', { certDir: foreign });
      const out = await refused('client identity outside ALLOWED_IDS', 'go', { certDir: intruder });
      assert.match(out, /403|forbidden/i);
      await refused('client identity outside ALLOWED_IDS', 'requests', { certDir: intruder });
      await refused('expired client certificate', 'go', { certDir: expired });
      await refused('expired client certificate', 'curl', { certDir: expired });
      assert.match(srv.log(), /ALLOWED_IDS/, `the ${s} server logs the refused identity:\n${srv.log()}`);
    } finally {
      srv.stop();
    }
  });
}

test('clients refuse a server whose certificate does not name the host, or whose identity is not allowed', { timeout: 120_000 }, async () => {
  const srv = await startServer('go', server);
  try {
    for (const c of CLIENTS) {
      const r = await call(c, srv.port, { serverName: 'billing.prod.svc' });
      assert.ok(!r.ok, `${c} client must refuse a server certificate without billing.prod.svc:\n${r.out}`);
    }
    for (const c of ['go', 'python', 'requests', 'node', 'node-ts'] as ClientName[]) {
      const r = await call(c, srv.port, { allowed: 'spiffe://cluster.local/ns/prod/sa/billing' });
      assert.ok(!r.ok, `${c} client must refuse a server identity outside ALLOWED_IDS:\n${r.out}`);
      assert.match(r.out, /ALLOWED_IDS/);
    }
    const hint = await call('go', srv.port, { serverName: 'billing.prod.svc' });
    assert.match(hint.out, /TLS_SERVER_NAME/, 'the failure comes with advice');
  } finally {
    srv.stop();
  }
});

function serverSerial(out: string): string {
  const pem = out.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
  assert.ok(pem, `no server certificate in:\n${out}`);
  return new X509Certificate(pem[0]).serialNumber;
}

for (const s of SERVER_NAMES) {
  test(`${s} server picks up rotated certificate files without a restart`, { timeout: 60_000 }, async () => {
    const dir = join(d, `rotate-${s}`);
    cpSync(server, dir, { recursive: true });
    const srv = await startServer(s, dir);
    try {
      const first = await call('openssl', srv.port);
      assert.ok(first.ok, first.out);
      const before = serverSerial(first.out);
      const next = await issueCertificate({ ca: await readCaDir(ca), commonName: 'payment', san: { dns: [SERVER_NAME], uris: [SERVER_ID] }, profile: 'server', keyType: 'ecdsa-p256' });
      const staged = join(d, `staged-${s}`);
      await writeAuthored(staged, next, { keyName: 'tls.key' });
      // Replaced the way the kubelet updates a mounted Secret: new files renamed into place.
      renameSync(join(staged, 'tls.key'), join(dir, 'tls.key'));
      renameSync(join(staged, 'tls.crt'), join(dir, 'tls.crt'));
      const expected = new X509Certificate(next.files['tls.crt']).serialNumber;
      assert.notEqual(expected, before);
      const second = await call('openssl', srv.port);
      assert.ok(second.ok, second.out);
      assert.equal(serverSerial(second.out), expected, `the next connection to the ${s} server must see the new serial\n${srv.log()}`);
      const again = await call(s === 'go' ? 'python' : 'go', srv.port);
      assert.ok(again.ok, again.out);
    } finally {
      srv.stop();
    }
  });
}

for (const s of SERVER_NAMES) {
  test(`${s} server: ALLOWED_IDS denies by default, * allows any client of the CA with a warning, identities are typed`, { timeout: 120_000 }, async () => {
    const blank = await startServer(s, server, '  , ');
    try {
      const r = await call('go', blank.port);
      assert.ok(!r.ok && !r.out.includes('"peer"'), `blank ALLOWED_IDS: the ${s} server must refuse every client:\n${r.out}`);
      assert.match(r.out, /403|forbidden/i);
      assert.ok(!(await call('node', blank.port)).ok, `blank ALLOWED_IDS: ${s} must refuse the node client too`);
      assert.match(blank.log(), /ALLOWED_IDS is empty: every client is refused/, `the ${s} server warns at start:\n${blank.log()}`);
    } finally {
      blank.stop();
    }
    const any = await startServer(s, server, '*');
    try {
      assert.ok((await call('python', any.port)).ok, `ALLOWED_IDS=*: the ${s} server allows the client`);
      const r = await call('go', any.port, { certDir: intruder });
      assert.ok(r.out.includes('"peer"') && r.out.includes('spiffe://cluster.local/ns/shop/sa/intruder'), `ALLOWED_IDS=*: the ${s} server allows any client of the CA:\n${r.out}`);
      assert.ok(!(await call('node', any.port, { certDir: foreign })).ok, `ALLOWED_IDS=*: the ${s} server still refuses another CA's client`);
      assert.match(any.log(), /WARNING: ALLOWED_IDS=\*: every client with a certificate from .* is allowed/, `the ${s} server warns at start:\n${any.log()}`);
    } finally {
      any.stop();
    }
    // The spoof's only SAN is a DNS name spelling CLIENT_ID; the server allows CLIENT_ID (a SPIFFE ID).
    const typed = await startServer(s, server, CLIENT_ID);
    try {
      for (const c of ['go', 'python', 'node'] as ClientName[]) {
        const r = await call(c, typed.port, { certDir: spoof });
        assert.ok(!r.out.includes('"peer"'), `a DNS SAN spelled like the allowed SPIFFE ID must be refused (${c} client -> ${s} server):\n${r.out}`);
        assert.match(r.out, /403|forbidden/i);
      }
    } finally {
      typed.stop();
    }
    // A DNS entry matches the DNS SAN, not a URI: the client's orders.shop.svc is allowed.
    const dns = await startServer(s, server, 'ORDERS.shop.svc, spiffe://cluster.local/ns/shop/sa/other');
    try {
      const r = await call('requests', dns.port);
      assert.match(r.out, /"peer": ?"orders\.shop\.svc"/, `a DNS entry allows the DNS SAN (${s} server):\n${r.out}`);
    } finally {
      dns.stop();
    }
  });
}

/** openssl s_client with a client certificate, saving or resuming a TLS session. */
async function sessionCall(port: number, certDir: string, sess: { out?: string; in?: string }): Promise<{ ok: boolean; reused: boolean; out: string }> {
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_3', '-CAfile', join(client, 'ca.crt'), '-servername', SERVER_NAME, '-ign_eof',
    '-cert', join(certDir, 'tls.crt'), '-key', join(certDir, 'tls.key'), ...(sess.out ? ['-sess_out', sess.out] : []), ...(sess.in ? ['-sess_in', sess.in] : [])];
  const r = await run('openssl', args, {}, `GET / HTTP/1.1\r\nHost: ${SERVER_NAME}\r\nConnection: close\r\n\r\n`);
  return { ok: /HTTP\/1\.[01] 200/.test(r.out) && r.out.includes(CLIENT_ID), reused: /^Reused,/m.test(r.out), out: r.out };
}

for (const s of SERVER_NAMES) {
  test(`${s} server: a TLS session from before a CA rotation is not resumed`, { timeout: 60_000 }, async () => {
    const dir = join(d, `resume-${s}`);
    cpSync(server, dir, { recursive: true });
    const sess = join(d, `resume-${s}.pem`);
    const srv = await startServer(s, dir);
    try {
      const first = await sessionCall(srv.port, client, { out: sess });
      assert.ok(first.ok, first.out);
      const resumed = await sessionCall(srv.port, client, { in: sess });
      assert.ok(resumed.ok && resumed.reused, `the ${s} server resumes a session before the rotation:\n${resumed.out}`);
      // The CA that signed the client is rotated out of TLS_CA_FILE (renamed into place, as the kubelet does).
      cpSync(join(other, 'ca.crt'), join(dir, 'ca.next'));
      renameSync(join(dir, 'ca.next'), join(dir, 'ca.crt'));
      const after = await sessionCall(srv.port, client, { in: sess });
      assert.ok(!after.ok && !after.reused, `the ${s} server must not resume a session of a client its CA no longer signs:\n${after.out}\nserver log:\n${srv.log()}`);
    } finally {
      srv.stop();
    }
  });
}
