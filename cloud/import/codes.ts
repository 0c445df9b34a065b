/**
 * The import's own finding code (design.md §4.6): what a live account holds that the document
 * cannot represent. One `info` finding per item, whose message names the resource and the field.
 */
import type { Finding } from '../../simulator/validate';

export const IMPORT_CODES = {
  IMPORT_NOT_REPRESENTED: {
    severity: 'info',
    summary:
      'An import met something the document cannot represent (an ECMP route, an ICMPv6 or port-list rule, an ' +
      'ENI address prefix, a VBR router interface, a classic-network resource …) or adjusted a value; the message ' +
      'names the resource and what was done.',
    fix: 'Nothing to fix in the cloud; read the message to know which verdicts it can affect (a left-out DROP entry can make a verdict too permissive).',
  },
} as const;
export type ImportCode = keyof typeof IMPORT_CODES;

/** An import warning as an `info` finding naming the resource it starts with. */
export function importFinding(message: string): Finding {
  const resource = /\b((?:vpc|vsw|vtb|ri|sg|i|eni|nacl|pl|pcc|vrt)-[0-9a-zA-Z-]+)/.exec(message)?.[1];
  return {
    severity: IMPORT_CODES.IMPORT_NOT_REPRESENTED.severity,
    code: 'IMPORT_NOT_REPRESENTED',
    message,
    path: '',
    ...(resource ? { resourceId: resource } : {}),
  };
}
