import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { focusAfterDelete } from '../../components/focusAfterDelete';
import { ACCEPTED_FILES, base64ToBlob, formatBytes, isImage, MAX_ATTACHMENT_BYTES, mediaTypeOf, readAsBase64 } from './noteHelpers';

type Attachment = Output<'attachments:list'>[number];

/** Files kept with a note: pictures as thumbnails, other files with their size and a download link. */
export function AttachmentsPanel({ noteId, initial, onChanged }: { noteId: string; initial: Attachment[]; onChanged?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [attachments, setAttachments] = useState(initial);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  async function reload() {
    setAttachments(await client.call('attachments:list', { owner_type: 'field_note', owner_id: noteId }));
    onChanged?.();
  }

  async function addFiles(files: File[]) {
    setError(undefined);
    setBusy(true);
    const messages: string[] = [];
    try {
      for (const file of files) {
        if (file.size > MAX_ATTACHMENT_BYTES) {
          messages.push(t('notes.tooLarge', { name: file.name }));
          continue;
        }
        setStatus(t('notes.adding', { name: file.name }));
        const data = await readAsBase64(file);
        await client.call('attachments:add', { owner_type: 'field_note', owner_id: noteId, file_name: file.name, media_type: mediaTypeOf(file), data_base64: data });
        messages.push(t('notes.added', { name: file.name }));
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setStatus(messages.join(' '));
      await reload().catch(setError);
    }
  }

  async function remove(attachment: Attachment) {
    setError(undefined);
    try {
      await client.call('attachments:delete', { id: attachment.id });
      // In the order shown: pictures first, then other files.
      const shown = [...images, ...others];
      focusAfterDelete(
        shown,
        shown.findIndex((other) => other.id === attachment.id),
        (other) => document.querySelector<HTMLElement>(`[id="attachment-${other.id}"] .attachment__remove`),
        () => heading.current,
      );
      setStatus(t('notes.removed', { name: attachment.file_name }));
      await reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const images = attachments.filter((attachment) => isImage(attachment.media_type));
  const others = attachments.filter((attachment) => !isImage(attachment.media_type));
  return (
    <section className="attachments" aria-labelledby={`${id}-heading`}>
      <div className="attachments__head">
        <h2 ref={heading} id={`${id}-heading`} tabIndex={-1} className="note-editor__section-heading">
          {t('notes.attachments')}
        </h2>
        <div className="file-picker">
          <input
            id={`${id}-files`}
            type="file"
            multiple
            accept={ACCEPTED_FILES}
            className="visually-hidden"
            disabled={busy}
            onChange={(event) => {
              const files = Array.from(event.target.files ?? []);
              event.target.value = '';
              if (files.length > 0) void addFiles(files);
            }}
          />
          <label htmlFor={`${id}-files`} className="button button--small">
            {t('notes.addFiles')}
          </label>
        </div>
      </div>
      <p className="attachments__hint">{t('notes.attachmentsHint')}</p>
      <p role="status" aria-live="polite" className="attachments__status">
        {status}
      </p>
      <ErrorMessage error={error} />
      {attachments.length === 0 && <p className="attachments__empty">{t('notes.noAttachments')}</p>}
      {images.length > 0 && (
        <ul className="attachments__images">
          {images.map((attachment) => (
            <li key={attachment.id} id={`attachment-${attachment.id}`} className="attachment attachment--image">
              <ImageAttachment attachment={attachment} />
              <RemoveAttachment attachment={attachment} onRemove={() => remove(attachment)} />
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <ul className="attachments__files">
          {others.map((attachment) => (
            <li key={attachment.id} id={`attachment-${attachment.id}`} className="attachment attachment--file">
              <FileAttachment attachment={attachment} />
              <RemoveAttachment attachment={attachment} onRemove={() => remove(attachment)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ImageAttachment({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [data, setData] = useState<string>();
  const [blobUrl, setBlobUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let cancelled = false;
    let url: string | undefined;
    client.call('attachments:get', { id: attachment.id }).then(
      (full) => {
        if (cancelled) return;
        setData(`data:${full.media_type};base64,${full.data_base64}`);
        if (typeof URL.createObjectURL === 'function') {
          url = URL.createObjectURL(base64ToBlob(full.data_base64, full.media_type));
          setBlobUrl(url);
        }
      },
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, attachment.id]);
  return (
    <figure className="attachment__figure">
      <a href={blobUrl ?? '#'} download={attachment.file_name} className="attachment__thumb-link" aria-label={t('notes.download', { name: attachment.file_name })}>
        {data ? <img src={data} alt={attachment.file_name} className="attachment__thumb" /> : <span className="attachment__thumb attachment__thumb--loading" />}
      </a>
      <figcaption>
        <span className="attachment__name">{attachment.file_name}</span>
        <span className="attachment__size">{formatBytes(attachment.byte_size, i18n.language)}</span>
      </figcaption>
      <ErrorMessage error={error} />
    </figure>
  );
}

function FileAttachment({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  const link = useRef<HTMLAnchorElement>(null);
  const clickWhenReady = useRef(false);
  useEffect(() => {
    if (url && clickWhenReady.current) {
      clickWhenReady.current = false;
      link.current?.click();
    }
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [url]);
  return (
    <div className="attachment__file">
      <span className="attachment__kind" aria-hidden="true">
        {extensionOf(attachment.file_name)}
      </span>
      <span className="attachment__name">{attachment.file_name}</span>
      <span className="attachment__size">{formatBytes(attachment.byte_size, i18n.language)}</span>
      <a
        ref={link}
        href={url ?? '#'}
        download={attachment.file_name}
        className="attachment__download"
        aria-label={t('notes.download', { name: attachment.file_name })}
        onClick={async (event) => {
          if (url) return;
          // The bytes are fetched on first use, then offered through a blob: URL.
          event.preventDefault();
          try {
            const full = await client.call('attachments:get', { id: attachment.id });
            clickWhenReady.current = true;
            setUrl(URL.createObjectURL(base64ToBlob(full.data_base64, full.media_type)));
          } catch (failure) {
            setError(failure);
          }
        }}
      >
        {t('notes.downloadShort')}
      </a>
      <ErrorMessage error={error} />
    </div>
  );
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1, dot + 5).toUpperCase() : 'FILE';
}

function RemoveAttachment({ attachment, onRemove }: { attachment: Attachment; onRemove: () => Promise<void> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  // After "No", focus goes back to the Remove button it came from, not to the top of the page.
  const [returnFocus, setReturnFocus] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!asking && returnFocus) {
      button.current?.focus();
      setReturnFocus(false);
    }
  }, [asking, returnFocus]);
  if (!asking) {
    return (
      <button ref={button} type="button" className="button button--small button--quiet attachment__remove" aria-label={t('notes.removeAttachmentNamed', { name: attachment.file_name })} onClick={() => setAsking(true)}>
        {t('notes.removeAttachment')}
      </button>
    );
  }
  return (
    <div className="confirm attachment__confirm" role="group" aria-label={t('notes.removeAttachmentConfirm', { name: attachment.file_name })}>
      <p>{t('notes.removeAttachmentConfirm', { name: attachment.file_name })}</p>
      <div className="confirm__actions">
        <button type="button" className="button button--small button--danger" onClick={() => void onRemove()}>
          {t('notes.removeYes')}
        </button>
        <button
          type="button"
          className="button button--small"
          autoFocus
          onClick={() => {
            setAsking(false);
            setReturnFocus(true);
          }}
        >
          {t('notes.removeNo')}
        </button>
      </div>
    </div>
  );
}
