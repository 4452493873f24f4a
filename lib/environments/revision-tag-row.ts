import { loginOf, nameOf, userSelect } from "./people";
import type { RevisionTagInfo } from "./types";

export const revisionTagSelect = {
  name: true,
  revisionNumber: true,
  createdAt: true,
  updatedAt: true,
  editor: userSelect,
} as const;

export function revisionTagInfo(row: {
  name: string;
  revisionNumber: number;
  createdAt: Date;
  updatedAt: Date;
  editor: { login: string; name: string } | null;
}): RevisionTagInfo {
  return {
    name: row.name,
    revision: row.revisionNumber,
    created: row.createdAt,
    modified: row.updatedAt,
    editorLogin: loginOf(row.editor),
    editorName: nameOf(row.editor),
  };
}
