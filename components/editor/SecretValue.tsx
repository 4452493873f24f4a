"use client";
// A secret in the preview: masked, with a per-value Reveal for users allowed to open the
// environment. The plaintext comes from the server only when asked (revealValueAction), and is
// forgotten as soon as the preview is re-evaluated (PreviewViews keys it to one result).
import { createContext, useContext } from "react";
import type { PlainValue } from "@/lib/esc/contract";
import { EyeIcon, EyeOffIcon, LockIcon } from "@/components/icons";
import { pathKey, type ValuePath } from "@/components/editor/preview-plain";

export interface RevealState {
  canReveal: boolean;
  revealed: ReadonlyMap<string, PlainValue>;
  pending: ReadonlySet<string>;
  errors: ReadonlyMap<string, string>;
  reveal(path: ValuePath): void;
  hide(path: ValuePath): void;
}

const RevealContext = createContext<RevealState | null>(null);
export const RevealProvider = RevealContext.Provider;

export function SecretValue({
  path,
  label,
  format,
  block = false,
}: {
  path: ValuePath;
  /** What the value is called, for the buttons' accessible names. */
  label: string;
  format: (value: PlainValue) => string;
  /** Show a revealed value as a block (file contents) rather than inline. */
  block?: boolean;
}) {
  const state = useContext(RevealContext);
  const key = pathKey(path);
  const shown = state?.revealed.has(key) ?? false;
  const pending = state?.pending.has(key) ?? false;
  const error = state?.errors.get(key);

  if (state && shown) {
    const text = format(state.revealed.get(key) as PlainValue);
    return (
      <span className={block ? "esc-secret esc-secret-block" : "esc-secret"} data-revealed="true">
        {block ? <pre className="esc-revealed">{text}</pre> : <span className="esc-revealed">{text}</span>}
        <button
          type="button"
          className="esc-reveal-btn"
          aria-label={`Hide ${label}`}
          title="Hide this value again"
          onClick={() => state.hide(path)}
        >
          <EyeOffIcon size={13} />
          Hide
        </button>
      </span>
    );
  }
  return (
    <span className="esc-secret">
      <span
        className="v-secret"
        title={
          state?.canReveal
            ? "Secret: masked until you reveal it"
            : "Secret: you may not see its value; opening it needs “open” permission on this environment"
        }
      >
        <LockIcon size={12} />
        secret
      </span>
      {state?.canReveal ? (
        <button
          type="button"
          className="esc-reveal-btn"
          aria-label={`Reveal ${label}`}
          title="Show this value (recorded in the audit log)"
          disabled={pending}
          onClick={() => state.reveal(path)}
        >
          <EyeIcon size={13} />
          {pending ? "Revealing…" : "Reveal"}
        </button>
      ) : null}
      {error ? (
        <span className="esc-reveal-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/**
 * A value that could not be computed (a reference to nothing, a failed provider), with the
 * evaluator's diagnostic: not to be mistaken for a value that waits for Open.
 */
export function ErrorValue({ message }: { message: string }) {
  return (
    <span className="esc-error-value" title={`Could not be computed: ${message}`}>
      <span className="v-error">error</span>
      <span className="esc-error-message">{message}</span>
    </span>
  );
}

/** A value known only after Open (a provider's output, or anything computed from one). */
export function UnknownValue({ opened }: { opened: boolean }) {
  return opened ? (
    <span className="v-unknown" title="Could not be computed: see the diagnostics">
      unknown (see diagnostics)
    </span>
  ) : (
    <span className="v-unknown" title="Known only when the environment is opened (e.g. a provider's output)">
      unknown until opened
    </span>
  );
}
