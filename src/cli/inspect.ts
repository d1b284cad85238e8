// `certwright inspect [--json] [--fail-expiring-within DURATION] PATH...`
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fingerprintDisplay } from '../core/bytes';
import { keyDescription, lensTitle, sanList } from '../core/describe';
import { inspectRecord, InspectRecord } from '../core/json';
import { LineIndex } from '../core/lines';
import { scanBytes } from '../core/scan';
import { isoUtc } from '../core/time';
import { completeKeyIdentities } from '../core/inventory';
import { expandPaths } from '../node/files';
import { nodeContainers } from '../node/containers-bundle';
import { nodeHasher } from '../node/platform';
import { printable } from '../core/printable';
import { parseArgs, pathProblem, UsageError } from './args';
import { durationText, parseDuration } from '../core/cluster/duration';
import { validity } from '../core/time';
import type { Io } from './main';

export const INSPECT_HELP = `Usage: certwright inspect [--json] [--now ISO-TIME] [--warning-days N] [--fail-expiring-within DURATION] [--password-file FILE] PATH...

Decodes every certificate, CSR, private key (type and size only), public key and CRL in the
given files and folders: PEM anywhere in text (YAML, JSON, source code), base64 values holding
PEM or DER (Kubernetes Secret data, caBundle), DER files, PKCS#12 (.p12/.pfx) and JKS keystores
and PKCS#7 bundles (.p7b/.p7c, PEM "PKCS7").

Options:
  --json              one JSON array, one object per decoded object
  --now ISO-TIME      evaluate expiry at this time instead of now
  --warning-days N    "expiring" window for the text output (default 30)
  --fail-expiring-within DURATION
                      expiry gate: exit 1 when a certificate has expired or expires within
                      DURATION (30d, 2w, 720h, 1h30m); each one is listed on stderr
  --password-file F   the keystores' password: the first line of F (PKCS#12 files are also
                      tried with no password; without one, encrypted parts are not read)

Exit status: 0 all decoded (and, with --fail-expiring-within, none expiring), 1 some object
could not be decoded (reported on stderr) or some certificate expires within the gate's
DURATION, 2 usage or I/O error, 3 nothing found: no certificate, CSR, key or CRL in the paths.`;

export async function inspect(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['now', 'warning-days', 'fail-expiring-within', 'password-file'] });
  if (args.flags.has('help')) { io.out(INSPECT_HELP + '\n'); return 0; }
  if (!args.positionals.length) throw new UsageError('inspect needs at least one file or folder');
  const now = args.options.has('now') ? new Date(args.options.get('now')!) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${args.options.get('now')}`);
  const warningDays = Number(args.options.get('warning-days') ?? 30);
  if (!Number.isFinite(warningDays) || warningDays < 0) throw new UsageError('--warning-days must be a number of days');
  let gateMs: number | undefined;
  if (args.options.has('fail-expiring-within')) {
    const d = parseDuration(args.options.get('fail-expiring-within')!);
    if (!d.ok) throw new UsageError(`--fail-expiring-within: ${d.error}`);
    gateMs = d.ms;
  }
  /** The certificates the expiry gate catches: "file:line  subject  expires in 3 days (date)". */
  const expiring: string[] = [];
  let password: string | undefined;
  const passwordFile = args.options.get('password-file');
  if (passwordFile !== undefined) {
    try {
      password = readFileSync(passwordFile, 'utf8').split(/\r?\n/)[0];
    } catch (e) {
      io.err(`certwright: cannot read the password file ${passwordFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  }
  // A path that cannot be read is reported (exit 2 at the end); the others are still inspected.
  const files: string[] = [];
  let ioErrors = 0;
  for (const p of args.positionals) {
    try {
      files.push(...expandPaths([p]));
    } catch (e) {
      io.err(pathProblem(p, e));
      ioErrors++;
    }
  }
  const json = args.flags.has('json');
  const records: InspectRecord[] = [];
  let failures = 0;
  let found = 0;
  let reported = 0;
  const explicit = new Set(args.positionals);
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      io.err(pathProblem(file, e));
      ioErrors++;
      continue;
    }
    const display = file.startsWith('/') ? file : relative(process.cwd(), file) || file;
    // One file that cannot be decoded is reported; the others are still inspected.
    let scan: ReturnType<typeof scanBytes>;
    try {
      scan = scanBytes(bytes, { hasher: nodeHasher, containers: nodeContainers(password) });
      await completeKeyIdentities(scan.objects);
    } catch (e) {
      failures++;
      io.err(`certwright: ${display}: cannot decode: ${(e as Error).message}\n`);
      continue;
    }
    if (scan.kind === 'binary' || scan.objects.length === 0) {
      if (explicit.has(file)) reported++;
      if (explicit.has(file)) io.err(`certwright: ${display}: no certificates, keys or CRLs found${scan.kind === 'binary' ? ' (binary file)' : ''}\n`);
      continue;
    }
    const lines = scan.text !== undefined ? new LineIndex(scan.text) : undefined;
    let shownGroup = -1;
    found += scan.objects.length;
    for (const f of scan.objects) {
      const line = lines ? lines.position(f.start).line + 1 : 1;
      if (f.container && f.group !== shownGroup) {
        shownGroup = f.group;
        if (!json) io.out(`${display}:${line}  ${f.container.summary}\n`);
        if (f.container.integrity === 'failed') {
          failures++;
          io.err(`${display}:${line}: error: ${f.container.format}: ${f.container.summary.split('; ').pop()}${password === undefined ? '' : ': check --password-file'}\n`);
        }
      }
      if (f.container?.placeholder) {
        // What needs a password is a note, not a failure: the file is fine.
        for (const l of f.container.locked) io.err(`${display}:${line}: note: ${f.container.format}: ${l}${f.container.needsPassword && password === undefined ? ' (pass --password-file)' : ''}\n`);
        continue;
      }
      if (!f.result.ok) {
        failures++;
        io.err(`${display}:${line}: error: cannot decode${f.key ? ` ${f.key}` : f.label ? ` ${f.label}` : ''}: ${f.result.error}\n`);
        continue;
      }
      const o = f.result.object;
      if (gateMs !== undefined && o.type === 'certificate' && o.notAfter.getTime() - now.getTime() <= gateMs) {
        expiring.push(`${display}:${line}  ${o.subject.rfc4514 || '(empty subject)'}  ${validity(o.notBefore, o.notAfter, now, 0).text}`);
      }
      if (json) {
        const r = inspectRecord(o, display, line);
        if (f.container) r.container = { format: f.container.format, ...(f.container.alias !== undefined ? { alias: f.container.alias } : {}) };
        records.push(r);
        continue;
      }
      io.out(`${display}:${line}  ${lensTitle(o, now, warningDays)}\n`);
      const row = (k: string, v: string) => io.out(`    ${k.padEnd(10)}${v}\n`);
      if (f.container?.alias !== undefined) row('alias', printable(f.container.alias));
      if (o.type === 'certificate' || o.type === 'csr') {
        row('subject', o.subject.rfc4514 || '(empty)');
        const sans = sanList(o.san);
        if (sans.length) row('SANs', sans.join(', '));
      }
      if (o.type === 'certificate') {
        row('issuer', o.issuer.rfc4514 + (o.selfSigned ? ' (self-signed)' : ''));
        row('valid', `${isoUtc(o.notBefore)} .. ${isoUtc(o.notAfter)}`);
        row('serial', o.serialNumber);
      }
      if (o.type !== 'crl') row('key', keyDescription(o.publicKey) + (o.type === 'private-key' && o.encrypted ? ' (encrypted)' : ''));
      if (o.type === 'certificate' || o.type === 'csr') {
        const u = [...o.keyUsage, ...o.extendedKeyUsage];
        if (u.length) row('usages', u.join(', '));
        if (o.isCA) row('CA', `yes${o.pathLength !== null ? `, path length ${o.pathLength}` : ''}`);
      }
      if (o.type !== 'private-key') row('sha256', fingerprintDisplay(o.sha256));
    }
    if (scan.truncated) io.err(`certwright: ${display}: stopped after ${scan.objects.length} objects\n`);
  }
  if (json) io.out(JSON.stringify(records, null, 2) + '\n');
  if (expiring.length) {
    const n = expiring.length;
    io.err(`certwright: ${n} certificate${n === 1 ? ' has' : 's have'} expired or expire${n === 1 ? 's' : ''} within ${durationText(gateMs!)}: renew ${n === 1 ? 'it' : 'them'} (or lower --fail-expiring-within)\n`);
    for (const e of expiring) io.err(`  ${e}\n`);
  }
  if (ioErrors) return 2;
  if (!found) {
    // Nothing to show is not success: say what was read and what inspect looks for (exit 3).
    const what = files.length === 1 ? '1 file' : `${files.length} files`;
    if (reported < files.length) io.err(`certwright: no certificates, CSRs, keys or CRLs found in ${args.positionals.join(', ')} (${what} read); name files that hold PEM blocks, base64 PEM or DER values, or DER\n`);
    return NOTHING_FOUND;
  }
  return failures || expiring.length ? 1 : 0;
}

/** Exit status of `inspect` when the paths hold nothing it decodes (documented in --help and README). */
export const NOTHING_FOUND = 3;
