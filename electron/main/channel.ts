/** The one IPC channel; its own module so the preload bundle imports nothing else from main. */
export const CALL_CHANNEL = 'regulars:call';
