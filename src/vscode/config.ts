// Typed access to the settings in ids.ts.
import * as vscode from 'vscode';
import { SETTINGS } from './ids';

type Key = keyof typeof SETTINGS;

export function setting<T>(name: Key): T {
  const spec = SETTINGS[name];
  const [section, ...rest] = spec.key.split('.');
  return vscode.workspace.getConfiguration(section).get<T>(rest.join('.'), spec.default as T);
}

export function affects(e: vscode.ConfigurationChangeEvent, ...names: Key[]): boolean {
  return names.some((n) => e.affectsConfiguration(SETTINGS[n].key));
}
