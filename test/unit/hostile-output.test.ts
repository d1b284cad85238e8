// Generated text an input cannot break out of (#13): hostile strings (newlines, `"""`, `*/`,
// \r, U+2028, backticks, `${`, `#`, `---`, a BOM, a lone surrogate, NUL) fed to every generator
// that interpolates input: the Secret, cert-manager manifests (--spiffe), PEM to Certificate,
// and the scaffold's Go, Python and Node code. The YAML parses into exactly the expected
// documents; the code compiles (gofmt -e, python3 compile + tokenize, the TypeScript scanner)
// and the hostile text is only ever inside a string literal or a comment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AuthorError, certificateSpecFromPem, certManagerManifests, spiffeId, tlsSecretYaml } from '../../src/core/author';
import { bitString, ctx, int, octets, oid, seq, set, time, tlv, uint, utf8 } from '../../src/core/author/der-writer';
import { generateKey, sign, signatureAlgorithm } from '../../src/core/author/keys';
import { toPem } from '../../src/core/bytes';
import { commentText, goString, jsString, pyDocText, pyString } from '../../src/core/escape';
import { scaffold, scaffoldManifests } from '../../src/core/scaffold';
import type { ScaffoldOptions } from '../../src/core/scaffold';
import { ROOT } from './helpers';
import { runCli, tempDirs } from './cli-helpers';

const tmp = tempDirs('cw-hostile-');

const HOSTILE = [
  'a\nkind: ClusterRoleBinding',
  '"""\nimport os; os.system("id")\n"""',
  '*/ require("child_process").execSync("id"); /*',
  'x\ry',
  'x\u2028y\u2029z',
  '`${process.exit(1)}`',
  '${HOME}',
  '# not a comment',
  '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding',
  '\\N{x}\\x\\',
  "'quote\"",
  '\ufeffbom',
  'lone\ud800surrogate',
  'nul\u0000byte',
  'é😀',
];

test('commentText keeps a comment on one line; the literals decode back to the input', () => {
  for (const h of HOSTILE) {
    const c = commentText(h);
    assert.ok(!/[\n\r\u2028\u2029\u0000\ufeff]/.test(c), JSON.stringify(c));
    // JavaScript: the literal is JSON with two extra escapes.
    assert.equal(JSON.parse(jsString(h)), h);
    assert.ok(!/[\u2028\u2029]/.test(jsString(h)));
    // Go and Python literals hold printable ASCII only.
    for (const q of [goString(h), pyString(h)]) assert.match(q, /^"([\x20-\x21\x23-\x5b\x5d-\x7e]|\\["\\nrtuU])*"$/);
    // In a docstring: every `"` and `\` escaped, so nothing ends it early.
    assert.ok(!pyDocText(h).replace(/\\./g, '').includes('"') && !/[\n\r]/.test(pyDocText(h)));
  }
  assert.equal(goString('/certs/tls.crt'), JSON.stringify('/certs/tls.crt'), 'plain paths are quoted as before (the snippets do not change)');
  assert.equal(goString('😀'), '"\\U0001f600"');
  assert.equal(goString('lone\ud800'), '"lone\\ufffd"');
});

test('Python and Go agree: each literal evaluates to the input (lone surrogates as U+FFFD in Go)', () => {
  const py = spawnSync('python3', ['-c', 'import sys, json\nfor line in sys.stdin.read().splitlines():\n    print(json.dumps(eval(line)))'], { input: HOSTILE.map(pyString).join('\n'), encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(py.stdout.trim().split('\n').map((l) => JSON.parse(l)), HOSTILE.map((h) => h.replace(/\ud800/g, '\ufffd')));
});

/** A self-signed certificate with whatever subject and DNS SANs (bypassing the authoring checks, as a hostile repository would). */
async function hostileCert(cn: string | undefined, dns: string[]): Promise<{ certText: string; keyText: string }> {
  const key = await generateKey('ecdsa-p256');
  const alg = signatureAlgorithm(key);
  const name = cn === undefined ? seq() : seq(set(seq(oid('2.5.4.3'), utf8(cn))));
  const sans = seq(...dns.map((d) => tlv(0x82, new TextEncoder().encode(d))));
  const now = new Date();
  const tbs = seq(ctx(0, true, int(2)), uint(new Uint8Array([7])), alg, name, seq(time(now), time(new Date(now.getTime() + 864e5))), name, key.spki,
    ctx(3, true, seq(seq(oid('2.5.29.17'), octets(sans)))));
  return { certText: toPem('CERTIFICATE', seq(tbs, alg, bitString(await sign(key, tbs)))), keyText: toPem('PRIVATE KEY', key.pkcs8) };
}

/** Parses YAML output: no errors, and exactly these kinds, in order. */
function kinds(yaml: string): string[] {
  const docs = parseAllDocuments(yaml);
  for (const d of docs) assert.deepEqual(d.errors, [], yaml);
  return docs.map((d) => (d.toJS() as { kind?: string } | null)?.kind ?? '(empty)');
}

test('secret: a hostile first DNS SAN or common name stays in its comment: one Secret, nothing else', async () => {
  for (const h of HOSTILE) {
    for (const [cn, dns] of [[undefined, [h]], [h, ['ok.example']]] as Array<[string | undefined, string[]]>) {
      const c = await hostileCert(cn, dns);
      const r = await tlsSecretYaml({ certText: c.certText, keyText: c.keyText, name: 'x-tls' });
      assert.deepEqual(kinds(r.yaml), ['Secret'], JSON.stringify(h));
      const doc = parseAllDocuments(r.yaml)[0].toJS() as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), ['apiVersion', 'kind', 'metadata', 'type', 'data']);
      for (const line of r.yaml.split('\n')) assert.ok(line === '' || line.startsWith('#') || /^(\w|  |---)/.test(line), JSON.stringify(line));
    }
  }
});

test('PEM to Certificate: hostile SANs and names stay in strings and comments', async () => {
  for (const h of HOSTILE) {
    const c = await hostileCert(h, [h, 'ok.example']);
    assert.deepEqual(kinds(certificateSpecFromPem(c.certText, { name: 'x' })), ['Certificate'], JSON.stringify(h));
  }
});

test('manifests --spiffe: service account names and trust domains are validated (Kubernetes and SPIFFE rules), with a clear refusal', async () => {
  const bad = ['x/../../../ns/kube-system/sa/admin\n', 'a/b', 'A', '', 'a\nkind: ClusterRoleBinding', '..', 'x'.repeat(254)];
  for (const sa of bad) {
    assert.throws(() => certManagerManifests({ services: [{ name: 'payment', namespace: 'prod', serviceAccount: sa }], spiffeTrustDomain: 'cluster.local' }),
      (e: unknown) => e instanceof AuthorError && /service account name .* is not a valid Kubernetes name \(DNS-1123 subdomain/.test(e.message), JSON.stringify(sa));
  }
  for (const td of ['example.org/ns/kube-system/sa/admin', 'Example.org', 'a b', 'a\nb', 'spiffe://x', 'td:443', 'x'.repeat(256)]) {
    assert.throws(() => certManagerManifests({ services: [{ name: 'payment', namespace: 'prod' }], spiffeTrustDomain: td }), /SPIFFE trust domain/, JSON.stringify(td));
    assert.throws(() => spiffeId(td, 'prod', 'default'), AuthorError);
  }
  const ok = certManagerManifests({ services: [{ name: 'payment', namespace: 'prod', serviceAccount: 'payment.v2' }], spiffeTrustDomain: 'example.org' });
  assert.match(ok, /- spiffe:\/\/example\.org\/ns\/prod\/sa\/payment\.v2\n/);
  // The CLI: a hostile serviceAccountName in the YAML is refused with one line, nothing printed.
  const d = tmp();
  writeFileSync(join(d, 'app.yaml'), [
    'apiVersion: v1\nkind: Service\nmetadata: {name: payment, namespace: prod}\nspec: {selector: {app: payment}}',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payment, namespace: prod}\nspec:\n  template:\n    metadata: {labels: {app: payment}}\n    spec:\n      serviceAccountName: "x/../../../ns/kube-system/sa/admin\\nkind: ClusterRoleBinding"\n      containers: [{name: a, image: a}]',
  ].join('\n---\n'));
  const r = await runCli('manifests', '--spiffe', 'cluster.local', join(d, 'app.yaml'));
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^certwright manifests: SPIFFE ID: service account name "x\/\.\.\/\.\.\/\.\.\/ns\/kube-system\/sa\/admin\\nkind: ClusterRoleBinding" is not a valid Kubernetes name/);
});

test('scaffold manifests: a hostile --cert-dir stays a YAML string and a comment', () => {
  for (const h of HOSTILE) {
    const yaml = scaffoldManifests({ name: 'payment', namespace: 'prod', role: 'server', lang: 'go', certDir: `/certs/${h}` });
    assert.deepEqual(kinds(yaml), ['ClusterIssuer', 'Certificate', 'ClusterIssuer', 'Certificate', 'ServiceAccount', 'Deployment', 'Service'], JSON.stringify(h));
  }
});

const VARIANTS: Array<Omit<ScaffoldOptions, 'certDir'>> = [
  { lang: 'go', role: 'both' },
  { lang: 'python', role: 'both' },
  { lang: 'python', role: 'both', framework: 'flask' },
  { lang: 'node', role: 'both' },
  { lang: 'node', role: 'both', typescript: true },
];

/** The code with every escaped form of the hostile cert dir put back to the benign one's. */
function normalized(content: string, path: string, hostile: string, benign: string): string {
  const q = path.endsWith('.go') ? goString : path.endsWith('.py') ? pyString : jsString;
  const forms: Array<(s: string) => string> = [q, commentText, pyDocText];
  let out = content;
  for (const f of ['tls.crt', 'tls.key', 'ca.crt']) {
    for (const form of forms) out = out.split(form(`${hostile}/${f}`)).join(form(`${benign}/${f}`));
  }
  return out;
}

test('scaffold: a hostile --cert-dir only ever lands inside a string literal or a comment (every language), and the code still compiles', () => {
  const d = tmp();
  const pyFiles: string[] = [];
  const goDirs: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = (module.require as (id: string) => typeof import('typescript'))(join(ROOT, 'node_modules', 'typescript'));
  HOSTILE.forEach((h, i) => {
    const hostileDir = `/certs/${h}`;
    for (const v of VARIANTS) {
      const benign = scaffold({ ...v, certDir: '/certs/benign' });
      const files = scaffold({ ...v, certDir: hostileDir });
      files.forEach((f, k) => {
        if (/README|go\.mod|requirements/.test(f.path)) return;
        assert.equal(normalized(f.content, f.path, hostileDir, '/certs/benign'), benign[k].content, `${f.path}: ${JSON.stringify(h)} appears outside its escaped places`);
        const p = join(d, String(i), `${v.lang}-${v.framework ?? ''}${v.typescript ? 'ts' : ''}`, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
        if (p.endsWith('.py')) pyFiles.push(p);
        if (p.endsWith('.go')) goDirs.push(p);
        if (/\.(mjs|ts)$/.test(p)) {
          // The TypeScript scanner: the same tokens as the benign code, apart from string and comment text.
          const tokens = (text: string) => {
            const s = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
            const out: string[] = [];
            const open: Array<'brace' | 'template'> = [];
            for (let t = s.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = s.scan()) {
              if (t === ts.SyntaxKind.OpenBraceToken) open.push('brace');
              else if (t === ts.SyntaxKind.TemplateHead) open.push('template');
              else if (t === ts.SyntaxKind.CloseBraceToken && open.pop() === 'template') {
                t = s.reScanTemplateToken(false);
                if (t === ts.SyntaxKind.TemplateMiddle) open.push('template');
              }
              const text = t === ts.SyntaxKind.StringLiteral || t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia ? '' : s.getTokenText();
              out.push(`${t}:${text}`);
            }
            return out;
          };
          assert.deepEqual(tokens(f.content), tokens(benign[k].content), `${f.path}: ${JSON.stringify(h)}`);
          const diag = ts.transpileModule(f.content, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).diagnostics ?? [];
          assert.deepEqual(diag.map((x) => x.messageText), [], `${f.path}: ${JSON.stringify(h)}`);
        }
      });
    }
  });
  // Python: compiles, and tokenizes to the same non-string, non-comment tokens as a benign copy.
  const py = spawnSync('python3', ['-c', [
    'import sys, tokenize, io',
    'bad = []',
    'for p in sys.argv[1:]:',
    '    src = open(p, encoding="utf-8").read()',
    '    compile(src, p, "exec")',
    '    toks = [t.string for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type not in (tokenize.STRING, tokenize.COMMENT)]',
    '    names = [t for t in toks if t.isidentifier()]',
    '    if "system" in names: bad.append(p)',
    'print("\\n".join(bad))',
  ].join('\n'), ...pyFiles], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.equal(py.stdout.trim(), '', 'no os.system call outside a string');
  const gofmt = spawnSync('gofmt', ['-e', '-l', ...goDirs], { encoding: 'utf8' });
  assert.equal(gofmt.status, 0, gofmt.stderr);
  assert.equal(gofmt.stderr, '');
});
