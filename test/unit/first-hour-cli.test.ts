// The first hour on the command line (#20): each message says what went wrong and what to do,
// in one line, naming the path as the user gave it; documented exit statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as run, tempDirs } from './cli-helpers';
import { CERTS } from './helpers';

const tmp = tempDirs('cw-first-hour-cli-');
const oneLine = (s: string) => assert.equal(s.split('\n').length, 2, `one line: ${JSON.stringify(s)}`);

test('inspect nonexistent.pem: one line naming the path as given and what to do, exit 2', async () => {
  const r = await run('inspect', 'nonexistent.pem');
  assert.deepEqual([r.code, r.out, r.err], [2, '', 'certwright: nonexistent.pem: no such file or folder; check the path\n']);
});

test('inspect: a missing path does not hide the others (exit 2, the rest still inspected)', async () => {
  const r = await run('inspect', 'nonexistent.pem', join(CERTS, 'leaf-server.crt'));
  assert.equal(r.code, 2);
  assert.match(r.out, /leaf-server\.crt:1 {2}Certificate/);
  assert.equal(r.err, 'certwright: nonexistent.pem: no such file or folder; check the path\n');
});

test('inspect on a folder with nothing decodable: says so, exit 3 (documented), also with --json', async () => {
  const d = tmp();
  mkdirSync(join(d, 'notes'));
  writeFileSync(join(d, 'notes', 'a.txt'), 'hello\n');
  writeFileSync(join(d, 'notes', 'b.yaml'), 'a: 1\n');
  const r = await run('inspect', join(d, 'notes'));
  assert.equal(r.code, 3);
  assert.equal(r.out, '');
  oneLine(r.err);
  assert.match(r.err, /^certwright: no certificates, CSRs, keys or CRLs found in .*notes \(2 files read\); name files that hold PEM blocks/);
  const j = await run('inspect', '--json', join(d, 'notes'));
  assert.deepEqual([j.code, JSON.parse(j.out)], [3, []]);
  const help = await run('inspect', '--help');
  assert.match(help.out, /3 nothing found/);
});

test('inspect text output: dates without milliseconds', async () => {
  const r = await run('inspect', '--now', '2021-01-11T00:00:00Z', join(CERTS, 'expired.crt'));
  const valid = r.out.split('\n').find((l) => l.startsWith('    valid'))!;
  assert.match(valid, /^ {4}valid {5}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \.\. \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(!r.out.includes('.000Z'));
});

test('lint of a .txt file: says it is not a file lint reads and which files it reads (exit 2), never "1 files, 0 errors"', async () => {
  const d = tmp();
  writeFileSync(join(d, 'notes.txt'), 'duration: 90d\n');
  const r = await run('lint', join(d, 'notes.txt'));
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  oneLine(r.err);
  assert.match(r.err, /notes\.txt: not a file lint reads; it reads \.yaml \.yml .*\.go .* files/);
  // Next to a file it reads: the .txt is said so, the YAML is linted, the summary counts one file.
  writeFileSync(join(d, 'c.yaml'), 'a: 1\n');
  const both = await run('lint', join(d, 'notes.txt'), join(d, 'c.yaml'));
  assert.equal(both.code, 0);
  assert.equal(both.out, '1 file, 0 errors, 0 warnings, 0 info\n');
});

test('lint of a folder with nothing lint reads: says so in one line with the files it reads (exit 0: not a failure)', async () => {
  const d = tmp();
  mkdirSync(join(d, 'docs'));
  writeFileSync(join(d, 'docs', 'notes.txt'), 'duration: 90d\n');
  const r = await run('lint', join(d, 'docs'));
  assert.equal(r.code, 0);
  assert.equal(r.out, '0 files, 0 errors, 0 warnings, 0 info\n');
  oneLine(r.err);
  assert.match(r.err, /^certwright: no file lint reads in .*docs; it reads \.yaml \.yml .* files\n$/);
});

test('secrets without a kubeconfig suggests --kubeconfig and KUBECONFIG, not an editor setting', async () => {
  const r = await run('secrets', '--kubeconfig', join(tmp(), 'missing-config'));
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /No kubeconfig found: .*missing-config does not exist\. Pass --kubeconfig FILE or set KUBECONFIG/);
  assert.ok(!r.err.includes('certwright.cluster.kubeconfig'));
});

test('an encrypted CA key without a passphrase names the key file and --ca-passphrase-file; a wrong one says so', async () => {
  const d = tmp();
  const pass = join(d, 'pass.txt');
  writeFileSync(pass, 'correct horse\n');
  const wrong = join(d, 'wrong.txt');
  writeFileSync(wrong, 'battery staple\n');
  const ca = join(d, 'ca');
  assert.equal((await run('ca', 'create', '--out', ca, '--cn', 'Demo CA', '--passphrase-file', pass)).code, 0);
  const r = await run('issue', '--ca', ca, '--out', join(d, 'leaf'), '--cn', 'svc');
  assert.equal(r.code, 2);
  assert.equal(r.err, `certwright issue: ${join(ca, 'ca.key')} is encrypted: pass --ca-passphrase-file FILE (a file whose first line is its passphrase)\n`);
  const w = await run('issue', '--ca', ca, '--out', join(d, 'leaf'), '--cn', 'svc', '--ca-passphrase-file', wrong);
  assert.equal(w.err, `certwright issue: ${join(ca, 'ca.key')}: wrong passphrase; check the file given to --ca-passphrase-file\n`);
  const inter = await run('ca', 'create', '--out', join(d, 'inter'), '--cn', 'Inter', '--parent', ca);
  assert.match(inter.err, /ca\.key is encrypted: pass --parent-passphrase-file FILE/);
  const ok = await run('issue', '--ca', ca, '--out', join(d, 'leaf'), '--cn', 'svc', '--ca-passphrase-file', pass);
  assert.equal(ok.code, 0, ok.err);
});

// Every command: a bad flag prints one line and where the options are, never the whole usage.
for (const argv of [['inspect'], ['lint'], ['ca', 'create'], ['issue'], ['csr'], ['sign'], ['secret'], ['manifests'], ['secrets'], ['scaffold'], ['verify']]) {
  test(`${argv.join(' ')} --bogus: one line and "run certwright ${argv[0]} --help"`, async () => {
    const r = await run(...argv, '--bogus');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, `certwright ${argv[0]}: unknown option --bogus; run "certwright ${argv[0]} --help" for its options\n`);
  });
}

test('an unknown command: one line pointing at certwright --help', async () => {
  const r = await run('inspekt', 'x');
  assert.deepEqual([r.code, r.err], [2, 'certwright: unknown command "inspekt"; run "certwright --help" for the commands\n']);
});
