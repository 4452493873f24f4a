"use client";
// Revoking asks for confirmation in place (Revoke → "Revoke token?" Yes / Cancel).
import { useState, useTransition } from "react";
import { revokeTokenAction } from "./actions";

export function RevokeTokenButton({ id, description }: { id: string; description: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!confirming) {
    return (
      <button type="button" className="btn btn-sm btn-danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${description || "token"}`}>
        Revoke
      </button>
    );
  }
  return (
    <span style={{ display: "inline-flex", gap: 6, alignItems: "center" }}>
      {error ? <span className="field-error">{error}</span> : <span className="muted">Revoke this token?</span>}
      <button
        type="button"
        className="btn btn-sm btn-danger"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await revokeTokenAction(id);
            if (res.ok) setConfirming(false);
            else setError(res.error);
          })
        }
      >
        {pending ? "Revoking…" : "Yes, revoke"}
      </button>
      <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)} disabled={pending}>
        Cancel
      </button>
    </span>
  );
}
