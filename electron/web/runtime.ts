/**
 * The host as a whole, independent of transport: events, document handlers, the cloud half and
 * the in-process sandbox. The web host (server.ts) and the Electron main process each make one.
 */
import { join, resolve } from 'node:path';
import { readRegularFile } from '../../cloud/files';
import { createCloudHost, type CloudEngines, type CloudHost, type SandboxHandle } from './cloudHost';
import { defaultConfigDir } from './documents';
import { createEventHub, type EventHub } from './events';
import { createHostHandlers, STARTUP_EXAMPLE, type HostHandlers, type WindowHooks } from './handlers';

export interface HostRuntimeOptions {
  readonly mode: 'electron' | 'browser';
  /** The document to open at startup; absent = the cross-account example. */
  readonly documentPath?: string;
  /**
   * Start an in-process sandbox seeded with the opened document as the default apply target
   * (default true). Needs `startSandbox`; without one the host runs without a sandbox.
   */
  readonly sandbox?: boolean;
  readonly startSandbox?: (seedText: string) => Promise<SandboxHandle>;
  readonly engines?: CloudEngines;
  readonly rootDir: string;
  readonly cwd?: string;
  /** Per-user state (recent files, autosave). Default: `$XDG_CONFIG_HOME/vpclink`. */
  readonly configDir?: string;
  readonly window?: WindowHooks;
  readonly version?: string;
}

export interface HostRuntime {
  readonly events: EventHub;
  readonly handlers: HostHandlers;
  readonly cloud: CloudHost;
  close(): Promise<void>;
}

export async function createHostRuntime(options: HostRuntimeOptions): Promise<HostRuntime> {
  const cwd = options.cwd ?? process.cwd();
  const events = createEventHub();
  let sandbox: SandboxHandle | undefined;
  if (options.sandbox !== false && options.startSandbox) {
    const seedPath = options.documentPath
      ? resolve(cwd, options.documentPath)
      : join(options.rootDir, 'examples', `${STARTUP_EXAMPLE}.vpclink.json`);
    // Regular files only: `vpclink serve FIFO` must not hang here (cloud/files/readRegular.ts).
    sandbox = await options.startSandbox(await readRegularFile(seedPath));
  }
  const cloud = createCloudHost({
    events,
    sandbox,
    engines: options.engines,
    ...(sandbox && options.startSandbox ? { startSandbox: options.startSandbox } : {}),
  });
  const handlers = createHostHandlers({
    mode: options.mode,
    rootDir: options.rootDir,
    cwd,
    configDir: options.configDir ?? defaultConfigDir(),
    documentPath: options.documentPath,
    events,
    cloud,
    window: options.window,
    version: options.version,
  });
  return { events, handlers, cloud, close: () => cloud.close() };
}
