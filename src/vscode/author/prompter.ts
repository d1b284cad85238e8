// The questions an authoring command asks, through quick picks and input boxes, or answered in
// advance by the caller (integration tests, other extensions): `{ answers: { key: value } }`.
import * as vscode from 'vscode';
import { markDefault } from './pick-default';

export type Answers = Record<string, unknown>;

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  picked?: boolean;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Asks, or takes the answer given in advance. A dismissed prompt throws Cancelled. */
export class Prompter {
  constructor(private readonly answers?: Answers) {}

  get automated(): boolean {
    return this.answers !== undefined;
  }

  has(key: string): boolean {
    return this.answers !== undefined && key in this.answers;
  }

  given<T>(key: string): T | undefined {
    return this.answers?.[key] as T | undefined;
  }

  async pick<T>(key: string, items: PickItem<T>[], o: { title: string; placeHolder?: string }): Promise<T> {
    if (this.answers) {
      if (key in this.answers) {
        const want = this.answers[key];
        const hit = items.find((i) => i.value === want || i.label === want);
        if (!hit) throw new Error(`answer ${key}=${JSON.stringify(want)} is not one of: ${items.map((i) => JSON.stringify(i.value)).join(', ')}`);
        return hit.value;
      }
      const def = items.find((i) => i.picked) ?? items[0];
      if (!def) throw new Error(`no answer for ${key} and nothing to pick`);
      return def.value;
    }
    const { items: shown, active } = markDefault(items);
    const chosen = await new Promise<PickItem<T> | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<PickItem<T>>();
      Object.assign(qp, { title: o.title, placeholder: o.placeHolder, ignoreFocusOut: true, items: shown });
      // The default is the active (highlighted) item: Enter takes it.
      if (shown[active]) qp.activeItems = [shown[active]];
      let done = false;
      qp.onDidAccept(() => { done = true; resolve(qp.selectedItems[0] ?? qp.activeItems[0]); qp.hide(); });
      qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
      qp.show();
    });
    if (!chosen) throw new Cancelled();
    return chosen.value;
  }

  async pickMany<T>(key: string, items: PickItem<T>[], o: { title: string; placeHolder?: string }): Promise<T[]> {
    if (this.answers) {
      const want = (this.answers[key] as unknown[] | undefined) ?? items.filter((i) => i.picked).map((i) => i.value);
      return items.filter((i) => want.includes(i.value) || want.includes(i.label)).map((i) => i.value);
    }
    const chosen = await vscode.window.showQuickPick(items, { title: o.title, placeHolder: o.placeHolder, canPickMany: true, ignoreFocusOut: true });
    if (!chosen) throw new Cancelled();
    return chosen.map((c) => c.value);
  }

  async input(key: string, o: { title: string; value?: string; prompt?: string; password?: boolean; validate?: (s: string) => string | undefined }): Promise<string> {
    if (this.answers) {
      const v = key in this.answers ? String(this.answers[key] ?? '') : o.value ?? '';
      const problem = o.validate?.(v);
      if (problem) throw new Error(`answer ${key}: ${problem}`);
      return v;
    }
    const v = await vscode.window.showInputBox({
      title: o.title, value: o.value, prompt: o.prompt, password: o.password, ignoreFocusOut: true,
      validateInput: o.validate ? (s) => o.validate!(s) ?? null : undefined,
    });
    if (v === undefined) throw new Cancelled();
    return v;
  }

  async file(key: string, o: { title: string; defaultUri?: vscode.Uri; folder?: boolean; filters?: Record<string, string[]> }): Promise<vscode.Uri> {
    if (this.answers) {
      const v = this.answers[key];
      if (typeof v === 'string' && v) return toUri(v);
      if (o.defaultUri) return o.defaultUri;
      throw new Error(`no answer for ${key}`);
    }
    const r = await vscode.window.showOpenDialog({ title: o.title, defaultUri: o.defaultUri, canSelectFiles: !o.folder, canSelectFolders: !!o.folder, canSelectMany: false, filters: o.filters });
    if (!r?.length) throw new Cancelled();
    return r[0];
  }

  /** A modal yes/no; automated callers answer with `key: true`. */
  async confirm(key: string, message: string, detail: string, yes: string): Promise<boolean> {
    if (this.answers) return this.answers[key] === true;
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes)) === yes;
  }
}

/** Absolute paths as they are; relative ones against the first workspace folder. */
export function toUri(p: string): vscode.Uri {
  if (p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p)) return vscode.Uri.file(p);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  return root ? vscode.Uri.joinPath(root, p) : vscode.Uri.file(p);
}
