export * from './schema';
export * from './load';
export * from './casebook';
export * from './engine';
export * from './subject';
export * from './values';
export * from './describe';
export * from './dictionary';
