/** A finding: one problem in a document, located by a JSON Pointer (topology-format.md §3.1). */
import type { SchemaIssue } from '../document/load';
import { SCHEMA_CODES } from '../document/codes';
import type { Severity } from './codes';

export type { Severity } from './codes';

export interface Finding {
  readonly severity: Severity;
  /** A stable UPPER_SNAKE_CASE code from VALIDATION_CODES or SCHEMA_CODES. */
  readonly code: string;
  /** Names the resource and the offending value. */
  readonly message: string;
  /** JSON Pointer into the document as written, e.g. `/vpcs/1/cidrBlock`. */
  readonly path: string;
  /** The resource the finding is about, when there is one. */
  readonly resourceId?: string;
  /** A concrete change that fixes it. */
  readonly suggestion?: string;
}

/** Schema issues of a document that does not load, as error findings (for `validate --json`). */
export function schemaIssuesToFindings(issues: readonly SchemaIssue[]): Finding[] {
  return issues.map((issue) => {
    const field = lastSegment(issue.path);
    const where = issue.path ? parentOf(issue.path) || '/' : '/';
    const suggestion =
      issue.code === 'REQUIRED_FIELD_MISSING'
        ? `add "${field}" to the object at ${where}`
        : issue.code === 'INVALID_ENUM_VALUE'
          ? `set ${issue.path} to one of the allowed values listed in the message`
          : issue.code === 'INVALID_TYPE'
            ? `give ${issue.path} a value of the type named in the message`
            : `correct ${issue.path || 'the document'}: ${SCHEMA_CODES[issue.code]}`;
    return { severity: 'error' as const, code: issue.code, message: issue.message, path: issue.path, suggestion };
  });
}

function lastSegment(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return (i < 0 ? pointer : pointer.slice(i + 1)).replace(/~1/g, '/').replace(/~0/g, '~');
}

function parentOf(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

/** Counts by severity, for summaries. */
export function countFindings(findings: readonly Finding[]): Readonly<Record<Severity, number>> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
