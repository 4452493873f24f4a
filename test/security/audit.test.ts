// The audit trail end to end on a real server (scripts/serve.mjs): actions through the REST API (with the
// client's address and user agent), a denied attempt from another organization, console
// sign-ins, then the log read back as the CSV export by an admin, refused to a member (403), an
// outsider (404) and the anonymous (401), and no way to change or delete an event over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { createUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db/client";
import { addMember } from "@/lib/orgs/add-member";
import { createOrganization } from "@/lib/orgs/create-organization";
import { snapshotBuild, type BuildSnapshot } from "../aws-journey/build-snapshot";
import { startServer, type TestServer } from "../support/server";

const PASSWORD = "correct horse battery staple";
const SECRET = "audit-test-plaintext-9f8e7d";

let server: TestServer;
let snapshot: BuildSnapshot;
let db: Db;
const tokens: Record<string, string> = {};

async function seedUser(login: string, org?: string): Promise<string> {
  const user = await createUser({ email: `${login}@example.com`, password: PASSWORD, name: login }, db);
  if (org) await createOrganization(user.id, org, db);
  tokens[login] = (await createAccessToken(user.id, { description: `${login}'s token` }, db)).token;
  return user.id;
}

function api(login: string, method: string, path: string, body?: string, ip = "203.0.113.10") {
  return fetch(`${server.url}/api/esc/environments${path}`, {
    method,
    headers: {
      Authorization: `token ${tokens[login]}`,
      "User-Agent": `audit-test/${login}`,
      "X-Forwarded-For": ip,
      ...(body !== undefined ? { "Content-Type": "application/x-yaml" } : {}),
    },
    body,
  });
}

/** Signs in through next-auth's credentials callback; the session cookie, or null when refused. */
async function signIn(login: string, password: string, ip: string): Promise<string | null> {
  const csrf = await fetch(`${server.url}/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${server.url}/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: jar.join("; "),
      "X-Forwarded-For": ip,
      "User-Agent": "audit-test-browser",
    },
    body: new URLSearchParams({ email: `${login}@example.com`, password, csrfToken }),
  });
  await res.arrayBuffer();
  const session = res.headers
    .getSetCookie()
    .find((c) => /session-token=/.test(c) && !/session-token=;/.test(c));
  return session ? [...jar, session.split(";")[0]].join("; ") : null;
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

describe("audit trail over HTTP", () => {
  let aliceSession: string;
  let bobSession: string;
  let eveSession: string;

  beforeAll(async () => {
    // A private copy of the build: others rebuild .next in place while this runs.
    snapshot = snapshotBuild();
    server = await startServer({ projectDir: snapshot.dir });
    db = createDb(server.databaseUrl);
    process.env.ESC_DATA_DIR = server.dataDir;
    await seedUser("alice", "acme");
    await seedUser("bob");
    await seedUser("eve", "evil");
    await addMember(
      (await db.user.findUniqueOrThrow({ where: { login: "alice" } })).id,
      "acme",
      "bob@example.com",
      "member",
      db,
    );

    expect(
      (await api("alice", "POST", "/acme", JSON.stringify({ project: "app", name: "prod" }))).status,
    ).toBe(200);
    const patch = await api(
      "alice",
      "PATCH",
      "/acme/app/prod",
      `values:\n  password:\n    fn::secret: ${SECRET}\n`,
    );
    expect(patch.status).toBe(200);
    expect((await api("alice", "GET", "/acme/app/prod/decrypt")).status).toBe(200);
    expect((await api("bob", "POST", "/acme/app/prod/open", undefined, "198.51.100.20")).status).toBe(200);
    // eve, of another organization, tries to open and to decrypt acme's environment.
    expect((await api("eve", "POST", "/acme/app/prod/open", undefined, "192.0.2.66")).status).toBe(404);
    expect((await api("eve", "GET", "/acme/app/prod/decrypt", undefined, "192.0.2.66")).status).toBe(404);

    expect(await signIn("bob", "wrong password", "198.51.100.21")).toBeNull();
    bobSession = (await signIn("bob", PASSWORD, "198.51.100.22"))!;
    aliceSession = (await signIn("alice", PASSWORD, "203.0.113.11"))!;
    eveSession = (await signIn("eve", PASSWORD, "192.0.2.67"))!;
    expect(bobSession && aliceSession && eveSession).toBeTruthy();
  }, 600_000);

  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    snapshot?.remove();
  });

  const exportCsv = (cookie: string | null, query = "") =>
    fetch(`${server.url}/acme/audit/export${query}`, {
      headers: cookie ? { Cookie: cookie } : {},
      redirect: "manual",
    });

  it("an admin exports who did what, when, from where, with the result, and no secret value", async () => {
    const res = await exportCsv(aliceSession);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-acme-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "time",
      "action",
      "result",
      "target",
      "user",
      "user_email",
      "token_id",
      "token_description",
      "ip",
      "user_agent",
    ]);
    const col = (name: string) => header.indexOf(name);
    const pick = (r: string[]) => [
      r[col("action")],
      r[col("result")],
      r[col("target")],
      r[col("user")],
      r[col("ip")],
      r[col("user_agent")],
    ];
    const seen = rows.map(pick);
    expect(seen).toEqual(
      expect.arrayContaining([
        ["environment.create", "success", "app/prod", "alice", "203.0.113.10", "audit-test/alice"],
        ["environment.update", "success", "app/prod@2", "alice", "203.0.113.10", "audit-test/alice"],
        ["environment.decrypt", "success", "app/prod@2", "alice", "203.0.113.10", "audit-test/alice"],
        ["environment.open", "success", "app/prod@2", "bob", "198.51.100.20", "audit-test/bob"],
        ["environment.open", "denied", "app/prod", "eve", "192.0.2.66", "audit-test/eve"],
        ["environment.decrypt", "denied", "app/prod", "eve", "192.0.2.66", "audit-test/eve"],
        ["user.sign_in", "denied", "bob@example.com", "bob", "198.51.100.21", "audit-test-browser"],
        ["user.sign_in", "success", "bob@example.com", "bob", "198.51.100.22", "audit-test-browser"],
        ["user.sign_in", "success", "alice@example.com", "alice", "203.0.113.11", "audit-test-browser"],
      ]),
    );
    // API actions name the token that made them.
    const update = rows.find((r) => r[col("action")] === "environment.update")!;
    expect(update[col("token_description")]).toBe("alice's token");
    // eve's own sign-in is not acme's business: she is not a member.
    expect(rows.some((r) => r[col("action")] === "user.sign_in" && r[col("user")] === "eve")).toBe(false);
    // Newest first.
    const times = rows.map((r) => r[col("time")]);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters the export like the page: denied opens only", async () => {
    const res = await exportCsv(aliceSession, "?action=environment.open&result=denied");
    const [header, ...rows] = parseCsv(await res.text());
    expect(rows.map((r) => [r[header.indexOf("action")], r[header.indexOf("user")]])).toEqual([
      ["environment.open", "eve"],
    ]);
  });

  it("refuses the log to a member (403), an outsider (404) and the anonymous (401); the page too", async () => {
    const member = await exportCsv(bobSession);
    expect(member.status).toBe(403);
    expect(await member.text()).toMatch(/only organization admins/i);
    expect((await exportCsv(eveSession)).status).toBe(404);
    expect((await exportCsv(null)).status).toBe(401);

    const page = (cookie: string) =>
      fetch(`${server.url}/acme/audit`, { headers: { Cookie: cookie }, redirect: "manual" });
    const adminPage = await page(aliceSession);
    expect(adminPage.status).toBe(200);
    const html = await adminPage.text();
    expect(html).toContain("Audit log");
    expect(html).not.toContain(SECRET);
    expect((await page(bobSession)).status).toBe(404);
    expect((await page(eveSession)).status).toBe(404);
  });

  it("offers no way to change or delete events: other methods are refused and the log only grows", async () => {
    const before = await db.auditEvent.count();
    for (const method of ["DELETE", "PUT", "PATCH", "POST"]) {
      const res = await fetch(`${server.url}/acme/audit/export`, {
        method,
        headers: { Cookie: aliceSession },
        redirect: "manual",
      });
      await res.arrayBuffer();
      expect(res.status, method).toBeGreaterThanOrEqual(400);
    }
    for (const method of ["DELETE", "PATCH", "PUT"]) {
      const res = await fetch(`${server.url}/api/audit`, {
        method,
        headers: { Authorization: `token ${tokens.alice}` },
      });
      await res.arrayBuffer();
      expect(res.status).toBe(404);
    }
    const after = await db.auditEvent.findMany({ orderBy: { createdAt: "asc" } });
    expect(after.length).toBeGreaterThanOrEqual(before);
  });
});
