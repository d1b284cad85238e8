// Contributes Certwright's schema to the Red Hat YAML extension (redhat.vscode-yaml) through its
// `registerContributor` API. No `vscode` import: the extension passes the API and a text lookup.
import { certwrightPatchSchema, certwrightSchema, looksLikePatch, wantsSchema } from '../core/lint/schemas';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
export const SCHEMA_NAME = 'certwright';
export const SCHEMA_URI = `${SCHEMA_NAME}://schemas/cert-manager.json`;
/** The same schema with nothing required, for kustomize patches (which hold only what they change). */
export const PATCH_SCHEMA_URI = `${SCHEMA_NAME}://schemas/cert-manager-patch.json`;

export interface YamlExtensionApi {
  registerContributor(schema: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string | undefined, label?: string): boolean;
}

/**
 * Registers; `textOf` returns the current text of an open resource (or undefined); `listedAsPatch`
 * says whether a kustomization in the workspace lists the resource under `patches` (or the older
 * `patchesStrategicMerge`). A patch gets the schema without `required`: the Red Hat extension
 * would otherwise flag every patch of a Certificate for a missing secretName and issuerRef.
 */
export function registerSchemas(api: YamlExtensionApi, textOf: (resource: string) => string | undefined, listedAsPatch: (resource: string) => boolean = () => false): boolean {
  const content = JSON.stringify(certwrightSchema());
  let patchContent: string | undefined;
  return api.registerContributor(
    SCHEMA_NAME,
    (resource) => {
      const text = textOf(resource);
      if (text === undefined || !wantsSchema(text)) return undefined;
      return listedAsPatch(resource) || looksLikePatch(text) ? PATCH_SCHEMA_URI : SCHEMA_URI;
    },
    (uri) => (uri === SCHEMA_URI ? content : uri === PATCH_SCHEMA_URI ? (patchContent ??= JSON.stringify(certwrightPatchSchema())) : undefined),
    'Certwright (cert-manager)',
  );
}
