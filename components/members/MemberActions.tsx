"use client";
// What can be done to one row of the members page: an admin changes someone's role or removes
// them, each after a dialog naming the person and what the change gives or takes; anyone may
// leave.
// The rules (admins only, at least one admin) are the service's; its refusal shows here as is.
import { useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { changeMemberRoleAction } from "@/lib/actions/change-member-role";
import { leaveOrganizationAction } from "@/lib/actions/leave-organization";
import { removeMemberAction } from "@/lib/actions/remove-member";
import type { ActionResult } from "@/lib/actions/result";
import type { OrgRole } from "@/lib/orgs/roles";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
}

/**
 * The role as a select for admins: a change asks first, in a dialog saying what it gives or takes
 * (the last admin's demotion is refused by the service, and the refusal shows in the dialog).
 */
export function MemberRoleSelect({ org, member }: { org: string; member: MemberRow }) {
  const [asked, setAsked] = useState<OrgRole | null>(null);
  const router = useRouter();
  const id = `role-${member.userId}`;
  return (
    <>
      <label htmlFor={id} className="perm-sr-only">
        Role of {member.name}
      </label>
      <select
        id={id}
        className="select"
        // The stored role: it changes once the server has applied the change.
        value={member.role}
        onChange={(e) => setAsked(e.target.value as OrgRole)}
      >
        <option value="member">member</option>
        <option value="admin">admin</option>
      </select>
      {asked && asked !== member.role ? (
        <ConfirmDialog
          title={
            asked === "admin"
              ? `Make ${member.name} an admin of ${org}?`
              : `Make ${member.name} a member of ${org}?`
          }
          confirmLabel={asked === "admin" ? "Make admin" : "Make member"}
          busyLabel="Changing…"
          onCancel={() => setAsked(null)}
          run={() => changeMemberRoleAction({ org, userId: member.userId, role: asked })}
          onDone={() => {
            setAsked(null);
            router.refresh();
          }}
        >
          <p>
            {asked === "admin"
              ? `${member.name} (${member.email}) gets admin on every environment of ${org} and can manage its members, teams, permissions and settings, including removing other admins.`
              : `${member.name} (${member.email}) is no longer an admin: they keep what ${org}'s default permission and their own and their teams' grants give them, and can no longer manage members, teams or permissions.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** "Remove" for an admin on someone else's row, confirmed in a dialog that names them. */
export function RemoveMemberButton({ org, member }: { org: string; member: MemberRow }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpen(true)}>
        Remove
      </button>
      {open ? (
        <ConfirmDialog
          title={`Remove ${member.name} from ${org}?`}
          confirmLabel={`Remove ${member.name}`}
          busyLabel="Removing…"
          onCancel={() => setOpen(false)}
          run={() => removeMemberAction({ org, userId: member.userId })}
          onDone={() => {
            setOpen(false);
            router.refresh();
          }}
        >
          <p>
            {member.name} ({member.email}) loses access to every environment of {org} at once, in the console
            and through their access tokens. Their team memberships and their own grants in {org} are removed
            with them; their account, other organizations and the revisions they wrote stay.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** "Leave" on the caller's own row; on success the front door opens their next organization. */
export function LeaveOrganizationButton({ org }: { org: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpen(true)}>
        Leave
      </button>
      {open ? (
        <ConfirmDialog
          title={`Leave ${org}?`}
          confirmLabel={`Leave ${org}`}
          busyLabel="Leaving…"
          onCancel={() => setOpen(false)}
          run={() => leaveOrganizationAction({ org })}
          onDone={() => router.push("/")}
        >
          <p>
            You lose access to every environment of {org} at once, in the console and through your access
            tokens, and your team memberships and grants in {org} are removed. An admin can add you again.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  busyLabel: string;
  children: React.ReactNode;
  run(): Promise<ActionResult<unknown>>;
  onCancel(): void;
  onDone(): void;
}) {
  const { title, confirmLabel, busyLabel, children, run, onCancel, onDone } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="member-confirm-title"
      // Rendered inside a table cell: it must not inherit the cell's nowrap or alignment.
      style={{ whiteSpace: "normal", textAlign: "left" }}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const result = await run().catch(() => null);
            if (!result) return setError("The server could not be reached. Nothing was changed.");
            if (!result.ok) return setError(result.error);
            onDone();
          });
        }}
      >
        <header>
          <h2 id="member-confirm-title">{title}</h2>
          {children}
        </header>
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={pending}>
            {pending ? busyLabel : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
