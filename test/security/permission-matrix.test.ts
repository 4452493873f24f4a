// The permission matrix: every REST route (app/api/**) and every server action (lib/actions/*.ts)
// is called over HTTP against a real server, as each kind of caller, and the answer must be the
// one written down below. A cell that answers more (2xx where 401/403/404 is expected) or less
// fails the build. A guard enumerates the route files, the REST operations of lib/api/esc.ts
// and the exported actions, and fails when one is missing from the matrix, so a route or action
// added later must be given its row.
//
// Callers (columns):
//   anon     no credentials                       wrong   member of another organization only
//   none..admin  members of the organization whose permission on the environment is that level
//            (the organization default is "none"; each level is a member grant on the environment)
//   orgAdm   the organization's admin             revoked / expired   the org admin's access token,
//            revoked / past its expiry (REST); for actions: the session of a user whose membership
//            was revoked, and an expired session cookie signed with the server's secret
//
// Server actions are called the way the browser calls them: a POST to a page that uses the
// action, with the `Next-Action` id from the build's server-reference manifest, the arguments
// encoded as React's reply format (JSON, or multipart for FormData), and the session cookie of
// a user who signed in through /auth/callback/credentials. The answer is the action's
// ActionResult, read out of the RSC response: "ok", or its status (400/403/404).
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "@auth/core/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

const root = path.resolve(__dirname, "..", "..");
const ORG = "pm-org";
const OTHER_ORG = "pm-other";
const PASSWORD = "correct horse battery staple";
const SECRET = "matrix-secret-value-31337";
const YAML = `values:\n  greeting: hello\n  password:\n    fn::secret: ${SECRET}\n`;
const AUTH_SECRET = "test-auth-secret-not-for-production-0123456789";

const CALLERS = [
  "anon",
  "wrong",
  "none",
  "read",
  "open",
  "write",
  "admin",
  "orgAdm",
  "revoked",
  "expired",
] as const;
type Caller = (typeof CALLERS)[number];
const LEVELS = ["read", "open", "write", "admin"] as const;

/** One row: an answer per caller, in CALLERS order ("2xx" or a status; "ok" for actions). */
function cells(row: string): Record<Caller, string> {
  const parts = row.trim().split(/\s+/);
  if (parts.length !== CALLERS.length) throw new Error(`row "${row}" needs ${CALLERS.length} cells`);
  return Object.fromEntries(CALLERS.map((c, i) => [c, parts[i]])) as Record<Caller, string>;
}

// ------------------------------------------------------------------ REST: the written-down matrix
//                                                 anon wrong none read open write admin orgAdm revoked expired
const REST_NEEDS_READ /*     */ = cells("         401  404   404  2xx  2xx  2xx   2xx   2xx    401     401");
const REST_NEEDS_OPEN /*     */ = cells("         401  404   404  403  2xx  2xx   2xx   2xx    401     401");
const REST_NEEDS_WRITE /*    */ = cells("         401  404   404  403  403  2xx   2xx   2xx    401     401");
const REST_NEEDS_ADMIN /*    */ = cells("         401  404   404  403  403  403   2xx   2xx    401     401");
// Creating needs the org default >= write or org admin; a grant on one environment does not help.
const REST_CREATE /*         */ = cells("         401  404   403  403  403  403   403   2xx    401     401");
// Cloning needs open on the source AND the right to create.
const REST_CLONE /*          */ = cells("         401  404   404  403  403  403   403   2xx    401     401");
// Organization-level reads: any member.
const REST_ORG_MEMBER /*     */ = cells("         401  404   2xx  2xx  2xx  2xx   2xx   2xx    401     401");
// Anonymous definition text with secrets shown needs open on every environment (the default).
const REST_CHECK_SHOW /*     */ = cells("         401  404   403  403  403  403   403   2xx    401     401");
// The caller's own account: any valid token.
const REST_ACCOUNT /*        */ = cells("         401  2xx   2xx  2xx  2xx  2xx   2xx   2xx    401     401");
const REST_PUBLIC /*         */ = cells("         2xx  2xx   2xx  2xx  2xx  2xx   2xx   2xx    2xx     2xx");
const REST_NO_ENDPOINT /*    */ = cells("         404  404   404  404  404  404   404   404    404     404");

interface EnvFixture {
  /** The environment this cell runs against (fresh per cell, so writes never affect others). */
  env: string;
  /** An open session id on it (made by the org admin), for GET open/{id}. */
  sessionId?: string;
  /** The user id of a member made for this cell (setup "newMember"), to remove or change the role of. */
  memberId?: string;
  /** The ETag of its newest revision (what a save must send). */
  etag: string;
}

interface RestRow {
  /** METHOD and the route file's path under app/, e.g. "GET api/esc/environments/[org]". */
  route: string;
  /** The lib/api/esc.ts operations this route runs (the guard checks each is in some row). */
  ops: string[];
  expect: Record<Caller, string>;
  request(f: EnvFixture): { path: string; body?: string; contentType?: string };
  /** What the environment needs before the call (tags, a second revision, an open session). */
  setup?: "envTag" | "revTag" | "twoRevisions" | "openSession";
  /** For listings: whether the cell's environment must appear in the answer. */
  listed?: Record<Caller, boolean>;
}

const E = (f: EnvFixture) => `/api/esc/environments/${ORG}/p/${f.env}`;
const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: "application/json" });

const REST: RestRow[] = [
  {
    route: "GET api/esc/environments",
    ops: ["listEnvironments"],
    expect: REST_ACCOUNT,
    request: () => ({ path: "/api/esc/environments" }),
    //                     anon  wrong  none   read  open  write admin orgAdm revoked expired
    listed: listedBy("     no    no     no     yes   yes   yes   yes   yes    no      no"),
  },
  {
    route: "GET api/esc/environments/[org]",
    ops: ["listEnvironments"],
    expect: REST_ORG_MEMBER,
    request: () => ({ path: `/api/esc/environments/${ORG}` }),
    listed: listedBy("     no    no     no     yes   yes   yes   yes   yes    no      no"),
  },
  {
    route: "POST api/esc/environments/[org]",
    ops: ["createEnvironment"],
    expect: REST_CREATE,
    request: (f) => ({
      path: `/api/esc/environments/${ORG}`,
      ...json({ project: "p", name: `${f.env}-new` }),
    }),
  },
  {
    route: "POST api/esc/environments/[org]/yaml/check",
    ops: ["checkYaml"],
    expect: REST_ORG_MEMBER,
    request: () => ({
      path: `/api/esc/environments/${ORG}/yaml/check`,
      body: "values:\n  a: 1\n",
      contentType: "application/x-yaml",
    }),
  },
  {
    route: "POST api/esc/environments/[org]/yaml/check?showSecrets",
    ops: ["checkYaml"],
    expect: REST_CHECK_SHOW,
    request: () => ({
      path: `/api/esc/environments/${ORG}/yaml/check?showSecrets=true`,
      body: "values:\n  a: 1\n",
      contentType: "application/x-yaml",
    }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]",
    ops: ["readDefinition"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: E(f) }),
  },
  {
    route: "HEAD api/esc/environments/[org]/[project]/[env]",
    ops: ["readDefinition"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: E(f) }),
  },
  {
    route: "PATCH api/esc/environments/[org]/[project]/[env]",
    ops: ["updateDefinition"],
    expect: REST_NEEDS_WRITE,
    request: (f) => ({ path: E(f), body: "values:\n  changed: true\n", contentType: "application/x-yaml" }),
  },
  {
    route: "DELETE api/esc/environments/[org]/[project]/[env]",
    ops: ["deleteEnvironment"],
    expect: REST_NEEDS_ADMIN,
    request: (f) => ({ path: E(f) }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/clone",
    ops: ["cloneEnvironment"],
    expect: REST_CLONE,
    request: (f) => ({ path: `${E(f)}/clone`, ...json({ name: `${f.env}-clone` }) }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/decrypt",
    ops: ["readDefinition"],
    expect: REST_NEEDS_OPEN,
    request: (f) => ({ path: `${E(f)}/decrypt` }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/open",
    ops: ["openSession"],
    expect: REST_NEEDS_OPEN,
    request: (f) => ({ path: `${E(f)}/open` }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/open/[id]",
    ops: ["readSession"],
    expect: REST_NEEDS_OPEN,
    setup: "openSession",
    request: (f) => ({ path: `${E(f)}/open/${f.sessionId}` }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/settings",
    ops: ["getSettings"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: `${E(f)}/settings` }),
  },
  {
    route: "PATCH api/esc/environments/[org]/[project]/[env]/settings",
    ops: ["updateSettings"],
    expect: REST_NEEDS_ADMIN,
    request: (f) => ({ path: `${E(f)}/settings`, ...json({ deletionProtected: true }) }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/tags",
    ops: ["listEnvTags"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: `${E(f)}/tags` }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/tags",
    ops: ["createEnvTag"],
    expect: REST_NEEDS_WRITE,
    request: (f) => ({ path: `${E(f)}/tags`, ...json({ name: "team", value: "x" }) }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/tags/[name]",
    ops: ["getEnvTag"],
    expect: REST_NEEDS_READ,
    setup: "envTag",
    request: (f) => ({ path: `${E(f)}/tags/owner` }),
  },
  {
    route: "PATCH api/esc/environments/[org]/[project]/[env]/tags/[name]",
    ops: ["updateEnvTag"],
    expect: REST_NEEDS_WRITE,
    setup: "envTag",
    request: (f) => ({
      path: `${E(f)}/tags/owner`,
      ...json({ currentTag: { value: "ops" }, newTag: { name: "owner", value: "dev" } }),
    }),
  },
  {
    route: "DELETE api/esc/environments/[org]/[project]/[env]/tags/[name]",
    ops: ["deleteEnvTag"],
    expect: REST_NEEDS_WRITE,
    setup: "envTag",
    request: (f) => ({ path: `${E(f)}/tags/owner` }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/versions",
    ops: ["listRevisions"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: `${E(f)}/versions` }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/versions/[version]",
    ops: ["readDefinition"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: `${E(f)}/versions/1` }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/versions/[version]/decrypt",
    ops: ["readDefinition"],
    expect: REST_NEEDS_OPEN,
    request: (f) => ({ path: `${E(f)}/versions/1/decrypt` }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/versions/[version]/open",
    ops: ["openSession"],
    expect: REST_NEEDS_OPEN,
    request: (f) => ({ path: `${E(f)}/versions/1/open` }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/versions/[version]/retract",
    ops: ["retractRevision"],
    expect: REST_NEEDS_WRITE,
    setup: "twoRevisions",
    request: (f) => ({ path: `${E(f)}/versions/2/retract`, ...json({ reason: "matrix" }) }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/versions/tags",
    ops: ["listRevisionTags"],
    expect: REST_NEEDS_READ,
    request: (f) => ({ path: `${E(f)}/versions/tags` }),
  },
  {
    route: "POST api/esc/environments/[org]/[project]/[env]/versions/tags",
    ops: ["createRevisionTag"],
    expect: REST_NEEDS_WRITE,
    request: (f) => ({ path: `${E(f)}/versions/tags`, ...json({ name: "stable", revision: 1 }) }),
  },
  {
    route: "GET api/esc/environments/[org]/[project]/[env]/versions/tags/[tag]",
    ops: ["getRevisionTag"],
    expect: REST_NEEDS_READ,
    setup: "revTag",
    request: (f) => ({ path: `${E(f)}/versions/tags/v1` }),
  },
  {
    route: "PATCH api/esc/environments/[org]/[project]/[env]/versions/tags/[tag]",
    ops: ["updateRevisionTag"],
    expect: REST_NEEDS_WRITE,
    setup: "revTag",
    request: (f) => ({ path: `${E(f)}/versions/tags/v1`, ...json({ revision: 1 }) }),
  },
  {
    route: "DELETE api/esc/environments/[org]/[project]/[env]/versions/tags/[tag]",
    ops: ["deleteRevisionTag"],
    expect: REST_NEEDS_WRITE,
    setup: "revTag",
    request: (f) => ({ path: `${E(f)}/versions/tags/v1` }),
  },
  { route: "GET api/user", ops: [], expect: REST_ACCOUNT, request: () => ({ path: "/api/user" }) },
  {
    route: "GET api/user/organizations/default",
    ops: [],
    expect: REST_ACCOUNT,
    request: () => ({ path: "/api/user/organizations/default" }),
  },
  { route: "GET api/health", ops: [], expect: REST_PUBLIC, request: () => ({ path: "/api/health" }) },
  {
    route: "GET api/[...path]",
    ops: [],
    expect: REST_NO_ENDPOINT,
    request: () => ({ path: "/api/no/such/endpoint" }),
  },
];

function listedBy(row: string): Record<Caller, boolean> {
  const c = cells(row);
  return Object.fromEntries(CALLERS.map((k) => [k, c[k] === "yes"])) as Record<Caller, boolean>;
}

// ------------------------------------------------------------ server actions: the written-down matrix
//                                                  anon wrong none read open write admin orgAdm revoked expired
const ACT_NEEDS_READ /*      */ = cells("          404  404   404  ok   ok   ok    ok    ok     404     404");
const ACT_NEEDS_OPEN /*      */ = cells("          404  404   404  403  ok   ok    ok    ok     404     404");
const ACT_NEEDS_WRITE /*     */ = cells("          404  404   404  403  403  ok    ok    ok     404     404");
const ACT_NEEDS_ADMIN /*     */ = cells("          404  404   404  403  403  403   ok    ok     404     404");
const ACT_ORG_ADMIN /*       */ = cells("          404  404   403  403  403  403   403   ok     404     404");
// Creating an environment: org default >= write or org admin (the default here is none).
const ACT_CREATE /*          */ = cells("          404  404   403  403  403  403   403   ok     404     404");

interface ActionRow {
  /** "lib/actions/<file>.ts#<export>" */
  action: string;
  /** A concrete page path that uses the action (its Next-Action id is only served there). */
  page(f: EnvFixture): string;
  args(f: EnvFixture, ids: Ids): unknown[];
  expect: Record<Caller, string> | { public: string };
  /**
   * revTag: a revision tag "v1"; newUser: a user `<env>@example.com` who is in no organization;
   * newMember: such a user made a member of the organization (f.memberId), whose membership is
   * deleted after the cell (a promoted one would otherwise be a second admin for later rows).
   */
  setup?: "revTag" | "newUser" | "newMember";
  /** The action ends the caller's own membership: a caller it succeeded for is made a member again. */
  restoresCaller?: boolean;
  /** Checks on a successful answer's data, per caller (e.g. ciphertext for read). */
  check?(caller: Caller, data: unknown): void;
}

interface Ids {
  readUserId: string;
  openUserId: string;
}

const EP = (f: EnvFixture) => `/${ORG}/environments/p/${f.env}`;
const envArgs = (f: EnvFixture) => ({ org: ORG, project: "p", env: f.env });

const ACTIONS: ActionRow[] = [
  {
    action: "lib/actions/preview-environment.ts#previewEnvironmentAction",
    page: EP,
    expect: ACT_NEEDS_READ,
    args: (f) => [{ ...envArgs(f), yaml: YAML }],
    check: (_c, data) => expect(JSON.stringify(data)).not.toContain(SECRET),
  },
  {
    action: "lib/actions/open-environment.ts#openEnvironmentAction",
    page: EP,
    expect: ACT_NEEDS_OPEN,
    args: (f) => [{ ...envArgs(f), yaml: YAML }],
    check: (_c, data) => expect(JSON.stringify(data)).not.toContain(SECRET),
  },
  {
    action: "lib/actions/reveal-value.ts#revealValueAction",
    page: EP,
    expect: ACT_NEEDS_OPEN,
    args: (f) => [{ ...envArgs(f), yaml: YAML, path: ["password"], opened: false }],
    check: (_c, data) => expect(JSON.stringify(data)).toContain(SECRET),
  },
  {
    action: "lib/actions/save-environment.ts#saveEnvironmentAction",
    page: EP,
    expect: ACT_NEEDS_WRITE,
    args: (f) => [{ ...envArgs(f), yaml: "values:\n  saved: true\n", etag: f.etag }],
  },
  {
    action: "lib/actions/editor-draft-key.ts#editorDraftKeyAction",
    page: EP,
    expect: ACT_NEEDS_READ,
    args: (f) => [envArgs(f)],
  },
  {
    action: "lib/actions/list-revisions.ts#listRevisionsAction",
    page: EP,
    expect: ACT_NEEDS_READ,
    args: (f) => [envArgs(f)],
  },
  {
    action: "lib/actions/get-revision.ts#getRevisionAction",
    page: EP,
    expect: ACT_NEEDS_READ,
    args: (f) => [{ ...envArgs(f), version: 1 }],
    // read gets ciphertext; open and above the plaintext
    check: (caller, data) => {
      const text = JSON.stringify(data);
      if (caller === "read") expect(text).not.toContain(SECRET);
      else expect(text).toContain(SECRET);
    },
  },
  {
    action: "lib/actions/rollback-environment.ts#rollbackEnvironmentAction",
    page: EP,
    expect: ACT_NEEDS_WRITE,
    args: (f) => [{ ...envArgs(f), revision: 1 }],
  },
  {
    action: "lib/actions/tag-revision.ts#tagRevisionAction",
    page: EP,
    expect: ACT_NEEDS_WRITE,
    args: (f) => [{ ...envArgs(f), revision: 1, name: "stable" }],
  },
  {
    action: "lib/actions/untag-revision.ts#untagRevisionAction",
    page: EP,
    expect: ACT_NEEDS_WRITE,
    setup: "revTag",
    args: (f) => [{ ...envArgs(f), name: "v1" }],
  },
  {
    action: "lib/actions/grant-permission.ts#grantPermissionAction",
    page: (f) => `${EP(f)}/access`,
    expect: ACT_NEEDS_ADMIN,
    args: (f, ids) => [{ ...envArgs(f), grantee: `user:${ids.readUserId}`, permission: "open" }],
  },
  // fixture() granted the read member "read" on the environment: that grant is revoked.
  {
    action: "lib/actions/revoke-permission.ts#revokePermissionAction",
    page: (f) => `${EP(f)}/access`,
    expect: ACT_NEEDS_ADMIN,
    args: (f, ids) => [{ ...envArgs(f), grantee: `user:${ids.readUserId}` }],
  },
  {
    action: "lib/actions/create-environment.ts#createEnvironmentAction",
    page: () => `/${ORG}/environments`,
    expect: ACT_CREATE,
    args: (f) => [null, form({ org: ORG, project: "p", name: `${f.env}-made` })],
  },
  {
    action: "lib/actions/remove-member.ts#removeMemberAction",
    page: () => `/${ORG}/settings/members`,
    expect: ACT_ORG_ADMIN,
    setup: "newMember",
    args: (f) => [{ org: ORG, userId: f.memberId }],
  },
  {
    action: "lib/actions/change-member-role.ts#changeMemberRoleAction",
    page: () => `/${ORG}/settings/members`,
    expect: ACT_ORG_ADMIN,
    setup: "newMember",
    args: (f) => [{ org: ORG, userId: f.memberId, role: "admin" }],
  },
  // Any member may leave; the org admin is the organization's only admin, so the rule refuses (409).
  {
    action: "lib/actions/leave-organization.ts#leaveOrganizationAction",
    page: () => `/${ORG}/settings/members`,
    //                anon wrong none read open write admin orgAdm revoked expired
    expect: cells("   404  404   ok   ok   ok   ok    ok    409    404     404"),
    restoresCaller: true,
    args: () => [{ org: ORG }],
  },
  {
    action: "lib/actions/add-member.ts#addMemberAction",
    page: () => `/${ORG}/settings/members`,
    expect: ACT_ORG_ADMIN,
    setup: "newUser",
    args: (f) => [null, form({ org: ORG, email: `${f.env}@example.com`, role: "member" })],
  },
  {
    action: "lib/actions/create-team.ts#createTeamAction",
    page: () => `/${ORG}/settings/teams`,
    expect: ACT_ORG_ADMIN,
    args: (f) => [{ org: ORG, name: `n-${f.env}`.slice(0, 40), description: "" }],
  },
  {
    action: "lib/actions/delete-team.ts#deleteTeamAction",
    page: () => `/${ORG}/settings/teams`,
    expect: ACT_ORG_ADMIN,
    args: (f) => [{ org: ORG, team: teamOf(f) }],
  },
  {
    action: "lib/actions/add-team-member.ts#addTeamMemberAction",
    page: () => `/${ORG}/settings/teams`,
    expect: ACT_ORG_ADMIN,
    args: (f, ids) => [{ org: ORG, team: teamOf(f), userId: ids.openUserId }],
  },
  {
    action: "lib/actions/remove-team-member.ts#removeTeamMemberAction",
    page: () => `/${ORG}/settings/teams`,
    expect: ACT_ORG_ADMIN,
    args: (f, ids) => [{ org: ORG, team: teamOf(f), userId: ids.readUserId }],
  },
  {
    action: "lib/actions/set-default-permission.ts#setDefaultPermissionAction",
    page: () => `/${ORG}/settings/access`,
    expect: ACT_ORG_ADMIN,
    // Setting it to what it is keeps the other cells' premise (default "none").
    args: () => [{ org: ORG, permission: "none" }],
  },
  // Public: signing in, up and out concern no organization data; their own tests cover them.
  {
    action: "lib/actions/sign-in.ts#signInAction",
    page: () => "/signin",
    args: () => [],
    expect: { public: "signs in with a password; no organization data" },
  },
  {
    action: "lib/actions/sign-up.ts#signUpAction",
    page: () => "/signup",
    args: () => [],
    expect: { public: "creates an account and its own organization" },
  },
  {
    action: "lib/actions/sign-out.ts#signOutAction",
    page: () => "/",
    args: () => [],
    expect: { public: "ends the caller's own session" },
  },
];

/** Each team action cell works on its own team (created with the read member in it). */
const teamOf = (f: EnvFixture) => `t-${f.env}`.slice(0, 40);

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

// ---------------------------------------------------------------------------- the guard

/** Every route file under app/api with the HTTP methods it implements (not the 405 fallbacks). */
function routeFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const rel = path.relative(path.join(root, "app"), dir).split(path.sep).join("/");
        const text = readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const m of text.matchAll(/export (?:const|async function) (GET|HEAD|POST|PUT|PATCH|DELETE)\b/g))
          methods.add(m[1]);
        // `export { handler as GET, … }` (the catch-all) counts once, as GET.
        if (/export \{[^}]*\bas GET\b/.test(text)) methods.add("GET");
        for (const m of methods) found.push(`${m} ${rel}`);
      }
    }
  };
  walk(path.join(root, "app", "api"));
  return found.sort();
}

/** The operations lib/api/esc.ts exports (the REST API's service adapters). */
function escOperations(): string[] {
  const text = readFileSync(path.join(root, "lib", "api", "esc.ts"), "utf8");
  return [...text.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]).sort();
}

/** Every export of every "use server" module in lib/actions. */
function exportedActions(): string[] {
  const dir = path.join(root, "lib", "actions");
  const out: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
    const text = readFileSync(path.join(dir, name), "utf8");
    if (!/^["']use server["']/m.test(text)) continue;
    for (const m of text.matchAll(/^export (?:async )?function (\w+)/gm))
      out.push(`lib/actions/${name}#${m[1]}`);
  }
  return out.sort();
}

describe("the permission matrix covers everything", () => {
  it("has a row for every route file method under app/api", () => {
    const inMatrix = new Set(REST.map((r) => r.route.replace(/\?.*$/, "")));
    expect(routeFiles().filter((r) => !inMatrix.has(r))).toEqual([]);
  });
  it("exercises every REST operation of lib/api/esc.ts", () => {
    const covered = new Set(REST.flatMap((r) => r.ops));
    expect(escOperations().filter((op) => !covered.has(op))).toEqual([]);
  });
  it("has a row for every exported server action in lib/actions", () => {
    const inMatrix = new Set(ACTIONS.map((a) => a.action));
    expect(exportedActions().filter((a) => !inMatrix.has(a))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- running it

let server: TestServer;
let db: import("@/lib/db/client").Db;
const tokens = {} as Record<Caller, string | undefined>;
const cookies = {} as Record<Caller, string | undefined>;
const userIds = {} as Record<string, string>;
let adminActor: { userId: string };
let cellCounter = 0;

async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${server.url}/auth/csrf`);
  const jar = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: server.url }).toString(),
  });
  const session = (res.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in of ${email} gave no session (status ${res.status})`);
  return session;
}

beforeAll(async () => {
  server = await startServer();
  process.env.ESC_DATA_DIR = server.dataDir;
  const { createDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/auth/users");
  const { createOrganization } = await import("@/lib/orgs/create-organization");
  const { createAccessToken, revokeAccessToken } = await import("@/lib/auth/access-tokens");
  const { setDefaultPermission } = await import("@/lib/orgs/default-permission");
  db = createDb(server.databaseUrl);
  const user = async (login: string) => {
    const u = await createUser({ email: `${login}@example.com`, password: PASSWORD, name: login }, db);
    userIds[login] = u.id;
    return u.id;
  };
  const owner = await user("pm-owner");
  adminActor = { userId: owner };
  await createOrganization(owner, ORG, db);
  await setDefaultPermission(adminActor, ORG, "none", db);
  await createOrganization(await user("pm-stranger"), OTHER_ORG, db);
  for (const level of ["none", ...LEVELS, "revoked"]) {
    const id = await user(`pm-${level}`);
    await db.membership.create({
      data: {
        userId: id,
        orgId: (await db.organization.findUniqueOrThrow({ where: { name: ORG } })).id,
        role: "member",
      },
    });
  }
  const token = async (userId: string) =>
    (await createAccessToken(userId, { description: "matrix" }, db)).token;
  tokens.wrong = await token(userIds["pm-stranger"]);
  for (const level of ["none", ...LEVELS] as const)
    tokens[level === "admin" ? "admin" : level] = await token(userIds[`pm-${level}`]);
  tokens.orgAdm = await token(owner);
  const revoked = await createAccessToken(owner, { description: "revoked" }, db);
  await revokeAccessToken(owner, revoked.id, db);
  tokens.revoked = revoked.token;
  const expired = await createAccessToken(
    owner,
    { description: "expired", expiresAt: new Date(Date.now() + 60_000) },
    db,
  );
  await db.accessToken.update({
    where: { id: expired.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  tokens.expired = expired.token;

  cookies.wrong = await signIn("pm-stranger@example.com");
  for (const level of ["none", ...LEVELS] as const) cookies[level] = await signIn(`pm-${level}@example.com`);
  cookies.orgAdm = await signIn("pm-owner@example.com");
  // A member who signed in, then lost their membership: the session is valid, the access is gone.
  cookies.revoked = await signIn("pm-revoked@example.com");
  await db.membership.deleteMany({ where: { userId: userIds["pm-revoked"] } });
  // A session cookie signed with the server's secret that expired a minute ago.
  const expiredJwt = await encode({
    token: { sub: owner, email: "pm-owner@example.com", name: "pm-owner" },
    secret: AUTH_SECRET,
    salt: "authjs.session-token",
    maxAge: -60,
  });
  cookies.expired = `authjs.session-token=${expiredJwt}`;
}, 900_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

/** A fresh environment for one cell, with each level's member granted that level on it. */
async function fixture(setup?: string): Promise<EnvFixture> {
  const { createEnvironment } = await import("@/lib/environments/create-environment");
  const { grantEnvironmentPermission } = await import("@/lib/orgs/environment-grants");
  const env = `c${(cellCounter++).toString(36)}`;
  const created = await createEnvironment(adminActor, ORG, "p", env, YAML, db);
  for (const level of LEVELS)
    await grantEnvironmentPermission(
      adminActor,
      ORG,
      "p",
      env,
      { userId: userIds[`pm-${level}`] },
      level,
      db,
    );
  const f: EnvFixture = { env, etag: created.etag };
  if (setup === "envTag") {
    const { createEnvironmentTag } = await import("@/lib/environments/create-environment-tag");
    await createEnvironmentTag(adminActor, ORG, "p", env, { name: "owner", value: "ops" }, db);
  } else if (setup === "revTag") {
    const { createRevisionTag } = await import("@/lib/environments/create-revision-tag");
    await createRevisionTag(adminActor, ORG, "p", env, "v1", 1, db);
  } else if (setup === "twoRevisions") {
    const { updateEnvironment } = await import("@/lib/environments/update-environment");
    await updateEnvironment(adminActor, ORG, "p", env, "values:\n  second: true\n", {}, db);
  } else if (setup === "newUser" || setup === "newMember") {
    const { createUser } = await import("@/lib/auth/users");
    const u = await createUser({ email: `${env}@example.com`, password: PASSWORD, name: env }, db);
    if (setup === "newMember") {
      const org = await db.organization.findUniqueOrThrow({ where: { name: ORG } });
      await db.membership.create({ data: { userId: u.id, orgId: org.id, role: "member" } });
      f.memberId = u.id;
    }
  } else if (setup === "openSession") {
    const res = await fetch(`${server.url}${E(f)}/open`, {
      method: "POST",
      headers: { Authorization: `token ${tokens.orgAdm}` },
    });
    f.sessionId = ((await res.json()) as { id: string }).id;
  }
  // Team actions work on a team of their own, with the read member in it.
  const { createTeam, addTeamMember } = await import("@/lib/orgs/teams");
  await createTeam(adminActor, ORG, teamOf(f), "", db);
  await addTeamMember(adminActor, ORG, teamOf(f), userIds["pm-read"], db);
  return f;
}

const statusClass = (s: number) => (s >= 200 && s < 300 ? "2xx" : String(s));

describe("REST routes", () => {
  for (const row of REST) {
    it(`${row.route}`, async () => {
      const [method] = row.route.split(" ");
      const got = {} as Record<Caller, string>;
      for (const caller of CALLERS) {
        const f = await fixture(row.setup);
        const req = row.request(f);
        const headers: Record<string, string> = {};
        if (caller !== "anon") headers.Authorization = `token ${tokens[caller]}`;
        if (req.contentType) headers["Content-Type"] = req.contentType;
        const res = await fetch(`${server.url}${req.path}`, { method, headers, body: req.body });
        const text = method === "HEAD" ? "" : await res.text();
        got[caller] = statusClass(res.status);
        // A refusal never carries the environment's content, and nothing ever carries plaintext
        // to a caller below open.
        if (res.status >= 400) expect(text).not.toContain(SECRET);
        if (["anon", "wrong", "none", "read", "revoked", "expired"].includes(caller))
          expect(text).not.toContain(SECRET);
        if (row.listed && res.ok) {
          const names = ((JSON.parse(text) as { environments?: { name: string }[] }).environments ?? []).map(
            (e) => e.name,
          );
          expect({ caller, listed: names.includes(f.env) }).toEqual({ caller, listed: row.listed[caller] });
        }
      }
      expect(got).toEqual(row.expect);
    }, 300_000);
  }
});

// ---------------------------------------------------------------------------- server actions over HTTP

interface Manifest {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
}

function actionId(file: string, name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  const hit = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === name);
  if (!hit) throw new Error(`${file}#${name} is not in the build's server-reference manifest`);
  return hit[0];
}

/** Calls a server action as React's client does, and returns its ActionResult. */
async function callAction(id: string, page: string, args: unknown[], cookie: string | undefined) {
  const headers: Record<string, string> = {
    "Next-Action": id,
    Accept: "text/x-component",
    Origin: server.url,
  };
  if (cookie) headers.Cookie = cookie;
  let body: string | FormData;
  const formIndex = args.findIndex((a) => a instanceof FormData);
  if (formIndex >= 0) {
    // React's reply format for a FormData argument: root "0" refers to it as $K1; its fields are "_1_<name>".
    // The root goes last, as React's encodeReply writes it (the server reads the fields in order).
    const data = new FormData();
    (args[formIndex] as FormData).forEach((v, k) => data.append(`_1_${k}`, v));
    data.append("0", JSON.stringify(args.map((a, i) => (i === formIndex ? "$K1" : a))));
    body = data;
  } else {
    headers["Content-Type"] = "text/plain;charset=UTF-8";
    body = JSON.stringify(args);
  }
  const res = await fetch(`${server.url}${page}`, { method: "POST", headers, body, redirect: "manual" });
  const text = await res.text();
  // The RSC payload: lines "<id>:<json>"; the action's return value is the object with `ok`.
  for (const line of text.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as { ok?: boolean; status?: number; data?: unknown };
      if (typeof value.ok === "boolean") return { value, text };
    } catch {
      // not JSON
    }
  }
  throw new Error(`no action result in the answer (HTTP ${res.status}): ${text.slice(0, 300)}`);
}

describe("server actions", () => {
  for (const row of ACTIONS) {
    if ("public" in row.expect) {
      it.skip(`${row.action} — public: ${row.expect.public}`, () => {});
      continue;
    }
    const expected = row.expect;
    it(`${row.action}`, async () => {
      const [file, name] = row.action.split("#");
      const id = actionId(file, name);
      const got = {} as Record<Caller, string>;
      for (const caller of CALLERS) {
        const f = await fixture(row.setup);
        const ids = { readUserId: userIds["pm-read"], openUserId: userIds["pm-open"] };
        const { value, text } = await callAction(id, row.page(f), row.args(f, ids), cookies[caller]);
        got[caller] = value.ok ? "ok" : String(value.status);
        if (!value.ok || ["anon", "wrong", "none", "read", "revoked", "expired"].includes(caller))
          expect(text).not.toContain(SECRET);
        if (value.ok && row.check) row.check(caller, value.data);
        if (f.memberId) await db.membership.deleteMany({ where: { userId: f.memberId } });
        if (value.ok && row.restoresCaller) {
          const org = await db.organization.findUniqueOrThrow({ where: { name: ORG } });
          const userId = userIds[caller === "orgAdm" ? "pm-owner" : `pm-${caller}`];
          // It really ended (and only then is it put back).
          expect(await db.membership.count({ where: { userId, orgId: org.id } })).toBe(0);
          await db.membership.create({
            data: { userId, orgId: org.id, role: caller === "orgAdm" ? "admin" : "member" },
          });
        }
      }
      expect(got).toEqual(expected);
    }, 300_000);
  }
});
