#!/usr/bin/env node
// `npm test` step: the path of a call from the renderer to its handler stays typed. In the files
// below, no `unknown` and no `as` cast (other than `as const`) may appear: a value's type is carried,
// not re-asserted. The one place allowed both is shared/transport.ts, where a call from outside is
// read (`parseCall`) and a reply that crossed a channel gets its type back (`replyFor`).
// Prints each finding as file:line and exits 1 when there is any.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Every file a call passes through between `window.regulars` and the core's handler map, in order.
 * The renderer's own code (renderer/api.ts) is above it: it calls window.regulars, a Transport.
 */
export const transportPath = [
  'electron/preload/index.ts', // window.regulars in Electron
  'electron/web/bridge.ts', // window.regulars in the dev host's browser page
  'electron/main/channel.ts',
  'electron/main/ipc.ts', // the Electron edge
  'electron/web/server.ts', // the dev host's HTTP edge
  'db/session.ts', // the session gate, and the Backend interface
  'electron/worker/client.ts', // the worker client (a Backend)
  'electron/worker/protocol.ts',
  'electron/worker/entry.ts',
  'db/core.ts', // the core's edge and the handler map
];

/** The code alone: comments and the text inside string and template literals blanked, line breaks kept. */
function codeOf(source) {
  let out = '';
  for (let i = 0; i < source.length; ) {
    const two = source.slice(i, i + 2);
    if (two === '//') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (two === '/*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (source[i] === "'" || source[i] === '"' || source[i] === '`') {
      const quote = source[i++];
      out += quote;
      while (i < source.length && source[i] !== quote) {
        if (source[i] === '\\') i++;
        // A template's ${…} is code, but none on this path hides a cast there; it is blanked with the rest.
        out += source[i] === '\n' ? '\n' : ' ';
        i++;
      }
      out += quote;
      i++;
    } else {
      out += source[i++];
    }
  }
  return out;
}

const rules = [
  { name: 'unknown', pattern: /\bunknown\b/g },
  // `x as T`, but not `as const` and not a renamed import or export (`{ a as b }`).
  { name: 'as cast', pattern: /(?<![.\w])\bas\s+(?!const\b)/g, skipLine: /^\s*(import|export)\b.*\{[^}]*\bas\b/ },
];

let findings = 0;
for (const file of transportPath) {
  const lines = codeOf(fs.readFileSync(path.join(root, file), 'utf8')).split('\n');
  lines.forEach((line, index) => {
    for (const rule of rules) {
      if (rule.skipLine?.test(line)) continue;
      for (const _ of line.matchAll(rule.pattern)) {
        findings++;
        console.log(`${file}:${index + 1}: ${rule.name}: ${line.trim()}`);
      }
    }
  });
}
console.log(`${findings} unknown types or casts in the ${transportPath.length} files of the transport path (allowed: 0)`);
process.exit(findings === 0 ? 0 : 1);
