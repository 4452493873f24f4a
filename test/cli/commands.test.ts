// The CLI's other commands as a real child process against the fake server: login/logout and the
// credentials file, browser login, open formats, clone, tags, rollback, rm confirmation, help.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeEscServer } from "./fake-server";
import { ensureCliBuilt, escEnv, runEsc, startEsc } from "./run-esc";

let server: FakeEscServer;

beforeAll(async () => {
  ensureCliBuilt();
  server = await new FakeEscServer({ organizations: ["acme"] }).start();
  await server.seed("test-user/default/app", [
    "values:\n  greeting: hello\n",
    "values:\n  greeting: bonjour\n  pw:\n    fn::secret: hunter2\n  environmentVariables:\n    GREETING: ${greeting}\n    WEIRD: a \"$HOME\" `x`\n  files:\n    CONF: conf-${greeting}\n",
  ]);
});

afterAll(async () => {
  await server.stop();
});

describe("esc login / logout", () => {
  it("validates a token read from stdin, saves it 0600 and uses it afterwards", async () => {
    const env = escEnv(server.url, "", { PULUMI_ACCESS_TOKEN: undefined, PULUMI_BACKEND_URL: undefined });
    const login = await runEsc(["login", server.url], { env, stdin: `${server.token}\n` });
    expect(login.stdout).toBe(`Logged in to ${new URL(server.url).host} as test-user (${server.url}/test-user)\n`);
    expect(login.stderr).not.toContain(server.token);
    expect(login.code).toBe(0);
    const file = path.join(env.ESC_CONFIG_DIR as string, "credentials.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ current: server.url, accounts: { [server.url]: { accessToken: server.token, username: "test-user" } } });

    const get = await runEsc(["env", "get", "app", "greeting", "--value", "string"], { env });
    expect(get.stdout).toBe("bonjour\n");

    const logout = await runEsc(["logout"], { env });
    expect(logout.stdout).toBe(`Logged out of ${server.url}\n`);
    const after = await runEsc(["env", "ls"], { env });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("not logged in");
    expect((await runEsc(["logout"], { env })).stdout).toBe("Already logged out.\n");
  });

  it("rejects an invalid token without saving it", async () => {
    const env = escEnv(server.url, "nope-not-valid", { PULUMI_BACKEND_URL: undefined });
    const r = await runEsc(["login", server.url], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: invalid access token for ${server.url}\n`);
    expect(fs.existsSync(path.join(env.ESC_CONFIG_DIR as string, "credentials.json"))).toBe(false);
  });

  it("logs in through the browser callback when the prompt is left empty", async () => {
    const env = escEnv(server.url, "", { PULUMI_ACCESS_TOKEN: undefined, PULUMI_BACKEND_URL: undefined, PATH: "/nonexistent" });
    const child = startEsc(["login", server.url], { env });
    let stderr = "";
    const urlSeen = new Promise<URL>((resolve) =>
      child.stderr?.on("data", (d) => {
        stderr += d;
        const m = /Opening (\S+) in your browser/.exec(stderr);
        if (m) resolve(new URL(m[1]));
      }),
    );
    child.stdin?.write("\n");
    const loginUrl = await urlSeen;
    expect(loginUrl.pathname).toBe("/cli-login");
    const port = loginUrl.searchParams.get("port");
    const nonce = loginUrl.searchParams.get("nonce") as string;
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: Number(port), path: "/callback", method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(body);
      });
    expect(await post(`accessToken=${server.token}&nonce=wrong`)).toBe(403);
    expect(await post(`accessToken=${server.token}&nonce=${nonce}`)).toBe(200);
    let stdout = "";
    child.stdout?.on("data", (d) => (stdout += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toContain("as test-user");
  });
});

describe("env commands", () => {
  const env = () => escEnv(server.url, server.token);

  it("open prints json, string, shell (safely quoted) and writes dotenv files that stay", async () => {
    const e = env();
    expect(JSON.parse((await runEsc(["env", "open", "app"], { env: e })).stdout)).toMatchObject({ greeting: "bonjour", pw: "hunter2" });
    expect((await runEsc(["open", "app", "greeting", "--format", "string"], { env: e })).stdout).toBe("bonjour\n");
    const shell = (await runEsc(["open", "app", "--format", "shell"], { env: e })).stdout;
    expect(shell).toContain('export GREETING="bonjour"\n');
    expect(shell).toContain('export WEIRD="a \\"\\$HOME\\" \\`x\\`"\n');
    const dotenv = (await runEsc(["open", "app", "--format", "dotenv"], { env: e })).stdout;
    const conf = /CONF="([^"]+)"/.exec(dotenv)?.[1] as string;
    expect(fs.readFileSync(conf, "utf8")).toBe("conf-bonjour");
    fs.rmSync(path.dirname(conf), { recursive: true });
    const bad = await runEsc(["open", "app", "--format", "xml"], { env: e });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown output format "xml"');
  });

  it("opens old revisions and tags", async () => {
    const e = env();
    expect((await runEsc(["open", "app@2", "greeting", "-f", "string"], { env: e })).stdout).toBe("hello\n");
    await runEsc(["env", "version", "tag", "app@v1", "2"], { env: e });
    expect((await runEsc(["open", "app@v1", "greeting", "-f", "string"], { env: e })).stdout).toBe("hello\n");
    const ls = (await runEsc(["env", "version", "tag", "ls", "app", "--utc"], { env: e })).stdout;
    expect(ls).toMatch(/│ v1 +│ +2 │/);
    await runEsc(["env", "version", "tag", "rm", "app@v1"], { env: e });
    expect((await runEsc(["open", "app@v1"], { env: e })).code).toBe(1);
  });

  it("rolls back, clones and removes with confirmation", async () => {
    const e = env();
    await server.seed("test-user/default/rb", ["values:\n  v: one\n", "values:\n  v: two\n"]);
    expect((await runEsc(["env", "version", "rollback", "rb@2"], { env: e })).code).toBe(0);
    expect((await runEsc(["open", "rb", "v", "-f", "string"], { env: e })).stdout).toBe("one\n");
    const patch = server.requests.filter((q) => q.method === "PATCH" && q.path.endsWith("/rb")).pop();
    expect(patch?.headers.etag).toBeTruthy();

    expect((await runEsc(["env", "clone", "default/rb", "rb-copy"], { env: e })).code).toBe(0);
    expect((await runEsc(["env", "ls"], { env: e })).stdout).toContain("default/rb-copy\n");

    const declined = await runEsc(["env", "rm", "rb-copy"], { env: e, stdin: "no\n" });
    expect(declined.code).toBe(1);
    expect(server.envs.has("test-user/default/rb-copy")).toBe(true);
    const confirmed = await runEsc(["env", "rm", "rb-copy"], { env: e, stdin: "test-user/default/rb-copy\n" });
    expect(confirmed.stdout).toBe('Environment "test-user/default/rb-copy" has been removed!\n');
    expect(server.envs.has("test-user/default/rb-copy")).toBe(false);
  });

  it("edits a definition in an editor (here: sed) and diffs versions", async () => {
    const e = env();
    await server.seed("test-user/default/ed", ["values:\n  word: hello\n"]);
    const edit = await runEsc(["env", "edit", "ed", "--editor", "sed -i s/hello/bye/"], { env: e });
    expect(edit.stderr).toBe("");
    expect((await runEsc(["open", "ed", "word", "-f", "string"], { env: e })).stdout).toBe("bye\n");
    const diff = await runEsc(["env", "diff", "ed@2"], { env: e });
    expect(diff.stdout).toContain('-  "word": "hello"\n+  "word": "bye"\n');
    expect(diff.stdout).toContain("--- test-user/default/ed@2\n+++ test-user/default/ed@latest\n");
    const failing = await runEsc(["env", "edit", "ed", "--editor", "false"], { env: e });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe("Error: editor false failed; the environment was not changed\n");
  });

  it("prints help for every command and rejects unknown flags with a hint", async () => {
    for (const cmd of [["env", "get"], ["env", "set"], ["env", "run"], ["open"], ["login"], ["env", "version", "tag", "ls"]]) {
      const r = await runEsc([...cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage:");
    }
    const bad = await runEsc(["env", "ls", "--bogus"], { env: env() });
    expect(bad.stderr).toBe("Error: unknown flag: --bogus\nRun 'esc env ls --help' for usage.\n");
    expect((await runEsc(["version"])).stdout).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it("fails clearly when the URL is not an ESC server", async () => {
    const html = http.createServer((_req, res) => res.end("<html>hello</html>"));
    await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(html.address() as { port: number }).port}`;
    const r = await runEsc(["env", "ls"], { env: escEnv(url, "t") });
    html.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: unexpected answer from ${url} (not JSON); is this an ESC server?\n`);
  });

  it("fails clearly when the server is unreachable", async () => {
    const r = await runEsc(["env", "ls"], { env: escEnv("http://127.0.0.1:9", "t") });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: could not reach http://127.0.0.1:9: ECONNREFUSED\n");
  });
});
