// `esc env run` as a real child process against the fake server: variables, files (and their
// removal on success, failure and interrupt), masking, exit codes, signals and stdin.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeEscServer } from "./fake-server";
import { collect, ensureCliBuilt, escEnv, runEsc, startEsc } from "./run-esc";

const ENV = `values:
  secret:
    fn::secret: hunter2
  plain: plaintext
  yup: true
  pi: 3.14
  environmentVariables:
    SECRET: \${secret}
    PLAIN: \${plain}
    BOOL: \${yup}
    NUM: \${pi}
  files:
    FILE: |
      export F_SECRET=\${secret}
      export F_PLAIN=\${plain}
    NUM_FILE: \${pi}
`;

let server: FakeEscServer;
let env: Record<string, string | undefined>;
const NAME = "test-user/default/test";

beforeAll(async () => {
  ensureCliBuilt();
  server = await new FakeEscServer().start();
  await server.seed(NAME, [ENV]);
  await server.seed("test-user/default/broken", ["values:\n  x: ${nope}\n"]);
  env = escEnv(server.url, server.token);
});

afterAll(async () => {
  await server.stop();
});

const node = (code: string) => [process.execPath, "-e", code];

describe("esc env run", () => {
  it("projects environment variables (numbers and booleans as strings) and masks secrets", async () => {
    const r = await runEsc(["env", "run", NAME, "--", ...node("const e=process.env;console.log([e.SECRET,e.PLAIN,e.BOOL,e.NUM].join(' '))")], { env });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("[secret] plaintext true 3.14\n");
    expect(r.code).toBe(0);
  });

  it("gives the child real values and shows them with -i", async () => {
    const r = await runEsc(["env", "run", "-i", NAME, "--", ...node("console.log(process.env.SECRET)")], { env });
    expect(r.stdout).toBe("hunter2\n");
  });

  it("accepts -i after the name and needs no -- for flag-less commands", async () => {
    const r = await runEsc(["env", "run", NAME, "-i", "printenv", "SECRET"], { env });
    expect(r.stdout).toBe("hunter2\n");
  });

  it("opens with the Go duration of --lifetime (default 2h0m0s)", async () => {
    await runEsc(["env", "run", NAME, "-l", "90m", "true"], { env });
    await runEsc(["env", "run", NAME, "true"], { env });
    const opens = server.requests.filter((q) => q.method === "POST" && q.path.includes("/open?"));
    expect(opens.slice(-2).map((q) => new URL(q.path, "http://x").searchParams.get("duration"))).toEqual(["1h30m0s", "2h0m0s"]);
  });

  it("masks a secret split across output chunks and in stderr", async () => {
    const script = "process.stdout.write('a-hun');setTimeout(()=>{process.stdout.write('ter2-b\\n');process.stderr.write('e:hunter2\\n')},50)";
    const r = await runEsc(["env", "run", NAME, "--", ...node(script)], { env });
    expect(r.stdout).toBe("a-[secret]-b\n");
    expect(r.stderr).toBe("e:[secret]\n");
  });

  it("interpolates ${path} in arguments and masks secrets used there", async () => {
    const r = await runEsc(["env", "run", NAME, "--", "echo", "s=${secret} p=${plain}"], { env });
    expect(r.stdout).toBe("s=[secret] p=plaintext\n");
  });

  it("writes files 0600 whose paths are in the variables, and removes them afterwards", async () => {
    const script = "const fs=require('fs');const f=process.env.FILE;console.log(f);console.log((fs.statSync(f).mode&0o777).toString(8));console.log(fs.readFileSync(f,'utf8').includes('F_PLAIN=plaintext'));console.log(fs.readFileSync(process.env.NUM_FILE,'utf8'))";
    const r = await runEsc(["env", "run", "-i", NAME, "--", ...node(script)], { env });
    const [file, mode, hasPlain, num] = r.stdout.trim().split("\n");
    expect(mode).toBe("600");
    expect(hasPlain).toBe("true");
    expect(num).toBe("3.14");
    expect(fs.existsSync(file)).toBe(false);
  });

  it("propagates the child's exit code and still removes the files", async () => {
    const r = await runEsc(["env", "run", NAME, "--", ...node("console.log(process.env.FILE);process.exit(42)")], { env });
    expect(r.code).toBe(42);
    expect(fs.existsSync(r.stdout.trim())).toBe(false);
  });

  it("forwards SIGTERM to the child, exits 128+15 and removes the files", async () => {
    const child = startEsc(["env", "run", NAME, "--", ...node("process.on('SIGTERM',()=>{console.log('child got TERM');process.exit(143)});console.log(process.env.FILE);setInterval(()=>{},1000)")], { env });
    const done = collect(child);
    let seen = "";
    await new Promise<void>((resolve) => child.stdout?.on("data", (d) => ((seen += d), seen.includes("\n") && resolve())));
    const file = seen.split("\n")[0];
    expect(fs.existsSync(file)).toBe(true);
    child.kill("SIGTERM");
    const r = await done;
    expect(r.stdout).toContain("child got TERM");
    expect(r.code).toBe(143);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("reports a child killed by a signal as 128+N (SIGINT forwarded to a child that does not handle it)", async () => {
    const child = startEsc(["env", "run", NAME, "--", ...node("console.log('ready');setInterval(()=>{},1000)")], { env });
    const done = collect(child);
    await new Promise<void>((resolve) => child.stdout?.on("data", () => resolve()));
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
  });

  it("gives the child SIGPIPE when esc's reader goes away (esc run … | head), without a crash", async () => {
    const child = startEsc(["env", "run", NAME, "--", "yes", "hunter2"], { env });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const first = await new Promise<string>((resolve) => child.stdout?.once("data", (d) => resolve(String(d))));
    expect(first.startsWith("[secret]\n")).toBe(true);
    child.stdout?.destroy();
    const code = await new Promise((resolve) => child.on("close", (c) => resolve(c)));
    expect(code).toBe(141);
    expect(stderr).toBe("");
  });

  it("passes stdin through to the child", async () => {
    const r = await runEsc(["env", "run", NAME, "--", "cat"], { env, stdin: "hello from stdin\n" });
    expect(r.stdout).toBe("hello from stdin\n");
  });

  it("does not run the command when the environment has errors", async () => {
    const r = await runEsc(["env", "run", "test-user/default/broken", "--", "touch", "/tmp/esc-should-not-exist"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown property "nope"');
    expect(fs.existsSync("/tmp/esc-should-not-exist")).toBe(false);
  });

  it("fails clearly without an environment, for an unknown command and for a missing environment", async () => {
    const none = await runEsc(["run", "--", "true"], { env });
    expect(none.stderr.split("\n")[0]).toBe("Error: no environment specified");
    expect(none.code).toBe(1);
    const missing = await runEsc(["env", "run", NAME, "--", "no-such-command-xyz"], { env });
    expect(missing.stderr).toBe("Error: command not found: no-such-command-xyz\n");
    expect(missing.code).toBe(127);
    const notFound = await runEsc(["env", "run", "test-user/default/nope", "--", "true"], { env });
    expect(notFound.stderr).toBe("Error: not found\n");
    expect(notFound.code).toBe(1);
  });

  it("never prints the token in errors", async () => {
    const bad = await runEsc(["env", "run", NAME, "--", "true"], { env: { ...env, PULUMI_ACCESS_TOKEN: "wrong-secret-token" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid access token");
    expect(bad.stderr).not.toContain("wrong-secret-token");
  });
});
