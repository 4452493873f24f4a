// Runs `npm run admin -- …` (scripts/admin.ts through tsx) against a test server's database, as
// an operator would. Used to seed users, organizations and tokens in HTTP-level tests.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

export interface AdminResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runAdminCli(databaseUrl: string, dataDir: string, args: string[], input?: string): AdminResult {
  const res = spawnSync(tsx, [path.join(root, "scripts", "admin.ts"), ...args], {
    cwd: root,
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl, ESC_DATA_DIR: dataDir },
    timeout: 60_000,
  });
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}

/** Like runAdminCli, but throws with the command's stderr when it fails. */
export function admin(databaseUrl: string, dataDir: string, args: string[], input?: string): string {
  const res = runAdminCli(databaseUrl, dataDir, args, input);
  if (res.status !== 0) throw new Error(`admin ${args.join(" ")} failed (${res.status}): ${res.stderr}`);
  return res.stdout.trim();
}

/** A user with an organization and an access token, ready for API calls. */
export function seedUserWithOrg(server: { databaseUrl: string; dataDir: string }, login: string, org: string): string {
  const email = `${login}@example.com`;
  admin(server.databaseUrl, server.dataDir, ["user", "create", "--email", email, "--name", login, "--password-stdin"], "correct horse battery staple\n");
  admin(server.databaseUrl, server.dataDir, ["org", "create", "--name", org, "--owner", email]);
  return admin(server.databaseUrl, server.dataDir, ["token", "create", "--email", email, "--description", "tests"]);
}
