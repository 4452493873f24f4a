// The audit log as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
// comma, quote or line break, quotes doubled). Spreadsheets run a cell that starts with = + - @
// (or a tab or carriage return) as a formula, and user agents, tag names or token descriptions
// are chosen by whoever made the request: such cells get a leading apostrophe so they stay text.
import type { AuditEntry } from "./query";

export const AUDIT_CSV_COLUMNS = [
  "time",
  "action",
  "result",
  "target",
  "user",
  "user_email",
  "token_id",
  "token_description",
  "ip",
  "user_agent",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised against formula injection, then quoted if it needs to be. */
export function csvField(value: string | null | undefined): string {
  let text = value ?? "";
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

export const auditCsvHeader = (): string => csvRow(AUDIT_CSV_COLUMNS);

export function auditCsvRow(entry: AuditEntry): string {
  return csvRow([
    entry.createdAt.toISOString(),
    entry.action,
    entry.result,
    entry.target,
    entry.actor?.login ?? entry.actorUserId,
    entry.actor?.email ?? null,
    entry.actorTokenId,
    entry.tokenDescription,
    entry.ip,
    entry.userAgent,
  ]);
}
