#!/usr/bin/env node
// The `esc` command: runs the bundled CLI (dist/esc.mjs, built by `npm run build:cli`).
let cli;
try {
  cli = await import("../dist/esc.mjs");
} catch (err) {
  if (err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/esc.mjs")) {
    process.stderr.write("Error: the esc CLI is not built; run npm run build:cli\n");
    process.exit(1);
  }
  throw err;
}
// Output closed by the reader (`esc env ls | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code !== "EPIPE") throw err;
  });
}
process.exitCode = await cli.main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
