// Messages name files relative to the workspace: absolute paths of workspace folders in a
// message (from the core or Node errors) become workspace-relative.
import * as vscode from 'vscode';
import { sep } from 'node:path';

export function workspaceRelative(message: string): string {
  let out = message;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file') continue;
    out = out.split(f.uri.fsPath + sep).join('');
  }
  return out;
}
