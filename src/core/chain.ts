// Groups a workspace's certificates into chains: roots, then the intermediates and leaves they
// signed (linked by names and key identifiers, confirmed by verifying signatures), with keys,
// CSRs and CRLs attached to the certificate they belong to.
import { toHex } from './bytes';
import type { CertificateInfo, PkiObject } from './model';
import { chainProblems, describeProblem, type ValidationError } from './validate';
import type { SignatureVerifier } from './verify';

export interface Location {
  file: string;
  start: number;
  end: number;
  /** 0-based line of the object's first line. */
  line: number;
  key?: string;
  /** In a keystore or bundle: its format and the entry's alias (`PKCS#12 alias "app"`). */
  container?: string;
}

export interface InventoryItem {
  object: PkiObject;
  locations: Location[];
}

export type NodeRole = 'root' | 'intermediate' | 'leaf' | 'orphan' | 'private-key' | 'csr' | 'public-key' | 'crl';

export interface ChainNode {
  item: InventoryItem;
  role: NodeRole;
  children: ChainNode[];
  /** False when the link to the parent is by names/key ids only (signature algorithm not checkable). */
  verified?: boolean;
  /** Problems with this node's place in a chain. */
  notes: string[];
  /** Why its chain (through the issuers above it in the tree) does not validate, from src/core/validate. */
  problems?: ValidationError[];
}

export interface Forest {
  /** Self-signed roots and certificates whose issuer is not in the workspace. */
  roots: ChainNode[];
  /** Keys, CSRs, public keys and CRLs that belong to no certificate here. */
  loose: ChainNode[];
}

const hex = (b: Uint8Array) => toHex(b);

function identity(o: PkiObject): string {
  if (o.type === 'private-key') return 'key:' + (o.publicKey.keyMaterialHex ?? hex(o.der));
  return o.type + ':' + o.sha256;
}

/** Merges items that are the same object found in several places. */
export function dedupe(items: InventoryItem[]): InventoryItem[] {
  const map = new Map<string, InventoryItem>();
  for (const it of items) {
    const id = identity(it.object);
    const prev = map.get(id);
    if (prev) prev.locations.push(...it.locations);
    else map.set(id, { object: it.object, locations: [...it.locations] });
  }
  return [...map.values()];
}

interface Link { parent: InventoryItem; verified: boolean }

export interface ForestOptions {
  /** Validity of the CAs above a certificate is checked at this time (not at all when absent). */
  now?: Date;
}

export async function buildForest(input: InventoryItem[], verify: SignatureVerifier, shouldStop: () => boolean = () => false, opts: ForestOptions = {}): Promise<Forest> {
  const items = dedupe(input);
  const certs = items.filter((i) => i.object.type === 'certificate');
  const cert = (i: InventoryItem) => i.object as CertificateInfo;
  const bySubject = new Map<string, InventoryItem[]>();
  for (const c of certs) {
    const k = hex(cert(c).subject.der);
    (bySubject.get(k) ?? bySubject.set(k, []).get(k)!).push(c);
  }
  const parents = new Map<InventoryItem, Link[]>();
  const notes = new Map<InventoryItem, string[]>();
  const note = (i: InventoryItem, n: string) => (notes.get(i) ?? notes.set(i, []).get(i)!).push(n);
  for (const c of certs) {
    if (shouldStop()) break;
    const ci = cert(c);
    const links: Link[] = [];
    if (!ci.selfSigned) {
      const cands = (bySubject.get(hex(ci.issuer.der)) ?? []).filter((p) => {
        if (p === c) return false;
        const pi = cert(p);
        return !ci.authorityKeyId || !pi.subjectKeyId || ci.authorityKeyId === pi.subjectKeyId;
      });
      for (const p of cands) {
        const ok = await verify(cert(p).publicKey.spki, ci);
        if (ok === true) links.push({ parent: p, verified: true });
        else if (ok === undefined) links.push({ parent: p, verified: false });
        else note(c, `names ${cert(p).subject.rfc4514} as issuer, but its signature does not verify with that certificate's key (a different CA with the same name?)`);
      }
      if (!links.length && !cands.length) note(c, `issuer ${ci.issuer.rfc4514 || '(empty)'} is not in the workspace`);
    }
    parents.set(c, links);
  }
  const childrenOf = new Map<InventoryItem, Link[]>();
  for (const [c, links] of parents) {
    for (const l of links) (childrenOf.get(l.parent) ?? childrenOf.set(l.parent, []).get(l.parent)!).push({ parent: c, verified: l.verified });
  }

  // Keys, CSRs, public keys and CRLs attach to certificates.
  const attached = new Map<InventoryItem, ChainNode[]>();
  const loose: ChainNode[] = [];
  const byKey = new Map<string, InventoryItem[]>();
  for (const c of certs) {
    const k = cert(c).publicKey.keyMaterialHex;
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(c);
  }
  for (const it of items) {
    const o = it.object;
    if (o.type === 'certificate') continue;
    const role: NodeRole = o.type;
    let targets: InventoryItem[] = [];
    if (o.type === 'private-key' || o.type === 'csr' || o.type === 'public-key') {
      const k = o.publicKey.keyMaterialHex;
      targets = k ? byKey.get(k) ?? [] : [];
    } else if (o.type === 'crl') {
      targets = (bySubject.get(hex(o.issuer.der)) ?? []).filter((p) => !o.authorityKeyId || !cert(p).subjectKeyId || cert(p).subjectKeyId === o.authorityKeyId);
    }
    const node = (): ChainNode => ({ item: it, role, children: [], notes: [] });
    if (!targets.length) {
      const n = node();
      if (o.type === 'private-key') n.notes.push(o.encrypted ? 'encrypted: cannot tell which certificate it belongs to' : 'matches no certificate in the workspace');
      loose.push(n);
    }
    for (const t of targets) (attached.get(t) ?? attached.set(t, []).get(t)!).push(node());
  }

  const build = (it: InventoryItem, path: Set<InventoryItem>, verified: boolean | undefined, depth: number): ChainNode => {
    const ci = cert(it);
    const hasParent = (parents.get(it) ?? []).length > 0;
    const role: NodeRole = !hasParent ? (ci.selfSigned ? 'root' : 'orphan') : ci.isCA ? 'intermediate' : 'leaf';
    const node: ChainNode = { item: it, role, children: [], verified, notes: [...(notes.get(it) ?? [])] };
    if (verified === false) node.notes.push('link to the issuer is by name only: its signature algorithm could not be checked');
    // `path` holds the ancestors, root first: the chain up to the top of the tree, validated by
    // src/core/validate (signatures were checked when the links were made). The certificate's own
    // validity is its status; the CAs' validity, flags, path lengths, constraints and EKUs are notes.
    if (path.size && !ci.selfSigned) {
      const chain = [ci, ...[...path].reverse().map(cert)];
      const problems = chainProblems(chain, opts.now, chain[chain.length - 1].selfSigned)
        .filter((e) => !(e.depth === 0 && (e.code === 'expired' || e.code === 'not-yet-valid')));
      if (problems.length) {
        node.problems = problems;
        for (const e of problems) node.notes.push(`does not validate: ${describeProblem(chain, e)}`);
      }
    }
    node.children.push(...(attached.get(it) ?? []));
    if (depth < 12) {
      const kids = (childrenOf.get(it) ?? []).filter((l) => !path.has(l.parent));
      kids.sort((a, b) => Number(cert(b.parent).isCA) - Number(cert(a.parent).isCA) || cert(a.parent).notAfter.getTime() - cert(b.parent).notAfter.getTime());
      for (const l of kids) {
        path.add(it);
        node.children.push(build(l.parent, path, l.verified, depth + 1));
        path.delete(it);
      }
    }
    return node;
  };
  let tops = certs.filter((c) => (parents.get(c) ?? []).length === 0);
  // Certificates only reachable through a cycle (mutual cross-signing) get a top node too.
  const reached = new Set<InventoryItem>();
  const mark = (it: InventoryItem) => {
    if (reached.has(it)) return;
    reached.add(it);
    for (const l of childrenOf.get(it) ?? []) mark(l.parent);
  };
  tops.forEach(mark);
  for (const c of certs) if (!reached.has(c)) { tops = [...tops, c]; mark(c); }
  const roots = tops.map((t) => build(t, new Set(), undefined, 0));
  roots.sort((a, b) => rank(a.role) - rank(b.role) || label(a).localeCompare(label(b)));
  return { roots, loose };
}

function rank(r: NodeRole): number {
  return r === 'root' ? 0 : r === 'orphan' ? 1 : 2;
}

function label(n: ChainNode): string {
  const o = n.item.object;
  return o.type === 'certificate' ? o.subject.rfc4514 : '';
}

/** Chain position in words, for the details document: "leaf, issued by X, issued by root Y". */
export function chainPath(forest: Forest, sha256: string): string[] {
  const out: string[] = [];
  const walk = (n: ChainNode, trail: ChainNode[]): boolean => {
    if (n.item.object.type === 'certificate' && n.item.object.sha256 === sha256) {
      const names = [...trail, n].map((x) => `${x.role}: ${(x.item.object as CertificateInfo).subject.rfc4514}`);
      out.push(...names.reverse().map((s, i) => `${'  '.repeat(i)}${i ? '↳ issued by ' : ''}${s}`));
      return true;
    }
    return n.children.some((c) => walk(c, [...trail, n]));
  };
  forest.roots.some((r) => walk(r, []));
  return out;
}
