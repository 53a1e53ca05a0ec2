import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../renderer/src/components/Markdown';

describe('Markdown rendering', () => {
  it('renders Markdown', () => {
    expect(renderMarkdown('# Heading\n\n**bold** and *soft*\n\n> a quote\n\n- one\n- two')).toBe(
      '<h1>Heading</h1>\n<p><strong>bold</strong> and <em>soft</em></p>\n<blockquote>\n<p>a quote</p>\n</blockquote>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it('shows raw HTML as text and keeps links safe', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> [x](javascript:alert(3)) [ok](https://example.org)');
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org">ok</a>');
  });

  it('keeps inline images only from data: URLs of picture types', () => {
    expect(renderMarkdown('![p](data:image/png;base64,iVBORw0KGgo=)')).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(renderMarkdown('![p](https://tracker.example/pixel.gif)')).not.toContain('tracker');
    expect(renderMarkdown('![p](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('data:text/html');
  });
});
