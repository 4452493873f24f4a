// The API server finds routes with the App Router's rules over the real app/api folder.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RouteTable } from "./route-table";

const appApi = path.resolve(__dirname, "..", "..", "app", "api");
const routeOf = (table: RouteTable, p: string) => {
  const match = table.match(p);
  return match && { file: path.relative(appApi, match.file), params: match.params };
};

describe("RouteTable over app/api", () => {
  const table = new RouteTable(appApi, "/api");

  it("matches static, dynamic and nested routes, handing segments over still encoded", () => {
    expect(routeOf(table, "/api/esc/environments/acme/app/dev")).toEqual({
      file: "esc/environments/[org]/[project]/[env]/route.ts",
      params: { org: "acme", project: "app", env: "dev" },
    });
    expect(routeOf(table, "/api/esc/environments/acme/app/my%20env/open/abc")).toEqual({
      file: "esc/environments/[org]/[project]/[env]/open/[id]/route.ts",
      params: { org: "acme", project: "app", env: "my%20env", id: "abc" },
    });
    expect(routeOf(table, "/api/esc/environments")?.file).toBe("esc/environments/route.ts");
    expect(routeOf(table, "/api/user")?.file).toBe("user/route.ts");
  });

  it("prefers a static segment to a dynamic one, as Next does", () => {
    expect(routeOf(table, "/api/esc/environments/acme/yaml/check")).toEqual({
      file: "esc/environments/[org]/yaml/check/route.ts",
      params: { org: "acme" },
    });
    expect(routeOf(table, "/api/esc/environments/acme/app/dev/versions/tags")?.file).toBe(
      "esc/environments/[org]/[project]/[env]/versions/tags/route.ts",
    );
  });

  it("skips empty segments (the SDK's open//{id}, a trailing slash)", () => {
    expect(routeOf(table, "/api/esc/environments/acme/app/dev/open//abc")?.params.id).toBe("abc");
    expect(routeOf(table, "/api/user/")?.file).toBe("user/route.ts");
  });

  it("sends every other /api path to the catch-all, and nothing outside /api", () => {
    expect(routeOf(table, "/api/nope/deeper")).toEqual({
      file: "[...path]/route.ts",
      params: { path: "nope/deeper" },
    });
    expect(table.match("/apix")).toBeNull();
    expect(table.match("/acme/environments")).toBeNull();
  });

  it("lists every route module of the folder", () => {
    expect(table.files.length).toBeGreaterThan(20);
    expect(table.files.every((f) => f.endsWith(`${path.sep}route.ts`))).toBe(true);
  });
});

describe("RouteTable precedence", () => {
  it("falls back from a static branch that dead-ends to a dynamic one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "route-table-"));
    const route = (...segments: string[]) => {
      mkdirSync(path.join(dir, ...segments), { recursive: true });
      writeFileSync(path.join(dir, ...segments, "route.ts"), "");
    };
    route("a", "fixed", "only");
    route("a", "[x]", "[y]");
    const table = new RouteTable(dir, "/api");
    expect(table.match("/api/a/fixed/only")?.params).toEqual({});
    expect(table.match("/api/a/fixed/other")?.params).toEqual({ x: "fixed", y: "other" });
    expect(table.match("/api/a/fixed")).toBeNull();
  });
});
