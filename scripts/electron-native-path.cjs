'use strict';
// One formula for where the Electron-ABI better-sqlite3 lives, shared by the prestart step
// (scripts/electron-native.mjs) and the main process, so the two can never disagree.
const path = require('node:path');

/** The folder for one Electron version, platform and arch: a new Electron gets a fresh build. */
function electronNativeDir(root, electronVersion, platform, arch) {
  return path.join(root, '.electron-native', `electron-${electronVersion}-${platform}-${arch}`);
}

function electronNativeBinding(root, electronVersion, platform, arch) {
  return path.join(electronNativeDir(root, electronVersion, platform, arch), 'better_sqlite3.node');
}

module.exports = { electronNativeDir, electronNativeBinding };
