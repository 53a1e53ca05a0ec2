import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useMemo } from 'react';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Raw HTML inside a note is shown as the text it is, never as markup: a journal needs Markdown, not
 * HTML, and it keeps hostile markup from ever being parsed as elements.
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text }) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!),
  },
});

// Pictures come only from the journal itself (data: URLs): a remote image would call home when a note is read.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG' && !/^data:image\//i.test(node.getAttribute('src') ?? '')) node.removeAttribute('src');
});

/**
 * Markdown → HTML → sanitized HTML. All user text shown as rich text goes through here: scripts,
 * event handlers, javascript: links, styles, forms and embedded frames never survive.
 */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false }) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    FORBID_ATTR: ['style', 'srcset'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|jpeg|gif|webp);)/i,
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`markdown ${className ?? ''}`.trim()} dangerouslySetInnerHTML={{ __html: html }} />;
}
