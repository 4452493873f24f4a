// The browser half of `esc login`: the console's /cli-login page. The first test runs the real
// CLI (bin/esc.mjs) with a fake `xdg-open` on PATH that records the URL instead of opening a
// browser; Playwright plays the browser, signs in through the redirect and approves, and the test
// checks what the CLI saved. The others use a tiny listener standing in for the CLI.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, newAccount, screenshot, signUp, test } from "./fixtures";

const root = path.resolve(__dirname, "..");
const NONCE = "0123456789abcdef0123456789abcdef";

test("esc login in the browser: sign in through the redirect, approve, the CLI saves the token", async ({
  page,
  baseURL,
}) => {
  const account = newAccount("cli");
  await signUp(page, account);
  await page.context().clearCookies();

  const dir = mkdtempSync(path.join(tmpdir(), "esc-cli-login-"));
  const opened = path.join(dir, "opened-url");
  writeFileSync(path.join(dir, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
  chmodSync(path.join(dir, "xdg-open"), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dir}:${process.env.PATH}`,
    ESC_CONFIG_DIR: path.join(dir, "config"),
  };
  delete env.PULUMI_ACCESS_TOKEN;
  const cli = spawn(process.execPath, [path.join(root, "bin", "esc.mjs"), "login", baseURL!], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  cli.stdout.on("data", (d) => (output += d));
  cli.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
  try {
    cli.stdin.end("\n"); // Enter at the token prompt: log in with the browser
    await expect.poll(() => existsSync(opened), { message: `the CLI opened no URL:\n${output}` }).toBe(true);
    const url = new URL(readFileSync(opened, "utf8"));
    expect(url.origin + url.pathname).toBe(`${baseURL}/cli-login`);

    await page.goto(url.pathname + url.search);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/cli-login\?port=/);
    await expect(
      page.getByRole("heading", { name: "Authorize the esc CLI on this computer?" }),
    ).toBeVisible();
    await expect(page.getByText(account.email)).toBeVisible();
    await screenshot(page, "cli-login-approve");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText("You are logged in.")).toBeVisible(); // the CLI's own answer page

    expect(await exited, output).toBe(0);
    expect(output).toContain("Logged in to");
    const creds = JSON.parse(readFileSync(path.join(dir, "config", "credentials.json"), "utf8"));
    const saved = creds.accounts[baseURL!];
    expect(creds.current).toBe(baseURL);
    expect(saved.accessToken).toMatch(/^esc_/);
    expect(saved.organizations).toContain(account.org);
    // The token never shows up in a URL the browser visited.
    expect(page.url()).not.toContain(saved.accessToken);
  } finally {
    if (cli.exitCode === null) cli.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("approve posts the nonce and a working token; cancel sends nothing", async ({
  page,
  baseURL,
  request,
}) => {
  await signUp(page, newAccount("cli"));
  const listener = await startListener();
  try {
    await page.goto(`/cli-login?port=${listener.port}&nonce=${NONCE}`);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("status")).toContainText("Login cancelled");
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

    await page.goto(`/cli-login?port=${listener.port}&nonce=${NONCE}`);
    expect(listener.received).toEqual([]);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText("received")).toBeVisible();
    expect(listener.received).toHaveLength(1);
    const form = new URLSearchParams(listener.received[0]);
    expect(form.get("nonce")).toBe(NONCE);
    const token = form.get("accessToken") ?? "";
    const user = await request.get(`${baseURL}/api/user`, { headers: { authorization: `token ${token}` } });
    expect(user.status()).toBe(200);
    const denied = await request.get(`${baseURL}/api/user`, {
      headers: { authorization: "token esc_not-a-token" },
    });
    expect(denied.status()).toBe(401);
  } finally {
    await listener.close();
  }
});

test("an invalid port or nonce is refused before anything else", async ({ page }) => {
  for (const query of [
    "port=80&nonce=" + NONCE,
    "port=70000&nonce=" + NONCE,
    "port=8080",
    "port=8080&nonce=%3Cscript%3E",
    "port=8080&nonce=" + "a".repeat(500),
  ]) {
    await page.goto(`/cli-login?${query}`);
    await expect(page.getByRole("heading", { name: "Invalid login link" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  }
});

/** A stand-in for the CLI's loopback listener: records the bodies of POST /callback. */
async function startListener(): Promise<{ port: number; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/callback") received.push(body);
      res.writeHead(200, { "content-type": "text/html" }).end("<p>received</p>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
