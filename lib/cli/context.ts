// What every command gets: its streams, the environment, and a lazily logged-in API client with
// name resolution. Nothing touches the network until a command asks for it.
import type { Readable, Writable } from "node:stream";
import { EscClient, ApiError } from "./client";
import { resolveLogin, type ResolvedLogin } from "./credentials";
import { resolveExisting, resolveNew, type NameContext } from "./names";
import type { EnvRef } from "./types";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class Context implements NameContext {
  private login?: ResolvedLogin;
  private apiClient?: EscClient;
  private orgPromise?: Promise<string>;
  private userPromise?: Promise<{ login: string; orgs: string[] }>;

  constructor(readonly io: Io) {}

  out(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(text);
  }

  warn(message: string): void {
    this.err(message + "\n");
  }

  get backend(): ResolvedLogin {
    this.login ??= resolveLogin(this.io.env);
    return this.login;
  }

  client(): EscClient {
    if (!this.apiClient) {
      const login = this.backend;
      if (!login.token) {
        throw new CliError(`not logged in to ${login.url}; run \`esc login\` or set PULUMI_ACCESS_TOKEN`);
      }
      this.apiClient = new EscClient(login.url, login.token);
    }
    return this.apiClient;
  }

  private user(): Promise<{ login: string; orgs: string[] }> {
    this.userPromise ??= (async () => {
      const acct = this.backend.account;
      if (acct?.username && acct.organizations) return { login: acct.username, orgs: acct.organizations };
      const user = await this.client().getUser();
      return { login: user.githubLogin, orgs: (user.organizations ?? []).map((o) => o.githubLogin) };
    })();
    return this.userPromise;
  }

  /** `ESC_DEFAULT_ORG`, the stored default, the server's default org, else the user's login. */
  defaultOrg(): Promise<string> {
    this.orgPromise ??= (async () => {
      const fromEnv = this.io.env.ESC_DEFAULT_ORG;
      if (fromEnv) return fromEnv;
      const stored = this.backend.account?.defaultOrg;
      if (stored) return stored;
      const org = await this.client().getDefaultOrg();
      return org ?? (await this.user()).login;
    })();
    return this.orgPromise;
  }

  exists(ref: EnvRef): Promise<boolean> {
    return this.client().exists(ref);
  }

  async isOrg(name: string): Promise<boolean> {
    const user = await this.user();
    return user.login === name || user.orgs.includes(name);
  }

  async projectExists(org: string, project: string): Promise<boolean> {
    try {
      const envs = await this.client().listEnvironments(org);
      return envs.some((e) => e.project === project);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    }
  }

  resolve(text: string): Promise<EnvRef> {
    return resolveExisting(text, this);
  }

  resolveNew(text: string): Promise<EnvRef> {
    return resolveNew(text, this);
  }
}
