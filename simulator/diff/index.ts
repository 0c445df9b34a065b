/** Differential reachability between two documents (topology-format.md §4.3, `vpclink diff`). */
export {
  diffReachability,
  type DiffOptions,
  type DiffResult,
  type GainedPair,
  type LostGroup,
  type LostPair,
  type ReachabilityDiff,
} from './diff';
