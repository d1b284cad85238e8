// The defaults a new user meets (#20): the preselected profile, scaffold names that never collide,
// scaffold insertion only into an editor of the code's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROFILE, PROFILES } from '../../src/core/author/profiles';
import { freeName, nameClash } from '../../src/core/scaffold';
import { editorFits, langName } from '../../src/core/scaffold/editor-fit';
import { markDefault } from '../../src/vscode/author/pick-default';
import { CONTEXT_KEYS } from '../../src/vscode/ids';
import { Kube, KubeError, NoKubeconfigError } from '../../src/node/kube';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

test('Issue Certificate: "Server and client (mTLS)" is the default, labelled so and preselected (the active item)', () => {
  assert.equal(PROFILES[DEFAULT_PROFILE].label, 'Server and client (mTLS)');
  const items = Object.entries(PROFILES).map(([k, v]) => ({ label: v.label, description: v.description, value: k, picked: k === DEFAULT_PROFILE }));
  const { items: shown, active } = markDefault(items);
  assert.equal(shown[active].label, 'Server and client (mTLS)');
  assert.match(shown[active].description!, /\(default\)$/);
  assert.deepEqual(shown.filter((i) => /\(default\)/.test(i.description ?? '')).map((i) => i.label), ['Server and client (mTLS)']);
  assert.ok(shown.every((i) => i.picked === undefined));
  assert.equal(markDefault([{ label: 'a' }, { label: 'b' }]).active, 0, 'no default: the first');
});

const objects = [
  { kind: 'Service', name: 'payment', namespace: 'prod', file: 'k8s/payment.yaml' },
  { kind: 'Deployment', name: 'payment', namespace: 'prod', file: 'k8s/payment.yaml' },
  { kind: 'Service', name: 'mtls-server', namespace: 'prod' },
  { kind: 'Certificate', name: 'mtls-server-2-tls', namespace: 'prod' },
  { kind: 'Service', name: 'mtls-server-3', namespace: 'other' },
];

test('scaffold manifests: a free name (no Service, workload or "<name>-tls" Certificate of that name in the namespace)', () => {
  const cases: Array<[string, string, string]> = [
    ['mtls-server', 'prod', 'mtls-server-3'],
    ['mtls-server', 'default', 'mtls-server'],
    ['mtls-server', 'other', 'mtls-server'],
    ['payment', 'prod', 'payment-2'],
    ['mtls-client', 'prod', 'mtls-client'],
  ];
  for (const [base, ns, want] of cases) assert.equal(freeName(base, ns, objects), want, `${base} in ${ns}`);
  assert.deepEqual(nameClash('payment', 'prod', objects), objects[0]);
  assert.equal(nameClash('mtls-server-2', 'prod', objects)?.name, 'mtls-server-2-tls');
  assert.equal(nameClash('payment', 'default', objects), undefined);
});

test('scaffold inserts only into an editor of the code\'s language: never Go into YAML', () => {
  const cases: Array<[string, 'go' | 'python' | 'node', boolean, boolean]> = [
    ['go', 'go', false, true],
    ['yaml', 'go', false, false],
    ['python', 'python', false, true],
    ['go', 'python', false, false],
    ['typescript', 'node', true, true],
    ['javascript', 'node', true, false],
    ['javascript', 'node', false, true],
    ['typescriptreact', 'node', true, true],
    ['yaml', 'node', false, false],
    ['plaintext', 'go', false, false],
  ];
  for (const [id, lang, ts, want] of cases) assert.equal(editorFits(id, lang, ts), want, `${lang}${ts ? ' (TypeScript)' : ''} into ${id}`);
  assert.deepEqual([langName('go'), langName('python'), langName('node', true), langName('node')], ['Go', 'Python', 'TypeScript', 'JavaScript']);
});

test('Cluster view without a kubeconfig: a welcome text with what to set and a button, not a red error node', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'certwright.clusterCertificates');
  assert.equal(welcome.when, CONTEXT_KEYS.noKubeconfig);
  assert.match(welcome.contents, /^No kubeconfig found\. Set KUBECONFIG .*certwright\.cluster\.kubeconfig\./);
  assert.match(welcome.contents, /\[Set certwright\.cluster\.kubeconfig\]\(command:workbench\.action\.openSettings\?%22certwright\.cluster\.kubeconfig%22\)/);
  // The state the view turns into that welcome: its own error class, also for a KUBECONFIG naming missing files.
  const missing = join(tmpdir(), `certwright-no-kubeconfig-${process.pid}`);
  for (const opts of [{ env: { KUBECONFIG: missing } }, { files: [missing], env: {} }, { env: {}, home: missing }]) {
    assert.throws(() => Kube.load(opts), (e: unknown) => e instanceof NoKubeconfigError && e instanceof KubeError && e.kind === 'config' && /^No kubeconfig found: .* does not exist\. Set KUBECONFIG/.test(e.message));
  }
  assert.throws(() => Kube.load({ env: {}, home: missing }), /No kubeconfig found: ~\/\.kube\/config does not exist/);
});
