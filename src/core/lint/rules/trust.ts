// trust-manager Bundles and csi-driver volume attributes.
import { parseGoDuration } from '../durations';
import { bool, entries, get, has, hasTemplatedEntries, items, keyNode, Manifest, mayBeTemplated, mayBeTemplatedAt, str, isUnknown } from '../model';
import type { Reporter } from '../rules';
import { Workspace } from '../workspace';

const CSI_KEYS = new Set([
  'issuer-name', 'issuer-kind', 'issuer-group', 'common-name', 'dns-names', 'ip-sans', 'uri-sans', 'duration',
  'renew-before', 'is-ca', 'key-usages', 'key-algorithm', 'key-size', 'key-encoding', 'ca-file', 'certificate-file',
  'privatekey-file', 'fs-group', 'reuse-private-key', 'pkcs12-enable', 'pkcs12-filename', 'pkcs12-password',
  'literal-subject', 'organizations', 'organizational-units', 'countries', 'provinces', 'localities',
  'street-addresses', 'postal-codes', 'serial-number',
]);
const CSI_BOOLS = new Set(['is-ca', 'reuse-private-key', 'pkcs12-enable']);

export function bundle(r: Reporter, m: Manifest): void {
  const spec = get(m.root, 'spec');
  const sources = items(get(spec, 'sources'));
  if (!m.partial && !sources.length && !mayBeTemplated(m, 'spec', 'sources') && !hasTemplatedEntries(m.file, get(spec, 'sources'))) r.node(m, keyNode(spec, 'sources') ?? keyNode(m.root, 'spec'), 'bundle-sources', 'A Bundle needs at least one source.');
  let defaults = 0;
  for (const s of sources) {
    // A source printed or shaped by a template: its entries are not known.
    if ((str(s) !== undefined && isUnknown(m.file, s)) || hasTemplatedEntries(m.file, s)) continue;
    const kinds = ['configMap', 'secret', 'inLine', 'useDefaultCAs'].filter((k) => has(s, k));
    if (kinds.length !== 1) { r.node(m, s, 'bundle-sources', `Each Bundle source has exactly one of configMap, secret, inLine, useDefaultCAs (this one has ${kinds.length ? kinds.join(' and ') : 'none'}).`); continue; }
    if (kinds[0] === 'useDefaultCAs' && bool(get(s, 'useDefaultCAs'))) defaults++;
    if (kinds[0] === 'configMap' || kinds[0] === 'secret') {
      const ref = get(s, kinds[0]);
      if (hasTemplatedEntries(m.file, ref)) continue;
      const n = ['name', 'selector'].filter((k) => has(ref, k)).length;
      if (n !== 1) r.node(m, keyNode(s, kinds[0]), 'bundle-sources', `A ${kinds[0]} source needs exactly one of name or selector.`);
      if (!has(ref, 'key') && bool(get(ref, 'includeAllKeys')) !== true) r.node(m, keyNode(s, kinds[0]), 'bundle-sources', `A ${kinds[0]} source needs a key (e.g. ca.crt), or includeAllKeys: true.`);
    }
  }
  if (defaults > 1) r.node(m, keyNode(spec, 'sources'), 'bundle-sources', 'useDefaultCAs may appear at most once.');
  const target = get(spec, 'target');
  if (!m.partial && !has(target, 'configMap') && !has(target, 'secret') && !mayBeTemplated(m, 'spec', 'target', 'configMap') && !hasTemplatedEntries(m.file, target)) r.node(m, keyNode(spec, 'target') ?? keyNode(m.root, 'spec'), 'bundle-target', 'The Bundle target needs configMap or secret (where the bundle is written in every namespace).');
}

export function csi(r: Reporter, w: Manifest): void {
  const { spec } = Workspace.podSpec(w);
  for (const vol of items(get(spec, 'volumes'))) {
    const c = get(vol, 'csi');
    if (str(get(c, 'driver')) !== 'csi.cert-manager.io') continue;
    const attrs = get(c, 'volumeAttributes');
    const list = entries(attrs);
    if (!list.some((a) => a.key === 'csi.cert-manager.io/issuer-name') && !hasTemplatedEntries(w.file, attrs) && !mayBeTemplatedAt(w.file, c, 'volumeAttributes', 'csi.cert-manager.io/issuer-name')) r.node(w, keyNode(c, 'volumeAttributes') ?? keyNode(vol, 'csi'), 'csi-attribute', 'csi.cert-manager.io/issuer-name is required: which issuer signs the pod\'s certificate?');
    for (const a of list) {
      if (!a.key.startsWith('csi.cert-manager.io/')) continue;
      const k = a.key.slice('csi.cert-manager.io/'.length);
      if (!CSI_KEYS.has(k)) { r.node(w, a.keyNode, 'csi-attribute-unknown', `Unknown csi-driver attribute "${a.key}": the driver ignores it.`); continue; }
      const v = str(a.value);
      if (v === undefined || isUnknown(w.file, a.value)) continue;
      if (CSI_BOOLS.has(k) && v !== 'true' && v !== 'false') r.node(w, a.value, 'csi-attribute', `${a.key} must be the string "true" or "false".`);
      if ((k === 'duration' || k === 'renew-before') && !parseGoDuration(v).ok) {
        const d = parseGoDuration(v);
        r.node(w, a.value, 'csi-attribute', `${a.key}: ${d.ok ? '' : d.error}${!d.ok && d.suggestion ? `: write "${d.suggestion}"` : ''}.`);
      }
    }
  }
}

