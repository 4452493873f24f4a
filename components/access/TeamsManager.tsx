"use client";
// Teams of the organization: create, delete (after confirmation), add and remove members.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { addTeamMemberAction } from "@/lib/actions/add-team-member";
import { createTeamAction } from "@/lib/actions/create-team";
import { deleteTeamAction } from "@/lib/actions/delete-team";
import { removeTeamMemberAction } from "@/lib/actions/remove-team-member";
import { ConfirmButton } from "./ConfirmButton";

export interface TeamView {
  name: string;
  description: string;
  grantCount: number;
  members: { userId: string; login: string; name: string }[];
}

export interface MemberOption {
  userId: string;
  name: string;
  email: string;
}

export function TeamsManager({
  org,
  teams,
  members,
}: {
  org: string;
  teams: TeamView[];
  members: MemberOption[];
}) {
  return (
    <>
      <section className="card">
        <div className="card-body" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          <h2>Create a team</h2>
          <CreateTeamForm org={org} />
        </div>
      </section>
      {teams.length === 0 ? (
        <section className="card">
          <div className="empty-state" data-testid="teams-empty">
            <p style={{ margin: 0 }}>
              <strong>No teams yet.</strong>
            </p>
            <p style={{ margin: "6px 0 0" }}>
              Create a team to grant several members a permission on an environment at once.
            </p>
          </div>
        </section>
      ) : (
        teams.map((team) => <TeamCard key={team.name} org={org} team={team} members={members} />)
      )}
    </>
  );
}

function CreateTeamForm({ org }: { org: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        startTransition(async () => {
          const result = await createTeamAction({
            org,
            name: String(data.get("name") ?? ""),
            description: String(data.get("description") ?? ""),
          });
          setError(result.ok ? null : result.error);
          if (result.ok) {
            form.reset();
            router.refresh();
          }
        });
      }}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <div className="form-row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="team-name">Team name</label>
          <input
            className="text-input"
            id="team-name"
            name="name"
            placeholder="platform"
            required
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div className="field" style={{ flex: 2 }}>
          <label htmlFor="team-description">Description (optional)</label>
          <input
            className="text-input"
            id="team-description"
            name="description"
            placeholder="Who is in it, what it is for"
          />
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={pending}
          style={{ flex: "none", height: 36 }}
        >
          {pending ? "Creating…" : "Create team"}
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

function TeamCard({ org, team, members }: { org: string; team: TeamView; members: MemberOption[] }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const inTeam = new Set(team.members.map((m) => m.userId));
  const candidates = members.filter((m) => !inTeam.has(m.userId));
  const selectId = `add-to-${team.name}`;
  return (
    <section className="card team-card" aria-label={`Team ${team.name}`} data-testid={`team-${team.name}`}>
      <div className="card-body">
        <div className="team-head">
          <h2>{team.name}</h2>
          <span className="badge">
            {team.members.length === 1 ? "1 member" : `${team.members.length} members`}
          </span>
          <span className="badge" title="Environments this team has a grant on">
            {team.grantCount === 1 ? "1 grant" : `${team.grantCount} grants`}
          </span>
          <span className="spacer" style={{ flex: 1 }} />
          <ConfirmButton
            label="Delete team"
            question={`Delete team ${team.name} and its ${team.grantCount} grant(s)?`}
            confirmLabel="Delete"
            run={() => deleteTeamAction({ org, team: team.name })}
          />
        </div>
        {team.description ? (
          <p className="muted" style={{ margin: 0 }}>
            {team.description}
          </p>
        ) : null}
        {team.members.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            No members yet.
          </p>
        ) : (
          <ul className="team-members">
            {team.members.map((m) => (
              <li key={m.userId}>
                <span>{m.name || m.login}</span>
                <ConfirmButton
                  label="Remove"
                  question={`Remove ${m.name || m.login}?`}
                  confirmLabel="Remove"
                  run={() => removeTeamMemberAction({ org, team: team.name, userId: m.userId })}
                />
              </li>
            ))}
          </ul>
        )}
        {candidates.length > 0 ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const userId = String(new FormData(e.currentTarget).get("userId") ?? "");
              startTransition(async () => {
                const result = await addTeamMemberAction({ org, team: team.name, userId });
                setError(result.ok ? null : result.error);
                if (result.ok) router.refresh();
              });
            }}
            className="form-row"
            style={{ alignItems: "flex-end" }}
          >
            <div className="field" style={{ flex: 1, maxWidth: 360 }}>
              <label htmlFor={selectId}>Add a member</label>
              <select className="select" id={selectId} name="userId">
                {candidates.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name} ({m.email})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn" disabled={pending} style={{ flex: "none", height: 36 }}>
              {pending ? "Adding…" : "Add to team"}
            </button>
          </form>
        ) : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
      </div>
    </section>
  );
}
