"use client";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { LayersIcon, SearchIcon } from "@/components/icons";
import { CreateEnvironmentButton } from "@/components/environments/CreateEnvironmentButton";

export interface EnvironmentRow {
  project: string;
  name: string;
  modifiedLabel: string;
  modifiedTitle: string;
  modifiedBy: string;
  /** The caller's permission on it; "read" and "open" are shown (the editor is read-only then). */
  permission?: string;
}

/** The environments of one org with a filter box (`/` focuses it) and an empty state. */
export function EnvironmentList({ org, rows }: { org: string; rows: EnvironmentRow[] }) {
  const [query, setQuery] = useState("");
  const filterRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (e.key === "/" && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        filterRef.current?.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return rows;
    return rows.filter((r) => `${r.project}/${r.name}`.toLowerCase().includes(q));
  }, [rows, query]);

  if (rows.length === 0) {
    return (
      <div className="card">
        <div className="empty-state">
          <div className="empty-icon">
            <LayersIcon size={24} />
          </div>
          <h2>No environments yet</h2>
          <p>Environments hold configuration and secrets for your apps and infrastructure, composed from other environments and opened on demand.</p>
          <div style={{ marginTop: 8 }}>
            <CreateEnvironmentButton org={org} />
          </div>
        </div>
      </div>
    );
  }

  return (
    <>
      <div className="toolbar">
        <div className="search">
          <SearchIcon />
          <label htmlFor="env-filter" className="visually-hidden">
            Filter environments
          </label>
          <input
            ref={filterRef}
            id="env-filter"
            className="text-input"
            type="search"
            placeholder="Filter environments"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setQuery("");
            }}
          />
          <kbd aria-hidden="true">/</kbd>
        </div>
        <span className="muted" aria-live="polite">
          {visible.length} of {rows.length}
        </span>
      </div>
      <div className="card" style={{ overflow: "hidden" }}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Last modified</th>
              <th scope="col">Modified by</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => (
              <tr key={`${r.project}/${r.name}`}>
                <td>
                  <Link href={`/${encodeURIComponent(org)}/environments/${encodeURIComponent(r.project)}/${encodeURIComponent(r.name)}`}>
                    <span className="env-project">{r.project} / </span>
                    <span className="env-name">{r.name}</span>
                  </Link>
                  {r.permission === "read" || r.permission === "open" ? (
                    <span
                      className="badge esc-readonly-badge"
                      style={{ marginLeft: 8 }}
                      title={
                        r.permission === "read"
                          ? "You have read permission: secrets show as ciphertext and you cannot change it"
                          : "You have open permission: you can see its values but not change it"
                      }
                    >
                      {r.permission}
                    </span>
                  ) : null}
                </td>
                <td title={r.modifiedTitle}>{r.modifiedLabel}</td>
                <td className="muted">{r.modifiedBy}</td>
              </tr>
            ))}
            {visible.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted" style={{ textAlign: "center", padding: 32 }}>
                  No environment matches “{query}”.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
