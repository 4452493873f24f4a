// Between Node's http objects and the Fetch API's Request/Response the route modules speak:
// the same translation `next start` makes, with the same forwarded headers it adds (route
// handlers see no socket; lib/rate-limit/client-ip.ts reads the client's address from
// X-Forwarded-For, which Next fills with the socket's address when the request has none).
import type { IncomingMessage, ServerResponse } from "node:http";
import { unreadTextBody } from "./text-response";

const BODYLESS = new Set(["GET", "HEAD"]);

/** A Fetch Request for `req`, or null when its URL or headers cannot form one (answer 400). */
export function toWebRequest(req: IncomingMessage, serverPort: number): Request | null {
  const method = req.method ?? "GET";
  const headers = new Headers();
  try {
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  } catch {
    return null;
  }
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", headers.get("host") ?? "localhost");
  if (!headers.has("x-forwarded-port")) headers.set("x-forwarded-port", String(serverPort));
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);

  let url: URL;
  try {
    // Only the path and query matter to the routes; the host is whatever the client named.
    url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
  } catch {
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      return null;
    }
  }
  try {
    const body = BODYLESS.has(method) ? undefined : bodyOf(req);
    return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
  } catch {
    return null; // a method the Fetch API forbids (CONNECT, TRACE), say
  }
}

/**
 * The request body as a stream, read from the socket only when the route reads it. What a route
 * leaves unread (it answered 413 on the declared size, or stopped reading past its limit) is
 * discarded as it arrives, the way Node does for a request nobody read: the client gets to send
 * it all, then reads the answer, and the connection stays usable. (Readable.toWeb would destroy
 * the socket on cancel, and the client, still sending, would never see the answer.)
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!started) {
          started = true;
          req.on("data", (chunk: Buffer) => {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          // After a cancel the stream is closed already; the rest of the body just drains.
          req.once("end", () => ignoreClosed(() => controller.close()));
          req.once("error", (err) => ignoreClosed(() => controller.error(err)));
        }
        req.resume();
      },
      cancel() {
        req.removeAllListeners("data");
        req.resume();
      },
      // No read ahead: `pull` runs only when the route reads, so an unread body stays untouched.
    },
    { highWaterMark: 0 },
  );
}

function ignoreClosed(settle: () => void): void {
  try {
    settle();
  } catch {
    // the route cancelled the stream: nobody is reading any more
  }
}

/** Writes `response` to `res`, body and all (HEAD: headers only), plus `extraHeaders`. */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  extraHeaders: { key: string; value: string }[],
  headOnly: boolean,
): Promise<void> {
  res.statusCode = response.status;
  for (const { key, value } of extraHeaders) res.setHeader(key, value);
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (headOnly || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  const text = unreadTextBody(response);
  if (text !== undefined) {
    res.setHeader("content-length", Buffer.byteLength(text));
    res.end(text);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader("content-length", body.byteLength);
  res.end(body);
}
