// The "Certificates" view: chains of the workspace's certificates with keys, CSRs and CRLs.
import * as vscode from 'vscode';
import type { ChainNode, Location } from '../core/chain';
import { cardMarkdown, esc, keyDescription, notesMarkdown, TYPE_TITLES } from '../core/describe';
import type { PkiObject } from '../core/model';
import type { FoundObject } from '../core/scan';
import { shortName } from '../core/names';
import { objectValidity } from '../core/time';
import { setting } from './config';
import { COMMANDS } from './ids';
import type { WorkspaceInventory } from './inventory';

export type TreeNode =
  | { kind: 'chain'; node: ChainNode }
  | { kind: 'group'; label: string; children: ChainNode[] }
  | { kind: 'locked-group' }
  | { kind: 'locked'; uri: vscode.Uri; note: FoundObject };

const ROLE_TEXT: Record<string, string> = {
  root: 'root CA', intermediate: 'intermediate CA', leaf: '', orphan: 'issuer not in workspace',
};

export class CertificatesTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly inventory: WorkspaceInventory) {
    inventory.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(el?: TreeNode): Promise<TreeNode[]> {
    if (!el) {
      await this.inventory.ready();
      const f = this.inventory.forest;
      const top: TreeNode[] = f.roots.map((node) => ({ kind: 'chain', node }));
      if (f.loose.length) top.push({ kind: 'group', label: 'Keys, requests and CRLs without a certificate', children: f.loose });
      if (this.inventory.lockedContainers().length) top.push({ kind: 'locked-group' });
      return top;
    }
    if (el.kind === 'locked-group') return this.inventory.lockedContainers().map((l) => ({ kind: 'locked', ...l }));
    if (el.kind === 'locked') return [];
    const kids = el.kind === 'group' ? el.children : el.node.children;
    return kids.map((node) => ({ kind: 'chain', node }));
  }

  getTreeItem(el: TreeNode): vscode.TreeItem {
    if (el.kind === 'locked-group') {
      const item = new vscode.TreeItem('Keystores that need a password', vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('lock');
      item.contextValue = 'locked-group';
      return item;
    }
    if (el.kind === 'locked') return lockedItem(el.uri, el.note);
    if (el.kind === 'group') {
      const item = new vscode.TreeItem(el.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('question');
      item.contextValue = 'group';
      return item;
    }
    return chainItem(el.node);
  }
}

function statusIcon(n: ChainNode, now: Date, days: number): vscode.ThemeIcon {
  return objectIcon(n.item.object, now, days, n.notes.length > 0);
}

/** The status icon of one object (also used by the Cluster view): expired, expiring or flagged, else by type. */
export function objectIcon(o: PkiObject, now: Date, days: number, flagged = false): vscode.ThemeIcon {
  const v = objectValidity(o, now, days);
  if (v?.state === 'expired') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (v?.state === 'expiring' || v?.state === 'not-yet-valid' || flagged) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  switch (o.type) {
    case 'certificate':
      return new vscode.ThemeIcon(o.isCA ? 'shield' : 'verified', new vscode.ThemeColor('testing.iconPassed'));
    case 'private-key':
      return new vscode.ThemeIcon('key');
    case 'public-key':
      return new vscode.ThemeIcon('unlock');
    case 'csr':
      return new vscode.ThemeIcon('git-pull-request');
    case 'crl':
      return new vscode.ThemeIcon('list-unordered');
  }
}

export function primaryLocation(n: ChainNode): Location {
  return n.item.locations[0];
}

function chainItem(n: ChainNode): vscode.TreeItem {
  const now = new Date();
  const days = setting<number>('expiryWarningDays');
  const o = n.item.object;
  let label: string;
  const desc: string[] = [];
  if (o.type === 'certificate') {
    label = shortName(o.subject);
    const v = objectValidity(o, now, days);
    if (v) desc.push(v.short);
    if (ROLE_TEXT[n.role]) desc.push(ROLE_TEXT[n.role]);
    if (n.problems?.length) desc.push(`does not validate: ${n.problems[0].code}${n.problems.length > 1 ? ` +${n.problems.length - 1}` : ''}`);
  } else if (o.type === 'crl') {
    label = `CRL of ${shortName(o.issuer)}`;
    const v = objectValidity(o, now, days);
    desc.push(`${o.revoked.length} revoked`);
    if (v) desc.push(v.short);
  } else {
    label = TYPE_TITLES[o.type];
    desc.push(keyDescription(o.publicKey));
    if (o.type === 'csr') label = `Request ${o.subject.commonName ?? o.subject.rfc4514}`;
    if (o.type === 'private-key') desc.push(n.notes.length ? 'no matching certificate' : o.encrypted ? 'encrypted' : 'matches');
  }
  const item = new vscode.TreeItem(label, n.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.description = desc.join(' · ');
  item.iconPath = statusIcon(n, now, days);
  item.contextValue = o.type;
  const tip = new vscode.MarkdownString(cardMarkdown(o, now, days));
  tip.appendMarkdown(`\n\n${n.item.locations.map((l) => `\`${vscode.workspace.asRelativePath(vscode.Uri.parse(l.file))}:${l.line + 1}\`${l.key ? ` (${l.key})` : ''}${l.container ? ` (${esc(l.container.replace(/[\u0000-\u001f]/g, ' '))})` : ''}`).join('  \n')}`);
  tip.appendMarkdown(notesMarkdown(n.notes));
  item.tooltip = tip;
  item.command = { command: COMMANDS.revealInFile.id, title: COMMANDS.revealInFile.title, arguments: [{ kind: 'chain', node: n }] };
  item.accessibilityInformation = { label: `${TYPE_TITLES[o.type]} ${label}, ${item.description}` };
  return item;
}

/** A keystore with parts that need a password: click to type it (used once, never stored). */
function lockedItem(uri: vscode.Uri, note: FoundObject): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.workspace.asRelativePath(uri), vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('lock');
  item.description = `${note.container?.format ?? 'keystore'} · password needed`;
  item.contextValue = 'locked-keystore';
  const tip = new vscode.MarkdownString(`**${esc(note.container?.summary ?? '')}**`);
  for (const l of note.container?.locked ?? []) tip.appendText(`\n• ${l}`);
  tip.appendMarkdown('\n\nClick to open it with its password (not stored).');
  item.tooltip = tip;
  item.command = { command: COMMANDS.openKeystore.id, title: COMMANDS.openKeystore.title, arguments: [uri] };
  return item;
}
