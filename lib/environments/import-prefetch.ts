// Evaluating an environment reads every environment it imports, and those reads can only start
// once its own definition has been read and parsed: one more wait for the database per level of
// imports, which under load is one more turn in line behind every other request (BENCHMARKS.md,
// bench:load). What an environment imported when this process last evaluated it is a good guess
// at what it imports now, so those reads start together with the read of the environment itself.
//
// A guess decides only which reads start early, never what they return: each is the very read
// the evaluation would make (the same permission check, within this request), a read the
// evaluation does not ask for is dropped unseen, and one it asks for that was not guessed is made
// then, as before. Only environment names are remembered, never definitions or values.
import type { EnvironmentDefinition } from "./types";

export type ImportReader = (ref: string) => Promise<EnvironmentDefinition>;

/** Names remembered at most (the oldest go first): a guess costs a read, never a wrong answer. */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, readonly string[]>();

export interface ImportPrefetch {
  /** Reads `ref` for the evaluation: the read started early if there is one, else a new one. */
  read: ImportReader;
  /** Remembers what this evaluation read, as the guess for the next one of the same environment. */
  remember(): void;
}

/**
 * Starts reading, with `read`, what the environment known as `key` (organization and name)
 * imported the last time; the evaluation then reads its imports through the result's `read`.
 */
export function startImportPrefetch(key: string, read: ImportReader): ImportPrefetch {
  const started = new Map<string, Promise<EnvironmentDefinition>>();
  for (const ref of remembered.get(key) ?? []) {
    const pending = read(ref);
    // Awaited by `read` below if the evaluation asks for it; a refusal nobody asks for is dropped.
    pending.catch(() => undefined);
    started.set(ref, pending);
  }
  const asked: string[] = [];
  return {
    read(ref) {
      asked.push(ref);
      const pending = started.get(ref);
      started.delete(ref);
      return pending ?? read(ref);
    },
    remember() {
      remembered.delete(key);
      if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
      remembered.set(key, [...new Set(asked)]);
    },
  };
}
