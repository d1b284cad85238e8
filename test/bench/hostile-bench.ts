// The slowest hostile input per entry point (issue 13), each against a benign file of the same
// size: inspect, lint and manifests as the CLI runs them (files on disk, output discarded), the
// code actions' object reading and hover as the editor computes them (the document scan, then the hover text of the object under
// the cursor). Run as its own process by scripts/bench.mjs; prints JSON. Run alone with
// `node .cache/bench/hostile-bench.js` after bundling it (see scripts/bench.mjs).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentObjects, prefillFor } from '../../src/core/author';
import { decodeLatin1, encodeBase64 } from '../../src/core/bytes';
import { hoverMarkdown } from '../../src/core/describe';
import { scanText } from '../../src/core/scan';
import { main } from '../../src/cli/main';
import { nodeHasher } from '../../src/node/platform';
import { billionLaughs } from '../fuzz/targets';
import { generate } from './lint-bench';

const ROOT = process.env.CERTWRIGHT_ROOT ?? join(__dirname, '..', '..');
const CERTS = join(ROOT, 'test', 'fixtures', 'certs');

/** Sizes: PEM paths decode 1 MiB; YAML paths (lint, manifests) read 256 KiB (a full lint of that takes about a second). */
const PEM_SIZE = 1 << 20;
const YAML_SIZE = 256 << 10;

type Input = string | Uint8Array;
interface Case { name: string; input: Input; file?: string; folder?: (dir: string) => string }
interface EntryPoint { name: string; benign: Case; hostile: Case[]; run: (c: Case, dir: string) => Promise<unknown> }

const enc = new TextEncoder();
const repeatTo = (unit: string, size: number, head = '', tail = '') => head + unit.repeat(Math.max(1, Math.floor((size - head.length - tail.length) / unit.length))) + tail;

function benignPem(size: number): string {
  const pem = readFileSync(join(CERTS, 'chain.pem'), 'utf8') + readFileSync(join(CERTS, 'leaf-server.key'), 'utf8');
  return repeatTo(pem, size);
}

/** Base64 of PEM text inside base64 of PEM text, `levels` deep, about `size` long. */
function nestedBase64(size: number, levels: number): string {
  let inner = benignPem(size * 0.75 ** levels);
  let value = '';
  for (let i = 0; i < levels; i++) value = encodeBase64(enc.encode(inner + (value ? `inner: ${value}\n` : '')));
  inner = '';
  return `tls.crt: ${value}\n`;
}

const selfLinks = (dir: string) => {
  if (!existsSync(join(dir, 'a'))) { symlinkSync('.', join(dir, 'a')); symlinkSync('.', join(dir, 'b')); }
  return dir;
};

const pemCases = (size: number): Case[] => [
  { name: 'a folder linking to itself twice', input: benignPem(size), folder: selfLinks },
  { name: 'PEM body of blank lines then "!:"', input: repeatTo(' \n', size, '-----BEGIN CERTIFICATE-----\n', '!:\n-----END CERTIFICATE-----\n') },
  { name: 'one-line base64 value', input: repeatTo('A', size, 'data:\n  tls.crt: MII', '\n') },
  { name: 'not UTF-8 (first byte 0xff)', input: new Uint8Array([0xff, ...enc.encode(benignPem(size - 1))]) },
  { name: 'base64 PEM nested 9 levels', input: nestedBase64(size, 9) },
  { name: 'unterminated BEGIN lines', input: repeatTo('-----BEGIN CERTIFICATE-----\n', size) },
  { name: 'empty PEM blocks', input: repeatTo('-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n', size) },
];

const SERVICE = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: s${i}\n  ports:\n    - port: 8443\n---\n`;
const services = (size: number) => { let s = ''; for (let i = 0; s.length < size; i++) s += SERVICE(i); return s; };
const laughs = (size: number) => repeatTo(billionLaughs() + '---\n', size);

const yamlCases = (size: number): Case[] => [
  { name: 'a quote in a plain scalar, then nested "["', input: repeatTo('[', size, 'a: [x "\n') },
  { name: 'flow maps nested to the end', input: repeatTo('{a: ', size, 'a: ') },
  { name: 'block sequences nested to the end', input: repeatTo('- ', size) },
  { name: 'tiny documents', input: repeatTo('a: 1\n---\n', size) },
  { name: 'alias bombs', input: laughs(size) },
  // Every repeated key is a parse error pointing at the key: found once each, not by a walk each.
  { name: 'one key repeated to the end', input: repeatTo('    es:\n', size, 'kind: Certificate\nspec:\n  dnsNames:\n') },
  { name: 'a folder linking to itself twice', input: benignYaml(size), folder: selfLinks },
];

const nullIo = { out: () => {}, err: () => {} };

/** Generated cert-manager, Service and Deployment YAML cut at a document boundary near `size`. */
function benignYaml(size: number): string {
  const text = generate(Math.ceil(size / 900));
  return text.slice(0, text.lastIndexOf('\n---\n', size) + 1);
}
const BENIGN_YAML = benignYaml(YAML_SIZE);

const ENTRY_POINTS: EntryPoint[] = [
  {
    name: 'inspect', benign: { name: 'PEM bundle', input: benignPem(PEM_SIZE) }, hostile: pemCases(PEM_SIZE),
    run: (c, dir) => main(['inspect', '--json', c.folder ? c.folder(dir) : dir], nullIo),
  },
  {
    name: 'hover', benign: { name: 'PEM bundle', input: benignPem(PEM_SIZE) }, hostile: pemCases(PEM_SIZE),
    run: async (c) => {
      const text = typeof c.input === 'string' ? c.input : decodeLatin1(c.input);
      const scan = scanText(text, { hasher: nodeHasher });
      const o = scan.objects[0];
      return o ? hoverMarkdown([{ object: o.result.ok ? o.result.object : undefined, error: o.result.ok ? undefined : o.result.error, index: o.index, groupSize: o.groupSize }], new Date(), 30, o.index) : '';
    },
  },
  {
    name: 'lint', benign: { name: 'cert-manager YAML', input: BENIGN_YAML },
    hostile: [
      ...yamlCases(BENIGN_YAML.length),
      { name: 'HCL blocks nested to the end (server.conf)', input: repeatTo('a {\n', BENIGN_YAML.length, 'server {\n  trust_domain = "example.org"\n'), file: 'server.conf' },
      // Each kubectl line loads the certificate the openssl line before it writes: one certificate of the model per pair.
      // What kind of file is this (an openssl config, a SPIRE config, a file for the schema check): linear over blank lines.
      { name: 'blank lines, then a section (service.conf)', input: repeatTo('\n  \n', BENIGN_YAML.length, '', '[ v3_req ]\nsubjectAltName = @alt_names\n'), file: 'service.conf' },
      { name: 'blank lines, then a block (server.hcl)', input: repeatTo('\n  \n', BENIGN_YAML.length, '', 'server {\n  trust_domain = "example.org"\n}\n'), file: 'server.hcl' },
      { name: 'blank lines, then a kind (values.yaml)', input: repeatTo('\n  \n', BENIGN_YAML.length, '', 'kind: Foo\n'), file: 'values.yaml' },
      { name: 'openssl/kubectl pairs writing one file (certs.sh)', input: repeatTo('openssl req -x509 -newkey ec -nodes -keyout k -out o.crt -subj "/CN=o" -addext "subjectAltName=DNS:o"\nkubectl create secret tls o-tls --cert=o.crt --key=k\n', BENIGN_YAML.length, '#!/bin/sh\n'), file: 'certs.sh' },
    ],
    run: (c, dir) => main(['lint', '--format', 'sarif', c.folder ? c.folder(dir) : dir], nullIo),
  },
  {
    name: 'manifests', benign: { name: 'Services and Deployments YAML', input: BENIGN_YAML },
    hostile: [...yamlCases(BENIGN_YAML.length), { name: 'Services only', input: services(BENIGN_YAML.length) }],
    run: (c, dir) => main(['manifests', c.folder ? c.folder(dir) : dir], nullIo),
  },
  {
    // The "Issue certificate for..." code actions: the document's objects (one parse per
    // version), then the object under the cursor and its pre-filled SANs at ten cursor positions.
    name: 'code actions', benign: { name: 'Services and Deployments YAML', input: BENIGN_YAML },
    hostile: [...yamlCases(BENIGN_YAML.length), { name: 'Services only', input: services(BENIGN_YAML.length) }],
    run: async (c) => {
      // A Service first, so that every input is read as Kubernetes YAML (others are not parsed at all).
      const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: first\n---\n' + (typeof c.input === 'string' ? c.input : decodeLatin1(c.input));
      const docs = new DocumentObjects();
      const objects = docs.objects('k8s/input.yaml', 1, () => text);
      let n = 0;
      for (let k = 0; k < 10; k++) {
        const o = docs.at('k8s/input.yaml', 1, () => text, Math.floor((text.length * k) / 10));
        if (o) n += JSON.stringify(prefillFor(o, objects, { trustDomain: 'example.org' })).length;
      }
      return n;
    },
  },
];

/** CPU milliseconds of this process (user + system): steadier than wall time on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Best of `runs` CPU times of one case, in a fresh folder holding only its file. A run already
 * 20 times slower than `stopAbove` is not repeated (repeating cannot bring it under the target).
 */
async function timeCase(ep: EntryPoint, c: Case, runs: number, stopAbove = Infinity): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-hostile-bench-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, c.file ?? (ep.name === 'inspect' || ep.name === 'hover' ? 'input.pem' : 'input.yaml')), c.input);
  let best = Infinity;
  for (let i = 0; i < runs && (i === 0 || best <= stopAbove * 20); i++) {
    const t0 = cpuMs();
    await ep.run(c, dir);
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

export interface EntryResult { entry: string; size: number; benignMs: number; worst: string; worstMs: number; ratio: number; cases: Array<{ name: string; ms: number }> }

export async function runAll(runs = 3): Promise<EntryResult[]> {
  const out: EntryResult[] = [];
  const only = process.env.CERTWRIGHT_HOSTILE_ONLY; // e.g. "lint": one entry point
  for (const ep of ENTRY_POINTS.filter((e) => !only || e.name === only)) {
    await timeCase(ep, ep.benign, 1); // warm-up
    let benignMs = await timeCase(ep, ep.benign, runs);
    const cases: Array<{ name: string; ms: number }> = [];
    for (const c of ep.hostile) cases.push({ name: c.name, ms: await timeCase(ep, c, runs, benignMs) });
    benignMs = Math.min(benignMs, await timeCase(ep, ep.benign, runs)); // again, after the JIT saw every path
    const worst = cases.reduce((a, b) => (b.ms > a.ms ? b : a));
    out.push({ entry: ep.name, size: ep.benign.input.length, benignMs, worst: worst.name, worstMs: worst.ms, ratio: worst.ms / benignMs, cases });
  }
  return out;
}

if (process.env.CERTWRIGHT_HOSTILE_BENCH === '1') {
  void runAll().then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
}
