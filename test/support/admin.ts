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

/**
 * A user with an organization and an access token, ready for API calls. Seeded in-process
 * through the same functions `npm run admin` uses (spawning it per user is slow on 2 cores;
 * lib/admin/admin.test.ts covers the command itself).
 */
export async function seedUserWithOrg(server: { databaseUrl: string; dataDir: string }, login: string, org: string): Promise<string> {
  // Same data directory as the server, so both use its master key for the org's data key.
  process.env.ESC_DATA_DIR = server.dataDir;
  const { createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/auth/users");
  const { createOrganization } = await import("@/lib/orgs/create-organization");
  const { createAccessToken } = await import("@/lib/auth/access-tokens");
  const db = createDb(server.databaseUrl);
  try {
    const user = await createUser({ email: `${login}@example.com`, password: "correct horse battery staple", name: login }, db);
    await createOrganization(user.id, org, db);
    return (await createAccessToken(user.id, { description: "tests" }, db)).token;
  } finally {
    await db.$disconnect();
  }
}
