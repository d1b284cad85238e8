// Entry of dist/author.js: the authoring core and its Node file writer, loaded only when an
// authoring command runs, so the extension bundle and activation stay small.
export * from '../../core/author';
export { existing, ExistsError, plannedPaths, readText, writeAuthored, WriteError, KEY_MODE } from '../../node/author-files';
