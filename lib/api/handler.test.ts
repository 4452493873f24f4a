import { describe, expect, it, vi } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { ApiError } from "./errors";
import { route } from "./handler";
import { json } from "./responses";
import { redactMessage, summarizeError } from "./error-summary";

const noParams = { params: Promise.resolve(undefined) } as unknown as {
  params: Promise<Record<string, string>>;
};
const call = (fn: () => Promise<Response>) => route(fn)(new Request("http://127.0.0.1/api/user"), noParams);

describe("route()", () => {
  it("works for routes without dynamic segments (Next passes no params)", async () => {
    const res = await call(async () => json({ ok: true }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("maps service errors to their status with a {code, message} body", async () => {
    const cases: [Error, number][] = [
      [new NotFoundError("environment not found"), 404],
      [new ConflictError("stale"), 409],
      [new ValidationError("bad name", [{ severity: "error", summary: "x" }]), 400],
      [new ApiError(413, "too large"), 413],
    ];
    for (const [err, status] of cases) {
      const res = await call(async () => {
        throw err;
      });
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body).toMatchObject({ code: status, message: err.message });
    }
  });

  it("hides unexpected errors behind a 500 with a request id", async () => {
    const res = await call(async () => {
      throw new Error("connection string postgres://user:hunter2@db");
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).toMatch(/internal server error \(request /);
    expect(res.headers.get("x-pulumi-request-id")).toBeTruthy();
  });

  it("logs an unexpected error's class, code and a redacted message, never credentials", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const token = `esc_${"A".repeat(43)}`;
      const err = Object.assign(
        new TypeError(
          `connect to postgres://app:hunter2@db.internal:5432/esc?sslpassword=swordfish failed; header Authorization: token ${token}; password=opensesame`,
        ),
        { code: "ERR_INVALID_ARG_TYPE" },
      );
      const res = await call(async () => {
        throw err;
      });
      expect(res.status).toBe(500);
      const line = lines.find((l) => l.includes("api request failed"));
      expect(line).toBeDefined();
      const entry = JSON.parse(line!);
      expect(entry).toMatchObject({ errorClass: "TypeError", errorCode: "ERR_INVALID_ARG_TYPE" });
      for (const secret of ["hunter2", "swordfish", token, "opensesame"]) expect(line).not.toContain(secret);
      expect(entry.errorMessage).toContain("postgres://[redacted]@db.internal:5432/esc");
    } finally {
      spy.mockRestore();
    }
  });

  it("answers a database outage with a retryable 503, not a 500", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      for (const err of [
        Object.assign(new Error("Can't reach database server at `db:5432`"), { code: "P1001" }),
        new Error("SqliteError: database is locked"),
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ]) {
        const res = await call(async () => {
          throw err;
        });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect((await res.json()).message).toMatch(/^the database is unavailable; try again shortly/);
      }
    } finally {
      spy.mockRestore();
    }
  });
});

describe("redactMessage", () => {
  it("strips URL credentials, query strings, auth schemes, key=value secrets, long tokens and PEM blocks", () => {
    expect(redactMessage("mysql://u:p@h/db")).toBe("mysql://[redacted]@h/db");
    expect(redactMessage("GET https://sts.example/?X-Amz-Signature=abc")).toBe(
      "GET https://sts.example/?[redacted]",
    );
    expect(redactMessage("Bearer abc.def")).toBe("Bearer [redacted]");
    expect(redactMessage('secret: "s3cr3t value", next')).toBe("secret=[redacted], next");
    expect(redactMessage(`key ${"x".repeat(40)} end`)).toBe("key [redacted] end");
    expect(redactMessage("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- after")).toBe(
      "[redacted key] after",
    );
    expect(redactMessage("a\nb")).toBe("a b");
    expect(redactMessage("x".repeat(10) + " ".repeat(300)).length).toBeLessThanOrEqual(201);
    expect(summarizeError("boom")).toEqual({
      errorClass: "string",
      errorMessage: "a non-Error value was thrown",
    });
  });
});
