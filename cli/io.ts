/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
  /** True when stdout is an interactive terminal (progress bars, colours). */
  readonly isTty: boolean;
}

export function processIo(signal: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    signal,
    isTty: Boolean(process.stdout.isTTY),
  };
}

/** Exit codes shared by every command (topology-format.md §3). */
export const EXIT = { OK: 0, FAILED: 1, BAD_INPUT: 2 } as const;
