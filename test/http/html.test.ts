import { describe, expect, it } from 'vitest';
import { readBasicPassword } from '../../src/http/basic-auth.ts';
import { html, trusted } from '../../src/http/html.ts';

describe('html templates', () => {
  it('escape every interpolated value, keep nested templates, drop empty ones', () => {
    const name = `<a href="x" onclick='y'>&\``;
    const out = html`<p title="${name}">${name}${html`<b>${1}</b>`}${[html`<i>`, 'x<']}${null}${false}</p>`;
    expect(out.value).toBe(
      '<p title="&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;">&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;<b>1</b><i>x&lt;</p>',
    );
    expect(html`${trusted('<br>')}`.value).toBe('<br>');
  });
});

describe('HTTP Basic', () => {
  it('reads the password whatever the user name, and nothing from a broken header', () => {
    expect(readBasicPassword(`Basic ${btoa('anyone:pa:ss')}`)).toBe('pa:ss');
    expect(readBasicPassword('Basic !!!')).toBeNull();
    expect(readBasicPassword('Basic QQ')).toBeNull();
    expect(readBasicPassword('Bearer abc')).toBeNull();
    expect(readBasicPassword(undefined)).toBeNull();
  });
});
