// Reading and editing environment definitions (YAML text) at a property path, keeping the rest of
// the document (comments, order, styles) as written. Paths are relative to `values`, except a
// path starting at `imports`, which addresses the top-level imports list (as in the reference).
// `yaml` is loaded lazily: only get/set/rm/edit pay for it.
import type { PropertyPath } from "@/lib/esc/property-path";
import { CliError } from "./context";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;

export async function loadYaml(): Promise<YamlModule> {
  if (!yamlModule) {
    // Bundled, `yaml` is its CommonJS build, whose exports arrive under `default`.
    const mod = (await import("yaml")) as YamlModule & { default?: YamlModule };
    yamlModule = typeof mod.parse === "function" ? mod : (mod.default as YamlModule);
  }
  return yamlModule;
}

export function documentPath(path: PropertyPath): PropertyPath {
  return path[0] === "imports" ? path : ["values", ...path];
}

const ENCODE = { indent: 2, flowCollectionPadding: false } as const;
// Edited definitions are written back like the reference's encoder writes them (4-space indent,
// single quotes when quoting is needed), so diagnostics positions match what it reports.
const STORE = { indent: 4, flowCollectionPadding: false, singleQuote: true } as const;

/** The whole definition re-encoded with 2-space indentation (comments and styles kept), as the reference shows it. */
export async function formatDefinition(yamlText: string): Promise<string> {
  const Y = await loadYaml();
  const doc = Y.parseDocument(yamlText);
  if (doc.errors.length) return yamlText;
  return doc.toString(ENCODE);
}

/** The node at `path` re-encoded on its own, and its 1-based line/column; undefined if absent. */
export async function definitionAt(yamlText: string, path: PropertyPath): Promise<{ text: string; line: number; column: number } | undefined> {
  const Y = await loadYaml();
  const doc = Y.parseDocument(yamlText);
  const node = doc.getIn(documentPath(path), true) as { range?: [number, number, number] } | undefined;
  if (!node || !Y.isNode(node) || !node.range) return undefined;
  const start = node.range[0];
  const lineStart = yamlText.lastIndexOf("\n", start - 1) + 1;
  const line = yamlText.slice(0, start).split("\n").length;
  const single = new Y.Document();
  single.contents = node;
  return { text: single.toString(ENCODE), line, column: start - lineStart + 1 };
}

/** Sets `value` at `path`, creating intermediate maps (and list slots) as needed. */
export async function setAt(yamlText: string, path: PropertyPath, value: unknown): Promise<string> {
  const Y = await loadYaml();
  const doc = parseForEdit(Y, yamlText);
  const full = documentPath(path);
  // Entries added to an empty flow collection (`values: {}`) would all print in flow style.
  for (let i = 1; i < full.length; i++) {
    const node = doc.getIn(full.slice(0, i), true);
    if (Y.isCollection(node) && node.flow && node.items.length === 0) node.flow = false;
  }
  const node = Y.isNode(value) ? value : doc.createNode(value);
  // Replacing a string keeps the quoting style the document already used there.
  const old = doc.getIn(full, true);
  if (Y.isScalar(old) && Y.isScalar(node) && typeof node.value === "string" && typeof old.value === "string" && (!node.type || node.type === "PLAIN")) node.type = old.type;
  // The reference writes the empty string as "".
  if (Y.isScalar(node) && node.value === "") node.type = "QUOTE_DOUBLE";
  try {
    doc.setIn(full, node);
  } catch (err) {
    throw new CliError(`cannot set ${formatPathForMessage(path)}: ${(err as Error).message}`);
  }
  return doc.toString(STORE);
}

/** Deletes the node at `path`; errors when it does not exist. */
export async function deleteAt(yamlText: string, path: PropertyPath): Promise<string> {
  const Y = await loadYaml();
  const doc = parseForEdit(Y, yamlText);
  const full = documentPath(path);
  if (!doc.hasIn(full)) throw new CliError(`property ${formatPathForMessage(path)} not found`);
  const parent = doc.getIn(full.slice(0, -1), true);
  const last = full[full.length - 1];
  // A comment above the first entry belongs to that entry (as in the reference): remove it too.
  if (Y.isMap(parent) && parent.items[0] && Y.isScalar(parent.items[0].key) && parent.items[0].key.value === last) parent.commentBefore = undefined;
  if (Y.isSeq(parent) && last === 0) parent.commentBefore = undefined;
  doc.deleteIn(full);
  return doc.toString(STORE);
}

function parseForEdit(Y: YamlModule, yamlText: string) {
  const doc = Y.parseDocument(yamlText.trim() === "" ? "{}" : yamlText);
  if (doc.errors.length) throw new CliError(`the stored definition is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  // An empty or flow-style root (`{}`) would keep flow style for everything added: use block style.
  if (Y.isMap(doc.contents) && doc.contents.flow) doc.contents.flow = false;
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  return doc;
}

function formatPathForMessage(path: PropertyPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
