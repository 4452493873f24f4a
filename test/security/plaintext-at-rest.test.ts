// Encryption at rest, checked on the bytes: secrets written through the REST API of a real
// server (`fn::secret` plaintext in a PATCH, an open session holding the revealed values, an OIDC
// signing key) must not appear in the raw SQLite files (database and WAL) or in a pg_dump of the
// PostgreSQL database: not as text, not as base64, not as hex, and no PEM private key either.
// A plain (non-secret) value written the same way must appear: it proves the scan sees the data.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { resetMasterKeyCache } from "@/lib/crypto/master-key";
import { masterKeySealer } from "@/lib/oidc/default-signing-keys";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";

const ORG = "acme";
const ENV_PATH = `/api/esc/environments/${ORG}/app/prod`;

/** How a secret could leak: its bytes as text, base64 (both alphabets), hex (how pg_dump shows bytea). */
function encodings(secret: string | Buffer): Buffer[] {
  const bytes = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, "utf8");
  return [
    bytes,
    Buffer.from(bytes.toString("base64")),
    Buffer.from(bytes.toString("base64url")),
    Buffer.from(bytes.toString("hex")),
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

interface Written {
  secrets: string[];
  plainCanary: string;
  privateKeyDer: Buffer;
}

/** Writes everything through HTTP, then reads the sealed signing key back to learn what must not leak. */
async function writeSecrets(server: TestServer, databaseUrl: string): Promise<Written> {
  const token = await seedUserWithOrg({ databaseUrl, dataDir: server.dataDir }, "alice", ORG);
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${server.url}${p}`, { ...init, headers: { Authorization: `token ${token}`, ...init.headers } });
  const secrets = [
    `top-secret-${randomBytes(12).toString("hex")}`,
    `nested-secret-${randomBytes(12).toString("hex")}`,
  ];
  const plainCanary = `plain-canary-${randomBytes(12).toString("hex")}`;

  expect(
    (
      await api(`/api/esc/environments/${ORG}`, {
        method: "POST",
        body: JSON.stringify({ project: "app", name: "prod" }),
      })
    ).status,
  ).toBe(200);
  const yaml = `values:\n  password:\n    fn::secret: ${secrets[0]}\n  db:\n    creds: {fn::secret: "${secrets[1]}"}\n  note: ${plainCanary}\n`;
  const patch = await api(ENV_PATH, {
    method: "PATCH",
    body: yaml,
    headers: { "Content-Type": "application/x-yaml" },
  });
  expect(patch.status, await patch.clone().text()).toBe(200);

  const opened = await api(`${ENV_PATH}/open`, { method: "POST" });
  expect(opened.status).toBe(200);
  const { id } = (await opened.json()) as { id: string };
  const session = await (await api(`${ENV_PATH}/open/${id}`)).text();
  expect(session).toContain(secrets[0]); // the session really holds the revealed secret

  const jwks = await fetch(`${server.url}/oidc/.well-known/jwks`);
  expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

  // The private key as the server sealed it (same data directory, so the same master key).
  process.env.ESC_DATA_DIR = server.dataDir;
  resetMasterKeyCache();
  const db = createDb(databaseUrl);
  try {
    const [row] = await db.signingKey.findMany();
    const pem = await masterKeySealer.open(new Uint8Array(row.privateKey));
    expect(pem).toContain("PRIVATE KEY");
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    return { secrets, plainCanary, privateKeyDer: der };
  } finally {
    await db.$disconnect();
  }
}

function expectNoPlaintext(bytes: Buffer, w: Written, where: string): void {
  expect(bytes.includes(Buffer.from(w.plainCanary)), `the scan of ${where} must see stored data`).toBe(true);
  for (const secret of w.secrets) {
    for (const form of encodings(secret))
      expect(bytes.includes(form), `${where} holds a secret (${form.length} bytes)`).toBe(false);
  }
  // A 48-byte window from the middle of the private key (beyond the fixed ASN.1 header), in every form.
  const keyPart = w.privateKeyDer.subarray(100, 148);
  for (const form of encodings(keyPart))
    expect(bytes.includes(form), `${where} holds the private key`).toBe(false);
  expect(bytes.includes(Buffer.from("PRIVATE KEY")), `${where} holds a PEM private key`).toBe(false);
}

describe("no plaintext secret at rest: SQLite files", () => {
  let server: TestServer;
  let written: Written;
  beforeAll(async () => {
    server = await startServer();
    written = await writeSecrets(server, server.databaseUrl);
  }, 600_000);
  afterAll(() => server?.stop());

  it("the raw database, WAL and every other file of the data directory", () => {
    const files = filesUnder(server.dataDir);
    expect(files.some((f) => f.endsWith("esc.db"))).toBe(true);
    const all = Buffer.concat(files.map((f) => readFileSync(f)));
    expectNoPlaintext(all, written, "the SQLite data directory");
  });
});

describe("no plaintext secret at rest: PostgreSQL (pg_dump)", () => {
  let pg: TestDatabase;
  let server: TestServer;
  let written: Written;
  beforeAll(async () => {
    pg = await createTestDatabase("postgresql");
    server = await startServer({ env: { DATABASE_URL: pg.url } });
    written = await writeSecrets(server, pg.url);
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    await pg?.drop();
  });

  it("a plain-format dump of the whole database", () => {
    const dump = execFileSync("pg_dump", ["--no-owner", `--dbname=${pg.url}`], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump.includes(Buffer.from('"Revision"'))).toBe(true);
    expectNoPlaintext(dump, written, "pg_dump");
  });
});
