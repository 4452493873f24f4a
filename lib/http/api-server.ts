// The REST API (/api/*) served straight from its route modules (app/api/**/route.ts), beside
// Next.js rather than through it. Next's per-request machinery (its router, request metadata,
// render contexts, response piping and compression) cost more CPU than the API's own work (see
// BENCHMARKS.md, bench:load); the route modules speak only Fetch Requests and Responses, so the
// same modules serve `next dev` unchanged. What Next would add around a route handler is done
// here too: the 400 for malformed percent-escapes (proxy.ts), the security headers of
// next.config.ts, the forwarded headers (node-bridge.ts), HEAD from GET, and 405 for methods a
// route lacks.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { errorResponse } from "@/lib/api/responses";
import { summarizeError } from "@/lib/api/error-summary";
import { log } from "@/lib/log";
import { HSTS, securityHeaders } from "@/lib/security/headers";
import { hasMalformedEscape, malformedPathResponse } from "@/lib/security/malformed-path";
import { sendWebResponse, toWebRequest } from "./node-bridge";
import { RouteTable } from "./route-table";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<string, RouteHandler>>;

export interface ApiServer {
  /** Whether `url` (a request target) is the API's to answer. */
  handles(url: string | undefined): boolean;
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const MOUNT = "/api";

/**
 * The API server for the app directory `appDir`, answering on a server listening on `port`.
 * `importModule` loads a route module by absolute path; the default is this module's own
 * `require`, so that under tsx (scripts/serve.mjs) the route modules join this module's graph:
 * one copy of each lib module, whose classes `instanceof` recognises across routes and whose
 * state (rate-limit tallies, caches) the routes share.
 */
export function createApiServer(
  appDir: string,
  port: number,
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: this require, not import()
  importModule: (file: string) => Promise<unknown> = async (file) => require(file),
): ApiServer {
  const table = new RouteTable(path.join(appDir, "api"), MOUNT);
  const modules = new Map<string, Promise<RouteModule>>();
  const load = (file: string): Promise<RouteModule> => {
    let loaded = modules.get(file);
    if (!loaded) {
      loaded = importModule(file) as Promise<RouteModule>;
      modules.set(file, loaded);
    }
    return loaded;
  };
  const baseHeaders = securityHeaders();

  const respond = async (req: IncomingMessage, rawPath: string): Promise<Response> => {
    if (hasMalformedEscape(rawPath)) return malformedPathResponse(rawPath);
    const match = table.match(rawPath);
    if (!match) return errorResponse(404, "no such API endpoint");
    const route = await load(match.file);
    const method = (req.method ?? "GET").toUpperCase();
    // Next answers HEAD with the GET handler's headers when a route has no HEAD of its own.
    const handler = route[method] ?? (method === "HEAD" ? route.GET : undefined);
    if (!handler) return errorResponse(405, `${method.slice(0, 20)} is not allowed here`);
    const request = toWebRequest(req, port);
    if (!request) return errorResponse(400, "the request's URL or headers are malformed");
    return handler(request, { params: Promise.resolve(match.params) });
  };

  return {
    handles(url) {
      if (!url?.startsWith("/")) return false;
      const rawPath = url.split("?", 1)[0];
      return rawPath === MOUNT || rawPath.startsWith(`${MOUNT}/`);
    },
    async serve(req, res) {
      const rawPath = (req.url ?? "/").split("?", 1)[0];
      const extra = req.headers["x-forwarded-proto"] === "https" ? [...baseHeaders, HSTS] : baseHeaders;
      try {
        const response = await respond(req, rawPath);
        await sendWebResponse(res, response, extra, req.method === "HEAD");
      } catch (err) {
        // Route modules turn their own failures into answers (lib/api/handler.ts); this is the
        // bridge failing (a module that does not load, a client gone mid-body).
        log("error", "api server failed", { method: req.method, ...summarizeError(err) });
        if (res.headersSent) {
          res.destroy();
          return;
        }
        await sendWebResponse(res, errorResponse(500, "internal server error"), extra, false).catch(() =>
          res.destroy(),
        );
      }
    },
  };
}
