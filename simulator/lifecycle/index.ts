export * from './errors';
export * from './routerInterface';
export * from './routeEntry';
export * from './securityGroupRule';
