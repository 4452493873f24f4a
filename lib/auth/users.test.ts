import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { ConflictError, ValidationError } from "@/lib/environments/errors";
import { createUser, loginFromEmail, verifyCredentials } from "./users";

describe("loginFromEmail", () => {
  it("derives a handle that fits the ESC org-name rule", () => {
    const rule = /^[a-zA-Z0-9][a-zA-Z0-9-_]{1,38}[a-zA-Z0-9]$/;
    for (const [email, login] of [
      ["Jane.Doe+ci@example.com", "jane-doe-ci"],
      ["a@x.io", "user-a"],
      ["__@x.io", "user"],
      ["éé@x.io", "user"],
      [`${"x".repeat(80)}@x.io`, "x".repeat(32)],
    ]) {
      expect(loginFromEmail(email)).toBe(login);
      expect(loginFromEmail(email)).toMatch(rule);
    }
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`users on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
    });
    afterAll(() => t?.drop());

    it("signs up, signs in, and refuses wrong or unknown credentials alike", async () => {
      const user = await createUser(
        { email: " Ada@Example.com ", password: "analytical engine", name: "Ada" },
        t.db,
      );
      expect(user).toMatchObject({ email: "ada@example.com", login: "ada", name: "Ada" });
      expect(await verifyCredentials("ADA@example.com", "analytical engine", t.db)).toMatchObject({
        id: user.id,
      });
      expect(await verifyCredentials("ada@example.com", "difference engine", t.db)).toBeNull();
      expect(await verifyCredentials("nobody@example.com", "analytical engine", t.db)).toBeNull();
      expect(await verifyCredentials("not an email", "x", t.db)).toBeNull();
      expect(await verifyCredentials(undefined, null, t.db)).toBeNull();
      const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordHash).not.toContain("analytical");
    });

    it("gives distinct logins to same-named emails, also when signing up at once", async () => {
      const users = await Promise.all(
        ["ops@a.test", "ops@b.test", "ops@c.test", "ops@d.test"].map((email) =>
          createUser({ email, password: "password-123" }, t.db),
        ),
      );
      const logins = users.map((u) => u.login);
      expect(new Set(logins).size).toBe(4);
      expect(logins).toContain("ops");
      expect(users[0].name).toBe(users[0].login);
    });

    it("rejects duplicates and bad input with clear errors", async () => {
      await createUser({ email: "dup@example.com", password: "password-123" }, t.db);
      await expect(
        createUser({ email: "DUP@example.com", password: "password-456" }, t.db),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(createUser({ email: "nope", password: "password-123" }, t.db)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(createUser({ email: "x@example.com", password: "short" }, t.db)).rejects.toThrow(
        /at least 8/,
      );
      await expect(
        createUser({ email: "y@example.com", password: "password-123", name: "n".repeat(101) }, t.db),
      ).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
