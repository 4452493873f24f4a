// `fn::secret` rewriting (SEMANTICS.md §7.2): encryptSecrets turns every plaintext
// `fn::secret: <string>` into `fn::secret: {ciphertext: <envelope>}` (what the service does
// before storing a definition); decryptSecrets reverses it for calls under `values` (the
// "show secrets" view of a definition).
//
// The reference re-encodes the whole document with yaml.v3. We instead splice new text into
// the original source at the rewritten calls only, so comments, quoting, flow style, blank
// lines and every other document of a stream stay byte-for-byte as they were. Before
// returning, the result is parsed again and compared, node by node, with the original: if
// anything but the rewritten calls differs we throw rather than return a damaged definition
// (the service keeps definitions only in ciphertext form, so a bad rewrite would lose data).
//
// Errors never contain secret material: they name the document path of the call only.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node as YNode,
  type YAMLMap,
} from "yaml";
import { CiphertextError, decodeCiphertext, encodeCiphertext } from "./ciphertext";
import type { SecretCrypter } from "./contract";
import { formatPropertyPath } from "./property-path";
import { resolvePlain } from "./syntax";
import { renderString } from "./yaml-scalar";
import { columnOf, commentsIn, describeYamlError, valueIndicatorEnd } from "./yaml-source";

export class SecretRewriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretRewriteError";
  }
}

export async function encryptSecrets(yaml: string, crypter: SecretCrypter): Promise<string> {
  return rewriteSecrets(yaml, "encrypt", crypter);
}

export async function decryptSecrets(yaml: string, crypter: SecretCrypter): Promise<string> {
  return rewriteSecrets(yaml, "decrypt", crypter);
}

type Mode = "encrypt" | "decrypt";

/** A well-formed `fn::secret` call: a one-entry mapping whose key is `fn::secret`. */
interface SecretCall {
  map: YAMLMap;
  key: Scalar;
  /** The plaintext string (plaintext form) or the ciphertext string (ciphertext form). */
  scalar: Scalar;
  /** Present for the ciphertext form: the `{ciphertext: …}` mapping. */
  envelope?: YAMLMap;
  path?: PathLink;
}

/** Parent-linked document path, formatted only when an error needs it. */
interface PathLink {
  parent?: PathLink;
  part: string | number;
}

function pathString(link: PathLink | undefined): string {
  const parts: (string | number)[] = [];
  for (let l = link; l; l = l.parent) parts.push(l.part);
  return formatPropertyPath(parts.reverse()) || "the document root";
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** What the call must look like after the rewrite, for the final structural check. */
  expected: string;
  map: YAMLMap;
}

async function rewriteSecrets(source: string, mode: Mode, crypter: SecretCrypter): Promise<string> {
  if (typeof source !== "string") throw new SecretRewriteError("the definition must be a string");
  const docs = parseStream(source);
  const edits: Edit[] = [];
  for (const doc of docs) {
    for (const call of findSecretCalls(doc, mode)) {
      edits.push(mode === "encrypt" ? await encryptCall(source, call, crypter) : await decryptCall(source, call, crypter));
    }
  }
  if (edits.length === 0) return source;

  let out = "";
  let at = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  out += source.slice(at);

  verify(docs, edits, out);
  return out;
}

function parseStream(source: string): Document.Parsed[] {
  let docs;
  try {
    docs = parseAllDocuments(source, { schema: "failsafe", uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (err) {
    // The parser recurses per nesting level; absurd nesting exhausts the stack.
    if (err instanceof RangeError) throw new SecretRewriteError("invalid YAML: the document is nested too deeply");
    throw new SecretRewriteError("invalid YAML: the document could not be parsed");
  }
  if (!Array.isArray(docs)) return []; // an empty stream: nothing to rewrite
  for (const doc of docs) {
    if (doc.errors[0]) throw new SecretRewriteError(describeYamlError(doc.errors[0]));
  }
  return docs;
}

/** yaml.v3 types plain scalars (`true`, `42`, `~`…); only strings can be `fn::secret` arguments. */
function isStringScalar(node: unknown): node is Scalar {
  if (!isScalar(node) || typeof node.value !== "string") return false;
  if (node.type !== Scalar.PLAIN) return true;
  if (node.tag && node.tag !== "tag:yaml.org,2002:str" && node.tag.startsWith("tag:yaml.org,2002:")) return false;
  if (node.tag) return true; // `!!str 42` and custom tags are strings in the reference
  return resolvePlain(node.value) === undefined;
}

function keyIs(node: unknown, name: string): boolean {
  return isStringScalar(node) && node.value === name;
}

/** Mirrors the reference's parseSecret: anything else is not a call and is left alone. */
function asSecretCall(node: YNode, path: PathLink | undefined): SecretCall | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const { key, value } = node.items[0];
  if (!keyIs(key, "fn::secret")) return undefined;
  if (isMap(value) && value.items.length === 1) {
    const inner = value.items[0];
    if (keyIs(inner.key, "ciphertext") && isStringScalar(inner.value)) {
      return { map: node, key: key as Scalar, scalar: inner.value, envelope: value, path };
    }
  }
  if (isStringScalar(value)) return { map: node, key: key as Scalar, scalar: value, path };
  return undefined;
}

/**
 * Walks a document without recursion (nesting depth is attacker-controlled). Encryption
 * rewrites calls anywhere; decryption only below `values`, like the reference.
 */
function findSecretCalls(doc: Document.Parsed, mode: Mode): SecretCall[] {
  const calls: SecretCall[] = [];
  const root = doc.contents;
  if (!root) return calls;
  const stack: { node: YNode; path?: PathLink; inValues: boolean }[] = [{ node: root, inValues: false }];
  while (stack.length > 0) {
    const { node, path, inValues } = stack.pop()!;
    if (isAlias(node)) {
      // Aliases are not supported by ESC (the reference refuses the document); rewriting one
      // end of an alias would silently change the other.
      throw new SecretRewriteError(`invalid definition: alias nodes are not supported (at ${pathString(path)})`);
    }
    const call = asSecretCall(node, path);
    if (call) {
      if (mode === "encrypt" ? !call.envelope : call.envelope && inValues) calls.push(call);
      continue;
    }
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const { key, value } = node.items[i];
        if (isAlias(key)) throw new SecretRewriteError(`invalid definition: alias nodes are not supported (at ${pathString(path)})`);
        if (!value) continue;
        const part = isScalar(key) ? String(key.value) : "?";
        const childInValues = inValues || (path === undefined && part === "values");
        stack.push({ node: value as YNode, path: { parent: path, part }, inValues: childInValues });
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (item) stack.push({ node: item as YNode, path: { parent: path, part: i }, inValues });
      }
    }
  }
  return calls;
}

async function encryptCall(source: string, call: SecretCall, crypter: SecretCrypter): Promise<Edit> {
  let ciphertext: Uint8Array;
  try {
    ciphertext = await crypter.encrypt(new TextEncoder().encode(String(call.scalar.value)));
  } catch (err) {
    throw new SecretRewriteError(`encrypting the secret at ${pathString(call.path)}: ${errorText(err)}`);
  }
  const envelope = encodeCiphertext(ciphertext);
  const start = valueIndicatorEnd(source, call.key);
  const end = call.scalar.range![1];
  const comments = commentsIn(source.slice(start, call.scalar.range![0]));
  const indent = " ".repeat(columnOf(source, call.key.range![0]) + 2);
  const lead = comments.length > 0 ? ` ${comments.join(`\n${indent}`)}` : "";
  let text = call.map.flow
    ? `${lead}${lead ? `\n${indent}` : " "}{ciphertext: ${envelope}}`
    : `${lead}\n${indent}ciphertext: ${envelope}`;
  // Block scalars own their final line break; keep the line structure after them intact.
  if (source[end - 1] === "\n") text += "\n";
  return { start, end, text, map: call.map, expected: secretFingerprint({ ciphertext: envelope }) };
}

async function decryptCall(source: string, call: SecretCall, crypter: SecretCrypter): Promise<Edit> {
  const where = pathString(call.path);
  let plaintext: string;
  try {
    const ciphertext = decodeCiphertext(String(call.scalar.value));
    plaintext = new TextDecoder().decode(await crypter.decrypt(ciphertext));
  } catch (err) {
    if (err instanceof CiphertextError) throw new SecretRewriteError(`invalid ciphertext at ${where}: ${err.message}`);
    throw new SecretRewriteError(`decrypting the secret at ${where}: ${errorText(err)}`);
  }
  const envelope = call.envelope!;
  const start = valueIndicatorEnd(source, call.key);
  // A flow envelope `{ciphertext: X}` ends at its brace; a block one at the end of X, so a
  // comment after X on its line stays where it is.
  const end = envelope.flow ? envelope.range![1] : call.scalar.range![1];
  const between = source.slice(start, call.scalar.range![0]) + source.slice(call.scalar.range![1], end);
  const comments = commentsIn(between);
  const indent = " ".repeat(columnOf(source, call.key.range![0]) + 2);
  const lead = comments.length > 0 ? ` ${comments.join(`\n${indent}`)}\n${indent}` : " ";
  let text = lead + renderString(plaintext, Boolean(call.map.flow));
  if (source[end - 1] === "\n") text += "\n";
  return { start, end, text, map: call.map, expected: secretFingerprint(plaintext) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : "unknown error";
}

// ---------------------------------------------------------------------------------------------
// Structural check: the rewritten text must parse to the original documents with exactly the
// rewritten calls replaced.

function secretFingerprint(arg: string | { ciphertext: string }): string {
  const value = typeof arg === "string" ? scalarToken(arg, true) : `{${scalarToken("ciphertext", true)}:${scalarToken(arg.ciphertext, true)}}`;
  return `{${scalarToken("fn::secret", true)}:${value}}`;
}

function scalarToken(value: string, isString: boolean): string {
  return (isString ? "s" : "v") + JSON.stringify(value);
}

/** A canonical text of a document's data (not its layout), built without recursion. */
function fingerprint(root: YNode | null, substitutes: Map<YNode, string>): string {
  const out: string[] = [];
  const stack: (YNode | string | null)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      out.push(item);
    } else if (item === null || item === undefined) {
      out.push("~");
    } else if (substitutes.has(item)) {
      out.push(substitutes.get(item)!);
    } else if (isScalar(item)) {
      out.push(scalarToken(String(item.value), isStringScalar(item)));
    } else if (isMap(item)) {
      out.push("{");
      stack.push("}");
      for (let i = item.items.length - 1; i >= 0; i--) {
        stack.push((item.items[i].value as YNode | null) ?? null, ":", (item.items[i].key as YNode | null) ?? null);
      }
    } else if (isSeq(item)) {
      out.push("[");
      stack.push("]");
      for (let i = item.items.length - 1; i >= 0; i--) stack.push((item.items[i] as YNode | null) ?? null, ",");
    } else {
      out.push("?");
    }
  }
  return out.join("");
}

function verify(before: Document.Parsed[], edits: Edit[], text: string): void {
  const substitutes = new Map<YNode, string>(edits.map((e) => [e.map, e.expected]));
  let after: Document.Parsed[];
  try {
    after = parseStream(text);
  } catch {
    after = [];
  }
  const same =
    after.length === before.length &&
    before.every((doc, i) => fingerprint(doc.contents, substitutes) === fingerprint(after[i].contents, new Map()));
  if (!same) {
    throw new SecretRewriteError(
      "internal error: rewriting fn::secret would change other parts of the definition; nothing was changed",
    );
  }
}
