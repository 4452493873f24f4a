"use client";
// Creates a token and shows it exactly once, with a copy button. The token lives only in this
// component's state: it is never put in a URL or in the page markup sent later.
import { startTransition, useActionState, useRef, useState } from "react";
import { createTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const [copied, setCopied] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const failed = state && !state.ok ? state : null;
  const created = state && state.ok ? state.data : null;

  return (
    <div className="card">
      <form
        ref={formRef}
        className="card-body"
        noValidate
        style={{ display: "flex", flexDirection: "column", gap: 14 }}
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setCopied(false);
          startTransition(() => action(data));
          formRef.current?.reset();
        }}
      >
        <h2>Create a token</h2>
        <div className="row" style={{ alignItems: "flex-end" }}>
          <div className="field">
            <label htmlFor="token-description">Description</label>
            <input className="input" id="token-description" name="description" placeholder="e.g. laptop CLI, CI deploys" maxLength={200} required aria-invalid={failed?.fieldErrors?.description ? true : undefined} />
          </div>
          <div className="field" style={{ flex: "0 0 180px" }}>
            <label htmlFor="token-expiry">Expires</label>
            <select className="select" id="token-expiry" name="expiresInDays" defaultValue="90">
              <option value="7">In 7 days</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In 1 year</option>
              <option value="never">Never</option>
            </select>
          </div>
          <div style={{ flex: "0 0 auto" }}>
            <button type="submit" className="btn btn-primary" disabled={pending}>
              {pending ? "Creating…" : "Create token"}
            </button>
          </div>
        </div>
        {failed ? (
          <div className="alert alert-error" role="alert">
            {failed.error}
          </div>
        ) : null}
        {created ? (
          <div className="alert alert-success" role="status" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
            <span>
              Token <strong>{created.description}</strong> created. Copy it now: it will not be shown again.
            </span>
            <div style={{ display: "flex", gap: 8, alignItems: "center" }}>
              <input className="input mono" readOnly value={created.token} aria-label="New access token" data-testid="new-token" onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                className="btn"
                onClick={async () => {
                  await navigator.clipboard.writeText(created.token).catch(() => undefined);
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          </div>
        ) : null}
      </form>
    </div>
  );
}
