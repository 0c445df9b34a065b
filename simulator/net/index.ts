export * from './ipv4';
export * from './lpm';
export * from './ports';
