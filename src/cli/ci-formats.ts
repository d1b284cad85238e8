// CI output formats of `certwright lint`: GitHub Actions workflow commands (annotations on the
// pull request) and GitLab Code Quality JSON (the merge request widget). Both are small
// line/JSON formats with no library that writes them; written by hand against their documents:
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions and
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
import { createHash } from 'node:crypto';
import type { JsonFinding } from './lint';

/** A workflow command's message: `%`, CR and LF escaped (GitHub's escapeData). */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: escapeData plus `:` and `,` (GitHub's escapeProperty). */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** One `::error file=...,line=...::message` line per finding (info findings are notices). */
export function toGithub(records: JsonFinding[]): string {
  return records.map((r) => {
    const props: Array<[string, string | number]> = [
      ['file', r.file.split('\\').join('/').replace(/^\.\//, '')],
      ['line', r.line], ['col', r.column], ['endLine', r.endLine], ['endColumn', r.endColumn],
      ['title', `certwright(${r.code})`],
    ];
    const p = props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(',');
    return `::${GITHUB_COMMAND[r.severity]} ${p}::${escapeGithubData(r.message)}\n`;
  }).join('');
}

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

/**
 * Errors (what the real system rejects) are `critical`, warnings `major`, the rest `info`.
 * The fingerprint is the same run after run for the same finding, so GitLab can tell new
 * issues from fixed ones: it hashes the file, the code, the message and the text's occurrence
 * number, not the line, so that lines added above a finding do not make it "new".
 */
export function toGitlab(records: JsonFinding[]): GitlabIssue[] {
  const seen = new Map<string, number>();
  const severity = (s: JsonFinding['severity']): GitlabSeverity => (s === 'error' ? 'critical' : s === 'warning' ? 'major' : 'info');
  return records.map((r) => {
    const path = r.file.split('\\').join('/').replace(/^\.\//, '');
    const key = `${path}\0${r.code}\0${r.message}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      description: `${r.message} (${r.code})`,
      check_name: r.code,
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex'),
      severity: severity(r.severity),
      location: { path, lines: { begin: r.line, end: Math.max(r.line, r.endLine) } },
    };
  });
}
