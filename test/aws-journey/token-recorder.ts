// Test support: a pass-through HTTP proxy in front of the STS endpoint that keeps every identity
// token sent with AssumeRoleWithWebIdentity. The server under test mints its tokens in its own
// process, so this is how the journey test gets hold of the exact token AWS would have seen.
// Requests and answers are forwarded unchanged (the AWS-like gate behind it does the checking).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenRecorder {
  endpoint: string;
  /** Tokens in the order they were sent. */
  tokens: string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTokenRecorder(target: string): Promise<TokenRecorder> {
  const tokens: string[] = [];
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const params = new URLSearchParams(body.toString("utf8"));
      const token = params.get("WebIdentityToken");
      if (params.get("Action") === "AssumeRoleWithWebIdentity" && token) tokens.push(token);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => k !== "host" && typeof v === "string"),
      ) as Record<string, string>;
      const answer = await fetch(`${target}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: body.length ? new Uint8Array(body) : undefined,
      });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/xml" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`token recorder could not forward: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
