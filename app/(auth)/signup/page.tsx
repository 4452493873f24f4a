import { redirect } from "next/navigation";
import { Brand } from "@/components/Brand";
import { SignUpForm } from "@/components/auth/SignUpForm";
import { currentUser } from "@/lib/auth/session";

export const metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header>
          <Brand href="/signin" />
          <h1 style={{ marginTop: 16 }}>Create your account</h1>
          <p>You&apos;ll be the admin of your first organization.</p>
        </header>
        <SignUpForm />
      </div>
    </main>
  );
}
