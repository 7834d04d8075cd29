import { readdirSync, readFileSync } from "node:fs";

/** Linux clock ticks per second (`getconf CLK_TCK`); 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; 0 when it is gone or /proc is missing. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Read- and write-like system calls (read, recv, write, writev, send...) a process has made so far
 * (`/proc/<pid>/io`: syscr + syscw): a count the machine's load does not blur, as it does CPU
 * time. 0 when the process is gone or the file cannot be read.
 */
export function processIoSyscalls(pid: number | "self"): number {
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, "m").exec(io)?.[1] ?? 0);
    return field("syscr") + field("syscw");
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) one thread of this process has used so far (the main thread's id is the pid). */
export function threadCpuSeconds(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Busy and total CPU seconds of the whole machine, summed over all cores (from /proc/stat). */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** The load averages over 1, 5 and 15 minutes, as /proc/loadavg prints them. */
export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** Peak resident memory (VmHWM) of a running process in MiB, or undefined when it is gone. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface CpuSnapshot {
  at: number;
  /** Per target, CPU seconds so far of each of its processes by pid (one for a pid target). */
  processes: Map<string, Map<number, number>>;
  machine: { busy: number; total: number };
}

/**
 * CPU used so far by named processes, plus the whole machine, at one instant. A target is a pid,
 * or a command name standing for every process of that name (e.g. "postgres").
 */
export function cpuSnapshot(targets: Record<string, number | string>): CpuSnapshot {
  const processes = new Map<string, Map<number, number>>();
  for (const [name, target] of Object.entries(targets))
    processes.set(
      name,
      typeof target === "number" ? new Map([[target, processCpuSeconds(target)]]) : commandCpus(target),
    );
  return { at: performance.now(), processes, machine: machineCpuSeconds() };
}

/**
 * Cores used by each process between two snapshots (1.0 = one core fully busy), and by the
 * machine as a whole (2.0 = both cores of this machine busy).
 */
export function coresUsed(
  start: CpuSnapshot,
  end: CpuSnapshot,
): { processes: Record<string, number>; machine: number } {
  const seconds = (end.at - start.at) / 1000;
  const processes: Record<string, number> = {};
  // Per process, so that one which ended in the window (a closed PostgreSQL backend) takes away
  // nothing: what it used in the window is missed, never counted below zero.
  for (const [name, pids] of end.processes) {
    const before = start.processes.get(name);
    let used = 0;
    for (const [pid, cpu] of pids) used += cpu - (before?.get(pid) ?? 0);
    processes[name] = used / seconds;
  }
  return { processes, machine: (end.machine.busy - start.machine.busy) / seconds };
}

/** CPU seconds used so far by each process whose command name is `comm` (e.g. all "postgres" backends), by pid. */
function commandCpus(comm: string): Map<number, number> {
  const cpus = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return cpus;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (name === comm) cpus.set(Number(entry), processCpuSeconds(Number(entry)));
    } catch {
      // the process ended while we looked
    }
  }
  return cpus;
}
