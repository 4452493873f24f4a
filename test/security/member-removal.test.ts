// Removing a member ends their access at once, over the REST API of a real server (scripts/serve.mjs): their
// access token (which belongs to the user, not the organization, and stays valid for their own
// account) no longer reaches anything of the organization on the very next request, an open
// session they made is useless to them, and their grants and team memberships are gone, so adding
// them again does not bring back the access they had.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser } from "@/lib/auth/users";
import { listAuditEvents } from "@/lib/db/audit";
import { createDb, type Db } from "@/lib/db/client";
import { addMember } from "@/lib/orgs/add-member";
import { createOrganization } from "@/lib/orgs/create-organization";
import { setDefaultPermission } from "@/lib/orgs/default-permission";
import { grantEnvironmentPermission } from "@/lib/orgs/environment-grants";
import { removeMember } from "@/lib/orgs/remove-member";
import { addTeamMember, createTeam } from "@/lib/orgs/teams";
import { snapshotBuild, type BuildSnapshot } from "../aws-journey/build-snapshot";
import { startServer, type TestServer } from "../support/server";

const PASSWORD = "correct horse battery staple";
const SECRET = "member-removal-secret-5150";

let server: TestServer;
let snapshot: BuildSnapshot;
let db: Db;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function seedUser(login: string): Promise<void> {
  const user = await createUser({ email: `${login}@example.com`, password: PASSWORD, name: login }, db);
  ids[login] = user.id;
  tokens[login] = (await createAccessToken(user.id, { description: `${login}'s token` }, db)).token;
}

function api(login: string, method: string, path: string, body?: string) {
  return fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      Authorization: `token ${tokens[login]}`,
      ...(body !== undefined ? { "Content-Type": "application/x-yaml" } : {}),
    },
    body,
  });
}

const listed = async (login: string) =>
  ((await (await api(login, "GET", "/esc/environments")).json()) as { environments: { organization: string; name: string }[] })
    .environments.map((e) => `${e.organization}/${e.name}`);

describe("a removed member's token stops working for the organization at once", () => {
  beforeAll(async () => {
    // A private copy of the build: others rebuild .next in place while this runs.
    snapshot = snapshotBuild();
    server = await startServer({ projectDir: snapshot.dir });
    db = createDb(server.databaseUrl);
    process.env.ESC_DATA_DIR = server.dataDir;
    await seedUser("alice");
    await seedUser("bob");
    await createOrganization(ids.alice, "acme", db);
    await createOrganization(ids.bob, "bobs", db);
    await addMember(ids.alice, "acme", "bob@example.com", "member", db);
    // Bob's access to acme comes only from grants: his own and his team's.
    await setDefaultPermission({ userId: ids.alice }, "acme", "none", db);
    for (const name of ["prod", "staging"]) {
      expect((await api("alice", "POST", "/esc/environments/acme", JSON.stringify({ project: "app", name }))).status).toBe(200);
      expect(
        (await api("alice", "PATCH", `/esc/environments/acme/app/${name}`, `values:\n  password:\n    fn::secret: ${SECRET}\n`))
          .status,
      ).toBe(200);
    }
    await grantEnvironmentPermission({ userId: ids.alice }, "acme", "app", "prod", { userId: ids.bob }, "write", db);
    await createTeam({ userId: ids.alice }, "acme", "devs", "", db);
    await addTeamMember({ userId: ids.alice }, "acme", "devs", ids.bob, db);
    await grantEnvironmentPermission({ userId: ids.alice }, "acme", "app", "staging", { team: "devs" }, "open", db);
  }, 900_000);

  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    snapshot?.remove();
  });

  it("works before, and on the next request after the removal answers 404 everywhere in the organization", async () => {
    // Before: Bob reads, opens and writes through his token.
    expect((await api("bob", "GET", "/esc/environments/acme/app/prod/decrypt")).status).toBe(200);
    const open = await api("bob", "POST", "/esc/environments/acme/app/staging/open");
    expect(open.status).toBe(200);
    const sessionId = ((await open.json()) as { id: string }).id;
    expect((await api("bob", "GET", `/esc/environments/acme/app/staging/open/${sessionId}`)).status).toBe(200);
    expect(await listed("bob")).toEqual(expect.arrayContaining(["acme/prod", "acme/staging"]));

    const removed = await removeMember({ userId: ids.alice }, "acme", ids.bob, db);
    expect(removed).toMatchObject({ teams: 1, grants: 1 });

    // After: the same token, the very next requests.
    for (const [method, path, body] of [
      ["GET", "/esc/environments/acme/app/prod"],
      ["GET", "/esc/environments/acme/app/prod/decrypt"],
      ["PATCH", "/esc/environments/acme/app/prod", "values:\n  taken: over\n"],
      ["POST", "/esc/environments/acme/app/staging/open"],
      ["GET", `/esc/environments/acme/app/staging/open/${sessionId}`],
      ["GET", "/esc/environments/acme"],
      ["POST", "/esc/environments/acme", JSON.stringify({ project: "app", name: "mine" })],
    ] as const) {
      const res = await api("bob", method, path, body);
      const text = await res.text();
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(text).not.toContain(SECRET);
    }
    expect(await listed("bob")).toEqual([]);
    // The token itself is still Bob's: his account and his own organization work.
    expect((await api("bob", "GET", "/user")).status).toBe(200);
    expect((await api("bob", "GET", "/esc/environments/bobs")).status).toBe(200);
    // Nothing changed in acme through the refused write.
    expect(await (await api("alice", "GET", "/esc/environments/acme/app/prod/decrypt")).text()).toContain(SECRET);
  });

  it("leaves no grant or team membership behind: added again, Bob has only the default", async () => {
    expect(await db.environmentPermission.count({ where: { userId: ids.bob } })).toBe(0);
    expect(await db.teamMember.count({ where: { userId: ids.bob } })).toBe(0);
    await addMember(ids.alice, "acme", "bob@example.com", "member", db);
    expect((await api("bob", "GET", "/esc/environments/acme")).status).toBe(200);
    expect((await api("bob", "GET", "/esc/environments/acme/app/prod")).status).toBe(404);
    expect((await api("bob", "GET", "/esc/environments/acme/app/staging")).status).toBe(404);
    const acme = await db.organization.findUniqueOrThrow({ where: { name: "acme" } });
    expect(
      (await listAuditEvents(db, acme.id)).filter((e) => e.action === "member.remove").map((e) => [e.target, e.result, e.actorUserId]),
    ).toEqual([["user:bob teams:1 grants:1", "success", ids.alice]]);
  });
});
