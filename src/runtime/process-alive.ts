// Whether a process that held leases on this host still runs. kill(pid, 0) alone says yes for a process
// killed but not yet reaped by its parent (a zombie, /proc state Z, or X while it is being reaped): a
// restart right after a SIGKILL then waited five minutes for the dead run's leases to run out.
import { existsSync, readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procState(pid);
  return state !== 'Z' && state !== 'X' && state !== 'gone';
}

/** The state letter of /proc/<pid>/stat; null where there is no /proc (not Linux): trust kill then. */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S …": comm may hold spaces and parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return existsSync('/proc/self/stat') ? 'gone' : null;
  }
}
