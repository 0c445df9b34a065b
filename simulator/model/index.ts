export * from './topologyIndex';
export * from './pairing';
export * from './dataplane';
export * from './cenIndex';
