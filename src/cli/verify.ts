// `certwright verify --ca ROOTS [--untrusted INTERMEDIATES] [--purpose server|client]
//  [--name HOST|IP] [--at ISO-TIME] [--json] CERT...`: RFC 5280 path validation (src/core/validate).
import { closeSync, openSync, readSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { CertificateInfo } from '../core/model';
import { decodeBase64 } from '../core/bytes';
import { decodeDer } from '../core/decode';
import { findPemBlocks, pemBody } from '../core/pem';
import { scanBytes } from '../core/scan';
import { createValidator, type Purpose, type ValidationResult } from '../core/validate';
import { createCertificateReader } from '../core/validate/read';
import { nodeHasher, nodeSignatureVerifierSync } from '../node/platform';
import { parseArgs, UsageError } from './args';
import type { Io } from './main';

export const VERIFY_HELP = `Usage: certwright verify --ca ROOTS [--untrusted INTERMEDIATES] [--purpose server|client]
                         [--name HOST|IP] [--at ISO-TIME] [--json] CERT...

Validates each CERT (the first certificate of each file; the rest of that file may serve as
intermediates) up to a trusted root, as RFC 5280 section 6, Go's crypto/x509 and
"openssl verify -x509_strict" do: signatures, validity, basicConstraints and path length,
keyCertSign, name constraints, extended key usage along the chain, critical extensions, and
the host name or IP address.

Options:
  --ca FILE           trusted roots (PEM or DER, bundles allowed; repeatable)
  --untrusted FILE    intermediates that may complete the chain (repeatable)
  --purpose P         server or client: the extended key usage every certificate must allow
  --name HOST|IP      the leaf must be valid for this host name (wildcards as Go) or IP address
  --at ISO-TIME       check validity at this time instead of now
  --json              print {valid, chain: [{subject, sha256}], errors: [{depth, code, message}]}
                      (one object for one CERT; an array, each with "file", for several)

Exit status: 0 all valid, 1 some invalid (each reason on stderr as
"CERTFILE: depth D, SUBJECT: reason"), 2 usage or I/O error.`;

let cwd: string | undefined;
/** A plain relative path (no ".", ".." or empty segment) is shown as given: it is already relative to the working directory. */
const PLAIN_RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))(?!.*\/\/)/;
function display(file: string): string {
  if (file.startsWith('/')) return file;
  if (sep === '/' && PLAIN_RELATIVE.test(file) && !file.endsWith('/')) return file;
  return relative(cwd ??= process.cwd(), file) || file;
}

/** One read buffer for all the (small) files of a run: no fstat or allocation per file. */
let shared = Buffer.allocUnsafe(1 << 16);
function readWhole(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    for (;;) {
      if (n === shared.length) { const bigger = Buffer.allocUnsafe(shared.length * 2); shared.copy(bigger); shared = bigger; }
      const got = readSync(fd, shared, n, shared.length - n, null);
      if (!got) break;
      n += got;
    }
    return shared.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/**
 * Base64 decoded into a shared slab: one ArrayBuffer for many certificates, not one each (a
 * small ArrayBuffer per certificate cost more in allocation and garbage collection than the decoding).
 */
let slab = Buffer.allocUnsafeSlow(1 << 18);
let slabUsed = 0;
function fromBase64(b64: string): Uint8Array {
  const max = (b64.length >> 2) * 3 + 3;
  if (max > slab.length >> 2) return new Uint8Array(Buffer.from(b64, 'base64'));
  if (slabUsed + max > slab.length) { slab = Buffer.allocUnsafeSlow(slab.length); slabUsed = 0; }
  const n = slab.write(b64, slabUsed, 'base64');
  const der = new Uint8Array(slab.buffer, slab.byteOffset + slabUsed, n);
  slabUsed += n;
  return der;
}

/** Certificates decoded for validation only (display fields on demand), names shared across files. */
const readCertificate = createCertificateReader(nodeHasher);

/** One PEM block: a CERTIFICATE through the lean reader, anything else (or what it rejects) through decodeDer for its wording. */
function decodeBlock(der: Uint8Array, label: string) {
  if (label === 'CERTIFICATE') {
    try {
      return { ok: true as const, object: readCertificate(der) };
    } catch {
      // decodeDer below says what is wrong in its own words.
    }
  }
  return decodeDer(der, label, nodeHasher);
}

const BEGIN_CERT = Buffer.from('-----BEGIN CERTIFICATE-----');
const END_CERT = Buffer.from('-----END CERTIFICATE-----');
/** Base64 symbols, '=', and the white space of PEM files (\t \n \r space): 1; anything else 0. */
const PEM_BODY = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\t\n\r ') PEM_BODY[c.charCodeAt(0)] = 1;
const isSpace = (b: number) => b === 10 || b === 13 || b === 32 || b === 9;

/**
 * The usual file, one CERTIFICATE block and nothing else but white space, in one pass over the
 * bytes (no text, no block search): its certificate, or undefined for anything else (or
 * anything the reader rejects), which then takes the general path below and gets its wording there.
 */
function singleCertificate(bytes: Buffer): CertificateInfo | undefined {
  if (bytes.length < BEGIN_CERT.length + END_CERT.length || bytes.compare(BEGIN_CERT, 0, BEGIN_CERT.length, 0, BEGIN_CERT.length) !== 0) return undefined;
  const from = BEGIN_CERT.length;
  if (bytes[from] !== 10 && bytes[from] !== 13) return undefined;
  let i = from;
  while (i < bytes.length && PEM_BODY[bytes[i]]) i++;
  const to = i;
  if (i + END_CERT.length > bytes.length || bytes.compare(END_CERT, 0, END_CERT.length, i, i + END_CERT.length) !== 0) return undefined;
  for (i += END_CERT.length; i < bytes.length; i++) if (!isSpace(bytes[i])) return undefined;
  try {
    return readCertificate(fromBase64(bytes.toString('latin1', from, to)));
  } catch {
    return undefined;
  }
}

/** Every certificate in a file (PEM bundle, DER, YAML with embedded PEM). Throws with a one-line reason. */
function readCertificates(file: string): CertificateInfo[] {
  let bytes: Buffer;
  try {
    bytes = readWhole(file);
  } catch (e) {
    throw new Error(`cannot read ${display(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const one = singleCertificate(bytes);
  if (one) return [one];
  const certs: CertificateInfo[] = [];
  let firstError: string | undefined;
  // A plain PEM file (nothing but blocks and white space: the usual case) is read directly;
  // anything else (YAML, JSON, DER, embedded PEM) goes through the workspace scanner.
  // Buffer's latin1 and base64 codecs are native: several times faster than the core's portable ones.
  const text = bytes.toString('latin1');
  const blocks = text.startsWith('-----BEGIN ') ? findPemBlocks(text) : [];
  let plain = blocks.length > 0 && blocks.every((b) => !b.armorError);
  for (let i = 0, at = 0; plain && i <= blocks.length; i++) {
    const gap = text.slice(at, i < blocks.length ? blocks[i].start : text.length);
    if (gap.trim()) plain = false;
    if (i < blocks.length) at = blocks[i].end;
  }
  if (plain) {
    for (const b of blocks) {
      let r;
      try {
        const b64 = pemBody(text, b).base64;
        // Node's base64 decoder skips what is not base64: anything unusual goes to the strict one.
        const der = BASE64.test(b64) ? fromBase64(b64) : decodeBase64(b64);
        r = decodeBlock(der, b.label);
      } catch (e) {
        r = { ok: false as const, error: (e as Error).message };
      }
      if (r.ok) { if (r.object.type === 'certificate') certs.push(r.object); }
      else firstError ??= r.error;
    }
    if (!certs.length) throw new Error(`${display(file)}: no certificate found${firstError ? ` (${firstError})` : ''}`);
    return certs;
  }
  // The scanner keeps views of its input: give it a copy, not the shared read buffer.
  const scan = scanBytes(new Uint8Array(bytes), { hasher: nodeHasher });
  for (const o of scan.objects) {
    if (o.result.ok) { if (o.result.object.type === 'certificate') certs.push(o.result.object); }
    else firstError ??= o.result.error;
  }
  if (!certs.length) throw new Error(`${display(file)}: no certificate found${firstError ? ` (${firstError})` : ''}`);
  return certs;
}

function subjectOf(c: CertificateInfo): string {
  return c.subject.rfc4514 || '(empty subject)';
}

function jsonOf(r: ValidationResult) {
  return {
    valid: r.valid,
    chain: r.chain.map((c) => ({ subject: c.subject.rfc4514, sha256: c.sha256 })),
    errors: r.errors.map((e) => ({ depth: e.depth, code: e.code, message: e.message })),
  };
}

/** One file's --json record. */
type JsonRecord = ReturnType<typeof jsonOf> & { file: string };

/** What a run validates: the parsed arguments. */
export interface VerifyPlan {
  ca: string[];
  untrusted: string[];
  purpose?: Purpose;
  name?: string;
  /** Validity is checked at this time (milliseconds since the epoch). */
  at: number;
  json: boolean;
  files: string[];
}

/** What a run of consecutive files produced, in file order. */
export interface VerifyBatch {
  out: string;
  err: string;
  records: JsonRecord[];
  invalid: number;
  ioErrors: number;
}

export type Validate = ReturnType<typeof createValidator>;

/** The validator over the plan's roots and intermediates. Throws with a one-line reason (exit 2). */
export function validatorFor(plan: VerifyPlan): Validate {
  const anchors = plan.ca.flatMap(readCertificates);
  const intermediates = plan.untrusted.flatMap(readCertificates);
  return createValidator({ anchors, intermediates, verify: nodeSignatureVerifierSync });
}

/**
 * Validates plan.files[from, to) in order. Validations run a few dozen at a time. Signatures are
 * checked on this thread (nodeSignatureVerifierSync): measured over 1,000 ECDSA leaves, handing
 * each short check to the thread pool cost more CPU (job copies, wake-ups) than it saved, and
 * more wall time whenever the machine's other cores are busy.
 */
export async function verifyRange(plan: VerifyPlan, validate: Validate, from: number, to: number): Promise<VerifyBatch> {
  const b: VerifyBatch = { out: '', err: '', records: [], invalid: 0, ioErrors: 0 };
  const { files, json } = plan;
  const req = { at: new Date(plan.at), purpose: plan.purpose, name: plan.name };
  // A file that cannot be read leaves its reason (a string) in its place: every line in file order.
  const pending = new Map<number, Promise<ValidationResult> | string>();
  const start = (i: number) => {
    let certs: CertificateInfo[];
    try {
      certs = readCertificates(files[i]);
    } catch (e) {
      pending.set(i, (e as Error).message);
      return;
    }
    pending.set(i, validate(certs[0], { ...req, extra: certs.slice(1) }));
  };
  const WINDOW = 32;
  for (let i = from; i < Math.min(from + WINDOW, to); i++) start(i);
  for (let i = from; i < to; i++) {
    const p = pending.get(i)!;
    pending.delete(i);
    if (i + WINDOW < to) start(i + WINDOW);
    if (typeof p === 'string') {
      b.err += `certwright verify: ${p}\n`;
      b.ioErrors++;
      continue;
    }
    const r = await p;
    const shown = display(files[i]);
    if (!r.valid) b.invalid++;
    if (json) { b.records.push({ file: shown, ...jsonOf(r) }); continue; }
    if (r.valid) b.out += `${shown}: OK\n`;
    for (const e of r.errors) b.err += `${shown}: depth ${e.depth}, ${subjectOf(r.chain[e.depth])}: ${e.message} (${e.code})\n`;
  }
  return b;
}

/** Files validated between two writes of the output. */
export const CHUNK = 256;

export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['ca', 'untrusted', 'purpose', 'name', 'at'], repeatable: ['ca', 'untrusted'] });
  if (args.flags.has('help')) { io.out(VERIFY_HELP + '\n'); return 0; }
  const caFiles = args.lists.get('ca') ?? [];
  if (!caFiles.length) throw new UsageError('verify needs --ca ROOTS (the trusted roots)');
  if (!args.positionals.length) throw new UsageError('verify needs at least one CERT file');
  const purpose = args.options.get('purpose');
  if (purpose !== undefined && purpose !== 'server' && purpose !== 'client') throw new UsageError(`--purpose must be server or client, not "${purpose}"`);
  const at = args.options.has('at') ? new Date(args.options.get('at')!) : new Date();
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at: not an ISO time: ${args.options.get('at')}`);
  const name = args.options.get('name');
  if (name === '') throw new UsageError('--name needs a host name or IP address');
  const plan: VerifyPlan = {
    ca: caFiles, untrusted: args.lists.get('untrusted') ?? [], purpose: purpose as Purpose | undefined, name,
    at: at.getTime(), json: args.flags.has('json'), files: args.positionals,
  };

  let validate: Validate;
  try {
    validate = validatorFor(plan);
  } catch (e) {
    io.err(`certwright verify: ${(e as Error).message}\n`);
    return 2;
  }
  const records: JsonRecord[] = [];
  let invalid = 0, ioErrors = 0;
  const emit = (b: VerifyBatch) => {
    if (b.out) io.out(b.out);
    if (b.err) io.err(b.err);
    for (const r of b.records) records.push(r);
    invalid += b.invalid;
    ioErrors += b.ioErrors;
  };
  // Validated 256 files at a time, each run's lines written before the next (a single thread:
  // a worker thread taking chunks of the list was measured on the bench's 2-core machine, quiet:
  // 412 ms against 368 ms on one thread, its start and second warm-up costing more than it took over).
  for (let from = 0; from < plan.files.length; from += CHUNK) emit(await verifyRange(plan, validate, from, Math.min(from + CHUNK, plan.files.length)));
  if (plan.json) {
    if (plan.files.length === 1 && records.length === 1) {
      const { file: _file, ...one } = records[0];
      io.out(JSON.stringify(one, null, 2) + '\n');
    } else io.out(JSON.stringify(records, null, 2) + '\n');
  }
  if (ioErrors) return 2;
  return invalid ? 1 : 0;
}
