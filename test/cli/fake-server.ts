// A small in-memory ESC server on a loopback port, implementing just the endpoints the CLI calls
// (API.md §2), with the real evaluator (lib/esc) behind check/open, the test providers and the
// rot128 crypter the conformance transcripts assume. Not a product: no persistence, one user.
import http from "node:http";
import { parseDocument } from "yaml";
import { checkEnvironment, openEnvironment, type Environment } from "@/lib/esc";
import { encryptSecrets, decryptSecrets } from "@/lib/esc/crypt";
import { testProviders } from "@/lib/esc/testing/providers";
import { rot128 } from "@/lib/esc/testing/rot128";

export interface Revision {
  yaml: string; // as stored: secrets as ciphertext
  created: string;
  retracted?: { replacement: number; reason?: string };
}

export interface StoredEnv {
  revisions: Revision[]; // index 0 = revision 1
  tags: Map<string, number>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeServerOptions {
  token?: string;
  user?: string;
  organizations?: string[];
  defaultOrg?: string;
}

export class FakeEscServer {
  readonly envs = new Map<string, StoredEnv>();
  readonly requests: RecordedRequest[] = [];
  private readonly sessions = new Map<string, Environment>();
  private server?: http.Server;
  url = "";
  readonly token: string;
  readonly user: string;
  readonly organizations: string[];
  defaultOrg?: string;

  constructor(opts: FakeServerOptions = {}) {
    this.token = opts.token ?? "test-token";
    this.user = opts.user ?? "test-user";
    this.organizations = opts.organizations ?? [];
    this.defaultOrg = opts.defaultOrg;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
        this.handle(req, body)
          .then(({ status, body: out, headers }) => {
            res.writeHead(status, { "content-type": typeof out === "string" ? "application/x-yaml" : "application/json", ...headers });
            res.end(out === undefined ? "" : typeof out === "string" ? out : JSON.stringify(out));
          })
          .catch((err: Error) => {
            res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify({ code: 500, message: `fake server bug: ${err.message}` }));
          });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Seeds an environment: each YAML text becomes one revision after the empty revision 1. */
  async seed(key: string, yamls: (string | { yaml: string; tags?: string[]; retracted?: { replacement: number; reason?: string } })[]): Promise<void> {
    const env: StoredEnv = { revisions: [{ yaml: "", created: hour(1) }], tags: new Map() };
    for (const y of yamls) {
      const r = typeof y === "string" ? { yaml: y } : y;
      const n = env.revisions.length + 1;
      env.revisions.push({ yaml: await encryptSecrets(r.yaml, rot128), created: hour(n), retracted: r.retracted });
      for (const t of typeof y === "string" ? [] : (y.tags ?? [])) env.tags.set(t, n);
    }
    this.envs.set(key, env);
  }

  private async handle(req: http.IncomingMessage, body: string): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    if (req.headers.authorization !== `token ${this.token}`) return err(401, "Unauthorized: No credentials provided or are invalid.");
    const url = new URL(req.url ?? "/", "http://x");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? "GET";
    if (url.pathname === "/api/user") {
      return ok({ githubLogin: this.user, name: "Test User", organizations: this.organizations.map((o) => ({ githubLogin: o, name: o })) });
    }
    if (url.pathname === "/api/user/organizations/default") {
      return this.defaultOrg ? ok({ gitHubLogin: this.defaultOrg }) : err(404, "no default organization");
    }
    if (parts[0] !== "api" || parts[1] !== "esc" || parts[2] !== "environments") return err(404, "not found");
    const [org, project, name, ...rest] = parts.slice(3);
    if (!org) return ok({ environments: this.list() });
    if (project === "yaml" && name === "check" && method === "POST") {
      const result = await this.evaluate(org, "<yaml>", body, "check", url.searchParams.get("showSecrets") === "true");
      return { status: result.diagnostics.length ? 400 : 200, body: { ...result.environment, diagnostics: result.diagnostics.length ? result.diagnostics : undefined } };
    }
    if (!project) {
      if (method === "POST") {
        const { project: p, name: n } = JSON.parse(body) as { project: string; name: string };
        const key = `${org}/${p}/${n}`;
        if (this.envs.has(key)) return err(409, "already exists");
        await this.seed(key, []);
        return ok({});
      }
      return ok({ environments: this.list().filter((e) => e.organization === org) });
    }
    const key = `${org}/${project}/${name}`;
    const env = this.envs.get(key);
    if (!env) return err(404, "not found");
    const evalName = project === "default" ? name : `${project}/${name}`;
    let revision = env.revisions.length;
    let tail = rest;
    if (tail[0] === "versions" && tail.length >= 2 && tail[1] !== "tags") {
      const v = tail[1];
      const n = /^\d+$/.test(v) ? Number(v) : env.tags.get(v) ?? (v === "latest" ? env.revisions.length : undefined);
      if (n === undefined || n < 1 || n > env.revisions.length) return err(404, "not found");
      revision = n;
      tail = tail.slice(2);
    }
    const yaml = env.revisions[revision - 1].yaml;
    const headers = { etag: `"${key}@${env.revisions.length}"`, "pulumi-esc-revision": String(revision) };
    const op = tail.join("/");
    if (op === "" && method === "GET") return { status: 200, body: yaml, headers };
    if (op === "decrypt" && method === "GET") return { status: 200, body: await decryptSecrets(yaml, rot128), headers };
    if (op === "" && method === "DELETE") {
      this.envs.delete(key);
      return ok({});
    }
    if (op === "" && method === "PATCH") {
      if (req.headers.etag && req.headers.etag !== headers.etag) return err(409, "the environment was changed by someone else");
      const checked = await this.evaluate(org, evalName, body, "check", false);
      const errors = checked.diagnostics.filter((d) => d.severity !== "warning");
      if (errors.length) return { status: 400, body: { code: 400, message: "too many errors", diagnostics: errors } };
      // Like the reference's test service: stored re-encoded (2-space indent) with secrets encrypted.
      const stored = parseDocument(await encryptSecrets(body, rot128)).toString({ indent: 2, flowCollectionPadding: false });
      env.revisions.push({ yaml: stored, created: hour(env.revisions.length + 1) });
      return { status: 200, body: {}, headers: { "pulumi-esc-revision": String(env.revisions.length) } };
    }
    if (op === "open" && method === "POST") {
      const opened = await this.evaluate(org, evalName, yaml, "open", true);
      if (opened.diagnostics.some((d) => d.severity !== "warning")) return { status: 400, body: { code: 400, message: "too many errors", diagnostics: opened.diagnostics } };
      const id = String(this.sessions.size + 1);
      this.sessions.set(id, opened.environment ?? {});
      return ok({ id });
    }
    if (tail[0] === "open" && tail[1] && method === "GET") {
      const session = this.sessions.get(tail[1]);
      return session ? ok({ properties: session.properties, schema: session.schema }) : err(404, "not found");
    }
    if (op === "retract" && method === "POST") {
      const { replacement, reason } = JSON.parse(body || "{}") as { replacement?: number; reason?: string };
      if (revision === env.revisions.length) return err(400, "the latest revision cannot be retracted");
      // The reference's test service records 42 when no replacement is sent (see env-version-retract.yaml).
      env.revisions[revision - 1].retracted = { replacement: replacement ?? 42, reason };
      return { status: 204 };
    }
    if (op === "versions" && method === "GET") {
      const before = Number(url.searchParams.get("before") ?? 0) || env.revisions.length + 1;
      const count = Number(url.searchParams.get("count") ?? 500);
      const out = [];
      for (let n = Math.min(before - 1, env.revisions.length); n >= 1 && out.length < count; n--) {
        const r = env.revisions[n - 1];
        const tags = [...env.tags].filter(([, rev]) => rev === n).map(([t]) => t);
        if (n === env.revisions.length) tags.unshift("latest");
        out.push({
          number: n,
          created: r.created,
          creatorLogin: "test-tester",
          creatorName: "Test Tester",
          tags,
          retracted: r.retracted ? { ...r.retracted, at: r.created, byLogin: "test-tester", byName: "Test Tester" } : undefined,
        });
      }
      return ok(out);
    }
    if (op === "versions/tags" && method === "GET") {
      const after = url.searchParams.get("after") ?? "";
      const all = [["latest", env.revisions.length] as const, ...env.tags].sort(([a], [b]) => (a < b ? -1 : 1));
      return ok({ tags: all.filter(([t]) => t > after).map(([t, rev]) => ({ name: t, revision: rev })), nextToken: "" });
    }
    if (op === "versions/tags" && method === "POST") {
      const { name: t, revision: rev } = JSON.parse(body) as { name: string; revision: number };
      if (env.tags.has(t)) return err(409, "already exists");
      env.tags.set(t, rev ?? env.revisions.length);
      return { status: 204 };
    }
    if (tail[0] === "versions" && tail[1] === "tags" && tail[2]) {
      const t = tail[2];
      const rev = t === "latest" ? env.revisions.length : env.tags.get(t);
      if (rev === undefined) return err(404, "not found");
      if (method === "GET") return ok({ name: t, revision: rev });
      if (method === "PATCH") {
        env.tags.set(t, (JSON.parse(body) as { revision: number }).revision);
        return { status: 204 };
      }
      if (method === "DELETE") {
        env.tags.delete(t);
        return { status: 204 };
      }
    }
    if (op === "clone" && method === "POST") {
      const { project: p, name: n } = JSON.parse(body) as { project?: string; name: string };
      const dest = `${org}/${p ?? project}/${n}`;
      if (this.envs.has(dest)) return err(409, "already exists");
      this.envs.set(dest, { revisions: [...env.revisions], tags: new Map(env.tags) });
      return { status: 204 };
    }
    return err(404, "not found");
  }

  private list() {
    return [...this.envs.keys()].map((k) => {
      const [organization, project, name] = k.split("/");
      return { organization, project, name };
    });
  }

  private evaluate(org: string, name: string, yaml: string, mode: "check" | "open", showSecrets: boolean) {
    const loader = {
      load: async (ref: string) => {
        const parts = ref.split("/");
        const key = parts.length === 1 ? `${org}/default/${ref}` : `${org}/${parts[0]}/${parts[1]}`;
        const env = this.envs.get(key);
        if (!env) throw new Error("not found");
        return { yaml: env.revisions[env.revisions.length - 1].yaml, crypter: rot128 };
      },
    };
    const opts = { name, providers: testProviders, loader, crypter: rot128, showSecrets };
    return mode === "check" ? checkEnvironment(yaml, opts) : openEnvironment(yaml, opts);
  }
}

function hour(n: number): string {
  return new Date(n * 3600_000).toISOString();
}

function ok(body: unknown) {
  return { status: 200, body };
}

function err(status: number, message: string) {
  return { status, body: { code: status, message } };
}
