// Where the CLI keeps its login state, and how it picks a backend and a token.
// Our own file: `$ESC_CONFIG_DIR` | `$XDG_CONFIG_HOME/esc` | `~/.config/esc`, `credentials.json`,
// written with mode 0600. The reference's `~/.pulumi/credentials.json` (and `.esc/credentials.json`)
// is read as a fallback but never written, so logging in here does not disturb a Pulumi install.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Account {
  accessToken: string;
  username?: string;
  organizations?: string[];
  defaultOrg?: string;
  lastValidatedAt?: string;
}

export interface CredentialsFile {
  current?: string;
  accounts: Record<string, Account>;
}

export const DEFAULT_BACKEND = "https://api.pulumi.com";

/** The environment variables read here (process.env, or a test's own map). */
export type Env = Record<string, string | undefined>;

export function configDir(env: Env = process.env): string {
  if (env.ESC_CONFIG_DIR) return env.ESC_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, "esc");
  return path.join(os.homedir(), ".config", "esc");
}

function pulumiHome(env: Env): string {
  return env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export function loadCredentials(env: Env = process.env): CredentialsFile {
  const raw = readJson(path.join(configDir(env), "credentials.json"));
  if (!isRecord(raw) || !isRecord(raw.accounts)) return { accounts: {} };
  const accounts: Record<string, Account> = {};
  for (const [url, acct] of Object.entries(raw.accounts)) {
    if (isRecord(acct) && typeof acct.accessToken === "string") accounts[url] = acct as unknown as Account;
  }
  return { current: typeof raw.current === "string" ? raw.current : undefined, accounts };
}

export function saveCredentials(creds: CredentialsFile, env: Env = process.env): void {
  const dir = configDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "credentials.json");
  // Write to a private temp file and rename, so the token is never world-readable, even briefly.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(creds, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The reference CLI's login state (read-only): ESC's current account name, then Pulumi's. */
function pulumiCredentials(env: Env): { current?: string; tokens: Record<string, Account> } {
  const home = pulumiHome(env);
  const escFile = readJson(path.join(home, ".esc", "credentials.json"));
  const file = readJson(path.join(home, "credentials.json"));
  const tokens: Record<string, Account> = {};
  let current: string | undefined;
  if (isRecord(file)) {
    if (typeof file.current === "string") current = file.current;
    if (isRecord(file.accessTokens)) {
      for (const [url, tok] of Object.entries(file.accessTokens)) if (typeof tok === "string") tokens[url] = { accessToken: tok };
    }
    if (isRecord(file.accounts)) {
      for (const [url, acct] of Object.entries(file.accounts)) {
        if (isRecord(acct) && typeof acct.accessToken === "string") {
          tokens[url] = { accessToken: acct.accessToken, username: typeof acct.username === "string" ? acct.username : undefined };
        }
      }
    }
  }
  if (isRecord(escFile) && typeof escFile.name === "string" && escFile.name) current = escFile.name;
  return { current, tokens };
}

export function normalizeUrl(url: string): string {
  let u = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) u = `https://${u}`;
  return u.replace(/\/+$/, "");
}

/** Backend choice, in the reference's order plus ESC_URL: env vars, our current, Pulumi's current, default. */
export function chooseBackend(env: Env = process.env, creds = loadCredentials(env)): string {
  const fromEnv = env.PULUMI_BACKEND_URL || env.ESC_URL || env.PULUMI_API;
  if (fromEnv) return normalizeUrl(fromEnv);
  if (creds.current) return creds.current;
  const pulumi = pulumiCredentials(env);
  if (pulumi.current) return normalizeUrl(pulumi.current);
  return DEFAULT_BACKEND;
}

export interface ResolvedLogin {
  url: string;
  token?: string;
  account?: Account;
  source: "env" | "esc" | "pulumi" | "none";
}

/** The token for a backend: `PULUMI_ACCESS_TOKEN` wins, then our stored account, then Pulumi's. */
export function resolveLogin(env: Env = process.env): ResolvedLogin {
  const creds = loadCredentials(env);
  const url = chooseBackend(env, creds);
  const stored = creds.accounts[url];
  if (env.PULUMI_ACCESS_TOKEN) {
    const same = stored && stored.accessToken === env.PULUMI_ACCESS_TOKEN ? stored : undefined;
    return { url, token: env.PULUMI_ACCESS_TOKEN, account: same, source: "env" };
  }
  if (stored) return { url, token: stored.accessToken, account: stored, source: "esc" };
  const pulumi = pulumiCredentials(env).tokens[url];
  if (pulumi) return { url, token: pulumi.accessToken, account: pulumi, source: "pulumi" };
  return { url, source: "none" };
}
