// Electron IPC channel names, kept free of imports so the sandboxed preload bundle stays tiny.
export const IPC_CALL_CHANNEL = 'provbench:call'
export const IPC_EVENT_CHANNEL = 'provbench:event'
export const IPC_SUBSCRIBE_CHANNEL = 'provbench:subscribe'
