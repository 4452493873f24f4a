"use client";
import Link from "next/link";
import { startTransition, useActionState } from "react";
import { signUpAction } from "@/lib/actions/sign-up";

const FIELDS = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 8 characters." },
  { name: "org", label: "Organization name", type: "text", autoComplete: "organization", hint: "3–40 letters, digits, '-' or '_'. Appears in environment paths: org/project/env." },
] as const;

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, null);
  const failed = state && !state.ok ? state : null;
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
      {failed ? (
        <div className="alert alert-error" role="alert">
          {failed.fieldErrors && Object.keys(failed.fieldErrors).length > 1 ? "Please fix the highlighted fields." : failed.error}
        </div>
      ) : null}
      {FIELDS.map((f, i) => {
        const fieldError = failed?.fieldErrors?.[f.name];
        return (
          <div className="field" key={f.name}>
            <label htmlFor={f.name}>{f.label}</label>
            <input
              className="text-input"
              id={f.name}
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              required
              autoFocus={i === 0}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${f.name}-error` : "hint" in f ? `${f.name}-hint` : undefined}
            />
            {fieldError ? (
              <span className="field-error" id={`${f.name}-error`}>
                {fieldError}
              </span>
            ) : "hint" in f ? (
              <span className="hint" id={`${f.name}-hint`}>
                {f.hint}
              </span>
            ) : null}
          </div>
        );
      })}
      <button className="btn btn-primary btn-block" type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="auth-foot">
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}
