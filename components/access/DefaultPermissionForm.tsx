"use client";
// The organization's default environment permission. Lowering it takes access away from every
// member at once, so that asks for confirmation first.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setDefaultPermissionAction } from "@/lib/actions/set-default-permission";
import { ENVIRONMENT_PERMISSIONS, type EnvironmentPermission } from "@/lib/orgs/permissions";

const rank = (p: EnvironmentPermission) => ENVIRONMENT_PERMISSIONS.indexOf(p);

export function DefaultPermissionForm({ org, current }: { org: string; current: EnvironmentPermission }) {
  const [chosen, setChosen] = useState<EnvironmentPermission>(current);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const lowering = rank(chosen) < rank(current);

  const apply = () =>
    startTransition(async () => {
      const result = await setDefaultPermissionAction({ org, permission: chosen });
      setConfirming(false);
      setMessage(
        result.ok
          ? { ok: true, text: `The default permission is now ${result.data.permission}.` }
          : { ok: false, text: result.error },
      );
      if (result.ok) router.refresh();
    });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen === current) return;
        if (lowering && !confirming) setConfirming(true);
        else apply();
      }}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <div className="form-row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: 1, maxWidth: 260 }}>
          <label htmlFor="default-permission">Default permission for members</label>
          <select
            className="select"
            id="default-permission"
            value={chosen}
            onChange={(e) => {
              setChosen(e.target.value as EnvironmentPermission);
              setConfirming(false);
              setMessage(null);
            }}
          >
            {ENVIRONMENT_PERMISSIONS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={pending || chosen === current}
          style={{ flex: "none", height: 36 }}
        >
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      {confirming ? (
        <div
          className="alert alert-warning"
          role="alert"
          style={{ display: "flex", gap: 12, alignItems: "center" }}
        >
          <span style={{ flex: 1 }}>
            Lowering the default from <strong>{current}</strong> to <strong>{chosen}</strong> takes access
            away from every member who has no grant on an environment. Continue?
          </span>
          <button type="button" className="btn btn-sm btn-danger" onClick={apply} disabled={pending}>
            Lower to {chosen}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {message ? (
        <div
          className={message.ok ? "alert alert-success" : "alert alert-error"}
          role={message.ok ? "status" : "alert"}
        >
          {message.text}
        </div>
      ) : null}
    </form>
  );
}
