export * from './jobs';
export * from './datasets';
export * from './models';
export * from './training';
export * from './sweeps';
export * from './saes';
export * from './features';
export * from './templates';
