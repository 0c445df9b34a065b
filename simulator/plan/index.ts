/**
 * simulator/plan — the pure planner (design.md §1): desired vs current documents → a DAG of
 * Alibaba Cloud API calls. No I/O, no clock, no randomness: the same inputs give the same plan.
 *
 * - `planChanges(desired, current)`: what `vpclink plan` / `apply` run.
 * - `planTeardown(desired, current)`: what `vpclink destroy` runs.
 * - `planRollback(created)`: undo one apply run, from the resources its journal says it created.
 */
export * from './types';
export {
  planChanges,
  matchRouterInterfaces,
  pairRouterInterfaces,
  MAX_PERMISSIONS_PER_CALL,
  type PlanOptions,
} from './planChanges';
export { planTeardown, planRollback, type CreatedResource } from './teardown';
export { vpcPeerKey, vpcPeerKeyText, matchVpcPeerConnections, isCrossRegion } from './peeringChanges';
export { canonicalJson, hash64, clientTokenFor } from './hash';
export {
  routerInterfaceKey,
  routerInterfaceKeyText,
  matchScore,
  permissionIdentity,
  permissionToApi,
  normaliseCidr,
  routeKey,
} from './identity';
export { documentOwnerId, ownerMarker, markedDescription, hasMarker, OWNER_MARKER_PREFIX } from './owner';
export { reachabilityDelta, verdictOf, MAX_DELTA_FLOWS } from './delta';
export { routerInterfaceCost, BILLING_TEXT, assertTopologicalOrder } from './builder';
export {
  planMigrationToPeering,
  MIGRATION_CODES,
  type MigrationResult,
  type MigrationStep,
  type MigrationFlow,
  type MigrationRefusalCode,
} from './migrate';
export { migrationApiSteps } from './migrateApi';
