// The permission model through the real service functions on real databases (SQLite and
// PostgreSQL): what each level allows and refuses, how the effective level is computed (org
// default, team grants, member grants, org admin), imports, creation, and the admin services.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { createUser } from "@/lib/auth/users";
import { listAuditEvents } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { cloneEnvironment } from "@/lib/environments/clone-environment";
import { createEnvironment } from "@/lib/environments/create-environment";
import { createRevisionTag } from "@/lib/environments/create-revision-tag";
import { decryptEnvironment } from "@/lib/environments/decrypt-environment";
import { deleteEnvironment } from "@/lib/environments/delete-environment";
import { getEnvironmentSettings, updateEnvironmentSettings } from "@/lib/environments/environment-settings";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import {
  checkEnvironmentYaml,
  checkStoredEnvironment,
  openEnvironmentYaml,
  openStoredEnvironment,
} from "@/lib/environments/evaluate";
import { getEnvironment } from "@/lib/environments/get-environment";
import { listEnvironments } from "@/lib/environments/list-environments";
import { listRevisions } from "@/lib/environments/list-revisions";
import { userWithOrg, useTestMasterKey } from "@/lib/environments/test-fixtures";
import type { Actor } from "@/lib/environments/types";
import { updateEnvironment } from "@/lib/environments/update-environment";
import { getDefaultPermission, setDefaultPermission } from "./default-permission";
import {
  grantEnvironmentPermission,
  listEnvironmentGrants,
  revokeEnvironmentPermission,
} from "./environment-grants";
import {
  allows,
  ENVIRONMENT_PERMISSIONS,
  highestPermission,
  type EnvironmentPermission,
} from "./permissions";
import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember } from "./teams";

useTestMasterKey();

const SECRET = "s3cr3t-permission-test";
const YAML = `values:\n  greeting: hello\n  password:\n    fn::secret: ${SECRET}\n`;

describe("permission levels", () => {
  it("are ordered none < read < open < write < admin; the highest wins; unknown counts as none", () => {
    expect(ENVIRONMENT_PERMISSIONS).toEqual(["none", "read", "open", "write", "admin"]);
    expect(allows("open", "read")).toBe(true);
    expect(allows("read", "open")).toBe(false);
    expect(allows("admin", "admin")).toBe(true);
    expect(highestPermission(["read", "none", "write", "open"])).toBe("write");
    expect(highestPermission(["bogus", "ADMIN"])).toBe("none");
  });
});

async function member(
  db: Db,
  orgId: string,
  tag: string,
): Promise<{ actor: Actor; userId: string; login: string }> {
  const u = await createUser(
    {
      email: `${tag}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      password: "correct horse battery",
      name: tag,
    },
    db,
  );
  await db.membership.create({ data: { userId: u.id, orgId, role: "member" } });
  return { actor: { userId: u.id }, userId: u.id, login: u.login };
}

type Outcome = "ok" | 404 | 403;
async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof NotFoundError) return 404;
    if (error instanceof ForbiddenError) return 403;
    throw error;
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`permissions on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("each level allows exactly its operations (member grants, org default none)", async () => {
      const owner = await userWithOrg(t.db);
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      const expected: Record<EnvironmentPermission, Record<string, Outcome>> = {
        none: {
          get: 404,
          revisions: 404,
          check: 404,
          decrypt: 404,
          open: 404,
          update: 404,
          tag: 404,
          settings: 404,
          protect: 404,
          grants: 404,
          del: 404,
        },
        read: {
          get: "ok",
          revisions: "ok",
          check: "ok",
          decrypt: 403,
          open: 403,
          update: 403,
          tag: 403,
          settings: "ok",
          protect: 403,
          grants: 403,
          del: 403,
        },
        open: {
          get: "ok",
          revisions: "ok",
          check: "ok",
          decrypt: "ok",
          open: "ok",
          update: 403,
          tag: 403,
          settings: "ok",
          protect: 403,
          grants: 403,
          del: 403,
        },
        write: {
          get: "ok",
          revisions: "ok",
          check: "ok",
          decrypt: "ok",
          open: "ok",
          update: "ok",
          tag: "ok",
          settings: "ok",
          protect: 403,
          grants: 403,
          del: 403,
        },
        admin: {
          get: "ok",
          revisions: "ok",
          check: "ok",
          decrypt: "ok",
          open: "ok",
          update: "ok",
          tag: "ok",
          settings: "ok",
          protect: "ok",
          grants: "ok",
          del: "ok",
        },
      };
      for (const level of ENVIRONMENT_PERMISSIONS) {
        const env = `env-${level}`;
        await createEnvironment(owner.actor, owner.org, "p", env, YAML, t.db);
        const m = await member(t.db, owner.orgId, level);
        if (level !== "none")
          await grantEnvironmentPermission(
            owner.actor,
            owner.org,
            "p",
            env,
            { userId: m.userId },
            level,
            t.db,
          );
        const a = m.actor;
        const got: Record<string, Outcome> = {
          get: await outcome(async () => {
            const def = await getEnvironment(a, owner.org, "p", env, undefined, t.db);
            // read gives the definition with the secret as ciphertext, never plaintext
            expect(def.yaml).not.toContain(SECRET);
            expect(def.permission).toBe(level);
          }),
          revisions: await outcome(() => listRevisions(a, owner.org, "p", env, {}, t.db)),
          check: await outcome(async () => {
            const r = await checkStoredEnvironment(a, owner.org, "p", env, undefined, {}, t.db);
            expect(JSON.stringify(r.environment)).not.toContain(SECRET);
          }),
          decrypt: await outcome(async () => {
            expect((await decryptEnvironment(a, owner.org, "p", env, undefined, t.db)).yaml).toContain(
              SECRET,
            );
          }),
          open: await outcome(() => openStoredEnvironment(a, owner.org, "p", env, undefined, {}, t.db)),
          update: await outcome(() => updateEnvironment(a, owner.org, "p", env, YAML, {}, t.db)),
          tag: await outcome(() => createRevisionTag(a, owner.org, "p", env, "stable", 1, t.db)),
          settings: await outcome(() => getEnvironmentSettings(a, owner.org, "p", env, t.db)),
          protect: await outcome(() =>
            updateEnvironmentSettings(a, owner.org, "p", env, { deletionProtected: false }, t.db),
          ),
          grants: await outcome(() => listEnvironmentGrants(a, owner.org, "p", env, t.db)),
          del: await outcome(() => deleteEnvironment(a, owner.org, "p", env, t.db)),
        };
        expect({ level, ...got }).toEqual({ level, ...expected[level] });
        const listed = (await listEnvironments(a, owner.org, t.db)).map((e) => [e.name, e.permission]);
        expect(listed).toEqual(level === "none" || level === "admin" ? [] : [[env, level]]);
      }
    });

    it("the effective permission is the highest of the org default, team grants and member grants; org admins have admin", async () => {
      const owner = await userWithOrg(t.db);
      await createEnvironment(owner.actor, owner.org, "p", "prod", YAML, t.db);
      const m = await member(t.db, owner.orgId, "eff");
      const level = async () =>
        (await getEnvironment(m.actor, owner.org, "p", "prod", undefined, t.db)).permission;

      expect(await getDefaultPermission(m.actor, owner.org, t.db)).toBe("write"); // the reference's default
      expect(await level()).toBe("write");
      await setDefaultPermission(owner.actor, owner.org, "read", t.db);
      expect(await level()).toBe("read");
      await createTeam(owner.actor, owner.org, "ops", "on call", t.db);
      await addTeamMember(owner.actor, owner.org, "ops", m.userId, t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "prod", { team: "ops" }, "open", t.db);
      expect(await level()).toBe("open");
      await grantEnvironmentPermission(
        owner.actor,
        owner.org,
        "p",
        "prod",
        { userId: m.userId },
        "admin",
        t.db,
      );
      expect(await level()).toBe("admin");
      // A lower member grant does not lower what the team gives.
      await grantEnvironmentPermission(
        owner.actor,
        owner.org,
        "p",
        "prod",
        { userId: m.userId },
        "read",
        t.db,
      );
      expect(await level()).toBe("open");
      await removeTeamMember(owner.actor, owner.org, "ops", m.userId, t.db);
      expect(await level()).toBe("read");
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      expect(await level()).toBe("read");
      await revokeEnvironmentPermission(owner.actor, owner.org, "p", "prod", { userId: m.userId }, t.db);
      await expect(level()).rejects.toBeInstanceOf(NotFoundError);
      // Org admins are never limited by the default.
      expect((await getEnvironment(owner.actor, owner.org, "p", "prod", undefined, t.db)).permission).toBe(
        "admin",
      );

      const access = await listEnvironmentGrants(owner.actor, owner.org, "p", "prod", t.db);
      expect(access.defaultPermission).toBe("none");
      expect(access.grants.map((g) => [g.team?.name ?? g.user?.login, g.permission])).toEqual([
        ["ops", "open"],
      ]);
      // Deleting the team deletes its grants.
      await deleteTeam(owner.actor, owner.org, "ops", t.db);
      expect((await listEnvironmentGrants(owner.actor, owner.org, "p", "prod", t.db)).grants).toEqual([]);
    });

    it("imports need open on the imported environment to open, read to check", async () => {
      const owner = await userWithOrg(t.db);
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      await createEnvironment(owner.actor, owner.org, "p", "base", YAML, t.db);
      await createEnvironment(
        owner.actor,
        owner.org,
        "p",
        "app",
        "imports:\n  - p/base\nvalues:\n  x: ${password}\n",
        t.db,
      );
      const m = await member(t.db, owner.orgId, "imp");
      await grantEnvironmentPermission(
        owner.actor,
        owner.org,
        "p",
        "app",
        { userId: m.userId },
        "open",
        t.db,
      );
      const messages = (r: { diagnostics: { summary: string }[] }) =>
        r.diagnostics.map((d) => d.summary).join("\n");

      // base invisible: the import reads as missing, for check and for open.
      expect(
        messages(await checkStoredEnvironment(m.actor, owner.org, "p", "app", undefined, {}, t.db)),
      ).toContain('environment "p/base" not found');
      let opened = await openStoredEnvironment(m.actor, owner.org, "p", "app", undefined, {}, t.db);
      expect(JSON.stringify(opened.environment ?? {})).not.toContain(SECRET);

      // read on base: check works (secret masked), open is refused on the import.
      await grantEnvironmentPermission(
        owner.actor,
        owner.org,
        "p",
        "base",
        { userId: m.userId },
        "read",
        t.db,
      );
      const checked = await checkStoredEnvironment(m.actor, owner.org, "p", "app", undefined, {}, t.db);
      expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(JSON.stringify(checked.environment)).not.toContain(SECRET);
      await expect(
        checkStoredEnvironment(m.actor, owner.org, "p", "app", undefined, { showSecrets: true }, t.db).then(
          messages,
        ),
      ).resolves.toContain('cannot import "p/base"');
      opened = await openStoredEnvironment(m.actor, owner.org, "p", "app", undefined, {}, t.db);
      expect(messages(opened)).toContain('cannot import "p/base"');
      expect(JSON.stringify(opened.environment ?? {})).not.toContain(SECRET);

      // open on base: the opened value is there.
      await grantEnvironmentPermission(
        owner.actor,
        owner.org,
        "p",
        "base",
        { userId: m.userId },
        "open",
        t.db,
      );
      opened = await openStoredEnvironment(m.actor, owner.org, "p", "app", undefined, {}, t.db);
      expect(JSON.stringify(opened.environment)).toContain(SECRET);
    });

    it("draft text is evaluated with the permission of the environment it is a draft of", async () => {
      const owner = await userWithOrg(t.db);
      await createEnvironment(owner.actor, owner.org, "p", "dev", YAML, t.db);
      const stored = (await getEnvironment(owner.actor, owner.org, "p", "dev", undefined, t.db)).yaml; // ciphertext
      await setDefaultPermission(owner.actor, owner.org, "read", t.db);
      const m = await member(t.db, owner.orgId, "draft");
      // A reader may preview (check, masked) the draft, but not open it or show its secrets.
      const checked = await checkEnvironmentYaml(m.actor, owner.org, stored, { name: "p/dev" }, t.db);
      expect(JSON.stringify(checked.environment)).not.toContain(SECRET);
      await expect(
        openEnvironmentYaml(m.actor, owner.org, stored, { name: "p/dev" }, t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      // Anonymous text: showing values needs open on every environment (the org default).
      await expect(
        checkEnvironmentYaml(m.actor, owner.org, stored, { showSecrets: true }, t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(
        JSON.stringify((await checkEnvironmentYaml(m.actor, owner.org, stored, {}, t.db)).environment),
      ).not.toContain(SECRET);
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      await expect(
        checkEnvironmentYaml(m.actor, owner.org, stored, { name: "p/dev" }, t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await setDefaultPermission(owner.actor, owner.org, "open", t.db);
      expect(
        JSON.stringify(
          (await openEnvironmentYaml(m.actor, owner.org, stored, { name: "p/dev" }, t.db)).environment,
        ),
      ).toContain(SECRET);
    });

    it("creating needs the org default >= write (or org admin); the creator gets admin; cloning needs open", async () => {
      const owner = await userWithOrg(t.db);
      await createEnvironment(owner.actor, owner.org, "p", "src", YAML, t.db);
      const m = await member(t.db, owner.orgId, "creator");
      await createEnvironment(m.actor, owner.org, "p", "mine", undefined, t.db);
      await setDefaultPermission(owner.actor, owner.org, "read", t.db);
      expect((await getEnvironment(m.actor, owner.org, "p", "mine", undefined, t.db)).permission).toBe(
        "admin",
      );
      await expect(
        createEnvironment(m.actor, owner.org, "p", "other", undefined, t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        cloneEnvironment(m.actor, owner.org, "p", "src", { name: "copy" }, t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await setDefaultPermission(owner.actor, owner.org, "write", t.db);
      await cloneEnvironment(m.actor, owner.org, "p", "src", { name: "copy" }, t.db);
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      expect((await listEnvironments(m.actor, owner.org, t.db)).map((e) => [e.name, e.permission])).toEqual([
        ["copy", "admin"],
        ["mine", "admin"],
      ]);
      await deleteEnvironment(m.actor, owner.org, "p", "mine", t.db);
    });

    it("teams, grants and the default are for admins, validated, scoped to the organization and audited", async () => {
      const owner = await userWithOrg(t.db);
      const other = await userWithOrg(t.db);
      await createEnvironment(owner.actor, owner.org, "p", "e", undefined, t.db);
      const m = await member(t.db, owner.orgId, "plain");
      await expect(createTeam(m.actor, owner.org, "x", "", t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listTeams(m.actor, owner.org, t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setDefaultPermission(m.actor, owner.org, "admin", t.db)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(createTeam(other.actor, owner.org, "x", "", t.db)).rejects.toBeInstanceOf(NotFoundError);
      await expect(setDefaultPermission(other.actor, owner.org, "admin", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        grantEnvironmentPermission(other.actor, owner.org, "p", "e", { userId: other.userId }, "admin", t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        grantEnvironmentPermission(m.actor, owner.org, "p", "e", { userId: m.userId }, "admin", t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);

      for (const bad of ["", "-x", "a b", "x".repeat(41)])
        await expect(createTeam(owner.actor, owner.org, bad, "", t.db)).rejects.toBeInstanceOf(
          ValidationError,
        );
      await createTeam(owner.actor, owner.org, "devs", "", t.db);
      await expect(createTeam(owner.actor, owner.org, "devs", "", t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await createTeam(other.actor, other.org, "devs", "", t.db); // same name in another org is fine
      // Only members of the organization can join its teams or be granted on its environments.
      await expect(addTeamMember(owner.actor, owner.org, "devs", other.userId, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        grantEnvironmentPermission(owner.actor, owner.org, "p", "e", { userId: other.userId }, "read", t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await addTeamMember(owner.actor, owner.org, "devs", m.userId, t.db);
      await expect(addTeamMember(owner.actor, owner.org, "devs", m.userId, t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(
        grantEnvironmentPermission(
          owner.actor,
          owner.org,
          "p",
          "e",
          { team: "devs" },
          "none" as "read",
          t.db,
        ),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        grantEnvironmentPermission(owner.actor, owner.org, "p", "e", { team: "nope" }, "read", t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        setDefaultPermission(owner.actor, owner.org, "owner" as "admin", t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "e", { team: "devs" }, "write", t.db);
      await revokeEnvironmentPermission(owner.actor, owner.org, "p", "e", { team: "devs" }, t.db);
      await expect(
        revokeEnvironmentPermission(owner.actor, owner.org, "p", "e", { team: "devs" }, t.db),
      ).rejects.toBeInstanceOf(NotFoundError);
      await setDefaultPermission(owner.actor, owner.org, "read", t.db);
      expect(
        (await listTeams(owner.actor, owner.org, t.db)).map((x) => [x.name, x.members.map((u) => u.login)]),
      ).toEqual([["devs", [m.login]]]);

      const events = (await listAuditEvents(t.db, owner.orgId)).map((e) => e.action);
      for (const action of [
        "team.create",
        "team.member.add",
        "permission.grant",
        "permission.revoke",
        "permission.default",
      ])
        expect(events).toContain(action);
      const targets = (await listAuditEvents(t.db, owner.orgId)).map((e) => e.target).join("\n");
      expect(targets).toContain(`p/e team:devs=write`);
      expect((await listAuditEvents(t.db, other.orgId)).map((e) => e.action)).not.toContain(
        "permission.grant",
      );
      // Refused attempts are recorded too, as denied, under the organization they targeted.
      const who = (id: string | null) =>
        id === m.userId ? "member" : id === other.userId ? "outsider" : "?";
      const denied = (await listAuditEvents(t.db, owner.orgId))
        .filter((e) => e.result === "denied")
        .map((e) => `${e.action} ${who(e.actorUserId)}`);
      expect(denied).toEqual(
        expect.arrayContaining([
          "team.create member",
          "team.create outsider",
          "permission.default member",
          "permission.grant member",
          "permission.grant outsider",
        ]),
      );
    });
  });
}
