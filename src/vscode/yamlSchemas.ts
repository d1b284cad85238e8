// Contributes Certwright's schema to the Red Hat YAML extension (redhat.vscode-yaml) through its
// `registerContributor` API. No `vscode` import: the extension passes the API and a text lookup.
import { certwrightSchema, wantsSchema } from '../core/lint/schemas';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
export const SCHEMA_NAME = 'certwright';
export const SCHEMA_URI = `${SCHEMA_NAME}://schemas/cert-manager.json`;

export interface YamlExtensionApi {
  registerContributor(schema: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string | undefined, label?: string): boolean;
}

/** Registers; `textOf` returns the current text of an open resource (or undefined). */
export function registerSchemas(api: YamlExtensionApi, textOf: (resource: string) => string | undefined): boolean {
  const content = JSON.stringify(certwrightSchema());
  return api.registerContributor(
    SCHEMA_NAME,
    (resource) => {
      const text = textOf(resource);
      return text !== undefined && wantsSchema(text) ? SCHEMA_URI : undefined;
    },
    (uri) => (uri === SCHEMA_URI ? content : undefined),
    'Certwright (cert-manager)',
  );
}
