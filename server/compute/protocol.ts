// Messages between the service's event loop and its compute worker (compute-worker.ts).
import type { ChildTimeline } from '../routes/child-timeline.js';

/** A request the worker answers with its own copy of the app (the routes' code, its own memory). */
export interface InjectMessage {
  kind: 'inject';
  id: number;
  method: 'GET' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  /** decided by the service from the signed-in role (the worker trusts it: only the service talks to it) */
  exactCounts: boolean;
}

/** The moves of a dataset on a map: computed and stored if they are not, then sent back (transferred). */
export interface MovesMessage {
  kind: 'moves';
  id: number;
  dataset: string;
  mapId: string;
}

/** One child's events (the child at `index` in the dataset), from the worker's copy of the dataset (loaded if need be). */
export interface TimelineMessage {
  kind: 'timeline';
  id: number;
  dataset: string;
  index: number;
}

/**
 * Which child of a dataset an identifier names (its index, null when none): the lookup by pseudonym reads the
 * dataset's children, up to a million rows, so it runs here, not on the service's event loop (audit a12e B3).
 */
export interface ChildIndexMessage {
  kind: 'childIndex';
  id: number;
  dataset: string;
  childId: string;
}

/** A dataset changed (replaced or deleted): drop it from the worker's memory. */
export interface EvictMessage {
  kind: 'evict';
  dataset: string;
}

/** Which datasets the worker holds loaded now (least recently used first). */
export interface LoadedMessage {
  kind: 'loaded';
  id: number;
}

export type ToWorker = InjectMessage | MovesMessage | TimelineMessage | ChildIndexMessage | EvictMessage | LoadedMessage;

export interface InjectReply {
  id: number;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface DoneReply {
  id: number;
  /** for a moves message: the payload and its ETag */
  moves?: { etag: string; payload: Uint8Array };
  /** for a timeline message: the child's timeline (null: no such dataset or child) */
  timeline?: ChildTimeline | null;
  /** for a childIndex message: the child's index in the dataset (null: no such dataset or child) */
  childIndex?: number | null;
  /** for a loaded message: the names of the datasets the worker holds loaded */
  loaded?: string[];
  /** the error's status and message when it failed (a 4xx passes through; anything else is a 500) */
  error?: { statusCode: number; message: string };
}

/** Sent once, when the worker's app is ready. */
export interface ReadyReply {
  id: 0;
  ready: true;
}

export type FromWorker = InjectReply | DoneReply | ReadyReply;

export interface WorkerSetup {
  dbPath: string;
  keyFile?: string;
  mapsDir?: string;
  /** memory for the datasets the worker holds loaded: the service's own setting (JOURNEYS_MAX_LOADED_MB) */
  maxLoadedBytes?: number;
}
