/** `vpclink` entry point: dispatches to a command and maps failures to exit codes. */
import { helpText, parseArgs, UsageError } from './args';
import { COMMANDS } from './commands';
import { EXIT, processIo, withTerminalSafeOutput, type CliIo } from './io';

const GENERAL_HELP = `vpclink: sketch, simulate and apply Alibaba Cloud VPC interconnection (Express Connect router interfaces)

Usage: vpclink <command> [arguments] [options]

Commands:
  validate FILE                 check a topology document; findings with codes and fixes
  check FILE --from SRC --to DST  would this flow (ping by default) work, both ways?
  matrix FILE                   verdict for every ordered pair of instances
  assert FILE                   do the document's intents (must / must not reach) hold?
  diff BEFORE AFTER             reachability gained and lost between two documents
  export FILE --format F        diagram (svg, png, drawio) or Terraform of the document
  drift FILE                    the document vs the live accounts and the last apply
  sandbox                       run the local Alibaba Cloud OpenAPI emulator
  import --account A …          describe live accounts into a topology document
  plan FILE                     the ordered API calls that make the cloud match FILE
  apply FILE                    run the plan: progress, retries, resume, rollback, verify
  destroy FILE                  remove what apply made (routes, interfaces)
  serve [FILE]                  the app in a browser on 127.0.0.1
  app [FILE]                    the desktop app (falls back to the browser mode)

Every command accepts --json and --help. Exit codes: 0 ok, 1 failed / not reachable, 2 bad input.
`;

export async function main(argv: readonly string[], io?: CliIo): Promise<number> {
  const controller = new AbortController();
  const detach = io ? () => {} : attachSignals(controller);
  const [name, ...rest] = argv;
  // Every byte of human output passes terminalSafe (control characters from documents escaped).
  const jsonStdout = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined).includes('--json');
  const cliIo = withTerminalSafeOutput(io ?? processIo(controller.signal), jsonStdout);
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      cliIo.stdout(GENERAL_HELP);
      return name === undefined ? EXIT.BAD_INPUT : EXIT.OK;
    }
    if (name === '--version') {
      cliIo.stdout('vpclink 0.1.0\n');
      return EXIT.OK;
    }
    const load = COMMANDS[name];
    if (!load) {
      cliIo.stderr(`vpclink: unknown command "${name}". Run "vpclink --help" for the list.\n`);
      return EXIT.BAD_INPUT;
    }
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      cliIo.stdout(helpText(command.spec));
      return EXIT.OK;
    }
    let args;
    try {
      args = parseArgs(command.spec, rest);
    } catch (error) {
      if (error instanceof UsageError) {
        cliIo.stderr(`vpclink ${name}: ${error.message}\nRun "vpclink ${name} --help" for usage.\n`);
        return EXIT.BAD_INPUT;
      }
      throw error;
    }
    return await command.run(args, cliIo);
  } catch (error) {
    if (error instanceof UsageError) {
      cliIo.stderr(`vpclink: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    // A bug: say so plainly, with the stack for the report, and exit with a distinct code.
    cliIo.stderr(
      `vpclink: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 3;
  } finally {
    detach();
  }
}

function attachSignals(controller: AbortController): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count++;
    if (count > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
