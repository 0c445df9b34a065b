/** Differential reachability between two documents (topology-format.md §4.3, `vpclink diff`). */
export { diffReachability, type DiffResult, type ReachabilityDiff } from './diff';
