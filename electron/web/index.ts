/** electron/web — the host API over HTTP for the browser mode, and the transport-neutral handlers the Electron main process reuses. */
export { startWebHost, defaultRootDir, type WebHost, type WebHostOptions } from './server';
export { CONTENT_SECURITY_POLICY } from './webStatic';
export { secretsEqual } from './webRoutes';
export {
  createHostHandlers,
  STARTUP_EXAMPLE,
  type HostHandlers,
  type HostHandlersOptions,
  type WindowHooks,
} from './handlers';
export { createCloudHost, type CloudHost, type CloudEngines, type SandboxHandle } from './cloudHost';
export { SANDBOX_TARGET_ID, ALIYUN_TARGET_ID } from './cloudHostState';
export { createEventHub, type EventHub, type HostEventListener } from './events';
export { dispatchCall } from './dispatch';
export { parseCall, ARG_SCHEMAS } from './schemas';
export { defaultConfigDir, createDocumentStore, type DocumentStore } from './documents';
export { ensureUiBuilt, uiStatus, UiBuildError } from './ui';
export { HostFailure, fail, toHostError } from './errors';
export { createHostRuntime, type HostRuntime, type HostRuntimeOptions } from './runtime';
export { defaultCloudWiring, type CloudWiring } from './cloudEngines';
