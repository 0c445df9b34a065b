/** Drift: the document against the live state (topology-format.md §4.3, `vpclink drift`). */
export { compareResources, type DriftedResource, type DriftOptions } from './compare';
