// Entry of dist/scaffold.js: the scaffold templates and manifests (with the YAML writer) and the
// workspace object reader, loaded
// only when "Scaffold mTLS Server/Client" runs, so the extension bundle and activation stay small.
export { freeName, instructions, isAllowedId, nameClash, parseAllowedIds, scaffold, scaffoldManifests } from '../core/scaffold';
export { editorFits, langName } from '../core/scaffold/editor-fit';
// The workspace's objects, read as every other feature reads them (the lint model's parse).
export { K8S_OBJECT_HINT, readK8sObjects } from '../core/author/workloads';
