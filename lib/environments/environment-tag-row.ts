import { loginOf, nameOf, userSelect } from "./people";
import type { EnvironmentTagInfo } from "./types";

export const environmentTagSelect = {
  id: true,
  name: true,
  value: true,
  createdAt: true,
  updatedAt: true,
  editor: userSelect,
} as const;

export function environmentTagInfo(row: {
  id: string;
  name: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
  editor: { login: string; name: string } | null;
}): EnvironmentTagInfo {
  return {
    id: row.id,
    name: row.name,
    value: row.value,
    created: row.createdAt,
    modified: row.updatedAt,
    editorLogin: loginOf(row.editor),
    editorName: nameOf(row.editor),
  };
}
