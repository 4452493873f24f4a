"use client";
// History views for the editor: a diff of two texts (two revisions, a revision and the draft, or
// the latest saved revision and the user's text after a save conflict) and a single revision,
// read-only. Monaco arrives lazily, through the same setupMonaco() as the main editor.
import dynamic from "next/dynamic";

const loading = () => (
  <div className="loading">
    <div className="spinner" aria-label="Loading viewer" />
  </div>
);

const DiffView = dynamic(
  async () => {
    const { setupMonaco } = await import("@/components/editor/monaco-setup");
    await setupMonaco();
    return (await import("@/components/editor/MonacoRevisionViews")).DiffView;
  },
  { ssr: false, loading },
);

const ReadOnlyView = dynamic(
  async () => {
    const { setupMonaco } = await import("@/components/editor/monaco-setup");
    await setupMonaco();
    return (await import("@/components/editor/MonacoRevisionViews")).ReadOnlyView;
  },
  { ssr: false, loading },
);

export interface RevisionDiffProps {
  original: string;
  modified: string;
  /** What each side is, e.g. "Revision 3" and "Your draft". */
  originalLabel: string;
  modifiedLabel: string;
  /** Inline (one column) suits narrow places. */
  sideBySide?: boolean;
}

/** A read-only Monaco diff with the two sides named above it (left: before, right: after). */
export function RevisionDiff({
  original,
  modified,
  originalLabel,
  modifiedLabel,
  sideBySide = true,
}: RevisionDiffProps) {
  const same = original === modified;
  return (
    <div className="revision-diff" data-testid="revision-diff">
      <div className={`revision-diff-labels${sideBySide ? "" : " inline"}`}>
        <span>
          <span className="diff-swatch removed" aria-hidden="true" />
          {originalLabel}
        </span>
        <span>
          <span className="diff-swatch added" aria-hidden="true" />
          {modifiedLabel}
        </span>
      </div>
      {same ? (
        <p className="revision-diff-same" role="status">
          No differences: both have the same text.
        </p>
      ) : null}
      <div className="revision-diff-body">
        <DiffView
          original={original}
          modified={modified}
          sideBySide={sideBySide}
          label={`Differences between ${originalLabel} and ${modifiedLabel}`}
        />
      </div>
    </div>
  );
}

/** One revision's text in a read-only Monaco view. */
export function RevisionText({ text, label }: { text: string; label: string }) {
  return (
    <div className="revision-diff-body" data-testid="revision-text">
      <ReadOnlyView text={text} label={label} />
    </div>
  );
}
