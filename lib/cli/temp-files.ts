// The `files` of an environment as private temporary files: one directory (0700) holding one file
// per entry (0600), removed as a whole. Removal is idempotent and also registered on process exit,
// so a failing child or an interrupted esc still leaves nothing behind.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class TempFiles {
  private dir?: string;
  private count = 0;
  private readonly onExit = () => this.remove();

  constructor(private readonly keep = false) {}

  /** Writes `content` to a new private file and returns its path. */
  write(content: string): string {
    if (!this.dir) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-"));
      fs.chmodSync(this.dir, 0o700);
      if (!this.keep) process.once("exit", this.onExit);
    }
    const file = path.join(this.dir, `esc-temp-${this.count++}`);
    fs.writeFileSync(file, content, { mode: 0o600, flag: "wx" });
    return file;
  }

  get directory(): string | undefined {
    return this.dir;
  }

  remove(): void {
    if (!this.dir || this.keep) return;
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // Best effort: nothing sensible to do if the temp dir vanished or is not ours to remove.
    }
    process.removeListener("exit", this.onExit);
    this.dir = undefined;
  }
}
