// Hover, code lens, document symbols and folding over the DocumentScanner's results.
import * as vscode from 'vscode';
import { hoverMarkdown, keyDescription, lensTitle, TYPE_TITLES } from '../core/describe';
import type { FoundObject } from '../core/scan';
import { setting } from './config';
import { DocumentScanner, isScannable, rangeOf } from './documents';
import { COMMANDS } from './ids';

export class PkiHoverProvider implements vscode.HoverProvider {
  /** `chainNotes`: why a certificate's chain in the workspace does not validate (the Certificates view's notes). */
  constructor(private readonly scanner: DocumentScanner, private readonly chainNotes?: (sha256: string) => string[]) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isScannable(doc)) return undefined;
    const offset = doc.offsetAt(pos);
    const here = await this.scanner.objectsAt(doc, offset);
    if (!here.length) return undefined;
    const first = here[0];
    // Show the whole bundle (contiguous PEM blocks, or one base64 value) in order.
    const all = (await this.scanner.scan(doc)).objects;
    const members = first.groupSize > 1 ? groupMembers(all, first) : here;
    const focus = first.source === 'pem' ? first.index : undefined;
    const md = new vscode.MarkdownString(
      hoverMarkdown(
        members.map((m) => ({ object: m.result.ok ? m.result.object : undefined, error: m.result.ok ? undefined : m.result.error, index: m.index, groupSize: m.groupSize, container: m.container, notes: m.result.ok && m.result.object.type === 'certificate' ? this.chainNotes?.(m.result.object.sha256) : undefined })),
        new Date(),
        setting<number>('expiryWarningDays'),
        focus,
      ),
    );
    md.supportHtml = false;
    md.isTrusted = false;
    return new vscode.Hover(md, rangeOf(doc, first));
  }
}

export function groupMembers(all: FoundObject[], o: FoundObject): FoundObject[] {
  const i = all.indexOf(o);
  let a = i, b = i;
  while (a > 0 && all[a - 1].group === o.group) a--;
  while (b < all.length - 1 && all[b + 1].group === o.group) b++;
  return all.slice(a, b + 1);
}

export class PkiCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly scanner: DocumentScanner) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isScannable(doc) || !setting<boolean>('codeLensEnabled')) return [];
    const s = await this.scanner.scan(doc);
    const now = new Date();
    const days = setting<number>('expiryWarningDays');
    const lenses: vscode.CodeLens[] = [];
    for (const o of s.objects) {
      const line = doc.positionAt(o.start).line;
      const range = new vscode.Range(line, 0, line, 0);
      if (o.result.ok) {
        const prefix = o.groupSize > 1 ? `${o.index + 1}/${o.groupSize} ` : '';
        lenses.push(new vscode.CodeLens(range, {
          title: prefix + lensTitle(o.result.object, now, days),
          tooltip: 'Open the full decode (read-only)',
          command: COMMANDS.showDetails.id,
          arguments: [doc.uri, o.start, o.index],
        }));
      } else if (o.container?.placeholder) {
        lenses.push(new vscode.CodeLens(range, {
          title: `$(lock) ${o.container.summary}`,
          tooltip: o.container.locked.join('\n'),
          command: COMMANDS.openKeystore.id,
          arguments: o.source === 'base64-der' ? [{ document: doc.uri, offset: o.start }] : [doc.uri],
        }));
      } else if (!o.result.error.startsWith('ignored')) {
        lenses.push(new vscode.CodeLens(range, {
          title: `$(error) Cannot decode${o.label ? ` ${o.label}` : o.key ? ` ${o.key}` : ''}: ${o.result.error}`,
          tooltip: o.result.error,
          command: 'workbench.actions.view.problems',
        }));
      }
    }
    return lenses;
  }
}

const SYMBOL_KINDS: Record<string, vscode.SymbolKind> = {
  certificate: vscode.SymbolKind.Class,
  csr: vscode.SymbolKind.Interface,
  'private-key': vscode.SymbolKind.Key,
  'public-key': vscode.SymbolKind.Field,
  crl: vscode.SymbolKind.Array,
};

/** Outline and folding for the `pem` language: one entry per block. */
export class PemStructureProvider implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly scanner: DocumentScanner) {}

  async provideDocumentSymbols(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    return (await this.scanner.scan(doc)).objects.map((o) => {
      const range = rangeOf(doc, o);
      const sel = new vscode.Range(range.start, doc.lineAt(range.start.line).range.end);
      if (!o.result.ok) return new vscode.DocumentSymbol(`${o.label ?? 'block'} (cannot decode)`, o.result.error, vscode.SymbolKind.Null, range, sel);
      const x = o.result.object;
      const name = x.type === 'certificate' || x.type === 'csr' ? x.subject.commonName ?? (x.subject.rfc4514 || '(empty subject)') : x.type === 'crl' ? x.issuer.commonName ?? x.issuer.rfc4514 : keyDescription(x.publicKey);
      return new vscode.DocumentSymbol(name, TYPE_TITLES[x.type], SYMBOL_KINDS[x.type], range, sel);
    });
  }

  async provideFoldingRanges(doc: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    return (await this.scanner.scan(doc))
      .objects.filter((o) => o.source === 'pem')
      .map((o) => new vscode.FoldingRange(doc.positionAt(o.start).line, doc.positionAt(o.end).line))
      .filter((r) => r.end > r.start);
  }
}
