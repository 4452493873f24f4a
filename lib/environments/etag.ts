import { createHash } from "node:crypto";

/**
 * The ETag of an environment at its newest revision. Derived from the environment id too, so an
 * environment deleted and created again under the same name never matches an old ETag.
 */
export function environmentEtag(environmentId: string, latestRevision: number): string {
  return createHash("sha256").update(`${environmentId}:${latestRevision}`).digest("base64url").slice(0, 22);
}
