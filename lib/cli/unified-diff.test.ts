import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./unified-diff";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "x", "y")).toBe("");
  });

  it("produces hunks that GNU patch applies", () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const b = a.replace("line 3\n", "line three\n").replace("line 20\n", "").replace("line 29\n", "line 29\nline 30\n");
    const diff = unifiedDiff(a, b, "a", "b");
    expect(diff).toContain("@@ -1,7 +1,7 @@");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-diff-"));
    fs.writeFileSync(path.join(dir, "f"), a);
    fs.writeFileSync(path.join(dir, "p"), diff);
    execFileSync("patch", ["-s", path.join(dir, "f"), path.join(dir, "p")]);
    expect(fs.readFileSync(path.join(dir, "f"), "utf8")).toBe(b);
    fs.rmSync(dir, { recursive: true });
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff('{\n  "a": 1\n}', '{\n  "a": 2\n}', "x", "y")).toBe('--- x\n+++ y\n@@ -1,3 +1,3 @@\n {\n-  "a": 1\n+  "a": 2\n }\n\\ No newline at end of file\n');
  });
});
