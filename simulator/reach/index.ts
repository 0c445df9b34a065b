/**
 * Reachability: would a flow between two instances (or an instance and an address) work, both
 * ways, and if not, every reason why with its fix (topology-format.md §3.2); and the verdict for
 * every ordered pair of instances (§3.3).
 *
 *   const reach = createReachability(document);   // compiles the indexes once
 *   reach.check({ from: 'i-a', to: 'i-b', protocol: 'icmp', port: null });
 *   reach.matrix({ protocol: 'tcp', port: 22 });
 */
import type { SecurityGroup, Topology } from '../document/schema';
import { compile, type Compiled, type InstanceInfo } from './compile';
import { protocolInputError, resolveFlow } from './flow';
import { computeMatrix, matrixByChecks, matrixResult, type SweepCache, sweepIsExact } from './matrix';
import { compilePool, type Pool } from './securityGroups';
import { hasNoRoute } from './steps/routing';
import { Tracer } from './trace';
import type {
  CheckResult,
  FlowInputError,
  FlowSpec,
  FlowVerdict,
  MatrixResult,
  Protocol,
  Reachability,
  UnchangedSince,
} from './types';

export type * from './types';
export { REACH_BLOCKER_CODES, type ReachBlockerCode } from './codes';
export { flowText, protocolInputError, PROTOCOLS } from './flow';
export { bitRows, isReachable, reachableRow } from './matrix';
export { applyJsonPatch, JsonPatchError, type JsonPatch, type JsonPatchOperation } from './jsonPatch';
export { isUndeterminedCode, type DropCause } from './codes';

export function createReachability(document: Topology): Reachability {
  return build(compile(document), undefined, new Map());
}

/**
 * The pooled rule sets an updated index may take over from the version before it, looked up
 * when first asked for (an edit's `update` costs nothing per pool: an estate has thousands of
 * them and the check after an edit reads two). `pools` are the earlier version's own (it keeps
 * adding to them while it is used), `earlier` what it could take over itself, and `stale` which
 * groups the edit between the two made stale (staleGroups).
 */
interface EarlierPools {
  readonly pools: ReadonlyMap<string, Pool>;
  readonly earlier: EarlierPools | undefined;
  readonly stale: (group: SecurityGroup) => boolean;
  /** Links in the chain, this one included. */
  readonly depth: number;
}

/**
 * Past this many edits in a row the chain is flattened into one map (see `flattened`): every
 * lookup that misses walks the chain, and each link keeps its version's pools alive.
 */
const MAX_POOL_CHAIN = 8;

function neverStale(): boolean {
  return false;
}

/** The pool of `key` an earlier version had and no edit since made stale, if any. */
function earlierPool(link: EarlierPools | undefined, key: string): Pool | undefined {
  if (link === undefined) return undefined;
  const pool = link.pools.get(key) ?? earlierPool(link.earlier, key);
  return pool !== undefined && !pool.groups.some(link.stale) ? pool : undefined;
}

/** The chain as one link: every pool of any version in it that is still good after the last edit. */
function flattened(link: EarlierPools): EarlierPools {
  const pools = new Map<string, Pool>();
  for (let l: EarlierPools | undefined = link; l !== undefined; l = l.earlier)
    for (const key of l.pools.keys()) {
      if (pools.has(key)) continue;
      const pool = earlierPool(link, key);
      if (pool !== undefined) pools.set(key, pool);
    }
  return { pools, earlier: undefined, stale: neverStale, depth: 1 };
}

/**
 * @param earlier the pooled rule sets of the versions before this one (undefined for a fresh index).
 * @param sweeps the matrix sweeps of the previous version (by protocol and port), which a matrix
 * of this version continues from (only what the edit touched is computed again).
 */
function build(
  compiled: Compiled,
  earlier: EarlierPools | undefined,
  sweeps: ReadonlyMap<string, SweepCache>,
): Reachability {
  const pools = new Map<string, Pool>();
  const ownSweeps = new Map<string, SweepCache>();
  // Each holder's pool by its index too: a matrix asks for every holder's, and a lookup by the
  // pool's key hashes a string per holder.
  const poolAt = new Array<Pool | undefined>(compiled.nics.length);
  const poolOf = (instance: InstanceInfo): Pool => {
    let pool = poolAt[instance.idx];
    if (pool !== undefined) return pool;
    pool = pools.get(instance.poolKey);
    if (!pool) {
      pool = earlierPool(earlier, instance.poolKey) ?? compilePool(compiled, instance.groupIds, instance.poolKey);
      pools.set(instance.poolKey, pool);
    }
    poolAt[instance.idx] = pool;
    return pool;
  };
  const tracer = new Tracer(compiled, poolOf);
  return {
    check(flow: FlowSpec): CheckResult | FlowInputError {
      const resolved = resolveFlow(compiled, flow);
      if ('kind' in resolved) return resolved;
      return tracer.check(resolved.flow, resolved.source, resolved.destination);
    },
    verdict(flow: FlowSpec, unchanged?: UnchangedSince): FlowVerdict | FlowInputError {
      const resolved = resolveFlow(compiled, flow);
      if ('kind' in resolved) return resolved;
      return tracer.verdict(resolved.flow, resolved.source, resolved.destination, unchanged);
    },
    matrix(options: { readonly protocol: Protocol; readonly port: number | null }): MatrixResult {
      const error = protocolInputError(options.protocol, options.port);
      if (error) throw new RangeError(`matrix: ${error.field}: ${error.message}`);
      if (sweepIsExact(compiled)) {
        const { protocol, port } = options;
        const key = `${protocol}/${port ?? ''}`;
        const { swept, cache } = computeMatrix(compiled, poolOf, protocol, port, ownSweeps.get(key) ?? sweeps.get(key));
        ownSweeps.set(key, cache);
        return matrixResult(compiled, protocol, port, swept);
      }
      const flow = { from: '', to: '', protocol: options.protocol, port: options.port };
      return matrixByChecks(
        compiled,
        (s, d) =>
          tracer.check(
            { ...flow, from: s.id, to: d.id },
            { nic: s, ip: s.ip },
            { kind: 'instance', instance: d, ip: d.ip },
          ),
        options.protocol,
        options.port,
      );
    },
    surelyNoRoute(from: string, to: string): boolean {
      // IDs only (an address or a name is resolved by `check`): a holder's own address, as `check` takes it.
      const source = compiled.nicById.get(from);
      const destination = compiled.nicById.get(to);
      return source !== undefined && destination !== undefined && hasNoRoute(compiled, source, destination);
    },
    update(next: Topology): Reachability {
      const nextCompiled = compile(next, compiled);
      // The next version takes over, when it first asks for them, the pooled rule sets whose
      // groups are the very same objects at the same place (staleGroups).
      const stale = staleGroups(compiled, nextCompiled);
      let link: EarlierPools | undefined;
      if (stale !== 'all') {
        link = { pools, earlier, stale, depth: (earlier?.depth ?? 0) + 1 };
        if (link.depth > MAX_POOL_CHAIN) link = flattened(link);
      }
      // The newest sweeps: this version's own, else the ones it continued from.
      return build(nextCompiled, link, ownSweeps.size === 0 ? sweeps : new Map([...sweeps, ...ownSweeps]));
    },
  };
}

/**
 * Which groups' compiled rules an edit made stale: a group that is a new object or moved in the
 * document (its rules' paths changed), or whose rules name a group that changed or went (a rule
 * naming another group matches only while that group stays in the same VPC). Computed per group,
 * once, from the groups that changed (an edit changes a few of thousands).
 */
function staleGroups(before: Compiled, after: Compiled): 'all' | ((group: SecurityGroup) => boolean) {
  if (after.prefixLists !== before.prefixLists) return 'all';
  const changed = changedGroupIds(before, after);
  const memo = new Map<SecurityGroup, boolean>();
  return (group) => {
    let stale = memo.get(group);
    if (stale === undefined) {
      stale = changed.has(group.securityGroupId);
      if (!stale && changed.size > 0) for (const id of referencedGroups(group)) if (changed.has(id)) stale = true;
      memo.set(group, stale);
    }
    return stale;
  };
}

/** The IDs of the groups that are new objects, moved, came or went (a superset is safe: only more is recompiled). */
function changedGroupIds(before: Compiled, after: Compiled): Set<string> {
  const changed = new Set<string>();
  const was = before.document.securityGroups;
  const is = after.document.securityGroups;
  if (was.length === is.length) {
    // Position by position (an edit replaces a few groups in place): a group whose object, ID or
    // place (its rules' paths) changed is at a position whose object differs.
    for (let i = 0; i < was.length; i++)
      if (was[i] !== is[i]) changed.add(was[i]!.securityGroupId).add(is[i]!.securityGroupId);
    return changed;
  }
  for (const [id, group] of before.index.securityGroups)
    if (after.index.securityGroups.get(id) !== group || after.groupDocIndex.get(id) !== before.groupDocIndex.get(id))
      changed.add(id);
  for (const id of after.index.securityGroups.keys()) if (!before.index.securityGroups.has(id)) changed.add(id);
  return changed;
}

/**
 * The groups a group's rules name, by group object. A document's groups are immutable values and
 * an edit keeps every untouched one, so the next edit reads the rules of the new groups only
 * (not the 20,000 rules of an estate each time).
 */
const referencedByGroup = new WeakMap<SecurityGroup, readonly string[]>();

function referencedGroups(group: SecurityGroup): readonly string[] {
  let ids = referencedByGroup.get(group);
  if (ids === undefined) {
    const found = new Set<string>();
    for (const p of group.permissions) {
      const id = p.direction === 'ingress' ? p.sourceGroupId : p.destGroupId;
      if (id !== undefined) found.add(id);
    }
    referencedByGroup.set(group, (ids = [...found]));
  }
  return ids;
}

/** One check without keeping the indexes (for a single question). */
export function checkFlow(document: Topology, flow: FlowSpec): CheckResult | FlowInputError {
  return createReachability(document).check(flow);
}

export function isFlowInputError(value: CheckResult | FlowInputError): value is FlowInputError {
  return 'kind' in value && value.kind === 'input-error';
}
