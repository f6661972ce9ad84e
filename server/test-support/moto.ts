import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from './spawn-server';

/** What every AWS SDK client in a test needs to talk to moto instead of AWS. */
export interface MotoClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface RunningMoto {
  endpoint: string;
  client: MotoClientConfig;
  /** The settings a Logline process needs to use this moto (merge into spawn-server's env). */
  env: Record<string, string>;
  /** Forgets every resource (POST /moto-api/reset). */
  reset: () => Promise<void>;
  stop: () => Promise<void>;
}

export const MOTO_REGION = 'us-east-1';

/**
 * Starts `moto_server` (installed with moto 5) on a free loopback port and waits until it answers.
 * One server serves every AWS API; tests use unique resource names (`uniqueName`) so files can share it.
 */
export async function startMoto(): Promise<RunningMoto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess;
  try {
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`could not start moto_server (pip install "moto[server]"): ${(error as Error).message}`);
  }
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`moto_server did not start (is moto installed?): ${e.message}`))));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await Promise.race([fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false), spawnError]);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not come up on ${endpoint}:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const client: MotoClientConfig = { region: MOTO_REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  return {
    endpoint,
    client,
    env: { LOGLINE_AWS_ENDPOINT: endpoint, AWS_REGION: MOTO_REGION, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** A resource name no other test uses (queues, tables, log groups share one moto). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
