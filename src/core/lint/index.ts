// The linter's entry: files in, findings out. Same core for the editor and `certwright lint`.
import type { LintFinding } from './model';
import { Reporter, shiftFindings } from './rules';
import type { Manifest } from './model';
import { OBJECT_CHECKS } from './registry';
import { crossFileRules } from './rules/crossfile';
import { spiffeRules } from './rules/spiffe';
import { pkiRules } from './rules/pki';
import { meshCaRules } from './rules/mesh-ca';
import { gatewayRules } from './rules/gateways';
import { trustPathRules } from './rules/trust-paths';
import { relatedRefs, Workspace, type RelatedRef } from './workspace';
import { runSteps } from '../steps';

export type { LintFinding, Fix, TextEdit } from './model';
export { LINT_RULES } from './rules';
export { RULES, ruleHover, rulesTable } from './registry';
export { shownSeverity } from './severity';
export { Workspace } from './workspace';
export { pkiHoverAt } from './rules/pki';
export type { Positions, RelatedLocation } from './workspace';

export interface LintInput {
  path: string;
  text: string;
}

/** Lints a set of files together (cross-file rules see all of them). Never throws. */
export function lintWorkspace(ws: Workspace): LintFinding[] {
  return runSteps(lintWorkspaceSteps(ws));
}

/**
 * `lintWorkspace` in steps: it pauses after each object whose checks ran ('checked'; cached ones
 * are free) and after each family of cross-file rules ('rules'), so the language server can stop
 * it between objects and count the work done.
 */
export function* lintWorkspaceSteps(ws: Workspace): Generator<'checked' | 'rules', LintFinding[], void> {
  const r = new Reporter();
  for (const f of ws.files.values()) r.findings.push(...f.syntax);
  for (const m of ws.manifests) {
    const hit = objectCache.get(m.root);
    const cached = hit?.partial === m.partial;
    const found = cached ? shifted(hit!, m) : objectFindings(m);
    for (let i = 0; i < found.length; i++) r.findings.push(found[i]);
    if (!cached) yield 'checked';
  }
  // Related places this run adds to cached findings (copies merged into one finding).
  const extra = new Map<LintFinding, RelatedRef[]>();
  const steps: Array<() => void> = [
    () => crossFileRules(r, ws, extra),
    () => spiffeRules(r, ws),
    () => pkiRules(r, ws),
    // h15: meshes and gateways (Istio plug-in CA, Linkerd identity, traffic TLS, Gateway API, Ingress).
    () => meshCaRules(r, ws),
    () => gatewayRules(r, ws),
    () => trustPathRules(r, ws),
  ];
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      // A rule bug must not take the others down; it is reported, not thrown.
      r.findings.push({ file: [...ws.files.keys()][0] ?? '', start: 0, end: 0, severity: 'info', code: 'internal', message: `internal linter error: ${(e as Error).message}` });
    }
    yield 'rules';
  }
  // One finding per problem: the same finding again (from another copy of a related object) adds its related places.
  const seen = new Map<string, LintFinding>();
  const out = r.findings
    .filter((f) => {
      const k = `${f.file}|${f.start}|${f.end}|${f.code}|${f.message}`;
      const first = seen.get(k);
      if (!first) { seen.set(k, f); return true; }
      const more = relatedRefs.get(f);
      if (more && first !== f) {
        const list = extra.get(first) ?? extra.set(first, []).get(first)!;
        for (const ref of more) if (!list.some((x) => sameRef(x, ref)) && !(relatedRefs.get(first) ?? []).some((x) => sameRef(x, ref))) list.push(ref);
      }
      return false;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  ws.resolve(out, extra);
  return out;
}

function sameRef(a: RelatedRef, b: RelatedRef): boolean {
  return a.file.path === b.file.path && (a.node ? a.node === b.node : a.start === b.start && a.end === b.end) && a.message === b.message;
}

/** A cached object's findings, moved with its document (reused documents move with edits above them). */
function shifted(hit: { base: number; findings: LintFinding[] }, m: Manifest): LintFinding[] {
  if (!hit.findings.length) return hit.findings;
  const base = m.doc.range?.[0] ?? 0;
  shiftFindings(hit.findings, base - hit.base);
  hit.base = base;
  return hit.findings;
}

/** Keyed by the object's root node: one per document, or per item of a `kind: List`. */
const objectCache = new WeakMap<object, { base: number; partial: boolean; findings: LintFinding[] }>();

/** The rules that look at one object only; cached per parsed document (reused documents are shifted). */
function objectFindings(m: Manifest): LintFinding[] {
  const base = m.doc.range?.[0] ?? 0;
  const r = new Reporter();
  try {
    // The registry's object checks (src/core/lint/registry.ts), each on the objects it applies to.
    for (const check of OBJECT_CHECKS) if (check.applies(m)) check.run(r, m);
  } catch (e) {
    r.findings.push({ file: m.file.path, start: base, end: base, severity: 'info', code: 'internal', message: `internal linter error: ${(e as Error).message}` });
  }
  objectCache.set(m.root, { base, partial: m.partial, findings: r.findings });
  return r.findings;
}

export function lintTexts(files: LintInput[]): LintFinding[] {
  return lintWorkspace(new Workspace(files));
}
