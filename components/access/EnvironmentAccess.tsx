"use client";
// Who may do what on one environment: the organization default, and grants to teams and members
// (change the level, revoke after confirmation, add a grant).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { grantPermissionAction } from "@/lib/actions/grant-permission";
import { revokePermissionAction } from "@/lib/actions/revoke-permission";
import {
  GRANTABLE_PERMISSIONS,
  type EnvironmentPermission,
  type GrantablePermission,
} from "@/lib/orgs/permissions";
import { ConfirmButton } from "./ConfirmButton";

export interface GrantView {
  /** "team:<name>" or "user:<id>" */
  grantee: string;
  label: string;
  kind: "team" | "member";
  detail: string;
  permission: EnvironmentPermission;
}

export interface GranteeOption {
  grantee: string;
  label: string;
}

interface Target {
  org: string;
  project: string;
  env: string;
}

export function EnvironmentAccess({
  target,
  grants,
  options,
}: {
  target: Target;
  grants: GrantView[];
  options: GranteeOption[];
}) {
  const granted = new Set(grants.map((g) => g.grantee));
  const available = options.filter((o) => !granted.has(o.grantee));
  return (
    <>
      <section className="card">
        <div className="card-body" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          <h2>Grant access</h2>
          {available.length === 0 ? (
            <p className="muted" style={{ margin: 0 }}>
              Every team and member already has a grant here. Create teams or add members to grant more.
            </p>
          ) : (
            <AddGrantForm target={target} options={available} />
          )}
        </div>
      </section>
      <section className="card" style={{ overflow: "hidden" }}>
        {grants.length === 0 ? (
          <div className="empty-state" data-testid="grants-empty">
            <p style={{ margin: 0 }}>
              <strong>No grants on this environment.</strong>
            </p>
            <p style={{ margin: "6px 0 0" }}>
              Members have the organization&apos;s default permission; organization admins have admin.
            </p>
          </div>
        ) : (
          <table className="table" aria-label="Grants">
            <thead>
              <tr>
                <th scope="col">Team or member</th>
                <th scope="col">Permission</th>
                <th scope="col" style={{ width: 1 }}>
                  <span className="perm-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <GrantRow key={g.grantee} target={target} grant={g} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function GrantRow({ target, grant }: { target: Target; grant: GrantView }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const selectId = `level-${grant.grantee}`;
  // Lowering a grant takes access away, so it waits for a confirmation; raising applies at once.
  const [lowering, setLowering] = useState<GrantablePermission | null>(null);
  const apply = (permission: GrantablePermission) =>
    startTransition(async () => {
      const result = await grantPermissionAction({ ...target, grantee: grant.grantee, permission });
      setLowering(null);
      setError(result.ok ? null : result.error);
      if (result.ok) router.refresh();
    });
  return (
    <tr data-testid={`grant-${grant.grantee}`}>
      <td>
        <span className="badge" style={{ marginRight: 8 }}>
          {grant.kind}
        </span>
        <strong>{grant.label}</strong> <span className="muted">{grant.detail}</span>
      </td>
      <td>
        <label htmlFor={selectId} className="perm-sr-only">
          Permission of {grant.label}
        </label>
        <select
          id={selectId}
          className="select"
          value={lowering ?? grant.permission}
          disabled={pending}
          onChange={(e) => {
            const permission = e.target.value as GrantablePermission;
            if (permission === grant.permission) setLowering(null);
            else if (
              GRANTABLE_PERMISSIONS.indexOf(permission) <
              GRANTABLE_PERMISSIONS.indexOf(grant.permission as GrantablePermission)
            )
              setLowering(permission);
            else apply(permission);
          }}
        >
          {GRANTABLE_PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {lowering ? (
          <span
            className="confirm-inline"
            role="group"
            aria-label={`Lower ${grant.label} to ${lowering}`}
            style={{ marginLeft: 8 }}
          >
            <span>Lower to {lowering}?</span>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              disabled={pending}
              onClick={() => apply(lowering)}
            >
              Lower
            </button>
            <button type="button" className="btn btn-sm" disabled={pending} onClick={() => setLowering(null)}>
              Cancel
            </button>
          </span>
        ) : null}
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
      </td>
      <td style={{ whiteSpace: "nowrap" }}>
        <ConfirmButton
          label="Revoke"
          question={`Revoke ${grant.label}'s ${grant.permission}?`}
          confirmLabel="Revoke"
          run={() => revokePermissionAction({ ...target, grantee: grant.grantee })}
        />
      </td>
    </tr>
  );
}

function AddGrantForm({ target, options }: { target: Target; options: GranteeOption[] }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(async () => {
          const result = await grantPermissionAction({
            ...target,
            grantee: String(data.get("grantee") ?? ""),
            permission: String(data.get("permission") ?? "") as GrantablePermission,
          });
          setError(result.ok ? null : result.error);
          if (result.ok) router.refresh();
        });
      }}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <div className="form-row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: 2 }}>
          <label htmlFor="grant-grantee">Team or member</label>
          <select className="select" id="grant-grantee" name="grantee">
            {options.map((o) => (
              <option key={o.grantee} value={o.grantee}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="grant-permission">Permission</label>
          <select className="select" id="grant-permission" name="permission" defaultValue="read">
            {GRANTABLE_PERMISSIONS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={pending}
          style={{ flex: "none", height: 36 }}
        >
          {pending ? "Granting…" : "Grant"}
        </button>
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}
