// `esc login [URL]` and `esc logout [URL]`.
import { boolFlag, stringFlag, UsageError } from "../args";
import { ApiError, EscClient } from "../client";
import type { Command } from "../command";
import { CliError } from "../context";
import { chooseBackend, DEFAULT_BACKEND, loadCredentials, normalizeUrl, saveCredentials } from "../credentials";
import { readLine } from "../prompt";

/** How the reference names a backend: pulumi.com for its cloud, else the host. */
function displayHost(url: string): string {
  const u = new URL(url);
  return u.hostname === "api.pulumi.com" ? "pulumi.com" : u.host;
}

/** Where the console lives: app.pulumi.com for Pulumi Cloud; our server serves both. */
function consoleUrl(url: string): string {
  return url === DEFAULT_BACKEND ? "https://app.pulumi.com" : url;
}

export const loginCommand: Command = {
  name: "login",
  summary: "Log in to the Pulumi Cloud",
  usage: "esc login [<url>] [flags]",
  description: `Log in to an ESC server (or the Pulumi Cloud).

The URL comes from the argument, --cloud-url, PULUMI_BACKEND_URL or ESC_URL, the current login,
else https://api.pulumi.com. The token comes from PULUMI_ACCESS_TOKEN, else a prompt (hidden
input); pressing Enter at the prompt approves the login in your browser instead.
Credentials are saved with mode 0600 in $ESC_CONFIG_DIR, $XDG_CONFIG_HOME/esc or ~/.config/esc.`,
  flags: [
    { name: "cloud-url", short: "c", type: "string", description: "the URL of the server to log in to" },
    { name: "default-org", type: "string", description: "the organization used for names without one" },
    { name: "insecure", type: "bool", description: "accepted for compatibility; TLS is always verified" },
  ],
  async run(args, ctx) {
    if (args.positionals.length > 1) throw new UsageError(`accepts at most 1 arg(s), received ${args.positionals.length}`);
    const given = args.positionals[0] ?? stringFlag(args, "cloud-url");
    const url = given ? normalizeUrl(given) : chooseBackend(ctx.io.env);
    if (!/^https?:\/\//.test(url)) throw new CliError(`unsupported URL ${url}: expected http:// or https://`);
    if (new URL(url).hostname === "app.pulumi.com") throw new CliError("app.pulumi.com is the console; log in to https://api.pulumi.com instead");

    let token = ctx.io.env.PULUMI_ACCESS_TOKEN;
    if (!token) {
      ctx.err(`Manage your ESC environments by logging in.\nRun \`esc login --help\` for alternative login options.\n`);
      ctx.err(`Enter your access token from ${consoleUrl(url)}/account/tokens\n    or hit <ENTER> to log in using your browser                   :  `);
      token = (await readLine(ctx.io, true)).trim();
      if (!token) token = await (await import("../browser-login")).browserLogin({ baseUrl: consoleUrl(url), log: (m) => ctx.err(m) });
    }
    const client = new EscClient(url, token);
    let user;
    try {
      user = await client.getUser();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw new CliError(`invalid access token for ${url}`);
      throw err;
    }
    if (!user.githubLogin) throw new CliError(`unexpected answer from ${url}/api/user: no user name`);
    const creds = loadCredentials(ctx.io.env);
    creds.accounts[url] = {
      accessToken: token,
      username: user.githubLogin,
      organizations: (user.organizations ?? []).map((o) => o.githubLogin),
      defaultOrg: stringFlag(args, "default-org") ?? creds.accounts[url]?.defaultOrg,
      lastValidatedAt: new Date().toISOString(),
    };
    creds.current = url;
    saveCredentials(creds, ctx.io.env);
    ctx.out(`Logged in to ${displayHost(url)} as ${user.githubLogin} (${consoleUrl(url)}/${user.githubLogin})\n`);
    return 0;
  },
};

export const logoutCommand: Command = {
  name: "logout",
  summary: "Log out of the Pulumi Cloud",
  usage: "esc logout [<url>] [flags]",
  description: "Log out of the current server (or the given URL), forgetting its stored token.",
  flags: [
    { name: "all", type: "bool", description: "log out of all servers" },
    { name: "cloud-url", short: "c", type: "string", description: "the URL of the server to log out of" },
  ],
  async run(args, ctx) {
    const creds = loadCredentials(ctx.io.env);
    if (boolFlag(args, "all")) {
      saveCredentials({ accounts: {} }, ctx.io.env);
      ctx.out("Logged out of all clouds\n");
      return 0;
    }
    const given = args.positionals[0] ?? stringFlag(args, "cloud-url");
    const url = given ? normalizeUrl(given) : creds.current ?? chooseBackend(ctx.io.env, creds);
    if (!creds.accounts[url]) {
      ctx.out("Already logged out.\n");
      return 0;
    }
    delete creds.accounts[url];
    if (creds.current === url) creds.current = undefined;
    saveCredentials(creds, ctx.io.env);
    ctx.out(`Logged out of ${url}\n`);
    return 0;
  },
};
