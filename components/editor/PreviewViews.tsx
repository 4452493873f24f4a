"use client";
// The preview pane's views of the evaluated values: a tree with types, JSON, YAML, the
// environment variables and files `esc run` would set, and those variables as a dotenv file.
// Every view shows secrets masked (the server never sends them with the preview) and marks
// unknowns; a user allowed to open the environment can reveal one value at a time. Revealed
// values belong to the result they were revealed in: any re-evaluation (an edit, Open, back to
// the live preview) masks them again. The chosen view is remembered in this browser.
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { stringify } from "yaml";
import type { PlainValue } from "@/lib/esc/contract";
import { dotenvLine, isPortableName } from "@/lib/esc/env-quoting";
import { SECRET_MASK, UNKNOWN_MASK } from "@/lib/esc/masks";
import type { ActionResult } from "@/lib/actions/result";
import type { PreviewResult } from "@/components/editor/preview-types";
import {
  ERROR_MASK,
  pathKey,
  plainToText,
  previewToPlain,
  variablePath,
  type ValuePath,
} from "@/components/editor/preview-plain";
import { PreviewTree } from "@/components/editor/PreviewTree";
import { PreviewText } from "@/components/editor/PreviewText";
import { FilesView, VariablesView } from "@/components/editor/ProjectionViews";
import { RevealProvider, type RevealState } from "@/components/editor/SecretValue";

export const PREVIEW_VIEWS = [
  { id: "tree", label: "Tree" },
  { id: "json", label: "JSON" },
  { id: "yaml", label: "YAML" },
  { id: "env", label: "Environment variables", short: "Env vars" },
  { id: "files", label: "Files" },
  { id: "dotenv", label: "dotenv" },
] as const;
export type PreviewView = (typeof PREVIEW_VIEWS)[number]["id"];

const VIEW_STORAGE_KEY = "esc:editor:preview-view";

function rememberedView(): PreviewView {
  try {
    const stored = window.localStorage.getItem(VIEW_STORAGE_KEY);
    return PREVIEW_VIEWS.some((v) => v.id === stored) ? (stored as PreviewView) : "tree";
  } catch {
    return "tree"; // storage disabled: the default view, every time
  }
}

export type RevealValue = (path: ValuePath) => Promise<ActionResult<{ value: PlainValue }>>;

interface Revealed {
  /** The result these values were revealed in; for any other result nothing is revealed. */
  for: PreviewResult | null;
  values: Map<string, PlainValue>;
  pending: Set<string>;
  errors: Map<string, string>;
}

const nothingRevealed = (result: PreviewResult | null): Revealed => ({
  for: result,
  values: new Map(),
  pending: new Set(),
  errors: new Map(),
});

export function PreviewViews({
  result,
  opened,
  canReveal,
  reveal,
}: {
  result: PreviewResult;
  /** The values come from Open (providers called) rather than from the live check. */
  opened: boolean;
  /** The user may open the environment, so may reveal its secrets (the server checks again). */
  canReveal: boolean;
  reveal: RevealValue;
}) {
  const [view, setView] = useState<PreviewView>(rememberedView);
  const [state, setState] = useState<Revealed>(() => nothingRevealed(result));
  const current = state.for === result ? state : nothingRevealed(result);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const choose = (next: PreviewView, focus = false) => {
    setView(next);
    try {
      window.localStorage.setItem(VIEW_STORAGE_KEY, next);
    } catch {
      // not remembered; still shown
    }
    if (focus) tabs.current[PREVIEW_VIEWS.findIndex((v) => v.id === next)]?.focus();
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = PREVIEW_VIEWS.length - 1;
    const to =
      e.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : e.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? last
              : null;
    if (to === null) return;
    e.preventDefault();
    choose(PREVIEW_VIEWS[to].id, true);
  };

  const update = useCallback(
    (forResult: PreviewResult, change: (s: Revealed) => void) =>
      setState((prev) => {
        // An answer for a result no longer shown is dropped: re-evaluation masked everything.
        const base = prev.for === forResult ? prev : nothingRevealed(forResult);
        const next: Revealed = {
          for: forResult,
          values: new Map(base.values),
          pending: new Set(base.pending),
          errors: new Map(base.errors),
        };
        change(next);
        return next;
      }),
    [],
  );

  const revealState: RevealState = {
    canReveal,
    revealed: current.values,
    pending: current.pending,
    errors: current.errors,
    reveal: (path) => {
      const key = pathKey(path);
      const forResult = result;
      update(forResult, (s) => {
        s.pending.add(key);
        s.errors.delete(key);
      });
      reveal(path).then(
        (answer) =>
          setState((prev) => {
            if (prev.for !== forResult) return prev;
            const next = {
              ...prev,
              values: new Map(prev.values),
              pending: new Set(prev.pending),
              errors: new Map(prev.errors),
            };
            next.pending.delete(key);
            if (answer.ok) next.values.set(key, answer.data.value);
            else next.errors.set(key, answer.error);
            return next;
          }),
        () =>
          update(forResult, (s) => {
            s.pending.delete(key);
            s.errors.set(key, "The server could not be reached.");
          }),
      );
    },
    hide: (path) => update(result, (s) => s.values.delete(pathKey(path))),
  };

  const plain = useMemo(() => previewToPlain(result.values, current.values), [result, current.values]);
  const { variables, files } = result.projection;

  let body: React.ReactNode;
  switch (view) {
    case "tree":
      body = <PreviewTree root={result.values} opened={opened} />;
      break;
    case "json":
      body = (
        <PreviewText label="Values as JSON" text={JSON.stringify(plain, null, 2)} note={<MaskLegend />} />
      );
      break;
    case "yaml":
      body = <PreviewText label="Values as YAML" text={stringify(plain)} note={<MaskLegend />} />;
      break;
    case "env":
      body = <VariablesView variables={variables} opened={opened} />;
      break;
    case "files":
      body = <FilesView files={files} opened={opened} />;
      break;
    case "dotenv":
      body = <DotenvView result={result} revealed={current.values} />;
      break;
  }

  return (
    <RevealProvider value={revealState}>
      <div className="esc-views">
        <div className="esc-view-tabs" role="tablist" aria-label="Preview view">
          {PREVIEW_VIEWS.map((v, i) => (
            <button
              key={v.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`esc-view-tab-${v.id}`}
              aria-selected={view === v.id}
              aria-controls="esc-view-panel"
              tabIndex={view === v.id ? 0 : -1}
              className="esc-view-tab"
              onClick={() => choose(v.id)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {"short" in v ? (
                <>
                  {/* A narrow pane shows the short label; the full one stays the tab's name. */}
                  <span className="esc-tab-long">{v.label}</span>
                  <span className="esc-tab-short" aria-hidden="true">
                    {v.short}
                  </span>
                </>
              ) : (
                v.label
              )}
              {v.id === "env" && variables.length > 0 ? (
                <span className="esc-view-count">{variables.length}</span>
              ) : null}
              {v.id === "files" && files.length > 0 ? (
                <span className="esc-view-count">{files.length}</span>
              ) : null}
            </button>
          ))}
        </div>
        <div
          className="esc-view-panel"
          id="esc-view-panel"
          role="tabpanel"
          aria-labelledby={`esc-view-tab-${view}`}
          data-view={view}
        >
          {body}
        </div>
      </div>
    </RevealProvider>
  );
}

function MaskLegend() {
  return (
    <>
      <code>{SECRET_MASK}</code> masked secret · <code>{UNKNOWN_MASK}</code> known once opened ·{" "}
      <code>{ERROR_MASK}</code> could not be computed (see the diagnostics)
    </>
  );
}

/** The environment variables as a dotenv file, quoted like `esc open --format dotenv`. */
function DotenvView({
  result,
  revealed,
}: {
  result: PreviewResult;
  revealed: ReadonlyMap<string, PlainValue>;
}) {
  const { variables, files } = result.projection;
  const skipped = variables.filter((v) => !isPortableName(v.name)).map((v) => v.name);
  const lines = variables
    .filter((v) => isPortableName(v.name))
    .map((v) => {
      const key = pathKey(variablePath(v.name));
      const value = v.error !== undefined
        ? ERROR_MASK
        : v.secret
        ? revealed.has(key)
          ? plainToText(revealed.get(key) as PlainValue)
          : SECRET_MASK
        : v.unknown
          ? UNKNOWN_MASK
          : (v.text ?? "");
      return dotenvLine(v.name, value);
    });
  if (lines.length === 0 && skipped.length === 0) {
    return (
      <p className="esc-view-empty">
        No environment variables to write. Scalar values under <code>values.environmentVariables</code> become
        lines of the dotenv file.
      </p>
    );
  }
  return (
    <>
      <PreviewText
        label="Environment variables as a dotenv file"
        text={lines.map((l) => `${l}\n`).join("")}
        note={<MaskLegend />}
      />
      {skipped.length > 0 ? (
        <p className="esc-view-note">
          Not in the file (not valid variable names): {skipped.map((n) => JSON.stringify(n)).join(", ")}.
        </p>
      ) : null}
      {files.length > 0 ? (
        <p className="esc-view-note">
          Files are not in this view: <code>esc open --format dotenv</code> writes each to a temporary file
          and puts its path in the variable.
        </p>
      ) : null}
    </>
  );
}
