// The product's headline journey, end to end with real parts only, as docs/aws.md tells a user:
// a real server (scripts/serve.mjs), `npm run admin` for the user/org/token, the AWS setup done with the real
// `aws` CLI against moto, the environment saved with the real `esc` CLI, and finally
// `esc env run … -i -- aws s3 ls` listing the bucket with no AWS credentials configured locally.
//
// STS calls of the server go through a token recorder (to capture the minted token) and then the
// AWS-like gate (lib/providers/testing/sts-gate.ts: moto itself checks nothing), so the trust
// policy, the audience, the signature against the live JWKS and the role's maximum session
// duration are enforced as AWS would.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetOpenIDConnectProviderCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsLikeRejection, verifyLikeAws } from "@/lib/oidc/verify-like-aws";
import { startMoto, type Moto } from "@/lib/providers/testing/moto";
import { startStsGate, type StsGate } from "@/lib/providers/testing/sts-gate";
import { startServer, type TestServer } from "../support/server";
import { ensureCliBuilt, escEnv, root, runEsc, type EscResult } from "../cli/run-esc";
import { snapshotBuild, type BuildSnapshot } from "./build-snapshot";
import { startTokenRecorder, type TokenRecorder } from "./token-recorder";

const ORG = "acme";
const ENV = `${ORG}/aws/dev`;
const ACCOUNT = "123456789012"; // moto's account
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/esc-${ORG}`;
const BUCKET = "acme-journey-bucket";
const OBJECT_TEXT = "hello from moto";
const DB_PASSWORD = "db-pa55word-from-secrets-manager";
// Not a URL: awscli v1 would fetch an http(s) parameter value instead of storing it.
const API_HOST = "api.internal.example:8443";

let moto: Moto;
let gate: StsGate;
let recorder: TokenRecorder;
let snapshot: BuildSnapshot;
let server: TestServer;
let work: string;
let issuer: string;
let esc: Record<string, string | undefined>;
let iam: IAMClient;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the event loop (a blocked loop misses the server closing an
 * idle keep-alive connection, and the next fetch fails on the dead socket).
 */
function run(
  cmd: string,
  args: string[],
  opts: { env: Record<string, string | undefined>; cwd?: string; input?: string },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? root,
      env: opts.env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs `npm run -s admin -- …` against the server's database, as the README shows. */
async function npmAdmin(args: string[], input = ""): Promise<string> {
  const r = await run("npm", ["run", "-s", "admin", "--", ...args], {
    input,
    env: { ...process.env, DATABASE_URL: server.databaseUrl, ESC_DATA_DIR: server.dataDir },
  });
  if (r.status !== 0) throw new Error(`npm run admin ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

/** The user's own shell: isolated HOME, moto as the AWS endpoint, and no AWS keys at all. */
function userShellEnv(): Record<string, string | undefined> {
  return {
    HOME: path.join(work, "home"),
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: path.join(work, "home", "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, "home", "no-aws-credentials"),
  };
}

/** Runs the real `aws` CLI as an account administrator would, against moto. */
async function aws(args: string[]): Promise<string> {
  const r = await run("aws", [...args, "--output", "json"], {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      ...userShellEnv(),
      // The administrator's own keys (moto accepts any); the esc user never has these.
      AWS_ACCESS_KEY_ID: "AKIAADMINEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "admin-secret",
    },
  });
  if (r.status !== 0) throw new Error(`aws ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const writeFile = (name: string, content: string) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
};

function definition(roleArn: string, duration: string): string {
  return `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          duration: ${duration}
          roleArn: ${roleArn}
          sessionName: esc-session
    secrets:
      fn::open::aws-secrets:
        region: us-east-1
        login: \${aws.login}
        get:
          dbPassword: { secretId: ${ORG}/db-password }
    params:
      fn::open::aws-parameter-store:
        region: us-east-1
        login: \${aws.login}
        get:
          apiHost: { name: /${ORG}/api-host }
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
    DB_PASSWORD: \${aws.secrets.dbPassword}
`;
}

/** Failures are one actionable message: no stack trace, no token, nothing secret. */
function expectCleanFailure(r: EscResult, recorded: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/eyJ[\w-]{10,}/);
  for (const token of recorded) expect(r.stderr).not.toContain(token);
  expect(r.stderr).not.toContain(DB_PASSWORD);
}

beforeAll(async () => {
  ensureCliBuilt();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "esc-aws-journey-"));
  fs.mkdirSync(path.join(work, "home"));
  moto = await startMoto();
  gate = await startStsGate(moto.endpoint);
  recorder = await startTokenRecorder(gate.endpoint);
  // The server reaches AWS through moto; STS through the recorder → gate → moto.
  // From a private copy of the build: a rebuild by another test would break this long run midway.
  snapshot = snapshotBuild();
  server = await startServer({
    projectDir: snapshot.dir,
    env: {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_STS: recorder.endpoint,
      AWS_REGION: "us-east-1",
    },
  });
  issuer = `${server.url}/oidc`; // ESC_PUBLIC_URL is the server's own loopback URL
  iam = new IAMClient({
    region: "us-east-1",
    endpoint: moto.endpoint,
    credentials: { accessKeyId: "AKIAADMINEXAMPLE", secretAccessKey: "admin-secret" },
  });
}, 900_000);

afterAll(async () => {
  iam?.destroy();
  await server?.stop();
  snapshot?.remove();
  await recorder?.close();
  await gate?.close();
  await moto?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("dynamic AWS credentials, end to end", () => {
  let token: string;
  /** The identity token the server sent to STS during `esc env open`. */
  let openToken: string;

  it("creates the user, organization and token with npm run admin", async () => {
    expect(
      await npmAdmin(
        ["user", "create", "--email", "alice@example.com", "--name", "Alice", "--password-stdin"],
        "correct horse battery staple\n",
      ),
    ).toBe("created user alice@example.com (login alice)");
    await npmAdmin(["org", "create", "--name", ORG, "--owner", "alice@example.com"]);
    token = await npmAdmin([
      "token",
      "create",
      "--email",
      "alice@example.com",
      "--description",
      "aws journey",
    ]);
    // Only the token on stdout, so TOKEN=$(npm run -s admin -- token create …) works.
    expect(token).toMatch(/^\S+$/);
    esc = escEnv(server.url, token, userShellEnv());
  }, 120_000);

  it("serves the issuer at ESC_PUBLIC_URL/oidc", async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`).catch((e: Error) => {
      throw new Error(`${e.message}; server output:\n${server.output()}`);
    });
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
  });

  it("sets up AWS with the aws CLI: OIDC provider, role, policy, bucket, secret, parameter", async () => {
    const prefix = issuer.replace(/^https?:\/\//, "");
    await aws(["iam", "create-open-id-connect-provider", "--url", issuer, "--client-id-list", `aws:${ORG}`]);
    writeFile(
      "trust.json",
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${prefix}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { [`${prefix}:aud`]: `aws:${ORG}` },
              StringLike: { [`${prefix}:sub`]: `pulumi:environments:org:${ORG}:env:aws/*` },
            },
          },
        ],
      }),
    );
    const role = JSON.parse(
      await aws([
        "iam",
        "create-role",
        "--role-name",
        `esc-${ORG}`,
        "--assume-role-policy-document",
        "file://trust.json",
      ]),
    );
    expect(role.Role.Arn).toBe(ROLE_ARN);
    writeFile(
      "policy.json",
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:*", "secretsmanager:GetSecretValue", "ssm:GetParameters"],
            Resource: "*",
          },
        ],
      }),
    );
    await aws([
      "iam",
      "put-role-policy",
      "--role-name",
      `esc-${ORG}`,
      "--policy-name",
      "esc-access",
      "--policy-document",
      "file://policy.json",
    ]);
    await aws(["s3", "mb", `s3://${BUCKET}`]);
    writeFile("hello.txt", OBJECT_TEXT);
    await aws(["s3", "cp", "hello.txt", `s3://${BUCKET}/hello.txt`]);
    await aws([
      "secretsmanager",
      "create-secret",
      "--name",
      `${ORG}/db-password`,
      "--secret-string",
      DB_PASSWORD,
    ]);
    await aws([
      "ssm",
      "put-parameter",
      "--name",
      `/${ORG}/api-host`,
      "--type",
      "String",
      "--value",
      API_HOST,
    ]);
  }, 120_000);

  it("has no AWS credentials in the user's shell", async () => {
    const r = await run("aws", ["s3", "ls"], { env: { PATH: process.env.PATH, ...userShellEnv() } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Unable to locate credentials");
  });

  it("saves the environment with esc env init and esc env edit", async () => {
    expect((await runEsc(["env", "init", ENV], { env: esc })).stdout).toBe(`Environment created: ${ENV}\n`);
    const file = writeFile("dev.yaml", definition(ROLE_ARN, "1h"));
    const editor = writeFile("editor.sh", `#!/bin/sh\ncat '${file}' > "$1"\n`);
    fs.chmodSync(editor, 0o755);
    const edit = await runEsc(["env", "edit", ENV], { env: { ...esc, EDITOR: editor } });
    expect(edit.stderr).toBe("");
    expect(edit.code).toBe(0);
    const saved = await runEsc(["env", "get", ENV, "--definition"], { env: esc });
    expect(saved.stdout).toContain(`roleArn: ${ROLE_ARN}`);
    expect(saved.stdout).toContain("fn::open::aws-secrets");
  });

  it("esc env run -i -- aws s3 ls lists the bucket", async () => {
    const ls = await runEsc(["env", "run", ENV, "-i", "--", "aws", "s3", "ls"], { env: esc });
    expect(ls.stderr).toBe("");
    expect(ls.stdout).toMatch(new RegExp(`^\\S+ \\S+ ${BUCKET}$`, "m"));
    expect(ls.code).toBe(0);
    const cat = await runEsc(
      ["env", "run", ENV, "-i", "--", "aws", "s3", "cp", `s3://${BUCKET}/hello.txt`, "-"],
      { env: esc },
    );
    expect(cat.stdout).toBe(OBJECT_TEXT);
    expect(cat.code).toBe(0);
  }, 60_000);

  it("masks the secrets without -i", async () => {
    const r = await runEsc(
      ["env", "run", ENV, "--", "sh", "-c", 'echo "$AWS_SECRET_ACCESS_KEY"; echo "$DB_PASSWORD"'],
      { env: esc },
    );
    expect(r.stdout).toBe("[secret]\n[secret]\n");
    expect(r.code).toBe(0);
  });

  it("esc env open shows the secret values and esc env get does not", async () => {
    const before = recorder.tokens.length;
    const open = await runEsc(["env", "open", ENV], { env: esc });
    expect(open.code).toBe(0);
    // One open, one token exchanged at STS (kept for the next test), and the token itself is not printed.
    expect(recorder.tokens.length).toBe(before + 1);
    openToken = recorder.tokens.at(-1)!;
    expect(open.stdout + open.stderr).not.toContain(openToken);
    const values = JSON.parse(open.stdout);
    expect(values.aws.secrets.dbPassword).toBe(DB_PASSWORD);
    expect(values.aws.params.apiHost).toBe(API_HOST);
    const { accessKeyId, secretAccessKey, sessionToken } = values.aws.login;
    expect(values.environmentVariables).toMatchObject({
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      DB_PASSWORD,
    });
    expect(secretAccessKey).toMatch(/^[\w/+=]{16,}$/);
    expect(sessionToken).toMatch(/^\S{16,}$/);

    const get = await runEsc(["env", "get", ENV], { env: esc });
    expect(get.code).toBe(0);
    expect(get.stdout).toContain("fn::open::aws-login");
    for (const secret of [DB_PASSWORD, secretAccessKey, sessionToken])
      expect(get.stdout).not.toContain(secret);
    // Getting only checks the environment, which never calls AWS.
    expect(recorder.tokens.length).toBe(before + 1);
  });

  it("minted a token that verifies like AWS against the live discovery document and JWKS", async () => {
    const provider = await iam.send(
      new GetOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer.replace(/^https?:\/\//, "")}`,
      }),
    );
    const role = await iam.send(new GetRoleCommand({ RoleName: `esc-${ORG}` }));
    const registered = { url: provider.Url!, clientIds: provider.ClientIDList ?? [] };
    const claims = await verifyLikeAws(openToken, {
      provider: registered,
      trustPolicy: role.Role!.AssumeRolePolicyDocument!,
    });
    expect(claims).toMatchObject({
      iss: issuer,
      aud: `aws:${ORG}`,
      sub: `pulumi:environments:org:${ORG}:env:aws/dev`,
      current_env: "aws/dev",
      root_env: "aws/dev",
      trigger_user: "alice",
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);

    // The same token under a policy for another environment is refused, so the check has teeth.
    const prefix = issuer.replace(/^https?:\/\//, "");
    const otherEnv = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    otherEnv.Statement[0].Condition.StringLike[`${prefix}:sub`] =
      `pulumi:environments:org:${ORG}:env:aws/prod`;
    await expect(
      verifyLikeAws(openToken, { provider: registered, trustPolicy: otherEnv }),
    ).rejects.toBeInstanceOf(AwsLikeRejection);
  });

  it("a role that does not exist: esc fails with the trust-policy hint", async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/does-not-exist`;
    const file = writeFile("missing-role.yaml", definition(missing, "1h"));
    expect((await runEsc(["env", "init", `${ORG}/aws/missing-role`, "-f", file], { env: esc })).code).toBe(0);
    const before = recorder.tokens.length;
    const r = await runEsc(["env", "open", `${ORG}/aws/missing-role`], { env: esc });
    expectCleanFailure(r, recorder.tokens);
    expect(recorder.tokens.length).toBe(before + 1);
    expect(r.stderr).toContain(`AWS refused to let this environment assume role ${missing}`);
    expect(r.stderr).toContain(`"pulumi:environments:org:${ORG}:env:aws/missing-role"`);
    expect(r.stderr).toContain(`"aws:${ORG}"`);
  });

  it("a duration above the role's maximum: esc env run fails before running anything", async () => {
    const file = writeFile("too-long.yaml", definition(ROLE_ARN, "2h"));
    expect((await runEsc(["env", "init", `${ORG}/aws/too-long`, "-f", file], { env: esc })).code).toBe(0);
    const marker = path.join(work, "ran");
    const r = await runEsc(["env", "run", `${ORG}/aws/too-long`, "--", "touch", marker], { env: esc });
    expectCleanFailure(r, recorder.tokens);
    expect(r.stderr).toContain(`the requested duration 2h is longer than role ${ROLE_ARN} allows`);
    expect(fs.existsSync(marker)).toBe(false);
  });
});
