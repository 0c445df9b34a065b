/**
 * `vpclink export FILE --format svg|png|drawio|terraform [-o OUT]` (topology-format.md §4.3):
 * the diagram or the Terraform configuration (alicloud provider) of the document. Text formats go
 * to stdout without `-o`; PNG is binary and needs `-o`. Exit 0 written, 2 bad input.
 *
 * PNG is the SVG rendered by a local Chromium (headless `--screenshot`), since the CLI has no
 * canvas; without one it says so (exit 2) and the app's Export → PNG remains.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { writeFileAtomic } from '../../cloud/files';
import type { Topology } from '../../simulator/document';
import { exportDrawio, exportSvg, exportTerraform, layoutDiagram } from '../../simulator/export';

const FORMATS = ['svg', 'png', 'drawio', 'terraform'] as const;
type Format = (typeof FORMATS)[number];

export const spec: CommandSpec = {
  name: 'export',
  summary: 'Write the diagram (svg, png, drawio) or the Terraform configuration (alicloud provider) of the document.',
  positionals: ['FILE'],
  shortFlags: { o: 'output', f: 'format' },
  flags: {
    format: { type: 'string', description: 'svg, png, drawio or terraform', choices: FORMATS, valueName: 'FORMAT' },
    output: { type: 'string', description: 'file to write (default: stdout; required for png)', valueName: 'OUT' },
    json: { type: 'boolean', description: 'print { "format", "output", "bytes" } once written' },
  },
};

const TEXT_EXPORTS: Readonly<Record<Exclude<Format, 'png'>, (document: Topology) => string>> = {
  svg: exportSvg,
  drawio: exportDrawio,
  terraform: exportTerraform,
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const format = args.flags.format as Format | undefined;
  const output = args.flags.output as string | undefined;
  if (format === undefined) return usage(io, `missing --format (one of ${FORMATS.join(', ')})`);
  if (format === 'png' && output === undefined) return usage(io, 'png is binary: give -o FILE.png');
  const loaded = await readDocumentFile(file, io.cwd);
  if (loaded.kind === 'unreadable') return usage(io, loaded.message);
  if (loaded.kind === 'invalid') {
    io.stderr(`vpclink export: ${describeSchemaIssues(file, loaded.issues)}`);
    return EXIT.BAD_INPUT;
  }
  const document = loaded.document;
  let data: string | Uint8Array;
  if (format === 'png') {
    const png = await renderPng(document, io);
    if (png.kind === 'error') return usage(io, png.message);
    data = png.bytes;
  } else {
    data = TEXT_EXPORTS[format](document);
  }
  if (output === undefined) {
    io.stdout(data as string);
    return EXIT.OK;
  }
  const path = resolve(io.cwd, output);
  try {
    await writeFileAtomic(path, data);
  } catch (error) {
    return usage(
      io,
      `-o ${output}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  io.stdout(
    args.flags.json
      ? JSON.stringify({ format, output: path, bytes }) + '\n'
      : `wrote ${format} of ${file} to ${output} (${bytes} bytes)\n`,
  );
  return EXIT.OK;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`vpclink export: ${message}\n`);
  return EXIT.BAD_INPUT;
}

/** The Chromium to render with: $VPCLINK_CHROMIUM, else the usual names on PATH. */
function findChromium(env: CliIo['env']): string | undefined {
  if (env.VPCLINK_CHROMIUM) return existsSync(env.VPCLINK_CHROMIUM) ? env.VPCLINK_CHROMIUM : undefined;
  const dirs = (env.PATH ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

async function renderPng(
  document: Topology,
  io: CliIo,
): Promise<{ kind: 'ok'; bytes: Uint8Array } | { kind: 'error'; message: string }> {
  const chromium = findChromium(io.env);
  if (chromium === undefined) {
    return {
      kind: 'error',
      message:
        'png export needs Chromium (none found on PATH; set VPCLINK_CHROMIUM=/path/to/chromium) or the app (Export → PNG). ' +
        '--format svg works without it.',
    };
  }
  const { width, height } = layoutDiagram(document);
  const dir = await mkdtemp(join(tmpdir(), 'vpclink-png-'));
  try {
    const svg = join(dir, 'diagram.svg');
    const png = join(dir, 'diagram.png');
    await writeFile(svg, exportSvg(document));
    const result = await spawnQuiet(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${Math.ceil(width)},${Math.ceil(height)}`,
        `--screenshot=${png}`,
        pathToFileURL(svg).href,
      ],
      io.signal,
    );
    if (!existsSync(png)) {
      return {
        kind: 'error',
        message: `png export: ${chromium} did not render (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-2).join(' ')}`,
      };
    }
    return { kind: 'ok', bytes: await readFile(png) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnQuiet(
  command: string,
  args: string[],
  signal: AbortSignal,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], signal, timeout: 60_000 });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => resolvePromise({ code: null, stderr: String(error.message) }));
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}
