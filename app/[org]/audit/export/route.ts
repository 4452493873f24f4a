// GET /{org}/audit/export?…filters…: the organization's audit log as CSV, for its admins. Streams
// page by page, so a large log never sits in memory. Without a session: 401; not a member: 404
// (as every org page); a member who is not an admin: 403 saying so.
import { currentUser, sessionActor } from "@/lib/auth/session";
import { auditCsvHeader, auditCsvRow } from "@/lib/audit/csv";
import { parseAuditQuery } from "@/lib/audit/filters";
import { allAuditEntries, requireAuditReader } from "@/lib/audit/query";
import { getDb } from "@/lib/db/client";
import { auditEnvironmentChange, recordEnvironmentEvent } from "@/lib/environments/audit";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

const text = (status: number, message: string) =>
  new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

export async function GET(req: Request, ctx: { params: Promise<{ org: string }> }): Promise<Response> {
  let org: string;
  try {
    org = decodeURIComponent((await ctx.params).org);
  } catch {
    return text(404, "Not found.");
  }
  const user = await currentUser();
  if (!user) return text(401, "Sign in to export the audit log.");
  const db = getDb();
  const actor = await sessionActor(user);
  let orgId: string;
  try {
    orgId = await requireAuditReader(db, user.id, org);
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "ForbiddenError") {
      await recordEnvironmentEvent(db, actor, org, "audit.export", "audit log", "denied");
      return text(403, "Only organization admins can export the audit log.");
    }
    if (name === "NotFoundError") return text(404, "Not found.");
    throw error;
  }
  const { filters } = parseAuditQuery(Object.fromEntries(new URL(req.url).searchParams));
  await auditEnvironmentChange(db, actor, orgId, "audit.export", "audit log");

  const entries = allAuditEntries(db, orgId, filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()));
    },
    async pull(controller) {
      try {
        const next = await entries.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(auditCsvRow(next.value)));
      } catch (error) {
        // The status is already sent: the truncated file ends here, and the log says why.
        log("error", "audit export failed", { error: error instanceof Error ? error.name : "error" });
        controller.error(error);
      }
    },
    async cancel() {
      await entries.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  const filename = `audit-${org.replace(/[^A-Za-z0-9_-]/g, "_")}-${day}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
