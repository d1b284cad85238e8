// Paths as strings (native or URI): which lie under a set of folders. Shared by the Certificates
// view and the language server, which both forget the files of a folder deleted or renamed away.

/** Whether `path` lies under one of `folders` (written without a trailing separator), at any depth. */
export function underFolder(path: string, folders: ReadonlySet<string>): boolean {
  for (let i = path.length - 1; i > 0; i--) {
    const c = path.charCodeAt(i);
    if ((c === 0x2f || c === 0x5c) && folders.has(path.slice(0, i))) return true;
  }
  return false;
}
