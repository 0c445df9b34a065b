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
  /**
   * Resolves once stdout has passed on what it holds. A command that streams hundreds of MB (the
   * XL matrix as JSON) awaits it between chunks: stdout into a pipe queues whatever its reader has
   * not taken yet, and that queue held ~1.7 GB of an XL matrix. Absent in tests that collect text.
   */
  readonly stdoutDrained?: () => Promise<void>;
}

export function processIo(signal: AbortSignal): CliIo {
  // A reader that stops early (`vpclink matrix L.json --json | head`) closes the pipe: the command
  // ends with its own exit code and writes nothing more, instead of dying on an unhandled EPIPE.
  let readerGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return {
    stdout: (text) => {
      if (!readerGone) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    signal,
    isTty: Boolean(process.stdout.isTTY),
    // stdout keeps saying it needs a drain after the reader is gone; nothing will drain it then.
    stdoutDrained: () => (readerGone ? Promise.resolve() : drained(process.stdout)),
  };
}

/** Resolves at once when nothing waits in `stream`, else on its 'drain' (or its end: a reader that went away). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

/** Exit codes shared by every command (topology-format.md §3). */
export const EXIT = { OK: 0, FAILED: 1, BAD_INPUT: 2 } as const;

/**
 * Text from documents, state files and the cloud (names, descriptions, IDs, error messages) may
 * hold control characters: ESC sequences that recolour, move the cursor, retitle the window or
 * hide a line; a bare CR that overwrites what was printed; bidirectional overrides that reorder
 * what the reader sees. Human output escapes them all, visibly (`\u001b`, `\u202e`); newline and
 * tab stay. This is the one function every human renderer goes through: `main` applies it to
 * everything written to stderr, and to stdout unless the command prints JSON (JSON.stringify
 * already escapes C0 controls, and JSON bytes must not change).
 */
// C0 except \t and \n, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  // \uXXXX rather than \xXX: inside JSON text printed without --json (e.g. a document on
  // stdout) the escape is the same JSON string, so the output still parses to the same value.
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The progress bar's own "clear this line" (cli/commands/apply.ts), written alone on a terminal. */
const CLEAR_LINE = '\r\x1b[2K';

/** `io` with human output made terminal-safe (see {@link terminalSafe}); `jsonStdout` leaves stdout as is. */
export function withTerminalSafeOutput(io: CliIo, jsonStdout: boolean): CliIo {
  const safe = (write: (text: string) => void) => (text: string) =>
    write(text === CLEAR_LINE && io.isTty ? text : terminalSafe(text));
  return { ...io, stdout: jsonStdout ? io.stdout : safe(io.stdout), stderr: safe(io.stderr) };
}
