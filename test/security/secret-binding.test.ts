// The paste attack over the REST API of a real server, on SQLite and on PostgreSQL: a member with
// `write` on environment A and `read` on environment B copies B's `fn::secret` ciphertext (which
// `read` hands out) into A, then opens and decrypts A. Ciphertext is bound to the environment it
// was encrypted for (lib/crypto/org-crypter.ts), so A answers with a diagnostic that names the
// problem and holds neither B's secret nor the ciphertext; a clone of B, made by someone who may
// open B, still opens.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";

const ORG = "acme";
const ENVS = `/api/esc/environments/${ORG}`;
const WRONG_ENV = "cannot be decrypted in this environment";

/** A member of ORG with the organization default lowered to read and `write` granted on app/a. */
async function seedMember(server: TestServer, databaseUrl: string): Promise<string> {
  process.env.ESC_DATA_DIR = server.dataDir;
  const { createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/auth/users");
  const { createAccessToken } = await import("@/lib/auth/access-tokens");
  const { setDefaultPermission } = await import("@/lib/orgs/default-permission");
  const { grantEnvironmentPermission } = await import("@/lib/orgs/environment-grants");
  const db = createDb(databaseUrl);
  try {
    const owner = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    const org = await db.organization.findUniqueOrThrow({ where: { name: ORG } });
    const user = await createUser({ email: "mallory@example.com", password: "correct horse battery staple", name: "mallory" }, db);
    await db.membership.create({ data: { userId: user.id, orgId: org.id, role: "member" } });
    await setDefaultPermission({ userId: owner.id }, ORG, "read", db);
    await grantEnvironmentPermission({ userId: owner.id }, ORG, "app", "a", { userId: user.id }, "write", db);
    return (await createAccessToken(user.id, { description: "tests" }, db)).token;
  } finally {
    await db.$disconnect();
  }
}

function client(server: TestServer, token: string) {
  return (p: string, init: RequestInit = {}) =>
    fetch(`${server.url}${p}`, { ...init, headers: { Authorization: `token ${token}`, ...init.headers } });
}

const yamlBody = (body: string): RequestInit => ({
  method: "PATCH",
  body,
  headers: { "Content-Type": "application/x-yaml" },
});

for (const kind of ["sqlite", "postgresql"] as const) {
  describe(`ciphertext pasted into another environment, over REST on ${kind}`, () => {
    let pg: TestDatabase | undefined;
    let server: TestServer;
    let owner: ReturnType<typeof client>;
    let member: ReturnType<typeof client>;
    const secretB = `b-only-${randomBytes(12).toString("hex")}`;

    beforeAll(async () => {
      if (kind === "postgresql") pg = await createTestDatabase("postgresql");
      server = await startServer(pg ? { env: { DATABASE_URL: pg.url } } : {});
      const databaseUrl = pg?.url ?? server.databaseUrl;
      owner = client(server, await seedUserWithOrg({ databaseUrl, dataDir: server.dataDir }, "alice", ORG));
      for (const [name, yaml] of [
        ["a", "values:\n  mine:\n    fn::secret: a-own-secret\n"],
        ["b", `values:\n  password:\n    fn::secret: ${secretB}\n`],
      ]) {
        const created = await owner(ENVS, { method: "POST", body: JSON.stringify({ project: "app", name }) });
        expect(created.status).toBe(200);
        const patched = await owner(`${ENVS}/app/${name}`, yamlBody(yaml));
        expect(patched.status, await patched.clone().text()).toBe(200);
      }
      member = client(server, await seedMember(server, databaseUrl));
    }, 600_000);
    afterAll(async () => {
      await server?.stop();
      await pg?.drop();
    });

    it("the pasted ciphertext is stored but opens to a diagnostic, never to the secret or the ciphertext", async () => {
      // `read` on B: the definition with ciphertext, but no decrypt.
      const b = await member(`${ENVS}/app/b`);
      expect(b.status).toBe(200);
      const stolenYaml = await b.text();
      const ciphertext = /ciphertext: (\S+)/.exec(stolenYaml)![1];
      expect(stolenYaml).not.toContain(secretB);
      expect((await member(`${ENVS}/app/b/decrypt`)).status).toBe(403);

      // `write` on A: the paste is accepted as a new revision.
      const patched = await member(`${ENVS}/app/a`, yamlBody(stolenYaml));
      expect(patched.status, await patched.clone().text()).toBe(200);

      // Open and decrypt A: refused with a clear diagnostic, for the member and for the org admin alike.
      for (const caller of [member, owner]) {
        const opened = await caller(`${ENVS}/app/a/open`, { method: "POST" });
        const openText = await opened.text();
        expect(opened.status).toBe(400);
        expect(openText).toContain(WRONG_ENV);
        const decrypted = await caller(`${ENVS}/app/a/decrypt`);
        const decryptText = await decrypted.text();
        expect(decrypted.status).toBe(400);
        expect(decryptText).toContain(WRONG_ENV);
        for (const text of [openText, decryptText]) {
          expect(text).not.toContain(secretB);
          expect(text).not.toContain(ciphertext);
        }
      }
      // A's own earlier revision (2: the POST made 1) still opens.
      const first = await member(`${ENVS}/app/a/versions/2/decrypt`);
      expect(first.status).toBe(200);
      expect(await first.text()).toContain("a-own-secret");
    });

    it("yaml/check with showSecrets (the CLI posts a stored definition) shows it to whoever may open every environment only", async () => {
      const stored = await (await owner(`${ENVS}/app/b`)).text();
      const check = (caller: typeof owner) =>
        caller(`${ENVS}/yaml/check?showSecrets=true`, {
          method: "POST",
          body: stored,
          headers: { "Content-Type": "application/x-yaml" },
        });
      const asOwner = await check(owner);
      expect(asOwner.status).toBe(200);
      expect(await asOwner.text()).toContain(secretB);
      const asMember = await check(member);
      expect(asMember.status).toBe(403);
      expect(await asMember.text()).not.toContain(secretB);
    });

    it("a clone of B made by its admin opens with B's secret; B itself still opens", async () => {
      const cloned = await owner(`${ENVS}/app/b/clone`, { method: "POST", body: JSON.stringify({ name: "b-copy" }) });
      expect(cloned.status, await cloned.clone().text()).toBe(204);
      const copy = await owner(`${ENVS}/app/b-copy/decrypt`);
      expect(copy.status).toBe(200);
      expect(await copy.text()).toContain(secretB);
      const source = await owner(`${ENVS}/app/b/decrypt`);
      expect(await source.text()).toContain(secretB);
      // The clone holds its own ciphertext, not B's.
      const ciphertextOf = async (env: string) => /ciphertext: (\S+)/.exec(await (await owner(`${ENVS}/app/${env}`)).text())![1];
      expect(await ciphertextOf("b-copy")).not.toBe(await ciphertextOf("b"));
    });
  });
}
