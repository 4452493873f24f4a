// Go's default time layout, "2006-01-02 15:04:05 -0700 MST", used by `version history` and tags.

export function formatTime(iso: string | undefined, utc: boolean): string {
  const d = iso ? new Date(iso) : new Date(NaN);
  if (Number.isNaN(d.getTime())) return "0001-01-01 00:00:00 +0000 UTC";
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  if (utc) {
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 UTC`;
  }
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

export function formatPerson(name: string | undefined, login: string | undefined): string {
  if (!login && !name) return "<unknown>";
  return `${name || login} <${login || name}>`;
}

/** A box-drawn table like the reference's `tag ls` output; `right` marks right-aligned columns. */
export function renderTable(headers: string[], rows: string[][], right: boolean[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (l: string, m: string, r: string) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r + "\n";
  const row = (cells: string[]) => "│" + cells.map((c, i) => " " + (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])) + " ").join("│") + "│\n";
  return line("┌", "┬", "┐") + row(headers) + line("├", "┼", "┤") + rows.map(row).join("") + line("└", "┴", "┘");
}
