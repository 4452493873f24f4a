import { notFound } from "next/navigation";

/**
 * A dynamic route segment as text. Segments arrive percent-encoded; a malformed escape
 * (`/%zz/…`) is a page that cannot exist, so it is a 404 rather than a crash.
 */
export function routeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    notFound();
  }
}
