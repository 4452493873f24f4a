// The REST API's routes, read from the App Router's own files (app/api/**/route.ts) with the
// App Router's rules, so the API server (lib/http/api-server.ts) serves exactly the routes
// `next dev` serves, from the same modules, without a second list to keep in step.
//
// Rules, as in Next: a folder `[name]` is one dynamic segment, `[...name]` catches the rest
// (one or more segments); a static segment wins over a dynamic one, which wins over a
// catch-all. Segments are matched still percent-encoded and handed over that way (the route
// modules decode exactly once, see lib/api/params.ts).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export interface RouteMatch {
  /** Absolute path of the route module. */
  file: string;
  params: Record<string, string>;
}

interface Node {
  file?: string;
  statics: Map<string, Node>;
  dynamic?: { name: string; node: Node };
  catchAll?: { name: string; file: string };
}

const newNode = (): Node => ({ statics: new Map() });

const ROUTE_FILE = "route.ts";

export class RouteTable {
  private readonly root = newNode();
  readonly files: string[] = [];

  /** Every route under `dir` (e.g. `<app>/api`), mounted at `mount` (e.g. `/api`). */
  constructor(
    dir: string,
    readonly mount: string,
  ) {
    this.add(dir, this.root);
  }

  private add(dir: string, node: Node): void {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (name === ROUTE_FILE) {
        node.file = full;
        this.files.push(full);
        continue;
      }
      if (!statSync(full).isDirectory()) continue;
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(name);
      if (catchAll) {
        const file = path.join(full, ROUTE_FILE);
        // A catch-all folder holds only its route here (nothing below a catch-all can match).
        node.catchAll = { name: catchAll[1], file };
        this.files.push(file);
        continue;
      }
      const dynamic = /^\[(\w+)\]$/.exec(name);
      if (dynamic) {
        node.dynamic ??= { name: dynamic[1], node: newNode() };
        this.add(full, node.dynamic.node);
        continue;
      }
      const child = node.statics.get(name) ?? newNode();
      node.statics.set(name, child);
      this.add(full, child);
    }
  }

  /**
   * The route for a request path (no query string), or null when the path is outside the
   * mount or nothing matches. Empty segments (`open//id`, a trailing slash) are skipped, as
   * Next's redirect to the normalised path would.
   */
  match(pathname: string): RouteMatch | null {
    if (pathname !== this.mount && !pathname.startsWith(`${this.mount}/`)) return null;
    const segments = pathname.slice(this.mount.length).split("/").filter(Boolean);
    return matchFrom(this.root, segments, 0, {});
  }
}

function matchFrom(
  node: Node,
  segments: string[],
  i: number,
  params: Record<string, string>,
): RouteMatch | null {
  if (i === segments.length) return node.file ? { file: node.file, params } : null;
  const segment = segments[i];
  const child = node.statics.get(segment);
  if (child) {
    const found = matchFrom(child, segments, i + 1, params);
    if (found) return found;
  }
  if (node.dynamic) {
    const found = matchFrom(node.dynamic.node, segments, i + 1, { ...params, [node.dynamic.name]: segment });
    if (found) return found;
  }
  if (node.catchAll) {
    // Next hands a catch-all over as an array; no route here reads it, so it is the joined path.
    return {
      file: node.catchAll.file,
      params: { ...params, [node.catchAll.name]: segments.slice(i).join("/") },
    };
  }
  return null;
}
