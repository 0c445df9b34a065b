export * from './schema';
export * from './codes';
export * from './load';
export { jsonNestingProblem } from './jsonDepth';
export * from './serialize';
