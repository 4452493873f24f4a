"use client";
// Approve / Cancel for a CLI login. Approve asks the server for a new token, then hands it to the
// CLI with an auto-submitted form POST to http://127.0.0.1:<port>/callback: a top-level form post
// needs no CORS and keeps the token in the request body (never in a URL). Cancel sends nothing.
import { useEffect, useRef, useState, useTransition } from "react";
import { approveCliLoginAction } from "./actions";
import { callbackUrl } from "./request";

type State =
  | { step: "ask" }
  | { step: "sending"; token: string }
  | { step: "cancelled" }
  | { step: "error"; message: string };

export function ApproveCliLogin({ port, nonce }: { port: number; nonce: string }) {
  const [state, setState] = useState<State>({ step: "ask" });
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);

  // The form carrying the token is rendered first, then submitted once (the page navigates away).
  useEffect(() => {
    if (state.step === "sending") formRef.current?.submit();
  }, [state.step]);

  function approve() {
    startTransition(async () => {
      const result = await approveCliLoginAction(port, nonce).catch(() => null);
      if (!result)
        return setState({ step: "error", message: "The console could not be reached. Try again." });
      if (!result.ok) return setState({ step: "error", message: result.error });
      setState({ step: "sending", token: result.data.token });
    });
  }

  if (state.step === "cancelled") {
    return (
      <div className="alert alert-warning" role="status">
        Login cancelled. Nothing was sent to the CLI; you can close this window.
      </div>
    );
  }

  return (
    <>
      {state.step === "error" && (
        <div className="alert alert-error" role="alert">
          {state.message}
        </div>
      )}
      {state.step === "sending" ? (
        <form ref={formRef} method="post" action={callbackUrl(port)}>
          <input type="hidden" name="accessToken" value={state.token} />
          <input type="hidden" name="nonce" value={nonce} />
          <p className="muted" role="status">
            Sending the token to the esc CLI…
          </p>
        </form>
      ) : (
        <div className="row" style={{ gap: 8 }}>
          <button type="button" className="btn btn-primary" onClick={approve} disabled={pending}>
            {pending ? "Approving…" : "Approve"}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setState({ step: "cancelled" })}
            disabled={pending}
          >
            Cancel
          </button>
        </div>
      )}
    </>
  );
}
