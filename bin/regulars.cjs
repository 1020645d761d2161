#!/usr/bin/env node
'use strict';
// `regulars` from a checkout. The build (`npm run build`, `npm start`, `npm run web`) bundles the
// command line into out/cli/regulars.cjs, which starts in a blink; while any of its sources is newer
// than that bundle (or there is none yet), tsx compiles the TypeScript sources as they load, so an
// edit is never answered by an older build. The CLI is pure Node and never loads electron.
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'out', 'cli', 'regulars.cjs');

function bundleIsCurrent() {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(fs.readFileSync(`${bundle}.inputs.json`, 'utf8'));
    const folder = path.dirname(bundle);
    return Array.isArray(inputs) && inputs.length > 0 && inputs.every((input) => fs.statSync(path.join(folder, input)).mtimeMs <= built);
  } catch {
    // No bundle, no list, or a source gone: the sources are the truth.
    return false;
  }
}

if (bundleIsCurrent()) {
  require(bundle).main();
} else {
  require('tsx/cjs/api').register();
  require('../electron/cli/main.ts').main();
}
