'use strict';
// Finds the Electron executable the way `require('electron')` does (which, since Electron 45,
// downloads the binary on first use), but in a child process: the download's own chatter and
// stack traces stay out of our output and come back as a one-line reason instead.
const { spawnSync } = require('node:child_process');

const MARK = '@@regulars-electron ';

/** @returns {{ ok: true, path: string } | { ok: false, reason: string }} */
function findElectron(root) {
  let entry;
  try {
    entry = require.resolve('electron', { paths: [root] });
  } catch {
    return { ok: false, reason: 'the electron npm package is not installed' };
  }
  const probe = `try { process.stdout.write('\\n${MARK}' + JSON.stringify({ path: require(${JSON.stringify(entry)}) })) }
    catch (e) { process.stdout.write('\\n${MARK}' + JSON.stringify({ error: String(e && e.message || e) })) }`;
  const child = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  const line = (child.stdout || '').split('\n').find((l) => l.startsWith(MARK));
  if (!line) return { ok: false, reason: `probing it failed (${firstLine(child.stderr) || `exit ${child.status}`})` };
  const answer = JSON.parse(line.slice(MARK.length));
  if (answer.path) return { ok: true, path: answer.path };
  // The thrown message only says "failed to install"; the download's own error says why.
  const cause = (child.stderr || '').split('\n').map((l) => l.trim()).find((l) => /error|fail|denied|ENO/i.test(l));
  return { ok: false, reason: [firstLine(answer.error), cause].filter(Boolean).join(' — ') };
}

function firstLine(text) {
  return String(text || '').trim().split('\n')[0].trim();
}

module.exports = { findElectron };
