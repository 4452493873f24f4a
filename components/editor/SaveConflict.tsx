"use client";
// What a save over a newer revision turns into: never an overwrite, a choice. The user sees the
// latest saved revision against their text (Monaco diff) and picks: keep editing on top of the
// latest (the editor loads it, their text stays beside it to copy from), overwrite (their text
// saved on top of the latest, after a confirmation) or discard theirs. Their text is kept until
// they choose to let go of it.
import { useCallback, useEffect, useRef, useState } from "react";
import { RevisionDiff } from "@/components/editor/RevisionDiff";
import { getRevisionAction, type RevisionDefinition } from "@/lib/actions/get-revision";
import { saveEnvironmentAction, type SavedRevision } from "@/lib/actions/save-environment";

export interface SaveConflictProps {
  org: string;
  project: string;
  env: string;
  /** The editor's text when the save was refused: the user's version. */
  draft: string;
  /** Load the latest revision into the editor (keep editing on top of it, or discard mine). */
  onLoadLatest(latest: RevisionDefinition): void;
  /** The user's text was saved on top of the latest. */
  onOverwritten(saved: SavedRevision, text: string): void;
  /** Nothing chosen (the draft stays as it is), or the user is done with the reference panel. */
  onClose(): void;
}

type Step = "choose" | "overwrite" | "discard" | "reference";

export function SaveConflict(props: SaveConflictProps) {
  const { org, project, env, onLoadLatest, onOverwritten, onClose } = props;
  // The user's text as it was when the conflict appeared; the editor may show other text later.
  const [mine] = useState(props.draft);
  const [latest, setLatest] = useState<RevisionDefinition | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [step, setStep] = useState<Step>("choose");
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  const fetchLatest = useCallback(async () => {
    setLatest(null);
    setError(null);
    const result = await getRevisionAction({ org, project, env, version: "latest" }).catch(() => null);
    if (!result)
      return setError(
        "The latest revision could not be loaded (is the server reachable?). Your text is still in the editor.",
      );
    if (!result.ok) return setError(result.error);
    setLatest(result.data);
  }, [org, project, env]);

  useEffect(() => {
    void fetchLatest();
  }, [fetchLatest]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (step !== "reference" && dialog && !dialog.open) dialog.showModal();
  }, [step]);

  async function overwrite() {
    if (!latest || busy) return;
    setBusy(true);
    setError(null);
    const result = await saveEnvironmentAction({ org, project, env, yaml: mine, etag: latest.etag }).catch(
      () => null,
    );
    setBusy(false);
    if (!result)
      return setError("Saving failed: the server could not be reached. Your text is still in the editor.");
    if (result.ok) return onOverwritten(result.data, mine);
    if (result.status === 409) {
      // Yet another revision arrived meanwhile: show that one and ask again.
      setStep("choose");
      setNote("Another revision was saved in the meantime. This is the newest one now; choose again.");
      return fetchLatest();
    }
    setStep("choose");
    setError(result.error);
  }

  async function copyMine() {
    try {
      await navigator.clipboard.writeText(mine);
      setCopied(true);
    } catch {
      setError("The browser did not allow copying; select the text in the right-hand side and copy it.");
    }
  }

  if (step === "reference" && latest) {
    return (
      <aside
        className="history-drawer expanded conflict-reference"
        aria-label="Your text from before the conflict"
      >
        <section className="history-viewer">
          <header className="history-viewer-head">
            <strong>Your earlier text</strong>
            <span className="badge history-readonly">Not saved</span>
            <span className="spacer" />
            <button type="button" className="btn btn-sm" onClick={() => void copyMine()}>
              {copied ? "Copied" : "Copy my text"}
            </button>
            <button type="button" className="btn btn-sm" onClick={onClose}>
              Close
            </button>
          </header>
          <p className="history-viewer-note muted">
            The editor now holds revision {latest.revision}. Your text from before is marked in green below:
            copy what you need into the editor. Closing this panel lets go of it.
          </p>
          {error ? (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          ) : null}
          <div className="history-viewer-body">
            <RevisionDiff
              original={latest.yaml}
              modified={mine}
              originalLabel={`Revision ${latest.revision} (now in the editor)`}
              modifiedLabel="Your earlier text"
              sideBySide={false}
            />
          </div>
        </section>
      </aside>
    );
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog conflict-dialog"
      aria-labelledby="conflict-title"
      onCancel={(e) => {
        e.preventDefault();
        if (busy) return;
        if (step === "choose") onClose();
        else setStep("choose");
      }}
    >
      <div className="conflict-body">
        <header>
          <h2 id="conflict-title">Someone else saved a newer revision</h2>
          <p>
            {latest
              ? `Revision ${latest.revision} was saved while you were editing. Nothing of yours was saved or lost: compare, then choose.`
              : "A newer revision was saved while you were editing. Nothing of yours was saved or lost."}
          </p>
        </header>
        {note ? <div className="alert alert-warning">{note}</div> : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="conflict-diff">
          {latest ? (
            <RevisionDiff
              original={latest.yaml}
              modified={mine}
              originalLabel={`Theirs: revision ${latest.revision} (latest saved)`}
              modifiedLabel="Yours: your unsaved text"
            />
          ) : !error ? (
            <div className="history-empty">
              <span className="spinner" aria-label="Loading the latest revision" />
            </div>
          ) : null}
        </div>
        {step === "choose" ? (
          <div className="conflict-choices">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!latest}
              onClick={() => {
                onLoadLatest(latest!);
                setStep("reference");
              }}
            >
              Keep editing on top of the latest
            </button>
            <button type="button" className="btn" disabled={!latest} onClick={() => setStep("overwrite")}>
              Overwrite with mine…
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={!latest}
              onClick={() => setStep("discard")}
            >
              Discard mine…
            </button>
            <span className="spacer" />
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              Decide later
            </button>
          </div>
        ) : null}
        {step === "overwrite" && latest ? (
          <div className="conflict-confirm" role="group" aria-label="Confirm overwrite">
            <p>
              Save your text as a new revision on top of revision {latest.revision}? The changes made in
              revision {latest.revision} will no longer be in the current definition (they stay in the
              history).
            </p>
            <div className="conflict-choices">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void overwrite()}
              >
                {busy ? "Saving…" : `Overwrite revision ${latest.revision}`}
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => setStep("choose")}>
                Back
              </button>
            </div>
          </div>
        ) : null}
        {step === "discard" && latest ? (
          <div className="conflict-confirm" role="group" aria-label="Confirm discard">
            <p>
              Throw away your text and load revision {latest.revision} into the editor? Your changes cannot be
              recovered.
            </p>
            <div className="conflict-choices">
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => {
                  onLoadLatest(latest);
                  onClose();
                }}
              >
                Discard my changes
              </button>
              <button type="button" className="btn" onClick={() => setStep("choose")}>
                Back
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </dialog>
  );
}
