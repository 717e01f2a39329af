// The real Node server (npm start) as a child process on a free loopback port.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { root } from './demo-store.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * 'tsx' (the default, quicker) runs `src/runtime/node.ts` through tsx; 'npm' runs `npm start` itself —
   * the esbuild bundle built, then `node dist/runtime/node.js` — so a broken build fails a test.
   */
  via?: 'tsx' | 'npm';
}

/** Starts the Node entry with the given environment and waits for /health. */
export async function startServer(
  env: Record<string, string>,
  args: string[] = [],
  options: StartOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const npm = options.via === 'npm';
  const [command, commandArgs] = npm
    ? ['npm', ['start', '--', ...args]]
    : [root('node_modules/.bin/tsx'), [root('src/runtime/node.ts'), ...args]];
  const child = spawn(command, commandArgs, {
    cwd: root('.'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm start is npm → sh → node: a group of its own, so stopping signals all of them, node included.
    detached: npm,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async () => {
    if (npm && child.pid !== undefined) {
      signalGroup(child.pid, 'SIGTERM');
      // npm may exit before node has closed its database: wait for the whole group to be gone.
      for (let i = 0; i < 100 && signalGroup(child.pid, 0); i++) await new Promise((r) => setTimeout(r, 50));
    } else if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    const response = await fetch(`${base}/health`).catch(() => null);
    if (response?.ok) return { base, child, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server did not start: ${output}`);
}

/** Signals a process group; false once no process is left in it. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
