import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Markdown for a self-contained, offline report: links keep their text and show a web or mail address as
 * text (no link leads out of the file), images become their description (nothing is loaded from anywhere).
 */
const reportMarked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = token.href.trim();
      const plainText = token.tokens.map((inner) => inner.raw).join('');
      // Only an ordinary web or mail address is worth showing; anything else (javascript:, data:, …) is dropped.
      if (!/^(https?:|mailto:)/i.test(href) || href === plainText) return text;
      return `${text} (${escapeHtml(href)})`;
    },
    image(token: Tokens.Image) {
      return token.text ? `[${escapeHtml(token.text)}]` : '';
    },
  },
});

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

/** The highest (smallest) ATX heading level a Markdown text uses, outside code fences; 1 when it has none. */
export function topHeadingLevel(markdown: string): number {
  let fence = false;
  let top = 7;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s{0,3}(`{3,}|~{3,})/.test(line)) fence = !fence;
    else if (!fence) {
      const match = /^\s{0,3}(#{1,6})(?:\s|$)/.exec(line);
      if (match) top = Math.min(top, match[1]!.length);
    }
  }
  return top === 7 ? 1 : top;
}

/**
 * The researcher's Markdown as sanitized HTML for an exported file. Only plain text structure survives:
 * no script, style, svg or math, no event handler or style attribute, no link, image, form or frame.
 * Headings are moved below the report's own: the text's highest heading becomes level `headingFloor`.
 */
export function markdownToSafeHtml(markdown: string, headingFloor = 4): string {
  const html = reportMarked.parse(markdown) as string;
  const transformTags: Record<string, sanitizeHtml.Transformer> = {};
  const shift = headingFloor - topHeadingLevel(markdown);
  for (const [index, tag] of HEADINGS.entries()) {
    const level = Math.max(headingFloor, Math.min(6, index + 1 + shift));
    transformTags[tag] = () => ({ tagName: `h${level}`, attribs: {} });
  }
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', ...HEADINGS, 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub'],
    allowedAttributes: { ol: ['start'], td: ['align'], th: ['align'] },
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'formaction', 'xlink:href'],
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    // Content of these is dropped entirely, not kept as text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'svg', 'math', 'template', 'iframe', 'object', 'embed'],
    transformTags,
  });
}

/**
 * The researcher's Markdown inside a Markdown report: headings moved below the report's own (the text's
 * highest heading gets `headingFloor` #'s) and anything that looks like an HTML tag escaped, so a viewer never runs it.
 */
export function markdownForReport(markdown: string, headingFloor = 4): string {
  let fence: string | null = null;
  const shift = headingFloor - topHeadingLevel(markdown);
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fenceMatch) {
        if (fence === null) fence = fenceMatch[1]!.charAt(0);
        else if (fenceMatch[1]!.startsWith(fence)) fence = null;
        return line;
      }
      if (fence !== null) return line;
      const escaped = line.replace(/<(?=[A-Za-z/!?])/g, '&lt;').replace(/\]\(\s*(?:javascript|vbscript|data):/gi, '](#');
      const heading = /^(\s{0,3})(#{1,6})(\s+|$)(.*)$/.exec(escaped);
      if (heading) {
        const level = Math.max(headingFloor, Math.min(6, heading[2]!.length + shift));
        return `${'#'.repeat(level)} ${heading[4]}`.trimEnd();
      }
      return escaped;
    })
    .join('\n');
}
