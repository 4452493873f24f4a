// YAML/property path formatting used in diagnostics, cycle messages and rotation doc paths
// (SEMANTICS §9.4): identifier-like keys join with `.`, others as `["key"]`.

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function joinKey(path: string, key: string): string {
  if (IDENT.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}["${key.replace(/"/g, '\\"')}"]`;
}

export function joinIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
