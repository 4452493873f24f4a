"use client";
// A destructive button that asks first, in place: the first click shows the question with
// Confirm/Cancel, the second runs the action. The action's error, if any, shows beside it.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/result";

export function ConfirmButton({
  label,
  question,
  confirmLabel,
  run,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  run: () => Promise<ActionResult<unknown>>;
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  if (!asking)
    return (
      <span className="confirm-inline">
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setAsking(true)}>
          {label}
        </button>
        {error ? (
          <span role="alert" className="field-error">
            {error}
          </span>
        ) : null}
      </span>
    );
  return (
    <span className="confirm-inline" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="btn btn-sm btn-danger"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await run();
            setAsking(false);
            setError(result.ok ? null : result.error);
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? "Working…" : confirmLabel}
      </button>
      <button type="button" className="btn btn-sm" onClick={() => setAsking(false)} disabled={pending}>
        Cancel
      </button>
    </span>
  );
}
