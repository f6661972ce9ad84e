import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Runs the Python SDK's own tests (sdk/python/tests/test_sdk_*.py, standard-library unittest) as
 * part of `npm test`. They start what they need themselves: a real Logline server (this Node, the
 * production build), moto_server for the SQS path, loopback proxies. A failure prints unittest's
 * report, which names the test and the assertion.
 */
describe('Python SDK (python3 -m unittest)', () => {
  it('passes: handler against the real endpoint, SQS against moto, the Django middleware', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-p', 'test_sdk_*.py', '-v'], {
      cwd: path.join(import.meta.dirname),
      env: { ...process.env, LOGLINE_NODE: process.execPath, PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.error, 'python3 must be installed').toBeUndefined();
    const report = `${run.stdout}\n${run.stderr}`;
    expect(run.status, `python3 -m unittest failed:\n${report.slice(-8000)}`).toBe(0);
    const ran = /Ran (\d+) tests?/.exec(report);
    expect(Number(ran?.[1]), report).toBeGreaterThanOrEqual(16);
    expect(report).not.toMatch(/skipped/);
  }, 300_000);
});
