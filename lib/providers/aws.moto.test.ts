// The AWS providers against moto: aws-login mints one of our OIDC tokens and exchanges it with
// STS for credentials that really list an S3 bucket; aws-secrets and aws-parameter-store read
// with those credentials. Moto does not check the token, so each minted token is also checked
// with verifyLikeAws against the IAM OIDC provider and trust policy registered in moto.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { LabelParameterVersionCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { PlainValue, ProviderCall, ProviderRegistry, Value } from "@/lib/esc/contract";
import { memorySigningKeys } from "@/lib/oidc/testing";
import { startTestIssuerServer, type TestIssuerServer } from "@/lib/oidc/test-issuer-server";
import { oidcTokenMinter } from "@/lib/oidc/token-minter";
import { issuerConditionPrefix } from "@/lib/oidc/issuer-url";
import { verifyLikeAws } from "@/lib/oidc/verify-like-aws";
import { checkEnvironment, openEnvironment, toJSON } from "@/lib/esc";
import { rot128 } from "@/lib/esc/testing/rot128";
import { createProviderRegistry } from "./registry";
import { startMoto, type Moto } from "./testing/moto";
import { startStsGate, type StsGate } from "./testing/sts-gate";

const ORG = "contoso";
const ROLE_ARN = "arn:aws:iam::123456789012:role/esc";
const REGION = "us-east-1";
const adminCredentials = { accessKeyId: "AKIAADMINEXAMPLE", secretAccessKey: "admin-secret" };

let moto: Moto;
let gate: StsGate;
let issuerServer: TestIssuerServer;
let providerArn: string;
const minted: string[] = [];

const call = (env = "app/dev"): ProviderCall => ({
  currentEnvironment: env,
  rootEnvironment: "app/root",
  executionContext: {},
});

const keys = memorySigningKeys();
let registry: ProviderRegistry;

/** The registry as the service builds it per open request, keeping each minted token for inspection. */
function buildRegistry(issuer: string): ProviderRegistry {
  const mint = oidcTokenMinter({ org: ORG, userLogin: "alice" }, { keys, issuer });
  return createProviderRegistry({
    awsTimeoutMs: 10_000,
    mintToken: async (c, prefix, attrs) => {
      const token = await mint(c, prefix, attrs);
      minted.push(token);
      return token;
    },
  });
}

/** Plain JSON of a Value, with the secret leaves listed separately. */
function unwrap(value: Value, path = "", secrets: string[] = []): { plain: PlainValue; secrets: string[] } {
  const v = value.value;
  if (value.secret) secrets.push(path);
  if (Array.isArray(v))
    return { plain: v.map((item, i) => unwrap(item, `${path}[${i}]`, secrets).plain), secrets };
  if (v !== null && typeof v === "object") {
    return {
      plain: Object.fromEntries(
        Object.entries(v).map(([k, item]) => [k, unwrap(item, path ? `${path}.${k}` : k, secrets).plain]),
      ),
      secrets,
    };
  }
  return { plain: v ?? null, secrets };
}

beforeAll(async () => {
  moto = await startMoto();
  gate = await startStsGate(moto.endpoint);
  // STS calls go through the AWS-like gate; everything else straight to moto.
  process.env.AWS_ENDPOINT_URL_STS = gate.endpoint;
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_REGION = REGION;
  issuerServer = await startTestIssuerServer(keys);
  registry = buildRegistry(issuerServer.issuer);

  const prefix = issuerConditionPrefix(issuerServer.issuer);
  const client = { region: REGION, endpoint: moto.endpoint, credentials: adminCredentials };
  const iam = new IAMClient(client);
  providerArn = (
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: issuerServer.issuer,
        ClientIDList: [`aws:${ORG}`],
        ThumbprintList: ["0".repeat(40)],
      }),
    )
  ).OpenIDConnectProviderArn!;
  await iam.send(
    new CreateRoleCommand({
      RoleName: "esc",
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${prefix}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { [`${prefix}:aud`]: `aws:${ORG}` },
              StringLike: { [`${prefix}:sub`]: `pulumi:environments:org:${ORG}:env:app/dev` },
            },
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "esc",
      PolicyName: "read",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:*", "secretsmanager:GetSecretValue", "ssm:GetParameters"],
            Resource: "*",
          },
        ],
      }),
    }),
  );
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: "esc-bucket" }));
  await s3.send(new PutObjectCommand({ Bucket: "esc-bucket", Key: "hello.txt", Body: "hi" }));
  const sm = new SecretsManagerClient(client);
  await sm.send(new CreateSecretCommand({ Name: "db-password", SecretString: "first-password" }));
  await sm.send(
    new PutSecretValueCommand({
      SecretId: "db-password",
      SecretString: "second-password",
      ClientRequestToken: "00000000-0000-4000-8000-000000000002",
    }),
  );
  await sm.send(new CreateSecretCommand({ Name: "app/json", SecretString: '{"user":"admin"}' }));
  const ssm = new SSMClient(client);
  await ssm.send(new PutParameterCommand({ Name: "/app/url", Type: "String", Value: "https://v1.example" }));
  await ssm.send(
    new PutParameterCommand({
      Name: "/app/url",
      Type: "String",
      Value: "https://v2.example",
      Overwrite: true,
    }),
  );
  await ssm.send(
    new LabelParameterVersionCommand({ Name: "/app/url", ParameterVersion: 1, Labels: ["stable"] }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: "/app/token", Type: "SecureString", Value: "s3cr3t-token" }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: "/app/hosts", Type: "StringList", Value: "a.example,b.example" }),
  );
});

afterAll(async () => {
  await issuerServer?.close();
  await gate?.close();
  await moto?.stop();
});

async function login(env = "app/dev"): Promise<Value> {
  const provider = registry.provider("aws-login")!;
  return provider.open(
    {
      oidc: {
        roleArn: ROLE_ARN,
        sessionName: "esc-session",
        duration: "1h",
        policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      },
    },
    call(env),
  );
}

async function awsVerification(token: string) {
  const iam = new IAMClient({ region: REGION, endpoint: moto.endpoint, credentials: adminCredentials });
  const registered = await iam.send(
    new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }),
  );
  const role = await iam.send(new GetRoleCommand({ RoleName: "esc" }));
  return verifyLikeAws(token, {
    provider: { url: registered.Url!, clientIds: registered.ClientIDList ?? [] },
    trustPolicy: role.Role!.AssumeRolePolicyDocument!,
  });
}

describe("aws-login (oidc) against moto", () => {
  it("opens to temporary credentials that list the bucket, from a token AWS would accept", async () => {
    const { plain, secrets } = unwrap(await login());
    const creds = plain as {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken: string;
      expiration: string;
    };
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(secrets.sort()).toEqual(["secretAccessKey", "sessionToken"]);
    expect(Date.parse(creds.expiration) - Date.now()).toBeGreaterThan(50 * 60_000);

    const payload = await awsVerification(minted.at(-1)!);
    expect(payload).toMatchObject({
      aud: "aws:contoso",
      sub: "pulumi:environments:org:contoso:env:app/dev",
      current_env: "app/dev",
      root_env: "app/root",
      trigger_user: "alice",
    });

    const { accessKeyId, secretAccessKey, sessionToken } = creds;
    const s3 = new S3Client({
      region: REGION,
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey, sessionToken },
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "esc-bucket" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["hello.txt"]);
  });

  it("a token for another environment is refused, naming the aud and sub the trust policy must allow", async () => {
    const prefix = issuerConditionPrefix(issuerServer.issuer);
    await expect(login("app/prod")).rejects.toThrow(
      `AWS refused to let this environment assume role ${ROLE_ARN}: the role does not exist or its trust policy does not allow this token. ` +
        `The trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal arn:aws:iam::123456789012:oidc-provider/${prefix} ` +
        `with the conditions "${prefix}:aud" = "aws:contoso" and "${prefix}:sub" = "pulumi:environments:org:contoso:env:app/prod".`,
    );
    await expect(awsVerification(minted.at(-1)!)).rejects.toThrow(/AccessDenied: Not authorized/);
  });

  it("a role that does not exist is refused", async () => {
    const open = registry
      .provider("aws-login")!
      .open({ oidc: { roleArn: "arn:aws:iam::123456789012:role/nope", sessionName: "esc-session" } }, call());
    await expect(open).rejects.toThrow(
      /assume role arn:aws:iam::123456789012:role\/nope: the role does not exist or its trust policy/,
    );
  });

  it("a duration above the role's maximum is refused", async () => {
    const open = registry
      .provider("aws-login")!
      .open({ oidc: { roleArn: ROLE_ARN, sessionName: "esc-session", duration: "2h" } }, call());
    await expect(open).rejects.toThrow(
      `the requested duration 2h is longer than role ${ROLE_ARN} allows; lower "duration" or raise the role's maximum session duration`,
    );
  });

  it("another organization's audience is refused", async () => {
    const mint = oidcTokenMinter(
      { org: "fabrikam", userLogin: "alice" },
      { keys, issuer: issuerServer.issuer },
    );
    const other = createProviderRegistry({ mintToken: mint, awsTimeoutMs: 10_000 });
    await expect(
      other.provider("aws-login")!.open({ oidc: { roleArn: ROLE_ARN, sessionName: "esc-session" } }, call()),
    ).rejects.toThrow(
      `the IAM OIDC identity provider for ${issuerServer.issuer} does not list the audience "aws:fabrikam": add it as an audience (client ID)`,
    );
  });

  it("an issuer that is not registered in the account is refused", async () => {
    const stranger = await startTestIssuerServer(memorySigningKeys());
    try {
      const mint = oidcTokenMinter({ org: ORG, userLogin: "alice" }, { keys, issuer: stranger.issuer });
      const other = createProviderRegistry({ mintToken: mint, awsTimeoutMs: 10_000 });
      await expect(
        other
          .provider("aws-login")!
          .open({ oidc: { roleArn: ROLE_ARN, sessionName: "esc-session" } }, call()),
      ).rejects.toThrow(
        `AWS account 123456789012 has no IAM OIDC identity provider for ${stranger.issuer}: create one with that provider URL and the audience "aws:contoso"`,
      );
    } finally {
      await stranger.close();
    }
  });

  it("a token signed with a key the issuer does not publish is refused", async () => {
    const mint = oidcTokenMinter(
      { org: ORG, userLogin: "alice" },
      { keys: memorySigningKeys(), issuer: issuerServer.issuer },
    );
    const other = createProviderRegistry({ mintToken: mint, awsTimeoutMs: 10_000 });
    await expect(
      other.provider("aws-login")!.open({ oidc: { roleArn: ROLE_ARN, sessionName: "esc-session" } }, call()),
    ).rejects.toThrow(/^AWS rejected the identity token \(the token signature is invalid\)/);
  });

  it("passes static credentials through with the secret parts marked", async () => {
    const value = await registry
      .provider("aws-login")!
      .open({ static: { accessKeyId: "AKIA1", secretAccessKey: "k", sessionToken: "t" } }, call());
    expect(unwrap(value)).toEqual({
      plain: { accessKeyId: "AKIA1", secretAccessKey: "k", sessionToken: "t" },
      secrets: ["secretAccessKey", "sessionToken"],
    });
  });

  it("refuses bad inputs with clear messages before calling AWS", async () => {
    const open = (inputs: { [key: string]: PlainValue }) =>
      registry.provider("aws-login")!.open(inputs, call());
    await expect(open({})).rejects.toThrow("aws-login needs exactly one of 'oidc' or 'static'");
    await expect(open({ oidc: { roleArn: "esc", sessionName: "s1" } })).rejects.toThrow(
      /is not an IAM role ARN/,
    );
    await expect(open({ oidc: { roleArn: ROLE_ARN, sessionName: "x" } })).rejects.toThrow(
      /sessionName must be 2 to 64/,
    );
    await expect(
      open({ oidc: { roleArn: ROLE_ARN, sessionName: "s1", duration: "forever" } }),
    ).rejects.toThrow(/invalid duration "forever"/);
    await expect(open({ oidc: { roleArn: ROLE_ARN, sessionName: "s1", duration: "24h" } })).rejects.toThrow(
      /between 15m and 12h/,
    );
    await expect(
      open({ oidc: { roleArn: ROLE_ARN, sessionName: "s1", subjectAttributes: ["email"] } }),
    ).rejects.toThrow(/unknown subject attribute "email"/);
  });
});

describe("aws-secrets and aws-parameter-store against moto", () => {
  it("reads secrets by id, version stage and version id, all marked secret", async () => {
    const creds = unwrap(await login()).plain;
    const value = await registry.provider("aws-secrets")!.open(
      {
        region: REGION,
        login: creds,
        get: {
          current: { secretId: "db-password" },
          previous: { secretId: "db-password", versionStage: "AWSPREVIOUS" },
          byId: { secretId: "db-password", versionId: "00000000-0000-4000-8000-000000000002" },
          json: { secretId: "app/json" },
          ...JSON.parse('{"__proto__": {"secretId": "db-password"}}'),
        },
      },
      call(),
    );
    const { plain, secrets } = unwrap(value);
    // Entries, so that a `__proto__` key is seen as the data it is.
    expect(Object.entries(plain as object)).toEqual([
      ["current", "second-password"],
      ["previous", "first-password"],
      ["byId", "second-password"],
      ["json", '{"user":"admin"}'],
      ["__proto__", "second-password"],
    ]);
    expect(secrets).toEqual(["current", "previous", "byId", "json", "__proto__"]);
  });

  it("names the missing secret and the region", async () => {
    const creds = unwrap(await login()).plain;
    const open = registry
      .provider("aws-secrets")!
      .open({ region: REGION, login: creds, get: { x: { secretId: "nope" } } }, call());
    await expect(open).rejects.toThrow(
      'get.x: AWS Secrets Manager has no secret "nope" in region "us-east-1"; check the name and the region',
    );
  });

  it("reads parameters with decryption, selectors and StringList arrays, all marked secret", async () => {
    const creds = unwrap(await login()).plain;
    const value = await registry.provider("aws-parameter-store")!.open(
      {
        region: REGION,
        login: creds,
        get: {
          url: { name: "/app/url" },
          v1: { name: "/app/url:1" },
          stable: { name: "/app/url:stable" },
          token: { name: "/app/token" },
          raw: { name: "/app/token", decrypt: false },
          hosts: { name: "/app/hosts" },
        },
      },
      call(),
    );
    const { plain, secrets } = unwrap(value);
    expect(plain).toMatchObject({
      url: "https://v2.example",
      v1: "https://v1.example",
      stable: "https://v1.example",
      token: "s3cr3t-token",
      hosts: ["a.example", "b.example"],
    });
    expect((plain as { raw: string }).raw).not.toBe("s3cr3t-token");
    expect(secrets.sort()).toEqual(["hosts[0]", "hosts[1]", "raw", "stable", "token", "url", "v1"]);
  });

  it("names missing parameters", async () => {
    const creds = unwrap(await login()).plain;
    const open = registry
      .provider("aws-parameter-store")!
      .open({ login: creds, get: { a: { name: "/app/url" }, b: { name: "/missing" } } }, call());
    await expect(open).rejects.toThrow('has no parameter "/missing" in region "us-east-1"');
  });
});

describe("the evaluator with these providers", () => {
  const yaml = `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          duration: 1h
          roleArn: ${ROLE_ARN}
          sessionName: esc-session
    secrets:
      fn::open::aws-secrets:
        region: ${REGION}
        login: \${aws.login}
        get:
          db: { secretId: db-password }
    params:
      fn::open::aws-parameter-store:
        region: ${REGION}
        login: \${aws.login}
        get:
          hosts: { name: /app/hosts }
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
    DB_PASSWORD: \${aws.secrets.db}
`;
  const options = () => ({
    name: "app/dev",
    providers: registry,
    loader: { load: async () => Promise.reject(new Error("no imports here")) },
    crypter: rot128,
  });

  it("opens the documented environment to credentials, secrets and parameters", async () => {
    const result = await openEnvironment(yaml, options());
    expect(result.diagnostics).toEqual([]);
    const props = result.environment!.properties!;
    const vars = toJSON(props.environmentVariables, false) as Record<string, string>;
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(vars.AWS_SECRET_ACCESS_KEY.length).toBeGreaterThan(10);
    expect(vars.AWS_SESSION_TOKEN.length).toBeGreaterThan(10);
    expect(vars.DB_PASSWORD).toBe("second-password");
    expect(toJSON(props.environmentVariables, true)).toMatchObject({
      AWS_SECRET_ACCESS_KEY: "[secret]",
      AWS_SESSION_TOKEN: "[secret]",
      DB_PASSWORD: "[secret]",
    });
    expect(toJSON(props.aws, false)).toMatchObject({ params: { hosts: ["a.example", "b.example"] } });
    expect(decodeJwt(minted.at(-1)!).sub).toBe("pulumi:environments:org:contoso:env:app/dev");
  });

  it("checks without calling AWS: outputs are unknown and typed by the output schemas", async () => {
    const before = minted.length;
    const result = await checkEnvironment(yaml, options());
    expect(result.diagnostics).toEqual([]);
    expect(minted.length).toBe(before);
    const login = result.environment!.properties!.aws.value as Record<string, Value>;
    expect(login.login.unknown).toBe(true);
    expect(toJSON(result.environment!.properties!.environmentVariables, false)).toMatchObject({
      AWS_ACCESS_KEY_ID: "[unknown]",
    });
  });

  it("reports invalid inputs through the input schema, and provider failures as diagnostics", async () => {
    const bad = `values:
  login:
    fn::open::aws-login:
      oidc: { roleArn: 42, sessionName: esc-session }
`;
    const checked = await checkEnvironment(bad, options());
    expect(checked.diagnostics.map((d) => d.summary)).toContain("expected string, got number");
    const failing = `values:
  s:
    fn::open::aws-secrets:
      region: ${REGION}
      login: { accessKeyId: a, secretAccessKey: b }
      get: { x: { secretId: missing } }
`;
    const opened = await openEnvironment(failing, options());
    expect(opened.diagnostics.map((d) => d.summary)).toEqual([
      'get.x: AWS Secrets Manager has no secret "missing" in region "us-east-1"; check the name and the region',
    ]);
  });
});
