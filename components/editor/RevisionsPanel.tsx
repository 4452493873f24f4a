"use client";
// The editor's history drawer: the environment's revisions (number, author, time, tags), each
// viewable read-only, diffable against the one before it, against another revision or against
// the draft in the editor, restorable (a rollback: a new revision with the old definition, after
// a confirmation) and taggable. Opening a revision never touches the draft in the editor.
import { useCallback, useEffect, useRef, useState } from "react";
import { fullTime, timeAgo } from "@/components/format-time";
import { RevisionDiff, RevisionText } from "@/components/editor/RevisionDiff";
import { getRevisionAction, type RevisionDefinition } from "@/lib/actions/get-revision";
import { listRevisionsAction, type RevisionListItem } from "@/lib/actions/list-revisions";
import { rollbackEnvironmentAction, type RolledBack } from "@/lib/actions/rollback-environment";
import { tagRevisionAction } from "@/lib/actions/tag-revision";
import { untagRevisionAction } from "@/lib/actions/untag-revision";

export const HISTORY_SHORTCUT_LABEL = "Alt+Shift+H";

/** Alt+Shift+H toggles the panel from anywhere on the page (Monaco does not bind it). */
export function useRevisionsShortcut(toggle: () => void): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyH") {
        e.preventDefault();
        toggle();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggle]);
}

export interface RevisionsPanelProps {
  org: string;
  project: string;
  env: string;
  /** The newest revision the editor knows of; the list reloads when it changes. */
  revision: number;
  /** The editor's current text, for "compare with draft". */
  draft: string;
  dirty: boolean;
  /** False for callers who may read but not write: no restore, no tagging. */
  canWrite?: boolean;
  onClose(): void;
  /** A rollback stored a new revision: the editor should show it. */
  onRestored(result: RolledBack): void;
}

type View =
  | { kind: "revision"; n: number; mode: "text" | "changes" | "draft" }
  | { kind: "compare"; a: number; b: number };

type Loaded = { ok: true; def: RevisionDefinition } | { ok: false; error: string };

export function RevisionsPanel(props: RevisionsPanelProps) {
  const { org, project, env, revision, draft, dirty, canWrite = true, onClose, onRestored } = props;
  const ref = { org, project, env };
  const [revisions, setRevisions] = useState<RevisionListItem[] | null>(null);
  const [more, setMore] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [view, setView] = useState<View | null>(null);
  const [texts, setTexts] = useState<Record<number, Loaded>>({});
  const [tagging, setTagging] = useState<number | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const requested = useRef(new Set<number>());

  // Focus moves into the panel when it opens, and back where it was when it closes.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    headingRef.current?.focus();
    return () => before?.focus?.();
  }, []);

  const load = useCallback(
    async (before?: number) => {
      const result = await listRevisionsAction({ org, project, env, before }).catch(() => null);
      if (!result) return setListError("The revisions could not be loaded (is the server reachable?).");
      if (!result.ok) return setListError(result.error);
      setListError(null);
      setMore(result.data.more);
      setRevisions((old) => (before && old ? [...old, ...result.data.revisions] : result.data.revisions));
    },
    [org, project, env],
  );

  // (Re)load from the newest whenever the editor's revision moves (a save, a rollback).
  useEffect(() => {
    void load();
  }, [load, revision]);

  const fetchText = useCallback(
    async (n: number) => {
      if (requested.current.has(n)) return;
      requested.current.add(n);
      const result = await getRevisionAction({ org, project, env, version: n }).catch(() => null);
      const loaded: Loaded = !result
        ? { ok: false, error: "The revision could not be loaded (is the server reachable?)." }
        : result.ok
          ? { ok: true, def: result.data }
          : { ok: false, error: result.error };
      if (!loaded.ok) requested.current.delete(n);
      setTexts((t) => ({ ...t, [n]: loaded }));
    },
    [org, project, env],
  );

  // The texts the current view needs.
  useEffect(() => {
    if (!view) return;
    const needed =
      view.kind === "compare"
        ? [view.a, view.b]
        : view.mode === "changes" && view.n > 1
          ? [view.n - 1, view.n]
          : [view.n];
    for (const n of needed) void fetchText(n);
  }, [view, fetchText]);

  function toggleSelected(n: number) {
    setSelected((s) => (s.includes(n) ? s.filter((x) => x !== n) : [...s, n].slice(-2)));
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key !== "Escape" || restoring !== null) return;
    e.stopPropagation();
    if (view) setView(null);
    else onClose();
  }

  async function untag(name: string) {
    setStatus(null);
    const result = await untagRevisionAction({ ...ref, name }).catch(() => null);
    if (!result) return setStatus("The tag could not be removed (is the server reachable?).");
    if (!result.ok) return setStatus(result.error);
    setStatus(`Removed tag "${name}".`);
    await load();
  }

  const latest = revisions?.[0]?.number ?? revision;

  return (
    <aside
      id="revision-history"
      className={`history-drawer${view ? " expanded" : ""}`}
      aria-label="Revision history"
      onKeyDown={onKeyDown}
    >
      <div className="history-list">
        <header className="history-head">
          <h2 ref={headingRef} tabIndex={-1}>
            History
          </h2>
          <kbd title="Toggle history">{HISTORY_SHORTCUT_LABEL}</kbd>
          <span className="spacer" />
          <button type="button" className="btn btn-sm btn-ghost" aria-label="Close history" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="history-compare">
          <span className="muted">
            {selected.length === 2
              ? `Revisions ${Math.min(...selected)} and ${Math.max(...selected)} selected`
              : "Tick two revisions to compare them"}
          </span>
          <button
            type="button"
            className="btn btn-sm"
            disabled={selected.length !== 2}
            onClick={() => setView({ kind: "compare", a: Math.min(...selected), b: Math.max(...selected) })}
          >
            Compare selected
          </button>
        </div>
        {status ? (
          <div className="history-status" role="status">
            {status}
          </div>
        ) : null}
        {listError ? (
          <div className="alert alert-error history-status" role="alert">
            {listError}
          </div>
        ) : null}
        {revisions === null && !listError ? (
          <div className="history-empty">
            <span className="spinner" aria-label="Loading revisions" />
          </div>
        ) : null}
        <ol className="history-items" aria-label="Revisions">
          {revisions?.map((r) => {
            const current = view?.kind === "revision" && view.n === r.number;
            return (
              <li
                key={r.number}
                className={`history-item${current ? " current" : ""}`}
                data-testid={`revision-${r.number}`}
                aria-current={current ? "true" : undefined}
              >
                <div className="history-item-top">
                  <input
                    type="checkbox"
                    checked={selected.includes(r.number)}
                    onChange={() => toggleSelected(r.number)}
                    aria-label={`Select revision ${r.number} to compare`}
                  />
                  <button
                    type="button"
                    className="history-item-title"
                    onClick={() => setView({ kind: "revision", n: r.number, mode: "text" })}
                    aria-label={`View revision ${r.number}`}
                  >
                    Revision {r.number}
                  </button>
                  <span className="history-tags">
                    {r.tags.map((t) => (
                      <span key={t} className={`history-tag${t === "latest" ? " latest" : ""}`}>
                        {t}
                        {t !== "latest" && canWrite ? (
                          <button type="button" aria-label={`Remove tag ${t}`} onClick={() => void untag(t)}>
                            ×
                          </button>
                        ) : null}
                      </span>
                    ))}
                    {r.retracted ? (
                      <span className="history-tag retracted" title={r.retracted.reason || undefined}>
                        retracted → {r.retracted.replacement}
                      </span>
                    ) : null}
                  </span>
                </div>
                <div className="history-item-meta">
                  <span title={r.authorLogin}>{r.author}</span>
                  <span aria-hidden="true">·</span>
                  <time dateTime={r.created} title={fullTime(new Date(r.created))}>
                    {timeAgo(new Date(r.created))}
                  </time>
                </div>
                <div className="history-item-actions">
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    onClick={() => setView({ kind: "revision", n: r.number, mode: "draft" })}
                    aria-label={`Compare revision ${r.number} with the draft`}
                  >
                    Compare with draft
                  </button>
                  {canWrite ? (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-expanded={tagging === r.number}
                      onClick={() => setTagging(tagging === r.number ? null : r.number)}
                      aria-label={`Tag revision ${r.number}`}
                    >
                      Tag…
                    </button>
                  ) : null}
                </div>
                {tagging === r.number ? (
                  <TagForm
                    {...ref}
                    revision={r.number}
                    onCancel={() => setTagging(null)}
                    onTagged={async (name, moved) => {
                      setTagging(null);
                      setStatus(
                        moved
                          ? `Moved tag "${name}" to revision ${r.number}.`
                          : `Tagged revision ${r.number} as "${name}".`,
                      );
                      await load();
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ol>
        {more ? (
          <div className="history-more">
            <button
              type="button"
              className="btn btn-sm"
              disabled={loadingMore}
              onClick={async () => {
                setLoadingMore(true);
                await load(revisions?.at(-1)?.number);
                setLoadingMore(false);
              }}
            >
              {loadingMore ? "Loading…" : "Load older revisions"}
            </button>
          </div>
        ) : null}
      </div>
      {view ? (
        <HistoryViewer
          view={view}
          latest={latest}
          texts={texts}
          draft={draft}
          canWrite={canWrite}
          onMode={(mode) => view.kind === "revision" && setView({ ...view, mode })}
          onRestore={(n) => setRestoring(n)}
          onClose={() => setView(null)}
        />
      ) : null}
      {restoring !== null ? (
        <RestoreDialog
          {...ref}
          n={restoring}
          latest={latest}
          dirty={dirty}
          onCancel={() => setRestoring(null)}
          onRestored={(result) => {
            setRestoring(null);
            setView(null);
            setSelected([]);
            setStatus(`Restored revision ${result.restored} as revision ${result.revision}.`);
            onRestored(result);
          }}
        />
      ) : null}
    </aside>
  );
}

function HistoryViewer(props: {
  view: View;
  latest: number;
  texts: Record<number, Loaded>;
  draft: string;
  canWrite: boolean;
  onMode(mode: "text" | "changes" | "draft"): void;
  onRestore(n: number): void;
  onClose(): void;
}) {
  const { view, latest, texts, draft, canWrite, onMode, onRestore, onClose } = props;
  const title = view.kind === "compare" ? `Revision ${view.a} → revision ${view.b}` : `Revision ${view.n}`;
  const needed =
    view.kind === "compare"
      ? [view.a, view.b]
      : view.mode === "changes" && view.n > 1
        ? [view.n - 1, view.n]
        : [view.n];
  const failed = needed.map((n) => texts[n]).find((t) => t && !t.ok) as
    { ok: false; error: string } | undefined;
  const defs = needed.map((n) => texts[n]).map((t) => (t?.ok ? t.def : null));
  const ready = defs.every((d) => d !== null);
  const ciphertext = defs.some((d) => d && !d.plaintext);

  let body: React.ReactNode = null;
  if (failed) {
    body = (
      <div className="alert alert-error" role="alert">
        {failed.error}
      </div>
    );
  } else if (!ready) {
    body = (
      <div className="history-empty">
        <span className="spinner" aria-label="Loading revision" />
      </div>
    );
  } else if (view.kind === "compare") {
    body = (
      <RevisionDiff
        original={defs[0]!.yaml}
        modified={defs[1]!.yaml}
        originalLabel={`Revision ${view.a}`}
        modifiedLabel={`Revision ${view.b}`}
      />
    );
  } else if (view.mode === "text") {
    body = <RevisionText text={defs[0]!.yaml} label={`Revision ${view.n}, read-only`} />;
  } else if (view.mode === "draft") {
    body = (
      <RevisionDiff
        original={defs[0]!.yaml}
        modified={draft}
        originalLabel={`Revision ${view.n}`}
        modifiedLabel="Your draft (editor)"
      />
    );
  } else if (view.n === 1) {
    body = <RevisionText text={defs[0]!.yaml} label="Revision 1, the first, read-only" />;
  } else {
    body = (
      <RevisionDiff
        original={defs[0]!.yaml}
        modified={defs[1]!.yaml}
        originalLabel={`Revision ${view.n - 1}`}
        modifiedLabel={`Revision ${view.n}`}
      />
    );
  }

  return (
    <section className="history-viewer" aria-label={`${title} (read-only)`}>
      <header className="history-viewer-head">
        <strong>{title}</strong>
        <span className="badge history-readonly">Read-only</span>
        <span className="spacer" />
        {view.kind === "revision" && canWrite && view.n !== latest ? (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => onRestore(view.n)}>
            Restore this revision
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={onClose}>
          Back to editor
        </button>
      </header>
      <div className="history-viewer-bar">
        {view.kind === "revision" ? (
          <div className="history-modes" role="group" aria-label="Show">
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={view.mode === "text"}
              onClick={() => onMode("text")}
            >
              Definition
            </button>
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={view.mode === "changes"}
              disabled={view.n === 1}
              onClick={() => onMode("changes")}
            >
              {view.n === 1 ? "First revision" : `Changes from ${view.n - 1}`}
            </button>
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={view.mode === "draft"}
              onClick={() => onMode("draft")}
            >
              Compare with draft
            </button>
          </div>
        ) : null}
        <p className="history-viewer-note muted">
          {view.kind === "revision" && view.mode === "draft"
            ? "Left: the stored revision. Right: the text in your editor, saved or not."
            : "History is read-only here; the text in your editor is not changed."}
          {ciphertext
            ? " Secrets, if any, are shown encrypted: you may read this environment but not decrypt it."
            : ""}
          {defs.find((d) => d?.retractedFor)
            ? ` This revision was retracted; it reads as revision ${defs.find((d) => d?.retractedFor)!.retractedFor}.`
            : ""}
        </p>
      </div>
      <div className="history-viewer-body">{body}</div>
    </section>
  );
}

function TagForm(props: {
  org: string;
  project: string;
  env: string;
  revision: number;
  onCancel(): void;
  onTagged(name: string, moved: boolean): void | Promise<void>;
}) {
  const { revision, onCancel, onTagged } = props;
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [offerMove, setOfferMove] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `tag-name-${revision}`;

  async function submit(move: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setOfferMove(false);
    const result = await tagRevisionAction({
      org: props.org,
      project: props.project,
      env: props.env,
      revision,
      name,
      move,
    }).catch(() => null);
    setBusy(false);
    if (!result) return setError("The tag could not be saved (is the server reachable?).");
    if (result.ok) return onTagged(result.data.name, move);
    setError(result.error);
    // The name is on another revision: offer to move it here instead.
    setOfferMove(result.status === 409 && /already exists/i.test(result.error) && name.trim() !== "latest");
  }

  return (
    <form
      className="history-tag-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      <label htmlFor={id}>Tag name for revision {revision}</label>
      <div className="history-tag-row">
        <input
          id={id}
          className="text-input"
          value={name}
          autoFocus
          maxLength={200}
          placeholder="e.g. stable"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              onCancel();
            }
          }}
        />
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
          Add tag
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error ? (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
          {offerMove ? (
            <button
              type="button"
              className="btn btn-sm"
              style={{ marginLeft: 8 }}
              onClick={() => void submit(true)}
            >
              Move it to revision {revision}
            </button>
          ) : null}
        </div>
      ) : (
        <span id={`${id}-hint`} className="muted history-hint">
          Letters, digits, <code>-</code>, <code>_</code> and <code>.</code>; not a number.
        </span>
      )}
    </form>
  );
}

function RestoreDialog(props: {
  org: string;
  project: string;
  env: string;
  n: number;
  latest: number;
  dirty: boolean;
  onCancel(): void;
  onRestored(result: RolledBack): void;
}) {
  const { n, latest, dirty, onCancel, onRestored } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  async function restore() {
    setBusy(true);
    setError(null);
    const result = await rollbackEnvironmentAction({
      org: props.org,
      project: props.project,
      env: props.env,
      revision: n,
    }).catch(() => null);
    setBusy(false);
    if (!result) return setError("Restoring failed: the server could not be reached. Nothing was changed.");
    if (!result.ok) return setError(result.error);
    onRestored(result.data);
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="restore-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void restore();
        }}
      >
        <header>
          <h2 id="restore-title">Restore revision {n}?</h2>
          <p>
            Its definition will be saved as a new revision on top of revision {latest}. Nothing in the history
            is removed, and you can restore any other revision later.
          </p>
        </header>
        {dirty ? (
          <div className="alert alert-warning">
            The editor has unsaved changes: they will be replaced by the restored definition. Cancel and save
            or copy them first if you need them.
          </div>
        ) : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Restoring…" : `Restore revision ${n}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
