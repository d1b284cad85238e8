// Typed access to the settings in ids.ts.
import * as vscode from 'vscode';
import { SETTINGS, SettingSpec, settingValue, userValueOnly } from './ids';

type Key = keyof typeof SETTINGS;

/** A setting's value; in Restricted Mode the restricted ones (and machine-scoped ones always)
 * with the workspace's and folders' values ignored. */
export function setting<T>(name: Key): T {
  const spec: SettingSpec = SETTINGS[name];
  const [section, ...rest] = spec.key.split('.');
  const config = vscode.workspace.getConfiguration(section);
  const key = rest.join('.');
  const trusted = vscode.workspace.isTrusted;
  return settingValue<T>(spec, (userValueOnly(spec, trusted) && config.inspect<T>(key)) || {}, config.get<T>(key), trusted);
}

export function affects(e: vscode.ConfigurationChangeEvent, ...names: Key[]): boolean {
  return names.some((n) => e.affectsConfiguration(SETTINGS[n].key));
}
