import Link from "next/link";
import { signOutAction } from "@/lib/actions/sign-out";
import type { SessionUser } from "@/lib/auth/session";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase();
}

export function UserMenu({ user }: { user: SessionUser }) {
  return (
    <details className="menu">
      <summary className="menu-trigger" aria-label={`Account menu for ${user.name}`} style={{ border: 0 }}>
        <span className="avatar" aria-hidden="true">
          {initials(user.name || user.email)}
        </span>
      </summary>
      <div className="menu-panel right" role="menu">
        <div className="menu-label">
          <strong style={{ color: "var(--text)" }}>{user.name}</strong>
          <br />
          {user.email}
        </div>
        <div className="menu-sep" />
        <Link className="menu-item" role="menuitem" href="/account/tokens">
          Access tokens
        </Link>
        <form action={signOutAction}>
          <button className="menu-item" role="menuitem" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
