import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { usePagedList, VirtualRows, type FetchPage } from '../../components/PagedList';
import { formatDate } from '../../format';
import './reflection-list.css';

export type ReflectionListItem = Output<'reflections:list'>['items'][number];
const PAGE_SIZE = 100;

/**
 * The reflections list's pages as they scroll into view; starts again when the filter changes. A page whose
 * predecessor is loaded is asked for by key, otherwise by offset (a jump down).
 */
export function useReflectionPages(projectId: string, unlinkedOnly: boolean) {
  const client = useClient();
  const fetchPage = useCallback<FetchPage<ReflectionListItem>>(
    ({ page, after, offset, withTotal }) =>
      client.call('reflections:list', {
        project_id: projectId,
        ...(unlinkedOnly ? { unlinked_only: true } : {}),
        limit: PAGE_SIZE,
        ...(after ? { after: { written_at: after.written_at, id: after.id } } : page > 0 ? { offset } : {}),
        ...(withTotal ? {} : { with_total: false }),
      }),
    [client, projectId, unlinkedOnly],
  );
  return usePagedList(fetchPage, PAGE_SIZE, unlinkedOnly ? 'unlinked' : 'all');
}

/** The reflections as a virtualised list of fixed-height rows: only those in view are in the page. */
export function VirtualReflectionList({
  projectId,
  total,
  itemAt,
  ensure,
}: {
  projectId: string;
  total: number;
  itemAt: (index: number) => ReflectionListItem | undefined;
  ensure: (first: number, last: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <VirtualRows
      total={total}
      itemAt={itemAt}
      ensure={ensure}
      // reflection-list.css: meta, title, two lines of preview, evidence.
      rowHeightRem={10.5}
      label={t('reflections.listLabel')}
      className="reflection-rows"
      rowClassName="reflection-row"
      loadingClassName="reflection-row__loading"
      loadingText={t('reflections.loadingRow')}
      renderRow={(reflection) => <ReflectionRow projectId={projectId} reflection={reflection} />}
    />
  );
}

/** One row; memoised, so loading another page or scrolling does not render the rows already shown again. */
const ReflectionRow = memo(function ReflectionRow({ projectId, reflection }: { projectId: string; reflection: ReflectionListItem }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="reflection-card reflection-row__card">
      <div className="reflection-card__meta">
        <span className={`mode-badge mode-badge--${reflection.mode}`}>{t(`reflections.mode_${reflection.mode}`)}</span>
        <time dateTime={reflection.written_at} className="reflection-card__date">
          {formatDate(reflection.written_at, i18n.language)}
        </time>
      </div>
      <h2 className="reflection-card__title reflection-row__title">
        <Link href={`/projects/${projectId}/reflections/${reflection.id}`}>{reflection.title.trim() || t('reflections.untitled')}</Link>
      </h2>
      {reflection.preview && <p className="reflection-card__excerpt reflection-row__excerpt">{reflection.preview}</p>}
      <p className={`reflection-card__evidence${reflection.link_count === 0 ? ' reflection-card__evidence--none' : ''}`}>
        {t('reflections.evidenceCount', { count: reflection.link_count })}
      </p>
    </article>
  );
});
