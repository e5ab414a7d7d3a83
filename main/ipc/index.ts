export { createAppState, type AppState, type AppStateOptions, type ExportProgress } from './app-state';
export { createIpcHandlers, dispatch, type DispatchOptions, type IpcHandlers } from './dispatch';
export { listDatabases } from './databases';
