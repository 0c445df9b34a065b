/**
 * The host API: everything the renderer may ask of the host (the Electron main process, or the
 * `vpclink serve` web host in browser mode). Declared ONCE here and used to type both transports:
 * Electron IPC (electron/preload → electron/main) and HTTP (`POST /api/call`, see protocol.ts).
 *
 * Rules every method follows:
 * - async; arguments and results are plain JSON values (no Dates, Maps, class instances);
 * - failures reject with a {@link HostError} (`{ code, message }`), never with free text;
 * - no secret (AccessKey secret, STS token) ever appears in a result or an event. The one thing a
 *   secret may travel in is {@link CredentialSource} `accessKey` and {@link StoreAccessKeyRequest}, from
 *   renderer to host, when the user types a key in; the host keeps it in process memory, or stores it
 *   where the user chose (an aliyun CLI profile, the OS keychain) — never in the document or a log.
 *
 * Types only: this file has no runtime code (design.md §2, `electron/common`).
 */
import type { MenuCommandName } from './commands';

// ───────────────────────────────────────── errors ─────────────────────────────────────────

/** The catalogue of host error codes (UPPER_SNAKE_CASE, design.md §4.6). */
export type HostErrorCode =
  /** The request is malformed: unknown method, wrong argument types. `field` names the argument. */
  | 'BAD_REQUEST'
  /**
   * Token / Host / Origin / IPC sender check failed; or a file the user did not pick (open, save
   * and export only touch files picked in a dialog, on the command line or in the recent list).
   */
  | 'FORBIDDEN'
  /** A file, example, run or account the request names does not exist. */
  | 'NOT_FOUND'
  /** The file exists but cannot be read (permissions, a directory …). */
  | 'FILE_UNREADABLE'
  /** Writing failed (permissions, disk full …); the previous file is left intact (atomic write). */
  | 'FILE_WRITE_FAILED'
  /**
   * The file changed on disk since it was opened or last saved here (or, for Save As, already
   * exists): nothing was written. Ask the user: overwrite (`saveFile` with `overwrite: true`),
   * reload, or save as another file.
   */
  | 'FILE_CHANGED_ON_DISK'
  /** The text is not a topology document (not JSON, wrong format, unsupported version). */
  | 'DOCUMENT_INVALID'
  /** The feature is not available in this build or this mode (e.g. native dialogs in the browser). */
  | 'NOT_AVAILABLE'
  /** `targetId` names no target from {@link HostApi.listTargets}. */
  | 'UNKNOWN_TARGET'
  /** No usable credentials for an account on a real-cloud target. */
  | 'CREDENTIALS_MISSING'
  /** The cloud (or sandbox) refused a call; `retryable`/`requestId` are set when known. */
  | 'CLOUD_ERROR'
  /** Another run is in progress for this target; cancel or wait for it. */
  | 'RUN_IN_PROGRESS'
  /** The run cannot do that now (e.g. resume a run that finished successfully). */
  | 'RUN_STATE_CONFLICT'
  /**
   * The plan's simulated verdicts include pings across the document's links that fail, and the
   * request did not carry the user's override (`StartRunOptions.allowFailingFlows`); nothing ran.
   */
  | 'FLOWS_FAILING'
  /** A bug in the host; the message says what happened. */
  | 'INTERNAL';

export interface HostError {
  readonly code: HostErrorCode;
  /** Human text, safe to show; never contains a secret. */
  readonly message: string;
  /** For BAD_REQUEST: the argument (e.g. `args[0].path`) that was wrong. */
  readonly field?: string;
  /** For CLOUD_ERROR: the cloud's error code (e.g. `InvalidAccessKeyId.NotFound`). */
  readonly cloudCode?: string;
  readonly retryable?: boolean;
  readonly requestId?: string;
}

// ──────────────────────────────────────── documents ───────────────────────────────────────

/** A document as the host hands it to the renderer. */
export interface OpenedDocument {
  /** The document text exactly as read (the renderer parses it with simulator/document). */
  readonly text: string;
  /** Absolute path of the file, or null for an example or a new document (Save asks for a path). */
  readonly path: string | null;
  /** Window/tab title: file name, or e.g. "cross-account (example)" or "Untitled". */
  readonly title: string;
  readonly origin: 'file' | 'example' | 'new';
}

/** Crash recovery: an autosave newer than the document on disk was found at startup. */
export interface RecoveryInfo {
  /** When the autosave was written (ISO 8601). */
  readonly savedAt: string;
  /**
   * The text on disk (or of the example) the autosave replaces, so the renderer can offer
   * "discard recovered changes" without another call; null if the file is gone.
   */
  readonly originalText: string | null;
}

export interface Startup {
  /** The document to show first. When `recovered` is set, `document.text` is the autosaved text (dirty). */
  readonly document: OpenedDocument;
  readonly recovered: RecoveryInfo | null;
  /** The target selected at startup: the sandbox when the host runs one ("sandbox"). */
  readonly defaultTargetId: string;
  readonly mode: 'electron' | 'browser';
  /**
   * False in browser mode: there are no native file dialogs; the renderer asks for a path in its
   * own UI (with {@link HostApi.listRecentFiles} as shortcuts), and may download exports instead.
   */
  readonly nativeDialogs: boolean;
  /** Host platform (`process.platform`), for key labels (⌘ vs Ctrl). */
  readonly platform: string;
  readonly version: string;
}

export interface ExampleInfo {
  /** File stem, e.g. `cross-account`: the argument of {@link HostApi.openExample}. */
  readonly name: string;
  /** The document's `name` field, or the stem. */
  readonly title: string;
  readonly description: string;
}

export interface RecentFile {
  readonly path: string;
  readonly title: string;
  /** Last opened or saved (ISO 8601). */
  readonly openedAt: string;
  /** False when the file no longer exists (the renderer may grey it out). */
  readonly exists: boolean;
}

export interface SaveOptions {
  /** Write even though the file changed on disk (the user chose "overwrite", or a native dialog confirmed replacing it). */
  readonly overwrite?: boolean;
}

export interface SavedFile {
  readonly path: string;
  readonly title: string;
  readonly savedAt: string;
}

/**
 * `path`: browser mode only — the path the user typed into the app's own Open / Save As dialog
 * (a page has no native dialog). The host accepts it as a pick only if it is plausibly a document
 * (open: a regular file holding a topology document; save: a `.json` file that does not exist yet
 * or already holds a topology document). Electron ignores it and shows the native dialog.
 */
export type ChooseFileRequest =
  | { readonly purpose: 'open'; readonly path?: string }
  | { readonly purpose: 'save'; readonly suggestedName?: string; readonly path?: string }
  | { readonly purpose: 'export'; readonly format: ExportFormat; readonly suggestedName?: string };

export type ChooseFileResult = { readonly kind: 'chosen'; readonly path: string } | { readonly kind: 'cancelled' };

/** Diagram images (SVG, PNG) and the documents teams use: draw.io and Terraform HCL (`.tf`). */
export type ExportFormat = 'svg' | 'png' | 'drawio' | 'terraform';

export interface ExportRequest {
  readonly format: ExportFormat;
  /** The exported file, base64 (for SVG, draw.io and HCL: the UTF-8 text, base64-encoded). Limited to 32 MiB. */
  readonly dataBase64: string;
  /** Where to write. When absent: next to `documentPath` as `suggestedName`. */
  readonly path?: string;
  /** The current document's path (to place the export next to it). */
  readonly documentPath?: string | null;
  /** File name only, e.g. `cross-account.svg`; the right extension is enforced. */
  readonly suggestedName: string;
}

/** What the renderer tells the host about the open document (window title, close warning). */
export interface DocumentState {
  readonly path: string | null;
  readonly title: string;
  /** Unsaved changes: Electron asks before closing the window when true. */
  readonly dirty: boolean;
}

// ───────────────────────────────────────── cloud ──────────────────────────────────────────

export interface TargetInfo {
  /** `sandbox` for the in-process sandbox, `aliyun` for the real Alibaba Cloud. */
  readonly id: string;
  readonly kind: 'sandbox' | 'aliyun';
  readonly label: string;
  readonly description: string;
  /** The sandbox's endpoint (`http://127.0.0.1:PORT`); absent for the real cloud. */
  readonly endpoint?: string;
  /** False when the target cannot be used now (e.g. no credentials at all for the real cloud). */
  readonly available: boolean;
  /** Why it is not available. */
  readonly reason?: string;
}

/**
 * Where an account's credentials come from, as the renderer sets it. Never contains a secret
 * except `accessKey`, typed in by the user and kept in the host's memory only.
 */
export type CredentialSource =
  /** An aliyun CLI profile (`~/.aliyun/config.json`) by name. */
  | { readonly kind: 'profile'; readonly profile: string }
  /** Environment variables as the aliyun CLI reads them (ALIBABA_CLOUD_ACCESS_KEY_ID …). */
  | { readonly kind: 'environment' }
  /** Assume a RAM role with the credentials of a source profile (or the environment when absent). */
  | { readonly kind: 'role'; readonly roleArn: string; readonly sourceProfile?: string; readonly sessionName?: string }
  /** An AccessKey typed in by the user: held in host memory for this session only. */
  | { readonly kind: 'accessKey'; readonly accessKeyId: string; readonly accessKeySecret: string }
  /** The AccessKey stored for this account in the OS keychain (desktop app, Electron safeStorage). */
  | { readonly kind: 'keychain' };

/** What the credential pickers offer: the aliyun CLI's profiles (names only), the environment, the keychain. */
export interface CredentialOptions {
  /** The aliyun CLI config the host reads (`~/.aliyun/config.json`). */
  readonly profilesFile: string;
  readonly profiles: readonly {
    readonly name: string;
    readonly mode: string;
    readonly regionId?: string;
    /** False for modes vpclink refuses (PROFILE_MODE_UNSUPPORTED). */
    readonly usable: boolean;
  }[];
  /** Why the profiles could not be read (a broken file); absent when read or when there is no file. */
  readonly profilesProblem?: string;
  /** ALIBABA_CLOUD_ACCESS_KEY_ID and its secret are set in the host's environment. */
  readonly environment: boolean;
  /** The OS keychain can hold keys (desktop app with safeStorage available). */
  readonly keychain: boolean;
}

/**
 * An AccessKey typed once and stored: as an AK profile in the aliyun CLI config (`aliyunProfile`,
 * the account's source becomes that profile) or in the OS keychain (`keychain`, desktop only).
 */
export interface StoreAccessKeyRequest {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly store: 'aliyunProfile' | 'keychain';
  /** For `aliyunProfile`: the profile's name (default `vpclink-<accountId>`); never overwrites one. */
  readonly profile?: string;
  readonly regionId?: string;
}

/** A credential source as the host shows it back: described, never with a secret. */
export interface CredentialSourceView {
  readonly kind: CredentialSource['kind'] | 'sandbox' | 'none';
  /** e.g. `profile "prod-a"`, `environment (ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI…9xQ)`, `role acs:ram::…`. */
  readonly description: string;
  /** For `profile`: the profile name; for `role`: the role ARN (neither is a secret). */
  readonly profile?: string;
  readonly roleArn?: string;
}

export type IdentityStatus =
  | { readonly kind: 'unchecked' }
  /** GetCallerIdentity answered with this account. */
  | {
      readonly kind: 'verified';
      readonly accountId: string;
      readonly arn: string;
      readonly identityType: string;
      readonly checkedAt: string;
    }
  /** The credentials work but belong to another account. */
  | {
      readonly kind: 'mismatch';
      readonly expectedAccountId: string;
      readonly actualAccountId: string;
      readonly arn: string;
    }
  | { readonly kind: 'failed'; readonly error: HostError };

export interface AccountCredentials {
  readonly accountId: string;
  readonly name?: string;
  readonly source: CredentialSourceView;
  readonly status: IdentityStatus;
}

export interface PlanStepView {
  /** Stable step id (the planner's); progress events refer to it. */
  readonly id: string;
  readonly index: number;
  readonly accountId: string;
  readonly regionId: string;
  /** The OpenAPI action, e.g. `CreateRouterInterface`, `ConnectRouterInterface`, `CreateRouteEntry`. */
  readonly action: string;
  /** Human summary, e.g. `Create the initiator RI in cn-qingdao (Mini.2)`. */
  readonly title: string;
  /** The API parameters (no secrets). */
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
  /** The document resource the step makes or changes. */
  readonly resourceId?: string;
  /** Step ids that must finish first. */
  readonly dependsOn: readonly string[];
  /** True when the step creates something that is billed. */
  readonly billable: boolean;
  /** Cost note, e.g. `Mini.2: billed per hour while Active`. */
  readonly cost?: string;
}

export interface BillableItem {
  readonly resourceId: string;
  readonly accountId: string;
  readonly regionId: string;
  /** e.g. `Router interface (initiator), spec Mini.2 (2 Mbit/s)`. */
  readonly description: string;
  readonly note?: string;
}

/** A flow between two instances whose verdict the plan changes. */
export interface ReachabilityPair {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
}

export interface ReachabilityDelta {
  /** Reachable after the plan, not before (before = the cloud's current state). */
  readonly gained: readonly ReachabilityPair[];
  /** Reachable before, not after. */
  readonly lost: readonly ReachabilityPair[];
  /** Pairs whose verdict does not change. */
  readonly unchangedCount: number;
}

export interface PlanView {
  readonly targetId: string;
  /**
   * The plan's fingerprint (16 hex; simulator/plan: steps and parameters, not ClientTokens).
   * Confirming = passing it back in `StartRunOptions.planFingerprint`: the host runs this plan or nothing.
   */
  readonly fingerprint: string;
  readonly steps: readonly PlanStepView[];
  readonly billable: readonly BillableItem[];
  readonly reachability: ReachabilityDelta;
  /** Nothing to do: the cloud already matches the document. */
  readonly upToDate: boolean;
  /** Things the user should know before confirming (human text). */
  readonly warnings: readonly string[];
  /**
   * The planner's findings (codes from simulator/plan PLAN_PROBLEM_CODES). Any `error` means the
   * apply will be refused: the renderer should disable "Apply" and show them.
   */
  readonly problems: readonly PlanProblemView[];
  /**
   * The plan's own simulated verdicts that fail: pings across the document's links (router-interface
   * pairs, peering) that do not reach once the plan is done, and flows the plan turns from reachable
   * to not. Non-empty: the renderer shows them before Apply and asks a second time.
   */
  readonly failingFlows: readonly FailingFlowView[];
}

export interface FailingFlowView {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp';
  /** `unknown`: the simulator cannot say (undetermined), which is never "reachable". */
  readonly verdict: 'unreachable' | 'unknown';
  /** `linked`: across a link of the document; `lost`: reachable before this plan. */
  readonly reason: 'linked' | 'lost';
}

export interface PlanProblemView {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly resourceId?: string;
}

export type RunMode = 'apply' | 'destroy' | 'rollback';

export interface StartRunOptions {
  readonly mode: RunMode;
  /** For `rollback`: the run to undo (default: the last run on this target). */
  readonly runId?: string;
  /**
   * Required for `apply` and `destroy`: the fingerprint of the plan the user confirmed
   * (`PlanView.fingerprint`). If the plan the run is about to execute differs, nothing runs and
   * the run ends `planChanged` with the new plan in `RunView.changedPlan` (never run unseen calls).
   */
  readonly planFingerprint?: string;
  /**
   * The user confirmed a second time that the apply may proceed although the document violates
   * some of its intents (`vpclink apply --allow-intent-violations`). Without it such an apply is refused.
   */
  readonly allowIntentViolations?: boolean;
  /**
   * The user confirmed a second time that the apply may proceed although the plan's own simulation
   * says pings across the document's links still fail (`PlanView.failingFlows`). Without it the host
   * refuses such an apply with `FLOWS_FAILING`, whatever the renderer showed.
   */
  readonly allowFailingFlows?: boolean;
}

export type StepStatus = 'pending' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped' | 'undone';

/**
 * How a run ended. `rolledBack`: a rollback run that succeeded. `refused`: the plan had errors and
 * nothing ran. `noChange`: the target already matched (nothing to do). `planChanged`: the plan
 * differs from the confirmed one; nothing ran; `RunView.changedPlan` is the plan to review.
 */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'rolledBack' | 'refused' | 'noChange' | 'planChanged';

export interface VerificationCheck {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly verdict: 'reachable' | 'unreachable';
  /** What the document predicts. `ok` = verdict matches the prediction. */
  readonly expected: 'reachable' | 'unreachable';
  readonly ok: boolean;
  readonly message?: string;
}

export interface VerificationResult {
  readonly ok: boolean;
  readonly checks: readonly VerificationCheck[];
  /** Human summary, e.g. `4 of 4 flows behave as designed`. */
  readonly summary: string;
  /** The document's intents that fail on the live state, one line each (a failure fails verification). */
  readonly intentFailures?: readonly string[];
}

export interface RunView {
  readonly runId: string;
  readonly targetId: string;
  readonly mode: RunMode;
  readonly state: 'running' | 'cancelling' | RunOutcome;
  readonly steps: readonly (PlanStepView & { readonly status: StepStatus; readonly message?: string })[];
  readonly completed: number;
  readonly total: number;
  readonly error?: HostError;
  readonly verification?: VerificationResult;
  /** True when `resumeRun` can continue it (failed or cancelled with steps left). */
  readonly resumable: boolean;
  /** State `planChanged`: the plan the run would have executed (review it, confirm its fingerprint). */
  readonly changedPlan?: PlanView;
  /** After a destroy: what is still live (IDs, account, region). Empty or absent = nothing left. */
  readonly leftovers?: readonly {
    readonly kind: string;
    readonly id: string;
    readonly accountId: string;
    readonly regionId: string;
    readonly billable: boolean;
  }[];
}

export interface ImportRequest {
  readonly targetId: string;
  readonly accountIds: readonly string[];
  /** Regions to describe; default: every region the host knows for these accounts. */
  readonly regions?: readonly string[];
  /** Merge into this document text (the current document); absent = a new document. */
  readonly intoDocumentText?: string;
}

export interface ImportResult {
  readonly text: string;
  /** Resources found, per `RESOURCE_ARRAYS` name (e.g. `{ vpcs: 2, routerInterfaces: 2 }`). */
  readonly counts: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
}

// ───────────────────────────────────────── events ─────────────────────────────────────────

/**
 * Commands the Electron menu sends to the renderer (the renderer performs them): the shared table's
 * (commands.ts, named as the renderer's actions), and two of the host's own.
 */
export type MenuCommand =
  | MenuCommandName
  | 'file.openRecent'
  /** Save, then call `closeWindow()` (sent after the "unsaved changes" dialog). */
  | 'file.saveThenClose';

export type HostEvent =
  | { readonly kind: 'run.started'; readonly run: RunView }
  | {
      readonly kind: 'run.step';
      readonly runId: string;
      readonly stepId: string;
      readonly status: StepStatus;
      readonly message?: string;
      readonly attempt?: number;
      /** Steps finished so far and in all: the progress bar. */
      readonly completed: number;
      readonly total: number;
    }
  | {
      readonly kind: 'run.log';
      readonly runId: string;
      readonly level: 'info' | 'warn' | 'error';
      readonly message: string;
    }
  | { readonly kind: 'run.finished'; readonly run: RunView }
  | { readonly kind: 'autosave.saved'; readonly path: string | null; readonly savedAt: string }
  | { readonly kind: 'menu.command'; readonly command: MenuCommand; readonly path?: string }
  | { readonly kind: 'targets.changed'; readonly targets: readonly TargetInfo[] };

// ─────────────────────────────────────── the API ──────────────────────────────────────────

export interface HostApi {
  // documents
  /** The first document (the file given on the command line, else the cross-account example), recovery info, default target. */
  getStartup(): Promise<Startup>;
  /** A new empty document (not saved; `path` null). */
  newDocument(): Promise<OpenedDocument>;
  listExamples(): Promise<readonly ExampleInfo[]>;
  openExample(name: string): Promise<OpenedDocument>;
  /**
   * Reads a file the user picked (absolute path, or relative to the host's working directory);
   * adds it to the recent files. FORBIDDEN for a path not picked (see {@link chooseFile}).
   */
  openFile(path: string): Promise<OpenedDocument>;
  /**
   * Atomic write to a picked path (temp file in the target's folder + rename; mode, owner and
   * symlinks kept); the text must be a topology document (JSON). FILE_CHANGED_ON_DISK when the
   * file changed since it was opened or saved here, unless `options.overwrite`.
   */
  saveFile(path: string, text: string, options?: SaveOptions): Promise<SavedFile>;
  listRecentFiles(): Promise<readonly RecentFile[]>;
  /**
   * Lets the user pick a file: the native dialog (Electron), or in browser mode the path typed
   * into the app's own dialog (`request.path`; without it: NOT_AVAILABLE). A chosen path may then
   * be opened, saved or exported to.
   */
  chooseFile(request: ChooseFileRequest): Promise<ChooseFileResult>;
  /** Keeps `text` as the crash-recovery copy of the document at `path` (null = unsaved/example). */
  autosave(path: string | null, text: string): Promise<{ readonly savedAt: string }>;
  /** Drops the recovery copy (after a save, or when the user discards recovered changes). */
  discardAutosave(path: string | null): Promise<void>;
  /** Writes an SVG/PNG export; returns where. Rejects NOT_AVAILABLE when no path can be determined (browser: download instead). */
  exportFile(request: ExportRequest): Promise<{ readonly path: string }>;
  /** Title and dirty flag: window title, and the Electron close warning. */
  setDocumentState(state: DocumentState): Promise<void>;
  /** Closes the window (Electron). Browser mode: rejects NOT_AVAILABLE. */
  closeWindow(): Promise<void>;

  // cloud
  /** The in-process sandbox (always, when the host runs one) and Alibaba Cloud. */
  listTargets(): Promise<readonly TargetInfo[]>;
  /** Per account of the document: where credentials come from and the last identity check. Never secrets. */
  getAccountCredentials(targetId: string, documentText: string): Promise<readonly AccountCredentials[]>;
  setAccountCredentialSource(accountId: string, source: CredentialSource): Promise<AccountCredentials>;
  /** The aliyun CLI profiles (names, modes, regions; never keys), whether the environment has keys, the keychain. */
  getCredentialOptions(): Promise<CredentialOptions>;
  /** Stores a typed AccessKey (aliyun CLI profile or OS keychain) and makes it the account's source. */
  storeAccessKey(request: StoreAccessKeyRequest): Promise<AccountCredentials>;
  /** GetCallerIdentity with the account's credentials on that target. */
  checkIdentity(targetId: string, accountId: string): Promise<AccountCredentials>;
  /** What `operation` (default `apply`) would do now; its `fingerprint` is what `startApply` carries to confirm it. */
  plan(targetId: string, documentText: string, operation?: 'apply' | 'destroy'): Promise<PlanView>;
  /**
   * Starts a run; progress arrives as `run.*` events. Resolves once the journal is locked and the
   * accounts are connected, with the run's first view. Single-flight: while a run of this document
   * on this target is going, a start of the same mode joins it (same run ID, same events).
   */
  startApply(targetId: string, documentText: string, options: StartRunOptions): Promise<RunView>;
  cancelRun(runId: string): Promise<RunView>;
  resumeRun(runId: string): Promise<RunView>;
  getRun(runId: string): Promise<RunView>;
  importAccounts(request: ImportRequest): Promise<ImportResult>;
  /**
   * Replaces the in-process sandbox with one seeded from this document (the world before its plan;
   * runs on the old sandbox are cancelled, its journals dropped). NOT_AVAILABLE without a sandbox.
   */
  reseedSandbox(documentText: string): Promise<TargetInfo>;
  /**
   * `vpclink drift` for the app: the document against the target's live accounts and the host's
   * journal of the last apply there. Reads only; credentials and identity as for a plan.
   */
  drift(targetId: string, documentText: string): Promise<DriftView>;
}

/** The drift of a document on a target (topology-format.md §4.3 `drift --json`, plus the intents). */
export interface DriftView {
  readonly targetId: string;
  readonly inSync: boolean;
  /** Only the drifted resources; every other resource of the compared kinds is in sync. */
  readonly resources: readonly {
    readonly resourceId: string;
    /** `vpc`, `vSwitch`, `routeTable`, `routerInterface`, `securityGroup`, `instance`. */
    readonly kind: string;
    /** `changed` outside vpclink, `missing` live, or live but `unmanaged` (not in the document). */
    readonly state: 'changed' | 'missing' | 'unmanaged';
    readonly detail: string;
  }[];
  /** ICMP pairs, live relative to the document. */
  readonly reachability: {
    readonly gained: readonly { readonly from: string; readonly to: string }[];
    readonly lost: readonly {
      readonly from: string;
      readonly to: string;
      readonly blockers: readonly { readonly code: string; readonly resourceId: string; readonly message: string }[];
    }[];
  };
  /** The document's intents that fail on the live state. */
  readonly intentsBroken: readonly {
    readonly index: number;
    readonly name: string;
    readonly pairs: readonly { readonly from: string; readonly to: string }[];
  }[];
  readonly warnings: readonly string[];
}

export type HostMethod = keyof HostApi;

/** The positional arguments of a method: `{ method, args }` over HTTP and IPC. */
export type HostArgs<M extends HostMethod> = Parameters<HostApi[M]>;

/** The resolved value of a method. */
export type HostResult<M extends HostMethod> = Awaited<ReturnType<HostApi[M]>>;
