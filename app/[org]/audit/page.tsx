// /{org}/audit: the organization's audit log for its admins. A plain GET form holds the filters
// (they live in the URL, so a filtered view can be bookmarked, paged and exported as it is).
import Link from "next/link";
import { notFound } from "next/navigation";
import { routeParam } from "@/app/[org]/route-param";
import { ScrollIcon } from "@/components/icons";
import { fullTime } from "@/components/format-time";
import { requireOrgMember } from "@/lib/auth/session";
import { encodeCursor, filtersToSearchParams, parseAuditQuery } from "@/lib/audit/filters";
import { auditActions, queryAuditLog, type AuditEntry } from "@/lib/audit/query";
import { getDb } from "@/lib/db/client";
import { listMembers } from "@/lib/orgs/list-members";

export const metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
/** Filter fields wrap onto a second row rather than squeeze their labels and choices. */
const FIELD = { flex: "1 1 190px", minWidth: 170 } as const;

type Query = Record<string, string | string[] | undefined>;

const raw = (query: Query, key: string) => {
  const value = query[key];
  return (Array.isArray(value) ? value[0] : value)?.slice(0, 300) ?? "";
};

function ResultBadge({ result }: { result: string }) {
  const style =
    result === "success" ? undefined : { background: "var(--danger-soft, #fde8e8)", color: "var(--danger)" };
  return (
    <span className="badge" style={style}>
      {result}
    </span>
  );
}

function Who({ entry }: { entry: AuditEntry }) {
  if (!entry.actor && !entry.actorUserId) return <span className="faint">unknown account</span>;
  return (
    <>
      <strong>{entry.actor?.login ?? "deleted user"}</strong>
      {entry.actorTokenId ? (
        <div className="faint" style={{ fontSize: 12 }} title={entry.actorTokenId}>
          token {entry.tokenDescription ? `“${entry.tokenDescription}”` : entry.actorTokenId}
        </div>
      ) : null}
    </>
  );
}

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Query>;
}) {
  const { org } = await params;
  const ctx = await requireOrgMember(routeParam(org), `/${org}/audit`);
  // Like any page outside one's organizations: the log of members who are not admins is not there.
  if (ctx.role !== "admin") notFound();
  const query = await searchParams;
  const { filters, before, problems } = parseAuditQuery(query);
  const db = getDb();
  const orgRow = await db.organization.findUnique({ where: { name: ctx.org }, select: { id: true } });
  if (!orgRow) notFound();
  const [page, members, actions, environments] = await Promise.all([
    queryAuditLog(db, orgRow.id, filters, { before, count: PAGE_SIZE }),
    listMembers(ctx.user.id, ctx.org),
    auditActions(db, orgRow.id),
    db.environment.findMany({
      where: { orgId: orgRow.id },
      select: { project: true, name: true },
      orderBy: [{ project: "asc" }, { name: "asc" }],
      take: 1000,
    }),
  ]);

  const base = `/${encodeURIComponent(ctx.org)}/audit`;
  const filterParams = filtersToSearchParams(filters);
  const exportHref = `${base}/export${filterParams.size ? `?${filterParams}` : ""}`;
  const nextParams = new URLSearchParams(filterParams);
  if (page.next) nextParams.set("before", encodeCursor(page.next));
  const filtered = filterParams.size > 0;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p>
            Who changed, opened, decrypted or revealed what in {ctx.org}, when and from where; sign-ins and
            access tokens of its members. Entries cannot be edited or deleted.
          </p>
        </div>
        <a className="btn" href={exportHref} download data-testid="audit-export">
          Export CSV
        </a>
      </div>

      <section className="card">
        {/* Keyed by the filters: after a client-side navigation (Clear, a link) the fields show the URL's values, not the old ones. */}
        <form
          key={filterParams.toString()}
          className="card-body"
          method="get"
          action={base}
          aria-label="Filter the audit log"
        >
          <div className="form-row" style={{ flexWrap: "wrap", alignItems: "flex-end" }}>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-user">User</label>
              <select className="select" id="audit-user" name="user" defaultValue={raw(query, "user")}>
                <option value="">Anyone</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.login}>
                    {m.name} ({m.login})
                  </option>
                ))}
              </select>
            </div>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-environment">Environment</label>
              <input
                className="text-input"
                id="audit-environment"
                name="environment"
                list="audit-environments"
                placeholder="project/environment"
                defaultValue={raw(query, "environment")}
              />
              <datalist id="audit-environments">
                {environments.map((e) => (
                  <option key={`${e.project}/${e.name}`} value={`${e.project}/${e.name}`} />
                ))}
              </datalist>
            </div>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-action">Action</label>
              <select className="select" id="audit-action" name="action" defaultValue={raw(query, "action")}>
                <option value="">Any action</option>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-result">Result</label>
              <select className="select" id="audit-result" name="result" defaultValue={raw(query, "result")}>
                <option value="">Any result</option>
                <option value="success">success</option>
                <option value="denied">denied</option>
                <option value="error">error</option>
              </select>
            </div>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-from">From (UTC)</label>
              <input
                className="text-input"
                id="audit-from"
                name="from"
                type="date"
                defaultValue={raw(query, "from").slice(0, 10)}
              />
            </div>
            <div className="field" style={FIELD}>
              <label htmlFor="audit-to">To (UTC, inclusive)</label>
              <input
                className="text-input"
                id="audit-to"
                name="to"
                type="date"
                defaultValue={raw(query, "to").slice(0, 10)}
              />
            </div>
            <div style={{ flex: "none", display: "flex", gap: 8 }}>
              <button type="submit" className="btn btn-primary" style={{ height: 36 }}>
                Filter
              </button>
              {filtered ? (
                <Link className="btn btn-ghost" href={base} style={{ height: 36 }}>
                  Clear
                </Link>
              ) : null}
            </div>
          </div>
          {problems.length > 0 ? (
            <div className="alert alert-warning" role="status" style={{ marginTop: 12 }}>
              {problems.join(" ")}
            </div>
          ) : null}
        </form>
      </section>

      {page.entries.length === 0 ? (
        <div className="card">
          <div className="empty-state">
            <div className="empty-icon">
              <ScrollIcon size={24} />
            </div>
            <h2>{filtered || before ? "No events match" : "No events yet"}</h2>
            <p>
              {filtered || before
                ? "Nothing was recorded that matches these filters. Widen the time range or clear the filters."
                : "Creating, changing, opening or deleting environments, sign-ins and access tokens will show up here."}
            </p>
          </div>
        </div>
      ) : (
        <section className="card" style={{ overflowX: "auto" }}>
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Result</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <td className="muted" style={{ whiteSpace: "nowrap" }}>
                    {fullTime(e.createdAt)}
                  </td>
                  <td>
                    <Who entry={e} />
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className="mono" style={{ overflowWrap: "break-word", maxWidth: 320 }}>
                    {e.target ?? ""}
                  </td>
                  <td>
                    <ResultBadge result={e.result} />
                  </td>
                  <td className="muted" style={{ fontSize: 12 }}>
                    <div>{e.ip ?? "unknown address"}</div>
                    {e.userAgent ? (
                      <div
                        className="faint"
                        title={e.userAgent}
                        style={{
                          maxWidth: 200,
                          overflow: "hidden",
                          textOverflow: "ellipsis",
                          whiteSpace: "nowrap",
                        }}
                      >
                        {e.userAgent}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <nav aria-label="Pages" style={{ display: "flex", gap: 8, justifyContent: "flex-end" }}>
        {before ? (
          <Link className="btn btn-ghost" href={`${base}${filterParams.size ? `?${filterParams}` : ""}`}>
            Newest
          </Link>
        ) : null}
        {page.next ? (
          <Link className="btn" href={`${base}?${nextParams}`} rel="next">
            Older events
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
