// Counts a user reads are in words (issue 14: "1 rules", "rule(s)"): the helper, then messages of
// the engines, the CLI and the host built with it, each at 0, 1 and 2.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailedIntent, type CheckedIntent } from '../../../cloud/apply';
import { formatDrift } from '../../../cli/commands/drift';
import { loadDocumentText, type Topology } from '../../../simulator/document';
import { agreeing, countOf } from '../../../simulator/text/count';

const ROOT = resolve(__dirname, '../../..');

describe('countOf and agreeing', () => {
  it.each([
    [0, 'rule', undefined, '0 rules', 'are'],
    [1, 'rule', undefined, '1 rule', 'is'],
    [2, 'rule', undefined, '2 rules', 'are'],
    [0, 'entry', 'entries', '0 entries', 'are'],
    [1, 'entry', 'entries', '1 entry', 'is'],
    [2, 'entry', 'entries', '2 entries', 'are'],
  ] as const)('%i %s', (n, one, many, words, verb) => {
    expect(countOf(n, one, many)).toBe(words);
    expect(agreeing(n)).toBe(verb);
  });
});

describe('engine and CLI messages at 0, 1 and 2', () => {
  const violation = (n: number) => ({ from: `i-${n}`, to: 'i-x', verdict: 'reachable' as const, blockers: [] });
  it.each([
    [1, ''],
    [2, ' (and 1 more pair)'],
    [3, ' (and 2 more pairs)'],
  ])('a failed intent with %i violating pairs', (n, more) => {
    const intent: CheckedIntent = {
      index: 0,
      name: 'A must not reach X',
      holds: false,
      violations: Array.from({ length: n }, (_, i) => violation(i)),
    };
    expect(describeFailedIntent(intent)).toBe(`intent "A must not reach X" is violated: i-0 → i-x is reachable${more}`);
  });

  it.each([
    [1, '1 resource drifted'],
    [2, '2 resources drifted'],
  ])('drift with %i drifted resources', async (n, head) => {
    const loaded = loadDocumentText(await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
    if (loaded.kind !== 'ok') throw new Error('the example does not load');
    const doc: Topology = loaded.document;
    const text = formatDrift(
      {
        inSync: false,
        resources: Array.from({ length: n }, (_, i) => ({
          resourceId: `sg-${i}`,
          kind: 'securityGroup',
          state: 'changed',
          detail: 'a rule differs',
        })),
        reachability: { gained: [], lost: [] },
      } as unknown as Parameters<typeof formatDrift>[0],
      doc,
      doc,
    );
    expect(text).toContain(`${head} (~ changed`);
    expect(text).not.toMatch(/\w\(s\)|\b1 \w+s\b/);
  });

  it.each([[[], 'securityGroupIds: needs at least 1 item']])('a schema minimum says "1 item"', async (ids, message) => {
    const raw = JSON.parse(await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8')) as {
      instances: { securityGroupIds: unknown }[];
    };
    raw.instances[0].securityGroupIds = ids;
    const loaded = loadDocumentText(JSON.stringify(raw));
    expect(loaded.kind).toBe('invalid');
    if (loaded.kind === 'invalid') expect(loaded.issues.map((i) => i.message)).toContain(message);
  });
});
