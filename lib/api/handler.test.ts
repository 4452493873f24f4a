import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/environments/errors";
import { ApiError } from "./errors";
import { route } from "./handler";
import { json } from "./responses";

const noParams = { params: Promise.resolve(undefined) } as unknown as { params: Promise<Record<string, string>> };
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
});
