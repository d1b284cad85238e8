// trust-root-missing on URLs dialed in code (#17 part 2, lane t17c): the CA file a Go, Python or
// Node program loads (a literal path, or an env var read in code that the workload sets), followed
// through the mounts of the workload that runs the code (its image named after the code's folder)
// to a Secret key and its root. Failing, passing and unknown cases with exact ranges; cases from
// trust-code-cases.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, lintWorkspace, Workspace, type LintFinding } from '../../src/core/lint/index';
import { codeTrust } from '../../src/core/lint/code-trust';
import { codeClient, codeCorpus, goClient, nodeClient, pyClient, type CodeClientOpts } from './trust-code-cases';
import type { Input } from './trust-cases';
import { join } from 'node:path';
import { FIXTURES, readFolder } from './helpers';

const URL = 'https://api.payments.svc:8443';
const mine = (files: Input[]) => lintTexts(files).filter((f) => f.code === 'trust-root-missing');
const at = (files: Input[], f: LintFinding) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);

interface Case {
  name: string;
  code: Input;
  client?: CodeClientOpts;
  extra?: Input[];
  /** The finding: [line, column] (0-based) of the URL in the code file; undefined: silent. */
  at?: [number, number];
  /** What the message says the program trusts. */
  trusts?: RegExp;
}

const ENV = (n: string): CodeClientOpts => ({ env: [[n, '/etc/tls/ca.crt']] });
const GOOD = { issuer: 'payments-ca' };
const GO = 'apps/orders/main.go', PY = 'apps/orders/client.py', JS = 'apps/orders/client.js';
const ORDERS_ROOT = /trusts only \/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root Certificate "orders-root" \(namespace cert-manager, platform\/pki\.yaml\)\)/;

const CASES: Case[] = [
  // ---- Go ----
  { name: 'Go: os.ReadFile of a literal path into x509.NewCertPool, RootCAs: the Secret of another CA', code: { path: GO, text: goClient() }, at: [32, 26], trusts: ORDERS_ROOT },
  { name: 'Go: the right CA', code: { path: GO, text: goClient() }, client: GOOD },
  { name: 'Go: os.Getenv("TLS_CA_FILE") the workload sets', code: { path: GO, text: goClient('os.Getenv("TLS_CA_FILE")') }, client: ENV('TLS_CA_FILE'), at: [32, 26], trusts: /trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt/ },
  { name: 'Go: os.Getenv("TLS_CA_FILE") through a package variable', code: { path: GO, text: goClient('caFile', undefined, '\nvar caFile = os.Getenv("TLS_CA_FILE")\n') }, client: ENV('TLS_CA_FILE'), at: [34, 26] },
  { name: 'Go: os.Getenv of the right CA', code: { path: GO, text: goClient('os.Getenv("TLS_CA_FILE")') }, client: { ...GOOD, ...ENV('TLS_CA_FILE') } },
  { name: 'Go unknown: a computed path', code: { path: GO, text: goClient('filepath.Join(os.Getenv("CERT_DIR"), "ca.crt")') } },
  { name: 'Go unknown: a flag (set by the command line)', code: { path: GO, text: goClient('*caFile', undefined, '\nvar caFile = flag.String("ca-file", "/etc/tls/ca.crt", "CA file")\n') } },
  { name: 'Go unknown: a name assigned twice', code: { path: GO, text: goClient('caFile', undefined, '\nvar caFile = "/etc/tls/ca.crt"\n\nfunc init() { caFile = os.Getenv("CA") }\n') } },
  { name: 'Go unknown: the env var read is not set by the workload', code: { path: GO, text: goClient('os.Getenv("TLS_CA_FILE")') } },
  { name: 'Go unknown: the path is in no mount (baked into the image)', code: { path: GO, text: goClient('"/usr/local/share/ca-certificates/payments.crt"') } },
  { name: 'Go unknown: the workload mounts nothing there', code: { path: GO, text: goClient() }, client: { mountPath: '/var/run/tls' } },
  { name: 'Go unknown: two workloads run the image named after the code', code: { path: GO, text: goClient() }, extra: [{ path: 'apps/orders/canary.yaml', text: codeCanary() }] },
  { name: 'Go unknown: no workload runs an image named after the code (cmd/client)', code: { path: 'cmd/client/main.go', text: goClient() } },
  // The URL dialed through another client than the one holding the loaded pool: the system roots (or another trust), unknown.
  { name: 'Go unknown: http.Get dials the URL (the default client) while another client loads the CA', code: { path: GO, text: goClient().replace('client.Get(', 'http.Get(') } },
  { name: 'Go unknown: http.DefaultClient dials the URL', code: { path: GO, text: goClient().replace('client.Get(', 'http.DefaultClient.Get(') } },
  { name: 'Go unknown: a second http.Client{} without the TLS config dials the URL', code: { path: GO, text: goClient().replace('resp, err := client.Get(', 'plain := &http.Client{Timeout: 5 * time.Second}\n\t_ = client\n\tresp, err := plain.Get(') } },
  { name: 'Go unknown: resty (its own transport, the system roots) dials the URL', code: { path: GO, text: goClient().replace('resp, err := client.Get(', '_ = client\n\tresp, err := resty.New().R().Get(') } },
  { name: 'Go unknown: a second tls.Config{} (which one dials is not read)', code: { path: GO, text: goClient().replace('func main() {', 'var other = &tls.Config{MinVersion: tls.VersionTLS13}\n\nfunc main() {') } },
  { name: 'Go: the client built in a function returning *http.Client and *tls.Config (return types are not a second client)', code: { path: GO, text: goClient().replace('func main() {', 'func tlsConfig() *tls.Config { return nil }\n\nfunc newClient() *http.Client { return nil }\n\nfunc main() {') }, at: [36, 26] },
  { name: 'Go: InsecureSkipVerify is another rule\'s', code: { path: GO, text: goClient().replace('MinVersion:   tls.VersionTLS12,', 'InsecureSkipVerify: true,') } },
  { name: 'Go: a server\'s client CA pool (ClientCAs) is not a client\'s trust', code: { path: GO, text: goClient().replace('RootCAs:      caCertPool,', 'ClientCAs:    caCertPool,') } },
  // ---- Python ----
  { name: 'Python: requests verify= a literal path, the Secret of another CA', code: { path: PY, text: pyClient() }, at: [4, 16], trusts: ORDERS_ROOT },
  { name: 'Python: the right CA', code: { path: PY, text: pyClient() }, client: GOOD },
  { name: 'Python: verify=os.environ["REQUESTS_CA_BUNDLE"] the workload sets', code: { path: PY, text: pyClient('os.environ["REQUESTS_CA_BUNDLE"]') }, client: ENV('REQUESTS_CA_BUNDLE'), at: [4, 16], trusts: /REQUESTS_CA_BUNDLE=\/etc\/tls\/ca\.crt/ },
  { name: 'Python: a module constant from os.environ.get with a default the workload leaves', code: { path: PY, text: pyClient('CA_FILE', '\nCA_FILE = os.environ.get("SSL_CERT_FILE", "/etc/tls/ca.crt")\n') }, at: [6, 16] },
  { name: 'Python: ssl.create_default_context(cafile=) given to httpx', code: { path: PY, text: httpxClient() }, at: [6, 44] },
  { name: 'Python: ssl.create_default_context(cafile=) of the right CA', code: { path: PY, text: httpxClient() }, client: GOOD },
  { name: 'Python: session.verify = the CA, the URL constant dialed through the session', code: { path: PY, text: pySession('session.post(PAYMENTS') }, at: [4, 12], trusts: ORDERS_ROOT },
  { name: 'Python unknown: requests.post(URL) without verify= while the session has verify= (the default bundle)', code: { path: PY, text: pySession('requests.post(PAYMENTS') } },
  { name: 'Python unknown: the URL constant dialed through the session and through requests without verify=', code: { path: PY, text: pySession('session.post(PAYMENTS') + '\n\ndef ping():\n    return requests.get(PAYMENTS, timeout=2)\n' } },
  { name: 'Python: a second URL in requests.get without verify= is unknown, the one with verify= still found', code: { path: PY, text: pyClient() + '\n\ndef health() -> bool:\n    return requests.get("https://api.payments.svc:8443/healthz", timeout=2).ok\n' }, at: [4, 16] },
  { name: 'Python unknown: httpx.get(URL) without verify= while an ssl context loads the CA', code: { path: PY, text: httpxClient().replace('client = httpx.Client(verify=ctx, base_url=', 'r = httpx.get(') } },
  { name: 'Python unknown: a session without verify dials the URL (another session has it)', code: { path: PY, text: pySession('plain.post(PAYMENTS').replace('\ndef charge', 'plain = requests.Session()\n\ndef charge') } },
  { name: 'Python: with httpx.Client(verify=ctx) as client, the URL dialed by that client', code: { path: PY, text: 'import ssl\n\nimport httpx\n\nctx = ssl.create_default_context(cafile="/etc/tls/ca.crt")\n\nwith httpx.Client(verify=ctx) as client:\n    client.get("https://api.payments.svc:8443/v1/charge")\n' }, at: [7, 16] },
  { name: 'Python unknown: a computed path', code: { path: PY, text: pyClient('os.path.join(CERT_DIR, "ca.crt")') } },
  { name: 'Python unknown: a relative path', code: { path: PY, text: pyClient("'ca.crt'") } },
  { name: 'Python: verify=False is another rule\'s', code: { path: PY, text: pyClient('False') } },
  // ---- Node ----
  { name: 'Node: https.Agent ca: fs.readFileSync of a literal path, the Secret of another CA', code: { path: JS, text: nodeClient() }, at: [9, 11], trusts: ORDERS_ROOT },
  { name: 'Node: the right CA', code: { path: JS, text: nodeClient() }, client: GOOD },
  { name: 'Node: ca: fs.readFileSync(process.env.NODE_EXTRA_CA_CERTS) the workload sets', code: { path: JS, text: nodeClient('fs.readFileSync(process.env.NODE_EXTRA_CA_CERTS)') }, client: ENV('NODE_EXTRA_CA_CERTS'), at: [9, 11], trusts: /NODE_EXTRA_CA_CERTS=\/etc\/tls\/ca\.crt/ },
  { name: 'Node (TypeScript): const ca = readFileSync(...), { ca } shorthand', code: { path: 'apps/orders/client.ts', text: nodeClient('ca').replace("const agent", "const ca = fs.readFileSync('/etc/tls/ca.crt', 'utf8');\nconst agent") }, at: [10, 11] },
  { name: 'Node unknown: fetch(URL) (undici ignores the https.Agent) while the agent loads the CA', code: { path: JS, text: nodeClient().replace("https.get('https://api.payments.svc:8443/v1/charge', { agent }, (res) => {", "fetch('https://api.payments.svc:8443/v1/charge', { agent }).then((res) => {") } },
  { name: 'Node unknown: https.get(URL) without the agent', code: { path: JS, text: nodeClient().replace('{ agent }, ', '') } },
  { name: 'Node unknown: https.get(URL) with a second Agent that holds no CA', code: { path: JS, text: nodeClient().replace('https.get(', "const plain = new https.Agent({ keepAlive: true });\nhttps.get(").replace('{ agent }', '{ agent: plain }') } },
  { name: 'Node unknown: https.get(URL) through a proxy agent that holds no CA (HttpsProxyAgent)', code: { path: JS, text: nodeClient().replace('https.get(', "const proxied = new HttpsProxyAgent(process.env.HTTPS_PROXY);\nhttps.get(").replace('{ agent }', '{ agent: proxied }') } },
  { name: 'Node unknown: the agent passed is made by a function (which one is not read)', code: { path: JS, text: nodeClient().replace('{ agent }', '{ agent: agentFor(url) }') } },
  { name: 'Node: the CA agent under another name (agent: paymentsAgent)', code: { path: JS, text: nodeClient().replace('const agent =', 'const paymentsAgent =').replace('{ agent }', '{ agent: paymentsAgent }') }, at: [9, 11] },
  { name: 'Node unknown: axios.get(URL) without an httpsAgent', code: { path: JS, text: nodeClient().replace("https.get('https://api.payments.svc:8443/v1/charge', { agent }, (res) => {", "require('axios').get('https://api.payments.svc:8443/v1/charge').then((res) => {").replace("require('axios')", 'axios') } },
  { name: 'Node: fetch with an undici dispatcher whose connect options hold the CA', code: { path: JS, text: "const fs = require('fs');\nconst { Agent } = require('undici');\n\nconst dispatcher = new Agent({ connect: { ca: fs.readFileSync('/etc/tls/ca.crt') } });\n\nconst PAYMENTS = 'https://api.payments.svc:8443/v1/charge';\nfetch(PAYMENTS, { dispatcher }).then((r) => r.json());\n" }, at: [5, 18], trusts: ORDERS_ROOT },
  { name: 'Node: axios.create with baseURL and an httpsAgent holding the CA', code: { path: JS, text: "const fs = require('fs');\nconst https = require('https');\nconst axios = require('axios');\n\nconst api = axios.create({\n  baseURL: 'https://api.payments.svc:8443/v1',\n  httpsAgent: new https.Agent({ ca: fs.readFileSync('/etc/tls/ca.crt') }),\n});\n" }, at: [5, 12] },
  { name: 'Node unknown: a computed path', code: { path: JS, text: nodeClient("fs.readFileSync(path.join(__dirname, 'ca.crt'))") } },
  { name: 'Node unknown: the CA list holds the default roots too', code: { path: JS, text: nodeClient("[...tls.rootCertificates, fs.readFileSync('/etc/tls/ca.crt')]") } },
  { name: 'Node: rejectUnauthorized: false is another rule\'s', code: { path: JS, text: nodeClient().replace('ca:', 'rejectUnauthorized: false,\n  ca:') } },
];

function codeCanary(): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-canary
  namespace: orders
spec:
  selector:
    matchLabels:
      app: orders-canary
  template:
    metadata:
      labels:
        app: orders-canary
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:2.1.0-rc.1
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
      volumes:
        - name: tls
          secret:
            secretName: payments-client-tls
`;
}

/** A requests Session whose verify is the CA file, and one call (`call`) dialing the URL constant. */
function pySession(call: string): string {
  return `import requests

session = requests.Session()
session.verify = "/etc/tls/ca.crt"
PAYMENTS = "https://api.payments.svc:8443/v1/charge"

def charge(order_id: str) -> dict:
    return ${call}, json={"order": order_id}, timeout=5).json()
`;
}

function httpxClient(): string {
  return `import ssl

import httpx

ctx = ssl.create_default_context(cafile="/etc/tls/ca.crt")
ctx.load_cert_chain("/etc/tls/tls.crt", "/etc/tls/tls.key")
client = httpx.Client(verify=ctx, base_url="https://api.payments.svc:8443")
`;
}

for (const c of CASES) {
  test(`trust-root-missing in code: ${c.name}`, () => {
    const files = codeCorpus([c.code], c.client, c.extra);
    const got = mine(files);
    if (!c.at) { assert.deepEqual(got.map((f) => f.message), []); return; }
    assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
    const f = got[0];
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.file, f.line, f.column, f.endLine, f.endColumn, at(files, f)], [c.code.path, c.at[0], c.at[1], c.at[0], c.at[1] + URL.length, URL]);
    assert.match(f.message, /^https:\/\/api\.payments\.svc:8443 reaches Service "api", whose pods serve Certificate "api" chaining to root Certificate "payments-root" \(namespace cert-manager, platform\/pki\.yaml\), but this program \(run by Deployment "orders"\) trusts only /);
    if (c.trusts) assert.match(f.message, c.trusts);
  });
}

test('trust-root-missing in code: the message names the failure in the language; related places go from the server\'s certificate and the missing root to the CA load in the code, the workload and the client\'s Certificate', () => {
  const files = codeCorpus([{ path: GO, text: goClient() }]);
  const [f] = mine(files);
  assert.match(f.message, /Go fails with "tls: failed to verify certificate: x509: certificate signed by unknown authority"\. Add that root/);
  assert.deepEqual(f.related?.map((r) => [r.file, r.line, r.message]), [
    ['apps/payments/api.yaml', 3, 'Certificate "api" in namespace payments: the certificate the server presents'],
    ['platform/pki.yaml', 10, 'root Certificate "payments-root" (namespace cert-manager, platform/pki.yaml): the root the client lacks'],
    ['apps/orders/main.go', 21, 'apps/orders/main.go: the program loads /etc/tls/ca.crt as its CA'],
    ['apps/orders/orders.yaml', 20, 'Deployment "orders" in namespace orders: runs apps/orders/main.go (its container "orders" mounts the CA file)'],
    ['apps/orders/orders.yaml', 3, 'Certificate "orders" in namespace orders: what /etc/tls/ca.crt holds'],
  ]);
  const load = f.related![2];
  assert.equal(files.find((x) => x.path === GO)!.text.slice(load.start, load.end), 'caCert');
  assert.match(mine(codeCorpus([{ path: PY, text: pyClient() }]))[0].message, /Python fails with "\[SSL: CERTIFICATE_VERIFY_FAILED\] certificate verify failed"/);
  assert.match(mine(codeCorpus([{ path: JS, text: nodeClient() }]))[0].message, /Node fails with a certificate verification error/);
});

test('trust-root-missing in code: a CA env var the container sets but the code does not read is trusted too (Go\'s SSL_CERT_FILE); one the linter cannot follow makes it unknown', () => {
  // The code loads orders' CA, the container's SSL_CERT_FILE names a file of a Secret the linter cannot follow: silent.
  const files = codeCorpus([{ path: GO, text: goClient() }], { env: [['SSL_CERT_FILE', '/etc/ssl/certs/ca-certificates.crt']] });
  assert.deepEqual(mine(files), []);
  // ... and names orders' own ca.crt: still missing, both named.
  const same = mine(codeCorpus([{ path: GO, text: goClient() }], { env: [['SSL_CERT_FILE', '/etc/tls/ca.crt']] }));
  assert.equal(same.length, 1);
  assert.match(same[0].message, /trusts only \/etc\/tls\/ca\.crt \(.*\); SSL_CERT_FILE=\/etc\/tls\/ca\.crt \(/);
});

test('trust-root-missing in code: URLs in comments are not dialed; a URL to a host outside the workspace is not checked', () => {
  const text = goClient().replace('func main() {', '// Dials https://api.payments.svc:8443 (see README).\nfunc main() {');
  assert.equal(mine(codeCorpus([{ path: GO, text }])).length, 1);
  assert.deepEqual(mine(codeCorpus([{ path: GO, text: goClient(undefined, 'https://api.stripe.com/v1/charges') }])), []);
});

test('codeTrust: the CA files Go, Python and Node code loads, or undefined when not provable', () => {
  const files = (path: string, text: string) => codeTrust(path, text)?.loads.map((l) => l.file);
  assert.deepEqual(files('a.go', goClient()), [{ path: '/etc/tls/ca.crt' }]);
  assert.deepEqual(files('a.go', goClient('os.Getenv("SSL_CERT_FILE")')), [{ env: 'SSL_CERT_FILE', fallback: undefined }]);
  assert.equal(files('a.go', goClient('caPath')), undefined, 'a name never assigned');
  assert.deepEqual(files('a.py', pyClient('os.getenv("CA_FILE", "/etc/ca/ca.pem")')), [{ env: 'CA_FILE', fallback: '/etc/ca/ca.pem' }]);
  assert.deepEqual(files('a.py', 'import requests\ns = requests.Session()\ns.verify = "/etc/tls/ca.crt"\n'), [{ path: '/etc/tls/ca.crt' }]);
  assert.deepEqual(files('a.py', 'import ssl\nctx = ssl.create_default_context()\nctx.load_verify_locations("/etc/tls/ca.crt")\n'), [{ path: '/etc/tls/ca.crt' }]);
  assert.equal(files('a.py', 'import ssl\nctx = ssl.create_default_context()\nctx.load_verify_locations(capath="/etc/ssl/certs")\n'), undefined, 'a CA folder');
  assert.deepEqual(files('a.mjs', "import { readFileSync } from 'node:fs';\nconst agent = new Agent({ ca: [readFileSync('/a/ca.crt'), readFileSync(process.env['EXTRA_CA'] ?? '/b/ca.crt')] });\n"), [{ path: '/a/ca.crt' }, { env: 'EXTRA_CA', fallback: '/b/ca.crt' }]);
  assert.equal(files('a.js', "const ok = a ? ca : b;\n"), undefined);
  assert.equal(files('a.js', "https.createServer({ ca: fs.readFileSync('/etc/tls/ca.crt'), requestCert: true });\n"), undefined, 'a server');
  assert.equal(files('a.rb', 'ca: 1'), undefined);
  assert.equal(codeTrust('a.go', goClient().replace('x509.NewCertPool()', 'x509.SystemCertPool()'))?.withSystemRoots, true);
});

test('codeTrust: hostile input stays linear (long lines, unclosed brackets, many loads)', () => {
  const big = `x = { ca: fs.readFileSync(${'('.repeat(50_000)}\n` + "x = { ca: fs.readFileSync('/a') }\n".repeat(5_000);
  assert.equal(codeTrust('big.js', big), undefined);
  const many = "const https = require('https');\n" + "new https.Agent({ ca: fs.readFileSync('/etc/tls/ca.crt') });\n".repeat(5_000);
  assert.equal(codeTrust('many.js', many)?.loads.length, 5_000);
  const names = "const ca = fs.readFileSync('/etc/tls/ca.crt');\n" + 'new https.Agent({ ca });\n'.repeat(20_000);
  assert.equal(codeTrust('names.js', names)?.loads.length, 20_000);
  const params = 'function f(a, b) {}\n'.repeat(20_000) + "const ca = fs.readFileSync('/x');\nnew Agent({ ca });\n";
  assert.equal(codeTrust('params.js', params)?.loads.length, 1);
});

test('trust-root-missing in code: which client dials a URL stays linear (many URL constants, many uses of one name, unclosed calls)', () => {
  const consts = 'import requests\ns = requests.Session()\ns.verify = "/etc/tls/ca.crt"\n' + Array.from({ length: 5_000 }, (_, i) => `U${i} = "https://api.payments.svc:8443/${i}"\ns.get(U${i}\n`).join('');
  const uses = 'import requests\nrequests.get(U, verify="/etc/tls/ca.crt")\nU = "https://api.payments.svc:8443"\n' + 'requests.get(U, verify="/etc/tls/ca.crt")\n'.repeat(20_000);
  const open = "const fs = require('fs');\nnew https.Agent({ ca: fs.readFileSync('/etc/tls/ca.crt') });\n" + "https.get('https://api.payments.svc:8443', ".repeat(20_000) + '{ agent ' + '('.repeat(50_000);
  for (const [path, text] of [[PY, consts], [PY, uses], [JS, open]]) {
    const t0 = Date.now();
    mine(codeCorpus([{ path, text }]));
    assert.ok(Date.now() - t0 < 5_000, `${text.length} characters of ${path} in ${Date.now() - t0} ms`);
  }
});

// ---- a realistic corpus (test/fixtures/lint/corpus-real/code-clients): silent when right, each planted mistake found ----

const CODE_CORPUS = () => readFolder(join(FIXTURES, 'lint', 'corpus-real'), 'code-clients');
const edit = (files: Input[], path: string, from: string, to: string) => files.map((f) => {
  if (f.path !== path) return f;
  assert.ok(f.text.includes(from), `${path} contains ${from}`);
  return { path: f.path, text: f.text.replace(from, to) };
});

test('trust-root-missing in code: the code-clients corpus (Go mTLS client and server, a flag-driven probe, Flask with requests, aiohttp on certifi, a TypeScript https.Agent, axios) has no finding', () => {
  const files = CODE_CORPUS();
  assert.ok(files.filter((f) => /\.(go|py|ts)$/.test(f.path)).length >= 5);
  assert.deepEqual(lintTexts(files).map((f) => `${f.file}:${f.line} ${f.code}`), []);
  // The three clients' CA loads are read (the silence is not a miss); the server's pool and the flag are not a client's known trust.
  const loads = (p: string) => codeTrust(p, files.find((f) => f.path === p)!.text)?.loads.map((l) => l.file);
  assert.deepEqual(loads('code-clients/checkout/main.go'), [{ env: 'TLS_CA_FILE', fallback: undefined }]);
  assert.deepEqual(loads('code-clients/notifier/app.py'), [{ path: '/etc/ssl/shop/ca-bundle.crt' }]);
  assert.deepEqual(loads('code-clients/storefront/src/payments.ts'), [{ path: '/var/run/secrets/tls/ca.crt' }]);
  assert.equal(loads('code-clients/checkout/server.go'), undefined);
  assert.equal(loads('code-clients/tools/healthcheck.go'), undefined);
  assert.equal(loads('code-clients/reports/client.js'), undefined, 'a CA file next to the code (path.join(__dirname, ...))');
  assert.equal(loads('code-clients/notifier/jobs/reconcile.py'), undefined, 'certifi.where()');
});

const CODE_PLANTS: Array<{ name: string; file: string; from: string; to: string; at: [string, number, number] }> = [
  { name: 'checkout\'s Certificate (whose ca.crt TLS_CA_FILE names) from the partner CA: on the URL in main.go', file: 'code-clients/deploy/checkout.yaml', from: 'name: shop-ca', to: 'name: partner-ca', at: ['code-clients/checkout/main.go', 14, 21] },
  { name: 'the Bundle notifier\'s session.verify names holds the partner root: on the URL in app.py', file: 'code-clients/deploy/pki.yaml', from: 'name: shop-root-ca\n        key', to: 'name: partner-root-ca\n        key', at: ['code-clients/notifier/app.py', 9, 12] },
  { name: 'storefront\'s Certificate from the partner CA: on the URL in payments.ts', file: 'code-clients/deploy/storefront.yaml', from: 'name: shop-ca', to: 'name: partner-ca', at: ['code-clients/storefront/src/payments.ts', 15, 31] },
];

for (const p of CODE_PLANTS) {
  test(`trust-root-missing in code: planted in code-clients: ${p.name}`, () => {
    const files = edit(CODE_CORPUS(), p.file, p.from, p.to);
    const got = lintTexts(files);
    assert.deepEqual(got.map((f) => [f.code, f.severity, f.file, f.line, f.column, at(files, f)]), [['trust-root-missing', 'error', ...p.at, 'https://payments.shop.svc:8443']]);
    assert.match(got[0].message, /chaining to root Certificate "shop-root" .* trusts only .*root Certificate "partner-root"/);
  });
}

test('trust-root-missing in code: code kept in a ConfigMap and mounted into the container that runs it (examples/mtls-demo/client.yaml\'s shape); the error on the URL inside the ConfigMap', () => {
  const indent = (s: string) => s.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders-code\n  namespace: orders\ndata:\n  client.go: |\n${indent(goClient())}`;
  const withCode = (o: CodeClientOpts) => codeClient(o)
    .replace('          volumeMounts:\n', '          command: ["go", "run", "/app/client.go"]\n          volumeMounts:\n            - name: code\n              mountPath: /app\n')
    .replace('      volumes:\n', '      volumes:\n        - name: code\n          configMap:\n            name: orders-code\n');
  const files = (o: CodeClientOpts) => [...codeCorpus([]).filter((f) => f.path !== 'apps/orders/orders.yaml'), { path: 'apps/orders/orders.yaml', text: withCode(o) }, { path: 'apps/orders/code.yaml', text: cm }];
  const bad = files({});
  const got = mine(bad);
  assert.deepEqual(got.map((f) => [f.file, f.line, f.column, at(bad, f)]), [['apps/orders/code.yaml', 39, 30, URL]]);
  assert.match(got[0].message, /but this program \(run by Deployment "orders"\) trusts only \/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root Certificate "orders-root"/);
  const load = got[0].related!.find((r) => r.message.includes('the program loads'))!;
  assert.equal(load.message, 'client.go (ConfigMap "orders-code"): the program loads /etc/tls/ca.crt as its CA');
  assert.equal(bad.find((f) => f.path === 'apps/orders/code.yaml')!.text.slice(load.start, load.end), 'caCert');
  assert.deepEqual(mine(files(GOOD)), []);
  // Two workloads mount the code: which one dials is not known.
  const twice = [...bad, { path: 'apps/orders/copy.yaml', text: withCode({ name: 'orders-copy' }) }];
  assert.deepEqual(mine(twice).filter((f) => f.file === 'apps/orders/code.yaml'), []);
});

test('trust-root-missing in code: the editor path (a Workspace with a parse cache) follows edits of the code and of the manifests', () => {
  const cache = new Map();
  const lint = (files: Input[]) => lintWorkspace(new Workspace(files, cache)).filter((f) => f.code === 'trust-root-missing').map((f) => `${f.file}:${f.line}:${f.column}`);
  const files = codeCorpus([{ path: GO, text: goClient() }]);
  assert.deepEqual(lint(files), ['apps/orders/main.go:32:26']);
  // The code now reads a path no volume mounts: unknown.
  assert.deepEqual(lint(edit(files, GO, '"/etc/tls/ca.crt"', '"/etc/pki/ca.crt"')), []);
  assert.deepEqual(lint(files), ['apps/orders/main.go:32:26']);
  // The client's Certificate from the server's CA: fixed.
  assert.deepEqual(lint(edit(files, 'apps/orders/orders.yaml', 'name: orders-ca', 'name: payments-ca')), []);
  assert.deepEqual(lint(files), ['apps/orders/main.go:32:26']);
});
