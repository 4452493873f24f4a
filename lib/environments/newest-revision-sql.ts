// The newest revision of an environment, read with the permission check (a ScopeJoin): every GET
// and open of an environment reads it.
import { asDate, asOptionalDate } from "@/lib/db/fast-sql";
import type { ScopeJoin } from "./scope-join";

const NEWEST_REVISION_COLUMNS =
  ', r."number" AS "revNumber", r."yaml" AS "revYaml", r."createdAt" AS "revCreatedAt", r."retractedAt" AS "revRetractedAt", r."retractedReason" AS "revRetractedReason", r."retractedReplacement" AS "revRetractedReplacement", ru."login" AS "revByLogin", ru."name" AS "revByName"';

const NEWEST_REVISION_JOIN =
  ' LEFT JOIN "Revision" r ON r."environmentId" = e."id" AND r."number" = (SELECT MAX(r2."number") FROM "Revision" r2 WHERE r2."environmentId" = e."id") LEFT JOIN "User" ru ON ru."id" = r."retractedById"';

interface NewestRevisionColumns {
  revNumber: number | string | null;
  revYaml: string | null;
  revCreatedAt: unknown;
  revRetractedAt: unknown;
  revRetractedReason: string | null;
  revRetractedReplacement: number | string | null;
  revByLogin: string | null;
  revByName: string | null;
}

export interface RevisionRow {
  number: number;
  yaml: string;
  createdAt: Date;
  retractedAt: Date | null;
  retractedReason: string | null;
  retractedReplacement: number | null;
  retractedBy: { login: string; name: string } | null;
}

/** The revision in those columns; null when the environment has none. */
function newestRevisionOf(row: NewestRevisionColumns): RevisionRow | null {
  if (row.revNumber === null || row.revYaml === null) return null;
  return {
    number: Number(row.revNumber),
    yaml: row.revYaml,
    createdAt: asDate(row.revCreatedAt),
    retractedAt: asOptionalDate(row.revRetractedAt),
    retractedReason: row.revRetractedReason,
    retractedReplacement: row.revRetractedReplacement === null ? null : Number(row.revRetractedReplacement),
    retractedBy: row.revByLogin === null ? null : { login: row.revByLogin, name: row.revByName ?? "" },
  };
}

export const NEWEST_REVISION: ScopeJoin<RevisionRow | null> = {
  columns: NEWEST_REVISION_COLUMNS,
  joins: NEWEST_REVISION_JOIN,
  params: [],
  read: (row) => newestRevisionOf(row as unknown as NewestRevisionColumns),
};
