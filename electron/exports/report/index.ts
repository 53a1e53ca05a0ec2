import type { Db } from '../../../db/connection.js';
import { printPdf } from '../pdf.js';
import { renderDocxReport } from './docx.js';
import { renderHtmlReport, renderHtmlReportBuffer } from './html.js';
import { renderMarkdownReportBuffer } from './markdown.js';
import { loadReportModel, type ProgressCallback, type ReportModel, type ReportScope } from './model.js';
import type { ReportLanguage } from './text.js';

export { previewHeldBack, previewReplacements, ReportNotFoundError, type ReportProgress, type ReportScope } from './model.js';

export type ReportFormat = 'md' | 'html' | 'pdf' | 'docx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'pdf', 'docx'];

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface ReportRequest {
  project_id: string;
  format: ReportFormat;
  scope?: ReportScope;
  real_names?: boolean;
  language?: ReportLanguage;
}

export interface ReportFile {
  file_name: string;
  media_type: string;
  data: Buffer;
}

/**
 * Builds the report model once from one consistent snapshot (pseudonymised unless real names were chosen)
 * and renders it to the chosen format. Progress goes to onProgress, step by step.
 */
export async function generateReport(db: Db, request: ReportRequest, options: { onProgress?: ProgressCallback; now?: Date } = {}): Promise<ReportFile> {
  const { onProgress } = options;
  const model = loadReportModel(db, request.project_id, {
    scope: request.scope,
    realNames: request.real_names === true,
    language: request.language,
    now: options.now,
    onProgress,
  });
  const data = await renderReport(model, request.format, onProgress);
  onProgress?.({ stage: 'done', done: 1, total: 1, message: 'Done' });
  return { file_name: reportFileName(model, request.format), media_type: MEDIA_TYPES[request.format], data };
}

export async function renderReport(model: ReportModel, format: ReportFormat, onProgress?: ProgressCallback): Promise<Buffer> {
  const step = (message: string) => onProgress?.({ stage: 'rendering', done: 0, total: 1, message });
  switch (format) {
    case 'md':
      step('Writing Markdown');
      return renderMarkdownReportBuffer(model);
    case 'html':
      step('Writing HTML');
      return renderHtmlReportBuffer(model);
    case 'pdf': {
      step('Writing HTML for the PDF');
      const html = renderHtmlReport(model);
      onProgress?.({ stage: 'printing', done: 0, total: 1, message: 'Printing the PDF' });
      return printPdf(html);
    }
    case 'docx':
      step('Writing the Word document');
      return renderDocxReport(model);
  }
}

/** e.g. "faellesskaber-mod-ensomhed-report-2026-05-20.pdf"; "-real-names" is added when the report holds real names. */
export function reportFileName(model: ReportModel, format: ReportFormat): string {
  const slug =
    model.title
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'withness';
  const kind = model.language === 'da' ? 'rapport' : 'report';
  return `${slug}-${kind}${model.pseudonymised ? '' : '-real-names'}-${model.generated_at.slice(0, 10)}.${format}`;
}
