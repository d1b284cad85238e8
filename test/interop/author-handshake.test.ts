// A real mutual-TLS handshake with generated certificates: openssl s_server requiring and
// verifying a client certificate (TLS 1.3), openssl s_client presenting one. It succeeds with a
// client certificate from the same CA, and fails without one, with one from another CA, or with
// a server-only certificate used as a client certificate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { makeCa, makeLeaf, tmp } from './author-support';

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

const servers: ChildProcess[] = [];
after(() => { for (const s of servers) s.kill('SIGKILL'); });

async function startServer(dir: string): Promise<{ port: number; log: () => string }> {
  const port = await freePort();
  const p = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'tls.crt'), '-key', join(dir, 'tls.key'), '-cert_chain', join(dir, 'tls.crt'),
    '-CAfile', join(dir, 'ca.crt'), '-Verify', '1', '-verify_return_error', '-tls1_3', '-www'], { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(p);
  let out = '';
  p.stdout!.on('data', (b) => { out += b; });
  p.stderr!.on('data', (b) => { out += b; });
  const deadline = Date.now() + 10_000;
  while (!/ACCEPT/.test(out)) {
    if (Date.now() > deadline || p.exitCode !== null) throw new Error(`s_server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, log: () => out };
}

/** s_client: verifies the server (CA file, host name), sends a request, returns what came back. */
function client(port: number, caFile: string, cert?: { dir: string }): { ok: boolean; out: string } {
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_3', '-CAfile', caFile, '-verify_return_error', '-verify_hostname', 'payment.prod.svc.cluster.local', '-ign_eof'];
  if (cert) args.push('-cert', join(cert.dir, 'tls.crt'), '-key', join(cert.dir, 'tls.key'), '-cert_chain', join(cert.dir, 'tls.crt'));
  const r = spawnSync('openssl', args, { input: 'GET / HTTP/1.0\r\n\r\n', encoding: 'utf8', timeout: 15_000 });
  const out = `${r.stdout}${r.stderr}`;
  return { ok: /HTTP\/1\.0 200 ok/i.test(out), out };
}

test('mTLS handshake (TLS 1.3): generated server and client certificates', { timeout: 90_000 }, async () => {
  const d = tmp('cw-mtls-');
  const root = await makeCa(join(d, 'root'), 'Mesh Root', { pathLength: 1 });
  const ca = await makeCa(join(d, 'ca'), 'Mesh Issuing CA', { parent: root });
  const other = await makeCa(join(d, 'other'), 'Someone Else CA');
  const server = await makeLeaf(join(d, 'server'), ca, 'payment', { dns: ['payment', 'payment.prod', 'payment.prod.svc', 'payment.prod.svc.cluster.local'] }, 'server');
  const goodClient = await makeLeaf(join(d, 'client'), ca, 'orders', { uris: ['spiffe://cluster.local/ns/shop/sa/orders'] }, 'client', 'ed25519');
  const mtlsClient = await makeLeaf(join(d, 'mtls'), ca, 'both', { dns: ['both.shop.svc'] }, 'mtls', 'rsa-2048');
  const foreign = await makeLeaf(join(d, 'foreign'), other, 'intruder', { dns: ['intruder'] }, 'client');
  const serverOnly = await makeLeaf(join(d, 'serveronly'), ca, 'server-only', { dns: ['x'] }, 'server');
  const { port, log } = await startServer(server);
  const caFile = join(server, 'ca.crt');

  const ok = client(port, caFile, { dir: goodClient });
  assert.ok(ok.ok, `client certificate from the same CA must be accepted:\n${ok.out}\n--- server:\n${log()}`);
  assert.match(ok.out, /Verify return code: 0 \(ok\)/);
  assert.match(ok.out, /TLSv1\.3/);
  const both = client(port, caFile, { dir: mtlsClient });
  assert.ok(both.ok, `an mTLS (server+client) certificate works as a client certificate:\n${both.out}`);

  const none = client(port, caFile);
  assert.ok(!none.ok, 'no client certificate must be refused');
  assert.match(none.out, /alert certificate required/);

  const bad = client(port, caFile, { dir: foreign });
  assert.ok(!bad.ok, 'a client certificate from another CA must be refused');
  const wrongPurpose = client(port, caFile, { dir: serverOnly });
  assert.ok(!wrongPurpose.ok, 'a server-only certificate must not pass as a client certificate');
  assert.match(bad.out, /alert unknown ca/);
  assert.match(wrongPurpose.out, /alert unsupported certificate/);

  // The client checks the server too: with another CA's root it refuses the server.
  const distrust = client(port, join(other, 'ca.crt'), { dir: goodClient });
  assert.ok(!distrust.ok);
  assert.match(distrust.out, /verify error|certificate verify failed/);
});
