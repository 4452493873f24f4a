// The browser half of `esc login`: listen on a loopback port, open
// `<URL>/cli-login?port=<P>&nonce=<N>` and wait for the console to hand the token back.
//
// Contract with the console page (docs/cli.md): after the user approves, the page POSTs to
// `http://127.0.0.1:<P>/callback` (a form post, `application/x-www-form-urlencoded`, or JSON) with
// fields `accessToken` and `nonce`. The token travels in a request body, never in a URL, so it
// stays out of browser history and logs. A wrong nonce gets 403 and the CLI keeps waiting.
import { spawn } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";

const MAX_BODY = 64 * 1024;

export interface BrowserLoginOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Called with the URL to visit; the default tries the platform's opener and prints the URL. */
  open?: (url: string) => void;
  log: (message: string) => void;
}

export async function browserLogin(opts: BrowserLoginOptions): Promise<string> {
  const nonce = randomBytes(16).toString("hex");
  let settle!: (token: string) => void;
  let fail!: (err: Error) => void;
  const result = new Promise<string>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const server = http.createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, corsHeaders()).end();
      return;
    }
    if (req.method !== "POST" || !req.url?.startsWith("/callback")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    readBody(req)
      .then((body) => {
        const fields = parseFields(body, req.headers["content-type"] ?? "");
        if (!fields.accessToken || !fields.nonce || !sameString(fields.nonce, nonce)) {
          res.writeHead(403, { "content-type": "text/plain", ...corsHeaders() }).end("login request not recognised\n");
          return;
        }
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...corsHeaders() }).end(DONE_PAGE);
        settle(fields.accessToken);
      })
      .catch(() => res.writeHead(400, { "content-type": "text/plain" }).end("bad request\n"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as { port: number }).port;
  const url = `${opts.baseUrl}/cli-login?port=${port}&nonce=${nonce}`;
  const timer = setTimeout(() => fail(new Error("timed out waiting for the browser login")), opts.timeoutMs ?? 5 * 60_000);
  try {
    opts.log(`Opening ${url} in your browser to approve this login.\nIf it does not open, visit that address yourself.\n`);
    (opts.open ?? openInBrowser)(url);
    return await result;
  } finally {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  }
}

function corsHeaders(): Record<string, string> {
  return { "access-control-allow-origin": "*", "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseFields(body: string, contentType: string): Record<string, string | undefined> {
  if (contentType.includes("application/json")) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return { accessToken: str(parsed.accessToken), nonce: str(parsed.nonce) };
    } catch {
      return {};
    }
  }
  const form = new URLSearchParams(body);
  return { accessToken: form.get("accessToken") ?? undefined, nonce: form.get("nonce") ?? undefined };
}

function str(x: unknown): string | undefined {
  return typeof x === "string" ? x : undefined;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function openInBrowser(url: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(cmd, [url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No opener: the URL was printed.
  }
}

const DONE_PAGE = `<!doctype html><meta charset="utf-8"><title>esc login</title>
<p>You are logged in. You can close this window and return to your terminal.</p>\n`;
