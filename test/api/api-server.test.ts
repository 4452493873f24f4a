// The REST API server beside Next (lib/http/api-server.ts, started by scripts/serve.mjs) over
// real HTTP: what Next used to add around the route modules still holds, with one worker and
// with two (ESC_WORKERS, node:cluster sharing the port).
import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { httpRequest } from "../support/http-request";
import { startServer, type TestServer } from "../support/server";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with node:http (a method fetch refuses, a socket reused), the body as text. */
async function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Answer> {
  const answer = await httpRequest(url, opts);
  return { status: answer.status, headers: answer.headers, body: answer.body.toString("utf8") };
}

describe.each([1, 2])("the API server with %i worker(s)", (workers) => {
  let server: TestServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    server = await startServer({ env: { ESC_WORKERS: String(workers) } });
    auth = { Authorization: `token ${await seedUserWithOrg(server, "apiserver", "acme")}` };
  }, 120_000);
  afterAll(() => server?.stop());

  it("answers the API with the security headers of every other answer", async () => {
    const res = await send(`${server.url}/api/user`, { headers: auth });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ githubLogin: "apiserver" });
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toBeTruthy();
    const https = await send(`${server.url}/api/health`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers["strict-transport-security"]).toContain("max-age=");
  });

  it("answers HEAD from GET without a body, and methods a route lacks with a JSON 405", async () => {
    const head = await send(`${server.url}/api/user`, { method: "HEAD", headers: auth });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    const patch = await send(`${server.url}/api/user`, { method: "PATCH", headers: auth });
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toContain("GET");
    const odd = await send(`${server.url}/api/user`, { method: "PROPFIND", headers: auth });
    expect(odd.status).toBe(405);
    expect(JSON.parse(odd.body)).toMatchObject({ code: 405 });
  });

  it("answers unknown API paths and malformed escapes in JSON, and leaves pages to Next", async () => {
    const unknown = await send(`${server.url}/api/esc/nothing/here/at/all/really`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 404 });
    const malformed = await send(`${server.url}/api/esc/environments/acme/p/%zz`, { headers: auth });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).message).toMatch(/percent-escape/);
    const page = await send(`${server.url}/signin`);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
  });

  it("closes a connection whose request body it did not read, and the next request still works", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const huge = await send(`${server.url}/api/esc/environments/acme/p/e`, {
      method: "PATCH",
      headers: { ...auth, "Content-Length": String(3 * 1024 * 1024) },
      body: "x".repeat(3 * 1024 * 1024),
      agent,
    });
    expect(huge.status).toBe(413);
    const next = await send(`${server.url}/api/user`, { headers: auth, agent });
    expect(next.status).toBe(200);
    agent.destroy();
  });

  it("serves many requests at once on every worker without an error", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => send(`${server.url}/api/esc/environments`, { headers: auth })),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });
});
