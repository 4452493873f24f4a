"use client";
import { useState } from "react";
import type { PreviewNode } from "@/components/editor/preview-types";
import type { ValuePath } from "@/components/editor/preview-plain";
import { ErrorValue, SecretValue, UnknownValue } from "@/components/editor/SecretValue";
import { formatPropertyPath } from "@/lib/esc/property-path";

/**
 * The evaluated values as a collapsible, JSON-like tree. Secrets are masked, with a Reveal when
 * rendered inside a RevealProvider that allows it; unknowns are marked, and values that could not
 * be computed show the error that says why.
 */
export function PreviewTree({ root, opened = false }: { root: PreviewNode; opened?: boolean }) {
  if (root.t === "object" && root.entries.length === 0) {
    return (
      <p className="muted" style={{ fontFamily: "var(--font-sans)", margin: 0 }}>
        No values yet. Add keys under <code>values:</code> to see them here.
      </p>
    );
  }
  return <Children node={root} path={[]} opened={opened} root />;
}

function Children({
  node,
  path,
  opened,
  root = false,
}: {
  node: PreviewNode;
  path: ValuePath;
  opened: boolean;
  root?: boolean;
}) {
  if (node.t === "object") {
    return (
      <ul className={root ? "vtree root" : "vtree"}>
        {node.entries.map(([key, child]) => (
          <Entry key={key} label={key} node={child} path={[...path, key]} opened={opened} />
        ))}
      </ul>
    );
  }
  if (node.t === "array") {
    return (
      <ul className="vtree">
        {node.items.map((child, i) => (
          <Entry key={i} label={String(i)} node={child} path={[...path, i]} opened={opened} index />
        ))}
      </ul>
    );
  }
  return null;
}

function Entry({
  label,
  node,
  path,
  opened,
  index = false,
}: {
  label: string;
  node: PreviewNode;
  path: ValuePath;
  opened: boolean;
  index?: boolean;
}) {
  const [open, setOpen] = useState(true);
  const container = node.t === "object" || node.t === "array";
  const size = node.t === "object" ? node.entries.length : node.t === "array" ? node.items.length : 0;
  return (
    <li>
      {container ? (
        <button
          type="button"
          className="tree-toggle"
          aria-expanded={open}
          aria-label={open ? `Collapse ${label}` : `Expand ${label}`}
          onClick={() => setOpen(!open)}
        >
          {open ? "▾" : "▸"}
        </button>
      ) : null}
      <span className={index ? "faint" : "tree-key"}>{index ? `[${label}]` : label}</span>
      <span className="faint">: </span>
      {container ? (
        <>
          <span className="faint">
            {node.t === "object" ? (open ? "{" : `{ ${size} keys }`) : open ? "[" : `[ ${size} items ]`}
          </span>
          {open ? (
            <>
              <Children node={node} path={path} opened={opened} />
              <span className="faint">{node.t === "object" ? "}" : "]"}</span>
            </>
          ) : null}
        </>
      ) : (
        <Leaf node={node} path={path} opened={opened} />
      )}
    </li>
  );
}

function Leaf({ node, path, opened }: { node: PreviewNode; path: ValuePath; opened: boolean }) {
  switch (node.t) {
    case "string":
      return <span className="v-string">{JSON.stringify(node.v)}</span>;
    case "number":
      return <span className="v-number">{node.v}</span>;
    case "bool":
      return <span className="v-bool">{String(node.v)}</span>;
    case "null":
      return <span className="v-null">null</span>;
    case "secret":
      return <SecretValue path={path} label={formatPropertyPath(path)} format={(v) => JSON.stringify(v)} />;
    case "unknown":
      return <UnknownValue opened={opened} />;
    case "error":
      return <ErrorValue message={node.message} />;
    default:
      return null;
  }
}
