// The audit page's filters, as they arrive in a URL's query (`?user=…&environment=…&action=…&
// result=…&from=…&to=…&before=…`). Anything malformed is dropped with a message rather than
// failing the page, so a hand-edited URL still shows something.
import type { AuditResult } from "@/lib/db/audit";

export interface AuditFilters {
  /** A member's login. */
  user?: string;
  /** `project/env`: events on that environment (any revision, tag or setting of it). */
  environment?: string;
  /** An action ("environment.update") or a family of them ("environment", "environment.tag"). */
  action?: string;
  result?: AuditResult;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound (a bare date means the end of that day, UTC). */
  to?: Date;
}

/** The paging position: events older than this one (createdAt, then id, both descending). */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export interface ParsedAuditQuery {
  filters: AuditFilters;
  before?: AuditCursor;
  /** Why a given filter was ignored, to show next to the form. */
  problems: string[];
}

const RESULTS: readonly AuditResult[] = ["success", "denied", "error"];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/;
const DAY_MS = 86_400_000;

type QueryValue = string | string[] | undefined;
const first = (value: QueryValue): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

/** A `from`/`to` value: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, read as UTC. */
function parseTime(raw: string, endOfDay: boolean): Date | null {
  if (DATE_ONLY.test(raw)) {
    const day = new Date(`${raw}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== raw) return null;
    return endOfDay ? new Date(day.getTime() + DAY_MS) : day;
  }
  if (DATE_TIME.test(raw)) {
    const at = new Date(raw.endsWith("Z") ? raw : `${raw}Z`);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  return null;
}

export function encodeCursor(cursor: AuditCursor): string {
  return `${cursor.createdAt.getTime()}.${cursor.id}`;
}

function decodeCursor(raw: string): AuditCursor | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!match) return null;
  const createdAt = new Date(Number(match[1]));
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2] };
}

export function parseAuditQuery(query: Record<string, QueryValue>): ParsedAuditQuery {
  const filters: AuditFilters = {};
  const problems: string[] = [];
  const user = first(query.user);
  if (user) {
    if (user.length <= 100) filters.user = user;
    else problems.push("The user filter is too long.");
  }
  const environment = first(query.environment);
  if (environment) {
    if (environment.length <= 201 && /^[^/\s]+\/[^/\s]+$/.test(environment))
      filters.environment = environment;
    else problems.push('The environment filter must look like "project/environment".');
  }
  const action = first(query.action);
  if (action) {
    if (/^[a-z_]+(\.[a-z_]+)*$/.test(action) && action.length <= 100) filters.action = action;
    else problems.push("Unknown action.");
  }
  const result = first(query.result);
  if (result) {
    if ((RESULTS as readonly string[]).includes(result)) filters.result = result as AuditResult;
    else problems.push('The result must be "success", "denied" or "error".');
  }
  for (const key of ["from", "to"] as const) {
    const raw = first(query[key]);
    if (!raw) continue;
    const at = parseTime(raw, key === "to");
    if (at) filters[key] = at;
    else problems.push(`"${key === "from" ? "From" : "To"}" must be a date (YYYY-MM-DD) or a date and time.`);
  }
  if (filters.from && filters.to && filters.from >= filters.to)
    problems.push('"From" is after "To": nothing can match.');
  const beforeRaw = first(query.before);
  const before = beforeRaw ? decodeCursor(beforeRaw) : null;
  if (beforeRaw && !before) problems.push("The page position was not understood; showing the newest events.");
  return { filters, before: before ?? undefined, problems };
}

/** The filters as query parameters again (for links to the next page and to the CSV export). */
export function filtersToSearchParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.user) params.set("user", filters.user);
  if (filters.environment) params.set("environment", filters.environment);
  if (filters.action) params.set("action", filters.action);
  if (filters.result) params.set("result", filters.result);
  if (filters.from) params.set("from", filters.from.toISOString().replace(/\.000Z$/, "Z"));
  if (filters.to) params.set("to", filters.to.toISOString().replace(/\.000Z$/, "Z"));
  return params;
}
