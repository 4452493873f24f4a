import { redirect } from "next/navigation";
import { Brand } from "@/components/Brand";
import { requireUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/orgs/memberships";
import { signOutAction } from "@/lib/actions/sign-out";

export const metadata = { title: "Console" };

// The front door: the first organization's environments, or sign-in.
export default async function Home() {
  const user = await requireUser();
  const memberships = await listMemberships(user.id);
  const first = memberships[0];
  if (first) redirect(`/${encodeURIComponent(first.orgName)}/environments`);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header>
          <Brand />
          <h1 style={{ marginTop: 16 }}>No organization yet</h1>
          <p>You are not a member of any organization. Ask an organization admin to add {user.email} as a member.</p>
        </header>
        <form action={signOutAction}>
          <button className="btn btn-block" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </main>
  );
}
