import { expect } from 'chai';
import { renderEmail, unsubscribeHeaders } from '../../../../server/services/mail/index.js';

const hostile = 'Ward 7 <script>alert("x")</script> ]]> & <img src=x onerror=alert(1)> \'quoted\'';

describe('email rendering', () => {
  it('shows user text as text in the HTML part: no script, no CDATA end, no element, no attribute break-out', () => {
    const { html } = renderEmail({
      greeting: hostile,
      paragraphs: [hostile],
      quote: hostile,
      actions: [{ label: hostile, url: 'https://board.example.org/story?id=1&x="y"' }],
      footer: hostile,
      preheader: hostile,
      title: hostile,
    });
    expect(html).not.to.include('<script');
    expect(html).not.to.include('<img');
    expect(html).not.to.include(']]>');
    expect(html).not.to.include('"x"');
    expect(html).to.include('Ward 7 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &amp;');
    expect(html).to.include('href="https://board.example.org/story?id=1&amp;x=&quot;y&quot;"');
  });

  it('keeps user text readable as written in the plain-text part', () => {
    const { text } = renderEmail({ paragraphs: ['Hello'], quote: 'Line one <b>\nLine two & more' });
    expect(text).to.include('> Line one <b>\n> Line two & more');
  });

  it('is an accessible, self-contained HTML document with a hidden preheader', () => {
    const { html } = renderEmail({ preheader: 'A new story about Ward 7', paragraphs: ['Hello'] });
    expect(html).to.match(/^<!doctype html>\n<html lang="en">/);
    expect(html).to.include('<meta charset="utf-8">');
    expect(html).to.match(
      /<div style="display:none[^"]*" aria-hidden="true">A new story about Ward 7<\/div>/,
    );
    expect(html).to.include('role="presentation"');
    expect(html).not.to.match(/<link|<img|<style|src=/);
  });

  it('wraps plain text at 72 characters without breaking links, and lists actions as "Label: URL"', () => {
    const long = 'word '.repeat(60).trim();
    const url = `https://board.example.org/${'a'.repeat(90)}`;
    const { text } = renderEmail({
      greeting: 'Hello,',
      paragraphs: [long, `See ${url} for more.`],
      actions: [
        { label: 'Read the story', url: 'https://board.example.org/stories/1' },
        { label: 'Respond', url: 'https://careloop.example.org/respond/1' },
      ],
      unsubscribeUrl: 'https://careloop.example.org/unsubscribe?token=abc',
    });
    for (const line of text.split('\n')) {
      if (!line.includes(url)) expect(line.length, line).to.be.at.most(72);
    }
    expect(text).to.include(`\n${url}\n`);
    expect(text).to.include(
      'Read the story: https://board.example.org/stories/1\nRespond: https://careloop.example.org/respond/1',
    );
    expect(text).to.include('Unsubscribe: https://careloop.example.org/unsubscribe?token=abc');
  });

  it('puts an unsubscribe link in the HTML part', () => {
    const { html } = renderEmail({
      paragraphs: ['Hello'],
      unsubscribeUrl: 'https://careloop.example.org/unsubscribe?token=a&b',
    });
    expect(html).to.match(
      /<a href="https:\/\/careloop\.example\.org\/unsubscribe\?token=a&amp;b"[^>]*>Unsubscribe<\/a>/,
    );
  });

  it('refuses relative and javascript: links, which would go nowhere or run in a mail client', () => {
    expect(() => renderEmail({ paragraphs: [], actions: [{ label: 'Go', url: '/stories/1' }] })).to.throw(
      TypeError,
    );
    expect(() =>
      renderEmail({ paragraphs: [], actions: [{ label: 'Go', url: 'javascript:alert(1)' }] }),
    ).to.throw(TypeError);
    expect(() => unsubscribeHeaders('/unsubscribe')).to.throw(TypeError);
  });

  it('gives one-click unsubscribe headers', () => {
    expect(unsubscribeHeaders('https://careloop.example.org/unsubscribe?token=abc')).to.deep.equal({
      'List-Unsubscribe': '<https://careloop.example.org/unsubscribe?token=abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
