// Entry of dist/scaffold.js: the scaffold templates and manifests (with the YAML writer), loaded
// only when "Scaffold mTLS Server/Client" runs, so the extension bundle and activation stay small.
export { instructions, isAllowedId, parseAllowedIds, scaffold, scaffoldManifests } from '../core/scaffold';
