"use client";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { addMemberAction } from "@/lib/actions/add-member";

export function AddMemberForm({ org }: { org: string }) {
  const [state, action, pending] = useActionState(addMemberAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => {
        // Submitted by hand (not `action=`) so React keeps the typed values after an error.
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <input type="hidden" name="org" value={org} />
      <div className="form-row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: 3 }}>
          <label htmlFor="member-email">Email of an existing user</label>
          <input className="text-input" id="member-email" name="email" type="email" placeholder="teammate@example.com" required />
        </div>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="member-role">Role</label>
          <select className="select" id="member-role" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={pending} style={{ flex: "none", height: 36 }}>
          {pending ? "Adding…" : "Add member"}
        </button>
      </div>
      {state && !state.ok ? (
        <div className="alert alert-error" role="alert">
          {state.error}
        </div>
      ) : null}
      {state?.ok ? (
        <div className="alert alert-success" role="status">
          Added {state.data.email}.
        </div>
      ) : null}
    </form>
  );
}
