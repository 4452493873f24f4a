// The REST client for the ESC API (API.md §2), on node:http(s) rather than fetch: undici's first
// load costs tens of milliseconds, and `esc env run` must start fast.
import http from "node:http";
import type { EnvironmentValue, EnvRef } from "./types";

export interface Diagnostic {
  summary: string;
  detail?: string;
  path?: string;
  severity?: string;
  range?: { environment?: string; begin: { line: number; column: number; byte?: number }; end?: { line: number; column: number } };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
  }
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface User {
  githubLogin: string;
  name?: string;
  organizations?: { githubLogin: string; name?: string }[];
}

export interface EnvironmentRevision {
  number: number;
  created?: string;
  creatorLogin?: string;
  creatorName?: string;
  tags?: string[];
  retracted?: { replacement?: number; at?: string; byLogin?: string; byName?: string; reason?: string };
}

export interface RevisionTag {
  name: string;
  revision: number;
  created?: string;
  modified?: string;
  editorLogin?: string;
  editorName?: string;
}

export interface OrgEnvironment {
  organization?: string;
  project: string;
  name: string;
}

const VERSION_HEADER = "pulumi-esc-revision";

export class EscClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly userAgent = "esc-cli/1 (esc-server)",
  ) {}

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    // TLS is loaded only for https backends: it is a noticeable part of startup time.
    const mod = url.protocol === "https:" ? await import("node:https") : http;
    const allHeaders: Record<string, string> = {
      accept: "application/vnd.pulumi+8",
      "user-agent": this.userAgent,
      ...headers,
    };
    if (this.token) allHeaders.authorization = `token ${this.token}`;
    if (body !== undefined) {
      allHeaders["content-type"] ??= "application/json";
      allHeaders["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method, headers: allHeaders, timeout: 120_000, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`request to ${url.origin} timed out`)));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // The URL is safe to show (tokens never travel in URLs); the raw error may not be.
        reject(new Error(`could not reach ${url.origin}: ${err.code ?? err.message}`));
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Sends a request and turns any non-2xx answer into an ApiError with the server's message. */
  async call(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Response> {
    const res = await this.request(method, path, body, headers);
    if (res.status >= 200 && res.status < 300) return res;
    throw this.toError(res);
  }

  toError(res: Response): ApiError {
    let message = `HTTP ${res.status}`;
    let diagnostics: Diagnostic[] | undefined;
    try {
      const parsed = JSON.parse(res.body) as { message?: unknown; diagnostics?: unknown };
      if (typeof parsed.message === "string" && parsed.message) message = parsed.message;
      if (Array.isArray(parsed.diagnostics)) diagnostics = parsed.diagnostics as Diagnostic[];
    } catch {
      // Not JSON: keep the status line.
    }
    if (res.status === 401 && !this.token) message = "this command requires logging in; try running `esc login` first";
    else if (res.status === 401) message = "invalid access token; run `esc login` again";
    else if (res.status === 429) message = "rate limit exceeded; try again later";
    return new ApiError(res.status, message, diagnostics);
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body === undefined ? undefined : JSON.stringify(body));
    try {
      return (res.body ? JSON.parse(res.body) : {}) as T;
    } catch {
      throw new ApiError(res.status, `unexpected answer from ${this.baseUrl} (not JSON); is this an ESC server?`);
    }
  }

  // --- user ---
  getUser(): Promise<User> {
    return this.json<User>("GET", "/api/user");
  }

  async getDefaultOrg(): Promise<string | undefined> {
    try {
      const res = await this.json<{ gitHubLogin?: string; githubLogin?: string }>("GET", "/api/user/organizations/default");
      return res.gitHubLogin || res.githubLogin || undefined;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 501)) return undefined;
      throw err;
    }
  }

  // --- environments ---
  async listEnvironments(org?: string): Promise<OrgEnvironment[]> {
    const all: OrgEnvironment[] = [];
    let token = "";
    // Bounded, so a server that keeps answering with a token cannot loop us forever.
    for (let page = 0; page < 10_000; page++) {
      const base = org ? `/api/esc/environments/${enc(org)}` : "/api/esc/environments";
      const q = token ? `?continuationToken=${encodeURIComponent(token)}` : "";
      const res = await this.json<{ environments?: OrgEnvironment[]; nextToken?: string }>("GET", base + q);
      all.push(...(res.environments ?? []));
      if (!res.nextToken || res.nextToken === token) break;
      token = res.nextToken;
    }
    return all;
  }

  async createEnvironment(ref: EnvRef): Promise<void> {
    await this.call("POST", `/api/esc/environments/${enc(ref.org)}`, JSON.stringify({ project: ref.project, name: ref.env }));
  }

  async getEnvironment(ref: EnvRef, version?: string, decrypt = false): Promise<{ yaml: string; etag?: string; revision?: number }> {
    const suffix = (version ? `/versions/${enc(version)}` : "") + (decrypt ? "/decrypt" : "");
    const res = await this.call("GET", envPath(ref) + suffix);
    const rev = Number(res.headers[VERSION_HEADER]);
    return { yaml: res.body, etag: header(res.headers.etag), revision: Number.isFinite(rev) ? rev : undefined };
  }

  /** PATCH the definition; returns the server's diagnostics (400 with diagnostics is returned, not thrown). */
  async updateEnvironment(ref: EnvRef, yaml: string, etag?: string): Promise<Diagnostic[]> {
    try {
      await this.call("PATCH", envPath(ref), yaml, etag ? { etag } : {});
      return [];
    } catch (err) {
      if (err instanceof ApiError && err.diagnostics?.length) return err.diagnostics;
      throw err;
    }
  }

  async deleteEnvironment(ref: EnvRef): Promise<void> {
    await this.call("DELETE", envPath(ref));
  }

  async cloneEnvironment(ref: EnvRef, dest: { project?: string; name: string }, options: Record<string, boolean>): Promise<void> {
    await this.call("POST", `${envPath(ref)}/clone`, JSON.stringify({ ...dest, ...options }));
  }

  /** POST yaml/check: evaluates a definition without opening providers. 400 bodies are results too. */
  async checkYaml(org: string, yaml: string, showSecrets: boolean): Promise<EnvironmentValue & { diagnostics?: Diagnostic[] }> {
    const res = await this.request("POST", `/api/esc/environments/${enc(org)}/yaml/check?showSecrets=${showSecrets}`, yaml);
    if (res.status === 200 || res.status === 400) {
      try {
        return JSON.parse(res.body);
      } catch {
        throw new ApiError(res.status, `unexpected response from ${this.baseUrl}`);
      }
    }
    throw this.toError(res);
  }

  /** Opens an environment: POST open, then GET open/{id}. Diagnostics come back as an ApiError. */
  async openEnvironment(ref: EnvRef, version: string | undefined, duration: string): Promise<EnvironmentValue> {
    const base = envPath(ref) + (version ? `/versions/${enc(version)}` : "");
    const opened = await this.json<{ id: string; diagnostics?: Diagnostic[] }>("POST", `${base}/open?duration=${encodeURIComponent(duration)}`);
    if (opened.diagnostics?.some((d) => d.severity !== "warning")) throw new ApiError(400, "environment has errors", opened.diagnostics);
    return this.json<EnvironmentValue>("GET", `${envPath(ref)}/open/${enc(opened.id)}`);
  }

  // --- revisions and tags ---
  listRevisions(ref: EnvRef, before: number, count: number): Promise<EnvironmentRevision[]> {
    return this.json("GET", `${envPath(ref)}/versions?before=${before}&count=${count}`);
  }

  getRevisionTag(ref: EnvRef, tag: string): Promise<RevisionTag> {
    return this.json("GET", `${envPath(ref)}/versions/tags/${enc(tag)}`);
  }

  async listRevisionTags(ref: EnvRef): Promise<RevisionTag[]> {
    const all: RevisionTag[] = [];
    let after = "";
    for (let page = 0; page < 10_000; page++) {
      const res = await this.json<{ tags?: RevisionTag[] }>("GET", `${envPath(ref)}/versions/tags?after=${encodeURIComponent(after)}&count=500`);
      const tags = res.tags ?? [];
      if (tags.length === 0 || tags[tags.length - 1].name === after) break;
      all.push(...tags);
      after = tags[tags.length - 1].name;
    }
    return all;
  }

  /** Moves a tag (PATCH), creating it (POST) when the server says it does not exist yet. */
  async setRevisionTag(ref: EnvRef, tag: string, revision: number): Promise<void> {
    try {
      await this.call("PATCH", `${envPath(ref)}/versions/tags/${enc(tag)}`, JSON.stringify({ revision }));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      await this.call("POST", `${envPath(ref)}/versions/tags`, JSON.stringify({ name: tag, revision }));
    }
  }

  async retractRevision(ref: EnvRef, version: string, body: { replacement?: number; reason?: string }): Promise<void> {
    await this.call("POST", `${envPath(ref)}/versions/${enc(version)}/retract`, JSON.stringify(body));
  }

  async deleteRevisionTag(ref: EnvRef, tag: string): Promise<void> {
    await this.call("DELETE", `${envPath(ref)}/versions/tags/${enc(tag)}`);
  }

  async exists(ref: EnvRef): Promise<boolean> {
    const res = await this.request("GET", envPath(ref));
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw this.toError(res);
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function envPath(ref: EnvRef): string {
  return `/api/esc/environments/${enc(ref.org)}/${enc(ref.project)}/${enc(ref.env)}`;
}
