// `certwright verify --ca ROOTS [--untrusted INTERMEDIATES] [--purpose server|client]
//  [--name HOST|IP] [--at ISO-TIME] [--json] CERT...`: RFC 5280 path validation (src/core/validate).
import { closeSync, openSync, readSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { CertificateInfo } from '../core/model';
import { decodeBase64 } from '../core/bytes';
import { decodeDer } from '../core/decode';
import { findPemBlocks, pemBody } from '../core/pem';
import { scanBytes } from '../core/scan';
import { createSyncValidator, type Purpose, type ValidationResult } from '../core/validate';
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

/** Every certificate in a file (PEM bundle, DER, YAML with embedded PEM). Throws with a one-line reason. */
function readCertificates(file: string): CertificateInfo[] {
  let bytes: Buffer;
  try {
    bytes = readWhole(file);
  } catch (e) {
    throw new Error(`cannot read ${display(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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

  let anchors: CertificateInfo[], intermediates: CertificateInfo[];
  try {
    anchors = caFiles.flatMap(readCertificates);
    intermediates = (args.lists.get('untrusted') ?? []).flatMap(readCertificates);
  } catch (e) {
    io.err(`certwright verify: ${(e as Error).message}\n`);
    return 2;
  }
  const validate = createSyncValidator({ anchors, intermediates, verify: nodeSignatureVerifierSync });
  const json = args.flags.has('json');
  const records: (ReturnType<typeof jsonOf> & { file: string })[] = [];
  let invalid = 0, ioErrors = 0;
  let out = '', err = '';
  const flush = () => { if (out) io.out(out); if (err) io.err(err); out = err = ''; };
  // One file at a time, on this thread, signatures included (nodeSignatureVerifierSync): measured
  // over 1,000 ECDSA leaves, handing each short check to the thread pool cost more CPU (job
  // copies, wake-ups) than it saved, and more wall time whenever the machine's other cores are
  // busy; a worker thread taking chunks of the list was slower too on the bench's 2-core machine
  // (412 ms against 368 ms). Lines come in argument order, an unreadable file's in its place.
  const request = { at, purpose: purpose as Purpose | undefined, name, extra: undefined as CertificateInfo[] | undefined };
  for (const file of args.positionals) {
    let certs: CertificateInfo[];
    try {
      certs = readCertificates(file);
    } catch (e) {
      err += `certwright verify: ${(e as Error).message}\n`;
      ioErrors++;
      continue;
    }
    request.extra = certs.length > 1 ? certs.slice(1) : undefined;
    const r = validate(certs[0], request);
    const shown = display(file);
    if (!r.valid) invalid++;
    if (json) { records.push({ file: shown, ...jsonOf(r) }); continue; }
    if (r.valid) out += `${shown}: OK\n`;
    for (const e of r.errors) err += `${shown}: depth ${e.depth}, ${subjectOf(r.chain[e.depth])}: ${e.message} (${e.code})\n`;
    if (out.length + err.length > 1 << 16) flush();
  }
  flush();
  if (json) {
    if (args.positionals.length === 1 && records.length === 1) {
      const { file: _file, ...one } = records[0];
      io.out(JSON.stringify(one, null, 2) + '\n');
    } else io.out(JSON.stringify(records, null, 2) + '\n');
  }
  if (ioErrors) return 2;
  return invalid ? 1 : 0;
}
