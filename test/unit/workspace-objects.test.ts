// One model of the workspace's objects: the linter, authoring (workloads, Services, `manifests`,
// the code actions), the Cluster view's drift and the scaffold read the same objects from the
// same YAML (namespace defaults, Pods and CronJobs, Helm templates, aliases), and the authoring
// paths stay linear on 5,000 Services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  certManagerManifests, DocumentObjects, K8sObject, ObjectIndex, objectAt, prefillFor, readK8sObjects, serviceTargets,
} from '../../src/core/author';
import { findCertificateManifests, matchingManifest } from '../../src/core/cluster/certmanager';
import { Workspace } from '../../src/core/lint/workspace';
import * as scaffoldBundle from '../../src/vscode/scaffold-bundle';

const ids = (objs: Array<{ kind?: string; name?: string; namespace?: string }>) => objs.map((o) => `${o.kind}:${o.namespace}/${o.name}`);

/** What the linter sees: kind, namespace and name of every manifest (undefined when templated). */
const lintIds = (path: string, text: string) => ids(new Workspace([{ path, text }]).manifests);

const NAMESPACE_DEFAULT = `apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { serviceAccountName: web-sa, containers: [{ name: web, image: web }] }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web }
spec: { secretName: web-tls, dnsNames: [web.default.svc], issuerRef: { name: ca } }
`;

const POD_AND_CRONJOB = `apiVersion: v1
kind: Service
metadata: { name: api, namespace: prod }
spec: { selector: { app: api } }
---
apiVersion: v1
kind: Pod
metadata: { name: api-0, namespace: prod, labels: { app: api } }
spec:
  serviceAccountName: api-sa
  containers: [{ name: api, image: api, env: [{ name: PEER, value: "https://report.prod.svc:8443" }] }]
---
apiVersion: v1
kind: Service
metadata: { name: report, namespace: prod }
spec: { selector: { app: report } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: prod }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: { labels: { app: report } }
        spec: { serviceAccountName: report-sa, containers: [{ name: r, image: r }] }
`;

const HELM = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "x.fullname" . }}
  namespace: prod
spec:
  selector: { app: x }
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: {{ .Release.Namespace }}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
spec:
  selector:
    {{- include "x.selectorLabels" . | nindent 4 }}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: prod }
spec:
  secretName: web-tls
  dnsNames:
    - {{ .Values.host }}
  issuerRef: { name: ca }
`;

const ALIASES = `apiVersion: v1
kind: Service
metadata:
  name: &name web
  namespace: &ns prod
  labels: &labels { app: web }
spec:
  selector: *labels
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: prod }
spec:
  template:
    metadata: { labels: &pod { app: web } }
    spec:
      serviceAccountName: web-sa
      containers: [{ name: web, image: web, args: [--peer=db.prod.svc] }]
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: prod }
spec:
  secretName: web-tls
  dnsNames: &dns [web.prod.svc, web]
  issuerRef: { name: ca }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: laughs, namespace: prod }
data:
  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: prod }
spec: { selector: { app: db } }
`;

const CASES: Array<{ name: string; text: string; lint: string[]; author: string[]; cluster: string[] }> = [
  {
    name: 'namespace default: no metadata.namespace is "default" for every reader',
    text: NAMESPACE_DEFAULT,
    lint: ['Service:default/web', 'Deployment:default/web', 'Certificate:default/web'],
    author: ['Service:default/web', 'Deployment:default/web', 'Certificate:default/web'],
    cluster: ['Certificate:default/web'],
  },
  {
    name: 'Pods and CronJobs are workloads for authoring as for the linter',
    text: POD_AND_CRONJOB,
    lint: ['Service:prod/api', 'Pod:prod/api-0', 'Service:prod/report', 'CronJob:prod/report'],
    author: ['Service:prod/api', 'Pod:prod/api-0', 'Service:prod/report', 'CronJob:prod/report'],
    cluster: [],
  },
  {
    name: 'Helm templates are masked: templated names and namespaces are unknown, never read as text',
    text: HELM,
    lint: ['Service:prod/undefined', 'Service:undefined/api', 'Service:prod/web', 'Certificate:prod/web'],
    // The templated Certificate's SANs are unknown: authoring and drift leave it out.
    author: ['Service:prod/web'],
    cluster: [],
  },
  {
    name: 'YAML aliases resolve, and an alias bomb in another document is not expanded',
    text: ALIASES,
    lint: ['Service:prod/web', 'Deployment:prod/web', 'Certificate:prod/web', 'ConfigMap:prod/laughs', 'Service:prod/db'],
    author: ['Service:prod/web', 'Deployment:prod/web', 'Certificate:prod/web', 'Service:prod/db'],
    cluster: ['Certificate:prod/web'],
  },
];

for (const c of CASES) {
  test(`one object model: ${c.name}`, () => {
    const objects = readK8sObjects('k8s/app.yaml', c.text);
    assert.deepEqual(lintIds('k8s/app.yaml', c.text), c.lint, 'linter');
    assert.deepEqual(ids(objects), c.author, 'authoring');
    assert.deepEqual(ids(findCertificateManifests(c.text, 'k8s/app.yaml').map((m) => ({ kind: 'Certificate', ...m }))), c.cluster, 'Cluster view drift');
    // The scaffold's reader is the same function (dist/scaffold.js exports it).
    assert.deepEqual(ids(scaffoldBundle.readK8sObjects('k8s/app.yaml', c.text)), c.author, 'scaffold');
    // Every object authoring reports is one the linter knows, with the same identity.
    for (const id of ids(objects)) assert.ok(c.lint.includes(id), `${id} is known to the linter`);
  });
}

test('one object model: the Service-to-workload relation is the same for the linter and authoring (Pod, CronJob)', () => {
  const ws = new Workspace([{ path: 'k8s/app.yaml', text: POD_AND_CRONJOB }]);
  const linted = ws.ofKind('Pod', 'CronJob').map((w) => `${w.name}<-${ws.servicesOf(w).map((s) => s.name).join(',')}`);
  assert.deepEqual(linted, ['api-0<-api', 'report<-report']);
  const objs = readK8sObjects('k8s/app.yaml', POD_AND_CRONJOB);
  const index = new ObjectIndex(objs);
  const authored = objs.filter((o) => o.kind === 'Pod' || o.kind === 'CronJob').map((w) => `${w.name}<-${objs.filter((s) => s.kind === 'Service' && index.podsOf(s).includes(w)).map((s) => s.name).join(',')}`);
  assert.deepEqual(authored, linted);
  // The pods' service accounts and calls: api's Pod calls report, so api needs client auth too.
  assert.deepEqual(serviceTargets(objs.filter((o) => o.kind === 'Service'), objs), [
    { name: 'api', namespace: 'prod', profile: 'mtls', serviceAccount: 'api-sa' },
    { name: 'report', namespace: 'prod', profile: 'server', serviceAccount: 'report-sa' },
  ]);
  assert.deepEqual(prefillFor(objs[0], objs, { trustDomain: 'example.org' }).uris, ['spiffe://example.org/ns/prod/sa/api-sa']);
});

test('one object model: a manifest without a namespace matches a live Certificate in any namespace (it lands where it is applied)', () => {
  const found = findCertificateManifests(NAMESPACE_DEFAULT, 'k8s/app.yaml');
  assert.deepEqual(found.map((m) => [m.namespace, m.namespaceWritten, m.line]), [['default', false, 13]]);
  assert.equal(matchingManifest({ metadata: { name: 'web', namespace: 'team-a' } }, found), found[0]);
  const written = findCertificateManifests(ALIASES, 'k8s/app.yaml');
  assert.deepEqual(written[0].spec.dnsNames, ['web.prod.svc', 'web'], 'aliases resolved');
  assert.equal(matchingManifest({ metadata: { name: 'web', namespace: 'team-a' } }, written), undefined);
});

test('alias bombs: manifests and the code action path read around them without expanding (no crash)', () => {
  const bomb = ALIASES.replace(/g: &g .*\n/, (l) => l + '  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n  i: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n');
  const objs = readK8sObjects('k8s/app.yaml', bomb);
  assert.deepEqual(ids(objs), CASES[3].author);
  const yaml = certManagerManifests({ services: serviceTargets(objs.filter((o) => o.kind === 'Service'), objs) });
  assert.deepEqual(parseAllDocuments(yaml).map((d) => d.toJS().metadata.name), ['mtls-ca-selfsigned', 'mtls-ca', 'mtls-ca-issuer', 'web-tls', 'db-tls']);
  const docs = new DocumentObjects();
  assert.equal(docs.at('k8s/app.yaml', 1, () => bomb, bomb.indexOf('name: db'))?.name, 'db');
  assert.equal(docs.at('k8s/app.yaml', 1, () => bomb, bomb.indexOf('i: [*h'))?.name, undefined, 'a ConfigMap is no target');
  // The web Service's pods call db: mtls, read through aliases.
  assert.equal(serviceTargets([objs[0]], objs)[0].profile, 'mtls');
});

/** `n` Services, each with a Deployment, in one multi-document text. */
function manyServices(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(`apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: team-${i % 10}
  labels: { app: svc-${i}, tier: backend }
spec:
  selector: { app: svc-${i}, tier: backend }
  ports: [{ name: https, port: 8443, targetPort: https }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: svc-${i}, namespace: team-${i % 10} }
spec:
  selector: { matchLabels: { app: svc-${i}, tier: backend } }
  template:
    metadata: { labels: { app: svc-${i}, tier: backend } }
    spec:
      serviceAccountName: sa-${i}
      containers:
        - name: app
          image: registry.example.com/svc-${i}:1.0.0
          args: ["--listen=:8443", "--log-level=info"]
          env:
            - { name: PEER_URL, value: "https://svc-${(i + 1) % n}.team-${((i + 1) % n) % 10}.svc:8443/api" }
`);
  }
  return parts.join('---\n');
}

/** What readK8sObjects gives for manyServices(n), built directly (the parse is not what these tests measure). */
function manyObjects(n: number): K8sObject[] {
  const out: K8sObject[] = [];
  for (let i = 0; i < n; i++) {
    const namespace = `team-${i % 10}`, labels = { app: `svc-${i}`, tier: 'backend' };
    const next = (i + 1) % n;
    out.push({ kind: 'Service', name: `svc-${i}`, namespace, file: 'k8s/many.yaml', line: 0, start: 0, end: 0, selector: labels });
    out.push({
      kind: 'Deployment', name: `svc-${i}`, namespace, file: 'k8s/many.yaml', line: 0, start: 0, end: 0, labels, serviceAccount: `sa-${i}`,
      containerText: ['--listen=:8443', '--log-level=info', `https://svc-${next}.team-${next % 10}.svc:8443/api`],
    });
  }
  return out;
}

test('the object index finds the same pods, accounts and profiles as the YAML says', () => {
  const parsed = readK8sObjects('k8s/many.yaml', manyServices(40));
  const built = manyObjects(40);
  assert.deepEqual(parsed.map((o) => [o.kind, o.name, o.namespace, o.selector, o.labels, o.serviceAccount, o.containerText?.at(-1)]), built.map((o) => [o.kind, o.name, o.namespace, o.selector, o.labels, o.serviceAccount, o.containerText?.at(-1)]));
  const services = (xs: K8sObject[]) => xs.filter((o) => o.kind === 'Service');
  assert.deepEqual(serviceTargets(services(parsed), parsed), serviceTargets(services(built), built));
});

test('code actions: one parse per document version, whatever the number of requests; the object at the cursor by binary search', () => {
  const text = manyServices(200);
  const docs = new DocumentObjects();
  let reads = 0;
  const getText = () => { reads++; return text; };
  const offsets = [0, text.length >> 1, text.length - 10, text.indexOf('name: svc-150')];
  for (let r = 0; r < 100; r++) for (const at of offsets) docs.at('k8s/many.yaml', 7, getText, at);
  assert.equal(docs.parses, 1, 'parsed once for version 7');
  assert.equal(reads, 1, 'the text is taken once per version');
  assert.equal(docs.at('k8s/many.yaml', 7, getText, text.indexOf('name: svc-150'))?.name, 'svc-150');
  // An edit: one more parse (the unchanged documents are reused by the lint model).
  const edited = text.replace('name: svc-3\n', 'name: svc-three\n');
  assert.equal(docs.at('k8s/many.yaml', 8, () => edited, edited.indexOf('name: svc-three'))?.name, 'svc-three');
  assert.equal(docs.parses, 2);
  // Positions agree with a line count from the start (computed here once, by hand).
  const objs = docs.objects('k8s/many.yaml', 8, () => edited);
  for (const o of [objs[0], objs[1], objs[277], objs[objs.length - 1]]) assert.equal(o.line, edited.slice(0, o.start).split('\n').length - 1);
  assert.equal(objectAt(objs, edited.length + 5), undefined);
  // Texts without a Kubernetes kind are not parsed at all.
  docs.objects('notes.yaml', 1, () => 'title: notes\n');
  assert.equal(docs.parses, 2);
});

test('manifests on 5,000 Services: the object index does work linear in the objects (not quadratic)', () => {
  const objs = manyObjects(5000);
  const services = objs.filter((o) => o.kind === 'Service');
  assert.equal(services.length, 5000);
  const index = new ObjectIndex(objs);
  const targets = services.map((s) => index.targetOf(s));
  assert.equal(targets.filter((t) => t.profile === 'mtls').length, 5000, 'each calls the next Service');
  assert.equal(targets[42].serviceAccount, 'sa-42');
  // Objects looked at plus words read: about 10 per object here; quadratic would be 10^7.
  assert.ok(index.work < 20 * objs.length, `work ${index.work} for ${objs.length} objects`);
  const yaml = certManagerManifests({ services: targets.slice(0, 50) });
  assert.equal((yaml.match(/^kind: Certificate$/gm) ?? []).length, 51);
});

test('serviceTargets reads each object a bounded number of times (inferProfile per Service read all objects each time)', () => {
  const objs = manyObjects(2000);
  let reads = 0;
  const counted = objs.map((o) => {
    const c = { ...o } as K8sObject;
    Object.defineProperty(c, 'kind', { get: () => { reads++; return o.kind; } });
    return c;
  });
  const targets = serviceTargets(counted.filter((o) => o.kind === 'Service'), counted);
  assert.equal(targets.length, 2000);
  reads -= counted.length; // the filter above
  assert.ok(reads <= 3 * counted.length, `${reads} reads of kind for ${counted.length} objects`);
});
