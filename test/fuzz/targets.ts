// Fuzz targets: every parser path users feed, with seeds from the fixtures and mutations that
// break them in the ways hostile or broken input does. Used by test/unit/fuzz.test.ts (a short
// fixed-seed pass in `npm test`) and scripts/fuzz.mjs (`npm run fuzz`, a long random pass).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { AuthorError, certManagerManifests, DocumentObjects, prefillFor, readK8sObjects, serviceTargets } from '../../src/core/author';
import { decodeBase64, decodeLatin1 } from '../../src/core/bytes';
import { checkObjects } from '../../src/core/diagnostics';
import { decodeDer } from '../../src/core/decode';
import { detailsText, hoverMarkdown, lensTitle } from '../../src/core/describe';
import { inspectRecord } from '../../src/core/json';
import { lintTexts } from '../../src/core/lint/index';
import { parseGoDuration } from '../../src/core/lint/durations';
import { parseHcl } from '../../src/core/lint/hcl';
import { checkTrustDomain, parseSpiffeId } from '../../src/core/lint/spiffe';
import { scanBytes, scanText } from '../../src/core/scan';
import { concat } from '../../src/core/spki';
import { decodeContainer } from '../../src/core/containers';
import { expandPaths } from '../../src/node/files';
import { demoCopy } from '../support/demo';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { nodeHasher } from '../../src/node/platform';
import { toJsonFindings, toSarif } from '../../src/cli/lint';
import { createCertificateReader } from '../../src/core/validate/read';
import { readerDisagreement } from '../support/validation-reader';

/** One reader across all inputs, as the CLI keeps one: its memos must not carry one input into another. */
const validationReader = createCertificateReader(nodeHasher);

export const ROOT = process.env.CERTWRIGHT_ROOT ?? join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
export const REGRESSIONS = join(FIXTURES, 'fuzz');
const NOW = new Date('2026-06-01T00:00:00Z');

const filesUnder = (dir: string, re: RegExp): string[] => walkRespectingGitignore(dir, (p) => re.test(basename(p)));

/** Renders everything the editor and the CLI show for decoded objects: these must not throw either. */
function render(text: string, found: ReturnType<typeof scanText>['objects']): number {
  let n = checkObjects(text, found, { now: NOW, expiryWarningDays: 30 }).length;
  for (const f of found) {
    if (!f.result.ok) continue;
    const o = f.result.object;
    n += lensTitle(o, NOW, 30).length + detailsText(o, NOW, 30).length + JSON.stringify(inspectRecord(o, 'f.pem', 1)).length;
    n += hoverMarkdown([{ object: o, index: f.index, groupSize: f.groupSize }], NOW, 30, f.index).length;
  }
  return n;
}

export interface Target {
  name: string;
  /** What a run gets: text or bytes. */
  kind: 'text' | 'bytes';
  seeds: () => Array<string | Uint8Array>;
  /** Returns a size (the amount of output), so nothing is optimised away; must never throw. */
  run: (input: string | Uint8Array) => number;
  /** Inputs are capped at this length (default MAX_INPUT). */
  maxInput?: number;
}

const certFiles = () => [
  ...filesUnder(join(FIXTURES, 'certs'), /\.(pem|crt|key|pub|csr|crl|der|bin)$/),
  // The decoder's agreement cases (#16): negative serials, year 1, concatenated DER, key forms.
  ...filesUnder(join(FIXTURES, 'decode'), /\.(pem|der)$/),
];
const derSeeds = () => certFiles().map((p) => readFileSync(p)).map((b) => {
  const t = b.toString('latin1');
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(t);
  return m ? new Uint8Array(Buffer.from(m[1].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')) : new Uint8Array(b);
});
const yamlSeeds = () => [
  ...filesUnder(join(FIXTURES, 'lint'), /\.ya?ml$/),
  ...filesUnder(join(FIXTURES, 'workspaces', 'lint'), /\.ya?ml$/),
  ...filesUnder(demoCopy(ROOT), /\.ya?ml$/),
].map((p) => readFileSync(p, 'utf8'));
const hclSeeds = () => [
  ...yamlSeeds().flatMap((t) => [...t.matchAll(/\.conf: \|\n((?: {4}.*\n|\n)+)/g)].map((m) => m[1].replace(/^ {4}/gm, ''))),
  'server {\n  trust_domain = "example.org"\n  ca_ttl = "24h"\n  default_x509_svid_ttl = "1h"\n}\n',
  'agent {\n  trust_domain = "example.org"\n  server_address = "spire-server"\n  server_port = "8081"\n}\nplugins {\n  NodeAttestor "k8s_psat" {\n    plugin_data { cluster = "prod" }\n  }\n}\n',
  '# comment\nserver {\n  // c\n  trust_domain = "example.org" /* inline */\n  ca_subject = {\n    country = ["US"]\n  }\n}\n',
];

export const TARGETS: Target[] = [
  {
    name: 'pem-text', kind: 'text',
    seeds: () => [...certFiles(), ...filesUnder(join(FIXTURES, 'certs', 'embedded'), /./)].map((p) => decodeLatin1(readFileSync(p))),
    run: (t) => { const s = scanText(t as string, { hasher: nodeHasher, maxObjects: 2000 }); return s.objects.length + render(t as string, s.objects); },
  },
  {
    name: 'der-bytes', kind: 'bytes',
    seeds: derSeeds,
    run: (b) => {
      const bytes = b as Uint8Array;
      const d = decodeDer(bytes, undefined, nodeHasher);
      const s = scanBytes(bytes, { hasher: nodeHasher, maxObjects: 2000 });
      return (d.ok ? 1 : d.error.length) + s.objects.length + render(s.text ?? '', s.objects);
    },
  },
  {
    // `certwright verify`'s certificate reader (src/core/validate/read.ts): never throws anything
    // but a DerError, and accepts exactly what decodeCertificate accepts, with the same fields.
    name: 'validation-reader', kind: 'bytes',
    seeds: derSeeds,
    run: (b) => {
      const why = readerDisagreement(b as Uint8Array, validationReader);
      if (why) throw new Error(why);
      return 1;
    },
  },
  {
    name: 'base64', kind: 'text',
    seeds: () => derSeeds().map((b) => Buffer.from(b).toString('base64')),
    run: (t) => { try { return decodeBase64(t as string).length; } catch (e) { return (e as Error).message.length; } },
  },
  {
    name: 'yaml-lint', kind: 'text',
    seeds: yamlSeeds,
    // Odd lengths go through the Helm template path (masking), even ones through plain manifests.
    run: (t) => lintTexts([{ path: (t as string).length % 2 ? 'chart/templates/fuzz.yaml' : 'k8s/fuzz.yaml', text: t as string }]).length,
  },
  {
    name: 'hcl', kind: 'text',
    seeds: hclSeeds,
    run: (t) => { const r = parseHcl(t as string); return r.error ? r.error.message.length : r.attributes.length; },
  },
  {
    name: 'spiffe-id', kind: 'text',
    seeds: () => ['spiffe://example.org/ns/prod/sa/web', 'spiffe://example.org', 'spiffe://td.example-1_x/a/b.c/..d', 'SPIFFE://Example.org/x', 'spiffe://example.org:8443/web', 'spiffe://*/ns/*/sa/*'],
    run: (t) => { const r = parseSpiffeId(t as string); return JSON.stringify(r).length + (checkTrustDomain(t as string)?.length ?? 0); },
  },
  {
    name: 'duration', kind: 'text',
    seeds: () => ['2160h', '90d', '1h30m', '-1.5h', '300ms', '1µs', '9223372036854775807ns', '.5h', '1e3h', '+0', '1h1m1s1ms1us1ns'],
    run: (t) => JSON.stringify(parseGoDuration(t as string)).length,
  },
];

// ---- Issue 13, hostile input: HCL nesting through the linter and the JSON/SARIF writers; the
// folder walk (links back to a folder) and the per-file scan of what it finds. One block, so it
// merges apart from other targets.

/** A folder with a certificate, links back to itself and its parent, and a file the input goes into. */
let walkDir: string | undefined;
function walkFolder(): string {
  if (!walkDir) {
    walkDir = mkdtempSync(join(tmpdir(), 'certwright-fuzz-walk-'));
    writeFileSync(join(walkDir, 'leaf.crt'), readFileSync(join(FIXTURES, 'certs', 'leaf-server.crt')));
    mkdirSync(join(walkDir, 'sub'));
    symlinkSync('.', join(walkDir, 'loop'));
    symlinkSync('..', join(walkDir, 'sub', 'up'));
  }
  return walkDir;
}

/** Sum of 1-based positions, NaN when any is not a positive integer (a NaN column made SARIF invalid). */
function positionsSum(values: number[]): number {
  let n = 0;
  for (const v of values) n += Number.isInteger(v) && v >= 1 ? 1 : NaN;
  return n;
}

const HOSTILE_TARGETS: Target[] = [
  {
    name: 'hcl-lint', kind: 'text',
    seeds: hclSeeds,
    run: (t) => {
      const text = t as string;
      const records = toJsonFindings(lintTexts([{ path: 'spire/server.conf', text }]), (p) => p);
      const sarif = toSarif(records) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: Record<string, number> } }> }> }> };
      return positionsSum([
        ...records.flatMap((r) => [r.line, r.column, r.endLine, r.endColumn]),
        ...sarif.runs[0].results.flatMap((r) => Object.values(r.locations[0].physicalLocation.region)),
      ]);
    },
  },
  {
    name: 'file-walk', kind: 'bytes',
    seeds: () => [
      ...certFiles().slice(0, 8).map((p) => new Uint8Array(readFileSync(p))),
      new Uint8Array([0xff, ...enc.encode('tls.crt: MII' + 'A'.repeat(4000) + '\n')]),
      enc.encode('data:\n  ca.crt: ' + Buffer.from(readFileSync(join(FIXTURES, 'certs', 'leaf-server.crt'))).toString('base64') + '\n'),
    ],
    run: (b) => {
      const dir = walkFolder();
      writeFileSync(join(dir, 'sub', 'input.pem'), b as Uint8Array);
      const files = expandPaths([dir]);
      // Each file once, whatever the links; the certificate next to the input is always found.
      if (files.length !== 2 || walkRespectingGitignore(dir, () => true).length !== 2) return NaN;
      let n = 0;
      for (const f of files) {
        const s = scanBytes(readFileSync(f), { hasher: nodeHasher, maxObjects: 2000 });
        if (f.endsWith('leaf.crt') && !s.objects[0]?.result.ok) return NaN;
        n += s.objects.length + render(s.text ?? '', s.objects);
      }
      return n;
    },
  },
];
TARGETS.push(...HOSTILE_TARGETS);

/** Blow-ups for the targets above: HCL nested deep under a real server block, one-line base64. */
function hostileStructural(target: Target): fc.Arbitrary<string | Uint8Array> | undefined {
  const depth = fc.integer({ min: 100, max: 20_000 });
  if (target.name === 'hcl-lint') {
    const head = 'server {\n  trust_domain = "example.org"\n';
    return fc.oneof(
      depth.map((d) => head + 'a {\n'.repeat(d) + '}\n'.repeat(d) + '}\n'),
      depth.map((d) => head + '  x = ' + '['.repeat(d) + ']'.repeat(d) + '\n}\n'),
      depth.map((d) => head + '  x = ' + '{ a = '.repeat(d) + '1' + ' }'.repeat(d) + '\n}\n'),
    );
  }
  if (target.name === 'file-walk') {
    return fc.oneof(
      depth.map((d) => new Uint8Array([0xff, ...enc.encode('MII' + 'A'.repeat(d))])),
      depth.map((d) => enc.encode('-----BEGIN CERTIFICATE-----\n' + ' \n'.repeat(d) + '!:\n-----END CERTIFICATE-----\n')),
    );
  }
  return undefined;
}

// ---- authoring over the workspace's objects (#13): the code-action path and `manifests` --------

const k8sSeeds = () => yamlSeeds().filter((t) => /kind:\s*(Service|Deployment|StatefulSet|DaemonSet|Pod|CronJob|Certificate)\b/.test(t));

TARGETS.push(
  {
    // What the "Issue certificate for..." code actions do on each cursor move: the objects of the
    // document (cached per version), the object at the cursor, and its pre-filled SANs.
    name: 'author-code-actions', kind: 'text', seeds: k8sSeeds, maxInput: 8 * 1024,
    run: (t) => {
      const text = t as string;
      const docs = new DocumentObjects();
      const objects = docs.objects('k8s/fuzz.yaml', 1, () => text);
      let n = objects.length;
      for (const at of [0, text.length >> 2, text.length >> 1, text.length - 1, text.length + 1]) {
        const o = docs.at('k8s/fuzz.yaml', 1, () => text, at);
        if (o) n += JSON.stringify(prefillFor(o, objects, { trustDomain: 'example.org' })).length;
      }
      return n;
    },
  },
  {
    // Keystores and bundles (#17 part 5): PKCS#12, JKS and PKCS#7 files, and the same as base64
    // in a Secret, read by the structure only (no password: the key derivations are bounded
    // by MAX_ITERATIONS, checked in test/unit/containers.test.ts, and not fuzzed for time).
    name: 'keystores', kind: 'bytes',
    seeds: () => filesUnder(join(FIXTURES, 'containers'), /\.(p12|pfx|jks|p7b|p7c)$/).map((p) => new Uint8Array(readFileSync(p))),
    run: (b) => {
      const bytes = b as Uint8Array;
      const containers = { decode: decodeContainer };
      const s = scanBytes(bytes, { hasher: nodeHasher, maxObjects: 2000, containers });
      const t = scanText(`data:\n  keystore.p12: ${Buffer.from(bytes).toString('base64')}\n`, { hasher: nodeHasher, maxObjects: 2000, containers });
      return s.objects.length + render(s.text ?? '', s.objects) + t.objects.length + render('', t.objects);
    },
  },
  {
    // `certwright manifests FILE` and "Generate cert-manager Manifests": every Service found, with
    // its inferred profile and service account. Invalid names are refused with an AuthorError.
    name: 'author-manifests', kind: 'text', seeds: k8sSeeds, maxInput: 8 * 1024,
    run: (t) => {
      const objects = readK8sObjects('k8s/fuzz.yaml', t as string);
      const services = objects.filter((o) => o.kind === 'Service');
      if (!services.length) return objects.length;
      try {
        return certManagerManifests({ services: serviceTargets(services, objects) }).length;
      } catch (e) {
        if (e instanceof AuthorError) return e.message.length;
        throw e;
      }
    },
  },
);

// ---- mutations ---------------------------------------------------------------------------------

type Bytes = Uint8Array;
const enc = new TextEncoder();
const dec = (b: Bytes) => decodeLatin1(b);

/** Rewrites the DER length after a tag at `at` to a huge long form (length-field inflation). */
function inflateLength(b: Bytes, at: number, big: number): Bytes {
  const tags = [];
  for (let i = 0; i < b.length - 1; i++) if ([0x30, 0x31, 0x02, 0x03, 0x04, 0x06, 0x0c, 0x13, 0x17, 0x18, 0xa0, 0xa3].includes(b[i])) tags.push(i);
  if (!tags.length) return b;
  const i = tags[at % tags.length];
  const lenBytes = [0x84, (big >>> 24) & 0xff, (big >>> 16) & 0xff, (big >>> 8) & 0xff, big & 0xff];
  let skip = 1;
  if (b[i + 1] & 0x80) skip += b[i + 1] & 0x7f;
  const rest = b.subarray(Math.min(b.length, i + 1 + skip));
  return concat(b.subarray(0, i + 1), new Uint8Array(lenBytes), rest);
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ op: fc.constant('insertText' as const), at: fc.nat(), text: fc.constantFrom('{{ .Values.x }}', '*a', '&a ', '---\n', '- ', ': ', '"', "'", '\\', '\n', '  ', '[', '{', '}', ']', '#', '|', '>', '!!binary ', '-----BEGIN CERTIFICATE-----\n', '-----END CERTIFICATE-----\n', 'LS0tLS1CRUdJTi', 'MII', '\u0000', '\ufeff', '\u2028', 'https://svc.ns.svc:8443/', 'spiffe://', '${', '/*', '<<: *a\n') }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.nat(64) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat(256), times: fc.integer({ min: 2, max: 2000 }) }),
  fc.record({ op: fc.constant('inflate' as const), at: fc.nat(), big: fc.constantFrom(0x7fffffff, 0xffffffff, 0x10000, 0x7fff) }),
  fc.record({ op: fc.constant('zero' as const), at: fc.nat(), len: fc.nat(32) }),
);

function mutate(b: Bytes, m: { op: string; [k: string]: unknown }): Bytes {
  const n = b.length;
  const at = n ? (m.at as number) % (n + 1) : 0;
  switch (m.op) {
    case 'flip': { if (!n) return b; const c = b.slice(); c[at % n] ^= 1 << (m.bit as number); return c; }
    case 'truncate': return b.subarray(0, at);
    case 'insert': return concat(b.subarray(0, at), m.bytes as Bytes, b.subarray(at));
    case 'insertText': return concat(b.subarray(0, at), enc.encode(m.text as string), b.subarray(at));
    case 'delete': return concat(b.subarray(0, at), b.subarray(Math.min(n, at + (m.len as number))));
    case 'duplicate': {
      const piece = b.subarray(at, Math.min(n, at + (m.len as number)));
      const times = Math.min(m.times as number, Math.floor(2_000_000 / Math.max(1, piece.length)));
      const parts: Bytes[] = [b.subarray(0, at)];
      for (let i = 0; i < times; i++) parts.push(piece);
      parts.push(b.subarray(at));
      return concat(...parts);
    }
    case 'inflate': return inflateLength(b, m.at as number, m.big as number);
    case 'zero': { const c = b.slice(); c.fill(0, at, Math.min(n, at + (m.len as number))); return c; }
    default: return b;
  }
}

/** Deeply nested or hugely repeated inputs, per target kind (the classic blow-ups). */
function structural(target: Target): fc.Arbitrary<string | Uint8Array> {
  const own = hostileStructural(target);
  if (own) return own;
  const depth = fc.integer({ min: 100, max: 20_000 });
  if (target.kind === 'bytes') {
    return depth.map((d) => {
      // SEQUENCE { SEQUENCE { ... } } with indefinite-looking and long-form lengths.
      const parts: number[] = [];
      for (let i = 0; i < d; i++) parts.push(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff);
      return new Uint8Array(parts);
    });
  }
  return fc.oneof(
    depth.map((d) => '['.repeat(d) + ']'.repeat(d)),
    depth.map((d) => '{a: '.repeat(d) + '}'.repeat(d)),
    depth.map((d) => Array.from({ length: Math.min(d, 3000) }, (_, i) => ' '.repeat(i) + 'k:').join('\n')),
    depth.map((d) => 'server {\n'.repeat(d) + '}\n'.repeat(d)),
    depth.map((d) => '-----BEGIN CERTIFICATE-----\n'.repeat(d)),
    depth.map((d) => 'tls.crt: ' + 'MII'.repeat(d)),
    depth.map((d) => 'spiffe://' + 'a/'.repeat(d)),
    depth.map((d) => '1h'.repeat(d)),
    fc.constant(billionLaughs()),
  );
}

/** The "billion laughs": 9 levels of aliases, each a list of 10 of the previous. */
export function billionLaughs(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) lines.push(`  ${names[i]}: &${names[i]} [${Array(10).fill('*' + names[i - 1]).join(',')}]`);
  lines.push('spec:', '  dnsNames: *i');
  return lines.join('\n') + '\n';
}

/**
 * Inputs are capped at 16 KiB (YAML at 8 KiB): the properties are about hostile structure (nesting, aliases,
 * length fields, repetition), which shows at this size; time that grows with size is measured by
 * the benchmarks on 10 MB files.
 */
export const MAX_INPUT = 16 * 1024;
/** YAML gets 8 KiB: the `yaml` parser needs about 4 ms per KiB of broken text on a slow machine. */
export const MAX_YAML_INPUT = 8 * 1024;

/** Inputs for a target: mutated seeds (1 to 4 mutations), structural blow-ups, or random data. */
export function inputs(target: Target): fc.Arbitrary<string | Uint8Array> {
  const max = target.maxInput ?? (target.name === 'yaml-lint' ? MAX_YAML_INPUT : MAX_INPUT);
  const cap = <T extends string | Uint8Array>(x: T): T => (x.length > max ? (x.slice(0, max) as T) : x);
  const seeds = target.seeds().map((s) => (typeof s === 'string' ? enc.encode(s) : s));
  const fromSeed = fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => ms.reduce((b, m) => mutate(b, m as never), seed));
  const random = target.kind === 'bytes' ? fc.uint8Array({ maxLength: 512 }) : fc.string({ maxLength: 256, unit: 'binary' }).map((s) => enc.encode(s));
  return fc.oneof(
    { weight: 8, arbitrary: fromSeed.map((b) => (target.kind === 'bytes' ? b : dec(b))) },
    { weight: 1, arbitrary: structural(target) },
    { weight: 1, arbitrary: random.map((b) => (target.kind === 'bytes' ? b : dec(b))) },
  ).map(cap);
}

/** Saved failing inputs of a target (test/fixtures/fuzz/<target>/*), replayed by npm test. */
export function regressions(target: Target): Array<{ file: string; input: string | Uint8Array }> {
  const dir = join(REGRESSIONS, target.name);
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.bin')).sort(); } catch { return []; }
  return names.map((n) => {
    const b = new Uint8Array(readFileSync(join(dir, n)));
    return { file: join(dir, n), input: target.kind === 'bytes' ? b : dec(b) };
  });
}
