export * from './audit';
export * from './imports';
export * from './segments';
export * from './consent';
export * from './customers';
export * from './notes';
export * from './sales';
export * from './staff';
