import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('regulars', {});
