// Removing members, leaving, changing roles, and environment admins granting to teams, through
// the real service functions on real databases (SQLite and PostgreSQL): who may, the last-admin
// rule (also under two admins racing each other), the rows that go with a membership, the audit
// trail, and that a removed member's access ends at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { listAuditEvents } from "@/lib/db/audit";
import type { Db } from "@/lib/db/client";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { createEnvironment } from "@/lib/environments/create-environment";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { getEnvironment } from "@/lib/environments/get-environment";
import { listEnvironments } from "@/lib/environments/list-environments";
import { userWithOrg, useTestMasterKey } from "@/lib/environments/test-fixtures";
import type { Actor } from "@/lib/environments/types";
import { changeMemberRole } from "./change-member-role";
import { setDefaultPermission } from "./default-permission";
import { grantEnvironmentPermission, listEnvironmentGrants } from "./environment-grants";
import { getMembership } from "./memberships";
import { leaveOrganization, removeMember } from "./remove-member";
import { listTeamNames } from "./team-names";
import { addTeamMember, createTeam, listTeams } from "./teams";

useTestMasterKey();

let counter = 0;
async function joiner(db: Db, orgId: string, role: "admin" | "member" = "member") {
  const tag = `m${Date.now().toString(36)}${(counter++).toString(36)}`;
  const u = await createUser({ email: `${tag}@example.test`, password: "correct horse battery", name: tag }, db);
  await db.membership.create({ data: { userId: u.id, orgId, role } });
  return { actor: { userId: u.id } as Actor, userId: u.id, login: u.login };
}

async function events(db: Db, orgId: string) {
  return (await listAuditEvents(db, orgId)).map((e) => ({
    action: e.action,
    target: e.target,
    result: e.result,
    actor: e.actorUserId,
  }));
}

for (const kind of DATABASE_KINDS) {
  describe(`membership lifecycle on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("an admin removes a member with their team memberships and grants in that org only, audited", async () => {
      const owner = await userWithOrg(t.db);
      const other = await userWithOrg(t.db);
      const bob = await joiner(t.db, owner.orgId);
      // Bob is also in another organization, with a team and a grant there: those stay.
      await t.db.membership.create({ data: { userId: bob.userId, orgId: other.orgId, role: "member" } });
      await createEnvironment(owner.actor, owner.org, "p", "dev", "values:\n  a: 1\n", t.db);
      await createEnvironment(other.actor, other.org, "p", "dev", "values:\n  a: 1\n", t.db);
      await createTeam(owner.actor, owner.org, "devs", "", t.db);
      await addTeamMember(owner.actor, owner.org, "devs", bob.userId, t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "dev", { userId: bob.userId }, "write", t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "dev", { team: "devs" }, "read", t.db);
      await createTeam(other.actor, other.org, "ops", "", t.db);
      await addTeamMember(other.actor, other.org, "ops", bob.userId, t.db);
      await grantEnvironmentPermission(other.actor, other.org, "p", "dev", { userId: bob.userId }, "open", t.db);

      const removed = await removeMember(owner.actor, owner.org, bob.userId, t.db);
      expect(removed).toEqual({ userId: bob.userId, login: bob.login, teams: 1, grants: 1 });

      expect(await getMembership(bob.userId, owner.org, t.db)).toBeNull();
      expect(await t.db.teamMember.count({ where: { userId: bob.userId, team: { orgId: owner.orgId } } })).toBe(0);
      expect(
        await t.db.environmentPermission.count({ where: { userId: bob.userId, environment: { orgId: owner.orgId } } }),
      ).toBe(0);
      // The team and its own grant stay; only Bob left it.
      expect((await listTeams(owner.actor, owner.org, t.db)).map((x) => [x.name, x.members.length, x.grantCount])).toEqual([
        ["devs", 0, 1],
      ]);
      // The other organization is untouched.
      expect(await getMembership(bob.userId, other.org, t.db)).not.toBeNull();
      expect(await t.db.teamMember.count({ where: { userId: bob.userId, team: { orgId: other.orgId } } })).toBe(1);
      expect(
        await t.db.environmentPermission.count({ where: { userId: bob.userId, environment: { orgId: other.orgId } } }),
      ).toBe(1);
      // Bob's access to the organization ends with the commit: it is "not found" to him.
      await expect(getEnvironment(bob.actor, owner.org, "p", "dev", undefined, t.db)).rejects.toBeInstanceOf(NotFoundError);
      await expect(listEnvironments(bob.actor, owner.org, t.db)).rejects.toBeInstanceOf(NotFoundError);

      expect(await events(t.db, owner.orgId)).toContainEqual({
        action: "member.remove",
        target: `user:${bob.login} teams:1 grants:1`,
        result: "success",
        actor: owner.userId,
      });
    });

    it("only admins remove others; outsiders learn nothing; each refusal is audited as denied", async () => {
      const owner = await userWithOrg(t.db);
      const outsider = await userWithOrg(t.db);
      const a = await joiner(t.db, owner.orgId);
      const b = await joiner(t.db, owner.orgId);
      await expect(removeMember(a.actor, owner.org, b.userId, t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeMember(a.actor, owner.org, owner.userId, t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeMember(outsider.actor, owner.org, b.userId, t.db)).rejects.toBeInstanceOf(NotFoundError);
      // Someone who is not a member (or no user at all) is not found.
      await expect(removeMember(owner.actor, owner.org, outsider.userId, t.db)).rejects.toBeInstanceOf(NotFoundError);
      await expect(removeMember(owner.actor, owner.org, "nope", t.db)).rejects.toBeInstanceOf(NotFoundError);
      expect(await getMembership(b.userId, owner.org, t.db)).not.toBeNull();
      const denied = (await events(t.db, owner.orgId)).filter((e) => e.action === "member.remove");
      expect(denied.map((e) => e.result)).toEqual(["denied", "denied", "denied", "denied", "denied"]);
      expect(denied.map((e) => e.actor).sort()).toEqual(
        [a.userId, a.userId, outsider.userId, owner.userId, owner.userId].sort(),
      );
    });

    it("a member leaves by themselves; the last admin may neither leave nor be removed", async () => {
      const owner = await userWithOrg(t.db);
      const m = await joiner(t.db, owner.orgId);
      await createTeam(owner.actor, owner.org, "qa", "", t.db);
      await addTeamMember(owner.actor, owner.org, "qa", m.userId, t.db);
      expect(await leaveOrganization(m.actor, owner.org, t.db)).toMatchObject({ login: m.login, teams: 1, grants: 0 });
      expect(await getMembership(m.userId, owner.org, t.db)).toBeNull();
      // Leaving twice: no longer a member, so the organization is not found.
      await expect(leaveOrganization(m.actor, owner.org, t.db)).rejects.toBeInstanceOf(NotFoundError);

      const last = leaveOrganization(owner.actor, owner.org, t.db);
      await expect(last).rejects.toBeInstanceOf(ConflictError);
      await expect(last).rejects.toThrow(/you are the last admin: an organization must keep at least one admin/);
      await expect(removeMember(owner.actor, owner.org, owner.userId, t.db)).rejects.toBeInstanceOf(ConflictError);
      expect((await getMembership(owner.userId, owner.org, t.db))?.role).toBe("admin");

      // With a second admin, an admin may leave (and may remove the other admin).
      const second = await joiner(t.db, owner.orgId, "admin");
      await leaveOrganization(owner.actor, owner.org, t.db);
      expect(await getMembership(owner.userId, owner.org, t.db)).toBeNull();
      await expect(leaveOrganization(second.actor, owner.org, t.db)).rejects.toBeInstanceOf(ConflictError);

      const log = await events(t.db, owner.orgId);
      expect(log).toContainEqual({ action: "member.leave", target: `user:${m.login} teams:1 grants:0`, result: "success", actor: m.userId });
      expect(log).toContainEqual({ action: "member.leave", target: `user:${owner.login} teams:0 grants:0`, result: "success", actor: owner.userId });
      expect(log.filter((e) => e.action === "member.leave" && e.result === "error").map((e) => e.actor)).toEqual([
        second.userId,
        owner.userId,
      ]);
    });

    it("admins change roles; the last admin cannot be demoted; members cannot change roles", async () => {
      const owner = await userWithOrg(t.db);
      const m = await joiner(t.db, owner.orgId);
      await expect(changeMemberRole(m.actor, owner.org, m.userId, "admin", t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(changeMemberRole(owner.actor, owner.org, m.userId, "owner" as never, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      const demoteSelf = changeMemberRole(owner.actor, owner.org, owner.userId, "member", t.db);
      await expect(demoteSelf).rejects.toBeInstanceOf(ConflictError);
      await expect(demoteSelf).rejects.toThrow(/last admin/);

      expect(await changeMemberRole(owner.actor, owner.org, m.userId, "admin", t.db)).toMatchObject({
        from: "member",
        to: "admin",
      });
      expect((await getMembership(m.userId, owner.org, t.db))?.role).toBe("admin");
      // Two admins now: the owner may step down, and then is a member who cannot change roles.
      await changeMemberRole(owner.actor, owner.org, owner.userId, "member", t.db);
      expect((await getMembership(owner.userId, owner.org, t.db))?.role).toBe("member");
      await expect(changeMemberRole(owner.actor, owner.org, m.userId, "member", t.db)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(changeMemberRole(m.actor, owner.org, m.userId, "member", t.db)).rejects.toBeInstanceOf(ConflictError);

      const log = (await events(t.db, owner.orgId)).filter((e) => e.action === "member.role");
      expect(log.filter((e) => e.result === "success").map((e) => e.target)).toEqual([
        `user:${owner.login} admin->member`,
        `user:${m.login} member->admin`,
      ]);
      expect(log.filter((e) => e.result === "denied")).toHaveLength(2);
      expect(log.filter((e) => e.result === "error")).toHaveLength(3);
    });

    it("two admins demoting or removing each other at once leave one admin", async () => {
      for (const op of ["demote", "remove"] as const) {
        const owner = await userWithOrg(t.db);
        const second = await joiner(t.db, owner.orgId, "admin");
        const run = (by: Actor, target: string) =>
          op === "demote"
            ? changeMemberRole(by, owner.org, target, "member", t.db)
            : removeMember(by, owner.org, target, t.db);
        const results = await Promise.allSettled([run(owner.actor, second.userId), run(second.actor, owner.userId)]);
        const admins = await t.db.membership.count({ where: { orgId: owner.orgId, role: "admin" } });
        expect({ op, admins }).toEqual({ op, admins: 1 });
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        // The loser is told plainly: either the rule (it saw the winner's change) or that it is
        // no longer an admin / no longer a member.
        expect(["ConflictError", "ForbiddenError", "NotFoundError"]).toContain((failed.reason as Error).name);
      }
    });

    it("environment admins who are not org admins list team names and grant to teams", async () => {
      const owner = await userWithOrg(t.db);
      const outsider = await userWithOrg(t.db);
      await setDefaultPermission(owner.actor, owner.org, "none", t.db);
      const envAdmin = await joiner(t.db, owner.orgId);
      const reader = await joiner(t.db, owner.orgId);
      const inTeam = await joiner(t.db, owner.orgId);
      await createEnvironment(owner.actor, owner.org, "p", "svc", "values:\n  a: 1\n", t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "svc", { userId: envAdmin.userId }, "admin", t.db);
      await grantEnvironmentPermission(owner.actor, owner.org, "p", "svc", { userId: reader.userId }, "read", t.db);
      await createTeam(owner.actor, owner.org, "zeta", "", t.db);
      await createTeam(owner.actor, owner.org, "alpha", "", t.db);
      await addTeamMember(owner.actor, owner.org, "alpha", inTeam.userId, t.db);

      // Any member sees the team names (not who is in them: listTeams stays for org admins).
      expect(await listTeamNames(envAdmin.actor, owner.org, t.db)).toEqual(["alpha", "zeta"]);
      expect(await listTeamNames(reader.actor, owner.org, t.db)).toEqual(["alpha", "zeta"]);
      await expect(listTeams(envAdmin.actor, owner.org, t.db)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listTeamNames(outsider.actor, owner.org, t.db)).rejects.toBeInstanceOf(NotFoundError);

      // The environment admin grants the team; its member can then read the environment.
      await expect(getEnvironment(inTeam.actor, owner.org, "p", "svc", undefined, t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await grantEnvironmentPermission(envAdmin.actor, owner.org, "p", "svc", { team: "alpha" }, "read", t.db);
      expect((await getEnvironment(inTeam.actor, owner.org, "p", "svc", undefined, t.db)).permission).toBe("read");
      const grants = await listEnvironmentGrants(envAdmin.actor, owner.org, "p", "svc", t.db);
      expect(grants.grants.filter((g) => g.team).map((g) => [g.team?.name, g.permission])).toEqual([["alpha", "read"]]);
      // Someone with less than admin on it cannot grant, to a team or anyone.
      await expect(
        grantEnvironmentPermission(reader.actor, owner.org, "p", "svc", { team: "zeta" }, "read", t.db),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(await events(t.db, owner.orgId)).toContainEqual({
        action: "permission.grant",
        target: "p/svc team:alpha=read",
        result: "success",
        actor: envAdmin.userId,
      });
    });
  });
}
