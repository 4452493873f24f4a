"use client";
// Read-only Monaco views for history: one revision, or a diff of two texts. Loaded only in the
// browser after setupMonaco() (see RevisionDiff.tsx), so they use the same bundled Monaco as the
// editor and nothing comes from a CDN.
import { DiffEditor, Editor, type DiffOnMount } from "@monaco-editor/react";
import { useEffect, useId, useRef } from "react";
import type { editor as MonacoEditorNS } from "monaco-editor";
import { useSystemDark } from "@/components/editor/useSystemDark";

const COMMON: MonacoEditorNS.IEditorOptions = {
  readOnly: true,
  domReadOnly: false,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  renderWhitespace: "selection",
  padding: { top: 8 },
};

// Model paths must be unique per mounted view (models are shared by URI), and must not end in
// `.esc.yaml` so the YAML schema does not mark up history.
function usePaths(): { one: string; original: string; modified: string } {
  const id = useId().replace(/[^a-zA-Z0-9]/g, "");
  return { one: `history-${id}.yaml`, original: `history-${id}-a.yaml`, modified: `history-${id}-b.yaml` };
}

export function ReadOnlyView({ text, label }: { text: string; label: string }) {
  const dark = useSystemDark();
  const paths = usePaths();
  return (
    <Editor
      value={text}
      language="yaml"
      path={paths.one}
      theme={dark ? "vs-dark" : "vs"}
      loading={<div className="loading">Loading…</div>}
      options={{ ...COMMON, ariaLabel: label, wordWrap: "on" }}
    />
  );
}

export function DiffView({
  original,
  modified,
  sideBySide = true,
  label,
}: {
  original: string;
  modified: string;
  sideBySide?: boolean;
  label: string;
}) {
  const dark = useSystemDark();
  const paths = usePaths();
  const editorRef = useRef<MonacoEditorNS.IStandaloneDiffEditor | null>(null);

  // @monaco-editor/react disposes the models before the diff editor on unmount, which Monaco
  // reports as an error; keep them (keepCurrent…Model) and let go of them here in the right order.
  useEffect(
    () => () => {
      const editor = editorRef.current;
      const model = editor?.getModel();
      try {
        editor?.setModel(null);
      } catch {
        // Already disposed by the wrapper: nothing holds the models any more.
      }
      model?.original.dispose();
      model?.modified.dispose();
    },
    [],
  );

  const onMount: DiffOnMount = (editor) => {
    editorRef.current = editor;
  };

  return (
    <DiffEditor
      original={original}
      modified={modified}
      language="yaml"
      originalModelPath={paths.original}
      modifiedModelPath={paths.modified}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      theme={dark ? "vs-dark" : "vs"}
      onMount={onMount}
      loading={<div className="loading">Loading…</div>}
      options={{
        ...COMMON,
        ariaLabel: label,
        originalEditable: false,
        renderSideBySide: sideBySide,
        useInlineViewWhenSpaceIsLimited: true,
        // Side by side down to a half-screen viewer; narrower than that, one column reads better.
        renderSideBySideInlineBreakpoint: 560,
        renderOverviewRuler: false,
        diffWordWrap: "on",
        wordWrap: "on",
      }}
    />
  );
}
