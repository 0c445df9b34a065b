/**
 * One idle instance of each class the validator creates per run, kept for the life of the process.
 *
 * V8 gives every object a hidden class and optimizes hot functions against the hidden classes they
 * have seen. The hidden class of a class instance lives only while some object has it: once a run's
 * context, rule table and block sets are garbage, the next full collection frees their hidden
 * classes and throws away every optimized function that relied on them (`node --trace-deopt`:
 * "reason: weak objects"), so the next run starts over in the interpreter. A full collection
 * between two validations is common (the app validates after each edit; `npm run bench` collects
 * before each timed run), and on the L estate such a rerun took about twice as long as a warm one.
 * An idle instance of each class keeps its hidden class, and so the optimized code, alive. The
 * instances are built over an empty document, hold nothing else and are never read.
 */
import { CURRENT_VERSION, FORMAT, RESOURCE_ARRAYS, type Topology } from '../document/schema';

const kept: object[] = [];

/** Keeps `instance` (and so its hidden class) alive for the life of the process. */
export function keepHiddenClassOf(instance: object): void {
  kept.push(instance);
}

/**
 * A document with nothing in it: the header and an empty array for each array a loaded document
 * always has (not a schema parse, whose first run compiles the schema: ~10 ms at import).
 */
export const EMPTY_TOPOLOGY = {
  format: FORMAT,
  version: CURRENT_VERSION,
  ...Object.fromEntries(Object.keys(RESOURCE_ARRAYS).map((array) => [array, []])),
} as unknown as Topology;
