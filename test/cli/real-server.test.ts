// The CLI against the real application (scripts/serve.mjs, SQLite, real tokens): the journey from the
// seed story — log in, create an environment, set values and a secret, then `esc env run` with
// masking, files and the child's exit status — plus get, open, history, tags and rollback.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";
import { ensureCliBuilt, escEnv, runEsc } from "./run-esc";

let server: TestServer;
let token: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  ensureCliBuilt();
  server = await startServer();
  token = await seedUserWithOrg(server, "alice", "acme");
  // Logged in through `esc login`, not through PULUMI_ACCESS_TOKEN, as a user would be.
  env = escEnv(server.url, "", { PULUMI_ACCESS_TOKEN: undefined, PULUMI_BACKEND_URL: undefined });
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe("esc against the real server", () => {
  it("logs in with a token from stdin", async () => {
    const r = await runEsc(["login", server.url], { env, stdin: `${token}\n` });
    expect(r.stderr).not.toContain(token);
    expect(r.stdout).toContain("as alice");
    expect(r.code).toBe(0);
  });

  it("creates an environment and sets values and a secret", async () => {
    expect((await runEsc(["env", "init", "acme/app/dev"], { env })).stdout).toBe("Environment created: acme/app/dev\n");
    for (const args of [
      ["greeting", "hello"],
      ["password", "hunter22", "--secret"],
      ["environmentVariables.GREETING", "${greeting}"],
      ["environmentVariables.PASSWORD", "${password}"],
      ["files.CONF", "pw=${password}"],
    ]) {
      const r = await runEsc(["env", "set", "acme/app/dev", ...args], { env });
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.code).toBe(0);
    }
    const get = await runEsc(["env", "get", "acme/app/dev", "password"], { env });
    expect(get.stdout).toContain('"[secret]"');
    expect(get.stdout).not.toContain("hunter22");
    // acme is the default org (the user's only one), so it is left out, as the reference does for the user's own.
    expect((await runEsc(["env", "ls"], { env })).stdout).toContain("app/dev\n");
  });

  it("runs a command with the environment, masking the secret and keeping the exit status", async () => {
    const script = "const fs=require('fs');console.log(process.env.GREETING, process.env.PASSWORD, fs.readFileSync(process.env.CONF,'utf8'));console.log(process.env.CONF);process.exit(7)";
    const r = await runEsc(["env", "run", "acme/app/dev", "--", process.execPath, "-e", script], { env });
    const [line, file] = r.stdout.trim().split("\n");
    // The file content interpolates a secret, so all of it is secret and masked whole.
    expect(line).toBe("hello [secret] [secret]");
    expect(r.code).toBe(7);
    expect(fs.existsSync(file)).toBe(false);
    const interactive = await runEsc(["env", "run", "-i", "acme/app/dev", "--", "printenv", "PASSWORD"], { env });
    expect(interactive.stdout).toBe("hunter22\n");
  });

  it("opens, lists history, tags and rolls back", async () => {
    expect(JSON.parse((await runEsc(["env", "open", "acme/app/dev"], { env })).stdout)).toMatchObject({ greeting: "hello", password: "hunter22" });
    const history = await runEsc(["env", "version", "history", "acme/app/dev", "--utc"], { env });
    expect(history.stdout).toMatch(/^revision 6\n/);
    expect((await runEsc(["env", "version", "tag", "acme/app/dev@stable", "2"], { env })).code).toBe(0);
    expect((await runEsc(["open", "acme/app/dev@stable", "greeting", "-f", "string"], { env })).stdout).toBe("hello\n");
    expect((await runEsc(["env", "version", "rollback", "acme/app/dev@2"], { env })).code).toBe(0);
    const after = JSON.parse((await runEsc(["open", "acme/app/dev"], { env })).stdout);
    expect(after).toEqual({ greeting: "hello" });
  });

  it("reports missing environments and removes one", async () => {
    const missing = await runEsc(["env", "get", "acme/app/nope"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: /);
    const rm = await runEsc(["env", "rm", "acme/app/dev", "-y"], { env });
    expect(rm.stdout).toBe('Environment "acme/app/dev" has been removed!\n');
  });
});
