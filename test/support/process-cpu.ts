// CPU time of a process group from /proc (Linux), for benchmarks that report server CPU per
// request: the server runs in its own process group (test/support/server.ts).
import { readFileSync, readdirSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/** user + system CPU seconds used so far by every live process in the process group `pgid`. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the ")" closing the command name: state is field 3, pgrp 5, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
