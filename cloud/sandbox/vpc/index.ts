/**
 * VPC 2016-04-28: every emulated action in one table (aliyun-api.md §3, §4, §5.1). Each resource
 * family lives in its own file beside this one (design.md §5); a new family adds its file and its
 * rows here. An account sees and changes only its own resources.
 */
import type { Handler } from '../context';
import { describeVpcs, describeVSwitches, describeVRouters } from './networks';
import * as acl from './networkAcls';
import * as pl from './prefixLists';
import { describeRouteEntryList, describeRouteTableList, describeRouteTables } from './routeTables';
import { createRouteEntry, deleteRouteEntry } from './routes';
import {
  createRouterInterface,
  deleteRouterInterface,
  describeRouterInterfaces,
  lifecycleCall,
  modifyRouterInterfaceAttribute,
  modifyRouterInterfaceSpec,
} from './routerInterfaces';

export const VPC_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  DescribeVpcs: { handler: describeVpcs, mutates: false },
  DescribeVSwitches: { handler: describeVSwitches, mutates: false },
  DescribeVRouters: { handler: describeVRouters, mutates: false },
  DescribeRouteTables: { handler: describeRouteTables, mutates: false },
  DescribeRouteTableList: { handler: describeRouteTableList, mutates: false },
  DescribeRouteEntryList: { handler: describeRouteEntryList, mutates: false },
  DescribeRouterInterfaces: { handler: describeRouterInterfaces, mutates: false },
  CreateRouteEntry: { handler: createRouteEntry, mutates: true },
  DeleteRouteEntry: { handler: deleteRouteEntry, mutates: true },
  CreateRouterInterface: { handler: createRouterInterface, mutates: true },
  ModifyRouterInterfaceAttribute: { handler: modifyRouterInterfaceAttribute, mutates: true },
  ConnectRouterInterface: { handler: lifecycleCall('connect'), mutates: true },
  ActivateRouterInterface: { handler: lifecycleCall('activate'), mutates: true },
  DeactivateRouterInterface: { handler: lifecycleCall('deactivate'), mutates: true },
  DeleteRouterInterface: { handler: deleteRouterInterface, mutates: true },
  ModifyRouterInterfaceSpec: { handler: modifyRouterInterfaceSpec, mutates: true },
  // Network ACLs and prefix lists (dataplane, aliyun-dataplane.md §1–§2).
  CreateNetworkAcl: { handler: acl.createNetworkAcl, mutates: true },
  DescribeNetworkAcls: { handler: acl.describeNetworkAcls, mutates: false },
  DescribeNetworkAclAttributes: { handler: acl.describeNetworkAclAttributes, mutates: false },
  UpdateNetworkAclEntries: { handler: acl.updateNetworkAclEntries, mutates: true },
  AssociateNetworkAcl: { handler: acl.associateNetworkAcl, mutates: true },
  UnassociateNetworkAcl: { handler: acl.unassociateNetworkAcl, mutates: true },
  DeleteNetworkAcl: { handler: acl.deleteNetworkAcl, mutates: true },
  CreateVpcPrefixList: { handler: pl.createVpcPrefixList, mutates: true },
  ListPrefixLists: { handler: pl.listPrefixLists, mutates: false },
  GetVpcPrefixListEntries: { handler: pl.getVpcPrefixListEntries, mutates: false },
  ModifyVpcPrefixList: { handler: pl.modifyVpcPrefixList, mutates: true },
  DeleteVpcPrefixList: { handler: pl.deleteVpcPrefixList, mutates: true },
};
