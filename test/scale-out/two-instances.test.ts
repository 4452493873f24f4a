// Scale-out: two server instances over one PostgreSQL database, sharing only
// AUTH_SECRET, ESC_MASTER_KEY and ESC_PUBLIC_URL. Whatever one instance writes or signs, the
// other reads and verifies; concurrent writers through both are serialised by the database; and
// both log one JSON line per API request with no credential or secret in it.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";
import { migrationsDir } from "@/lib/db/migrate";

const root = path.resolve(__dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const postgresServer = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// What AWS would reach: a load balancer in front of both instances. Nothing listens there; the
// test points discovery at instance B instead.
const PUBLIC_URL = "http://esc.test";
const SECRET = `s3cr3t-${randomBytes(8).toString("hex")}`;
const PASSWORD = "correct horse battery staple";

let dbName: string;
let databaseUrl: string;
let migrated: string[][];
let a: TestServer;
let b: TestServer;
let token: string;

async function adminQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs the start-up migration step in a separate process; resolves with what it applied. */
function migrateInChild(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(__dirname, "migrate-once.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!))
        : reject(new Error(`migrate failed: ${err}`)),
    );
  });
}

const api = (server: TestServer, p: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/esc/environments/acme${p}`, {
    ...init,
    headers: { Authorization: `token ${token}`, ...(init.headers as Record<string, string>) },
  });

beforeAll(async () => {
  dbName = `esc_scale_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(postgresServer, `CREATE DATABASE "${dbName}"`);
  const u = new URL(postgresServer);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();

  // Both instances start at once, so both run the start-up migrations against the empty database.
  migrated = await Promise.all([migrateInChild(), migrateInChild()]);

  const env = {
    DATABASE_URL: databaseUrl,
    ESC_PUBLIC_URL: PUBLIC_URL,
    ESC_MASTER_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ESC_LOG_LEVEL: "info",
  };
  [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  // The test process seals the org's data key too: same master key as the servers.
  process.env.ESC_MASTER_KEY = env.ESC_MASTER_KEY;
  token = await seedUserWithOrg({ databaseUrl, dataDir: a.dataDir }, "scaleuser", "acme");
  // Generous: startServer rebuilds first when sources changed, and builds queue on a shared lock.
}, 900_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (dbName) await adminQuery(postgresServer, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
});

describe("two instances over one PostgreSQL", () => {
  it("applied each migration exactly once although both instances migrated at the same time", async () => {
    const dir = migrationsDir("postgresql", root);
    const all = readdirSync(dir).filter((n) => existsSync(path.join(dir, n, "migration.sql")));
    expect([...migrated[0], ...migrated[1]].sort()).toEqual(all.sort());
    const rows = await adminQuery<{ migration_name: string }>(
      databaseUrl,
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual(all.sort());
  });

  it("reads on B what was saved on A, and opens it on either", async () => {
    expect(
      (await api(a, "", { method: "POST", body: JSON.stringify({ project: "app", name: "dev" }) })).status,
    ).toBe(200);
    const yaml = `values:\n  greeting: hello\n  password:\n    fn::secret: ${SECRET}\n`;
    expect((await api(a, "/app/dev", { method: "PATCH", body: yaml })).status).toBe(200);

    const read = await api(b, "/app/dev");
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(text).toContain("greeting: hello");
    expect(text).not.toContain(SECRET); // stored sealed, shown as ciphertext

    const openedOnB = await api(b, "/app/dev/open", { method: "POST" });
    expect(openedOnB.status).toBe(200);
    const valuesOnB = await (await api(b, `/app/dev/open/${(await openedOnB.json()).id}`)).json();
    expect(JSON.stringify(valuesOnB)).toContain(SECRET);

    // An open session created on A is served by B.
    const openedOnA = await api(a, "/app/dev/open", { method: "POST" });
    const { id } = await openedOnA.json();
    const fromB = await api(b, `/app/dev/open/${id}`);
    expect(fromB.status).toBe(200);
    expect(JSON.stringify(await fromB.json())).toContain(SECRET);
  });

  it("verifies on B's JWKS an OIDC token signed with the shared key, also after oidc:rotate-key", async () => {
    const { createDb } = await import("@/lib/db/client");
    const { databaseSigningKeys } = await import("@/lib/oidc/default-signing-keys");
    const { mintOidcToken } = await import("@/lib/oidc/mint-token");
    const { verifyLikeAws } = await import("@/lib/oidc/verify-like-aws");
    const issuer = `${PUBLIC_URL}/oidc`;
    const prefix = "esc.test/oidc";
    const request = {
      org: "acme",
      project: "app",
      env: "dev",
      rootEnv: "app/dev",
      userLogin: "scaleuser",
      audiencePrefix: "aws",
    };
    const options = {
      provider: { url: issuer, clientIds: ["aws:acme"] },
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${prefix}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${prefix}:aud`]: "aws:acme" } },
          },
        ],
      },
      // The public URL is the load balancer; here every discovery fetch lands on instance B.
      fetchJson: async (url: string) => {
        const res = await fetchRetryingStaleSocket(url.replace(PUBLIC_URL, b.url));
        expect(res.status).toBe(200);
        return res.json();
      },
    };
    const db = createDb(databaseUrl);
    try {
      const keys = databaseSigningKeys(db);
      const first = await mintOidcToken(request, { keys, issuer });
      await expect(verifyLikeAws(first, options)).resolves.toMatchObject({ aud: "aws:acme" });

      const rotate = spawnSync("npm", ["run", "-s", "oidc:rotate-key"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: databaseUrl },
        timeout: 60_000,
      });
      expect(rotate.status, rotate.stderr).toBe(0);
      const newKid = /new active OIDC signing key: (\S+)/.exec(rotate.stdout)?.[1];
      expect(newKid).toBeTruthy();

      const jwksB = (await (await fetchRetryingStaleSocket(`${b.url}/oidc/.well-known/jwks`)).json()) as {
        keys: { kid: string }[];
      };
      expect(jwksB.keys.map((k) => k.kid)).toContain(newKid);
      const second = await mintOidcToken(request, { keys: databaseSigningKeys(db), issuer });
      await expect(verifyLikeAws(second, options)).resolves.toMatchObject({ aud: "aws:acme" });
      // The token signed before the rotation still verifies during the overlap.
      await expect(verifyLikeAws(first, options)).resolves.toMatchObject({ aud: "aws:acme" });
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  it("lets exactly one of ten concurrent PATCHes with the same ETag through A and B win", async () => {
    const current = await api(a, "/app/dev");
    const etag = current.headers.get("ETag")!;
    expect(etag).toBeTruthy();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api(i % 2 ? b : a, "/app/dev", {
          method: "PATCH",
          headers: { "If-Match": etag },
          body: `values:\n  writer: w${i}\n`,
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);

    const revisions = (await (await api(b, "/app/dev/versions?count=100")).json()) as { number: number }[];
    const numbers = revisions.map((r) => r.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it("accepts on B a console session signed in on A", async () => {
    const csrf = await fetch(`${a.url}/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(csrf);
    const signIn = await fetch(`${a.url}/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
      body: new URLSearchParams({
        csrfToken,
        email: "scaleuser@example.com",
        password: PASSWORD,
        callbackUrl: `${a.url}/`,
      }),
    });
    expect(signIn.status).toBe(302);
    const session = cookiesOf(signIn)
      .split("; ")
      .filter((c) => c.includes("session-token"))
      .join("; ");
    expect(session).toMatch(/session-token=/);

    const page = await fetch(`${b.url}/acme/environments`, {
      redirect: "manual",
      headers: { Cookie: session },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("dev");
    // Without the cookie B sends the visitor to sign in: the 200 above is the session's doing.
    const anonymous = await fetch(`${b.url}/acme/environments`, { redirect: "manual" });
    expect(anonymous.status).not.toBe(200);
  });

  it("logs one JSON line per API request with its request id and no token or secret", async () => {
    const requestId = `scale-${randomUUID()}`;
    const res = await api(a, "/app/dev", {
      method: "PATCH",
      headers: { "X-Request-ID": requestId },
      body: `values:\n  password:\n    fn::secret: ${SECRET}\n`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-ID")).toBe(requestId);
    expect(res.headers.get("X-Pulumi-Request-ID")).toBe(requestId);
    // A route without parameters is logged and answered too.
    const user = await fetch(`${b.url}/api/user`, { headers: { Authorization: `token ${token}` } });
    expect(user.status).toBe(200);
    expect(user.headers.get("X-Request-ID")).toBeTruthy();
    // A malformed incoming id is replaced, not echoed.
    const bad = await api(b, "/app/dev", { headers: { "X-Request-ID": "bad id\twith spaces" } });
    expect(bad.headers.get("X-Request-ID")).toMatch(/^[0-9a-f-]{36}$/);

    await new Promise((r) => setTimeout(r, 200)); // let the servers flush stdout
    for (const server of [a, b]) {
      const output = server.output();
      expect(output).not.toContain(token);
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(PASSWORD);
    }
    const lines = a
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      level: "info",
      msg: "api request",
      method: "PATCH",
      route: "/api/esc/environments/[org]/[project]/[env]",
      status: 200,
      org: "acme",
    });
    expect(typeof line!.durationMs).toBe("number");
    expect(lines.filter((l) => l.msg === "api request").length).toBeGreaterThan(3);
  });
});

/** The `name=value` pairs a response sets, as a Cookie header. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/**
 * fetch, once more when a kept-alive connection turns out closed: after the ~10 s the rotation
 * command takes, the server's keep-alive timeout (5 s) can close the pooled socket just as the
 * client reuses it ("other side closed"). That is the client's pool, not the server failing.
 */
async function fetchRetryingStaleSocket(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET") throw err;
    return fetch(url);
  }
}
