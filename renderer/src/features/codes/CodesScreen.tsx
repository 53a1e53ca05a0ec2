import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import type { EventRef } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { focusAfterDelete } from '../../components/focusAfterDelete';
import { formatDate } from '../../format';
import { eventHref } from '../events/eventHref';
import { passageFromSelection, textareaValue } from '../reflections/codePoints';
import { eventLabel, Snippet, type SearchHit } from '../search/Snippet';
import './codes.css';
import '../search/search.css';

type Code = Output<'codes:list'>[number];
type Count = Output<'codings:counts'>[number];
type Segment = Output<'codings:list'>['segments'][number];

const SEGMENT_PAGE = 50;
const DEFAULT_COLOUR = '#2f6b5a';

/** "2 whole events, 5 passages": what is coded with this very code (not the codes below it). */
function useCountText(): (count: Count | undefined) => string {
  const { t } = useTranslation();
  return (count) =>
    t('codes.countTitle', {
      events: t('codes.wholeEvents', { count: count?.events ?? 0 }),
      passages: t('codes.passages', { count: count?.passages ?? 0 }),
    });
}

interface TreeNode {
  code: Code;
  children: TreeNode[];
}

/** The code book as a tree (codes:list is depth-first, parents before children). */
function buildTree(codes: readonly Code[]): TreeNode[] {
  const nodes = new Map(codes.map((code) => [code.id, { code, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const code of codes) {
    const node = nodes.get(code.id)!;
    const parent = code.parent_id ? nodes.get(code.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The code and every code below it. */
function descendantIds(codes: readonly Code[], id: string): Set<string> {
  const below = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const code of codes) {
      if (code.parent_id && below.has(code.parent_id) && !below.has(code.id)) {
        below.add(code.id);
        grew = true;
      }
    }
  }
  return below;
}

function depthOf(codes: readonly Code[], id: string): number {
  const byId = new Map(codes.map((code) => [code.id, code]));
  let depth = 0;
  let parent = byId.get(id)?.parent_id;
  while (parent && byId.has(parent) && depth < 20) {
    depth += 1;
    parent = byId.get(parent)?.parent_id;
  }
  return depth;
}

/**
 * The code book and what is coded with it: a tree of codes (create, rename, recolour, nest, delete to the
 * trash), counts per code, and for the chosen code every coded event and passage in its context, with a way
 * to code a passage of any event.
 */
export function CodesScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const codes = useQuery(() => client.call('codes:list', { project_id: projectId }), [projectId]);
  const counts = useQuery(() => client.call('codings:counts', { project_id: projectId }), [projectId]);
  const [selectedId, setSelectedId] = useState<string>();
  const [segmentsVersion, setSegmentsVersion] = useState(0);
  const [bookStatus, setBookStatus] = useState('');
  const bookHeading = useRef<HTMLHeadingElement>(null);
  const all = codes.data ?? [];
  const selected = all.find((code) => code.id === selectedId);
  const countOf = useMemo(() => new Map((counts.data ?? []).map((count) => [count.code_id, count])), [counts.data]);

  const refresh = () => {
    codes.reload();
    counts.reload();
    setSegmentsVersion((version) => version + 1);
  };

  return (
    <div className="codes">
      <h1>{t('codes.title')}</h1>
      <p className="lede">{t('codes.intro')}</p>
      <ErrorMessage error={codes.error ?? counts.error} onDismiss={refresh} />
      <div className="codes__layout">
        <section className="codes__book" aria-labelledby="code-book-heading">
          <h2 id="code-book-heading" ref={bookHeading} tabIndex={-1}>
            {t('codes.bookHeading')}
          </h2>
          <p role="status" className="visually-hidden">
            {bookStatus}
          </p>
          {codes.data && all.length === 0 && <p className="empty-state">{t('codes.empty')}</p>}
          {all.length > 0 && (
            <CodeTree nodes={buildTree(all)} selectedId={selectedId} countOf={countOf} onSelect={setSelectedId} label={t('codes.treeLabel')} />
          )}
          <NewCodeForm
            projectId={projectId}
            codes={all}
            onAdded={(code) => {
              refresh();
              setSelectedId(code.id);
            }}
          />
        </section>
        <div className="codes__detail">
          {selected ? (
            <>
              <CodeEditor
                key={selected.id}
                code={selected}
                codes={all}
                count={countOf.get(selected.id)}
                onChanged={refresh}
                onDeleted={() => {
                  // The editor goes with the code: focus moves to the next code in the tree (the previous one when
                  // it was last), skipping the codes inside the deleted one, which went to the trash with it.
                  const removed = document.getElementById(`code-${selected.id}`);
                  const tree = [...document.querySelectorAll<HTMLElement>('.codes__book .code-tree__item')];
                  const own = tree.find((button) => removed?.contains(button));
                  const left = tree.filter((button) => button === own || !removed?.contains(button));
                  focusAfterDelete(left, own ? left.indexOf(own) : -1, (button) => button, () => bookHeading.current);
                  setBookStatus(t('codes.deletedNamed', { name: selected.name }));
                  setSelectedId(undefined);
                  refresh();
                }}
              />
              <Segments
                key={`${selected.id}:${segmentsVersion}`}
                projectId={projectId}
                code={selected}
                hasChildren={all.some((code) => code.parent_id === selected.id)}
                onChanged={counts.reload}
              />
              <PassageCoder projectId={projectId} code={selected} onCoded={refresh} />
            </>
          ) : (
            <p className="empty-state">{t('codes.chooseCode')}</p>
          )}
        </div>
      </div>
    </div>
  );
}

/** Coded events and passages of a code and every code below it. */
function totalOf(node: TreeNode, countOf: Map<string, Count>): number {
  const own = countOf.get(node.code.id);
  return (own?.events ?? 0) + (own?.passages ?? 0) + node.children.reduce((sum, child) => sum + totalOf(child, countOf), 0);
}

function CodeTree({
  nodes,
  selectedId,
  countOf,
  onSelect,
  label,
}: {
  nodes: TreeNode[];
  selectedId?: string;
  countOf: Map<string, Count>;
  onSelect: (id: string) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const countText = useCountText();
  return (
    <ul className="code-tree" aria-label={label}>
      {nodes.map((node) => {
        const { code, children } = node;
        const count = countOf.get(code.id);
        const total = totalOf(node, countOf);
        return (
          <li key={code.id} id={`code-${code.id}`}>
            <button
              type="button"
              className="code-tree__item"
              aria-current={code.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(code.id)}
              title={countText(count)}
            >
              <span className="code-swatch" style={{ backgroundColor: code.color }} aria-hidden="true" />
              <span className="code-tree__name">{code.name}</span>
              <span className="code-tree__count">{t('codes.countLabel', { count: total })}</span>
            </button>
            {children.length > 0 && <CodeTree nodes={children} selectedId={selectedId} countOf={countOf} onSelect={onSelect} />}
          </li>
        );
      })}
    </ul>
  );
}

function ParentOptions({ codes, exclude }: { codes: readonly Code[]; exclude?: Set<string> }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('codes.topLevel')}</option>
      {codes
        .filter((code) => !exclude?.has(code.id))
        .map((code) => (
          <option key={code.id} value={code.id}>
            {`${'\u2003'.repeat(depthOf(codes, code.id))}${code.name}`}
          </option>
        ))}
    </>
  );
}

function NewCodeForm({ projectId, codes, onAdded }: { projectId: string; codes: readonly Code[]; onAdded: (code: Code) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [colour, setColour] = useState(DEFAULT_COLOUR);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [added, setAdded] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const code = await client.call('codes:create', { project_id: projectId, name, parent_id: parent || null, color: colour });
      setName('');
      setAdded(code.name);
      setError(undefined);
      onAdded(code);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="codes__new card" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('codes.newHeading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('codes.name')}</label>
        <input id={`${id}-name`} value={name} maxLength={200} placeholder={t('codes.namePlaceholder')} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="codes__row">
        <div className="field">
          <label htmlFor={`${id}-parent`}>{t('codes.parent')}</label>
          <select id={`${id}-parent`} value={parent} onChange={(event) => setParent(event.target.value)}>
            <ParentOptions codes={codes} />
          </select>
        </div>
        <div className="field codes__colour">
          <label htmlFor={`${id}-colour`}>{t('codes.colour')}</label>
          <input id={`${id}-colour`} type="color" value={colour} onChange={(event) => setColour(event.target.value)} />
        </div>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {t('codes.add')}
      </button>
      <p role="status" className="codes__status">
        {added ? t('codes.added', { name: added }) : ''}
      </p>
    </form>
  );
}

/** Name, colour, place in the tree and description; each change is saved as it is made (no Save button). */
function CodeEditor({
  code,
  codes,
  count,
  onChanged,
  onDeleted,
}: {
  code: Code;
  codes: readonly Code[];
  count?: Count;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [name, setName] = useState(code.name);
  const [description, setDescription] = useState(code.description);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  const countText = useCountText();
  const exclude = useMemo(() => descendantIds(codes, code.id), [codes, code.id]);
  const children = exclude.size - 1;

  const save = async (changes: { name?: string; color?: string; parent_id?: string | null; description?: string }) => {
    setStatus(t('save.saving'));
    try {
      await client.call('codes:update', { id: code.id, ...changes });
      setError(undefined);
      setStatus(t('codes.saved'));
      onChanged();
    } catch (failure) {
      setError(failure);
      setStatus('');
    }
  };

  return (
    <section className="codes__editor card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="codes__editor-heading">
        <span className="code-swatch code-swatch--large" style={{ backgroundColor: code.color }} aria-hidden="true" />
        {code.name}
      </h2>
      <p className="codes__counts">{countText(count)}</p>
      <div className="codes__row">
        <div className="field codes__name">
          <label htmlFor={`${id}-name`}>{t('codes.rename')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
            onBlur={() => {
              if (name.trim() && name !== code.name) void save({ name });
              else setName(code.name);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') (event.target as HTMLInputElement).blur();
            }}
          />
        </div>
        <div className="field codes__colour">
          <label htmlFor={`${id}-colour`}>{t('codes.colour')}</label>
          <input id={`${id}-colour`} type="color" defaultValue={code.color} onChange={(event) => void save({ color: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-parent`}>{t('codes.parent')}</label>
          <select id={`${id}-parent`} value={code.parent_id ?? ''} onChange={(event) => void save({ parent_id: event.target.value || null })}>
            <ParentOptions codes={codes} exclude={exclude} />
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('codes.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          value={description}
          maxLength={5000}
          onChange={(event) => setDescription(event.target.value)}
          onBlur={() => {
            if (description !== code.description) void save({ description });
          }}
        />
      </div>
      <ErrorMessage error={error} />
      <p role="status" className="codes__status">
        {status}
      </p>
      {children > 0 && <p className="codes__warning">{t('codes.deleteChildren', { count: children })}</p>}
      <DeleteButton
        label={t('codes.deleteLabel', { name: code.name })}
        onDelete={async () => {
          await client.call('codes:delete', { id: code.id });
          onDeleted();
        }}
      />
    </section>
  );
}

function Segments({ projectId, code, hasChildren, onChanged }: { projectId: string; code: Code; hasChildren: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  // A parent code stands for the codes inside it too, as its count in the tree does.
  const [includeChildren, setIncludeChildren] = useState(hasChildren);
  const [limit, setLimit] = useState(SEGMENT_PAGE);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();
  const segments = useQuery(
    () => client.call('codings:list', { project_id: projectId, code_id: code.id, include_children: includeChildren, limit }),
    [projectId, code.id, includeChildren, limit],
  );
  const list = segments.data?.segments ?? [];
  const total = segments.data?.total ?? 0;
  const heading = useRef<HTMLHeadingElement>(null);

  return (
    <section className="codes__segments" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('codes.segmentsHeading', { name: code.name })}
      </h2>
      <div className="codes__segments-bar">
        <p role="status">{segments.data ? t('codes.segmentCount', { count: total }) : ''}</p>
        {hasChildren && (
          <label className="codes__check">
            <input type="checkbox" checked={includeChildren} onChange={(event) => setIncludeChildren(event.target.checked)} />
            {t('codes.includeChildren')}
          </label>
        )}
      </div>
      <ErrorMessage error={segments.error ?? error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {segments.data && total === 0 && <p className="empty-state">{t('codes.noSegments', { name: code.name })}</p>}
      <ol className="segments">
        {list.map((segment) => (
          <SegmentItem
            key={segment.coding.id}
            segment={segment}
            showCode={includeChildren}
            language={i18n.language}
            onRemove={async () => {
              try {
                await client.call('codings:remove', { id: segment.coding.id });
                focusAfterDelete(
                  list,
                  list.findIndex((other) => other.coding.id === segment.coding.id),
                  (other) => document.querySelector<HTMLElement>(`[id="segment-${other.coding.id}"] .segment__remove`),
                  () => heading.current,
                );
                setNotice(t('codes.uncoded'));
                segments.reload();
                onChanged();
              } catch (failure) {
                setError(failure);
              }
            }}
          />
        ))}
      </ol>
      {list.length < total && (
        <button type="button" className="button button--small" onClick={() => setLimit((value) => Math.min(500, value + SEGMENT_PAGE))}>
          {t('codes.showMore')}
        </button>
      )}
    </section>
  );
}

function SegmentItem({ segment, showCode, language, onRemove }: { segment: Segment; showCode: boolean; language: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const { event, context, state } = segment;
  const label = eventLabel(event, t(`events.${event.type}`));
  return (
    <li id={`segment-${segment.coding.id}`} className={`segment search-hit--${event.type}`}>
      <p className="search-hit__meta">
        <span className={`search-type search-type--${event.type}`}>{t(`events.${event.type}`)}</span>
        <span>{formatDate(event.occurred_at, language)}</span>
        <span className="segment__kind">{state === 'whole' ? t('codes.wholeEvent') : t('codes.passage')}</span>
        {showCode && (
          <span className="segment__code">
            <span className="code-swatch" style={{ backgroundColor: segment.code.color }} aria-hidden="true" />
            {segment.code.name}
          </span>
        )}
      </p>
      <p className="segment__label">
        <Link href={eventHref(event)} aria-label={t('codes.openEvent', { label })}>
          {label}
        </Link>
      </p>
      {state === 'whole' ? (
        <p className="segment__text">{context.passage}</p>
      ) : (
        <blockquote className="segment__text">
          {context.before}
          <mark>{context.passage}</mark>
          {context.after}
        </blockquote>
      )}
      {state === 'moved' && <p className="segment__state">{t('codes.moved')}</p>}
      {state === 'changed' && <p className="segment__state">{t('codes.changed')}</p>}
      <button type="button" className="button button--small button--quiet segment__remove" onClick={onRemove}>
        {t('codes.uncode')}
      </button>
    </li>
  );
}

/** Codes a passage: find the event, select words in its text (mouse or Shift+arrows), code the selection. */
function PassageCoder({ projectId, code, onCoded }: { projectId: string; code: Code; onCoded: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [chosen, setChosen] = useState<EventRef>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const text = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const words = query.trim();
    if (!open || !words) {
      setHits([]);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const found = await client.call('search:query', { project_id: projectId, query: words, limit: 8 });
        if (!cancelled) setHits(found.hits);
      } catch (failure) {
        if (!cancelled) setError(failure);
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, projectId, query, open]);

  const code_ = async (whole: boolean) => {
    if (!chosen) return;
    setError(undefined);
    let excerpt;
    if (!whole) {
      const area = text.current;
      excerpt = area ? passageFromSelection(chosen.text, area.selectionStart, area.selectionEnd) : undefined;
      if (!excerpt) {
        setStatus(t('codes.noSelection'));
        return;
      }
    }
    try {
      await client.call('codings:add', { code_id: code.id, target_type: chosen.type, target_id: chosen.id, excerpt });
      setStatus(t('codes.coded'));
      onCoded();
    } catch (failure) {
      setError(failure);
      setStatus('');
    }
  };

  return (
    <details className="codes__coder card" open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('codes.codePassage')}</summary>
      <p className="codes__hint">{t('codes.codePassageHint')}</p>
      {!chosen ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-find`}>{t('codes.findEvent')}</label>
            <input id={`${id}-find`} type="search" autoComplete="off" value={query} onChange={(event) => setQuery(event.target.value)} />
          </div>
          <ul className="codes__found">
            {hits.map((hit) => (
              <li key={hit.id}>
                <button type="button" className="codes__found-item" onClick={() => setChosen(hit)}>
                  <span className="search-hit__meta">
                    <span className={`search-type search-type--${hit.type}`}>{t(`events.${hit.type}`)}</span>
                    <span>{formatDate(hit.occurred_at, i18n.language)}</span>
                  </span>
                  <span className="codes__found-label">{eventLabel(hit, t(`events.${hit.type}`))}</span>
                  <Snippet parts={hit.snippet} className="search-hit__snippet" />
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p className="codes__chosen">
            <span className={`search-type search-type--${chosen.type}`}>{t(`events.${chosen.type}`)}</span> {eventLabel(chosen, t(`events.${chosen.type}`))}
          </p>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('codes.selectText')}</label>
            {/* Edits are refused (the value never changes) but the text stays selectable by keyboard. */}
            <textarea id={`${id}-text`} ref={text} rows={8} value={textareaValue(chosen.text)} onChange={() => undefined} />
          </div>
          <div className="codes__actions">
            <button type="button" className="button button--primary" onClick={() => void code_(false)}>
              {t('codes.codeSelection')}
            </button>
            <button type="button" className="button" onClick={() => void code_(true)}>
              {t('codes.codeWhole')}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setChosen(undefined)}>
              {t('codes.back')}
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={error} />
      <p role="status" className="codes__status">
        {status}
      </p>
    </details>
  );
}
