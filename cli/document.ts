/** Reading a document file for a command: every failure becomes a UsageError-style message, exit 2. */
import { resolve } from 'node:path';
import { FileReadError, readRegularFile } from '../cloud/files';
import { loadDocumentText, type Topology } from '../simulator/document';
import type { SchemaIssue } from '../simulator/document';

export type DocumentFileResult =
  | { readonly kind: 'ok'; readonly document: Topology; readonly path: string }
  | { readonly kind: 'invalid'; readonly issues: readonly SchemaIssue[]; readonly path: string }
  | { readonly kind: 'unreadable'; readonly message: string; readonly code: string };

export async function readDocumentFile(file: string, cwd: string): Promise<DocumentFileResult> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    // Regular files only: a FIFO or a device would hang or never end (cloud/files/readRegular.ts).
    text = await readRegularFile(path);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    return { kind: 'unreadable', code: 'FILE_UNREADABLE', message: `${file}: cannot read: ${error.message}` };
  }
  // The nesting guard is the loader's (simulator/document/jsonDepth.ts): same message in the app.
  const result = loadDocumentText(text);
  if (result.kind === 'fatal') return { kind: 'unreadable', code: result.code, message: `${file}: ${result.message}` };
  if (result.kind === 'invalid') return { kind: 'invalid', issues: result.issues, path };
  return { kind: 'ok', document: result.document, path };
}

/** For commands that need a usable document: the schema problems as one message. */
export function describeSchemaIssues(file: string, issues: readonly SchemaIssue[]): string {
  const shown = issues.slice(0, 10).map((issue) => `  ${issue.path || '/'}: ${issue.message} [${issue.code}]`);
  const more = issues.length > 10 ? [`  … and ${issues.length - 10} more (run vpclink validate ${file})`] : [];
  return `${file}: the document does not match the topology schema:\n${[...shown, ...more].join('\n')}\n`;
}
