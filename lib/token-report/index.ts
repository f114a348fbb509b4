export * from './columns';
export * from './masks';
export * from './report';
export * from './wire';
export * from './shape';
