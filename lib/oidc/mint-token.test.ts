// Mints tokens and checks them the way AWS STS would, fetching discovery and JWKS over real HTTP
// from the same handler functions the Next.js routes serve.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { mintOidcToken, type MintOidcTokenRequest } from "./mint-token";
import { memorySigningKeys } from "./testing";
import { startTestIssuerServer, type TestIssuerServer } from "./test-issuer-server";
import { verifyLikeAws, type VerifyLikeAwsOptions } from "./verify-like-aws";
import { issuerConditionPrefix } from "./issuer-url";

const keys = memorySigningKeys();
let server: TestIssuerServer;
let prefix: string;

const request: MintOidcTokenRequest = {
  org: "contoso",
  project: "app",
  env: "dev",
  rootEnv: "app/dev",
  userLogin: "alice",
  audiencePrefix: "aws",
};
const expectedSub = "pulumi:environments:org:contoso:env:app/dev";

function trustPolicy(conditions: object) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${prefix}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: conditions,
      },
    ],
  };
}

function options(overrides: Partial<VerifyLikeAwsOptions> = {}): VerifyLikeAwsOptions {
  return {
    provider: { url: server.issuer, clientIds: ["aws:contoso"] },
    trustPolicy: trustPolicy({
      StringEquals: { [`${prefix}:aud`]: "aws:contoso", [`${prefix}:sub`]: expectedSub },
    }),
    ...overrides,
  };
}

const mint = (r: Partial<MintOidcTokenRequest> = {}, now?: Date) =>
  mintOidcToken({ ...request, ...r }, { keys, issuer: server.issuer, now: now ? () => now : undefined });

beforeAll(async () => {
  server = await startTestIssuerServer(keys);
  prefix = issuerConditionPrefix(server.issuer);
});
afterAll(() => server.close());

describe("mintOidcToken", () => {
  it("carries exactly the documented claims and a kid", async () => {
    const token = await mint({ lifetimeSeconds: 120 });
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(header.kid).toMatch(/^esc-\d+$/);
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(
      ["aud", "current_env", "exp", "iat", "iss", "jti", "nbf", "root_env", "sub", "trigger_user"].sort(),
    );
    expect(claims).toMatchObject({
      iss: server.issuer,
      aud: "aws:contoso",
      sub: expectedSub,
      current_env: "app/dev",
      root_env: "app/dev",
      trigger_user: "alice",
    });
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.jti).not.toBe(decodeJwt(await mint()).jti);
  });

  it("is accepted by an AWS-like verifier with StringEquals and StringLike trust conditions", async () => {
    const payload = await verifyLikeAws(await mint(), options());
    expect(payload.sub).toBe(expectedSub);
    const like = trustPolicy({
      StringLike: { [`${prefix}:sub`]: "pulumi:environments:org:contoso:env:app/*" },
    });
    await verifyLikeAws(await mint(), options({ trustPolicy: encodeURIComponent(JSON.stringify(like)) }));
  });

  it("is refused when tampered with", async () => {
    const token = await mint();
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = Buffer.from(
      JSON.stringify({ ...claims, sub: "pulumi:environments:org:contoso:env:app/prod" }),
    ).toString("base64url");
    await expect(verifyLikeAws(`${h}.${forged}.${s}`, options())).rejects.toThrow(
      /InvalidIdentityToken: the token signature is invalid/,
    );
    const flipped = s.slice(0, -2) + (s.endsWith("AA") ? "BB" : "AA");
    await expect(verifyLikeAws(`${h}.${p}.${flipped}`, options())).rejects.toThrow(/signature is invalid/);
    await expect(verifyLikeAws("not-a-jwt", options())).rejects.toThrow(/not a well-formed JWT/);
  });

  it("is refused when expired or not yet valid", async () => {
    const old = await mint({ lifetimeSeconds: 60 }, new Date(Date.now() - 10 * 60_000));
    await expect(verifyLikeAws(old, options())).rejects.toThrow(/ExpiredTokenException/);
    const future = await mint({}, new Date(Date.now() + 10 * 60_000));
    await expect(verifyLikeAws(future, options())).rejects.toThrow(
      /InvalidIdentityToken: Token not yet valid/,
    );
  });

  it("is refused when addressed to another audience, subject or issuer", async () => {
    await expect(verifyLikeAws(await mint({ org: "fabrikam" }), options())).rejects.toThrow(
      /Incorrect token audience/,
    );
    await expect(verifyLikeAws(await mint({ env: "prod" }), options())).rejects.toThrow(
      /AccessDenied: Not authorized/,
    );
    await expect(
      verifyLikeAws(
        await mint({ project: "default" }),
        options({ provider: { url: server.issuer, clientIds: ["contoso"] } }),
      ),
    ).rejects.toThrow(/AccessDenied/);
    await expect(
      verifyLikeAws(
        await mint(),
        options({ provider: { url: "https://other.example/oidc", clientIds: ["aws:contoso"] } }),
      ),
    ).rejects.toThrow(/No OpenIDConnect provider found/);
  });

  it("refuses bad lifetimes with a clear message", async () => {
    await expect(mint({ lifetimeSeconds: 0 })).rejects.toThrow(/between 1 and 3600/);
    await expect(mint({ lifetimeSeconds: 1e9 })).rejects.toThrow(/between 1 and 3600/);
  });

  it("serves the discovery document the verifier needs", async () => {
    const doc = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      issuer: server.issuer,
      jwks_uri: `${server.issuer}/.well-known/jwks`,
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid"],
    });
    expect(doc.claims_supported).toContain("sub");
  });
});
