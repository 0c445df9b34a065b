/**
 * Numbered migrations: `MIGRATIONS[n]` turns a version-n document into version n+1. Version 1 is
 * the first published format, so the table is empty; a future version 2 adds `1: (doc) => …`
 * and bumps CURRENT_VERSION, and old files keep loading.
 */
import { CURRENT_VERSION } from './schema';

type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export function migrateToCurrent(document: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let current = document;
  for (let version = fromVersion; version < CURRENT_VERSION; version++) {
    const migrate = MIGRATIONS[version];
    if (!migrate) throw new Error(`bug: no migration from document version ${version}`);
    current = { ...migrate(current), version: version + 1 };
  }
  return current;
}
