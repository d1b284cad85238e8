// Files written safely (#13): links at the target are replaced, never written through; a
// dangling link is "exists"; keys are 0600 from creation; a failed write leaves no empty key
// and no temporary file, prints one line, and the next run succeeds. CLI (issue, ca create,
// csr, sign, scaffold) and the writer itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDirs } from './cli-helpers';
import { writerFs, writeFilesSafely, FileExistsError, WriteFailedError } from '../../src/node/safe-write';

const run = runCli;
const tmp = tempDirs('cw-safe-');
const mode = (p: string) => statSync(p).mode & 0o777;
const oneLine = (err: string) => assert.ok(/^certwright [a-z ]+: [^\n]+\n$/.test(err) && !/\n\s+at /.test(err), `one clean line: ${JSON.stringify(err)}`);
const noTemps = (dir: string) => assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], `no temporary files left in ${dir}`);

/** A CA in `d/ca`, for the issue tests. */
async function makeCa(d: string): Promise<string> {
  const r = await run('ca', 'create', '--out', join(d, 'ca'), '--cn', 'Safe Root');
  assert.equal(r.code, 0, r.err);
  return join(d, 'ca');
}

/** Temporarily replaces one of the writer's fs calls. */
async function withFs<K extends keyof typeof writerFs>(name: K, fake: (typeof writerFs)[K], fn: () => Promise<void>): Promise<void> {
  const real = writerFs[name];
  writerFs[name] = fake;
  try {
    await fn();
  } finally {
    writerFs[name] = real;
  }
}

test('issue --force over a symlink planted at tls.key replaces the link: the file it pointed to (another user\'s) keeps its content and inode', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  const out = join(d, 'out');
  mkdirSync(out);
  const victim = join(d, 'victim.txt');
  writeFileSync(victim, 'owned by someone else\n', { mode: 0o644 });
  const before = statSync(victim);
  symlinkSync(victim, join(out, 'tls.key'));
  const refused = await run('issue', '--ca', ca, '--out', out, '--cn', 'a', '--dns', 'a');
  assert.equal(refused.code, 1, 'without --force a link is "exists"');
  assert.match(refused.err, /refusing to overwrite .*tls\.key.*--force/);
  const r = await run('issue', '--ca', ca, '--out', out, '--cn', 'a', '--dns', 'a', '--force');
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(victim, 'utf8'), 'owned by someone else\n');
  const afterStat = statSync(victim);
  assert.equal(afterStat.ino, before.ino);
  assert.equal(afterStat.mode, before.mode);
  const key = lstatSync(join(out, 'tls.key'));
  assert.ok(key.isFile() && !key.isSymbolicLink(), 'tls.key is now a regular file');
  assert.equal(key.mode & 0o777, 0o600);
  assert.match(readFileSync(join(out, 'tls.key'), 'utf8'), /BEGIN PRIVATE KEY/);
  noTemps(out);
});

test('a dangling tls.crt link is "exists" without --force, and with --force is replaced: no file is created where it pointed', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  const out = join(d, 'out');
  mkdirSync(out);
  const outside = join(d, 'elsewhere', 'planted.crt');
  mkdirSync(join(d, 'elsewhere'));
  symlinkSync(outside, join(out, 'tls.crt'));
  const refused = await run('issue', '--ca', ca, '--out', out, '--cn', 'b', '--dns', 'b');
  assert.equal(refused.code, 1);
  assert.match(refused.err, /tls\.crt/);
  assert.ok(!existsSync(outside) && !existsSync(join(out, 'tls.key')), 'nothing written');
  const r = await run('issue', '--ca', ca, '--out', out, '--cn', 'b', '--dns', 'b', '--force');
  assert.equal(r.code, 0, r.err);
  assert.ok(!existsSync(outside), 'the link target was not created');
  assert.ok(!lstatSync(join(out, 'tls.crt')).isSymbolicLink());
  assert.match(readFileSync(join(out, 'tls.crt'), 'utf8'), /BEGIN CERTIFICATE/);
});

test('an old 0644 tls.key under umask 0: the new key lives in a new inode created 0600 with O_CREAT|O_EXCL|O_NOFOLLOW before a byte is written', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  const out = join(d, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'tls.key'), 'old key\n', { mode: 0o644 });
  const oldIno = statSync(join(out, 'tls.key')).ino;
  const opens: Array<{ path: string; flags: number; mode: number; written: boolean }> = [];
  let lastOpen: (typeof opens)[number] | undefined;
  const realOpen = writerFs.openSync;
  const realWrite = writerFs.writeSync;
  const previous = process.umask(0);
  try {
    await withFs('openSync', ((p: string, flags: number, m: number) => {
      lastOpen = { path: p, flags, mode: m, written: false };
      opens.push(lastOpen);
      return realOpen(p, flags, m);
    }) as typeof writerFs.openSync, () => withFs('writeSync', ((fd: number, ...rest: unknown[]) => {
      // The file's mode when its first byte is written:
      if (lastOpen && !lastOpen.written) { lastOpen.written = true; assert.equal(mode(lastOpen.path), lastOpen.mode); }
      return (realWrite as (...a: unknown[]) => number)(fd, ...rest);
    }) as typeof writerFs.writeSync, async () => {
      const r = await run('issue', '--ca', ca, '--out', out, '--cn', 'c', '--dns', 'c', '--force');
      assert.equal(r.code, 0, r.err);
    }));
  } finally {
    process.umask(previous);
  }
  const keyOpen = opens.find((o) => /\.tls\.key\.[0-9a-f]+\.tmp$/.test(o.path));
  assert.ok(keyOpen, 'the key went to a temporary file next to tls.key');
  const want = constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_WRONLY;
  assert.equal(keyOpen.flags & want, want);
  assert.equal(keyOpen.mode, 0o600);
  assert.equal(mode(join(out, 'tls.key')), 0o600);
  assert.notEqual(statSync(join(out, 'tls.key')).ino, oldIno, 'renamed over the old file, not written into it');
  assert.equal(mode(join(out, 'tls.crt')), 0o644);
});

test('ENOSPC while writing tls.key: one line naming the path, no tls.key (empty or not), no temporary file; the next run succeeds', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  const out = join(d, 'out');
  const realWrite = writerFs.writeSync;
  await withFs('writeSync', ((fd: number, ...rest: unknown[]) => {
    const err = Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    void fd; void rest; void realWrite;
    throw err;
  }) as typeof writerFs.writeSync, async () => {
    const r = await run('issue', '--ca', ca, '--out', out, '--cn', 'e', '--dns', 'e');
    assert.equal(r.code, 2);
    oneLine(r.err);
    assert.equal(r.err, `certwright issue: cannot write ${join(out, 'tls.key')}: no space left on device (ENOSPC); free space and run again\n`);
  });
  assert.ok(!existsSync(join(out, 'tls.key')) && !existsSync(join(out, 'tls.crt')), 'nothing left behind');
  noTemps(out);
  const again = await run('issue', '--ca', ca, '--out', out, '--cn', 'e', '--dns', 'e');
  assert.equal(again.code, 0, again.err);
  assert.equal(mode(join(out, 'tls.key')), 0o600);
});

test('ENOSPC on --force keeps the old files whole; EACCES on the folder is one line too', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  const out = join(d, 'out');
  assert.equal((await run('issue', '--ca', ca, '--out', out, '--cn', 'f', '--dns', 'f')).code, 0);
  const oldKey = readFileSync(join(out, 'tls.key'), 'utf8');
  let calls = 0;
  const realWrite = writerFs.writeSync;
  await withFs('writeSync', ((...a: unknown[]) => {
    if (++calls === 2) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }); // the second file
    return (realWrite as (...x: unknown[]) => number)(...a);
  }) as typeof writerFs.writeSync, async () => {
    const r = await run('issue', '--ca', ca, '--out', out, '--cn', 'g', '--dns', 'g', '--force');
    assert.equal(r.code, 2);
    oneLine(r.err);
  });
  assert.equal(readFileSync(join(out, 'tls.key'), 'utf8'), oldKey, 'no file replaced before every temporary file was complete');
  noTemps(out);
  await withFs('openSync', (() => { throw Object.assign(new Error('EACCES: permission denied, open \'/x\''), { code: 'EACCES' }); }) as typeof writerFs.openSync, async () => {
    const r = await run('csr', '--out', join(d, 'req'), '--cn', 'h', '--dns', 'h');
    assert.equal(r.code, 2);
    oneLine(r.err);
    assert.match(r.err, /cannot write .*tls\.key: permission denied \(EACCES\); check the folder's permissions/);
  });
});

test('sign and ca create go through the same writer: a planted link is refused, and replaced (not followed) with --force', async () => {
  const d = tmp();
  const ca = await makeCa(d);
  assert.equal((await run('csr', '--out', join(d, 'req'), '--cn', 's', '--dns', 's')).code, 0);
  const out = join(d, 'signed');
  mkdirSync(out);
  const victim = join(d, 'victim.crt');
  writeFileSync(victim, 'keep\n');
  symlinkSync(victim, join(out, 'ca.crt'));
  assert.equal((await run('sign', '--ca', ca, '--csr', join(d, 'req/tls.csr'), '--out', out)).code, 1);
  assert.equal((await run('sign', '--ca', ca, '--csr', join(d, 'req/tls.csr'), '--out', out, '--force')).code, 0);
  assert.equal(readFileSync(victim, 'utf8'), 'keep\n');
  const caOut = join(d, 'ca2');
  mkdirSync(caOut);
  symlinkSync(victim, join(caOut, 'ca.key'));
  assert.equal((await run('ca', 'create', '--out', caOut, '--cn', 'Two', '--force')).code, 0);
  assert.equal(readFileSync(victim, 'utf8'), 'keep\n');
  assert.equal(mode(join(caOut, 'ca.key')), 0o600);
});

test('scaffold: a dangling link is "exists" without --force (nothing written through it), replaced with --force; a linked subfolder is refused', async () => {
  const d = tmp();
  const out = join(d, 'app');
  mkdirSync(out);
  const outside = join(d, 'outside.py');
  symlinkSync(outside, join(out, 'server.py'));
  const r = await run('scaffold', '--lang', 'python', '--role', 'server', '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.err, /server\.py already exist.*--force/);
  assert.ok(!existsSync(outside));
  assert.deepEqual(readdirSync(out), ['server.py'], 'nothing else written');
  const forced = await run('scaffold', '--lang', 'python', '--role', 'server', '--out', out, '--force');
  assert.equal(forced.code, 0, forced.err);
  assert.ok(!existsSync(outside));
  assert.ok(lstatSync(join(out, 'server.py')).isFile());
  assert.equal(mode(join(out, 'server.py')), 0o755);
  // Go writes server/main.go: a link at server/ pointing elsewhere is never followed.
  const go = join(d, 'go');
  mkdirSync(go);
  mkdirSync(join(d, 'target'));
  symlinkSync(join(d, 'target'), join(go, 'server'));
  const g = await run('scaffold', '--lang', 'go', '--role', 'server', '--out', go, '--force');
  assert.equal(g.code, 2);
  oneLine(g.err);
  assert.match(g.err, /cannot write .*server: a part of the path is a symbolic link \(ELOOP\)/);
  assert.deepEqual(readdirSync(join(d, 'target')), []);
});

test('writeFilesSafely: refuses a folder in the way, reports paths relative to the base, and link() catches a file that appears after the check', () => {
  const d = tmp();
  mkdirSync(join(d, 'x.crt'));
  assert.throws(() => writeFilesSafely(d, [{ path: join(d, 'x.crt'), content: 'c', mode: 0o644 }], { overwrite: true, base: d }),
    (e: unknown) => e instanceof WriteFailedError && e.message === 'cannot write x.crt: a folder is in the way (EISDIR); remove it or choose another folder');
  const realLink = writerFs.linkSync;
  writerFs.linkSync = ((a: string, b: string) => { writeFileSync(b, 'raced'); return realLink(a, b); }) as typeof writerFs.linkSync;
  try {
    assert.throws(() => writeFilesSafely(d, [{ path: join(d, 'y.crt'), content: 'c', mode: 0o644 }], { base: d }), (e: unknown) => e instanceof FileExistsError && e.shown[0] === 'y.crt');
  } finally {
    writerFs.linkSync = realLink;
  }
  assert.equal(readFileSync(join(d, 'y.crt'), 'utf8'), 'raced');
  // Without hard links (FAT, some mounts): checked again, then renamed.
  writerFs.linkSync = (() => { throw Object.assign(new Error('EPERM'), { code: 'EPERM' }); }) as typeof writerFs.linkSync;
  try {
    assert.deepEqual(writeFilesSafely(d, [{ path: join(d, 'z.key'), content: 'k', mode: 0o600 }], { base: d }), [join(d, 'z.key')]);
    assert.throws(() => writeFilesSafely(d, [{ path: join(d, 'z.key'), content: 'k', mode: 0o600 }], { base: d }), FileExistsError);
  } finally {
    writerFs.linkSync = realLink;
  }
  assert.equal(mode(join(d, 'z.key')), 0o600);
  noTemps(d);
});
