// Only same-site paths are followed after sign-in: `//evil.example` or `https://…` would make
// the console an open redirect.
export function safeReturnPath(next: string | undefined | null, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
