"use client";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { PlusIcon } from "@/components/icons";
import { createEnvironmentAction } from "@/lib/actions/create-environment";

/** "Create environment": a modal dialog asking for project and name; opens the editor on success. */
export function CreateEnvironmentButton({ org }: { org: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const router = useRouter();
  const [state, action, pending] = useActionState(createEnvironmentAction, null);

  useEffect(() => {
    if (state?.ok) router.push(state.data.url);
  }, [state, router]);

  // The editor is a few MB of script: fetch and start it while the browser is idle on this page,
  // so opening an environment (new or existing) shows the editor without a wait.
  useEffect(() => {
    const warm = () => void import("@/components/editor/monaco-setup").then((m) => m.setupMonaco()).catch(() => undefined);
    if (typeof window.requestIdleCallback !== "function") {
      const t = setTimeout(warm, 1500);
      return () => clearTimeout(t);
    }
    const id = window.requestIdleCallback(warm, { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }, []);

  const failed = state && !state.ok ? state : null;

  return (
    <>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          formRef.current?.reset();
          dialogRef.current?.showModal();
        }}
      >
        <PlusIcon />
        Create environment
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby="create-env-title">
        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            // Submitted by hand (not `action=`) so React keeps the typed values after an error.
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            startTransition(() => action(data));
          }}
        >
          <header>
            <h2 id="create-env-title">Create environment</h2>
            <p>
              Its path will be <code>{org}/project/name</code>.
            </p>
          </header>
          <input type="hidden" name="org" value={org} />
          <div className="form-row">
            <div className="field" style={{ flex: "0 0 40%" }}>
              <label htmlFor="new-env-project">Project</label>
              <input className="text-input" id="new-env-project" name="project" defaultValue="default" required aria-invalid={failed?.fieldErrors?.project ? true : undefined} />
            </div>
            <div className="field">
              <label htmlFor="new-env-name">Environment name</label>
              <input className="text-input" id="new-env-name" name="name" placeholder="e.g. dev" required autoFocus aria-invalid={failed?.fieldErrors?.name ? true : undefined} />
            </div>
          </div>
          <span className="hint muted" style={{ fontSize: 12 }}>
            Letters, digits, <code>-</code>, <code>_</code> and <code>.</code>; up to 100 characters.
          </span>
          {failed ? (
            <div className="alert alert-error" role="alert">
              {failed.error}
            </div>
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={pending}>
              {pending ? "Creating…" : "Create environment"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
