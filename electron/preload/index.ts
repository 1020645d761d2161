/**
 * Runs sandboxed, bundled to CommonJS. Exposes exactly one object, `window.regulars`, with one
 * function; the renderer gets no ipcRenderer, no channel names, nothing else. The same bridge, over
 * fetch, is the dev host's (electron/web/bridge.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../../shared/transport';
import { channelFor } from '../main/channel';

const api = createBridge(
  (method, input) => ipcRenderer.invoke(channelFor(method), input),
  (error) => `Regulars could not reach its main process: ${error.message}`,
);

contextBridge.exposeInMainWorld('regulars', api);
