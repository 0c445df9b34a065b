import { describe, expect, it } from 'vitest';
import { criticalPathMs, minimumCalls, stepCost, type PlanStepLike } from '../../bench/applyBench';
import { evaluateTargets, formatCell, formatRatio, parseBenchArgs } from '../../bench/run';
import { percentile, median } from '../../bench/lib/measure';

const T = { connectMs: 20_000, activateMs: 10_000, deactivateMs: 10_000, deleteMs: 5000, routeMs: 3000 };
const step = (id: string, kind: string, dependsOn: string[] = [], extra: Partial<PlanStepLike> = {}): PlanStepLike => ({
  id,
  kind,
  dependsOn,
  mutating: !kind.startsWith('wait'),
  ...extra,
});

describe('bench statistics and formatting', () => {
  it.each([
    [[5, 1, 3], 50, 3],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
  ])('percentile(%j, %d) = %d (nearest rank)', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
  it('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it.each([
    [{ kind: 'time', ms: 12.34 }, 10, '12.3 ms (1.23×)'],
    [{ kind: 'time', ms: 0.1234 }, 40, '0.123 ms (0.0031×)'],
    [{ kind: 'time', ms: 2167 }, 58.6, '2,167 ms (37.0×)'],
    [{ kind: 'bytes', bytes: 7_000_000 }, 1, '6.7 MB'],
    [{ kind: 'na', reason: 'n/a (module not available)' }, 1, 'n/a (module not available)'],
  ] as const)('formatCell(%j, floor %d) = %s', (figure, floor, text) => {
    expect(formatCell(figure, floor)).toBe(text);
  });
  it('formatRatio keeps small ratios readable', () => {
    expect(formatRatio(0.00042)).toBe('0.00042×');
  });
});

describe('bench arguments', () => {
  it('parses sizes, json, skips and seed', () => {
    expect(parseBenchArgs(['--sizes', 'l,s', '--json=out.json', '--skip-ui', '--seed', '3'])).toMatchObject({
      sizes: ['S', 'L'],
      json: 'out.json',
      skipUi: true,
      skipApply: false,
      seed: 3,
    });
  });
  it.each([
    [['--sizes'], '--sizes: expects a value'],
    [['--seed', '-1'], '--seed: expected a non-negative integer, got "-1"'],
    [['--frobnicate'], 'unknown argument "--frobnicate"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('apply critical path', () => {
  it('costs a call one round trip and a wait its transition plus one poll', () => {
    expect(stepCost(step('c', 'connectRouterInterface'), 100, T)).toBe(100);
    expect(stepCost(step('w', 'waitRouterInterface', [], { until: 'Active' }), 100, T)).toBe(20_100);
    expect(stepCost(step('w', 'waitRouterInterface', [], { until: 'Idle' }), 100, T)).toBe(100);
    expect(stepCost(step('r', 'waitRouteEntry', [], { until: 'Available' }), 100, T)).toBe(3100);
  });

  it('is the longest dependency chain (the cross-account shape)', () => {
    const steps = [
      step('ca', 'createRouterInterface'),
      step('cb', 'createRouterInterface'),
      step('wa', 'waitRouterInterface', ['ca'], { until: 'Idle' }),
      step('wb', 'waitRouterInterface', ['cb'], { until: 'Idle' }),
      step('mb', 'modifyRouterInterfaceAttribute', ['wa', 'wb']),
      step('ma', 'modifyRouterInterfaceAttribute', ['mb']),
      step('conn', 'connectRouterInterface', ['ma']),
      step('act', 'waitRouterInterface', ['conn'], { until: 'Active' }),
      step('ra', 'createRouteEntry', ['act'], { vpcId: 'A' }),
      step('rwa', 'waitRouteEntry', ['ra'], { until: 'Available', vpcId: 'A' }),
      step('rb', 'createRouteEntry', ['act'], { vpcId: 'B' }),
      step('rwb', 'waitRouteEntry', ['rb'], { until: 'Available', vpcId: 'B' }),
    ];
    // create, wait Idle, modify ×2, connect, wait Active (20 s + poll), route + wait (3 s + poll)
    expect(criticalPathMs(steps, 100, T)).toBe(100 + 100 + 100 + 100 + 100 + 20_100 + 100 + 3100);
    expect(minimumCalls(steps)).toBe(12);
  });

  it('serialises route writes of one VPC even when the plan runs them in parallel', () => {
    const steps = [
      step('r1', 'createRouteEntry', [], { vpcId: 'A' }),
      step('w1', 'waitRouteEntry', ['r1'], { until: 'Available', vpcId: 'A' }),
      step('r2', 'createRouteEntry', [], { vpcId: 'A' }),
      step('w2', 'waitRouteEntry', ['r2'], { until: 'Available', vpcId: 'A' }),
      step('r3', 'createRouteEntry', [], { vpcId: 'B' }),
      step('w3', 'waitRouteEntry', ['r3'], { until: 'Available', vpcId: 'B' }),
    ];
    expect(criticalPathMs(steps, 100, T)).toBe(2 * (100 + 3100));
  });
});

describe('targets', () => {
  it('compares L figures with their ratio limits and reports what was not measured', () => {
    const targets = evaluateTargets({
      machine: { cpu: 'x', cores: 2, memoryGb: 1, node: 'v20', platform: 'linux', date: 'd' },
      options: { sizes: ['L'], seed: 1, skipUi: true, skipApply: true },
      sizes: {
        L: {
          status: 'done',
          seconds: 1,
          figures: {
            floor: { kind: 'time', ms: 10 },
            loadValidate: { kind: 'time', ms: 25 },
            checkMedian: { kind: 'time', ms: 0.2 },
            matrixIcmp: { kind: 'na', reason: 'n/a (module not available)' },
            recheckAddRule: { kind: 'time', ms: 4 },
            recheckRemoveRoute: { kind: 'time', ms: 6 },
            peakMemory: { kind: 'bytes', bytes: 600 * 2 ** 20 },
          },
        },
      },
      totalSeconds: 1,
    });
    const byName = Object.fromEntries(targets.map((t) => [t.target, t.status]));
    expect(byName['L load + validate ≤ 3×']).toBe('met');
    expect(byName['L single check, full trace ≤ 0.01× (median)']).toBe('missed');
    expect(byName['L full ICMP matrix ≤ 1×']).toBe('not measured');
    expect(byName['L re-check after one edit ≤ 0.1×']).toBe('missed');
    expect(byName['L assert well under 1× (≤ 0.5×), from a built index']).toBe('not measured');
    expect(byName['L diff well under 1× (≤ 0.5×), from a built BEFORE index']).toBe('not measured');
    expect(byName['XL full ICMP matrix ≤ 3×']).toBe('not measured');
    expect(byName['XL peak memory < 1 GB']).toBe('not measured');
    expect(byName['L peak memory < 500 MB']).toBe('missed');
    expect(byName['XL completes']).toBe('not measured');
    expect(byName['L edit → verdict, worker compute ≤ 0.1×']).toBe('not measured');
    expect(byName['L edit → verdict on screen ≤ 50 ms']).toBe('not measured');
  });

  it('judges edit → verdict in the app: the worker compute against 0.1× the L floor, the screen against 50 ms', () => {
    const judge = (compute: number, screen: number) =>
      Object.fromEntries(
        evaluateTargets({
          machine: { cpu: 'x', cores: 2, memoryGb: 1, node: 'v20', platform: 'linux', date: 'd' },
          options: { sizes: ['L'], seed: 1, skipUi: false, skipApply: true },
          sizes: { L: { status: 'done', seconds: 1, figures: { floor: { kind: 'time', ms: 20 } } } },
          ui: {
            status: 'done',
            seconds: 1,
            figures: {
              uiEditCompute: { kind: 'time', ms: compute },
              uiEditToScreen: { kind: 'time', ms: screen },
            },
          },
          totalSeconds: 1,
        }).map((t) => [t.target, t.status]),
      );
    expect(judge(2, 50)).toMatchObject({
      'L edit → verdict, worker compute ≤ 0.1×': 'met',
      'L edit → verdict on screen ≤ 50 ms': 'met',
    });
    expect(judge(2.1, 51)).toMatchObject({
      'L edit → verdict, worker compute ≤ 0.1×': 'missed',
      'L edit → verdict on screen ≤ 50 ms': 'missed',
    });
  });
});
