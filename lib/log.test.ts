import { afterEach, describe, expect, it, vi } from "vitest";
import { log, logLevel, redact, requestIdFrom, routePattern } from "./log";

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.ESC_LOG_LEVEL;
});

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("log", () => {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("writes one JSON line with level, message and fields", async () => {
    const lines = captureStdout();
    log("info", "hello", { requestId: "abc", status: 200 });
    await nextTurn();
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: "info",
      msg: "hello",
      requestId: "abc",
      status: 200,
    });
  });

  it("writes the lines of one turn together, in order, and before any warning", async () => {
    const lines = captureStdout();
    const errors: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      errors.push(`${lines.length} ${String(chunk)}`);
      return true;
    });
    log("info", "one");
    log("info", "two");
    expect(lines).toEqual([]);
    await nextTurn();
    expect(lines).toHaveLength(1);
    expect(lines[0].split("\n").map((line) => (line ? JSON.parse(line).msg : line))).toEqual(["one", "two", ""]);
    log("info", "three");
    log("warn", "careful");
    // "three" was written (to stdout) before the warning went to stderr.
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]).msg).toBe("three");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^2 .*"careful"/);
    await nextTurn();
    expect(lines).toHaveLength(2);
  });

  it("honours ESC_LOG_LEVEL and falls back to info on nonsense", async () => {
    expect(logLevel({})).toBe("info");
    expect(logLevel({ ESC_LOG_LEVEL: "DEBUG" })).toBe("debug");
    expect(logLevel({ ESC_LOG_LEVEL: "verbose\n" })).toBe("info");
    process.env.ESC_LOG_LEVEL = "warn";
    const lines = captureStdout();
    log("info", "dropped");
    await nextTurn();
    expect(lines).toEqual([]);
  });

  it("redacts fields named like credentials", () => {
    expect(
      redact({
        authorization: "token esc_x",
        Cookie: "a=b",
        password: "p",
        body: "{}",
        ok: 1,
        gone: undefined,
      }),
    ).toEqual({
      authorization: "[redacted]",
      Cookie: "[redacted]",
      password: "[redacted]",
      body: "[redacted]",
      ok: 1,
    });
  });
});

describe("requestIdFrom", () => {
  it("keeps a well-formed incoming id and replaces anything else", () => {
    expect(requestIdFrom(new Headers({ "X-Request-ID": "req-123.abc" }))).toBe("req-123.abc");
    for (const bad of ["", "a b", "x".repeat(129), "a\u00e9"]) {
      const id = requestIdFrom(new Headers(bad ? { "X-Request-ID": bad } : {}));
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("routePattern", () => {
  it("names parameters and drops the query", () => {
    expect(
      routePattern("http://h/api/esc/environments/acme/app/dev/open/xyz?duration=1h&token=s3cr3t", {
        org: "acme",
        project: "app",
        env: "dev",
        id: "xyz",
      }),
    ).toBe("/api/esc/environments/[org]/[project]/[env]/open/[id]");
  });

  it("takes a route without parameters as it is", () => {
    expect(routePattern("http://h/api/user?x=1", undefined)).toBe("/api/user");
  });

  it("copes with malformed percent-encoding", () => {
    expect(routePattern("http://h/api/%E0%A4%A/x", { org: "x" })).toBe("/api/%E0%A4%A/[org]");
  });
});
