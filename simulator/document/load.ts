/**
 * Loading a document: parse JSON → check the header → migrate to the current version →
 * restore (schema defaults, derived defaults) → typed model. Never throws on bad input.
 */
import type { z } from 'zod';
import type { DocumentFatalCode, SchemaCode } from './codes';
import { migrateToCurrent } from './migrations';
import { CURRENT_VERSION, FORMAT, type Topology, topologySchema } from './schema';
import { compileFastParser, type FastParser } from './fastParse';
import { jsonNestingProblem } from './jsonDepth';
import { countOf } from '../text/count';

/**
 * A fast parser compiled on its first use (compiling costs milliseconds to tens of milliseconds):
 * a process that only loads text never compiles the copying one, and importing this module costs
 * neither.
 */
function compiledOnFirstUse(adoptInput: boolean): () => FastParser<Topology> | undefined {
  let compiled: { readonly parser: FastParser<Topology> | undefined } | undefined;
  return () => (compiled ??= { parser: compileFastParser(topologySchema, 'generated', { adoptInput }) }).parser;
}
const fastTopologyParser = compiledOnFirstUse(false);
/** For the value of a JSON.parse this module made itself: it shares that value instead of copying it. */
const adoptingTopologyParser = compiledOnFirstUse(true);

/** A shape problem in a document, located by a JSON Pointer into the file as written. */
export interface SchemaIssue {
  readonly code: SchemaCode;
  readonly path: string;
  readonly message: string;
}

export type LoadResult =
  | { readonly kind: 'ok'; readonly document: Topology; readonly migratedFrom?: number }
  | { readonly kind: 'invalid'; readonly issues: readonly SchemaIssue[] }
  | { readonly kind: 'fatal'; readonly code: DocumentFatalCode; readonly message: string };

/**
 * Parses document text (the contents of a `*.vpclink.json` file).
 *
 * Text nested more than 64 levels deep is refused whatever else is wrong with it (jsonDepth.ts:
 * later recursive walks of such a value overflow the stack). Scanning the text for that costs
 * about one JSON.parse, so the scan runs only when the answer is not already known: a document
 * the fast parser accepts without unread objects has the schema's depth (under ten levels), so
 * only a failing parse, a failing check, a document zod has to read, or one with objects in
 * unknown fields is scanned, and before anything recursive reads it.
 */
export function loadDocumentText(text: string): LoadResult {
  let raw: unknown;
  try {
    // Editors on Windows often save UTF-8 with a byte-order mark; JSON.parse refuses it.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return (
      nestingFatal(text) ?? {
        kind: 'fatal',
        code: 'DOCUMENT_NOT_JSON',
        message: `not valid JSON: ${describeJsonError(error, text)}`,
      }
    );
  }
  const header = headerProblem(raw);
  // The scan first: the header's message quotes the field, which may be the too-deep value.
  if (header) return nestingFatal(text) ?? header();
  const { migrated, version } = migrateRecord(raw as Record<string, unknown>);
  const fast = adoptingTopologyParser()?.(migrated);
  if (fast?.kind === 'ok' && !fast.unreadObjects) return loaded(fast.value, version);
  const tooDeep = nestingFatal(text);
  if (tooDeep) return tooDeep;
  return fast?.kind === 'ok' ? loaded(fast.value, version) : parsedByZod(migrated, version);
}

function nestingFatal(text: string): LoadResult | undefined {
  const tooDeep = jsonNestingProblem(text);
  return tooDeep
    ? { kind: 'fatal', code: 'DOCUMENT_NOT_TOPOLOGY', message: `not a topology document: ${tooDeep}` }
    : undefined;
}

/**
 * JSON.parse's message on one line (V8 quotes a snippet of the text, newlines included), with
 * the line and column when it gives a position.
 */
function describeJsonError(error: unknown, text: string): string {
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\r?\n/g, '\\n');
  const position = /at position (\d+)/.exec(detail);
  if (!position) return detail;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${detail} (line ${line}, column ${column})`;
}

/** Loads an already-parsed JSON value (the result shares no object with it). */
export function loadDocumentValue(raw: unknown): LoadResult {
  const header = headerProblem(raw);
  if (header) return header();
  const { migrated, version } = migrateRecord(raw as Record<string, unknown>);
  // Fast path first (same schema compiled to plain code, ~4× faster on large estates); zod runs
  // whenever the fast path is unsure, so invalid documents get zod's issues (fastParse.ts).
  const fast = fastTopologyParser()?.(migrated);
  return fast?.kind === 'ok' ? loaded(fast.value, version) : parsedByZod(migrated, version);
}

/**
 * The fatal problem of a value that is no topology document of a version this vpclink reads, as
 * a function that describes it (describing quotes the value).
 */
function headerProblem(raw: unknown): (() => LoadResult) | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return () => ({
      kind: 'fatal',
      code: 'DOCUMENT_NOT_TOPOLOGY',
      message: `not a topology document: expected a JSON object with "format": "${FORMAT}", got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
    });
  }
  const record = raw as Record<string, unknown>;
  if (record.format !== FORMAT) {
    return () => ({
      kind: 'fatal',
      code: 'DOCUMENT_NOT_TOPOLOGY',
      message: `not a topology document: expected "format": "${FORMAT}", found ${record.format === undefined ? 'no "format" field' : `"format": ${JSON.stringify(record.format)}`}`,
    });
  }
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return () => ({
      kind: 'fatal',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: `"version" must be a positive integer (this vpclink writes ${CURRENT_VERSION}), found ${JSON.stringify(version)}`,
    });
  }
  if (version > CURRENT_VERSION) {
    return () => ({
      kind: 'fatal',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: `document version ${version} is newer than this vpclink supports (up to ${CURRENT_VERSION}); upgrade vpclink to open it`,
    });
  }
  return undefined;
}

/** A document whose header passed headerProblem, migrated to the current version. */
function migrateRecord(record: Record<string, unknown>): {
  readonly migrated: Record<string, unknown>;
  readonly version: number;
} {
  const version = record.version as number;
  return { migrated: migrateToCurrent(record, version), version };
}

function parsedByZod(migrated: Record<string, unknown>, version: number): LoadResult {
  const parsed = topologySchema.safeParse(migrated, { reportInput: true });
  if (!parsed.success) return { kind: 'invalid', issues: parsed.error.issues.map(toSchemaIssue) };
  return loaded(parsed.data, version);
}

function loaded(document: Topology, version: number): LoadResult {
  return { kind: 'ok', document: restore(document), ...(version < CURRENT_VERSION ? { migratedFrom: version } : {}) };
}

/** Fills defaults that depend on other fields (the schema fills the plain ones). */
function restore(document: Topology): Topology {
  // A module-level callback: a closure made per load is optimized again after every full
  // collection (simulator/validate/hiddenClasses.ts).
  return { ...document, securityGroups: document.securityGroups.map(restoreGroup) };
}

function restoreGroup(group: Topology['securityGroups'][number]): Topology['securityGroups'][number] {
  return group.innerAccessPolicy === undefined && group.securityGroupType === 'normal'
    ? withInnerAccessPolicy(group, 'Accept')
    : group;
}

/**
 * Adds the field where the schema would put it (right after securityGroupType), not at the end:
 * otherwise a second load reorders the keys and open → save → open → save is not a fixed point.
 */
function withInnerAccessPolicy<G extends Topology['securityGroups'][number]>(group: G, policy: 'Accept' | 'Drop'): G {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(group)) {
    out[key] = value;
    if (key === 'securityGroupType') out.innerAccessPolicy = policy;
  }
  if (!('innerAccessPolicy' in out)) out.innerAccessPolicy = policy;
  return out as G;
}

export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => '/' + String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function toSchemaIssue(issue: z.core.$ZodIssue): SchemaIssue {
  const path = toJsonPointer(issue.path);
  const field = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'document';
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) {
        return { code: 'REQUIRED_FIELD_MISSING', path, message: `${field}: required field is missing` };
      }
      return {
        code: 'INVALID_TYPE',
        path,
        message: `${field}: expected ${issue.expected}, got ${describe((issue as { input?: unknown }).input)}`,
      };
    case 'invalid_value':
      // A missing enum field is reported by zod as a bad value `undefined`: say "missing".
      if ((issue as { input?: unknown }).input === undefined) {
        return {
          code: 'REQUIRED_FIELD_MISSING',
          path,
          message: `${field}: required field is missing (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`,
        };
      }
      return {
        code: 'INVALID_ENUM_VALUE',
        path,
        message: `${field}: ${JSON.stringify((issue as { input?: unknown }).input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'too_small':
      return {
        code: 'INVALID_VALUE',
        path,
        message:
          `${field}: ` +
          (issue.origin === 'array'
            ? `needs at least ${countOf(Number(issue.minimum), 'item')}`
            : issue.origin === 'string'
              ? `must be at least ${countOf(Number(issue.minimum), 'character')} long`
              : `must be at least ${issue.minimum}`),
      };
    default:
      return { code: 'INVALID_VALUE', path, message: `${field}: ${issue.message}` };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
