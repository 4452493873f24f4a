// Who is calling, for pages and server actions. Pages redirect to sign-in without a session and
// answer 404 (not 403) for an organization the user does not belong to, so org names of others
// are not revealed. Actions get the same answer as data: `null` means "not found".
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { requestContextFrom } from "@/lib/audit/request-context";
import type { Actor } from "@/lib/environments/types";
import { getMembership } from "@/lib/orgs/memberships";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export type OrgRole = "admin" | "member";

export interface OrgContext {
  user: SessionUser;
  org: string;
  role: OrgRole;
  /** The user as the service layer's caller, with this request's address and user agent. */
  actor: Actor;
}

/** The signed-in user as the service layer's caller, with this request's address and user agent (for the audit trail). */
export async function sessionActor(user: SessionUser): Promise<Actor> {
  return { userId: user.id, request: requestContextFrom(await headers()) };
}

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? user.email ?? "" };
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/signin?next=${encodeURIComponent(returnTo)}` : "/signin");
  return user;
}

/** The caller's membership of `org`, or null when there is no session or no membership. */
export async function orgContext(org: string): Promise<OrgContext | null> {
  const user = await currentUser();
  if (!user) return null;
  const membership = await getMembership(user.id, org).catch(() => null);
  if (!membership) return null;
  return {
    user,
    org: membership.orgName ?? org,
    role: membership.role as OrgRole,
    actor: await sessionActor(user),
  };
}

/** For pages under /{org}: sign-in redirect without a session, 404 without a membership. */
export async function requireOrgMember(org: string, returnTo?: string): Promise<OrgContext> {
  await requireUser(returnTo ?? `/${encodeURIComponent(org)}/environments`);
  const ctx = await orgContext(org);
  if (!ctx) notFound();
  return ctx;
}
