export * from './schema';
export * from './codes';
export * from './load';
export * from './serialize';
