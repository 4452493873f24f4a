import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseBackend, configDir, loadCredentials, resolveLogin, saveCredentials } from "./credentials";

function dirs() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "esc-creds-"));
  return { root, env: { ESC_CONFIG_DIR: path.join(root, "esc"), PULUMI_HOME: path.join(root, "pulumi") } };
}

describe("credentials", () => {
  it("finds the config dir from ESC_CONFIG_DIR, XDG_CONFIG_HOME, then ~/.config", () => {
    expect(configDir({ ESC_CONFIG_DIR: "/a" })).toBe("/a");
    expect(configDir({ XDG_CONFIG_HOME: "/x" })).toBe("/x/esc");
    expect(configDir({})).toBe(path.join(os.homedir(), ".config", "esc"));
  });

  it("saves with mode 0600 and reads back", () => {
    const { env } = dirs();
    saveCredentials({ current: "http://h", accounts: { "http://h": { accessToken: "tok", username: "u" } } }, env);
    const file = path.join(env.ESC_CONFIG_DIR as string, "credentials.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(loadCredentials(env).accounts["http://h"].accessToken).toBe("tok");
  });

  it("chooses the backend from PULUMI_BACKEND_URL, ESC_URL, our current, Pulumi's current, then the default", () => {
    const { env } = dirs();
    expect(chooseBackend(env)).toBe("https://api.pulumi.com");
    fs.mkdirSync(env.PULUMI_HOME as string, { recursive: true });
    fs.writeFileSync(path.join(env.PULUMI_HOME as string, "credentials.json"), JSON.stringify({ current: "https://p.example", accessTokens: { "https://p.example": "ptok" } }));
    expect(chooseBackend(env)).toBe("https://p.example");
    saveCredentials({ current: "http://ours", accounts: { "http://ours": { accessToken: "o" } } }, env);
    expect(chooseBackend(env)).toBe("http://ours");
    expect(chooseBackend({ ...env, ESC_URL: "esc.example/" })).toBe("https://esc.example");
    expect(chooseBackend({ ...env, ESC_URL: "http://e", PULUMI_BACKEND_URL: "http://b" })).toBe("http://b");
  });

  it("takes the token from PULUMI_ACCESS_TOKEN, our account, then Pulumi's file (read-only)", () => {
    const { env } = dirs();
    fs.mkdirSync(env.PULUMI_HOME as string, { recursive: true });
    const pulumiFile = path.join(env.PULUMI_HOME as string, "credentials.json");
    const pulumiJson = JSON.stringify({ current: "https://p.example", accounts: { "https://p.example": { accessToken: "ptok", username: "pu" } } });
    fs.writeFileSync(pulumiFile, pulumiJson);
    expect(resolveLogin(env)).toMatchObject({ url: "https://p.example", token: "ptok", source: "pulumi" });
    expect(resolveLogin({ ...env, PULUMI_ACCESS_TOKEN: "envtok" })).toMatchObject({ token: "envtok", source: "env" });
    saveCredentials({ current: "https://p.example", accounts: { "https://p.example": { accessToken: "ours" } } }, env);
    expect(resolveLogin(env)).toMatchObject({ token: "ours", source: "esc" });
    expect(fs.readFileSync(pulumiFile, "utf8")).toBe(pulumiJson);
  });

  it("ignores malformed files", () => {
    const { env } = dirs();
    fs.mkdirSync(env.ESC_CONFIG_DIR as string, { recursive: true });
    fs.writeFileSync(path.join(env.ESC_CONFIG_DIR as string, "credentials.json"), "{not json");
    expect(loadCredentials(env)).toEqual({ accounts: {} });
    expect(resolveLogin(env).source).toBe("none");
  });
});
