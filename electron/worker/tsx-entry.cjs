// The worker entry where TypeScript runs from source (dev host, tests): Node 20 does not carry a
// parent's tsx hooks into a worker before its entry loads, so the worker registers them itself.
require('tsx/cjs/api').register();
require('./entry.ts');
