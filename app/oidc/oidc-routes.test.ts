// The issuer routes in a real `next start`: discovery and JWKS are served from the database the
// server uses, a token signed with the same keys (a second instance over that database) passes
// the AWS-like verification against the live server, and a rotation shows up in its JWKS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startServer, type TestServer } from "@/test/support/server";
import { createDb, type Db } from "@/lib/db/client";
import { resetMasterKeyCache } from "@/lib/crypto/master-key";
import { databaseSigningKeys } from "@/lib/oidc/default-signing-keys";
import { mintOidcToken } from "@/lib/oidc/mint-token";
import { verifyLikeAws } from "@/lib/oidc/verify-like-aws";

const masterKey = randomBytes(32).toString("base64");
let server: TestServer;
let db: Db;
let issuer: string;

beforeAll(async () => {
  process.env.ESC_MASTER_KEY = masterKey;
  resetMasterKeyCache();
  server = await startServer({ env: { ESC_MASTER_KEY: masterKey } });
  issuer = `${server.url}/oidc`;
  db = createDb(server.databaseUrl);
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

describe("OIDC routes on next start", () => {
  it("serve the discovery document for ESC_PUBLIC_URL/oidc", async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: [
        "iss",
        "aud",
        "sub",
        "iat",
        "nbf",
        "exp",
        "jti",
        "current_env",
        "root_env",
        "trigger_user",
      ],
      scopes_supported: ["openid"],
    });
  });

  it("publish the key another instance signs with, so AWS-like verification passes", async () => {
    const keys = databaseSigningKeys(db);
    const token = await mintOidcToken(
      {
        org: "contoso",
        project: "app",
        env: "dev",
        rootEnv: "app/dev",
        userLogin: "alice",
        audiencePrefix: "aws",
      },
      { keys, issuer },
    );
    const prefix = issuer.replace(/^https?:\/\//, "");
    const payload = await verifyLikeAws(token, {
      provider: { url: issuer, clientIds: ["aws:contoso"] },
      trustPolicy: {
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${prefix}` },
            Condition: {
              StringEquals: {
                [`${prefix}:aud`]: "aws:contoso",
                [`${prefix}:sub`]: "pulumi:environments:org:contoso:env:app/dev",
              },
            },
          },
        ],
      },
    });
    expect(payload.iss).toBe(issuer);
    const jwks = await (await fetch(`${issuer}/.well-known/jwks`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(["esc-1"]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"|"p"|"q"/);

    await keys.rotate();
    const rotated = await (await fetch(`${issuer}/.well-known/jwks`)).json();
    expect(rotated.keys.map((k: { kid: string }) => k.kid)).toEqual(["esc-2", "esc-1"]);
  });
});
