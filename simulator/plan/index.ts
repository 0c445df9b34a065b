/**
 * simulator/plan — the pure planner (design.md §1): desired vs current documents → a DAG of
 * Alibaba Cloud API calls. No I/O, no clock, no randomness: the same inputs give the same plan.
 *
 * - `planChanges(desired, current)`: what `vpclink plan` / `apply` run.
 * - `planTeardown(desired, current)`: what `vpclink destroy` runs.
 * - `planRollback(created)`: undo one apply run, from the resources its journal says it created.
 */
export * from './types';
export { planChanges } from './planChanges';
export { planTeardown, planRollback, type CreatedResource } from './teardown';
export { isCrossRegion } from './peeringChanges';
export { canonicalJson, hash64 } from './hash';
export { permissionIdentity, permissionToApi, normaliseCidr } from './identity';
export { documentOwnerId, ownerMarker, markedDescription, hasMarker } from './owner';
export { verdictOf } from './delta';
export { planMigrationToPeering, MIGRATION_CODES, type MigrationResult, type MigrationStep } from './migrate';
export { migrationApiSteps } from './migrateApi';
