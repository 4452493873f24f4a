import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import {
  parseEnvironmentRef,
  validateEnvironmentName,
  validateEnvironmentTag,
  validateOrgName,
  validateProjectName,
  validateRevisionTagName,
} from "./names";

const rejects = (fn: () => unknown, message?: RegExp) => {
  expect(fn).toThrow(ValidationError);
  if (message) expect(fn).toThrow(message);
};

describe("name rules", () => {
  it("organization: 3–40 of [A-Za-z0-9-_], alphanumeric at both ends", () => {
    for (const ok of ["abc", "Acme-Corp_2", "a".repeat(40), "a-b"]) expect(validateOrgName(ok)).toBe(ok);
    for (const bad of ["ab", "a".repeat(41), "-abc", "abc_", "a.b", "a b", "", "ünicode"])
      rejects(() => validateOrgName(bad));
    rejects(() => validateOrgName(undefined), /must be a string/);
    rejects(() => validateOrgName({ toString: () => "acme" }), /must be a string/);
  });

  it("project: 1–100 of [A-Za-z0-9-_.], `default` accepted, no leading dot", () => {
    for (const ok of ["default", "p", "my.project-1_x", "p".repeat(100)])
      expect(validateProjectName(ok)).toBe(ok);
    for (const bad of ["", ".hidden", "..", "a/b", "p".repeat(101), "sp ace"])
      rejects(() => validateProjectName(bad));
  });

  it("environment: 1–100 chars, not starting with `.`, `..`, `open` or `yaml`", () => {
    for (const ok of ["dev", "prod.eu", "my-openid", "o", "e".repeat(100)])
      expect(validateEnvironmentName(ok)).toBe(ok);
    rejects(() => validateEnvironmentName("open"), /'open'/);
    rejects(() => validateEnvironmentName("opener"), /'open'/);
    rejects(() => validateEnvironmentName("yaml-x"), /'yaml'/);
    rejects(() => validateEnvironmentName(".x"), /'\.'/);
    rejects(() => validateEnvironmentName(".."));
    for (const bad of ["", "a/b", "e".repeat(101), "tab\t", "x\n"])
      rejects(() => validateEnvironmentName(bad));
  });

  it("revision tags are names, never numbers; environment tags are bounded text", () => {
    expect(validateRevisionTagName("stable")).toBe("stable");
    rejects(() => validateRevisionTagName("12"), /number/);
    rejects(() => validateRevisionTagName("has space"));
    expect(validateEnvironmentTag("owner", "")).toEqual({ name: "owner", value: "" });
    rejects(() => validateEnvironmentTag(" ", "x"));
    rejects(() => validateEnvironmentTag("k", "v".repeat(1025)));
    rejects(() => validateEnvironmentTag("k", 5));
  });

  it("import references: `env` is in project `default`, `project/env` otherwise", () => {
    expect(parseEnvironmentRef("dev")).toEqual({ project: "default", name: "dev" });
    expect(parseEnvironmentRef("app/dev")).toEqual({ project: "app", name: "dev" });
    rejects(() => parseEnvironmentRef("a/b/c"), /"env" or "project\/env"/);
    rejects(() => parseEnvironmentRef("app/open"));
    rejects(() => parseEnvironmentRef("x".repeat(5000)));
  });
});
