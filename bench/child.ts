/**
 * One measurement process: `node --expose-gc --import tsx bench/child.ts <job> <events-file>`
 * where job is `size:S|M|L|XL`, `ui` or `apply`. Each event is appended to the file as one JSON
 * line the moment it is known, so the parent keeps what was measured if it has to kill us.
 */
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BENCH_SIZES, type BenchSize } from './generate';
import { runSizeBench } from './sizeBench';

export async function runJob(job: string, eventsFile: string, options: Record<string, unknown>): Promise<void> {
  const emit = (event: object) => appendFileSync(eventsFile, JSON.stringify(event) + '\n');
  if (job.startsWith('size:')) {
    const size = job.slice(5) as BenchSize;
    if (!BENCH_SIZES.includes(size)) throw new Error(`unknown size ${size}`);
    await runSizeBench(size, options, emit);
  } else if (job === 'ui') {
    const { runUiBench } = await import('./uiBench');
    await runUiBench(options, emit);
  } else if (job === 'apply') {
    const { runApplyBench } = await import('./applyBench');
    await runApplyBench(options, emit);
  } else {
    throw new Error(`unknown job ${job}`);
  }
  emit({ done: true });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [job, eventsFile, optionsJson] = process.argv.slice(2);
  if (!job || !eventsFile) {
    process.stderr.write('usage: node --import tsx bench/child.ts size:S|ui|apply EVENTS_FILE [OPTIONS_JSON]\n');
    process.exit(2);
  }
  runJob(job, eventsFile, optionsJson ? (JSON.parse(optionsJson) as Record<string, unknown>) : {}).then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      appendFileSync(eventsFile, JSON.stringify({ error: message.split('\n').slice(0, 3).join(' | ') }) + '\n');
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}
