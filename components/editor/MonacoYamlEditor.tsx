"use client";
// The YAML editor pane. Loaded only in the browser (see EditorPane) after setupMonaco() has
// handed the bundled Monaco to @monaco-editor/react.
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import type { editor as MonacoEditorNS } from "monaco-editor";
import { ENVIRONMENT_MODEL_PATH, setEnvironmentSchema, type Monaco } from "@/components/editor/monaco-setup";
import type { PreviewDiagnostic } from "@/components/editor/preview-types";
import { useSystemDark } from "@/components/editor/useSystemDark";

export interface MonacoYamlEditorProps {
  initialValue: string;
  /** The definition JSON schema (built on the server) for completion, hover and validation. */
  schema: object;
  diagnostics: PreviewDiagnostic[];
  onChange(text: string): void;
  onSave(): void;
  /** Receives a function that moves the cursor to a position (used by the diagnostics list). */
  onReady?(reveal: (line: number, column: number) => void): void;
  /** The caller may read but not change the environment (permission below "write"). */
  readOnly?: boolean;
}

export default function MonacoYamlEditor({
  initialValue,
  schema,
  diagnostics,
  onChange,
  onSave,
  onReady,
  readOnly = false,
}: MonacoYamlEditorProps) {
  const dark = useSystemDark();
  const editorRef = useRef<MonacoEditorNS.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const onSaveRef = useRef(onSave);
  useEffect(() => {
    onSaveRef.current = onSave;
  }, [onSave]);

  const handleMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    monacoRef.current = monaco as unknown as Monaco;
    setEnvironmentSchema(schema);
    // Ctrl/Cmd+S inside the editor saves instead of opening the browser's "save page".
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => onSaveRef.current());
    onReady?.((line, column) => {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    });
    applyMarkers();
  };

  function applyMarkers() {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    const model = editor?.getModel();
    if (!editor || !monaco || !model) return;
    const markers = diagnostics
      .filter((d) => d.range)
      .map((d) => ({
        severity: d.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
        message: d.detail ? `${d.summary}\n${d.detail}` : d.summary,
        startLineNumber: d.range!.startLine,
        startColumn: d.range!.startColumn,
        endLineNumber: d.range!.endLine,
        endColumn: d.range!.endColumn,
        source: "esc",
      }));
    monaco.editor.setModelMarkers(model, "esc", markers);
  }

  // Re-mark whenever a new evaluation arrives.
  useEffect(applyMarkers);

  return (
    <Editor
      defaultValue={initialValue}
      defaultLanguage="yaml"
      path={ENVIRONMENT_MODEL_PATH}
      theme={dark ? "vs-dark" : "vs"}
      onMount={handleMount}
      onChange={(text) => onChange(text ?? "")}
      loading={<div className="loading">Loading editor…</div>}
      options={{
        ariaLabel: readOnly ? "Environment definition (YAML, read only)" : "Environment definition (YAML)",
        readOnly,
        domReadOnly: readOnly,
        minimap: { enabled: false },
        // Hovers and suggestions may extend over the preview pane instead of being cut at the
        // editor's edge (the split pane clips its children).
        fixedOverflowWidgets: true,
        fontSize: 13,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: "selection",
        wordWrap: "on",
        padding: { top: 10 },
        quickSuggestions: { other: true, comments: false, strings: true },
      }}
    />
  );
}
