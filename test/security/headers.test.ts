// Security headers on a real server (scripts/serve.mjs): pages, API answers (including errors), static
// assets and auth endpoints all carry them; cookies are Secure when the request came over https.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

function expectSecurityHeaders(res: Response, path: string) {
  const h = res.headers;
  const csp = h.get("content-security-policy") ?? "";
  expect(csp, path).toContain("default-src 'self'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toContain("worker-src 'self' blob:");
  expect(csp, path).toContain("object-src 'none'");
  expect(csp, path).not.toContain("unsafe-eval");
  // No wildcard source, except the loopback form target of the `esc login` hand-off.
  expect(csp.replace("form-action 'self' http://127.0.0.1:*", ""), path).not.toMatch(/\*/);
  expect(h.get("x-frame-options"), path).toBe("DENY");
  expect(h.get("x-content-type-options"), path).toBe("nosniff");
  expect(h.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
  expect(h.get("permissions-policy"), path).toContain("camera=()");
  expect(h.get("x-powered-by"), path).toBeNull();
}

describe("security headers", () => {
  it("are on pages, API answers, errors, auth endpoints and static assets", async () => {
    const signin = await fetch(`${server.url}/signin`);
    const html = await signin.text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const paths = [
      "/signin",
      "/api/health",
      "/api/user",
      "/api/esc/environments/x/y/z",
      "/no-such-page",
      "/auth/csrf",
      asset!,
    ];
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
      await res.arrayBuffer();
      expect(res.status, path).toBeLessThan(500);
      expectSecurityHeaders(res, path);
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("over https (as the proxy reports it): HSTS", async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { "X-Forwarded-Proto": "https" } });
    await res.arrayBuffer();
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });

  it("next-auth's cookies are Secure when the public URL is https, and not over a plain-http URL", async () => {
    // Over plain http (loopback installs) they cannot be Secure, or the browser would drop them.
    const plain = await fetch(`${server.url}/auth/csrf`);
    await plain.arrayBuffer();
    expect(plain.headers.getSetCookie().length).toBeGreaterThan(0);
    for (const c of plain.headers.getSetCookie()) expect(c).not.toMatch(/;\s*Secure/i);

    const https = await startServer({
      env: { AUTH_URL: "https://esc.example.com", ESC_PUBLIC_URL: "https://esc.example.com" },
    });
    try {
      const res = await fetch(`${https.url}/auth/csrf`, { headers: { "X-Forwarded-Proto": "https" } });
      await res.arrayBuffer();
      const cookies = res.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const c of cookies) {
        expect(c).toMatch(/;\s*Secure/i);
        expect(c).toMatch(/;\s*HttpOnly/i);
      }
    } finally {
      await https.stop();
    }
  }, 600_000);
});
