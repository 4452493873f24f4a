import { describe, expect, it } from "vitest";
import { parseEnvName, resolveExisting, resolveNew, type NameContext } from "./names";
import type { EnvRef } from "./types";

function ctx(existing: string[], opts: { orgs?: string[]; projects?: string[] } = {}) {
  const warnings: string[] = [];
  const c: NameContext = {
    defaultOrg: async () => "me",
    exists: async (r: EnvRef) => existing.includes(`${r.org}/${r.project}/${r.env}`),
    isOrg: async (n) => (opts.orgs ?? []).includes(n),
    projectExists: async (_org, p) => (opts.projects ?? []).includes(p),
    warn: (m) => warnings.push(m),
  };
  return { c, warnings };
}

describe("parseEnvName", () => {
  it("splits parts and the version (@ or :)", () => {
    expect(parseEnvName("a/b/c@3")).toEqual({ parts: ["a", "b", "c"], version: "3" });
    expect(parseEnvName("b/c:stable")).toEqual({ parts: ["b", "c"], version: "stable" });
    expect(parseEnvName("c")).toEqual({ parts: ["c"], version: undefined });
  });

  it("rejects empty names, empty versions, too many parts and odd characters", () => {
    expect(() => parseEnvName("")).toThrow("no environment specified");
    expect(() => parseEnvName("a/b@")).toThrow(/empty version/);
    expect(() => parseEnvName("a/b/c/d")).toThrow(/expected \[<org>\/\]/);
    expect(() => parseEnvName("a//b")).toThrow(/each part/);
    expect(() => parseEnvName("a/b c")).toThrow(/each part/);
  });
});

describe("resolveExisting", () => {
  it("uses the default org and project default for one part, and takes three parts literally", async () => {
    const { c } = ctx([]);
    expect(await resolveExisting("env", c)).toEqual({
      org: "me",
      project: "default",
      env: "env",
      version: undefined,
    });
    expect(await resolveExisting("o/p/e@2", c)).toEqual({ org: "o", project: "p", env: "e", version: "2" });
  });

  it("prefers the project form for two parts", async () => {
    const { c, warnings } = ctx(["me/proj/env"]);
    expect(await resolveExisting("proj/env", c)).toMatchObject({ org: "me", project: "proj", env: "env" });
    expect(warnings).toEqual([]);
  });

  it("falls back to the legacy org/default/env form with a warning when only that exists", async () => {
    const { c, warnings } = ctx(["org/default/env"]);
    expect(await resolveExisting("org/env", c)).toMatchObject({ org: "org", project: "default", env: "env" });
    expect(warnings[0]).toBe(
      'warning: environment reference "org/env" is ambiguous (resolved to org/default/env). Use <org>/<project>/<environment> instead.',
    );
  });

  it("refuses when both readings exist", async () => {
    const { c } = ctx(["me/x/env", "x/default/env"]);
    await expect(resolveExisting("x/env", c)).rejects.toThrow(/ambiguous path/);
  });

  it("uses the project form when neither exists (so the error names the likelier one)", async () => {
    const { c } = ctx([]);
    expect(await resolveExisting("x/env", c)).toMatchObject({ org: "me", project: "x" });
  });
});

describe("resolveNew", () => {
  it("treats a/b as org/default/b with a warning when a is an org and not a project", async () => {
    const { c, warnings } = ctx([], { orgs: ["test-org"] });
    expect(await resolveNew("test-org/ambiguous", c)).toMatchObject({
      org: "test-org",
      project: "default",
      env: "ambiguous",
    });
    expect(warnings[0]).toContain("resolved to test-org/default/ambiguous");
  });

  it("reads <default org>/env as that org's default project, not a project named after the org", async () => {
    const { c } = ctx([], { orgs: ["me"] });
    expect(await resolveNew("me/dev", c)).toMatchObject({ org: "me", project: "default", env: "dev" });
  });

  it("treats a/b as project/env otherwise", async () => {
    const { c } = ctx([], { orgs: ["test-org"], projects: ["test-org"] });
    expect(await resolveNew("test-org/x", c)).toMatchObject({ org: "me", project: "test-org", env: "x" });
    expect(await resolveNew("proj/x", ctx([]).c)).toMatchObject({ org: "me", project: "proj", env: "x" });
  });
});
