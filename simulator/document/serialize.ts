/** Writing a document back to text: two-space JSON with a final newline, unknown fields kept. */
import type { Topology } from './schema';

export function serializeDocument(document: Topology): string {
  return JSON.stringify(document, null, 2) + '\n';
}
