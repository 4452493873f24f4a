"use client";
import Link from "next/link";
import { startTransition, useActionState } from "react";
import { signInAction } from "@/lib/actions/sign-in";

export function SignInForm({ next, notice }: { next?: string; notice?: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  const error = state && !state.ok ? state.error : null;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        // Submitted by hand (not `action=`) so React keeps the typed values after an error.
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      {notice && !error ? <div className="alert alert-success">{notice}</div> : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input className="text-input" id="email" name="email" type="email" autoComplete="email" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input className="text-input" id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn btn-primary btn-block" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="auth-foot">
        New here? <Link href="/signup">Create an account</Link>
      </p>
    </form>
  );
}
