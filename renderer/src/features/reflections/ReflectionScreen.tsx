import { format, parseISO } from 'date-fns';
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import type { Phase } from '../../../../electron/api/schemas';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { focusAfterDelete } from '../../components/focusAfterDelete';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Markdown } from '../../components/Markdown';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { PhaseSelect } from '../../components/PhaseSelect';
import { formatDate, formatDateTime } from '../../format';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';
import { eventHref } from '../events/eventHref';
import { revealInTextarea, type TextMatch } from '../events/openAtMatch';
import { HistoryPanel } from '../history/HistoryPanel';
import { Backlinks, useCitationCount } from './Backlinks';
import { EvidencePicker } from './EvidencePicker';
import './reflections.css';
import '../erasure/erasure.css';
import { WrittenBy } from '../team/WrittenBy';

type Reflection = Output<'reflections:get'>;
type LinkItem = Reflection['links'][number];
type Mode = 'withness' | 'aboutness';

interface Fields {
  mode: Mode;
  title: string;
  body: string;
  cycle_id: string | null;
  phase: Phase | null;
  written_at: string;
}

const MODES: Mode[] = ['withness', 'aboutness'];

function fieldsOf(reflection: Reflection): Fields {
  const { mode, title, body, cycle_id, phase, written_at } = reflection;
  return { mode, title, body, cycle_id, phase, written_at };
}

/** ISO time → the value of a datetime-local input, in local time. */
function toLocalInput(iso: string): string {
  return format(parseISO(iso), "yyyy-MM-dd'T'HH:mm");
}

/**
 * One reflection: its way of thinking, its text (autosaved), its place in the cycles, and the evidence it rests on.
 * Opened from a search, at the match.
 */
export function ReflectionScreen({ projectId, reflectionId, match }: { projectId: string; reflectionId: string; match?: TextMatch }) {
  const { t } = useTranslation();
  const client = useClient();
  const reflection = useQuery(() => client.call('reflections:get', { id: reflectionId }), [reflectionId]);
  const [fields, setFields] = useState<Fields>();
  const revision = useRef(0);

  // The editor takes the stored text once per load (and again after a restore), not on every reload of the links.
  const [loadCount, setLoadCount] = useState(0);
  const initializedFor = useRef(-1);
  useEffect(() => {
    if (reflection.data && initializedFor.current !== loadCount) {
      initializedFor.current = loadCount;
      revision.current = reflection.data.revision;
      setFields(fieldsOf(reflection.data));
    }
  }, [reflection.data, loadCount]);

  if (reflection.error instanceof ApiCallError && reflection.error.code === 'not_found') {
    return (
      <div className="reflection">
        <Link href={`/projects/${projectId}/reflections`} className="back-link">
          ← {t('reflections.back')}
        </Link>
        <p role="alert">{t('reflections.notFound')}</p>
      </div>
    );
  }
  if (!reflection.data || !fields) return <ErrorMessage error={reflection.error} />;
  return (
    <Editor
      projectId={projectId}
      reflection={reflection.data}
      fields={fields}
      setFields={setFields}
      revision={revision}
      reloadLinks={reflection.reload}
      onRestored={() => {
        setLoadCount((n) => n + 1);
        reflection.reload();
      }}
      match={loadCount === 0 ? match : undefined}
    />
  );
}

function Editor({
  projectId,
  reflection,
  fields,
  setFields,
  revision,
  reloadLinks,
  onRestored,
  match,
}: {
  projectId: string;
  reflection: Reflection;
  fields: Fields;
  setFields: (update: (current: Fields | undefined) => Fields | undefined) => void;
  revision: RefObject<number>;
  reloadLinks: () => void;
  onRestored: () => void;
  /** A search match in the body (code points): selected and scrolled into view once the text shows. */
  match?: TextMatch;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const ids = useId();
  const id = reflection.id;
  const draftKey = `reflection:${id}`;
  const draft = useDraftOffer(draftKey, fieldsOf(reflection));
  const [preview, setPreview] = useState(false);
  const [picking, setPicking] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [linkError, setLinkError] = useState<unknown>();
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const citedBy = useCitationCount('reflection', id);
  const evidenceHeading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const bodyBox = useRef<HTMLTextAreaElement>(null);
  const revealed = useRef<string | undefined>(undefined);
  const matchKey = match ? `${match.start}-${match.end}` : undefined;

  // Opened at a search match: select it in the text and bring it into view, once per match.
  useEffect(() => {
    if (!match || !matchKey || revealed.current === matchKey || !bodyBox.current) return;
    revealed.current = matchKey;
    revealInTextarea(bodyBox.current, match);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per match, not on every edit
  }, [matchKey]);
  // Closing the picker gives focus back to the button that opened it (once it is shown again).
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (returnFocus && !picking) {
      addButton.current?.focus();
      setReturnFocus(false);
    }
  }, [returnFocus, picking]);

  const save = useCallback(
    async (value: Fields) => {
      const updated = await client.call('reflections:update', { id, expected_revision: revision.current, ...value });
      revision.current = updated.revision;
    },
    [client, id, revision],
  );
  const autosave = useAutosave({ value: fields, save, draftKey, enabled: !draft.pending });

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((current) => (current ? { ...current, [key]: value } : current));

  const removeLink = async (link: LinkItem) => {
    setLinkError(undefined);
    try {
      await client.call('links:remove', { id: link.id });
      setAnnouncement(t('reflections.linkRemoved'));
      focusAfterDelete(
        reflection.links,
        reflection.links.findIndex((other) => other.id === link.id),
        (other) => document.querySelector<HTMLElement>(`[id="evidence-${other.id}"] > button`),
        () => evidenceHeading.current,
      );
      reloadLinks();
    } catch (failure) {
      setLinkError(failure);
    }
  };

  const displayTitle = fields.title.trim() || t('reflections.untitled');
  return (
    <article className="reflection" aria-labelledby={`${ids}-heading`}>
      <Link href={`/projects/${projectId}/reflections`} className="back-link">
        ← {t('reflections.back')}
      </Link>
      <header className="reflection__header">
        <h1 id={`${ids}-heading`} className="reflection__heading">
          {displayTitle}
        </h1>
        <SaveStatus status={autosave.status} error={autosave.error} />
      </header>
      <WrittenBy table="reflections" id={id} />

      <DraftOffer offer={draft} onUse={(value) => setFields(() => value)} />

      <div className={`reflection__layout${picking ? ' reflection__layout--picking' : ''}`}>
        <div className="reflection__writing">
          <fieldset className="mode-choice">
            <legend>{t('reflections.modeLegend')}</legend>
            {MODES.map((mode) => (
              <div key={mode} className={`mode-choice__option mode-choice__option--${mode}`}>
                <input
                  type="radio"
                  id={`${ids}-mode-${mode}`}
                  name={`${ids}-mode`}
                  value={mode}
                  checked={fields.mode === mode}
                  onChange={() => set('mode', mode)}
                  aria-describedby={`${ids}-mode-${mode}-help`}
                />
                <label htmlFor={`${ids}-mode-${mode}`}>{t(`reflections.mode_${mode}`)}</label>
                <p id={`${ids}-mode-${mode}-help`} className="mode-choice__help">
                  {t(`reflections.modeHelp_${mode}`)}
                </p>
              </div>
            ))}
          </fieldset>

          <div className="field">
            <label htmlFor={`${ids}-title`}>{t('reflections.title')}</label>
            <input
              id={`${ids}-title`}
              className="reflection__title-input"
              type="text"
              maxLength={500}
              placeholder={t('reflections.titlePlaceholder')}
              value={fields.title}
              onChange={(e) => set('title', e.target.value)}
              onBlur={() => void autosave.flush()}
            />
          </div>

          <div className="field">
            <div className="reflection__body-label">
              <label htmlFor={`${ids}-body`}>{t('reflections.body')}</label>
              <button type="button" className="button button--small" aria-pressed={preview} onClick={() => setPreview((on) => !on)}>
                {preview ? t('reflections.hidePreview') : t('reflections.showPreview')}
              </button>
            </div>
            <textarea
              ref={bodyBox}
              id={`${ids}-body`}
              className="reflection__body"
              rows={14}
              aria-describedby={`${ids}-body-help`}
              placeholder={t('reflections.bodyPlaceholder')}
              value={fields.body}
              onChange={(e) => set('body', e.target.value)}
              onBlur={() => void autosave.flush()}
            />
            <p id={`${ids}-body-help`} className="reflection__hint">
              {t('reflections.bodyHelp')}
            </p>
          </div>
          {preview && (
            <section className="reflection__preview" aria-label={t('reflections.previewHeading')}>
              <h2 className="eyebrow">{t('reflections.previewHeading')}</h2>
              {fields.body.trim() ? <Markdown source={fields.body} /> : <p>{t('reflections.previewEmpty')}</p>}
            </section>
          )}

          <div className="reflection__meta">
            <div className="field">
              <label htmlFor={`${ids}-cycle`}>{t('reflections.cycle')}</label>
              <select id={`${ids}-cycle`} value={fields.cycle_id ?? ''} onChange={(e) => set('cycle_id', e.target.value || null)}>
                <option value="">{t('reflections.noCycle')}</option>
                {(cycles.data ?? []).map((cycle) => (
                  <option key={cycle.id} value={cycle.id}>
                    {cycleName(t, cycle, cycleNumbers(cycles.data ?? []))}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-phase`}>{t('reflections.phase')}</label>
              <PhaseSelect id={`${ids}-phase`} value={fields.phase} onChange={(phase) => set('phase', phase)} />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-written`}>{t('reflections.writtenAt')}</label>
              <input
                id={`${ids}-written`}
                type="datetime-local"
                value={toLocalInput(fields.written_at)}
                onChange={(e) => {
                  const time = new Date(e.target.value);
                  if (e.target.value && !Number.isNaN(time.getTime())) set('written_at', time.toISOString());
                }}
              />
            </div>
          </div>
          <ErrorMessage error={cycles.error} />
        </div>

        <section className="evidence" aria-labelledby={`${ids}-evidence`}>
          <h2 id={`${ids}-evidence`} ref={evidenceHeading} tabIndex={-1} className="evidence__heading">
            {t('reflections.evidenceHeading')}
          </h2>
          <p className="visually-hidden" role="status" aria-live="polite">
            {announcement}
          </p>
          <ErrorMessage error={linkError} />
          {reflection.links.length === 0 ? (
            <p className="evidence__empty">{t('reflections.evidenceEmpty')}</p>
          ) : (
            <ul className="evidence__list" aria-labelledby={`${ids}-evidence`}>
              {reflection.links.map((link) => (
                <EvidenceItem key={link.id} link={link} language={i18n.language} onRemove={() => removeLink(link)} />
              ))}
            </ul>
          )}
          {picking ? (
            <EvidencePicker
              projectId={projectId}
              reflectionId={id}
              onClose={() => {
                setPicking(false);
                setReturnFocus(true);
              }}
              onAdded={() => {
                setPicking(false);
                setAnnouncement(t('reflections.linkAdded'));
                reloadLinks();
                evidenceHeading.current?.focus();
              }}
            />
          ) : (
            <button ref={addButton} type="button" className="button button--primary" onClick={() => setPicking(true)}>
              {t('reflections.addEvidence')}
            </button>
          )}
        </section>
      </div>

      <footer className="reflection__footer">
        <HistoryPanel entityType="reflection" id={id} field="body" onRestored={onRestored} />
        <Backlinks projectId={projectId} targetType="reflection" targetId={id} />
        <div className="reflection__delete">
          <DeleteButton
            label={displayTitle}
            citedBy={citedBy}
            onDelete={async () => {
              await autosave.flush();
              await client.call('reflections:delete', { id });
              navigate(`/projects/${projectId}/reflections`);
            }}
          />
        </div>
      </footer>
    </article>
  );
}

function EvidenceItem({ link, language, onRemove }: { link: LinkItem; language: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const target = link.target;
  const label = target ? target.label || t(`events.${target.type}`) : t('reflections.targetMissing');
  if (link.withdrawn_at) {
    // The cited person withdrew and what they said was erased: the reflection keeps its text, this marks the gap.
    return (
      <li id={`evidence-${link.id}`} className="evidence-item evidence-item--withdrawn">
        <div className="evidence-item__meta">
          <span className={`event-type event-type--${link.target_type}`}>{t(`events.${link.target_type}`)}</span>
        </div>
        <p className="evidence-item__label evidence-item__withdrawn">{t('erasure.evidenceWithdrawn')}</p>
        <p className="evidence-item__whole">{t('erasure.evidenceWithdrawnHint')}</p>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          aria-label={t('reflections.removeLinkLabel', { label: t('erasure.evidenceWithdrawn') })}
          onClick={onRemove}
        >
          {t('reflections.removeLink')}
        </button>
      </li>
    );
  }
  return (
    <li id={`evidence-${link.id}`} className={`evidence-item${target?.deleted ? ' evidence-item--deleted' : ''}`}>
      <div className="evidence-item__meta">
        <span className={`event-type event-type--${link.target_type}`}>{t(`events.${link.target_type}`)}</span>
        {target && <span className="evidence-item__date">{formatDate(target.occurred_at, language)}</span>}
        {target?.deleted && <span className="badge evidence-item__trash">{t('events.deleted')}</span>}
      </div>
      <p className="evidence-item__label">
        {target && !target.deleted ? (
          <Link href={eventHref(target)} aria-label={t('reflections.openLabel', { label })}>
            {label}
          </Link>
        ) : (
          label
        )}
      </p>
      {link.excerpt_text !== null ? (
        <blockquote className="evidence-item__quote">{link.excerpt_text}</blockquote>
      ) : (
        <p className="evidence-item__whole">{t('reflections.wholeEvent')}</p>
      )}
      {link.comment && (
        <p className="evidence-item__comment">
          <span className="visually-hidden">{t('reflections.commentLabel')}: </span>
          {link.comment}
        </p>
      )}
      <button type="button" className="button button--small button--danger-quiet" aria-label={t('reflections.removeLinkLabel', { label })} onClick={onRemove}>
        {t('reflections.removeLink')}
      </button>
    </li>
  );
}
