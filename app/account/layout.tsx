// Account pages (access tokens) sit outside any organization; they borrow the console shell
// with the user's first organization so the navigation stays the same.
import { AppShell } from "@/components/shell/AppShell";
import { requireUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/orgs/memberships";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/account/tokens");
  const orgs = (await listMemberships(user.id)).map((m) => m.orgName);
  if (orgs.length === 0) return <main className="main">{children}</main>;
  return (
    <AppShell org={orgs[0]} orgs={orgs} user={user}>
      {children}
    </AppShell>
  );
}
