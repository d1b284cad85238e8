// Read-only documents with the full decode of one object (`certwright-details:` scheme).
import * as vscode from 'vscode';
import { chainPath } from '../core/chain';
import { detailsText } from '../core/describe';
import type { PkiObject } from '../core/model';
import type { FoundObject } from '../core/scan';
import { setting } from './config';
import type { DocumentScanner } from './documents';
import { DETAILS_SCHEME } from './ids';
import type { WorkspaceInventory } from './inventory';

export interface ObjectRef {
  uri: vscode.Uri;
  start: number;
  index: number;
}

export function detailsUri(ref: ObjectRef, name: string): vscode.Uri {
  const q = JSON.stringify({ u: ref.uri.toString(), s: ref.start, i: ref.index });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'object';
  return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${safe}.txt`, query: q });
}

export function parseDetailsUri(uri: vscode.Uri): ObjectRef | undefined {
  try {
    const q = JSON.parse(uri.query) as { u: string; s: number; i: number };
    return { uri: vscode.Uri.parse(q.u), start: q.s, index: q.i };
  } catch {
    return undefined;
  }
}

/** What details need of the workspace inventory (in VS Code for the Web there is none: no chain position). */
export type DetailsInventory = { entry: WorkspaceInventory['entry']; forest: WorkspaceInventory['forest'] | undefined };

/** Finds an object by reference: in the workspace inventory, else by opening the document. */
export async function resolveObject(ref: ObjectRef, scanner: DocumentScanner, inventory: DetailsInventory): Promise<FoundObject | undefined> {
  const pick = (list: FoundObject[]) => list.find((o) => o.start === ref.start && o.index === ref.index) ?? list.find((o) => o.start === ref.start);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ref.uri.toString());
  if (open) return pick((await scanner.scan(open)).objects);
  const entry = inventory.entry(ref.uri);
  if (entry) return pick(entry.objects);
  try {
    const doc = await vscode.workspace.openTextDocument(ref.uri);
    return pick((await scanner.scan(doc)).objects);
  } catch {
    return undefined;
  }
}

export class DetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly scanner: DocumentScanner, private readonly inventory: DetailsInventory) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseDetailsUri(uri);
    if (!ref) return 'This details link is malformed. Open the details again from a code lens or the Certificates view.\n';
    const found = await resolveObject(ref, this.scanner, this.inventory);
    if (!found) return `The object is no longer at this place in ${ref.uri.fsPath || ref.uri.toString()}: the file changed. Open the details again.\n`;
    if (!found.result.ok) return `Cannot decode this ${found.label ?? 'object'}: ${found.result.error}\n`;
    return details(found.result.object, found, ref, this.inventory);
  }
}

function details(o: PkiObject, found: FoundObject, ref: ObjectRef, inventory: DetailsInventory): string {
  const context = [`Source:               ${vscode.workspace.asRelativePath(ref.uri)}${found.key ? ` (${found.key})` : ''}`];
  if (found.groupSize > 1) context.push(`Position in bundle:   ${found.index + 1} of ${found.groupSize}`);
  if (o.type === 'certificate' && inventory.forest) {
    const path = chainPath(inventory.forest, o.sha256);
    if (path.length) context.push('Chain position (workspace):', ...path.map((l) => `  ${l}`));
  }
  return detailsText(o, new Date(), setting<number>('expiryWarningDays'), context);
}
