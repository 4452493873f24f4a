"use client";
// The split-pane environment editor: YAML on the left (Monaco), the evaluated preview of the
// current text on the right, Save (button or Ctrl/Cmd+S) storing a new revision with optimistic
// concurrency (a stale save is refused and said so, never applied). Open (button or
// Ctrl/Cmd+Enter) runs the providers on the server and shows the opened values, secrets masked.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { SaveIcon } from "@/components/icons";
import { OpenOutcome, OpenProgress } from "@/components/editor/OpenProgress";
import { PreviewViews, type RevealValue } from "@/components/editor/PreviewViews";
import { SplitPane } from "@/components/editor/SplitPane";
import { useUnsavedChangesGuard } from "@/components/editor/useUnsavedChangesGuard";
import { useDraftRecovery } from "@/components/editor/useDraftRecovery";
import { DraftOfferBanner } from "@/components/editor/DraftOfferBanner";
import { isInvalidYaml, keepLastGoodPreview, type ShownPreview } from "@/components/editor/stale-preview";
import type { PreviewDiagnostic, PreviewResult } from "@/components/editor/preview-types";
import {
  HISTORY_SHORTCUT_LABEL,
  RevisionsPanel,
  useRevisionsShortcut,
} from "@/components/editor/RevisionsPanel";
import { SaveConflict } from "@/components/editor/SaveConflict";
import { openEnvironmentAction } from "@/lib/actions/open-environment";
import { previewEnvironmentAction } from "@/lib/actions/preview-environment";
import { revealValueAction } from "@/lib/actions/reveal-value";
import { saveEnvironmentAction } from "@/lib/actions/save-environment";

const PREVIEW_DEBOUNCE_MS = 150;
/** The service's limit (lib/environments/definition-text.ts, server-only), checked here too so a
 *  huge paste gets a message instead of a refused request. */
const MAX_DEFINITION_BYTES = 1024 * 1024;

const MonacoYamlEditor = dynamic(
  async () => {
    const { setupMonaco } = await import("@/components/editor/monaco-setup");
    await setupMonaco();
    return import("@/components/editor/MonacoYamlEditor");
  },
  {
    ssr: false,
    loading: () => (
      <div className="loading">
        <div className="spinner" aria-label="Loading editor" />
      </div>
    ),
  },
);

export interface EditorProps {
  org: string;
  project: string;
  env: string;
  initialYaml: string;
  etag: string;
  revision: number;
  savedBy: string;
  savedAgo: string;
  /** The definition JSON schema (lib/providers/definition-schema.ts), built on the server. */
  schema: object;
  /**
   * The caller's permission on the environment (lib/orgs/permissions.ts). Below "write" the
   * editor is read-only (no Save); below "open" there is no Open or reveal, and the definition
   * shows secrets as ciphertext. Defaults to "write" (the organization default).
   */
  permission?: "read" | "open" | "write" | "admin";
}

type Banner = { kind: "error" | "warning" | "success"; text: string } | null;

export function EnvironmentEditor(props: EditorProps) {
  const { org, project, env } = props;
  const permission = props.permission ?? "write";
  const canOpen = permission !== "read";
  const readOnly = permission === "read" || permission === "open";
  const [text, setText] = useState(props.initialYaml);
  const [savedText, setSavedText] = useState(props.initialYaml);
  const [etag, setEtag] = useState(props.etag);
  const [revision, setRevision] = useState(props.revision);
  const [savedLabel, setSavedLabel] = useState(`by ${props.savedBy} ${props.savedAgo}`);
  const [saving, setSaving] = useState(false);
  const [banner, setBanner] = useState<Banner>(null);
  const [preview, setPreview] = useState<ShownPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  // Values opened with providers called; they belong to the text they were opened from.
  const [opened, setOpened] = useState<{ text: string; result: PreviewResult } | null>(null);
  const [opening, setOpening] = useState(false);
  const revealRef = useRef<((line: number, column: number) => void) | null>(null);
  const previewSeq = useRef(0);
  // The text the live preview's values come from (a stale preview keeps the last valid text's).
  const previewTextRef = useRef(props.initialYaml);
  const lastEditAt = useRef(-Infinity);
  const dirty = text !== savedText;
  // The text Monaco (uncontrolled) starts from; a restored draft remounts it with the draft.
  const [editorSeed, setEditorSeed] = useState({ text: props.initialYaml, n: 0 });
  const draft = useDraftRecovery({ org, project, env, revision, text, savedText });
  const [historyOpen, setHistoryOpen] = useState(false);
  // Non-zero while a refused save waits for the user's choice (see SaveConflict); each refusal
  // counts up, so a new one replaces the panel of an earlier one with a fresh comparison.
  const [conflict, setConflict] = useState(0);
  const toggleHistory = useCallback(() => setHistoryOpen((open) => !open), []);
  useRevisionsShortcut(toggleHistory);

  /** Puts a stored revision in the editor (after a rollback or a conflict choice) as the saved text. */
  const loadStored = useCallback(
    (stored: { yaml: string; etag: string; revision: number }, label: string) => {
      setText(stored.yaml);
      setSavedText(stored.yaml);
      setEtag(stored.etag);
      setRevision(stored.revision);
      setSavedLabel(label);
      setEditorSeed((s) => ({ text: stored.yaml, n: s.n + 1 }));
    },
    [],
  );

  useUnsavedChangesGuard(dirty);

  // Evaluate the current text shortly after typing stops; answers to older texts are dropped.
  useEffect(() => {
    const seq = ++previewSeq.current;
    if (new TextEncoder().encode(text).length > MAX_DEFINITION_BYTES) {
      setPreviewError("The definition is larger than 1 MiB; the preview is off until it is smaller.");
      return;
    }
    setEvaluating(true);
    // The first change after a pause is evaluated at once (one edit shows in the preview as fast
    // as the server answers); further changes while typing wait for a pause of the debounce.
    const now = performance.now();
    const delay = now - lastEditAt.current > PREVIEW_DEBOUNCE_MS ? 0 : PREVIEW_DEBOUNCE_MS;
    lastEditAt.current = now;
    const timer = setTimeout(async () => {
      try {
        const result = await previewEnvironmentAction({ org, project, env, yaml: text });
        if (seq !== previewSeq.current) return;
        if (result.ok) {
          if (!isInvalidYaml(result.data)) previewTextRef.current = text;
          setPreview((previous) => keepLastGoodPreview(previous, result.data));
          setPreviewError(null);
        } else {
          setPreviewError(result.error);
        }
      } catch {
        if (seq === previewSeq.current)
          setPreviewError("The preview could not be computed (is the server reachable?).");
      } finally {
        if (seq === previewSeq.current) setEvaluating(false);
      }
    }, delay);
    return () => clearTimeout(timer);
  }, [text, org, project, env]);

  const open = useCallback(async () => {
    if (opening || !canOpen) return;
    const sent = text;
    setOpening(true);
    setPreviewError(null);
    try {
      const result = await openEnvironmentAction({ org, project, env, yaml: sent });
      if (result.ok) setOpened({ text: sent, result: result.data });
      else setPreviewError(result.error);
    } catch {
      setPreviewError("Opening failed: the server could not be reached.");
    } finally {
      setOpening(false);
    }
  }, [opening, canOpen, text, org, project, env]);

  // One secret's plaintext: of opened values, the very value that Open produced (kept on the
  // server under its openId: opening again could mint different credentials); otherwise
  // evaluated on the server from the text the shown values came from.
  const revealValue = useCallback<RevealValue>(
    (path) =>
      revealValueAction(
        opened && opened.text === text
          ? { org, project, env, yaml: "", path, openId: opened.result.openId }
          : { org, project, env, yaml: previewTextRef.current, path },
      ),
    [opened, text, org, project, env],
  );

  const save = useCallback(async () => {
    if (saving || readOnly) return;
    if (!dirty) {
      setBanner({ kind: "success", text: "No changes to save." });
      return;
    }
    if (new TextEncoder().encode(text).length > MAX_DEFINITION_BYTES) {
      setBanner({ kind: "error", text: "The definition is larger than 1 MiB and cannot be saved." });
      return;
    }
    const sent = text;
    setSaving(true);
    try {
      const result = await saveEnvironmentAction({ org, project, env, yaml: sent, etag });
      if (result.ok) {
        setSavedText(sent);
        setEtag(result.data.etag);
        setRevision(result.data.revision);
        setSavedLabel("by you just now");
        setBanner({ kind: "success", text: `Saved revision ${result.data.revision}.` });
      } else if (result.status === 409) {
        setBanner(null);
        setConflict((n) => n + 1);
      } else {
        setBanner({ kind: "error", text: result.error });
      }
    } catch {
      setBanner({
        kind: "error",
        text: "Saving failed: the server could not be reached. Your changes are still here.",
      });
    } finally {
      setSaving(false);
    }
  }, [saving, readOnly, dirty, text, org, project, env, etag]);

  // Ctrl/Cmd+S and Ctrl/Cmd+Enter anywhere on the page (Monaco handles Ctrl+S itself while focused).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      } else if (e.key === "Enter") {
        e.preventDefault();
        void open();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save, open]);

  // A success note fades; warnings and errors stay until acted on.
  useEffect(() => {
    if (banner?.kind !== "success") return;
    const t = setTimeout(() => setBanner(null), 4000);
    return () => clearTimeout(t);
  }, [banner]);

  const openedNow = opened && opened.text === text ? opened.result : null;
  const shown = openedNow ?? preview;
  const stale = !openedNow && preview?.stale === true;
  const diagnostics: PreviewDiagnostic[] = shown?.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const base = `/${encodeURIComponent(org)}/environments`;

  return (
    <div className="editor-page">
      <div className="editor-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link href={base}>Environments</Link>
          <span aria-hidden="true">/</span>
          <span>{project}</span>
          <span aria-hidden="true">/</span>
          <strong>{env}</strong>
        </nav>
        <span className="badge" title="Latest saved revision">
          Revision {revision}
        </span>
        {readOnly ? (
          <span
            className="badge esc-readonly-badge"
            data-testid="read-only-badge"
            title={
              permission === "read"
                ? "You have read permission: you can view this environment, with secrets as ciphertext, but not open or change it"
                : "You have open permission: you can view and open this environment, but not change it"
            }
          >
            Read only · {permission}
          </span>
        ) : null}
        {permission === "admin" ? (
          <Link
            className="btn btn-sm btn-ghost"
            href={`${base}/${encodeURIComponent(project)}/${encodeURIComponent(env)}/access`}
          >
            Access
          </Link>
        ) : null}
        <div className="spacer" />
        <span className="save-state" aria-live="polite" data-testid="save-state">
          {dirty ? (
            <>
              <span className="dirty-dot" aria-hidden="true" />
              Unsaved changes
            </>
          ) : (
            <>Saved {savedLabel}</>
          )}
        </span>
        <button
          type="button"
          className="btn"
          aria-expanded={historyOpen}
          aria-controls="revision-history"
          aria-keyshortcuts="Alt+Shift+H"
          onClick={toggleHistory}
          title={`Revision history: view, compare, restore and tag revisions (${HISTORY_SHORTCUT_LABEL})`}
        >
          History
        </button>
        {canOpen ? (
          <button
            type="button"
            className="btn"
            onClick={() => void open()}
            disabled={opening}
            title="Open: run providers and show the resulting values (Ctrl+Enter)"
          >
            {opening ? "Opening…" : "Open"}
          </button>
        ) : null}
        {readOnly ? null : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void save()}
            disabled={saving}
            title="Save (Ctrl+S)"
          >
            <SaveIcon />
            {saving ? "Saving…" : "Save"}
            <kbd
              style={{
                background: "transparent",
                color: "inherit",
                borderColor: "currentColor",
                opacity: 0.7,
              }}
            >
              Ctrl S
            </kbd>
          </button>
        )}
      </div>
      {permission === "read" ? (
        <p className="esc-readonly-note" role="note">
          You have <strong>read</strong> permission on this environment: the definition is read-only and
          secrets show as ciphertext. Ask an organization admin for <em>open</em> to see values or{" "}
          <em>write</em> to edit.
        </p>
      ) : null}
      {banner ? (
        <div className="esc-banner">
          <div
            className={`alert alert-${banner.kind}`}
            role={banner.kind === "success" ? "status" : "alert"}
            style={{ display: "flex", alignItems: "center", gap: 12 }}
          >
            <span style={{ flex: 1 }}>{banner.text}</span>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-label="Dismiss"
              onClick={() => setBanner(null)}
            >
              ✕
            </button>
          </div>
        </div>
      ) : null}
      {draft.offer ? (
        <DraftOfferBanner
          offer={draft.offer}
          revision={revision}
          onRestore={() => {
            const restored = draft.restore();
            if (restored === null) return;
            setText(restored);
            setEditorSeed((s) => ({ text: restored, n: s.n + 1 }));
          }}
          onDiscard={draft.discard}
        />
      ) : null}
      {/* The history drawer and the conflict panel sit beside the panes, below the header. */}
      <div className="editor-workspace">
        <SplitPane
          storageKey="esc:editor-split"
          left={
            <>
              <div className="pane-head">
                Definition
                <span className="spacer" />
                <span style={{ textTransform: "none", letterSpacing: 0, fontWeight: 500 }}>YAML</span>
              </div>
              <div className="pane-body" data-testid="yaml-editor">
                <MonacoYamlEditor
                  key={editorSeed.n}
                  initialValue={editorSeed.text}
                  schema={props.schema}
                  diagnostics={diagnostics}
                  onChange={setText}
                  onSave={() => void save()}
                  readOnly={readOnly}
                  onReady={(reveal) => {
                    revealRef.current = reveal;
                  }}
                />
              </div>
            </>
          }
          right={
            <>
              <div className="pane-head">
                {openedNow ? "Opened values" : "Preview"}
                <span className="spacer" />
                {openedNow ? (
                  <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpened(null)}>
                    Back to live preview
                  </button>
                ) : null}
                {evaluating || opening ? (
                  <span className="spinner" style={{ width: 12, height: 12 }} aria-label="Evaluating" />
                ) : null}
                {stale ? (
                  <span
                    className="badge esc-stale-badge"
                    data-testid="preview-stale"
                    title="The YAML does not parse: this is the last valid preview"
                  >
                    Stale
                  </span>
                ) : null}
                {errors > 0 ? (
                  <span className="badge" style={{ color: "var(--danger)" }}>
                    {errors === 1 ? "1 error" : `${errors} errors`}
                  </span>
                ) : null}
              </div>
              <div className="pane-body">
                <div
                  className={stale ? "preview-pane esc-preview-stale" : "preview-pane"}
                  data-testid="preview"
                  data-stale={stale}
                  aria-busy={evaluating || opening}
                >
                  {stale ? (
                    <p className="esc-stale-note" role="status">
                      The YAML does not parse; showing the last valid preview until it does.
                    </p>
                  ) : null}
                  {previewError ? (
                    <div className="alert alert-error" style={{ fontFamily: "var(--font-sans)" }}>
                      {previewError}
                    </div>
                  ) : null}
                  {opening ? <OpenProgress /> : openedNow ? <OpenOutcome errors={errors} /> : null}
                  {shown ? (
                    <PreviewViews
                      result={shown}
                      opened={Boolean(openedNow)}
                      canReveal={canOpen}
                      reveal={revealValue}
                    />
                  ) : (
                    <div className="loading">Evaluating…</div>
                  )}
                  {shown?.truncated ? (
                    <p className="muted">The preview shows the first part of a very large document.</p>
                  ) : null}
                </div>
              </div>
              {diagnostics.length > 0 ? (
                <div className="diagnostics" data-testid="diagnostics">
                  <ul>
                    {diagnostics.map((d, i) => (
                      <li key={i}>
                        <button
                          type="button"
                          className="diag"
                          onClick={() =>
                            d.range && revealRef.current?.(d.range.startLine, d.range.startColumn)
                          }
                        >
                          <span className={d.severity === "warning" ? "sev-warning" : "sev-error"}>
                            {d.severity === "warning" ? "Warning" : "Error"}
                          </span>
                          <span>
                            {d.summary}
                            {d.detail ? <span className="muted"> — {d.detail}</span> : null}
                          </span>
                          {d.range ? (
                            <span className="where">
                              {d.range.startLine}:{d.range.startColumn}
                            </span>
                          ) : null}
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          }
        />
        {historyOpen ? (
          <RevisionsPanel
            org={org}
            project={project}
            env={env}
            revision={revision}
            draft={text}
            dirty={dirty}
            canWrite={!readOnly}
            onClose={() => setHistoryOpen(false)}
            onRestored={(restored) => loadStored(restored, "by you just now")}
          />
        ) : null}
        {conflict ? (
          <SaveConflict
            key={conflict}
            org={org}
            project={project}
            env={env}
            draft={text}
            onLoadLatest={(latest) => loadStored(latest, `in revision ${latest.revision}`)}
            onOverwritten={(saved, yours) => {
              setSavedText(yours);
              setEtag(saved.etag);
              setRevision(saved.revision);
              setSavedLabel("by you just now");
              setConflict(0);
              setBanner({ kind: "success", text: `Saved revision ${saved.revision}.` });
            }}
            onClose={() => setConflict(0)}
          />
        ) : null}
      </div>
    </div>
  );
}
