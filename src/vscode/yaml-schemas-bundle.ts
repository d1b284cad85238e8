// The schema contribution to the Red Hat YAML extension, as its own bundle (dist/yaml-schemas.js):
// the schemas, their field docs and the YAML parser that reads kustomizations are loaded only when
// that extension is installed, never at activation.
import * as vscode from 'vscode';
import { KustomizePatches } from './kustomize-patches';
import type { WorkspaceFiles } from './workspace-files';
import { registerSchemas, type YamlExtensionApi } from './yamlSchemas';

/** Registers the schemas with the YAML extension's API; the returned disposable stops following kustomizations. */
export function contribute(api: YamlExtensionApi, files: WorkspaceFiles): vscode.Disposable {
  const patches = new KustomizePatches(files);
  registerSchemas(api, (resource) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource)?.getText(), (resource) => patches.has(resource));
  return patches;
}
