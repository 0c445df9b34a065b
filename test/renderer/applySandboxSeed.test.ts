/**
 * The toolbar's Apply… plans the open document; against the local sandbox it first seeds the
 * sandbox from the document when the sandbox lacks the document's accounts or VPCs (a sketch made
 * after the sandbox was started), and says so. Against Alibaba Cloud it never reseeds anything.
 * The host is a recording bridge (the renderer's one transport, renderer/api.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AccountCredentials,
  HostEvent,
  PlanProblemView,
  PlanView,
  TargetInfo,
} from '../../electron/common/hostApi';
import { PRELOAD_GLOBAL, type PreloadBridge } from '../../electron/common/protocol';
import { openApplyAndPlan, resetApplyForDocument, useApply } from '../../renderer/panels/ApplyPanel';
import { documentStore } from '../../renderer/state';
import { loadDocumentText } from '../../simulator/document';

const ROOT = resolve(__dirname, '../..');
const TARGETS: readonly TargetInfo[] = [
  { id: 'sandbox', kind: 'sandbox', label: 'Sandbox (local)', description: '', available: true },
  { id: 'aliyun', kind: 'aliyun', label: 'Alibaba Cloud', description: '', available: true },
];

interface World {
  /** Account IDs the sandbox knows. */
  known: Set<string>;
  /** The first plans answer with these problems (the sandbox lacks a VPC). */
  problems: PlanProblemView[][];
}

let calls: string[];
let world: World;

const planView = (problems: readonly PlanProblemView[]): PlanView => ({
  targetId: useApply.getState().targetId,
  fingerprint: '0123456789abcdef',
  steps: [],
  billable: [],
  reachability: { gained: [], lost: [], unchangedCount: 0 },
  upToDate: false,
  warnings: [],
  problems,
  failingFlows: [],
});

function install(): void {
  const host: Record<string, (...args: never[]) => unknown> = {
    listTargets: () => TARGETS,
    getAccountCredentials: (targetId: string): AccountCredentials[] =>
      documentStore.getState().doc.accounts.map((a) => ({
        accountId: a.accountId,
        source:
          targetId === 'sandbox' && world.known.has(a.accountId)
            ? { kind: 'sandbox', description: 'sandbox key' }
            : { kind: 'none', description: 'none' },
        status: { kind: 'unchecked' },
      })),
    checkIdentity: () => Promise.reject({ code: 'NOT_AVAILABLE', message: 'not here' }),
    plan: () => planView(world.problems.shift() ?? []),
    reseedSandbox: () => {
      for (const a of documentStore.getState().doc.accounts) world.known.add(a.accountId);
      world.problems = [];
      return TARGETS[0];
    },
  };
  const bridge: PreloadBridge = {
    call: async (method, args) => {
      calls.push(method);
      const answer = host[method];
      if (!answer) return { ok: false, error: { code: 'NOT_AVAILABLE', message: method } };
      try {
        return { ok: true, value: (await answer(...(args as never[]))) as never };
      } catch (error) {
        return { ok: false, error: error as never };
      }
    },
    onEvent: (_listener: (event: HostEvent) => void) => () => {},
  };
  (globalThis as Record<string, unknown>)[PRELOAD_GLOBAL] = bridge;
}

function openExample(): void {
  const loaded = loadDocumentText(readFileSync(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  if (loaded.kind !== 'ok') throw new Error('the example does not load');
  documentStore.getState().load(loaded.document, { path: null, title: 'x', origin: 'example' });
}

beforeEach(() => {
  calls = [];
  world = { known: new Set(), problems: [] };
  install();
  openExample();
  useApply.setState({ targets: [], targetId: '' });
  resetApplyForDocument();
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>)[PRELOAD_GLOBAL];
});

const NOT_LIVE: PlanProblemView = { severity: 'error', code: 'VPC_NOT_LIVE', message: 'no VPC' };

describe('Apply… against the sandbox', () => {
  it('seeds the sandbox first when it does not know the document’s accounts, and says which', async () => {
    await openApplyAndPlan();
    expect(calls.filter((c) => c === 'reseedSandbox')).toHaveLength(1);
    expect(calls.indexOf('reseedSandbox')).toBeLessThan(calls.indexOf('plan'));
    const state = useApply.getState();
    expect(state.phase).toBe('planned');
    expect(state.seededNote).toMatch(/did not hold accounts 1231579085529123, 1564982317654321, so it was seeded/);
  });

  it('seeds and plans again when the accounts are there but a VPC is not', async () => {
    for (const a of documentStore.getState().doc.accounts) world.known.add(a.accountId);
    world.problems = [[NOT_LIVE]];
    await openApplyAndPlan();
    expect(calls.filter((c) => c === 'plan')).toHaveLength(2);
    expect(calls.filter((c) => c === 'reseedSandbox')).toHaveLength(1);
    expect(useApply.getState().plan?.problems).toEqual([]);
    expect(useApply.getState().seededNote).toContain("did not hold this document's VPCs");
  });

  it('leaves a sandbox that holds the document alone', async () => {
    for (const a of documentStore.getState().doc.accounts) world.known.add(a.accountId);
    await openApplyAndPlan();
    expect(calls).not.toContain('reseedSandbox');
    expect(useApply.getState().seededNote).toBeNull();
    expect(useApply.getState().phase).toBe('planned');
  });
});

describe('Apply… against Alibaba Cloud', () => {
  it('never reseeds: unknown accounts and missing VPCs are the plan’s to report', async () => {
    await openApplyAndPlan();
    useApply.setState({ targetId: 'aliyun' });
    calls = [];
    world.problems = [[NOT_LIVE]];
    await openApplyAndPlan();
    expect(calls).not.toContain('reseedSandbox');
    expect(calls.filter((c) => c === 'plan')).toHaveLength(1);
    expect(useApply.getState().plan?.problems).toEqual([NOT_LIVE]);
    expect(useApply.getState().seededNote).toBeNull();
  });
});
