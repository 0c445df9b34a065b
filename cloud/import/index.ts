/**
 * cloud/import — live accounts → a topology document (issue "One-click apply", topology-format.md
 * §1–§2). Describe* calls with paging for VPCs, vSwitches, route tables and their entries, router
 * interfaces, security groups (with their rules) and instances; responses map 1:1 to document
 * fields (lowerCamelCase of the API names, live statuses included).
 *
 * Rules:
 * - only Custom route entries are written (system routes for vSwitch CIDRs are implied, §2);
 * - every Long ID (OwnerId, OppositeInterfaceOwnerId …) is a decimal string;
 * - every array is sorted by ID (rules and routes by their natural key), so two imports of the same
 *   cloud are byte-identical;
 * - the data plane too (aliyun-dataplane.md): network ACLs with every entry (service and system
 *   ones included, in API order) and their bindings, ENIs with all their private IPs and groups,
 *   VPC prefix lists with their entries (a referenced list the VPC API does not know is looked up
 *   in the ECS API), every rule field, every route entry of every type
 *   (dynamic ones keep their `type`; system ones are implied);
 * - VPC peering connections (ListVpcPeerConnections, VpcPeer 2022-01-01, peering.ts): both ends'
 *   views of one `pcc-…` ID merged into one resource;
 * - what the document cannot express (VBR interfaces, ECMP routes, ICMPv6 or port-list Accept
 *   rules, ENI address prefixes, classic-network resources) is left out with a warning and an
 *   `info` finding that names it, never silently;
 * - with `existing`, the import replaces exactly the (account, region) scopes it described and
 *   keeps the rest of `existing` (other accounts and regions), its layout, top-level name and
 *   description, account names and profiles, and names of resources the cloud leaves unnamed.
 */
import type { CloudClient } from '../client';
import type { Topology } from '../../simulator/document';
import type { Finding } from '../../simulator/validate';

export { importTopology } from './importer';
export {
  mapVpc,
  mapVSwitch,
  mapRouteEntry,
  mapRouterInterface,
  mapSecurityGroup,
  mapPermission,
  mapInstance,
  mapNetworkAcl,
  mapNetworkInterface,
  mapPrefixList,
} from './map';
export { IMPORT_CODES, type ImportCode } from './codes';

export interface ImportRequest {
  /** The accounts to describe, each with a client whose credentials act in that account (verify first: cloud/credentials verifyCallerIdentity). */
  readonly accounts: ReadonlyArray<{ readonly accountId: string; readonly client: CloudClient }>;
  /**
   * Regions to describe in every account. Default: the regions seen in `existing` (VPCs and
   * router interfaces), else every VPC/ECS region of aliyun-api.md §2 (regions the account cannot
   * use are skipped with one warning).
   */
  readonly regions?: readonly string[];
  /** A document to merge into (see the module comment). */
  readonly existing?: Topology;
  /** Cancels outstanding calls; the import then rejects with CloudError `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Calls in flight at once across all accounts and regions. Default 4 (API flow control). */
  readonly concurrency?: number;
}

export interface ImportResult {
  /** Loads with loadDocumentValue() as kind 'ok' (checked before returning). */
  readonly document: Topology;
  /** What was left out or adjusted, one sentence each, naming the resource. */
  readonly warnings: string[];
  /** The same as `info` findings (code IMPORT_NOT_REPRESENTED, cloud/import/codes.ts), for --json output. */
  readonly findings: readonly Finding[];
}
