/**
 * Payload validation at the host boundary (design.md §4.4): every call, over HTTP or IPC, is
 * parsed here into typed arguments before a handler sees it. One schema per method; the tuple
 * matches the method's parameters in electron/common/hostApi.ts (checked at compile time below).
 */
import { z } from 'zod';
import type { HostArgs, HostError, HostMethod } from '../common/hostApi';
import { HOST_METHODS, type CallRequest } from '../common/protocol';

/** Paths are text the OS can take: non-empty, bounded, no NUL byte. */
const path = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte');
const id = z.string().min(1, 'must not be empty').max(256, 'is too long');
/** Documents are text; 16 MiB is far beyond any real topology. */
const documentText = z.string().max(16 * 1024 * 1024, 'is larger than 16 MiB');
const nullablePath = path.nullable();
const exportFormat = z.enum(['svg', 'png', 'drawio', 'terraform']);

const credentialSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('profile'), profile: id }),
  z.strictObject({ kind: z.literal('environment') }),
  z.strictObject({
    kind: z.literal('role'),
    // acs:ram::<uid>:role/<name> (aliyun-api.md: STS AssumeRole RoleArn)
    roleArn: z.string().regex(/^acs:ram::[^:\s]+:role\/\S+$/, 'must look like acs:ram::ACCOUNT:role/NAME'),
    sourceProfile: id.optional(),
    sessionName: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'must be 2–64 of A-Z a-z 0-9 . _ @ -')
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('accessKey'),
    accessKeyId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'must be 8–64 letters and digits'),
    accessKeySecret: z.string().min(8, 'is too short').max(128, 'is too long'),
  }),
  z.strictObject({ kind: z.literal('keychain') }),
]);

const storeAccessKeyRequest = z.strictObject({
  accountId: id,
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'must be 8–64 letters and digits'),
  accessKeySecret: z.string().min(8, 'is too short').max(128, 'is too long'),
  store: z.enum(['aliyunProfile', 'keychain']),
  profile: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 . _ -')
    .optional(),
  regionId: z
    .string()
    .regex(/^[a-z]{2}(-[a-z0-9]+)+$/, 'must be a region ID such as cn-beijing')
    .optional(),
});

const chooseFileRequest = z.discriminatedUnion('purpose', [
  z.strictObject({ purpose: z.literal('open'), path: path.optional() }),
  z.strictObject({ purpose: z.literal('save'), suggestedName: z.string().max(255).optional(), path: path.optional() }),
  z.strictObject({ purpose: z.literal('export'), format: exportFormat, suggestedName: z.string().max(255).optional() }),
]);

const exportRequest = z.strictObject({
  format: exportFormat,
  dataBase64: z
    .string()
    .min(1, 'must not be empty')
    .max(Math.ceil((32 * 1024 * 1024 * 4) / 3) + 4, 'is larger than 32 MiB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
  path: path.optional(),
  documentPath: nullablePath.optional(),
  suggestedName: z.string().min(1).max(255),
});

const documentState = z.strictObject({ path: nullablePath, title: z.string().max(1024), dirty: z.boolean() });

const startRunOptions = z.strictObject({
  mode: z.enum(['apply', 'destroy', 'rollback']),
  runId: id.optional(),
  planFingerprint: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a plan fingerprint (16 hex digits)')
    .optional(),
  allowIntentViolations: z.boolean().optional(),
  allowFailingFlows: z.boolean().optional(),
});

const importRequest = z.strictObject({
  targetId: id,
  accountIds: z.array(id).min(1, 'name at least one account').max(50),
  regions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z0-9]+)+$/, 'must be a region ID such as cn-beijing'))
    .max(50)
    .optional(),
  intoDocumentText: documentText.optional(),
});

const none = z.tuple([]);

export const ARG_SCHEMAS = {
  getStartup: none,
  newDocument: none,
  listExamples: none,
  openExample: z.tuple([id]),
  openFile: z.tuple([path]),
  saveFile: z.tuple([path, documentText, z.strictObject({ overwrite: z.boolean().optional() }).optional()]),
  listRecentFiles: none,
  chooseFile: z.tuple([chooseFileRequest]),
  autosave: z.tuple([nullablePath, documentText]),
  discardAutosave: z.tuple([nullablePath]),
  exportFile: z.tuple([exportRequest]),
  setDocumentState: z.tuple([documentState]),
  closeWindow: none,
  listTargets: none,
  getAccountCredentials: z.tuple([id, documentText]),
  setAccountCredentialSource: z.tuple([id, credentialSource]),
  getCredentialOptions: none,
  storeAccessKey: z.tuple([storeAccessKeyRequest]),
  checkIdentity: z.tuple([id, id]),
  plan: z.tuple([id, documentText, z.enum(['apply', 'destroy']).optional()]),
  startApply: z.tuple([id, documentText, startRunOptions]),
  cancelRun: z.tuple([id]),
  resumeRun: z.tuple([id]),
  getRun: z.tuple([id]),
  importAccounts: z.tuple([importRequest]),
  reseedSandbox: z.tuple([documentText]),
  drift: z.tuple([id, documentText]),
} satisfies { [M in HostMethod]: z.ZodType };

// Each schema's output must be assignable to the method's parameters.
type SchemaArgs = { [M in HostMethod]: z.output<(typeof ARG_SCHEMAS)[M]> };
type ArgsMatch = { [M in HostMethod]: SchemaArgs[M] extends HostArgs<M> ? true : M };
const _argsMatch: ArgsMatch[HostMethod] = true;
void _argsMatch;

export type ParsedCall =
  { readonly kind: 'ok'; readonly request: CallRequest } | { readonly kind: 'invalid'; readonly error: HostError };

const METHOD_SET: ReadonlySet<string> = new Set(HOST_METHODS);

/** Parses an untrusted `{ method, args }` value. Messages name the argument, never echo a secret. */
export function parseCall(raw: unknown): ParsedCall {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('request', 'the request must be a JSON object { "method": …, "args": [ … ] }');
  }
  const { method, args, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return invalid(extra[0]!, `unknown field "${extra[0]}" in the request`);
  if (typeof method !== 'string' || !METHOD_SET.has(method)) {
    return invalid(
      'method',
      typeof method === 'string' ? `unknown method "${method.slice(0, 64)}"` : '"method" must be a string',
    );
  }
  const schema = ARG_SCHEMAS[method as HostMethod] as z.ZodType;
  const argList = args === undefined ? [] : args;
  if (!Array.isArray(argList)) return invalid('args', `${method}: "args" must be an array of the method's arguments`);
  const items = (schema as z.ZodTuple).def.items;
  const expected = items.length;
  // Trailing optional arguments (plan's operation, saveFile's options) may be left out.
  const required = items.filter((item) => !(item as z.ZodType).safeParse(undefined).success).length;
  if (argList.length > expected || argList.length < required) {
    const count = required === expected ? `${expected}` : `${required}-${expected}`;
    return invalid('args', `${method} takes ${count} argument${expected === 1 ? '' : 's'}, got ${argList.length}`);
  }
  const result = schema.safeParse(argList);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = `args${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    return invalid(field, `${method}: ${field} ${issue.message}`);
  }
  return { kind: 'ok', request: { method, args: result.data } as CallRequest };
}

function invalid(field: string, message: string): ParsedCall {
  return { kind: 'invalid', error: { code: 'BAD_REQUEST', message, field } };
}
