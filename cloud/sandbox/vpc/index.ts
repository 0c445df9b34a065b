/**
 * VPC 2016-04-28: every emulated action in one table (aliyun-api.md §3, §4, §5.1). Each resource
 * family lives in its own file beside this one (design.md §5); a new family adds its file and its
 * rows here. An account sees and changes only its own resources.
 */
import type { Handler } from '../context';
import { describeVpcs, describeVSwitches, describeVRouters } from './networks';
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
};
