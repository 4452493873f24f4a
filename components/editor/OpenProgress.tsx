"use client";
// Shown while Open runs: providers are called on the server (aws-login trades a token at STS,
// aws-secrets reads Secrets Manager…), which can take seconds, so say so and count them.
import { useEffect, useState } from "react";

export function OpenProgress() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const t = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="esc-open-progress" role="status" data-testid="open-progress">
      <div className="esc-progress-bar" aria-hidden="true">
        <span />
      </div>
      <span>
        Opening: running the providers on the server…
        {seconds > 0 ? <span className="faint"> {seconds} s</span> : null}
      </span>
    </div>
  );
}

/** After Open: how it went, in one line above the values (the fixes are in the diagnostics). */
export function OpenOutcome({ errors }: { errors: number }) {
  if (errors === 0)
    return (
      <p className="esc-open-outcome" data-testid="opened-note">
        Opened: providers were called; secrets stay masked until you reveal them.
      </p>
    );
  return (
    <div className="alert alert-error esc-open-outcome" role="alert" data-testid="open-failed">
      Open finished with {errors === 1 ? "1 error" : `${errors} errors`}: the values that depend on{" "}
      {errors === 1 ? "it" : "them"} could not be computed (marked error). What to fix is in the diagnostics below.
    </div>
  );
}
