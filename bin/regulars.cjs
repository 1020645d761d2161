#!/usr/bin/env node
'use strict';
// `regulars` from a checkout: tsx compiles the TypeScript sources as they load, so no build step is
// needed. The CLI is pure Node over better-sqlite3 and never loads electron.
require('tsx/cjs/api').register();
require('../electron/cli/main.ts').main();
