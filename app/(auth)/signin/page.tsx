import { redirect } from "next/navigation";
import { Brand } from "@/components/Brand";
import { SignInForm } from "@/components/auth/SignInForm";
import { currentUser } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/actions/return-path";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = typeof next === "string" ? safeReturnPath(next) : undefined;
  if (await currentUser()) redirect(nextPath ?? "/");
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header>
          <Brand href="/signin" />
          <h1 style={{ marginTop: 16 }}>Sign in</h1>
          <p>Manage environments, secrets and configuration.</p>
        </header>
        <SignInForm next={nextPath} />
      </div>
    </main>
  );
}
