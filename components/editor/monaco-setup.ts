// Loads Monaco from node_modules (never a CDN) with the YAML language service. Runs once, in the
// browser only: it is reached through next/dynamic with ssr:false. The workers are bundled from
// node_modules by `new URL(…, import.meta.url)`, which turbopack and webpack both understand.
import { loader } from "@monaco-editor/react";
import type { MonacoYaml } from "monaco-yaml";

export type Monaco = typeof import("monaco-editor");

let ready: Promise<Monaco> | null = null;
let yaml: MonacoYaml | null = null;
/** Files the environment schema applies to: the editor's model path must match. */
export const ENVIRONMENT_MODEL_PATH = "environment.esc.yaml";

export function setupMonaco(): Promise<Monaco> {
  ready ??= load();
  return ready;
}

function createWorker(label: string): Worker {
  if (label === "yaml")
    return new Worker(new URL("monaco-yaml/yaml.worker", import.meta.url), { type: "module" });
  return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url), {
    type: "module",
  });
}

/** The legacy `createWebWorker({ label, moduleId, createData })` form monaco-yaml calls. */
interface LegacyWorkerOptions {
  label?: string;
  moduleId?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
  worker?: unknown;
}

async function load(): Promise<Monaco> {
  self.MonacoEnvironment = { getWorker: (_workerId: string, label: string) => createWorker(label) };
  // The editor core with all its features but only the YAML language: the full "monaco-editor"
  // entry adds TypeScript/CSS/HTML/JSON services, megabytes this editor never uses.
  const monaco = (await import("monaco-editor/esm/vs/editor/edcore.main.js")) as unknown as Monaco;
  // The full entry also adapts the legacy createWebWorker({ label, createData }) call (which
  // monaco-yaml's worker manager makes) to the core's createWebWorker({ worker }). Without that
  // adapter the YAML worker is never started: no schema completion, hover or validation. This
  // is the same adapter (monaco-editor/esm/vs/editor/editor.main.js, 0.54).
  const createWebWorker = monaco.editor.createWebWorker as unknown as (opts: LegacyWorkerOptions) => unknown;
  (monaco.editor as unknown as { createWebWorker: typeof createWebWorker }).createWebWorker = (opts) => {
    if (opts.worker !== undefined) return createWebWorker(opts);
    const worker = createWorker(opts.label ?? "monaco-editor-worker");
    worker.postMessage("ignore");
    worker.postMessage(opts.createData);
    return createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
  };
  await import("monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js");
  const { configureMonacoYaml } = await import("monaco-yaml");
  // The schema arrives with the page (it is built on the server from the evaluator and the
  // providers); setEnvironmentSchema installs it once the editor mounts.
  yaml = configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [],
  });
  loader.config({ monaco });
  return monaco;
}

/** Completion, hover and validation of environment definitions by `schema` (a JSON schema). */
export function setEnvironmentSchema(schema: object): void {
  yaml?.update({
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [
      { uri: "inmemory://esc/environment.schema.json", fileMatch: ["*.esc.yaml"], schema: schema as never },
    ],
  });
}
