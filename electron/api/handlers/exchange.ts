import { buildBundle, importBundle } from '../../exchange/bundle.js';
import { exportBundleFile, openBundleFile } from '../../exchange/bundle-file.js';
import { toBase64 } from '../../exchange/common.js';
import { buildQdpx } from '../../exchange/qdpx.js';
import { importQdpx, previewQdpx } from '../../exchange/qdpx-import/index.js';
import { buildReviewPage } from '../../exchange/review-page.js';
import { importBundleJob, importQdpxJob, steppedExport } from '../../jobs/long-work.js';
import { takeUpload } from '../../jobs/uploads.js';
import type { exchangeChannels } from '../channels/exchange.js';
import { notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

export const exchangeHandlers: HandlersFor<typeof exchangeChannels> = {
  'exchange:qdpx': async (db, { project_id, real_names }, context) => {
    requireLive(db, 'project', project_id);
    const file = await steppedExport(context, () => buildQdpx(db, project_id, { realNames: real_names === true }));
    if (!file) throw notFound('project', project_id);
    return { file_name: file.file_name, media_type: file.media_type, data_base64: toBase64(file.bytes) };
  },
  'exchange:bundleExport': async (db, { project_id, passphrase, plain }, context) => {
    requireLive(db, 'project', project_id);
    const file = await steppedExport(context, () => buildBundle(db, project_id));
    if (!file) throw notFound('project', project_id);
    const sealed = await exportBundleFile(file, plain === true ? { plain: true } : { passphrase: passphrase! });
    return { file_name: sealed.file_name, media_type: sealed.media_type, data_base64: toBase64(sealed.bytes) };
  },
  'exchange:reviewPage': (db, { project_id, real_names }) => {
    requireLive(db, 'project', project_id);
    const page = buildReviewPage(db, project_id, { realNames: real_names === true });
    if (!page) throw notFound('project', project_id);
    return { file_name: page.file_name, media_type: page.media_type, data_base64: Buffer.from(page.html, 'utf8').toString('base64') };
  },
  'exchange:bundleImport': async (db, { data_base64, upload_id, passphrase }, context) => {
    const file = upload_id ? takeUpload(upload_id) : new Uint8Array(Buffer.from(data_base64 ?? '', 'base64'));
    const bytes = await openBundleFile(file, passphrase);
    return context ? importBundleJob(db, bytes, context) : importBundle(db, bytes);
  },
  'exchange:qdpxPreview': (_db, { data_base64 }) => previewQdpx(new Uint8Array(Buffer.from(data_base64, 'base64'))),
  'exchange:qdpxImport': (db, { data_base64, project_id, as_notes }, context) => {
    if (project_id) requireLive(db, 'project', project_id);
    const bytes = new Uint8Array(Buffer.from(data_base64, 'base64'));
    const choices = { projectId: project_id, asNotes: as_notes };
    return context ? importQdpxJob(db, bytes, choices, context) : importQdpx(db, bytes, choices);
  },
};
