// Hostile input against every REST route of a real server (scripts/serve.mjs): random (fast-check), oversized,
// malformed and mis-typed bodies; names with path traversal, control characters and unicode;
// wrong methods and content types. Every answer must be a 4xx with a `{code, message}` JSON body
// (never a 5xx, never an HTML page), the server must stay up, and nothing may be stored.
//
// Requests go through node:http rather than fetch, so paths reach the server exactly as written
// (fetch would resolve `..` and `%2e%2e` segments before sending).
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { httpRequest } from "../support/http-request";
import { startServer, type TestServer } from "../support/server";

const ORG = "acme";
const PROJECT = "app";
const ENV = "base";

let server: TestServer;
let token: string;

interface Answer {
  status: number;
  body: Buffer;
  contentType: string;
  allow: string;
}

async function send(
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const answer = await httpRequest(
    { port: server.port, path },
    {
      method,
      headers: { Authorization: `token ${token}`, ...headers },
      body,
      timeoutMs: 30_000,
      tolerateClosedUpload: true,
    },
  );
  return {
    status: answer.status,
    body: answer.body,
    contentType: String(answer.headers["content-type"] ?? ""),
    allow: String(answer.headers["allow"] ?? ""),
  };
}

/** Asserts the contract and returns a description of the violation, or null. */
function violation(method: string, path: string, a: Answer): string | null {
  const what = `${method} ${path.slice(0, 120)} → ${a.status}`;
  if (a.status >= 500 || a.status < 200) return `${what}: not a 4xx`;
  // RFC 3986 resolves `.`/`..` segments (also percent-encoded): such a path names another,
  // legitimate resource, which Next redirects to (308) or serves.
  if (DOT_SEGMENT.test(path) && a.status < 500) return null;
  if (method === "HEAD") return a.status >= 400 ? null : `${what}: not a 4xx`;
  // OPTIONS lists the route's methods (204 with Allow); a method a route does not implement is a
  // 405 with Allow and the usual JSON body (lib/api/methods.ts), checked below.
  if (method === "OPTIONS" && a.status === 204)
    return a.allow.includes("OPTIONS") ? null : `${what}: no Allow header`;
  if (a.status === 405 && !a.allow.includes("OPTIONS")) return `${what}: 405 without an Allow header`;
  // Node's HTTP parser refuses some requests (e.g. odd framing) with a bare 400 before any
  // application code runs: a client error, no handler of ours involved.
  if (a.status === 400 && a.body.length === 0 && a.contentType === "") return null;
  if (a.status < 400) return `${what}: not a 4xx`;
  let body: unknown;
  try {
    body = JSON.parse(a.body.toString("utf8"));
  } catch {
    return `${what}: body is not JSON (${a.contentType}): ${a.body.toString("utf8").slice(0, 80)}`;
  }
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  if (code !== a.status || typeof message !== "string" || message === "")
    return `${what}: body is not {code, message}: ${a.body.toString("utf8").slice(0, 120)}`;
  if (token.length >= 8 && message.includes(token)) return `${what}: the message repeats the token`;
  return null;
}

async function expectHealthy() {
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

/** What the store holds, compared before and after the fuzzing. */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const path of [
    "/api/esc/environments",
    `/api/esc/environments/${ORG}`,
    `/api/esc/environments/${ORG}/${PROJECT}/${ENV}`,
    `/api/esc/environments/${ORG}/${PROJECT}/${ENV}/versions`,
    `/api/esc/environments/${ORG}/${PROJECT}/${ENV}/tags`,
    `/api/esc/environments/${ORG}/${PROJECT}/${ENV}/versions/tags`,
  ]) {
    const a = await send("GET", path);
    parts.push(`${path} ${a.status} ${a.body.toString("utf8").replace(/"(modified|created)":"[^"]*"/g, "")}`);
  }
  return parts.join("\n");
}

// Route templates; {org} {project} {env} {id} {name} {version} {tag} are filled per case.
const ROUTES = [
  "/api/user",
  "/api/user/organizations/default",
  "/api/esc/environments",
  "/api/esc/environments/{org}",
  "/api/esc/environments/{org}/yaml/check",
  "/api/esc/environments/{org}/{project}/{env}",
  "/api/esc/environments/{org}/{project}/{env}/open",
  "/api/esc/environments/{org}/{project}/{env}/open/{id}",
  "/api/esc/environments/{org}/{project}/{env}/settings",
  "/api/esc/environments/{org}/{project}/{env}/clone",
  "/api/esc/environments/{org}/{project}/{env}/decrypt",
  "/api/esc/environments/{org}/{project}/{env}/tags",
  "/api/esc/environments/{org}/{project}/{env}/tags/{name}",
  "/api/esc/environments/{org}/{project}/{env}/versions",
  "/api/esc/environments/{org}/{project}/{env}/versions/{version}",
  "/api/esc/environments/{org}/{project}/{env}/versions/{version}/decrypt",
  "/api/esc/environments/{org}/{project}/{env}/versions/{version}/open",
  "/api/esc/environments/{org}/{project}/{env}/versions/{version}/retract",
  "/api/esc/environments/{org}/{project}/{env}/versions/tags",
  "/api/esc/environments/{org}/{project}/{env}/versions/tags/{tag}",
];
const VALID: Record<string, string> = {
  org: ORG,
  project: PROJECT,
  env: ENV,
  id: "no-such-open",
  name: "no-such-tag",
  version: "1",
  tag: "no-such-tag",
};
const PARAMS = Object.keys(VALID);
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? VALID[k]);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const DOT_SEGMENT = /\/(\.|%2e){1,2}(\/|$|\?)/i;

/** Names no ESC name rule accepts, already in path form (encoded or raw as noted). */
const HOSTILE_SEGMENTS = [
  "..",
  ".",
  "%2e%2e",
  "%2E%2E",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..%2f..%2f",
  "a%2Fb",
  "%252e%252e",
  "%00",
  "a%00b",
  "%0a",
  "%0d%0aX-Injected:%201",
  "%7f",
  "%e2%80%ae",
  "%c3%a9t%c3%a9",
  "%f0%9f%98%80",
  "x".repeat(2000),
  "%20",
  "-",
  "_",
  "%24%7Bx%7D",
  "null",
  "undefined",
  "__proto__",
  "constructor",
];

beforeAll(async () => {
  // Limits off: this suite sends thousands of requests from one token and one address.
  server = await startServer({
    env: { ESC_RATE_LIMIT_API_PER_MINUTE: "0", ESC_RATE_LIMIT_TOKEN_FAILURES: "0" },
  });
  token = await seedUserWithOrg(server, "fuzz", ORG);
  const create = await fetch(`${server.url}/api/esc/environments/${ORG}`, {
    method: "POST",
    headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ project: PROJECT, name: ENV }),
  });
  expect(create.status).toBeLessThan(300);
  const update = await send(
    "PATCH",
    `/api/esc/environments/${ORG}/${PROJECT}/${ENV}`,
    "values:\n  a: 1\n  s:\n    fn::secret: hunter2\n",
  );
  expect(update.status).toBe(200);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe("API fuzzing", () => {
  let before: string;
  let problems: string[] = [];
  beforeEach(() => {
    problems = [];
  });
  /** Distinct violations (by status and first words), so a failure reads as a short list. */
  const distinct = () =>
    [...new Map(problems.map((p) => [p.replace(/^(\S+) \S+/, "$1").slice(0, 60), p])).values()].slice(0, 40);
  const check = async (
    method: string,
    path: string,
    body?: Buffer | string,
    headers?: Record<string, string>,
  ) => {
    const v = violation(method, path, await send(method, path, body, headers));
    if (v) problems.push(v);
  };

  beforeAll(async () => {
    before = await snapshot();
  });

  it("hostile names in every path parameter, with every method", async () => {
    for (const template of ROUTES) {
      for (const param of PARAMS.filter((p) => template.includes(`{${p}}`))) {
        for (const seg of HOSTILE_SEGMENTS) {
          if (param === "version" && /^\d+$/.test(seg)) continue;
          for (const method of METHODS)
            await check(
              method,
              fill(template, { [param]: seg }),
              method === "GET" || method === "HEAD" ? undefined : '{"name":',
            );
        }
      }
    }
    await expectHealthy();
    expect(distinct()).toEqual([]);
  }, 600_000);

  it("random path segments (fast-check), encoded, on every route", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES.filter((r) => r.includes("{"))),
        fc
          .string({ unit: "binary", minLength: 1, maxLength: 60 })
          .filter((s) => !/^[A-Za-z0-9._-]*$/.test(s)),
        fc.constantFrom(...METHODS),
        async (template, name, method) => {
          const param = /\{(\w+)\}/.exec(template)![1];
          await check(
            method,
            fill(template, { [param]: encodeURIComponent(name) }),
            method === "GET" || method === "HEAD" ? undefined : "{",
          );
        },
      ),
      { numRuns: 300 },
    );
    await expectHealthy();
    expect(distinct()).toEqual([]);
  }, 600_000);

  const env = `/api/esc/environments/${ORG}/${PROJECT}/${ENV}`;
  // Endpoints that read a body, with a method they accept.
  const BODY_ENDPOINTS: [string, string][] = [
    ["POST", `/api/esc/environments/${ORG}`],
    ["POST", `/api/esc/environments/${ORG}/yaml/check`],
    ["PATCH", env],
    ["PATCH", `${env}/settings`],
    ["POST", `${env}/clone`],
    ["POST", `${env}/tags`],
    ["PATCH", `${env}/tags/no-such-tag`],
    ["POST", `${env}/versions/tags`],
    ["PATCH", `${env}/versions/tags/no-such-tag`],
    ["POST", `${env}/versions/1/retract`],
  ];
  // Malformed bodies: no endpoint can accept them.
  const BAD_BODIES: [string, Buffer | string][] = [
    ["10 MB", Buffer.alloc(10 * 1024 * 1024, 0x61)],
    ["bad JSON", '{"name": "x", '],
    ["bad UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x80, 0xc0, 0xae, 0x22, 0x7d])],
    ["bad YAML", "values:\n  a: [1, 2\n  b: {\n\t- c"],
  ];
  // Well-formed JSON of the wrong shape, for the JSON endpoints that must refuse it (the YAML
  // endpoint would rightly store a JSON map and check one; {} is a valid settings or retract request; env tag
  // names are free-form).
  const WRONG_JSON: [string, Buffer | string][] = [
    [
      "wrong JSON types",
      '{"name": 5, "project": [], "revision": "1", "value": {}, "deletionProtected": "yes", "replacement": -1}',
    ],
    ["JSON array", "[1,2,3]"],
    ["JSON null", "null"],
    ["nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000)],
    [
      "names with traversal",
      JSON.stringify({
        project: "../..",
        name: "../../etc",
        revision: 1,
        value: "x",
        currentTag: { value: "x" },
        newTag: { name: "..", value: "" },
      }),
    ],
    [
      "names with control characters",
      JSON.stringify({ project: "a\u0000b", name: "\u202e\n", revision: 1, value: "x" }),
    ],
  ];
  const CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-yaml",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "",
  ];

  it("oversized, malformed and mis-typed bodies with every content type", async () => {
    const strictJson = (p: string) =>
      !p.endsWith(ENV) &&
      !p.endsWith("/yaml/check") &&
      !p.endsWith("/settings") &&
      !p.endsWith("/retract") &&
      !/\/tags(\/[^/]+)?$/.test(p);
    for (const [method, path] of BODY_ENDPOINTS) {
      for (const [, body] of [...BAD_BODIES, ...(strictJson(path) ? WRONG_JSON : [])]) {
        for (const contentType of CONTENT_TYPES)
          await check(method, path, body, contentType ? { "Content-Type": contentType } : {});
      }
    }
    await expectHealthy();
    expect(distinct()).toEqual([]);
  }, 600_000);

  it("random JSON bodies (fast-check) to the JSON endpoints", async () => {
    // No "name" key: a well-formed create/clone/tag request would rightly store something.
    const jsonEndpoints = BODY_ENDPOINTS.filter(
      ([, p]) =>
        !p.endsWith(ENV) && !p.endsWith("/yaml/check") && !p.endsWith("/retract") && !p.endsWith("/settings"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...jsonEndpoints),
        fc
          .jsonValue()
          .filter(
            (v) =>
              !(
                typeof v === "object" &&
                v !== null &&
                !Array.isArray(v) &&
                ("name" in v || "revision" in v || "newTag" in v)
              ),
          ),
        async ([method, path], value) =>
          check(method, path, JSON.stringify(value), { "Content-Type": "application/json" }),
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 400 }), async (text) =>
        check("POST", `/api/esc/environments/${ORG}/yaml/check`, `values: [\n${text}`),
      ),
      { numRuns: 100 },
    );
    await expectHealthy();
    expect(distinct()).toEqual([]);
  }, 600_000);

  it("without or with a bad token, every route answers 401 {code, message}", async () => {
    const saved = token;
    for (const bad of ["", `esc_${"A".repeat(43)}`, "x".repeat(10_000), "esc_\u00e9"]) {
      token = encodeURIComponent(bad);
      for (const template of ROUTES)
        for (const method of ["GET", "POST", "PATCH", "DELETE"])
          await check(method, fill(template, {}), "{}");
    }
    token = saved;
    await expectHealthy();
    expect(distinct()).toEqual([]);
  }, 600_000);

  // Next's router would answer these with a 500 before any route runs; proxy.ts answers 400 first.
  it("malformed percent-escapes (`%`, `%%`, `%zz`, invalid UTF-8) in a path are a 400 {code, message}", async () => {
    for (const bad of ["%", "%%", "%zz", "%c0%ae%c0%ae", "%ff%fe"]) {
      await check("GET", `/api/esc/environments/${ORG}/${PROJECT}/${bad}`);
      const a = await send("GET", `/api/esc/environments/${ORG}/${PROJECT}/${bad}`);
      expect(a.status).toBe(400);
    }
    expect(distinct()).toEqual([]);
    // Outside the API: a plain 400 page, not a 500.
    const page = await send("GET", `/${ORG}/environments/%zz`);
    expect(page.status).toBe(400);
    expect(page.contentType).toMatch(/^text\/plain/);
    await expectHealthy();
  });

  it("a method a route does not implement is a 405 {code, message} with Allow", async () => {
    const a = await send("PUT", `/api/esc/environments/${ORG}/${PROJECT}/${ENV}/decrypt`);
    expect(a.status).toBe(405);
    expect(a.allow).toBe("GET, HEAD, OPTIONS");
    expect(JSON.parse(a.body.toString("utf8"))).toEqual({
      code: 405,
      message: "PUT is not allowed here; this endpoint accepts GET, HEAD, OPTIONS",
    });
    const options = await send("OPTIONS", `/api/esc/environments/${ORG}/${PROJECT}/${ENV}`);
    expect(options.status).toBe(204);
    expect(options.allow).toBe("GET, HEAD, PATCH, DELETE, OPTIONS");
  });

  afterAll(async () => {
    // Nothing that was sent changed what is stored.
    expect(await snapshot()).toBe(before);
  });
});
