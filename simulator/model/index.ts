export * from './topologyIndex';
export * from './pairing';
