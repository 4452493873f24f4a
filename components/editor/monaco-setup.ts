// Loads Monaco from node_modules (never a CDN) with the YAML language service. Runs once, in the
// browser only: it is reached through next/dynamic with ssr:false. The workers are bundled from
// node_modules by `new URL(…, import.meta.url)`, which turbopack and webpack both understand.
import { loader } from "@monaco-editor/react";
import { escDocumentSchema } from "@/components/editor/esc-schema";

export type Monaco = typeof import("monaco-editor");

let ready: Promise<Monaco> | null = null;

export function setupMonaco(): Promise<Monaco> {
  ready ??= load();
  return ready;
}

async function load(): Promise<Monaco> {
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      if (label === "yaml") return new Worker(new URL("monaco-yaml/yaml.worker", import.meta.url), { type: "module" });
      return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url), { type: "module" });
    },
  };
  // The editor core with all its features but only the YAML language: the full "monaco-editor"
  // entry adds TypeScript/CSS/HTML/JSON services, megabytes this editor never uses.
  const monaco = (await import("monaco-editor/esm/vs/editor/edcore.main.js")) as unknown as Monaco;
  await import("monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js");
  const { configureMonacoYaml } = await import("monaco-yaml");
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    schemas: [{ uri: "inmemory://esc/environment.schema.json", fileMatch: ["*.esc.yaml"], schema: escDocumentSchema as never }],
  });
  loader.config({ monaco });
  return monaco;
}
