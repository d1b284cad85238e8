// The certificate timeline (#17 part 4): rows (each CA above what it signs), statuses, planned
// lifetimes of cert-manager Certificates (the duration hover's computation), the SVG (one bar
// per certificate, hostile subjects escaped) and the HTML page (strict CSP, nonce), and
// `certwright timeline`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutTimeline, orderRows, statusOf, timelineHtml, timelineSvg, xmlText, itemsFromManifests, timelineItems, type TimelineItem } from '../../src/core/timeline';
import { portableHasher } from '../../src/core/hash';
import type { CertificateInfo } from '../../src/core/model';
import { scanText } from '../../src/core/scan';
import { fixtureText } from './helpers';
import { parseYaml } from '../../src/core/workspace-objects';
import { runCli, tempDirs } from './cli-helpers';
import { FIXTURES } from './helpers';

const DAY = 86_400_000;
const NOW = Date.parse('2027-01-01T00:00:00Z');
const item = (id: string, o: Partial<TimelineItem> = {}): TimelineItem => ({
  id, label: id, origin: 'workspace', isCA: false, start: NOW - 10 * DAY, end: NOW + 100 * DAY, renewals: [], detail: [id], ...o,
});
const bars = (svg: string) => (svg.match(/<rect class="bar /g) ?? []).length;

test('rows: each CA above the certificates it signs, CAs first among siblings, then by expiry; cycles and missing parents are top rows', () => {
  const items = [
    item('leaf-late', { parent: 'inter', end: NOW + 200 * DAY }),
    item('leaf-soon', { parent: 'inter', end: NOW + 20 * DAY }),
    item('inter', { parent: 'root', isCA: true }),
    item('root', { isCA: true, end: NOW + 3000 * DAY }),
    item('orphan', { parent: 'not-here' }),
    item('a', { parent: 'b' }), item('b', { parent: 'a' }),
  ];
  assert.deepEqual(orderRows(items).map((r) => `${r.depth}:${r.item.id}`), ['0:root', '1:inter', '2:leaf-soon', '2:leaf-late', '0:orphan', '0:a', '1:b']);
  // A chain of 5,000 CAs is laid out without recursion.
  const long = Array.from({ length: 5000 }, (_, i) => item(`c${i}`, { parent: i ? `c${i - 1}` : undefined, isCA: true }));
  assert.equal(orderRows(long).length, 5000);
});

test('status: expired, expiring within the warning window, valid, not yet valid, planned', () => {
  const cases: [Partial<TimelineItem>, string][] = [
    [{ end: NOW - 1 }, 'expired'], [{ end: NOW + 10 * DAY }, 'expiring'], [{ end: NOW + 31 * DAY }, 'valid'],
    [{ start: NOW + DAY }, 'not-yet-valid'], [{ origin: 'manifest' }, 'planned'],
  ];
  for (const [o, want] of cases) assert.equal(statusOf(item('x', o), NOW, 30), want, JSON.stringify(o));
});

test('layout: bars inside the chart, today between the edges, a 10-year root clipped with an arrow, renewal markers placed', () => {
  const layout = layoutTimeline([
    item('root', { isCA: true, start: NOW - 3650 * DAY, end: NOW + 3650 * DAY }),
    item('leaf', { parent: 'root', start: NOW - 30 * DAY, end: NOW + 60 * DAY, renewals: [NOW + 30 * DAY] }),
  ], { now: NOW, warningDays: 30, width: 1000 });
  const [root, leaf] = layout.rows;
  assert.ok(root.clippedLeft && root.clippedRight);
  assert.ok(!leaf.clippedLeft && !leaf.clippedRight);
  assert.ok(layout.chartLeft < leaf.x0 && leaf.x0 < layout.todayX && layout.todayX < leaf.x1 && leaf.x1 < layout.chartRight);
  assert.equal(leaf.renewals.length, 1);
  assert.ok(leaf.renewals[0].x > layout.todayX && leaf.renewals[0].x < leaf.x1);
  assert.equal(layout.height, 46 + 2 * 22 + 16);
});

test('SVG: one bar per certificate, a today line, and hostile subjects escaped (markup, quotes, control characters, lone surrogates)', () => {
  const hostile = '<script>alert(1)</script>&"\'\u0000\u001b[31m\ud800 ]]>';
  const items = [item('ok'), item('evil', { label: hostile, detail: [hostile, `issuer ${hostile}`] }), item('p', { origin: 'manifest', renewals: [NOW + 20 * DAY] })];
  const svg = timelineSvg(layoutTimeline(items, { now: NOW, warningDays: 30 }));
  assert.equal(bars(svg), 3);
  assert.equal((svg.match(/class="tl-today"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="renew"/g) ?? []).length, 1);
  assert.doesNotMatch(svg, /<script|alert\(1\)<|\u0000|\u001b|\ud800/);
  assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;&quot;&#39;\?\?\[31m\?/);
  // Every element is closed: a rough well-formedness check (no XML parser in the core).
  const opened = (svg.match(/<(?!\/|\?)[a-z]+[^>]*[^/]>/g) ?? []).length, closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
  assert.equal(opened, closed);
  assert.equal(xmlText('a\u0007b'), 'a?b');
});

test('HTML page: strict CSP with the nonce, no remote resources, one script carrying the nonce', () => {
  const html = timelineHtml(layoutTimeline([item('a'), item('b')], { now: NOW, warningDays: 30 }), { nonce: 'n0nce+/=', cspSource: 'https://file+.vscode-resource.vscode-cdn.net' });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-n0nce\+\/='; script-src 'nonce-n0nce\+\/='">/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="n0nce\+\/=">/);
  assert.doesNotMatch(html, /\b(?:src|href)=|@import|url\(/);
  assert.equal(bars(html), 2);
  assert.match(html, /post\(\{ type: 'rendered', bars: document\.querySelectorAll\('rect\.bar'\)\.length/);
});

test('manifests: planned lifetime from duration and renewBefore (defaults 90 days and a third), CA issuer chain, templated ones left out', () => {
  const yaml = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: root-ca, namespace: pki}
spec: {isCA: true, secretName: root-ca-tls, duration: 87600h, renewBefore: 720h, issuerRef: {name: selfsigned, kind: ClusterIssuer}}
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: internal-ca}
spec: {ca: {secretName: root-ca-tls}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web, namespace: shop}
spec: {secretName: web-tls, duration: 720h, renewBefore: 240h, issuerRef: {name: internal-ca, kind: ClusterIssuer}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: api, namespace: shop}
spec: {secretName: api-tls, issuerRef: {name: internal-ca, kind: ClusterIssuer}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: templated, namespace: shop}
spec: {secretName: "{{ .Values.secret }}", duration: "{{ .Values.duration }}", issuerRef: {name: x}}
`;
  const items = itemsFromManifests(parseYaml('k8s/certs.yaml', yaml).manifests, NOW);
  const by = new Map(items.map((i) => [i.label, i]));
  assert.deepEqual([...by.keys()], ['pki/root-ca', 'shop/web', 'shop/api']);
  const web = by.get('shop/web')!, api = by.get('shop/api')!, root = by.get('pki/root-ca')!;
  assert.deepEqual([web.start, web.end, web.renewals], [NOW, NOW + 30 * DAY, [NOW + 20 * DAY]]);
  assert.deepEqual([api.end, api.renewals], [NOW + 90 * DAY, [NOW + 60 * DAY]]);
  assert.equal(web.parent, root.id);
  assert.equal(api.parent, root.id);
  assert.equal(root.isCA, true);
  assert.deepEqual(web.source && [web.source.file, web.source.line], ['k8s/certs.yaml', 10]);
  assert.match(web.detail.join('\n'), /renews 2027-01-21 00:00 UTC \(by renewBefore\)/);
  assert.deepEqual(orderRows(items).map((r) => `${r.depth}:${r.item.label}`), ['0:pki/root-ca', '1:shop/web', '1:shop/api']);
});

test('certwright timeline: SVG on stdout (one bar per certificate and manifest), HTML to --out, usage errors exit 2', async () => {
  const tmp = tempDirs('cw-timeline-')();
  const certs = join(FIXTURES, 'certs');
  writeFileSync(join(tmp, 'chain.pem'), readFileSync(join(certs, 'chain.pem')));
  writeFileSync(join(tmp, 'cert.yaml'), 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: shop}\nspec: {secretName: web-tls, issuerRef: {name: ca}}\n');
  const svg = await runCli('timeline', '--now', '2027-01-01T00:00:00Z', tmp);
  assert.equal(svg.code, 0, svg.err);
  assert.match(svg.out, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
  assert.equal(bars(svg.out), 4);
  assert.match(svg.out, /data-status="planned"/);
  const out = join(tmp, 'timeline.html');
  const html = await runCli('timeline', '--format', 'html', '--out', out, tmp);
  assert.equal(html.code, 0);
  assert.equal(html.out, '');
  assert.match(html.err, /4 certificates drawn to /);
  assert.equal(bars(readFileSync(out, 'utf8')), 4);
  const bad = await runCli('timeline', '--format', 'png', tmp);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format must be svg or html, not "png"/);
});

test('the Cluster view\'s Secrets and Certificates join the chart (g17): a bar per listed Secret leaf and per Certificate with status dates, renewalTime as its renewal point', () => {
  const found = scanText(fixtureText('verify/leaf.pem'), { hasher: portableHasher }).objects[0];
  assert.ok(found.result.ok && found.result.object.type === 'certificate');
  const leaf = found.result.object as CertificateInfo;
  const status = (nb: string, na: string, rt?: string) => ({ notBefore: nb, notAfter: na, renewalTime: rt });
  const cluster = {
    secrets: [
      { context: 'prod', namespace: 'shop', name: 'web-tls', leaf },
      { context: 'prod', namespace: 'shop', name: 'opaque' },
    ],
    certificates: [
      { context: 'prod', namespace: 'shop', certificate: { metadata: { name: 'web' }, spec: { secretName: 'web-tls', isCA: false }, status: status('2026-12-01T00:00:00Z', '2027-03-01T00:00:00Z', '2027-01-30T00:00:00Z') } },
      { context: 'prod', namespace: 'pki', certificate: { metadata: { name: 'root' }, spec: { secretName: 'root', isCA: true }, status: status('2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z') } },
      { context: 'prod', namespace: 'shop', certificate: { metadata: { name: 'pending' }, spec: { secretName: 'pending' } } },
    ],
  };
  const items = timelineItems({ cluster: cluster as never, now: NOW });
  assert.deepEqual(items.map((i) => [i.id, i.label, i.origin, i.isCA]), [
    ['cluster:secret:prod/shop/web-tls', 'shop/web-tls (prod)', 'cluster', false],
    ['cluster:certificate:prod/shop/web', 'shop/web (prod)', 'cluster', false],
    ['cluster:certificate:prod/pki/root', 'pki/root (prod)', 'cluster', true],
  ]);
  assert.deepEqual([items[0].start, items[0].end], [leaf.notBefore.getTime(), leaf.notAfter.getTime()]);
  assert.deepEqual([items[1].start, items[1].end, items[1].renewals], [Date.parse('2026-12-01T00:00:00Z'), Date.parse('2027-03-01T00:00:00Z'), [Date.parse('2027-01-30T00:00:00Z')]]);
  assert.match(items[1].detail.join('\n'), /cert-manager Certificate shop\/web in context prod\nvalid 2026-12-01 00:00 UTC to 2027-03-01 00:00 UTC\nrenews 2027-01-30 00:00 UTC/);
  assert.deepEqual(items.map((i) => statusOf(i, NOW, 30)), ['valid', 'valid', 'valid']);
  assert.equal(statusOf(items[1], Date.parse('2027-02-15T00:00:00Z'), 30), 'expiring');
  // With the workspace's own items, in one chart: one bar each, CAs first among top rows.
  const all = [item('workspace-cert'), ...items];
  assert.equal(bars(timelineSvg(layoutTimeline(all, { now: NOW, warningDays: 30 }))), 4);
  assert.equal(orderRows(all)[0].item.id, 'cluster:certificate:prod/pki/root');
});
