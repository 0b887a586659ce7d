// Each test process keeps uploaded files in its own temp folder (zeren-test-files-<pid>, set
// by env-*.ts). After a run, the folders of processes that have ended are removed; a process
// still running (the one that runs the suite in band) has its folder removed by the next run.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function removeEndedTestFiles(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^zeren-test-files-(\d+)$/.exec(name)?.[1];
    if (pid && !running(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}
