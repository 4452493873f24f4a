// The query of `/cli-login?port=P&nonce=N` that `esc login` opens (docs/cli.md, "Browser login
// contract"). Both values end up in a form the page posts to the CLI's loopback listener, so they
// are checked strictly: a port a user program can listen on, and a nonce of a bounded, URL- and
// HTML-safe charset (the CLI sends 32 hex characters).
export interface CliLoginRequest {
  port: number;
  nonce: string;
}

const PORT_PATTERN = /^[1-9][0-9]{3,4}$/;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The validated request, or a user-facing reason why the link is not a valid login request. */
export function parseCliLoginRequest(port: unknown, nonce: unknown): CliLoginRequest | { error: string } {
  if (typeof port !== "string" || !PORT_PATTERN.test(port) || Number(port) < 1024 || Number(port) > 65535) {
    return { error: "The login link has no valid port (an integer from 1024 to 65535)." };
  }
  if (typeof nonce !== "string" || !NONCE_PATTERN.test(nonce)) {
    return { error: "The login link has no valid nonce." };
  }
  return { port: Number(port), nonce };
}

/** Where the CLI listens: always loopback, never a host taken from the query. */
export function callbackUrl(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

/** The page's own address for the sign-in round trip, rebuilt from the validated values. */
export function cliLoginPath(req: CliLoginRequest): string {
  return `/cli-login?port=${req.port}&nonce=${req.nonce}`;
}
