// One HTTP request with node:http, the body read whole. Tests use it where fetch will not do: a
// method fetch refuses, a socket reused on purpose, or a path that must reach the server exactly
// as written (fetch resolves `..` and `%2e%2e` segments before sending).
import { request, type Agent, type IncomingHttpHeaders } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  agent?: Agent;
  /** Fails the request when no answer comes within this time. */
  timeoutMs?: number;
  /**
   * The server may answer (413) and close before an oversized body is fully sent: the broken
   * pipe is then no failure, the answer is what counts.
   */
  tolerateClosedUpload?: boolean;
}

/** `target` is a URL, or the port and raw path of a server on 127.0.0.1. */
export function httpRequest(
  target: string | { port: number; path: string },
  opts: HttpRequestOptions = {},
): Promise<HttpAnswer> {
  const method = opts.method ?? "GET";
  const options = { method, headers: opts.headers, agent: opts.agent, timeout: opts.timeoutMs };
  return new Promise((resolve, reject) => {
    const onAnswer = (res: import("node:http").IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    };
    const req =
      typeof target === "string"
        ? request(target, options, onAnswer)
        : request({ ...options, host: "127.0.0.1", port: target.port, path: target.path }, onAnswer);
    const where = typeof target === "string" ? target : target.path;
    req.on("timeout", () =>
      req.destroy(new Error(`${method} ${where.slice(0, 200)}: no answer within ${opts.timeoutMs} ms`)),
    );
    req.on("error", (err: NodeJS.ErrnoException) =>
      opts.tolerateClosedUpload && (err.code === "EPIPE" || err.code === "ECONNRESET")
        ? undefined
        : reject(err),
    );
    req.end(opts.body);
  });
}
