/**
 * Runs sandboxed, bundled to CommonJS. Exposes exactly one object, `window.regulars`, with one
 * function; the renderer gets no ipcRenderer, no channel names, nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { isMethodName, type RegularsApi } from '../../shared/contract';
import { err } from '../../shared/result';
import { channelFor } from '../main/channel';

const api: RegularsApi = {
  call: (method, input) =>
    isMethodName(method)
      ? ipcRenderer.invoke(channelFor(method), input)
      : Promise.resolve(err('validation', `Unknown method: ${typeof method === 'string' ? method : typeof method}`)),
};

contextBridge.exposeInMainWorld('regulars', api);
