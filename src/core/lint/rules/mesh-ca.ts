// The certificate material meshes run on: Istio's plug-in CA (the `cacerts` Secret, or the four
// files `ca-cert.pem`, `ca-key.pem`, `root-cert.pem`, `cert-chain.pem` in a folder) and Linkerd's
// identity (Helm values, the `linkerd-identity-issuer` Secret, the `linkerd-identity-trust-roots`
// ConfigMap and the cert-manager Certificate producing the issuer). Chains are followed by name
// and key identifiers, and each link's signature is verified synchronously (src/core/verify-sync.ts:
// RSA and ECDSA P-256/P-384; other algorithms are not checked, never reported); the path found is
// then checked by the core's path validation (`chainErrors`) as istiod's Go verifier checks it.
import type { Node } from 'yaml';
import type { CertificateInfo } from '../../model';
import { keyDescription } from '../../describe';
import { bool, get, has, isUnknown, keyNode, Manifest, mayBeTemplated, num, str, strings, type ParsedFile } from '../model';
import { certName, daysLeft, issuedBy, keyMatches, materialOfFile, materialOfNode, sameBytes, secretEntry, UNKNOWN, type Entry, type Located, type Material } from '../pem-material';
import type { Reporter } from '../rules';
import { relatedRefs, type Workspace } from '../workspace';
import { appendSeqItems, replaceScalar } from '../edits';
import { EKU_USAGES as EKU_WORDS } from './certmanager';
import { signedBySync } from '../../verify-sync';
import { chainErrors } from '../../validate';

/** Days before expiry from which the plug-in CA and Linkerd's certificates are reported. */
export const ISTIO_WARN_DAYS = 90;
export const LINKERD_WARN_DAYS = 60;

const ISTIO_FILES = ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'] as const;
type IstioKey = typeof ISTIO_FILES[number];

interface CaSet {
  what: string;
  entries: Record<IstioKey, Entry>;
}

function known(e: Entry): Material | undefined {
  return e && e !== UNKNOWN ? e : undefined;
}

const at = (r: Reporter, m: Material, loc: { start: number; end: number } | undefined, code: string, message: string) =>
  r.at(m.file, (loc ?? m).start, (loc ?? m).end, code, message);

function relate(r: Reporter, m: Material, message: string): void {
  const f = r.findings[r.findings.length - 1];
  if (f && f.file !== m.file.path) relatedRefs.set(f, [{ file: m.file, start: m.start, end: m.end, message }]);
}

/** The plug-in CA sets of the workspace: `cacerts` Secrets and folders holding the four files. */
function istioSets(ws: Workspace): CaSet[] {
  const out: CaSet[] = [];
  for (const m of ws.ofKind('Secret')) {
    if (m.partial) continue;
    const ca = secretEntry(m, 'ca-cert.pem');
    if (m.name !== 'cacerts' && !ca) continue;
    const entries = Object.fromEntries(ISTIO_FILES.map((k) => [k, k === 'ca-cert.pem' ? ca : secretEntry(m, k)])) as Record<IstioKey, Entry>;
    out.push({ what: `Secret "${m.name}"`, entries });
  }
  const byDir = new Map<string, Partial<Record<IstioKey, { path: string; text: string }>>>();
  for (const f of ws.others) {
    const p = f.path.replace(/\\/g, '/');
    const base = p.slice(p.lastIndexOf('/') + 1) as IstioKey;
    if (!(ISTIO_FILES as readonly string[]).includes(base)) continue;
    const dir = p.slice(0, p.lastIndexOf('/') + 1);
    (byDir.get(dir) ?? byDir.set(dir, {}).get(dir)!)[base] = f;
  }
  for (const [dir, files] of byDir) {
    if (!files['ca-cert.pem']) continue;
    const entries = Object.fromEntries(ISTIO_FILES.map((k) => [k, files[k] ? materialOfFile(files[k]!) : undefined])) as Record<IstioKey, Entry>;
    out.push({ what: `the plug-in CA files in ${dir || './'}`, entries });
  }
  return out;
}

function istioCa(r: Reporter, set: CaSet, now: Date): void {
  const caM = known(set.entries['ca-cert.pem']), keyM = known(set.entries['ca-key.pem']);
  const rootM = known(set.entries['root-cert.pem']), chainM = known(set.entries['cert-chain.pem']);
  const ca = caM?.certs[0];
  if (caM && ca) {
    const c = ca.value;
    if (!c.isCA || !c.keyUsage.includes('cert sign')) {
      at(r, caM, ca, 'istio-cacerts-not-ca', `ca-cert.pem holds ${certName(c)}, which is ${!c.isCA ? 'not a CA (basicConstraints CA:FALSE or absent)' : 'a CA without the keyCertSign key usage'}: istiod signs workload certificates with it and every peer rejects them ("x509: certificate signed by unknown authority"). Use an intermediate CA certificate and its key (istio#27605).`);
    }
  }
  const key = keyM?.keys[0];
  if (keyM && key && ca) {
    if (keyMatches(ca.value, key.value) === false) {
      at(r, keyM, key, 'istio-cacerts-key-mismatch', `ca-key.pem is not the key of ca-cert.pem (${certName(ca.value)}, ${keyDescription(ca.value.publicKey)}): istiod fails to start ("failed to create CA KeyCertBundle"). Put the CA certificate's own key in ca-key.pem.`);
      relate(r, caM!, 'ca-cert.pem, whose key this is not');
    }
  }
  const roots = rootM?.certs ?? [];
  const chain = chainM?.certs ?? [];
  // Repeated certificates: in root-cert.pem, and in cert-chain.pem (istiod appends the root itself).
  for (const [m, list, name] of [[rootM, roots, 'root-cert.pem'], [chainM, chain, 'cert-chain.pem']] as const) {
    if (!m) continue;
    const seen: CertificateInfo[] = [];
    for (const x of list) {
      if (seen.some((s) => sameBytes(s.der, x.value.der))) {
        at(r, m, x, 'istio-root-repeated', `${name} holds ${certName(x.value)} ${name === 'root-cert.pem' ? 'twice' : 'more than once'}: workloads then present a chain with the certificate repeated (istio#39001), which strict verifiers reject. Keep each certificate once.`);
        break;
      }
      seen.push(x.value);
    }
  }
  for (const x of roots) {
    if (!x.value.selfSigned) {
      at(r, rootM!, x, 'istio-root-not-self-signed', `root-cert.pem holds ${certName(x.value)}, issued by ${x.value.issuer.rfc4514}: it is not a self-signed root. Istio distributes root-cert.pem as the mesh's trust anchors; put the self-signed root there (and intermediates in cert-chain.pem).`);
    }
  }
  if (ca && caM) {
    let signatureReported = false;
    // cert-chain.pem: ca-cert first, then each certificate's issuer, ending at a root of root-cert.pem.
    if (chainM && chain.length) {
      if (!sameBytes(chain[0].value.der, ca.value.der)) {
        at(r, chainM, chain[0], 'istio-cert-chain-misordered', `cert-chain.pem starts with ${certName(chain[0].value)}, not with ca-cert.pem's ${certName(ca.value)}: workloads present the chain in this order. Write ca-cert.pem first, then each issuer up to the root.`);
      } else {
        for (let i = 0; i + 1 < chain.length; i++) {
          if (chain[i].value.selfSigned) continue;
          if (issuedBy(chain[i].value, chain[i + 1].value)) {
            // Named as the issuer: its key must really have signed the certificate (istiod's Go verifier checks it).
            if (signedBySync(chain[i].value, chain[i + 1].value) === false && !pool(chain, roots).some((p) => linked(chain[i].value, p))) {
              at(r, chainM, chain[i], 'istio-cert-chain-order', badSignature('In cert-chain.pem, ', chain[i].value, chain[i + 1].value));
              signatureReported = true;
              break;
            }
            continue;
          }
          at(r, chainM, chain[i + 1], 'istio-cert-chain-misordered', `In cert-chain.pem, ${certName(chain[i + 1].value)} follows ${certName(chain[i].value)} but did not issue it: write each certificate's issuer right after it, ending at the root.`);
          break;
        }
      }
    }
    if (rootM && roots.length) {
      const all = pool(chain, roots);
      const rootList = roots.map((x) => x.value);
      const path = pathToRoot(ca.value, all, rootList, linked);
      if (!path.root) {
        // Does a path reach the root by names alone? Then a signature broke it.
        const byName = pathToRoot(ca.value, all, rootList, issuedBy);
        const full = byName.root ? withRoot(byName.chain, byName.root) : byName.chain;
        const i = full.findIndex((c, k) => k + 1 < full.length && signedBySync(c, full[k + 1]) === false);
        if (signatureReported) { /* reported on cert-chain.pem above */ } else if (byName.root && i >= 0) {
          const inChain = chain.find((x) => sameBytes(x.value.der, full[i].der));
          const where = i === 0 ? caM : inChain ? chainM! : rootM;
          at(r, where, i === 0 ? ca : inChain ?? roots.find((x) => sameBytes(x.value.der, full[i].der)), 'istio-cert-chain-order', badSignature(i === 0 ? 'ca-cert.pem: ' : '', full[i], full[i + 1]));
          if (where !== rootM) relate(r, rootM, 'root-cert.pem: the roots the chain should reach');
        } else {
          const last = path.chain[path.chain.length - 1];
          const where = chainM ? chainM : caM;
          at(r, where, chainM ? undefined : ca, 'istio-cert-chain-order', `ca-cert.pem (${certName(ca.value)}) does not chain to root-cert.pem: ${certName(last)} is issued by ${last.issuer.rfc4514}, which is neither in cert-chain.pem nor in root-cert.pem. istiod refuses the plug-in CA; add the missing intermediate to cert-chain.pem or use the matching root.`);
          if (where !== rootM) relate(r, rootM, 'root-cert.pem: the roots the chain should reach');
        }
      } else {
        // The path istiod verifies: what Go's verifier refuses along it (the CAs above ca-cert.pem).
        const full = withRoot(path.chain, path.root);
        const signatures = full.slice(0, -1).map((c, k) => signedBySync(c, full[k + 1]) ?? null);
        const bad = chainErrors(full, { anchored: true, signatures }).find((e) => e.depth > 0 && (e.code === 'not-a-ca' || e.code === 'path-length-exceeded'));
        if (bad) {
          const c = full[bad.depth];
          const inChain = chain.find((x) => sameBytes(x.value.der, c.der));
          const inRoots = roots.find((x) => sameBytes(x.value.der, c.der));
          const [where, loc] = inChain ? [chainM!, inChain] : inRoots ? [rootM, inRoots] : [caM, ca];
          at(r, where, loc, 'istio-cert-chain-order', `${certName(c)}, on the path from ca-cert.pem to root-cert.pem, ${bad.message} (${bad.code}): istiod's verification of the plug-in CA fails and istiod does not start. Issue it as a CA${bad.code === 'path-length-exceeded' ? ' with a path length that allows the CAs below it' : ' (CA:TRUE)'}.`);
        } else if (ca.value.notAfter.getTime() > path.root.notAfter.getTime()) {
          at(r, caM, ca, 'istio-cacerts-validity', `ca-cert.pem (${certName(ca.value)}) is valid until ${iso(ca.value.notAfter)}, after its root ${certName(path.root)} (${iso(path.root.notAfter)}): from then on every workload certificate fails to verify. Reissue the CA certificate within the root's validity, or rotate the root first.`);
        }
      }
    }
  }
  // Expiry, with Istio's root-transition plan.
  const expiring = (m: Material, x: Located<CertificateInfo>, role: string, plan: string) => {
    const days = daysLeft(x.value, now);
    if (days >= ISTIO_WARN_DAYS) return;
    const when = days < 0 ? `expired on ${iso(x.value.notAfter)}` : `expires in ${days} day${days === 1 ? '' : 's'} (${iso(x.value.notAfter)})`;
    at(r, m, x, 'istio-cacerts-expiring', `${role} ${certName(x.value)} ${when}: ${plan}`);
  };
  // g15: a certificate not valid yet (made on a machine whose clock runs ahead, or dated ahead).
  const early = (m: Material, x: Located<CertificateInfo>, role: string) => {
    if (!notYetValid(x.value, now)) return;
    at(r, m, x, 'istio-cacerts-not-yet-valid', `${role} ${certName(x.value)} is not valid before ${x.value.notBefore.toISOString()}: until then istiod's verification of the plug-in CA fails ("x509: certificate has expired or is not yet valid") and istiod does not start. Check the clock of the machine that made it, or roll it out after that time.`);
  };
  if (caM && ca) early(caM, ca, 'The plug-in CA certificate');
  if (rootM) for (const x of roots) early(rootM, x, 'The mesh root');
  if (caM && ca) expiring(caM, ca, 'The plug-in CA certificate', 'issue a new ca-cert.pem/ca-key.pem from the same root, update cert-chain.pem and the cacerts Secret, and restart istiod; workloads pick up new certificates as theirs rotate.');
  if (rootM) for (const x of roots) expiring(rootM, x, 'The mesh root', 'follow Istio\'s root transition: add a new root next to the old one in root-cert.pem (both trusted), roll it out to every workload, then sign a new ca-cert.pem with the new root, and only then remove the old root.');
}

/** Clock skew tolerated between the machine that made a certificate and the workspace clock. */
const SKEW_MS = 5 * 60_000;

/** notBefore later than now (beyond a few minutes of clock skew). */
function notYetValid(c: CertificateInfo, now: Date): boolean {
  return c.notBefore.getTime() > now.getTime() + SKEW_MS;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Whether `parent` issued `child`: named as its issuer, and (where it can be checked) its key signed it. */
function linked(child: CertificateInfo, parent: CertificateInfo): boolean {
  return issuedBy(child, parent) && signedBySync(child, parent) !== false;
}

function pool(chain: Array<Located<CertificateInfo>>, roots: Array<Located<CertificateInfo>>): CertificateInfo[] {
  return [...chain.map((x) => x.value), ...roots.map((x) => x.value)];
}

function withRoot(chain: CertificateInfo[], root: CertificateInfo): CertificateInfo[] {
  return sameBytes(chain[chain.length - 1].der, root.der) ? chain : [...chain, root];
}

function badSignature(prefix: string, child: CertificateInfo, parent: CertificateInfo): string {
  return `${prefix}${certName(child)} names ${certName(parent)} as its issuer, but its signature does not verify with that certificate's key: a different CA (or a re-created one with a new key) signed it. istiod refuses the plug-in CA; put the CA that really issued it in the chain, or re-issue it from this one.`;
}

/** Follows issuers from `leaf` through `pool` (`link`: by name and key id, and signature) until a certificate of `roots`. */
function pathToRoot(leaf: CertificateInfo, pool: CertificateInfo[], roots: CertificateInfo[], link: (c: CertificateInfo, p: CertificateInfo) => boolean): { chain: CertificateInfo[]; root?: CertificateInfo } {
  const chain = [leaf];
  for (let cur = leaf; chain.length < 12;) {
    const same = roots.find((x) => sameBytes(x.der, cur.der));
    if (same) return { chain, root: same };
    const root = roots.find((x) => link(cur, x));
    if (root) return { chain, root };
    if (cur.selfSigned) return { chain };
    const parent = pool.find((p) => !chain.includes(p) && link(cur, p));
    if (!parent) return { chain };
    chain.push(parent);
    cur = parent;
  }
  return { chain };
}

// ---- Linkerd ----------------------------------------------------------------------------------

const LINKERD_CN = 'identity.linkerd.cluster.local';

interface LinkerdIssuer {
  /** Where it comes from (for messages). */
  what: string;
  crt: Entry;
  key: Entry;
  /** Trust anchors given next to it (Helm values, `ca.crt`), if any. */
  anchors: Entry;
  host: Manifest;
}

/** Issuers and anchors: Helm values, the issuer Secret, the trust-roots ConfigMap. */
function linkerdIssuers(ws: Workspace): { issuers: LinkerdIssuer[]; roots: Array<{ m: Manifest; entry: Entry }> } {
  const issuers: LinkerdIssuer[] = [];
  for (const m of ws.manifests) {
    if (m.kind !== undefined) continue;
    const anchorsNode = get(m.root, 'identityTrustAnchorsPEM');
    const tls = get(m.root, 'identity', 'issuer', 'tls');
    if (!anchorsNode && !tls) continue;
    issuers.push({ what: 'the Helm values', crt: materialOfNode(m.file, get(tls, 'crtPEM')), key: materialOfNode(m.file, get(tls, 'keyPEM')), anchors: materialOfNode(m.file, anchorsNode), host: m });
  }
  for (const m of ws.ofKind('Secret')) {
    if (m.name !== 'linkerd-identity-issuer' || m.partial) continue;
    const crt = secretEntry(m, 'tls.crt') ?? secretEntry(m, 'crt.pem');
    const key = secretEntry(m, 'tls.key') ?? secretEntry(m, 'key.pem');
    issuers.push({ what: 'Secret "linkerd-identity-issuer"', crt, key, anchors: secretEntry(m, 'ca.crt'), host: m });
  }
  const roots = ws.ofKind('ConfigMap').filter((m) => m.name === 'linkerd-identity-trust-roots' && !m.partial).map((m) => ({ m, entry: secretEntry(m, 'ca-bundle.crt') }));
  return { issuers, roots };
}

function linkerd(r: Reporter, ws: Workspace, now: Date): void {
  const { issuers, roots } = linkerdIssuers(ws);
  for (const iss of issuers) {
    const crtM = known(iss.crt), keyM = known(iss.key);
    const issuer = crtM?.certs[0];
    // The anchors: given with the issuer, else the trust-roots ConfigMap in scope (one, or several that agree).
    let anchorsM = known(iss.anchors);
    let anchorsUnknown = iss.anchors === UNKNOWN;
    if (!anchorsM && !anchorsUnknown) {
      const found = ws.scopeCandidates(iss.host.file, roots.map((x) => x.m));
      const entries = roots.filter((x) => found.includes(x.m)).map((x) => x.entry);
      if (entries.some((e) => e === UNKNOWN)) anchorsUnknown = true;
      else if (entries.length === 1) anchorsM = known(entries[0]);
    }
    if (issuer && crtM) {
      const c = issuer.value;
      const k = c.publicKey;
      if (k.algorithm !== 'EC' || k.curve !== 'P-256') {
        at(r, crtM, issuer, 'linkerd-issuer-algorithm', `The Linkerd identity issuer (${iss.what}) has a ${keyDescription(k)} key: Linkerd's identity controller needs ECDSA P-256 and fails to start ("linkerd check": issuer cert is using supported crypto algorithm). Issue the issuer with an ECDSA P-256 key.`);
      }
      if (!c.isCA) {
        at(r, crtM, issuer, 'linkerd-issuer-not-ca', `The Linkerd identity issuer ${certName(c)} (${iss.what}) is not a CA (basicConstraints CA:FALSE): it cannot sign proxy certificates. Issue it with CA:TRUE and keyCertSign.`);
      }
      if (anchorsM && anchorsM.certs.length && !anchorsUnknown) {
        // Issued by an anchor (signature checked), directly or through intermediates in the issuer's bundle.
        const path = pathToRoot(c, crtM.certs.slice(1).map((x) => x.value), anchorsM.certs.map((a) => a.value), linked);
        const forged = path.root ? undefined : anchorsM.certs.find((a) => issuedBy(path.chain[path.chain.length - 1], a.value));
        if (forged) {
          at(r, crtM, issuer, 'linkerd-issuer-not-signed-by-anchor', `The Linkerd identity issuer ${certName(c)} (${iss.what}) names the trust anchor ${certName(forged.value)} as its issuer, but the anchor's key did not sign it (an anchor re-created with the same name?): proxies reject every certificate it signs ("linkerd check": issuer cert is issued by the trust anchor). Sign the issuer with this anchor's key, or put the anchor that signed it in the trust anchors.`);
          relate(r, anchorsM, 'The trust anchors');
        } else if (!path.root) {
          at(r, crtM, issuer, 'linkerd-issuer-not-signed-by-anchor', `The Linkerd identity issuer ${certName(c)} (${iss.what}) is issued by ${c.issuer.rfc4514}, which is none of the trust anchors (${anchorsM.certs.map((a) => certName(a.value)).join(', ')}): proxies reject every certificate it signs ("linkerd check": issuer cert is issued by the trust anchor). Sign the issuer with a trust anchor, or add its root to the anchors.`);
          relate(r, anchorsM, 'The trust anchors');
        }
      }
      if (notYetValid(c, now)) {
        at(r, crtM, issuer, 'linkerd-issuer-not-yet-valid', `The Linkerd identity issuer ${certName(c)} (${iss.what}) is not valid before ${c.notBefore.toISOString()}: until then the identity controller cannot sign proxy certificates ("linkerd check": issuer cert is within its validity period). Check the clock of the machine that made it, or install it after that time.`);
      }
      const days = daysLeft(c, now);
      if (days < LINKERD_WARN_DAYS) {
        at(r, crtM, issuer, 'linkerd-issuer-expiring', `The Linkerd identity issuer ${certName(c)} ${days < 0 ? `expired on ${iso(c.notAfter)}: proxies can no longer get certificates` : `expires in ${days} days (${iso(c.notAfter)}), under the 60 days "linkerd check" warns at`}. Rotate it (cert-manager renews it when it writes the Secret), keeping the same trust anchor.`);
      }
    }
    if (anchorsM) {
      for (const a of anchorsM.certs) {
        const k = a.value.publicKey;
        const okAlg = (k.algorithm === 'EC' && (k.curve === 'P-256' || k.curve === 'P-384')) || (k.algorithm === 'RSA' && (k.size === 2048 || k.size === 4096));
        if (!okAlg) at(r, anchorsM, a, 'linkerd-issuer-algorithm', `Linkerd trust anchor ${certName(a.value)} has a ${keyDescription(k)} key: Linkerd accepts ECDSA (P-256, P-384) or RSA 2048/4096 anchors only. Create the anchor with ECDSA P-256.`);
        if (notYetValid(a.value, now)) at(r, anchorsM, a, 'linkerd-issuer-not-yet-valid', `Linkerd trust anchor ${certName(a.value)} is not valid before ${a.value.notBefore.toISOString()}: until then proxies reject every certificate under it ("linkerd check": trust anchors are within their validity period). Check the clock of the machine that made it, or install it after that time.`);
        const days = daysLeft(a.value, now);
        if (days < LINKERD_WARN_DAYS) at(r, anchorsM, a, 'linkerd-issuer-expiring', `Linkerd trust anchor ${certName(a.value)} ${days < 0 ? `expired on ${iso(a.value.notAfter)}` : `expires in ${days} days (${iso(a.value.notAfter)})`}: "linkerd check" warns under 60 days. Add a new anchor to the bundle next to the old one, re-issue the issuer from it, then remove the old anchor.`);
      }
    }
    const key = keyM?.keys[0];
    if (keyM && key && issuer && keyMatches(issuer.value, key.value) === false) {
      at(r, keyM, key, 'linkerd-issuer-key-mismatch', `The Linkerd issuer key (${iss.what}) is not the key of the issuer certificate ${certName(issuer.value)}: the identity controller fails to start. Use the key the certificate was issued for.`);
    }
  }
}

/** cert-manager Certificates writing Linkerd's issuer Secret: what Linkerd needs of them. */
export function linkerdIssuerCertificate(r: Reporter, m: Manifest): void {
  const spec = get(m.root, 'spec');
  const sn = get(spec, 'secretName');
  if (str(sn) !== 'linkerd-identity-issuer' || isUnknown(m.file, sn)) return;
  const problems: Array<{ node: Node | undefined; text: string; fix?: { title: string; node: Node; value: string }; add?: string[] }> = [];
  const isCA = get(spec, 'isCA');
  if (bool(isCA) !== true && !mayBeTemplated(m, 'spec', 'isCA')) problems.push({ node: isCA ?? keyNode(spec, 'secretName'), text: 'isCA must be true: the issuer signs the proxies\' certificates' });
  const alg = get(spec, 'privateKey', 'algorithm');
  if (!mayBeTemplated(m, 'spec', 'privateKey', 'algorithm')) {
    if (str(alg) !== 'ECDSA') problems.push({ node: alg ?? keyNode(spec, 'secretName'), text: `privateKey.algorithm must be ECDSA (it is ${str(alg) ?? 'RSA by default'}): Linkerd needs an ECDSA P-256 issuer key`, fix: alg ? { title: 'Change to ECDSA', node: alg, value: 'ECDSA' } : undefined });
    const size = get(spec, 'privateKey', 'size');
    if (str(alg) === 'ECDSA' && num(size) !== undefined && num(size) !== 256 && !isUnknown(m.file, size)) problems.push({ node: size, text: 'privateKey.size must be 256 (P-256)', fix: { title: 'Change to 256', node: size!, value: '256' } });
  }
  const cn = get(spec, 'commonName');
  if (str(cn) !== LINKERD_CN && !mayBeTemplated(m, 'spec', 'commonName')) problems.push({ node: cn ?? keyNode(spec, 'secretName'), text: `commonName must be ${LINKERD_CN}`, fix: cn ? { title: `Change to ${LINKERD_CN}`, node: cn, value: LINKERD_CN } : undefined });
  const usages = get(spec, 'usages');
  if (has(spec, 'usages') && !isUnknown(m.file, usages)) {
    const list = strings(usages).map((u) => u.value);
    // Extended key usages on the issuer constrain the proxies' certificates (Go checks them along
    // the chain): when any is listed, both of the proxies' must be.
    const eku = list.some((u) => u === 'server auth' || u === 'client auth' || EKU_WORDS.has(u));
    const missing = ['server auth', 'client auth'].filter((u) => !list.includes(u) && !list.includes('any'));
    if (eku && missing.length) problems.push({ node: usages, text: `usages lack ${missing.map((u) => `"${u}"`).join(' and ')}, which the proxies' certificates carry (extended key usages of an issuer limit those below it)`, add: missing });
  }
  for (const p of problems) {
    r.node(m, p.node, 'linkerd-issuer-certificate-spec', `Certificate "${m.name}" writes Linkerd's identity issuer: ${p.text}. Linkerd's identity controller rejects an issuer that does not fit.`,
      p.fix ? [{ title: p.fix.title, edits: [replaceScalar(m.file as ParsedFile, p.fix.node, p.fix.value)] }]
        : p.add ? fixOf(`Add ${p.add.map((u) => `"${u}"`).join(' and ')} to usages`, appendSeqItems(m.file as ParsedFile, spec!, 'usages', p.add)) : undefined);
  }
}

function fixOf(title: string, edit: ReturnType<typeof appendSeqItems>) {
  return edit ? [{ title, edits: [edit] }] : undefined;
}

/** The workspace-level mesh CA rules. */
export function meshCaRules(r: Reporter, ws: Workspace): void {
  const now = ws.now ?? new Date();
  for (const set of istioSets(ws)) istioCa(r, set, now);
  linkerd(r, ws, now);
}
