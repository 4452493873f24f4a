// The last good preview survives text that is not YAML, marked stale, with the new diagnostics.
import { describe, expect, it } from "vitest";
import { checkEnvironment } from "@/lib/esc";
import { toPreview } from "@/lib/actions/to-preview";
import { isInvalidYaml, keepLastGoodPreview } from "./stale-preview";

const opts = {
  name: "p/e",
  providers: { provider: () => undefined, rotator: () => undefined },
  loader: { load: () => Promise.reject(new Error("no imports")) },
  crypter: { encrypt: async (b: Uint8Array) => b, decrypt: async (b: Uint8Array) => b },
};

async function preview(yaml: string) {
  const r = await checkEnvironment(yaml, opts);
  return toPreview(r.environment?.properties, r.diagnostics, "p/e");
}

describe("keepLastGoodPreview", () => {
  it("keeps the last good values, marked stale, while the text does not parse; evaluation errors replace them", async () => {
    const good = await preview("values:\n  port: 5432\n");
    const broken = await preview("values:\n  port: [5432\n");
    expect(isInvalidYaml(good)).toBe(false);
    expect(isInvalidYaml(broken)).toBe(true);

    const shown = keepLastGoodPreview(good, broken);
    expect(shown.stale).toBe(true);
    expect(shown.values).toEqual(good.values);
    expect(shown.diagnostics).toEqual(broken.diagnostics);

    // Nothing good yet: the broken result is shown as it is.
    expect(keepLastGoodPreview(null, broken)).toEqual(broken);
    // Valid YAML with an evaluation error is a real result, not stale.
    const badRef = await preview("values:\n  a: ${nope}\n");
    expect(isInvalidYaml(badRef)).toBe(false);
    expect(keepLastGoodPreview(shown, badRef)).toEqual(badRef);
  });
});
