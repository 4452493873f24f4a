// Security headers for every response, applied through next.config.ts `headers()`.
//
// The Content-Security-Policy is what the built console needs and no more:
// - script-src 'unsafe-inline': the App Router streams its RSC payload as inline
//   `<script>self.__next_f.push(…)</script>` tags in every page. The alternative, a per-request
//   nonce, needs a proxy on every request and turns every page dynamic; no user content is ever
//   rendered as HTML here (React escapes it), so inline scripts come only from Next itself.
// - style-src 'unsafe-inline': Monaco and Next insert <style> elements and style attributes.
// - worker-src 'self' blob:: Monaco's editor worker and monaco-yaml's worker are same-origin
//   module workers; blob: covers Monaco's fallback of wrapping a worker script in a blob.
// - form-action http://127.0.0.1:*: the /cli-login page hands a new token to the waiting `esc login`
//   with a form POST to its loopback listener (docs/cli.md, "Browser login contract").
// - 'unsafe-eval' only under `next dev` (React Refresh evaluates code); never in production.
// `next build` may load the config before NODE_ENV is "production", so only an explicit
// "development" (set by `next dev`) adds 'unsafe-eval'.
export function contentSecurityPolicy(dev = process.env.NODE_ENV === "development"): string {
  const directives: Record<string, string> = {
    "default-src": "'self'",
    "script-src": `'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "worker-src": "'self' blob:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self' http://127.0.0.1:*",
    "frame-ancestors": "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");
}

export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

/** The headers every response carries. */
export function securityHeaders(): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy() },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}

/**
 * Strict-Transport-Security, sent only when the request came over https (as the reverse proxy
 * reports in X-Forwarded-Proto): on plain http it would be ignored, and on a loopback install it
 * must not pin the browser to https.
 */
export const HSTS = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };
