// Reading user-supplied content (`-f FILE`, `-f -` for stdin) as UTF-8 text, with a size cap.
import fs from "node:fs";
import path from "node:path";
import { CliError, type Io } from "./context";

const MAX_INPUT = 16 * 1024 * 1024;

export async function readInput(io: Io, file: string): Promise<string> {
  let bytes: Buffer;
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_INPUT) throw new CliError("input is larger than 16 MiB");
      chunks.push(Buffer.from(chunk as Buffer));
    }
    bytes = Buffer.concat(chunks);
  } else {
    try {
      const full = path.resolve(io.cwd, file);
      if (fs.statSync(full).size > MAX_INPUT) throw new CliError(`${file} is larger than 16 MiB`);
      bytes = fs.readFileSync(full);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`could not read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError("file content must be valid UTF-8");
  }
}
