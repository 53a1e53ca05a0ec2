import type { Input, Output } from '../../../electron/api/contract';
import type { JobChannel, JobStatus } from '../../../electron/api/channels/jobs';
import { bytesToBase64 } from '../features/exchange/files';
import type { Client } from './client';
import { ApiCallError } from './client';

/** What the UI shows of long work: a step (a message id with parameters) and a percentage. */
export interface JobView {
  step: string;
  params: Record<string, string | number>;
  percent: number;
  state: JobStatus['state'];
}

/** Raised by runJob when the user cancelled: nothing was written, and nothing is to be shown as an error. */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface RunOptions {
  onStatus?: (view: JobView) => void;
  /** Abort to cancel: the job is stopped and rolled back before runJob rejects with JobCancelled. */
  signal?: AbortSignal;
  /** How often to ask for progress. */
  pollMs?: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function view(status: JobStatus): JobView {
  return { step: status.step, params: status.params, percent: status.percent, state: status.state };
}

/** Runs a long channel as a job: starts it, reports its progress until it ends, and returns its result. */
export async function runJob<C extends JobChannel>(client: Client, channel: C, input: Input<C>, options: RunOptions = {}): Promise<Output<C>> {
  const { onStatus, signal, pollMs = 150 } = options;
  if (signal?.aborted) throw new JobCancelled();
  let status = await client.call('jobs:start', { channel, input });
  const cancel = () => void client.call('jobs:cancel', { id: status.id }).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      onStatus?.(view(status));
      if (status.state === 'done') return status.result as Output<C>;
      if (status.state === 'cancelled') throw new JobCancelled();
      if (status.state === 'failed') throw new ApiCallError((status.error ?? { code: 'internal', message: 'The work failed.' }) as never);
      await wait(pollMs);
      status = await client.call('jobs:progress', { id: status.id });
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

export interface UploadOptions {
  /** Bytes per request; at most what the server offers (uploads:begin), and less where requests are capped lower. */
  chunkBytes?: number;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends a file in pieces ahead of the job that reads it, so a file larger than one request may carry still
 * arrives; returns the upload's id. A cancelled upload is discarded on the server.
 */
export async function uploadFile(client: Client, bytes: Uint8Array, options: UploadOptions = {}): Promise<string> {
  const { id, chunk_bytes } = await client.call('uploads:begin', { size: bytes.length });
  const chunk = Math.max(1, Math.min(options.chunkBytes ?? chunk_bytes, chunk_bytes));
  try {
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      if (options.signal?.aborted) throw new JobCancelled();
      await client.call('uploads:chunk', { id, offset, data_base64: bytesToBase64(bytes.subarray(offset, offset + chunk)) });
      options.onProgress?.(Math.min(bytes.length, offset + chunk), bytes.length);
    }
  } catch (error) {
    await client.call('uploads:discard', { id }).catch(() => undefined);
    throw error;
  }
  return id;
}
