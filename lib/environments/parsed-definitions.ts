// Parsed stored definitions, kept by their text: an open parses the environment and each of its
// imports, and the same revisions are opened again and again (a twentieth of the server's time under
// load went to parsing; BENCHMARKS.md, bench:load). The key is the text itself, so a new revision
// is simply another entry and nothing can be stale. Stored text only (secrets in it are
// ciphertext): the editor's drafts, which may hold a secret in plain text, are never kept.
// The evaluator only reads a declaration, so one may serve any number of evaluations.
import { loadEnvironment, type LoadedDeclaration } from "@/lib/esc/load";

/** At most this many definitions, and this much text in all, least recently used first out. */
const MAX_ENTRIES = 500;
const MAX_TEXT = 2_000_000;

const parsed = new Map<string, LoadedDeclaration>();
let textLength = 0;

/** loadEnvironment(name, yaml), from memory when this text was parsed under this name before. */
export function parseStoredDefinition(name: string, yaml: string): LoadedDeclaration {
  const key = `${name}\n${yaml}`;
  const hit = parsed.get(key);
  if (hit) {
    // Most recently used last.
    parsed.delete(key);
    parsed.set(key, hit);
    return { decl: hit.decl, diags: copyOf(hit.diags) };
  }
  const loaded = loadEnvironment(name, yaml);
  if (key.length <= MAX_TEXT) {
    parsed.set(key, loaded);
    textLength += key.length;
    for (const [oldest] of parsed) {
      if (parsed.size <= MAX_ENTRIES && textLength <= MAX_TEXT) break;
      parsed.delete(oldest);
      textLength -= oldest.length;
    }
  }
  return { decl: loaded.decl, diags: copyOf(loaded.diags) };
}

/** Callers get diagnostics of their own (they may add to them). */
const copyOf = (diags: LoadedDeclaration["diags"]) => (diags.length === 0 ? [] : structuredClone(diags));
