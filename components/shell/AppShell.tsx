import { Brand } from "@/components/Brand";
import { OrgSwitcher } from "@/components/shell/OrgSwitcher";
import { SideNav } from "@/components/shell/SideNav";
import { UserMenu } from "@/components/shell/UserMenu";
import { MenuDismiss } from "@/components/shell/MenuDismiss";
import type { SessionUser } from "@/lib/auth/session";

/** Top bar (brand, org switcher, user menu), left navigation, and the page. */
export function AppShell({ org, orgs, user, isAdmin = false, children }: { org: string; orgs: string[]; user: SessionUser; isAdmin?: boolean; children: React.ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <Brand href={`/${encodeURIComponent(org)}/environments`} />
        <span className="faint" aria-hidden="true">
          /
        </span>
        <OrgSwitcher current={org} orgs={orgs} />
        <div className="spacer" />
        <UserMenu user={user} />
      </header>
      <MenuDismiss />
      <SideNav org={org} isAdmin={isAdmin} />
      <main className="app-main" id="main">
        {children}
      </main>
    </div>
  );
}
