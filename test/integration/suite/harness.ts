// A small test framework for the extension host: tests register per fixture workspace, run in
// order with a timeout each, and the results go to the file the runner named.
import * as assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { collectShown, writeShown } from './shown';

type Fn = () => void | Promise<void>;
interface Case { title: string; fn: Fn; timeoutMs: number }

const registry = new Map<string, Case[]>();
let current: Case[] | undefined;

/** Registers the tests declared in `body` for the fixture workspace `name`. */
export function forWorkspace(name: string, body: () => void): void {
  const list = registry.get(name) ?? [];
  registry.set(name, list);
  current = list;
  try {
    body();
  } finally {
    current = undefined;
  }
}

export function test(title: string, fn: Fn, timeoutMs = 30_000): void {
  if (!current) throw new Error(`test "${title}" must be declared inside forWorkspace()`);
  current.push({ title, fn, timeoutMs });
}

/**
 * Resolves with the first truthy value of `probe`, re-checking when VS Code reports a change
 * (diagnostics, documents, editors) and on a short interval for everything else.
 */
export function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const subs: vscode.Disposable[] = [];
    const finish = (err?: Error, value?: T) => {
      if (done) return;
      done = true;
      clearInterval(tick);
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      if (err) reject(err);
      else resolve(value as T);
    };
    const check = async () => {
      if (done) return;
      try {
        const v = await probe();
        if (v) finish(undefined, v as T);
      } catch (e) {
        finish(e as Error);
      }
    };
    subs.push(
      vscode.languages.onDidChangeDiagnostics(() => void check()),
      vscode.workspace.onDidChangeTextDocument(() => void check()),
      vscode.window.onDidChangeActiveTextEditor(() => void check()),
    );
    const tick = setInterval(() => void check(), 100);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    void check();
  });
}

/** A diagnostic's code as text: the language server's come as {value, target} (the README link), the extension's as strings. */
export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** Waits until the diagnostics of `uri` satisfy `pred`; returns them. */
export function waitForDiagnostics(uri: vscode.Uri, pred: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = vscode.languages.getDiagnostics(uri);
    return pred(d) ? d : undefined;
  }, `diagnostics of ${vscode.workspace.asRelativePath(uri)} (now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(codeOf))})`, timeoutMs);
}

const spawned: string[] = [];

/**
 * Records every child process the extension starts (child_process.spawn, exec, execFile, fork
 * and their Sync forms called from its dist/ bundles; other extensions in this host are left
 * out). The bundles look these functions up on the module at each call, so wrapping them on the
 * shared module object sees every call.
 */
function watchChildProcesses(): void {
  const dist = join(vscode.extensions.getExtension('certwright.certwright')!.extensionPath, 'dist') + sep;
  const cp = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    const original = cp[name];
    const wrapper = function (this: unknown, ...args: unknown[]) {
      if ((new Error().stack ?? '').includes(dist)) spawned.push(`${name} ${String(args[0])}`);
      return original.apply(this, args);
    };
    // Keep util.promisify.custom and the like, so promisified forms behave as before.
    for (const k of Reflect.ownKeys(original)) {
      if (!['length', 'name', 'prototype'].includes(String(k))) Object.defineProperty(wrapper, k, Object.getOwnPropertyDescriptor(original, k)!);
    }
    cp[name] = wrapper;
  }
}

/** The child processes the extension started so far (command and function). */
export function spawnedByExtension(): string[] {
  return [...spawned];
}

function log(line: string): void {
  console.log(line);
  const file = process.env.CERTWRIGHT_TEST_LOG;
  if (file) appendFileSync(file, line + '\n');
}

function withTimeout(p: Promise<void>, ms: number, title: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test "${title}" timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function runAll(): Promise<void> {
  const name = process.env.CERTWRIGHT_TEST_WORKSPACE ?? '';
  const out = process.env.CERTWRIGHT_TEST_RESULTS;
  const cases = registry.get(name) ?? [];
  const failures: Array<{ title: string; error: string }> = [];
  let passed = 0;
  watchChildProcesses();
  // Last: record everything the extension shows, for the runner's secret-hygiene sweep; and in
  // Restricted Mode, check that nothing the tests did made the extension start a process.
  if (cases.length) cases.push({ title: 'secret hygiene: collect every diagnostic, tree item, code lens, details document and hover', fn: async () => assert.ok((await collectShown()) > 0, 'nothing shown was recorded'), timeoutMs: 120_000 });
  if (cases.length && !vscode.workspace.isTrusted) cases.push({ title: 'Restricted Mode: the extension started no process', fn: () => assert.deepEqual(spawnedByExtension(), []), timeoutMs: 5_000 });
  log(`# workspace ${name}: ${cases.length} tests`);
  for (const c of cases) {
    try {
      await withTimeout(Promise.resolve().then(c.fn), c.timeoutMs, c.title);
      passed++;
      log(`ok - ${name}: ${c.title}`);
    } catch (e) {
      const error = e instanceof assert.AssertionError ? e.message : (e as Error)?.stack ?? String(e);
      failures.push({ title: `${name}: ${c.title}`, error });
      log(`not ok - ${name}: ${c.title}\n  ${error.replace(/\n/g, '\n  ')}`);
    }
  }
  if (cases.length === 0) failures.push({ title: `${name}: no tests registered`, error: 'the suite has no tests for this workspace' });
  writeShown();
  const result = { workspace: name, passed, failed: failures.length, failures };
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
}
