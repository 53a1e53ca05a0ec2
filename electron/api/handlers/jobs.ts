import { connectionKey } from '../../../db/sqlite.js';
import { cancelJob, hostOf, jobStatus, startJob } from '../../jobs/jobs.js';
import { appendChunk, beginUpload, discardUpload } from '../../jobs/uploads.js';
import { JOB_CHANNELS, type jobChannels } from '../channels/jobs.js';
import { checkInput, dispatch } from '../dispatch.js';
import { ApiError, type ApiErrorBody } from '../result.js';
import type { HandlersFor } from './types.js';

/** Carries a failed channel's error body out of the job's run, unchanged. */
class JobFailure extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

export const jobHandlers: HandlersFor<typeof jobChannels> = {
  'jobs:start': async (db, { channel, input }) => {
    // Bad input is refused now, in this answer, rather than as a failed job a moment later.
    const refusal = checkInput(channel, input);
    if (refusal) throw ApiError.fromBody(refusal);
    const { exclusive } = JOB_CHANNELS[channel];
    const status = startJob(
      db,
      channel,
      async (context) => {
        // The host restores an encrypted journal itself (closing, swapping, reopening): that restore runs through it,
        // with its steps unreported; everything else runs here, with progress and cancel.
        const host = channel === 'backups:restore' && connectionKey(db) ? hostOf(db) : undefined;
        const result = host ? await host(channel, input) : await dispatch(db, channel, input, { context });
        if (!result.ok) throw new JobFailure(result.error);
        return result.value;
      },
      {
        exclusive,
        describeError: (error) =>
          error instanceof JobFailure ? error.body : { code: 'internal', message: 'Withness could not complete this request. Nothing was changed.' },
      },
    );
    return status;
  },
  'jobs:progress': (_db, { id }) => jobStatus(id),
  'jobs:cancel': (_db, { id }) => cancelJob(id),
  'uploads:begin': (db, { size }) => beginUpload(db, size),
  'uploads:chunk': (_db, { id, offset, data_base64 }) => appendChunk(id, offset, new Uint8Array(Buffer.from(data_base64, 'base64'))),
  'uploads:discard': (_db, { id }) => ({ discarded: discardUpload(id) }),
};


