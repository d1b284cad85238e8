// Chains: buildForest with the WebCrypto verifier over the fixture CA hierarchy — roots,
// intermediates, leaves, cross-signing, a forged intermediate, orphans, attached keys/CSRs/CRLs,
// dedupe; and webCryptoVerifier on every real issuer/child pair and on wrong issuers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildForest, chainPath, dedupe, type ChainNode, type Forest, type InventoryItem } from '../../src/core/chain';
import type { CertificateInfo, CrlInfo } from '../../src/core/model';
import { webCryptoVerifier, type SignatureVerifier } from '../../src/core/verify';
import { cert, inventory, onlyObject } from './core-helpers';

const CN = {
  root: 'CN=Certwright Test Root CA,O=Certwright Test,C=US',
  root2: 'CN=Certwright Test Root CA 2,O=Other Trust\\, GmbH,C=DE',
  inter: 'CN=Certwright Test Intermediate CA,O=Certwright Test,C=US',
  leaf: 'CN=payment-service,OU=Payments,O=Acme',
  forged: 'CN=forged-service,O=Acme',
  orphan: 'CN=orphan-service,O=Acme',
};

/** The tree as nested "role name #serial" strings, children in order. */
function shape(n: ChainNode): unknown {
  const o = n.item.object;
  const name = o.type === 'certificate' ? `${n.role} ${o.subject.rfc4514} #${o.serialNumber}` : o.type === 'crl' ? `${n.role} ${o.issuer.rfc4514}` : o.type === 'csr' ? `${n.role} ${o.subject.rfc4514}` : n.role;
  return n.children.length ? { [name]: n.children.map(shape) } : name;
}

function all(f: Forest): ChainNode[] {
  const out: ChainNode[] = [];
  const walk = (n: ChainNode) => { out.push(n); n.children.forEach(walk); };
  f.roots.forEach(walk);
  return out;
}

function nodesOf(f: Forest, subject: string, serial?: string): ChainNode[] {
  return all(f).filter((n) => n.item.object.type === 'certificate' && n.item.object.subject.rfc4514 === subject && (!serial || n.item.object.serialNumber === serial));
}

async function forest(files: string[], verify: SignatureVerifier = webCryptoVerifier): Promise<Forest> {
  return buildForest(await inventory(files), verify);
}

const rootSerial = () => cert('root.pem').serialNumber;

test('chain.pem: root → intermediate → leaf, every link verified', async () => {
  const f = await forest(['chain.pem']);
  assert.deepEqual(f.roots.map(shape), [{ [`root ${CN.root} #${rootSerial()}`]: [{ [`intermediate ${CN.inter} #2001`]: [`leaf ${CN.leaf} #8badf00ddeadbeef8badf00ddeadbeef`] }] }]);
  assert.deepEqual(f.loose, []);
  const [root] = f.roots;
  assert.equal(root.verified, undefined);
  assert.equal(root.children[0].verified, true);
  assert.equal(root.children[0].children[0].verified, true);
  assert.deepEqual(all(f).flatMap((n) => n.notes), []);
  assert.deepEqual(chainPath(f, cert('leaf-server.crt').sha256), [
    `leaf: ${CN.leaf}`,
    `  ↳ issued by intermediate: ${CN.inter}`,
    `    ↳ issued by root: ${CN.root}`,
  ]);
});

test('the same chain split over files gives the same tree', async () => {
  const f = await forest(['leaf-server.crt', 'intermediate.pem', 'root.pem']);
  const g = await forest(['chain.pem']);
  assert.deepEqual(f.roots.map(shape), g.roots.map(shape));
});

test('chain-cross.pem: leaf → cross-signed intermediate (RSA signature) → root2', async () => {
  const f = await forest(['chain-cross.pem']);
  assert.deepEqual(f.roots.map(shape), [{ [`root ${CN.root2} #${cert('root2.pem').serialNumber}`]: [{ [`intermediate ${CN.inter} #2002`]: [`leaf ${CN.leaf} #8badf00ddeadbeef8badf00ddeadbeef`] }] }]);
  assert.ok(all(f).every((n) => n.verified !== false));
});

test('bundle-cross.pem: the leaf has two verified paths, one under each root', async () => {
  const f = await forest(['bundle-cross.pem']);
  assert.deepEqual(f.roots.map((r) => r.role), ['root', 'root']);
  assert.deepEqual(new Set(f.roots.map((r) => (r.item.object as CertificateInfo).subject.rfc4514)), new Set([CN.root, CN.root2]));
  for (const r of f.roots) {
    const viaRoot2 = (r.item.object as CertificateInfo).subject.rfc4514 === CN.root2;
    assert.deepEqual(shape(r), {
      [`root ${(r.item.object as CertificateInfo).subject.rfc4514} #${(r.item.object as CertificateInfo).serialNumber}`]: [
        { [`intermediate ${CN.inter} #${viaRoot2 ? '2002' : '2001'}`]: [`leaf ${CN.leaf} #8badf00ddeadbeef8badf00ddeadbeef`] },
      ],
    });
  }
  const leaves = nodesOf(f, CN.leaf);
  assert.equal(leaves.length, 2, 'the leaf appears under both intermediates');
  assert.equal(leaves[0].item, leaves[1].item, 'one inventory item, two places in the tree');
  assert.ok(leaves.every((n) => n.verified === true && n.role === 'leaf' && n.notes.length === 0));
  assert.equal(nodesOf(f, CN.inter).length, 2);
  assert.deepEqual(f.loose, []);
});

test('forged intermediate: the forged leaf is not linked under the real intermediate and gets a signature note', async () => {
  const f = await forest(['chain-forged.pem']);
  const [forged] = nodesOf(f, CN.forged);
  assert.ok(forged);
  assert.equal(forged.role, 'orphan');
  assert.ok(f.roots.includes(forged), 'a top-level node');
  assert.deepEqual(forged.notes, [
    `names ${CN.inter} as issuer, but its signature does not verify with that certificate's key (a different CA with the same name?)`,
  ]);
  const [inter] = nodesOf(f, CN.inter, '2001');
  assert.deepEqual(inter.children, [], 'nothing under the real intermediate');
  assert.ok(!forged.notes.some((n) => n.includes('not in the workspace')));
});

test('forged intermediate present too: the forged leaf hangs under the forged intermediate only', async () => {
  const f = await forest(['chain-forged.pem', 'intermediate-forged.pem']);
  const [real] = nodesOf(f, CN.inter, '2001');
  const [fake] = nodesOf(f, CN.inter, '2003');
  assert.deepEqual(real.children, []);
  assert.deepEqual(fake.children.map(shape), [`leaf ${CN.forged} #3002`]);
  assert.equal(fake.children[0].verified, true);
  assert.equal(nodesOf(f, CN.forged).length, 1);
  // Both same-named intermediates are verified children of the root (the forged one is signed by it).
  assert.deepEqual(f.roots.map((r) => r.children.map((c) => (c.item.object as CertificateInfo).serialNumber).sort()), [['2001', '2003']]);
});

test('orphan leaf: role orphan, with the "not in the workspace" note', async () => {
  const f = await forest(['leaf-orphan.crt']);
  assert.deepEqual(f.roots.map(shape), [`orphan ${CN.orphan} #3001`]);
  assert.deepEqual(f.roots[0].notes, ['issuer CN=Certwright Vanished CA,O=Certwright Test is not in the workspace']);
});

test('roots sort before orphans', async () => {
  const f = await forest(['leaf-orphan.crt', 'root2.pem', 'chain.pem']);
  assert.deepEqual(f.roots.map((r) => r.role), ['root', 'root', 'orphan']);
});

test('keys, CSRs and CRLs attach under their certificate; unmatched keys are loose with a note', async () => {
  const f = await forest([
    'chain.pem', 'leaf-server.key', 'mismatched.key', 'keys/ec-pkcs8-encrypted.key', 'crl/intermediate.crl.pem',
    'csr/ecdsa-p256.csr', 'keytypes/ecdsa-p256.crt', 'keys/ec-sec1.key', 'keytypes/ed25519.crt', 'keys/ed25519-pkcs8.key', 'keys/rsa-spki.pub',
  ]);
  const [leaf] = nodesOf(f, CN.leaf);
  assert.deepEqual(leaf.children.map((c) => c.role), ['private-key']);
  assert.equal(leaf.children[0].item.locations[0].file, 'leaf-server.key');
  const [inter] = nodesOf(f, CN.inter);
  assert.deepEqual(inter.children.map((c) => c.role), ['crl', 'leaf'], 'attached objects first, then issued certificates');
  const [p256] = nodesOf(f, 'CN=ecdsa-p256.certwright.test,O=Certwright Test');
  assert.deepEqual(p256.children.map((c) => `${c.role}:${c.item.locations[0].file}`), ['csr:csr/ecdsa-p256.csr', 'private-key:keys/ec-sec1.key']);
  const [ed] = nodesOf(f, 'CN=ed25519.certwright.test,O=Certwright Test');
  assert.deepEqual(ed.children.map((c) => `${c.role}:${c.item.locations[0].file}`), ['private-key:keys/ed25519-pkcs8.key'], 'the derived Ed25519 identity attaches the key');
  assert.deepEqual(
    f.loose.map((n) => [n.role, n.item.locations[0].file, n.notes]),
    [
      ['private-key', 'mismatched.key', ['matches no certificate in the workspace']],
      ['private-key', 'keys/ec-pkcs8-encrypted.key', ['encrypted: cannot tell which certificate it belongs to']],
      ['public-key', 'keys/rsa-spki.pub', []],
    ],
  );
});

test('a CRL attaches by issuer name and key id (not by signature), else it is loose', async () => {
  const f = await forest(['intermediate-forged.pem', 'crl/intermediate.crl.pem']);
  // The forged intermediate has the same name and the same (forced) SKI: the CRL cannot tell them apart.
  const [fake] = nodesOf(f, CN.inter, '2003');
  assert.deepEqual(fake.children.map((c) => c.role), ['crl']);
  const g = await forest(['root.pem', 'crl/intermediate.crl.pem']);
  assert.deepEqual(g.loose.map((n) => n.role), ['crl'], 'no certificate named like the CRL issuer');
});

test('the same certificate found in two files is one node with both locations', async () => {
  const items = await inventory(['chain.pem', 'leaf-server.crt', 'leaf-server.der', 'embedded/secret.yaml']);
  const f = await buildForest(items, webCryptoVerifier);
  const leaves = nodesOf(f, CN.leaf);
  assert.equal(leaves.length, 1);
  assert.deepEqual(leaves[0].item.locations.map((l) => `${l.file}${l.key ? ':' + l.key : ''}`), ['chain.pem', 'leaf-server.crt', 'leaf-server.der', 'embedded/secret.yaml:tls.crt']);
  assert.deepEqual(nodesOf(f, CN.root)[0].item.locations.map((l) => `${l.file}${l.key ? ':' + l.key : ''}`), ['chain.pem', 'embedded/secret.yaml:ca.crt']);
  // The key in the Secret is attached once under the leaf.
  assert.deepEqual(leaves[0].children.map((c) => `${c.role}:${c.item.locations.map((l) => l.key).join(',')}`), ['private-key:tls.key']);
  const d = dedupe(items);
  assert.equal(d.length, 4, 'leaf, intermediate, root, key');
});

test('a link the verifier cannot check (undefined) is kept, marked unverified, with a note', async () => {
  const f = await forest(['chain.pem'], async () => undefined);
  const [inter] = nodesOf(f, CN.inter);
  assert.equal(inter.verified, false);
  assert.equal(inter.role, 'intermediate');
  assert.deepEqual(inter.notes, ['link to the issuer is by name only: its signature algorithm could not be checked']);
  const g = await forest(['chain.pem'], async () => false);
  assert.deepEqual(g.roots.map((r) => r.role).sort(), ['orphan', 'orphan', 'root']);
});

test('shouldStop stops linking (cancellation) without throwing', async () => {
  const f = await buildForest(await inventory(['chain.pem']), webCryptoVerifier, () => true);
  assert.equal(all(f).filter((n) => n.item.object.type === 'certificate').length, 3);
});

// ---------------------------------------------------------------------------------------------
// webCryptoVerifier

const pairs: Array<{ issuer: string; child: string; kind: string }> = [
  { issuer: 'root.pem', child: 'intermediate.pem', kind: 'ECDSA P-384 / SHA-384' },
  { issuer: 'root.pem', child: 'root.pem', kind: 'ECDSA P-384 self-signed' },
  { issuer: 'root.pem', child: 'intermediate-forged.pem', kind: 'ECDSA P-384 (the impostor is really signed by the root)' },
  { issuer: 'intermediate.pem', child: 'leaf-server.crt', kind: 'ECDSA P-256 / SHA-256' },
  { issuer: 'intermediate.pem', child: 'expired.crt', kind: 'ECDSA P-256' },
  { issuer: 'intermediate.pem', child: 'not-yet-valid.crt', kind: 'ECDSA P-256' },
  { issuer: 'intermediate-cross.pem', child: 'leaf-server.crt', kind: 'same key as the intermediate' },
  { issuer: 'intermediate-forged.pem', child: 'leaf-forged.crt', kind: 'ECDSA P-256 (forged pair)' },
  { issuer: 'root2.pem', child: 'intermediate-cross.pem', kind: 'RSA 2048 / sha256WithRSAEncryption' },
  { issuer: 'root2.pem', child: 'root2.pem', kind: 'RSA self-signed' },
  { issuer: 'keytypes/rsa-2048.crt', child: 'keytypes/rsa-2048.crt', kind: 'RSA 2048 self-signed' },
  { issuer: 'keytypes/rsa-4096.crt', child: 'keytypes/rsa-4096.crt', kind: 'RSA 4096 / SHA-384' },
  { issuer: 'keytypes/rsa-1024-weak.crt', child: 'keytypes/rsa-1024-weak.crt', kind: 'RSA 1024' },
  { issuer: 'keytypes/sha1-rsa.crt', child: 'keytypes/sha1-rsa.crt', kind: 'RSA / SHA-1' },
  { issuer: 'keytypes/ecdsa-p256.crt', child: 'keytypes/ecdsa-p256.crt', kind: 'ECDSA P-256 self-signed' },
  { issuer: 'keytypes/ecdsa-p384.crt', child: 'keytypes/ecdsa-p384.crt', kind: 'ECDSA P-384 self-signed' },
  { issuer: 'keytypes/ecdsa-p521.crt', child: 'keytypes/ecdsa-p521.crt', kind: 'ECDSA P-521 / SHA-512' },
  { issuer: 'keytypes/ed25519.crt', child: 'keytypes/ed25519.crt', kind: 'Ed25519' },
];

for (const p of pairs) {
  test(`webCryptoVerifier: ${p.issuer} signed ${p.child} (${p.kind}) → true`, async () => {
    assert.equal(await webCryptoVerifier(cert(p.issuer).publicKey.spki, cert(p.child)), true);
  });
}

test('webCryptoVerifier: the intermediate signed both CRLs → true; the root did not → false', async () => {
  for (const file of ['crl/intermediate.crl.pem', 'crl/intermediate.crl.der', 'crl/intermediate-stale.crl.pem']) {
    const crl = onlyObject(file) as CrlInfo;
    assert.equal(await webCryptoVerifier(cert('intermediate.pem').publicKey.spki, crl), true, file);
    assert.equal(await webCryptoVerifier(cert('root.pem').publicKey.spki, crl), false, file);
  }
});

const wrong: Array<{ issuer: string; child: string; why: string }> = [
  { issuer: 'intermediate.pem', child: 'leaf-forged.crt', why: 'same name and key id, other key' },
  { issuer: 'intermediate-forged.pem', child: 'leaf-server.crt', why: 'the impostor did not sign the real leaf' },
  { issuer: 'root.pem', child: 'leaf-server.crt', why: 'P-384 root, leaf signed by the P-256 intermediate' },
  { issuer: 'intermediate.pem', child: 'intermediate.pem', why: 'not self-signed' },
  { issuer: 'root2.pem', child: 'leaf-server.crt', why: 'RSA key, ECDSA signature' },
  { issuer: 'root2.pem', child: 'intermediate.pem', why: 'RSA root, intermediate signed by the EC root' },
  { issuer: 'root.pem', child: 'intermediate-cross.pem', why: 'EC key, RSA signature' },
  { issuer: 'keytypes/rsa-2048.crt', child: 'keytypes/rsa-4096.crt', why: 'other RSA key' },
  { issuer: 'keytypes/rsa-2048.crt', child: 'keytypes/sha1-rsa.crt', why: 'other RSA key, SHA-1' },
  { issuer: 'keytypes/ecdsa-p256.crt', child: 'keytypes/ed25519.crt', why: 'EC key, Ed25519 signature' },
  { issuer: 'keytypes/ed25519.crt', child: 'keytypes/ecdsa-p256.crt', why: 'Ed25519 key, ECDSA signature' },
  { issuer: 'keytypes/ecdsa-p521.crt', child: 'keytypes/ecdsa-p384.crt', why: 'other curve' },
];

for (const w of wrong) {
  test(`webCryptoVerifier: ${w.issuer} did not sign ${w.child} (${w.why}) → false`, async () => {
    assert.equal(await webCryptoVerifier(cert(w.issuer).publicKey.spki, cert(w.child)), false);
  });
}

test('webCryptoVerifier: a tampered TBS or signature does not verify', async () => {
  const leaf = cert('leaf-server.crt');
  const spki = cert('intermediate.pem').publicKey.spki;
  const tbs = new Uint8Array(leaf.tbs);
  tbs[tbs.length - 1] ^= 1;
  assert.equal(await webCryptoVerifier(spki, { ...leaf, tbs }), false);
  const sig = new Uint8Array(leaf.signatureValue);
  sig[sig.length - 1] ^= 1;
  assert.equal(await webCryptoVerifier(spki, { ...leaf, signatureValue: sig }), false);
  assert.equal(await webCryptoVerifier(spki, leaf), true, 'the original still verifies (no mutation)');
});

test('inventory items carry what the tree needs', async () => {
  const items: InventoryItem[] = await inventory(['embedded/secret.yaml']);
  assert.deepEqual(items.map((i) => [i.object.type, i.locations[0].key]), [['certificate', 'tls.crt'], ['certificate', 'tls.crt'], ['private-key', 'tls.key'], ['certificate', 'ca.crt']]);
});
