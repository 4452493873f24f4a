"use client";
import { useState } from "react";
import { LockIcon } from "@/components/icons";
import type { PreviewNode } from "@/components/editor/preview-types";

/** The evaluated values as a collapsible, JSON-like tree. */
export function PreviewTree({ root }: { root: PreviewNode }) {
  if (root.t === "object" && root.entries.length === 0) {
    return <p className="muted" style={{ fontFamily: "var(--font-sans)", margin: 0 }}>No values yet. Add keys under <code>values:</code> to see them here.</p>;
  }
  return <Children node={root} root />;
}

function Children({ node, root = false }: { node: PreviewNode; root?: boolean }) {
  if (node.t === "object") {
    return (
      <ul className={root ? "vtree root" : "vtree"}>
        {node.entries.map(([key, child]) => (
          <Entry key={key} label={key} node={child} />
        ))}
      </ul>
    );
  }
  if (node.t === "array") {
    return (
      <ul className="vtree">
        {node.items.map((child, i) => (
          <Entry key={i} label={String(i)} node={child} index />
        ))}
      </ul>
    );
  }
  return null;
}

function Entry({ label, node, index = false }: { label: string; node: PreviewNode; index?: boolean }) {
  const [open, setOpen] = useState(true);
  const container = node.t === "object" || node.t === "array";
  const size = node.t === "object" ? node.entries.length : node.t === "array" ? node.items.length : 0;
  return (
    <li>
      {container ? (
        <button type="button" className="tree-toggle" aria-expanded={open} aria-label={open ? `Collapse ${label}` : `Expand ${label}`} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
      ) : null}
      <span className={index ? "faint" : "tree-key"}>{index ? `[${label}]` : label}</span>
      <span className="faint">: </span>
      {container ? (
        <>
          <span className="faint">{node.t === "object" ? (open ? "{" : `{ ${size} keys }`) : open ? "[" : `[ ${size} items ]`}</span>
          {open ? (
            <>
              <Children node={node} />
              <span className="faint">{node.t === "object" ? "}" : "]"}</span>
            </>
          ) : null}
        </>
      ) : (
        <Leaf node={node} />
      )}
    </li>
  );
}

function Leaf({ node }: { node: PreviewNode }) {
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
      return (
        <span className="v-secret" title="Secret: revealed only when the environment is opened">
          <LockIcon size={12} />
          secret
        </span>
      );
    case "unknown":
      return (
        <span className="v-unknown" title="Known only when the environment is opened (e.g. a provider's output)">
          unknown until opened
        </span>
      );
    default:
      return null;
  }
}
