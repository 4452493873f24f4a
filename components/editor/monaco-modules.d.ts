// Monaco's editor-core entry has no typings of its own; it exports the same API as "monaco-editor".
declare module "monaco-editor/esm/vs/editor/edcore.main.js" {
  export * from "monaco-editor";
}
