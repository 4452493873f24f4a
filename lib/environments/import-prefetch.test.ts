import { describe, expect, it } from "vitest";
import { startImportPrefetch } from "./import-prefetch";
import type { EnvironmentDefinition } from "./types";

/** A reader that records which refs it was asked for, and when. */
function recordingReader(fail: ReadonlySet<string> = new Set()) {
  const calls: string[] = [];
  const read = async (ref: string) => {
    calls.push(ref);
    if (fail.has(ref)) throw new Error(`no ${ref}`);
    return { yaml: ref } as unknown as EnvironmentDefinition;
  };
  return { calls, read };
}

describe("import prefetch", () => {
  it("starts nothing the first time, then starts what was read last time before it is asked for", async () => {
    const key = `org-${Math.random()}/app/svc`;
    const first = recordingReader();
    const one = startImportPrefetch(key, first.read);
    expect(first.calls).toEqual([]);
    expect((await one.read("lib/a")).yaml).toBe("lib/a");
    await one.read("lib/b");
    one.remember();

    const second = recordingReader();
    const two = startImportPrefetch(key, second.read);
    expect(second.calls).toEqual(["lib/a", "lib/b"]);
    expect((await two.read("lib/b")).yaml).toBe("lib/b");
    expect(second.calls).toEqual(["lib/a", "lib/b"]); // taken, not read again
    await two.read("lib/b"); // asked twice: the second is a new read
    await two.read("lib/c"); // not guessed: read when asked
    expect(second.calls).toEqual(["lib/a", "lib/b", "lib/b", "lib/c"]);
    two.remember();

    const third = recordingReader();
    startImportPrefetch(key, third.read);
    expect(third.calls).toEqual(["lib/b", "lib/c"]);
  });

  it("drops a failed guess nobody asks for, and gives a failed one that is asked for to the asker", async () => {
    const key = `org-${Math.random()}/app/svc`;
    const warm = startImportPrefetch(key, recordingReader().read);
    await warm.read("lib/gone");
    await warm.read("lib/kept");
    warm.remember();

    const failing = recordingReader(new Set(["lib/gone", "lib/kept"]));
    const next = startImportPrefetch(key, failing.read);
    await expect(next.read("lib/kept")).rejects.toThrow("no lib/kept");
    // lib/gone was started and failed; nobody asks for it, and no unhandled rejection follows.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(failing.calls).toEqual(["lib/gone", "lib/kept"]);
  });

  it("keeps the guesses of each environment apart", async () => {
    const a = startImportPrefetch(`org-${Math.random()}/app/a`, recordingReader().read);
    await a.read("lib/for-a");
    a.remember();
    const other = recordingReader();
    startImportPrefetch(`org-${Math.random()}/app/b`, other.read);
    expect(other.calls).toEqual([]);
  });
});
