import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SecretMasker } from "./mask";

function maskChunks(secrets: string[], chunks: string[]): string {
  const m = new SecretMasker(secrets);
  const out = chunks.map((c) => m.push(Buffer.from(c, "utf8")));
  out.push(m.flush());
  return Buffer.concat(out).toString("utf8");
}

describe("SecretMasker", () => {
  it("masks whole secrets and leaves other text alone", () => {
    expect(maskChunks(["hunter2"], ["pw=hunter2; again hunter2\n"])).toBe("pw=[secret]; again [secret]\n");
    expect(maskChunks(["hunter2"], ["hunter hunter"])).toBe("hunter hunter");
  });

  it("masks a secret split across chunk boundaries, byte by byte", () => {
    const text = "before hunter2 after";
    expect(maskChunks(["hunter2"], [...text])).toBe("before [secret] after");
    expect(maskChunks(["hunter2"], ["before hun", "ter2 after"])).toBe("before [secret] after");
  });

  it("does not mask secrets shorter than 3 characters", () => {
    expect(maskChunks(["ab", "xyz"], ["ab xyz"])).toBe("ab [secret]");
  });

  it("masks the longest of overlapping secrets", () => {
    expect(maskChunks(["abc", "abcdef"], ["xabcdefx abcx"])).toBe("x[secret]x [secret]x");
  });

  it("keeps multi-byte UTF-8 intact across chunks and masks non-ASCII secrets", () => {
    const bytes = Buffer.from("é→ pässwörd ←é", "utf8");
    const m = new SecretMasker(["pässwörd"]);
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(m.push(bytes.subarray(i, i + 1)));
    out.push(m.flush());
    expect(Buffer.concat(out).toString("utf8")).toBe("é→ [secret] ←é");
  });

  it("emits a held-back prefix at end of stream when the secret never completes", () => {
    expect(maskChunks(["hunter2"], ["x hunt"])).toBe("x hunt");
  });

  it("never lets a secret through, however the output is chunked (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 }), (pre, post, cuts) => {
        const secret = "s3cr3t!";
        const text = pre + secret + post;
        const chunks: string[] = [];
        let i = 0;
        for (const c of cuts) {
          if (i >= text.length) break;
          chunks.push(text.slice(i, i + c));
          i += c;
        }
        chunks.push(text.slice(i));
        const out = maskChunks([secret], chunks);
        expect(out).not.toContain(secret);
        expect(out).toContain("[secret]");
      }),
    );
  });
});
