// Re-encrypts the `fn::secret` ciphertext of a stored definition from one data key to another,
// for organization key rotation. Every `fn::secret: {ciphertext: …}` anywhere in the YAML stream
// is rewritten (lib/esc/crypt.ts decrypts only below `values`, which would leave the others under
// the old key). Only the ciphertext scalars change; the result is parsed again and checked
// (same documents, every new ciphertext opens to the same plaintext) before it is returned.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node as YNode,
} from "yaml";
import { decodeCiphertext, encodeCiphertext } from "@/lib/esc/ciphertext";
import type { SecretCrypter } from "@/lib/esc/contract";

export interface ReencryptResult {
  yaml: string;
  /** Ciphertexts moved to the new key. */
  reencrypted: number;
  /** Ciphertexts the old key could not open (damaged, or pasted from elsewhere): left as they were, as unreadable as before. */
  unreadable: number;
}

export class ReencryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReencryptError";
  }
}

function parse(yaml: string): Document.Parsed[] {
  const docs = parseAllDocuments(yaml, {
    schema: "failsafe",
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
  });
  return Array.isArray(docs) ? docs : [];
}

const keyIs = (node: unknown, name: string) => isScalar(node) && node.value === name;

/** The ciphertext scalars of every `fn::secret: {ciphertext: …}` call, in source order. Iterative: depth is user-controlled. */
function ciphertextScalars(docs: Document.Parsed[]): Scalar[] {
  const found: Scalar[] = [];
  for (const doc of docs) {
    const stack: unknown[] = doc.contents ? [doc.contents] : [];
    while (stack.length > 0) {
      const node = stack.pop() as YNode;
      if (isAlias(node)) continue;
      if (isMap(node)) {
        const only = node.items.length === 1 ? node.items[0] : undefined;
        if (only && keyIs(only.key, "fn::secret") && isMap(only.value) && only.value.items.length === 1) {
          const inner = only.value.items[0];
          if (
            keyIs(inner.key, "ciphertext") &&
            isScalar(inner.value) &&
            typeof inner.value.value === "string"
          ) {
            found.push(inner.value);
            continue;
          }
        }
        for (const item of node.items) if (item.value) stack.push(item.value);
      } else if (isSeq(node)) {
        for (const item of node.items) if (item) stack.push(item);
      }
    }
  }
  return found.sort((a, b) => a.range![0] - b.range![0]);
}

async function tryDecrypt(repr: string, crypter: SecretCrypter): Promise<Uint8Array | undefined> {
  try {
    return await crypter.decrypt(decodeCiphertext(repr));
  } catch {
    return undefined;
  }
}

/** The new source text for a scalar holding `repr` (base64: safe in any quoting style). */
function scalarText(source: string, scalar: Scalar, repr: string): string {
  const [start, end] = scalar.range!;
  const old = source.slice(start, end);
  if (scalar.type === Scalar.QUOTE_DOUBLE) return `"${repr}"`;
  if (scalar.type === Scalar.QUOTE_SINGLE) return `'${repr}'`;
  if (scalar.type === Scalar.PLAIN) return repr;
  // Block scalars: a double-quoted flow scalar in the same place, keeping the line break.
  return `"${repr}"` + (old.endsWith("\n") ? "\n" : "");
}

/** A comparable form of the documents with every ciphertext blanked out. */
function shape(docs: Document.Parsed[]): string {
  for (const s of ciphertextScalars(docs)) s.value = "";
  return JSON.stringify(docs.map((d) => d.toJS({ maxAliasCount: -1 })));
}

export async function reencryptDefinition(
  yaml: string,
  from: SecretCrypter,
  to: SecretCrypter,
): Promise<ReencryptResult> {
  const scalars = ciphertextScalars(parse(yaml));
  if (scalars.length === 0) return { yaml, reencrypted: 0, unreadable: 0 };

  let out = "";
  let at = 0;
  let reencrypted = 0;
  let unreadable = 0;
  const expected: (Uint8Array | undefined)[] = [];
  for (const scalar of scalars) {
    const plaintext = await tryDecrypt(String(scalar.value), from);
    expected.push(plaintext);
    if (!plaintext) {
      unreadable++;
      continue;
    }
    const repr = encodeCiphertext(await to.encrypt(plaintext));
    out += yaml.slice(at, scalar.range![0]) + scalarText(yaml, scalar, repr);
    at = scalar.range![1];
    reencrypted++;
  }
  out += yaml.slice(at);

  // Check before anything is stored: the definition is kept only in this form.
  const after = ciphertextScalars(parse(out));
  const same = after.length === scalars.length && shape(parse(out)) === shape(parse(yaml));
  if (!same) throw new ReencryptError("re-encrypting the definition would change it; nothing was changed");
  for (let i = 0; i < after.length; i++) {
    const want = expected[i];
    if (!want) continue;
    const got = await tryDecrypt(String(after[i].value), to);
    if (!got || !Buffer.from(got).equals(Buffer.from(want))) {
      throw new ReencryptError(
        "a re-encrypted secret does not decrypt to its old value; nothing was changed",
      );
    }
  }
  return { yaml: out, reencrypted, unreadable };
}
