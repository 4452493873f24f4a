// Path-based edits of an environment definition (`esc env set/rm <path>`, rotation patches):
// setYamlPath writes a value at a property path, creating missing objects/arrays on the way;
// deleteYamlPath removes one.
//
// Like crypt.ts, edits are spliced into the source text at the edited node only, so comments,
// quoting and layout elsewhere stay byte-for-byte. The result is parsed again and compared with
// the expected data; if a splice cannot express the edit faithfully (unusual layouts), the edit
// is redone through the `yaml` package's document model (which keeps comments but may
// normalise spacing), checked the same way, and otherwise refused with an error.
import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node as YNode,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import type { PlainValue } from "./contract";
import { formatPropertyPath, type PropertyPath } from "./property-path";
import { resolvePlain } from "./syntax";
import { renderString } from "./yaml-scalar";
import { columnOf, commentsIn, describeYamlError, valueIndicatorEnd } from "./yaml-source";

export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "YamlEditError";
  }
}

export interface SetOptions {
  /** Write `fn::secret: <value>` (the value must be a string; the service encrypts it on save). */
  secret?: boolean;
}

export function setYamlPath(yaml: string, path: PropertyPath, value: PlainValue, options: SetOptions = {}): string {
  checkPath(path);
  if (options.secret) {
    if (typeof value !== "string") throw new YamlEditError("a secret value must be a string");
    value = { "fn::secret": value };
  }
  checkValue(value);
  const doc = parse(yaml);
  const at = locate(doc, path);
  if (at.kind === "missing" && isSeq(at.container)) {
    const length = at.container.items.length;
    const where = formatPropertyPath(path.slice(0, at.depth)) || "the document";
    if ((path[at.depth] as number) > length) {
      throw new YamlEditError(`index ${path[at.depth]} is out of range for ${where} (length ${length}); use ${length} to append`);
    }
  }
  if (at.kind === "missing") wrap(path, at.depth, value); // reports indices out of range for new arrays
  const expected = applyToData(toData(doc), path, { set: value });
  return finish(yaml, doc, expected, () => spliceSet(yaml, doc, path, value), () => {
    doc.setIn(path, doc.createNode(value));
  });
}

/** Removes the value at `path`; a path that does not exist leaves the text unchanged. */
export function deleteYamlPath(yaml: string, path: PropertyPath): string {
  checkPath(path);
  const doc = parse(yaml);
  const target = locate(doc, path);
  if (target.kind !== "exists") return yaml;
  const expected = applyToData(toData(doc), path, { delete: true });
  return finish(yaml, doc, expected, () => spliceDelete(yaml, doc, path), () => {
    doc.deleteIn(path);
  });
}

// ---------------------------------------------------------------------------------------------
// Input checks

function checkPath(path: PropertyPath): void {
  if (!Array.isArray(path) || path.length === 0) throw new YamlEditError("the property path must not be empty");
  for (const part of path) {
    if (typeof part === "number" ? !Number.isSafeInteger(part) || part < 0 : typeof part !== "string") {
      throw new YamlEditError(`invalid property path element ${JSON.stringify(part)}`);
    }
  }
}

function checkValue(value: PlainValue): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new YamlEditError("numbers must be finite");
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      stack.push(...Object.values(v as object));
    } else {
      throw new YamlEditError("values must be plain JSON (null, booleans, numbers, strings, arrays, objects)");
    }
  }
}

function parse(yaml: string): Document.Parsed {
  if (typeof yaml !== "string") throw new YamlEditError("the definition must be a string");
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yaml, { schema: "failsafe", uniqueKeys: false, prettyErrors: false, strict: false });
  } catch {
    throw new YamlEditError("invalid YAML: the document could not be parsed");
  }
  if (doc.errors[0]) throw new YamlEditError(describeYamlError(doc.errors[0]));
  let alias = false;
  visit(doc, {
    Alias() {
      alias = true;
      return visit.BREAK;
    },
  });
  if (alias) throw new YamlEditError("invalid definition: alias nodes are not supported");
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Data model used to check results: YAML → plain data with yaml.v3's typing of plain scalars.

type Data = null | boolean | number | string | Data[] | { [key: string]: Data };

function scalarData(node: Scalar): Data {
  const text = String(node.value ?? "");
  if (node.type !== "PLAIN" || node.tag) return text;
  const resolved = resolvePlain(text);
  if (resolved === undefined) return text;
  if (resolved === null || typeof resolved === "boolean") return resolved;
  return Number(resolved.toString());
}

function nodeData(node: unknown): Data {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return scalarData(node);
  if (isSeq(node)) return node.items.map(nodeData);
  if (isMap(node)) {
    const out: { [key: string]: Data } = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value ?? "") : JSON.stringify(nodeData(pair.key));
      if (!Object.hasOwn(out, key)) out[key] = nodeData(pair.value); // the first of duplicate keys wins
    }
    return out;
  }
  return null;
}

function toData(doc: Document): Data {
  return nodeData(doc.contents);
}

/** The edit applied to plain data: what the edited document must read back as. */
function applyToData(root: Data, path: PropertyPath, op: { set: PlainValue } | { delete: true }): Data {
  if ("set" in op) {
    const build = (i: number, current: Data): Data => {
      if (i === path.length) return op.set as Data;
      const part = path[i];
      if (typeof part === "string") {
        const obj = current !== null && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
        obj[part] = build(i + 1, Object.hasOwn(obj, part) ? obj[part] : null);
        return obj;
      }
      const arr = Array.isArray(current) ? [...current] : [];
      arr[part] = build(i + 1, part < arr.length ? arr[part] : null);
      return arr;
    };
    return build(0, root);
  }
  const remove = (i: number, current: Data): Data => {
    const part = path[i];
    const last = i === path.length - 1;
    if (Array.isArray(current)) {
      const arr = [...current];
      if (last) arr.splice(part as number, 1);
      else arr[part as number] = remove(i + 1, arr[part as number]);
      return arr;
    }
    const obj = { ...(current as { [key: string]: Data }) };
    if (last) delete obj[part as string];
    else obj[part as string] = remove(i + 1, obj[part as string]);
    return obj;
  };
  return remove(0, root);
}

function finish(source: string, doc: Document.Parsed, expected: Data, splice: () => string | undefined, model: () => void): string {
  const spliced = splice();
  if (spliced !== undefined && readsAs(spliced, expected)) return spliced;
  let text: string | undefined;
  try {
    model();
    text = doc.toString({ indent: detectIndent(source), lineWidth: 0, flowCollectionPadding: false });
  } catch {
    // The document model cannot write some edits (a null in the failsafe schema): refused below.
  }
  if (text !== undefined && readsAs(text, expected)) return text;
  throw new YamlEditError("could not apply the edit without changing other parts of the definition");
}

function readsAs(text: string, expected: Data): boolean {
  try {
    return JSON.stringify(toData(parse(text))) === JSON.stringify(expected);
  } catch {
    return false;
  }
}

function detectIndent(source: string): number {
  const m = /^( +)\S/m.exec(source);
  return m ? Math.min(Math.max(m[1].length, 1), 8) : 2;
}

// ---------------------------------------------------------------------------------------------
// Locating the edit

type Location =
  | { kind: "exists"; node: YNode | null; holder: Holder }
  /** `path[depth]` and beyond are missing; they are created inside `holder`'s value. */
  | { kind: "missing"; depth: number; container: YAMLMap | YAMLSeq | null; holder: Holder; node: YNode | null };

/** Where a node sits: the value of a mapping entry, an item of a sequence, or the document. */
type Holder = { kind: "pair"; map: YAMLMap; pair: Pair } | { kind: "item"; seq: YAMLSeq; index: number } | { kind: "root" };

function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.type === "PLAIN" && !node.tag && resolvePlain(String(node.value ?? "")) === null);
}

function describe(node: unknown): string {
  if (isMap(node)) return "an object";
  if (isSeq(node)) return "an array";
  const data = isScalar(node) ? scalarData(node) : null;
  return data === null ? "null" : `a ${typeof data}`;
}

function locate(doc: Document.Parsed, path: PropertyPath): Location {
  let node = doc.contents as YNode | null;
  let holder: Holder = { kind: "root" };
  for (let depth = 0; depth < path.length; depth++) {
    const part = path[depth];
    const where = formatPropertyPath(path.slice(0, depth)) || "the document";
    if (isNullNode(node)) return { kind: "missing", depth, container: null, holder, node };
    if (isMap(node)) {
      if (typeof part !== "string") throw new YamlEditError(`${where} is an object: use a property name, not the index ${part}`);
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) return { kind: "missing", depth, container: node, holder, node };
      holder = { kind: "pair", map: node, pair };
      node = (pair.value as YNode | null) ?? null;
    } else if (isSeq(node)) {
      if (typeof part !== "number") throw new YamlEditError(`${where} is an array: use an index, not the property ${JSON.stringify(part)}`);
      if (part >= node.items.length) return { kind: "missing", depth, container: node, holder, node };
      holder = { kind: "item", seq: node, index: part };
      node = (node.items[part] as YNode | null) ?? null;
    } else {
      throw new YamlEditError(`${where} is ${describe(node)}, not an object or an array`);
    }
  }
  return { kind: "exists", node, holder };
}

/** The value to write at `path[depth]`: `value` wrapped in the objects/arrays still missing. */
function wrap(path: PropertyPath, depth: number, value: PlainValue): PlainValue {
  let out = value;
  for (let i = path.length - 1; i > depth; i--) {
    const part = path[i];
    if (typeof part === "string") {
      out = { [part]: out };
    } else {
      if (part !== 0) throw new YamlEditError(`index ${part} is out of range for the new array ${formatPropertyPath(path.slice(0, i))}; use 0`);
      out = [out];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Splicing

function spliceSet(source: string, doc: Document.Parsed, path: PropertyPath, value: PlainValue): string | undefined {
  const at = locate(doc, path);
  if (at.kind === "exists") return replaceNode(source, at.holder, at.node, value);
  const depth = at.depth;
  const inner = wrap(path, depth, value);
  if (at.container === null) {
    // A null (or empty document) where a collection is needed: replace it by a new one.
    const part = path[depth];
    if (typeof part === "number" && part !== 0) {
      throw new YamlEditError(`index ${part} is out of range for the new array ${formatPropertyPath(path.slice(0, depth))}; use 0`);
    }
    const created: PlainValue = typeof part === "string" ? { [part]: inner } : [inner];
    if (at.holder.kind === "root") return replaceRoot(source, doc, created);
    return replaceNode(source, at.holder, at.node, created);
  }
  if (isMap(at.container)) return addEntry(source, at.container, path[depth] as string, inner);
  return appendItem(source, at.container, inner);
}

function spliceDelete(source: string, doc: Document.Parsed, path: PropertyPath): string | undefined {
  const at = locate(doc, path);
  if (at.kind !== "exists") return source;
  const holder = at.holder;
  if (holder.kind === "root") return undefined;
  const collection = holder.kind === "pair" ? holder.map : holder.seq;
  if (collection.items.length === 1) {
    // Emptying a collection: write `{}` / `[]` in its place, like the reference.
    const outer = locate(doc, path.slice(0, -1));
    if (outer.kind !== "exists") return undefined;
    const empty: PlainValue = holder.kind === "pair" ? {} : [];
    return outer.holder.kind === "root" ? replaceRoot(source, doc, empty) : replaceNode(source, outer.holder, outer.node, empty);
  }
  const index = holder.kind === "pair" ? holder.map.items.indexOf(holder.pair) : holder.index;
  const item = collection.items[index];
  const [start, end] = holder.kind === "pair" ? pairRange(holder.pair) : nodeRange(item as YNode);
  if (start < 0) return undefined;
  if (collection.flow) {
    // Remove the entry and one separating comma.
    if (index + 1 < collection.items.length) {
      const next = collection.items[index + 1];
      const nextStart = holder.kind === "pair" ? pairRange(next as Pair)[0] : nodeRange(next as YNode)[0];
      return source.slice(0, start) + source.slice(nextStart);
    }
    const prev = collection.items[index - 1];
    const prevEnd = holder.kind === "pair" ? pairRange(prev as Pair)[1] : nodeRange(prev as YNode)[1];
    return source.slice(0, prevEnd) + source.slice(end);
  }
  // Block: remove whole lines (a `- ` or indentation before, the line break after).
  const lineStart = source.lastIndexOf("\n", start - 1) + 1;
  let head = source.slice(lineStart, start);
  if (holder.kind === "item") head = head.replace(/-\s*$/, "");
  if (head.trim() !== "") return undefined; // e.g. the first key of `- a: 1`: let the model do it
  return source.slice(0, lineStart) + source.slice(lineEnd(source, end));
}

/** The end of the line containing `offset - 1` (after its line break), unless code follows. */
function lineEnd(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === "\n") return offset;
  const nl = source.indexOf("\n", offset);
  const rest = source.slice(offset, nl < 0 ? source.length : nl);
  if (rest.trim() !== "" && !rest.trim().startsWith("#")) return offset;
  return nl < 0 ? source.length : nl + 1;
}

function nodeRange(node: YNode | null): [number, number] {
  return node?.range ? [node.range[0], node.range[1]] : [-1, -1];
}

function pairRange(pair: Pair): [number, number] {
  const key = pair.key as YNode | null;
  const value = pair.value as YNode | null;
  if (!key?.range) return [-1, -1];
  return [key.range[0], value?.range ? value.range[1] : key.range[1]];
}

function isInline(value: PlainValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length === 0;
  return true;
}

function renderKey(key: string, flow: boolean): string {
  return renderString(key, flow);
}

function renderFlow(value: PlainValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") return renderString(value, true);
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${renderKey(k, true)}: ${renderFlow(v)}`)
    .join(", ")}}`;
}

/** Block lines for a non-empty collection at `indent`, without a final line break. */
function renderBlock(value: PlainValue, indent: number): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    return value
      .map((v) => `${pad}- ${isInline(v) ? renderFlow(v) : renderBlock(v, indent + 2).slice(indent + 2)}`)
      .join("\n");
  }
  return Object.entries(value as { [key: string]: PlainValue })
    .map(([k, v]) => `${pad}${renderKey(k, false)}:${isInline(v) ? ` ${renderFlow(v)}` : `\n${renderBlock(v, indent + 2)}`}`)
    .join("\n");
}

function replaceNode(source: string, holder: Holder, node: YNode | null, value: PlainValue): string | undefined {
  if (holder.kind === "root") return undefined;
  if (holder.kind === "pair") {
    const key = holder.pair.key as YNode;
    if (!key?.range) return undefined;
    const start = valueIndicatorEnd(source, key);
    const end = node?.range ? node.range[1] : start;
    if (end < start) return undefined;
    const gap = source.slice(start, node?.range ? node.range[0] : start);
    const comments = commentsIn(gap);
    const indent = columnOf(source, key.range[0]) + 2;
    const lead = comments.length > 0 ? ` ${comments.join(`\n${" ".repeat(indent)}`)}` : "";
    let text: string;
    if (holder.map.flow || isInline(value)) {
      text = `${lead}${lead ? `\n${" ".repeat(indent)}` : " "}${renderFlow(value)}`;
    } else {
      text = `${lead}\n${renderBlock(value, indent)}`;
    }
    if (source[end - 1] === "\n") text += "\n";
    return source.slice(0, start) + text + source.slice(end);
  }
  if (!node?.range || node.anchor || node.tag) return undefined;
  const [start, end] = node.range;
  let text: string;
  if (holder.seq.flow || isInline(value)) {
    text = renderFlow(value);
  } else {
    const col = columnOf(source, start);
    text = renderBlock(value, col).slice(col);
  }
  if (source[end - 1] === "\n") text += "\n";
  return source.slice(0, start) + text + source.slice(end);
}

function replaceRoot(source: string, doc: Document.Parsed, value: PlainValue): string | undefined {
  const root = doc.contents as YNode | null;
  const text = isInline(value) ? renderFlow(value) : renderBlock(value, 0);
  if (root?.range && !isNullNode(root)) {
    return source.slice(0, root.range[0]) + text + (source[root.range[1] - 1] === "\n" ? "\n" : "") + source.slice(root.range[1]);
  }
  // An empty document (maybe only comments): append after what is there.
  const sep = source === "" || source.endsWith("\n") ? "" : "\n";
  return `${source}${sep}${text}\n`;
}

/** Offset where a new last line of a block collection goes (after its last line break). */
function blockEnd(collection: YAMLMap | YAMLSeq): number | undefined {
  return collection.range?.[1];
}

function addEntry(source: string, map: YAMLMap, key: string, value: PlainValue): string | undefined {
  if (!map.range) return undefined;
  if (map.flow) {
    const close = map.range[1] - 1;
    if (source[close] !== "}") return undefined;
    const entry = `${renderKey(key, true)}: ${renderFlow(value)}`;
    const before = source.slice(0, close).trimEnd();
    const sep = map.items.length === 0 ? "" : before.endsWith(",") ? " " : ", ";
    return `${before}${sep}${entry}${source.slice(close)}`;
  }
  const firstKey = map.items[0]?.key as YNode | undefined;
  if (!firstKey?.range) return undefined;
  const indent = columnOf(source, firstKey.range[0]);
  const line = `${" ".repeat(indent)}${renderKey(key, false)}:${isInline(value) ? ` ${renderFlow(value)}` : `\n${renderBlock(value, indent + 2)}`}`;
  return insertLine(source, blockEnd(map), line);
}

function appendItem(source: string, seq: YAMLSeq, value: PlainValue): string | undefined {
  if (!seq.range) return undefined;
  if (seq.flow) {
    const close = seq.range[1] - 1;
    if (source[close] !== "]") return undefined;
    const before = source.slice(0, close).trimEnd();
    const sep = seq.items.length === 0 ? "" : before.endsWith(",") ? " " : ", ";
    return `${before}${sep}${renderFlow(value)}${source.slice(close)}`;
  }
  const first = seq.items[0] as YNode | undefined;
  if (!first?.range) return undefined;
  // The indicator before the first item (which may itself start with "-", as -1 does).
  const dash = source.lastIndexOf("-", first.range[0] - 1);
  if (dash < 0 || source.slice(dash + 1, first.range[0]).trim() !== "") return undefined;
  const col = columnOf(source, dash);
  const line = `${" ".repeat(col)}- ${isInline(value) ? renderFlow(value) : renderBlock(value, col + 2).slice(col + 2)}`;
  return insertLine(source, blockEnd(seq), line);
}

function insertLine(source: string, at: number | undefined, line: string): string | undefined {
  if (at === undefined) return undefined;
  if (at > 0 && source[at - 1] === "\n") return source.slice(0, at) + line + "\n" + source.slice(at);
  return source.slice(0, at) + "\n" + line + (at < source.length ? "" : "\n") + source.slice(at);
}
