import { describe, expect, it } from "vitest";
import { identityClaims } from "./claims";

const base = {
  org: "contoso",
  project: "project",
  env: "development",
  rootEnv: "app/prod",
  userLogin: "personA",
  audiencePrefix: "aws",
};

describe("identityClaims", () => {
  it("uses aws:<org> and the project/env subject", () => {
    expect(identityClaims(base)).toEqual({
      aud: "aws:contoso",
      sub: "pulumi:environments:org:contoso:env:project/development",
      current_env: "project/development",
      root_env: "app/prod",
      trigger_user: "personA",
    });
  });

  it("uses the bare org and env name in the default project", () => {
    const claims = identityClaims({ ...base, project: "default", rootEnv: "default/base" });
    expect(claims.aud).toBe("contoso");
    expect(claims.sub).toBe("pulumi:environments:org:contoso:env:development");
    expect(claims.root_env).toBe("base");
  });

  it("builds the subjectAttributes subject in the order given", () => {
    const claims = identityClaims({
      ...base,
      subjectAttributes: ["currentEnvironment.name", "pulumi.user.login"],
    });
    expect(claims.sub).toBe(
      "pulumi:environments:pulumi.organization.login:contoso:currentEnvironment.name:project/development:pulumi.user.login:personA",
    );
    const all = identityClaims({
      ...base,
      subjectAttributes: ["rootEnvironment.name", "pulumi.organization.login"],
    });
    expect(all.sub).toBe(
      "pulumi:environments:pulumi.organization.login:contoso:rootEnvironment.name:app/prod:pulumi.organization.login:contoso",
    );
  });

  it("refuses unknown attributes and malformed names with a clear message", () => {
    expect(() => identityClaims({ ...base, subjectAttributes: ["email"] })).toThrow(
      /unknown subject attribute "email"; allowed: rootEnvironment.name/,
    );
    expect(() => identityClaims({ ...base, org: "" })).toThrow(/org must be a non-empty name/);
    expect(() => identityClaims({ ...base, env: "a:b" })).toThrow(/env must be/);
    expect(() => identityClaims({ ...base, userLogin: "x".repeat(10_000) })).toThrow(/userLogin must be/);
  });
});
