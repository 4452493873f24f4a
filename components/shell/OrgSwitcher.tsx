import Link from "next/link";
import { CheckIcon, ChevronDownIcon } from "@/components/icons";

export function OrgSwitcher({ current, orgs }: { current: string; orgs: string[] }) {
  return (
    <details className="menu">
      <summary className="menu-trigger" aria-label={`Organization: ${current}. Switch organization`}>
        <span className="avatar" aria-hidden="true">
          {current.slice(0, 1).toUpperCase()}
        </span>
        {current}
        <ChevronDownIcon />
      </summary>
      <div className="menu-panel" role="menu">
        <div className="menu-label">Organizations</div>
        {orgs.map((name) => (
          <Link key={name} className="menu-item" role="menuitem" href={`/${encodeURIComponent(name)}/environments`}>
            {name}
            {name === current ? <CheckIcon /> : null}
          </Link>
        ))}
      </div>
    </details>
  );
}
