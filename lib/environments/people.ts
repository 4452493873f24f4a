// How users appear in API answers (creatorLogin/creatorName, editorLogin/editorName).
export const userSelect = { select: { login: true, name: true } } as const;

export function loginOf(user: { login: string } | null | undefined): string {
  return user?.login ?? "";
}

export function nameOf(user: { name: string } | null | undefined): string {
  return user?.name ?? "";
}
