"use client";
// The JSON, YAML and dotenv views: the values as text, masked as the CLI masks them, with Copy.
import { useState } from "react";
import { CopyIcon } from "@/components/icons";

export function PreviewText({
  text,
  label,
  note,
}: {
  text: string;
  /** What the text is, for the region's and the Copy button's accessible names. */
  label: string;
  note?: React.ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="esc-text-view">
      <div className="esc-text-tools">
        {note ? <span className="esc-text-note">{note}</span> : <span />}
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          aria-label={`Copy ${label}`}
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(
              () => {
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              },
              () => undefined,
            );
          }}
        >
          <CopyIcon size={13} />
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="esc-text" aria-label={label} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}
