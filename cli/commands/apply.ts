/**
 * `vpclink apply FILE [--yes] [--journal FILE] [--rollback] [--allow-intent-violations] [--endpoint URL] [--profiles FILE] [--json]`
 * — make the live accounts match FILE: plan, confirm, run with retries and a journal, verify.
 * Re-running the same command resumes an unfinished run; `--rollback` undoes the recorded run.
 *
 * Exit 0 done (or nothing to do), 1 the cloud refused / the apply failed / verification disagrees /
 * the document violates one of its intents (INTENT_VIOLATED; nothing runs unless --allow-intent-violations),
 * 2 bad input (no --yes without a terminal, unreadable document or journal, wrong credentials,
 * --journal in a missing folder, another run holding the journal lock: JOURNAL_LOCKED names it),
 * 130 cancelled (Ctrl-C or SIGTERM; progress recorded, lock released, resume with the same command).
 * The orchestration is cloud/session's; this file parses flags, asks for confirmation and renders.
 */
import { dirname, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { CommandSpec, ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import {
  ApplyError,
  describeFailedIntent,
  formatEventLine,
  formatPlanText,
  formatVerify,
  progressBar,
  type ApplyEvent,
} from '../../cloud/apply';
import { accountNames, type CloudSession, type SessionRunResult } from '../../cloud/session';
import type { Plan, PlanOperation } from '../../simulator/plan';
import { CLOUD_FLAGS, defaultJournalPath, readDesired, reportError, sessionFor } from './plan';
import { agreeing, countOf } from '../../simulator/text/count';

export { defaultJournalPath };

/** Flags of the commands that change the cloud (apply, destroy), besides the cloud flags. */
export const CHANGE_FLAGS = {
  yes: { type: 'boolean', description: 'do not ask for confirmation (required without a terminal)' },
  journal: {
    type: 'string',
    valueName: 'FILE',
    description: 'journal file (default: FILE with .json replaced by .journal.json, beside it)',
  },
} as const satisfies CommandSpec['flags'];

export const spec: CommandSpec = {
  name: 'apply',
  summary:
    'Make the live accounts match FILE: plan, confirm, run (retries, journal, resume), verify. --rollback undoes the recorded run.',
  positionals: ['FILE'],
  flags: {
    ...CHANGE_FLAGS,
    rollback: {
      type: 'boolean',
      description: 'undo what the run recorded in the journal created (routes, interfaces, rules)',
    },
    'allow-intent-violations': {
      type: 'boolean',
      description:
        'apply even though the document violates some of its intents (without it such an apply exits 1 listing them, changing nothing)',
    },
    ...CLOUD_FLAGS,
  },
};

/** Exit code of a cancelled run (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  return runChange(args.flags.rollback === true ? 'rollback' : 'apply', args, io);
}

/** Shared by apply, apply --rollback and destroy. */
export async function runChange(operation: PlanOperation, args: ParsedArgs, io: CliIo): Promise<number> {
  const command = operation === 'destroy' ? 'destroy' : 'apply';
  const file = args.positionals[0]!;
  const json = args.flags.json === true;
  const yes = args.flags.yes === true;
  const desired = await readDesired(file, io, command);
  if (typeof desired === 'number') return desired;
  const journalPath =
    typeof args.flags.journal === 'string' ? resolve(io.cwd, args.flags.journal) : defaultJournalPath(desired.path);
  const names = accountNames(desired.document);
  const resumeArgs = [
    command,
    file,
    ...(operation === 'rollback' ? ['--rollback'] : []),
    ...(args.flags.journal ? ['--journal', String(args.flags.journal)] : []),
    ...(args.flags.endpoint ? ['--endpoint', String(args.flags.endpoint)] : []),
    ...(args.flags.profiles ? ['--profiles', String(args.flags.profiles)] : []),
    '--yes',
  ];
  const resumeCommand = `vpclink ${resumeArgs.join(' ')}`;

  const journalProblem = await journalFolderProblem(journalPath, args.flags.journal);
  if (journalProblem) {
    io.stderr(`vpclink ${command}: ${journalProblem}\n`);
    return EXIT.BAD_INPUT;
  }

  let session: CloudSession | undefined;
  let refusedForConfirmation = false;
  const renderer = createRenderer(io, json, names, yes);
  try {
    session = sessionFor(desired, args, io, { journalPath, documentPath: file });
    const confirm = async (plan: Plan, info: { resumed: boolean; operation: PlanOperation }): Promise<boolean> => {
      if (yes) return true;
      if (!json) io.stdout(formatPlanText(plan, { accountNames: names }));
      if (!io.isTty) {
        refusedForConfirmation = true;
        io.stderr(
          `vpclink ${command}: not changing anything without confirmation: pass --yes (no terminal to ask on)\n`,
        );
        return false;
      }
      return ask(
        `${info.resumed ? 'Resume this unfinished run' : `Run this ${info.operation === 'rollback' ? 'rollback' : command}`}? [y/N] `,
        io,
      );
    };
    const result = await session.run(operation, {
      signal: io.signal,
      onEvent: renderer.onEvent,
      confirm,
      allowIntentViolations: args.flags['allow-intent-violations'] === true,
    });
    renderer.finish();
    if (refusedForConfirmation) return EXIT.BAD_INPUT;
    if (result.outcome === 'declined' && io.signal.aborted) {
      io.stderr(`vpclink ${command}: cancelled; nothing changed\n`);
      return EXIT_CANCELLED;
    }
    return exitCodeOf(result, io, json, resumeCommand);
  } catch (error) {
    renderer.finish();
    if (error instanceof ApplyError) {
      // Refusals before any change: another run holds the journal, the journal is not ours …
      io.stderr(`vpclink ${command}: ${error.message} [${error.code}]\n`);
      return EXIT.BAD_INPUT;
    }
    if (io.signal.aborted) {
      // Ctrl-C while connecting, importing or planning: nothing was changed yet.
      io.stderr(`vpclink ${command}: cancelled before any change\n`);
      return EXIT_CANCELLED;
    }
    return reportError(command, error, io);
  } finally {
    session?.close();
  }
}

/** The path (or a folder on it) does not exist. */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `--journal` in a folder that does not exist: a clear refusal naming the flag (not an internal error later). */
async function journalFolderProblem(journalPath: string, flag: unknown): Promise<string | undefined> {
  const folder = dirname(journalPath);
  const named = typeof flag === 'string' ? `--journal ${flag}` : `the journal ${journalPath}`;
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) return `${named}: ${folder} is not a folder`;
  } catch (error) {
    if (!isMissing(error)) return `${named}: cannot read the folder ${folder}: ${(error as Error).message}`;
    return `${named}: the folder ${folder} does not exist; create it first or choose another --journal`;
  }
  try {
    const info = await stat(journalPath);
    if (!info.isFile()) return `${named}: ${journalPath} exists and is not a regular file`;
  } catch (error) {
    // Absent: a fresh journal will be written there. Anything else (no permission) is said now.
    if (!isMissing(error)) return `${named}: cannot read ${journalPath}: ${(error as Error).message}`;
  }
  return undefined;
}

function exitCodeOf(result: SessionRunResult, io: CliIo, json: boolean, resumeCommand: string): number {
  switch (result.outcome) {
    case 'succeeded':
    case 'no-op': {
      const left = result.leftovers ?? [];
      if (left.length > 0) {
        // Destroy re-lists after its run: exit 0 only when nothing of the document is live any more.
        const billable = left.filter((l) => l.billable).length;
        io.stderr(
          `vpclink ${result.operation}: ${countOf(left.length, 'resource')} ${agreeing(left.length)} still live after the run ` +
            `(${billable} billable):\n${left.map((l) => `  ${l.kind} ${l.id} (account ${l.accountId}, ${l.regionId})${l.billable ? ' — billed while it exists' : ''}\n`).join('')}Retry ` +
            `with:\n  ${resumeCommand}\n`,
        );
        return EXIT.FAILED;
      }
      if (result.verify && !json) io.stdout(formatVerify(result.verify));
      if (result.verify && result.verify.differences.length > 0) {
        io.stderr(
          `vpclink ${result.operation}: verification: ${countOf(result.verify.differences.length, 'flow')} ` +
            `${agreeing(result.verify.differences.length, 'behaves', 'behave')} differently live than the document ` +
            `says (see MISMATCH lines)\n`,
        );
        return EXIT.FAILED;
      }
      const unconverged = result.verify?.unconverged ?? [];
      if (unconverged.length > 0) {
        io.stderr(
          `vpclink ${result.operation}: verification: the live state still differs from the document in ${countOf(unconverged.length, 'place')} (see NOT CONVERGED lines); run the same apply again\n`,
        );
        return EXIT.FAILED;
      }
      const failedIntents = (result.verify?.intents ?? []).filter((i) => !i.holds);
      if (failedIntents.length > 0) {
        io.stderr(
          `vpclink ${result.operation}: verification: ${countOf(failedIntents.length, 'intent')} ` +
            `${agreeing(failedIntents.length, 'fails', 'fail')} on the live state:\n` +
            failedIntents.map((i) => `  ${describeFailedIntent(i)}\n`).join(''),
        );
        return EXIT.FAILED;
      }
      return EXIT.OK;
    }
    case 'cancelled':
      io.stderr(
        `vpclink ${result.operation}: cancelled. Progress is recorded in ${result.journalPath}; resume with the same command:\n  ${resumeCommand}\n`,
      );
      return EXIT_CANCELLED;
    case 'failed':
      io.stderr(
        `vpclink ${result.operation}: failed at step ${result.failedStep}: ${result.error?.message ?? 'unknown error'}${result.error?.code ? ` [${result.error.code}]` : ''}\n`,
      );
      return EXIT.FAILED;
    case 'refused':
      for (const p of result.problems ?? [])
        if (p.severity === 'error') io.stderr(`vpclink ${result.operation}: ${p.message} [${p.code}]\n`);
      return EXIT.FAILED;
    case 'declined':
      io.stderr(`vpclink ${result.operation}: nothing changed\n`);
      return EXIT.FAILED;
    default: {
      const never: never = result.outcome;
      throw new Error(`unexpected outcome ${String(never)}`);
    }
  }
}

async function ask(question: string, io: CliIo): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(question, { signal: io.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    // Ctrl-C aborts the question (io.signal) or stdin ends before an answer: no answer is not a yes;
    // the run is declined and says so ("nothing changed", "cancelled" after Ctrl-C).
    return false;
  } finally {
    rl.close();
  }
}

/**
 * Progress output: with --json one event per line on stdout; on a terminal a step list with states
 * and a progress bar redrawn in place; otherwise plain lines.
 */
function createRenderer(io: CliIo, json: boolean, names: ReadonlyMap<string, string>, printPlan: boolean) {
  let plan: Plan | undefined;
  let bar = '';
  const clearBar = () => {
    if (bar && io.isTty) io.stdout('\r\x1b[2K');
  };
  const drawBar = () => {
    if (bar && io.isTty) io.stdout(bar);
  };
  return {
    onEvent(event: ApplyEvent) {
      if (json) {
        io.stdout(`${JSON.stringify(event)}\n`);
        return;
      }
      if (event.kind === 'plan-ready') {
        plan = event.plan;
        // Without --yes the confirmation prints the plan; with it, print it here.
        if (printPlan && event.plan.steps.length > 0)
          io.stdout(formatPlanText(event.plan, { accountNames: names }) + '\n');
      }
      if (event.kind === 'progress') {
        clearBar();
        bar = progressBar(event.done, event.total);
        drawBar();
        if (!io.isTty && event.done === event.total && event.total > 0) io.stdout(`${bar}\n`);
        return;
      }
      const line = formatEventLine(event, plan);
      if (line === undefined) return;
      clearBar();
      const glyph =
        event.kind === 'step-succeeded'
          ? '✓ '
          : event.kind === 'step-failed'
            ? '✗ '
            : event.kind === 'step-skipped'
              ? '– '
              : event.kind === 'step-started'
                ? '▶ '
                : '  ';
      io.stdout(`${io.isTty ? glyph : ''}${line}\n`);
      drawBar();
    },
    finish() {
      clearBar();
      bar = '';
    },
  };
}
