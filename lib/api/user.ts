// The caller's identity in the shapes of `GET /api/user` and `GET /api/user/organizations/default`
// (API.md rows A and B), which the Go CLI reads at login and for its default organization.
import { getDb } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/access-tokens";
import { unauthorized } from "./errors";

export async function describeUser(actor: Actor) {
  const db = getDb();
  const user = await db.user.findUnique({
    where: { id: actor.userId },
    select: {
      login: true,
      name: true,
      email: true,
      memberships: { select: { org: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!user) throw unauthorized();
  const token = actor.tokenId
    ? await db.accessToken.findUnique({ where: { id: actor.tokenId }, select: { description: true } })
    : null;
  return {
    githubLogin: user.login,
    name: user.name,
    email: user.email,
    avatarUrl: "",
    organizations: user.memberships.map((m) => ({
      githubLogin: m.org.name,
      name: m.org.name,
      avatarUrl: "",
    })),
    ...(token ? { tokenInfo: { name: token.description || "access token" } } : {}),
  };
}

/** The user's first organization (the one they joined first), or null when they have none. */
export async function defaultOrganization(actor: Actor): Promise<string | null> {
  const first = await getDb().membership.findFirst({
    where: { userId: actor.userId },
    orderBy: { createdAt: "asc" },
    select: { org: { select: { name: true } } },
  });
  return first?.org.name ?? null;
}
