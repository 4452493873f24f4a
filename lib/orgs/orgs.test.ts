import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { createUser } from "@/lib/auth/users";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { addMember } from "./add-member";
import { createOrganization } from "./create-organization";
import { getMembership, listMemberships, requireMembership } from "./memberships";

process.env.ESC_MASTER_KEY ??= Buffer.alloc(32, 7).toString("base64");

for (const kind of DATABASE_KINDS) {
  describe(`organizations on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("makes the creator admin, with a data key, and lists memberships oldest first", async () => {
      const u = await createUser({ email: "owner@example.com", password: "password-123" }, t.db);
      const first = await createOrganization(u.id, "acme", t.db);
      await createOrganization(u.id, "acme-labs_2", t.db);
      expect((await listMemberships(u.id, t.db)).map((m) => [m.orgName, m.role])).toEqual([
        ["acme", "admin"],
        ["acme-labs_2", "admin"],
      ]);
      expect(await getMembership(u.id, "acme", t.db)).toMatchObject({
        orgId: first.id,
        orgName: "acme",
        role: "admin",
      });
      expect(await getMembership(u.id, "other", t.db)).toBeNull();
      await expect(requireMembership(u.id, "other", t.db)).rejects.toBeInstanceOf(NotFoundError);
      expect(
        (await t.db.organization.findUniqueOrThrow({ where: { id: first.id } })).wrappedDataKey,
      ).not.toBeNull();
    });

    it("enforces the org-name rule and uniqueness", async () => {
      const u = await createUser({ email: "names@example.com", password: "password-123" }, t.db);
      for (const bad of ["ab", "-abc", "abc-", "a b c", "x".repeat(41), "", "ünï"]) {
        await expect(createOrganization(u.id, bad, t.db)).rejects.toBeInstanceOf(ValidationError);
      }
      await createOrganization(u.id, "taken-name", t.db);
      await expect(createOrganization(u.id, "taken-name", t.db)).rejects.toBeInstanceOf(ConflictError);
      await expect(createOrganization("no-such-user", "fresh-name", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it("lets only admins add members", async () => {
      const admin = await createUser({ email: "admin@example.com", password: "password-123" }, t.db);
      const member = await createUser({ email: "member@example.com", password: "password-123" }, t.db);
      const third = await createUser({ email: "third@example.com", password: "password-123" }, t.db);
      await createOrganization(admin.id, "team", t.db);
      // Outsiders cannot even learn that the organization exists.
      await expect(addMember(member.id, "team", "third@example.com", "member", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await addMember(admin.id, "team", "Member@Example.com", "member", t.db)).toMatchObject({
        orgName: "team",
        role: "member",
      });
      await expect(addMember(member.id, "team", "third@example.com", "member", t.db)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(addMember(admin.id, "team", "member@example.com", "admin", t.db)).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(addMember(admin.id, "team", "ghost@example.com", "member", t.db)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        addMember(admin.id, "team", "third@example.com", "owner" as "admin", t.db),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await getMembership(third.id, "team", t.db)).toBeNull();
    });
  });
}
