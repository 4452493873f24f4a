import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password only, with a random salt each time", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("answers false, never throws, for hashes it cannot read", async () => {
    for (const bad of [
      "",
      "plain",
      "bcrypt$x",
      "scrypt$3$8$1$AAAA$AAAA",
      "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "scrypt$32768$8$1$$",
    ]) {
      expect(await verifyPassword("whatever-password", bad)).toBe(false);
    }
    expect(await verifyPassword("x".repeat(5000), await hashPassword("short-password"))).toBe(false);
  });

  it("states why a new password is unacceptable", () => {
    expect(passwordProblem("short")).toMatch(/at least 8/);
    expect(passwordProblem("x".repeat(2000))).toMatch(/at most/);
    expect(passwordProblem(12345678)).toMatch(/string/);
    expect(passwordProblem("long enough")).toBeNull();
  });
});
