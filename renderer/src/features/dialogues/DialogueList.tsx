import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { usePagedList, VirtualRows, type FetchPage } from '../../components/PagedList';
import { formatDateTime } from '../../format';
import { dialogueName } from './dialogueBits';
import './dialogue-list.css';

export type DialogueSummary = Output<'dialogues:list'>['items'][number];
export const PAGE_SIZE = 100;

/**
 * The dialogues list's pages as they scroll into view. A page whose predecessor is loaded is asked for by key,
 * otherwise by offset (a jump down the list, e.g. by dragging the scrollbar).
 */
export function useDialoguePages(projectId: string) {
  const client = useClient();
  const fetchPage = useCallback<FetchPage<DialogueSummary>>(
    ({ page, after, offset, withTotal }) =>
      client.call('dialogues:list', {
        project_id: projectId,
        limit: PAGE_SIZE,
        ...(after ? { after: { occurred_at: after.occurred_at, id: after.id } } : page > 0 ? { offset } : {}),
        ...(withTotal ? {} : { with_total: false }),
      }),
    [client, projectId],
  );
  return usePagedList(fetchPage, PAGE_SIZE, projectId);
}

/** The dialogues in a virtualised list of fixed-height rows: only the rows in view (and a few around) are drawn. */
export function VirtualDialogueList({
  projectId,
  total,
  itemAt,
  ensure,
  names,
}: {
  projectId: string;
  total: number;
  itemAt: (index: number) => DialogueSummary | undefined;
  ensure: (first: number, last: number) => void;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <VirtualRows
      ordered
      total={total}
      itemAt={itemAt}
      ensure={ensure}
      // dialogue-list.css: one line for kind and title, one for the details.
      rowHeightRem={5.5}
      label={t('dialogues.listLabel')}
      className="dialogue-vlist"
      rowClassName="dialogue-vrow"
      loadingClassName="dialogue-vrow__loading"
      loadingText={t('dialogues.loadingRow')}
      renderRow={(dialogue) => <DialogueRow projectId={projectId} dialogue={dialogue} names={names} />}
    />
  );
}

const SHOWN_NAMES = 4;

function participantNames(names: string[], more: string | undefined): string {
  return more ? `${names.slice(0, SHOWN_NAMES).join(', ')} ${more}` : names.join(', ');
}

/** One row; memoised, so loading another page or scrolling does not render the rows already shown again. */
const DialogueRow = memo(function DialogueRow({ projectId, dialogue, names }: { projectId: string; dialogue: DialogueSummary; names: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation();
  const more = dialogue.participant_count > SHOWN_NAMES ? t('dialogues.andMore', { count: dialogue.participant_count - SHOWN_NAMES }) : undefined;
  return (
    <div className="dialogue-row dialogue-vrow__card">
      <div className="dialogue-row__main">
        <span className={`kind-tag kind-tag--${dialogue.kind}`}>{t(`dialogues.kind_${dialogue.kind}`)}</span>
        <Link href={`/projects/${projectId}/dialogues/${dialogue.id}`} className="dialogue-row__title">
          {dialogueName(t, dialogue)}
        </Link>
      </div>
      <div className="dialogue-row__meta">
        <time dateTime={dialogue.occurred_at}>{formatDateTime(dialogue.occurred_at, i18n.language)}</time>
        {dialogue.place && <span>{dialogue.place}</span>}
        <span>
          {dialogue.participant_count === 0
            ? t('dialogues.participantCount', { count: 0 })
            : participantNames(
                dialogue.participant_ids.map((id) => names.get(id) ?? '…'),
                more,
              )}
        </span>
        <span>{t('dialogues.turnCount', { count: dialogue.turn_count })}</span>
      </div>
    </div>
  );
});
