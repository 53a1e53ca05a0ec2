import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';
import { eventHref } from '../events/eventHref';
import { eventLabel, preview } from '../search/Snippet';
import { SECTORS, SectorTag, sectorClass } from '../stakeholders/StakeholderBits';
import './codes.css';

type SpeakerMap = Output<'search:speakers'>;
type Row = SpeakerMap['rows'][number];
type Column = SpeakerMap['columns'][number];

export interface MapCell {
  stakeholderId: string;
  /** The cycle, or null for events outside any cycle. */
  cycleId: string | null;
}

/** Five shades, relative to the busiest cell; colour is never the only signal (the number is shown). */
function heat(turns: number, max: number): number {
  if (turns === 0 || max === 0) return 0;
  return Math.max(1, Math.ceil((turns / max) * 4));
}

/**
 * Who spoke when: stakeholders (pseudonyms, grouped by sector) against cycles; each cell holds the turns
 * they spoke and the notes that involve them. Cells are buttons: with `onSelect` the caller decides what a
 * cell does (the search screen filters by it); without it, the turns and notes open in a panel below.
 */
export function StakeholderMap({ projectId, onSelect }: { projectId: string; onSelect?: (cell: MapCell) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const map = useQuery(() => client.call('search:speakers', { project_id: projectId }), [projectId]);
  const [selected, setSelected] = useState<MapCell>();
  const rows = map.data?.rows ?? [];
  const columns = map.data?.columns ?? [];
  const max = useMemo(() => Math.max(0, ...rows.flatMap((row) => row.cells.map((cell) => cell.turns))), [rows]);
  const columnName = (column: Column) => (column.cycle_id ? t('codes.cycleColumn', { number: column.number }) : t('codes.noCycleColumn'));
  const groups = SECTORS.map((sector) => ({ sector, rows: rows.filter((row) => row.sector === sector) })).filter((group) => group.rows.length > 0);

  const choose = (cell: MapCell) => {
    if (onSelect) onSelect(cell);
    else setSelected((current) => (current && current.stakeholderId === cell.stakeholderId && current.cycleId === cell.cycleId ? undefined : cell));
  };

  return (
    <section className="speaker-map" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('codes.mapTitle')}</h2>
      <p className="speaker-map__intro">{t('codes.mapIntro')}</p>
      <ErrorMessage error={map.error} onDismiss={map.reload} />
      {map.data && rows.length === 0 && <p className="empty-state">{t('codes.mapEmpty')}</p>}
      {rows.length > 0 && (
        <>
          <div className="speaker-map__scroll">
            <table className="speaker-map__table" aria-label={t('codes.mapLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('codes.stakeholderColumn')}</th>
                  {columns.map((column) => (
                    <th scope="col" key={column.cycle_id ?? 'none'} title={column.title || undefined}>
                      <span className="speaker-map__cycle">{columnName(column)}</span>
                      {column.title && <span className="speaker-map__cycle-title">{column.title}</span>}
                    </th>
                  ))}
                  <th scope="col">{t('codes.totalColumn')}</th>
                </tr>
              </thead>
              {groups.map((group) => (
                <tbody key={group.sector}>
                  <tr className="speaker-map__sector">
                    <th scope="rowgroup" colSpan={columns.length + 2}>
                      <SectorTag sector={group.sector} />
                    </th>
                  </tr>
                  {group.rows.map((row) => (
                    <tr key={row.stakeholder_id}>
                      <th scope="row" className={`speaker-map__name ${sectorClass(row.sector)}`}>
                        <Link href={`/projects/${projectId}/stakeholders/${row.stakeholder_id}`}>{row.pseudonym}</Link>
                      </th>
                      {row.cells.map((cell, index) => {
                        const column = columns[index]!;
                        const pressed = selected?.stakeholderId === row.stakeholder_id && selected.cycleId === cell.cycle_id;
                        return (
                          <td key={cell.cycle_id ?? 'none'}>
                            <button
                              type="button"
                              className={`speaker-map__cell speaker-map__cell--heat${heat(cell.turns, max)}`}
                              aria-pressed={onSelect ? undefined : pressed}
                              aria-controls={onSelect ? undefined : `${id}-panel`}
                              onClick={() => choose({ stakeholderId: row.stakeholder_id, cycleId: cell.cycle_id })}
                            >
                              {/*
                                Named by its content (the whole sentence, for screen readers) rather than an aria-label
                                that leaves out what the cell shows: the numbers are the same words, shown short.
                              */}
                              <span className="visually-hidden">
                                {t('codes.cellText', { name: row.pseudonym, cycle: columnName(column), turns: cell.turns, notes: cell.notes })}
                              </span>
                              <span className="speaker-map__turns" aria-hidden="true">
                                {cell.turns}
                              </span>
                              {cell.notes > 0 && (
                                <span className="speaker-map__notes" aria-hidden="true">
                                  {cell.notes}
                                </span>
                              )}
                            </button>
                          </td>
                        );
                      })}
                      <td className="speaker-map__total">
                        <span className="speaker-map__turns">{t('codes.turns', { count: row.turns })}</span>
                        <span className="speaker-map__notes">{t('codes.notes', { count: row.notes })}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
          <p className="speaker-map__legend">
            <span className="speaker-map__swatches" aria-hidden="true">
              {[0, 1, 2, 3, 4].map((level) => (
                <span key={level} className={`speaker-map__swatch speaker-map__cell--heat${level}`} />
              ))}
            </span>
            {t('codes.legend')}
          </p>
        </>
      )}
      <div id={`${id}-panel`} aria-live="polite">
        {selected && map.data && (
          <CellPanel
            projectId={projectId}
            cell={selected}
            row={rows.find((row) => row.stakeholder_id === selected.stakeholderId)}
            cycleName={columnName(columns.find((column) => column.cycle_id === selected.cycleId) ?? { cycle_id: null, number: '', title: '' })}
            onClose={() => setSelected(undefined)}
          />
        )}
      </div>
    </section>
  );
}

/** The turns a stakeholder spoke and the notes that involve them, in one cycle, oldest first. */
function CellPanel({ projectId, cell, row, cycleName, onClose }: { projectId: string; cell: MapCell; row?: Row; cycleName: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const events = useQuery(async () => {
    const found = await client.call('search:query', {
      project_id: projectId,
      query: '',
      filters: { stakeholder_ids: [cell.stakeholderId], types: ['turn', 'field_note'], ...(cell.cycleId ? { cycle_ids: [cell.cycleId] } : {}) },
      order: 'oldest',
      limit: 100,
    });
    return cell.cycleId ? found.hits : found.hits.filter((hit) => hit.cycle_id === null);
  }, [projectId, cell.stakeholderId, cell.cycleId]);
  const name = row?.pseudonym ?? '';
  return (
    <div className="speaker-map__panel card">
      <div className="speaker-map__panel-top">
        <h3>{t('codes.cellHeading', { name, cycle: cycleName })}</h3>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('codes.closeCell')}
        </button>
      </div>
      <ErrorMessage error={events.error} />
      {events.data && events.data.length === 0 && <p>{t('codes.cellEmpty')}</p>}
      {events.data && events.data.length > 0 && (
        <ul className="speaker-map__events">
          {events.data.map((hit) => (
            <li key={hit.id}>
              <span className={`search-type search-type--${hit.type}`}>{t(`events.${hit.type}`)}</span>{' '}
              <span className="speaker-map__date">{formatDate(hit.occurred_at, i18n.language)}</span>{' '}
              <Link href={eventHref(hit)}>{hit.type === 'turn' ? preview(hit.text, 160) : eventLabel(hit, t(`events.${hit.type}`))}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
