'use strict';
/**
 * electron-builder hooks (see electron-builder.yml). With npmRebuild, electron-builder rebuilds
 * better-sqlite3 for Electron *in place*, in node_modules, which would leave `npm test` holding a
 * binary Node cannot load. The Node build is kept aside before the rebuild and put back after.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');

function paths(root) {
  const pkg = path.join(root, 'node_modules', 'better-sqlite3');
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  return {
    built: path.join(pkg, 'build', 'Release', 'better_sqlite3.node'),
    // Named by version and ABI, so a copy left by an interrupted run is never restored over a newer one.
    kept: path.join(root, '.electron-native', `node-${process.versions.modules}-better-sqlite3-${version}`, 'better_sqlite3.node'),
  };
}

const loadsInNode = (file) => spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`]).status === 0;

function keepNodeBuild(root = projectRoot) {
  const { built, kept } = paths(root);
  // Only a build Node can load is worth keeping; a later arch of the same run finds Electron's there.
  if (fs.existsSync(kept) || !fs.existsSync(built) || !loadsInNode(built)) return false;
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  fs.copyFileSync(built, kept);
  return true;
}

function restoreNodeBuild(root = projectRoot) {
  const { built, kept } = paths(root);
  if (!fs.existsSync(kept)) return false;
  // A new file renamed over the old one: a process that has the old binary loaded keeps its inode.
  fs.copyFileSync(kept, `${built}.node-restore`);
  fs.renameSync(`${built}.node-restore`, built);
  fs.rmSync(path.dirname(kept), { recursive: true, force: true });
  return true;
}

module.exports = {
  keepNodeBuild,
  restoreNodeBuild,
  beforeBuild: async () => {
    keepNodeBuild();
    return true; // go on with the rebuild
  },
  afterAllArtifactBuild: async () => {
    restoreNodeBuild();
    return [];
  },
};
