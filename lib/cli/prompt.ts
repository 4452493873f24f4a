// Reading one line from the user: hidden (no echo) on a terminal, plain from a pipe.
import type { Io } from "./context";
import { CliError } from "./context";

// A paused stdin pipe or TTY still keeps the process alive; once the line is read, let it go.
function release(stdin: Io["stdin"]): void {
  stdin.pause();
  (stdin as { unref?: () => void }).unref?.();
}

export function readLine(io: Io, hidden: boolean): Promise<string> {
  const stdin = io.stdin;
  if (hidden && stdin.isTTY && stdin.setRawMode) return readHidden(io);
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf("\n");
      if (nl >= 0) finish(text.slice(0, nl));
    };
    const onEnd = () => finish(text);
    const finish = (line: string) => {
      stdin.removeListener("data", onData);
      stdin.removeListener("end", onEnd);
      release(stdin);
      resolve(line.replace(/\r$/, ""));
    };
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.resume();
  });
}

function readHidden(io: Io): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let text = "";
    stdin.setRawMode?.(true);
    const done = () => {
      stdin.setRawMode?.(false);
      stdin.removeListener("data", onData);
      release(stdin);
      io.stderr.write("\n");
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === "\r" || ch === "\n") {
          done();
          resolve(text);
          return;
        }
        if (ch === "\u0003") {
          done();
          reject(new CliError("login cancelled", 130));
          return;
        }
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else if (ch >= " ") text += ch;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
