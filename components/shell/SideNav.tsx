"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { KeyIcon, LayersIcon, LockIcon, ScrollIcon, UsersIcon } from "@/components/icons";

export function SideNav({ org, isAdmin = false }: { org: string; isAdmin?: boolean }) {
  const pathname = usePathname();
  const base = `/${encodeURIComponent(org)}`;
  const links = [
    { href: `${base}/environments`, label: "Environments", icon: <LayersIcon /> },
    { href: `${base}/settings/members`, label: "Members", icon: <UsersIcon /> },
    ...(isAdmin
      ? [
          { href: `${base}/settings/teams`, label: "Teams", icon: <UsersIcon /> },
          { href: `${base}/settings/access`, label: "Access", icon: <LockIcon /> },
        ]
      : []),
    ...(isAdmin ? [{ href: `${base}/audit`, label: "Audit log", icon: <ScrollIcon /> }] : []),
    { href: "/account/tokens", label: "Access tokens", icon: <KeyIcon /> },
  ];
  return (
    <nav className="sidenav" aria-label="Main">
      <div className="section-label">{org}</div>
      {links.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className="navlink"
          aria-current={pathname === l.href || pathname.startsWith(`${l.href}/`) ? "page" : undefined}
        >
          {l.icon}
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
