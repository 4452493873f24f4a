// The CLI's version, stamped in by the bundler (scripts/build-cli.mjs) from package.json.
declare const __ESC_VERSION__: string | undefined;
export const VERSION: string = typeof __ESC_VERSION__ === "string" ? __ESC_VERSION__ : "0.0.0-dev";
