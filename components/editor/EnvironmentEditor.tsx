"use client";
// The split-pane environment editor: YAML on the left (Monaco), the evaluated preview of the
// current text on the right, Save (button or Ctrl/Cmd+S) storing a new revision with optimistic
// concurrency (a stale save is refused and said so, never applied). Open (button or
// Ctrl/Cmd+Enter) runs the providers on the server and shows the opened values, secrets masked.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { SaveIcon } from "@/components/icons";
import { PreviewTree } from "@/components/editor/PreviewTree";
import { SplitPane } from "@/components/editor/SplitPane";
import { useUnsavedChangesGuard } from "@/components/editor/useUnsavedChangesGuard";
import type { PreviewDiagnostic, PreviewResult } from "@/components/editor/preview-types";
import { openEnvironmentAction } from "@/lib/actions/open-environment";
import { previewEnvironmentAction } from "@/lib/actions/preview-environment";
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
}

type Banner = { kind: "error" | "warning" | "success"; text: string; reload?: boolean } | null;

export function EnvironmentEditor(props: EditorProps) {
  const { org, project, env } = props;
  const [text, setText] = useState(props.initialYaml);
  const [savedText, setSavedText] = useState(props.initialYaml);
  const [etag, setEtag] = useState(props.etag);
  const [revision, setRevision] = useState(props.revision);
  const [savedLabel, setSavedLabel] = useState(`by ${props.savedBy} ${props.savedAgo}`);
  const [saving, setSaving] = useState(false);
  const [banner, setBanner] = useState<Banner>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  // Values opened with providers called; they belong to the text they were opened from.
  const [opened, setOpened] = useState<{ text: string; result: PreviewResult } | null>(null);
  const [opening, setOpening] = useState(false);
  const revealRef = useRef<((line: number, column: number) => void) | null>(null);
  const previewSeq = useRef(0);
  const dirty = text !== savedText;

  useUnsavedChangesGuard(dirty);

  // Evaluate the current text shortly after typing stops; answers to older texts are dropped.
  useEffect(() => {
    const seq = ++previewSeq.current;
    if (new TextEncoder().encode(text).length > MAX_DEFINITION_BYTES) {
      setPreviewError("The definition is larger than 1 MiB; the preview is off until it is smaller.");
      return;
    }
    setEvaluating(true);
    const timer = setTimeout(async () => {
      try {
        const result = await previewEnvironmentAction({ org, project, env, yaml: text });
        if (seq !== previewSeq.current) return;
        if (result.ok) {
          setPreview(result.data);
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
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, org, project, env]);

  const open = useCallback(async () => {
    if (opening) return;
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
  }, [opening, text, org, project, env]);

  const save = useCallback(async () => {
    if (saving) return;
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
        setBanner({
          kind: "warning",
          text: `${result.error} Your changes were not saved. Copy them if you need them, then reload to edit the latest revision.`,
          reload: true,
        });
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
  }, [saving, dirty, text, org, project, env, etag]);

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
          onClick={() => void open()}
          disabled={opening}
          title="Open: run providers and show the resulting values (Ctrl+Enter)"
        >
          {opening ? "Opening…" : "Open"}
        </button>
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
            style={{ background: "transparent", color: "inherit", borderColor: "currentColor", opacity: 0.7 }}
          >
            Ctrl S
          </kbd>
        </button>
      </div>
      {banner ? (
        <div className="esc-banner">
          <div
            className={`alert alert-${banner.kind}`}
            role={banner.kind === "success" ? "status" : "alert"}
            style={{ display: "flex", alignItems: "center", gap: 12 }}
          >
            <span style={{ flex: 1 }}>{banner.text}</span>
            {banner.reload ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => {
                  // The user chose to discard: drop the unsaved-changes guard before reloading.
                  flushSync(() => setSavedText(text));
                  window.location.reload();
                }}
              >
                Discard mine and reload
              </button>
            ) : null}
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
      <SplitPane
        left={
          <>
            <div className="pane-head">
              Definition
              <span className="spacer" />
              <span style={{ textTransform: "none", letterSpacing: 0, fontWeight: 500 }}>YAML</span>
            </div>
            <div className="pane-body" data-testid="yaml-editor">
              <MonacoYamlEditor
                initialValue={props.initialYaml}
                diagnostics={diagnostics}
                onChange={setText}
                onSave={() => void save()}
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
              {errors > 0 ? (
                <span className="badge" style={{ color: "var(--danger)" }}>
                  {errors === 1 ? "1 error" : `${errors} errors`}
                </span>
              ) : null}
            </div>
            <div className="pane-body">
              <div className="preview-pane" data-testid="preview" aria-busy={evaluating || opening}>
                {previewError ? (
                  <div className="alert alert-error" style={{ fontFamily: "var(--font-sans)" }}>
                    {previewError}
                  </div>
                ) : null}
                {openedNow ? (
                  <p className="muted" data-testid="opened-note">
                    Providers were called; secrets stay masked.
                  </p>
                ) : null}
                {shown ? <PreviewTree root={shown.values} /> : <div className="loading">Evaluating…</div>}
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
                        onClick={() => d.range && revealRef.current?.(d.range.startLine, d.range.startColumn)}
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
    </div>
  );
}
