import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { formatDateTime } from '../../format';
import { dialogueName } from './dialogueBits';
import './dialogue-list.css';

export type DialogueSummary = Output<'dialogues:list'>['items'][number];
type Page = DialogueSummary[];

export const PAGE_SIZE = 100;

/**
 * Loads the pages of the dialogues list as they scroll into view. The count comes with the first page only; a page
 * whose predecessor is loaded is asked for by key (after its last dialogue: an index seek on the server however deep
 * the list), otherwise by offset (a jump down the list, e.g. by dragging the scrollbar).
 */
export function useDialoguePages(projectId: string) {
  const client = useClient();
  const [state, setState] = useState<{ generation: number; total: number; pages: Map<number, Page> }>();
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const loaded = useRef(new Map<number, Page>());
  const [reloads, setReloads] = useState(0);

  const loadPage = useCallback(
    async (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const current = generation.current;
      const previous = page > 0 ? loaded.current.get(page - 1) : undefined;
      const last = previous?.length === PAGE_SIZE ? previous[PAGE_SIZE - 1] : undefined;
      try {
        const result = await client.call('dialogues:list', {
          project_id: projectId,
          limit: PAGE_SIZE,
          ...(last ? { after: { occurred_at: last.occurred_at, id: last.id } } : page > 0 ? { offset: page * PAGE_SIZE } : {}),
          ...(page === 0 ? {} : { with_total: false }),
        });
        if (current !== generation.current) return;
        loaded.current.set(page, result.items);
        setError(undefined);
        setState((before) => {
          const pages = new Map(before?.generation === current ? before.pages : []);
          pages.set(page, result.items);
          const total = result.total ?? before?.total;
          return total === undefined ? before : { generation: current, total, pages };
        });
      } catch (failure) {
        if (current !== generation.current) return;
        requested.current.delete(page);
        setError(failure);
      }
    },
    [client, projectId],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    loaded.current = new Map();
    void loadPage(0);
  }, [loadPage, reloads]);

  const pages = state?.pages;
  const itemAt = useCallback((index: number): DialogueSummary | undefined => pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (!pages?.has(page)) void loadPage(page);
      }
    },
    [pages, loadPage],
  );
  return { total: state?.total, error, itemAt, ensure, reload: () => setReloads((value) => value + 1) };
}

/** Every row has the same height (dialogue-list.css: one line for kind and title, one for the details), in rem. */
const ROW_HEIGHT_REM = 5.5;

function rowHeightPx(): number {
  const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Math.round(ROW_HEIGHT_REM * (Number.isFinite(rootSize) && rootSize > 0 ? rootSize : 16));
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
  const listRef = useRef<HTMLOListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [rowHeight] = useState(rowHeightPx);
  useLayoutEffect(() => {
    const top = listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0;
    if (Math.abs(top - scrollMargin) > 1) setScrollMargin(top);
  });
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useWindowVirtualizer({ count: total, estimateSize, overscan: 6, scrollMargin });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    ensure(first, last);
  }, [first, last, ensure]);

  return (
    <ol ref={listRef} className="dialogue-vlist" aria-label={t('dialogues.listLabel')} style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const dialogue = itemAt(item.index);
        return (
          <li
            key={item.key}
            data-index={item.index}
            className="dialogue-vrow"
            aria-setsize={total}
            aria-posinset={item.index + 1}
            style={{ height: rowHeight, transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            {dialogue ? <DialogueRow projectId={projectId} dialogue={dialogue} names={names} /> : <p className="dialogue-vrow__loading">{t('dialogues.loadingRow')}</p>}
          </li>
        );
      })}
    </ol>
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
