import type { RetractionInfo } from "./types";

export const retractionSelect = {
  retractedAt: true,
  retractedReason: true,
  retractedReplacement: true,
  retractedBy: { select: { login: true, name: true } },
} as const;

export function retractionOf(row: {
  retractedAt: Date | null;
  retractedReason: string | null;
  retractedReplacement: number | null;
  retractedBy: { login: string; name: string } | null;
}): RetractionInfo | undefined {
  if (!row.retractedAt) return undefined;
  return {
    replacement: row.retractedReplacement ?? 0,
    at: row.retractedAt,
    byLogin: row.retractedBy?.login ?? "",
    byName: row.retractedBy?.name ?? "",
    reason: row.retractedReason ?? "",
  };
}
