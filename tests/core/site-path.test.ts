// Where the sign-in page (and the single sign-on callback) sends a browser afterwards: a path of this
// very site, never another one however the `next` parameter is spelt (an open redirect would let a
// phishing link wear the council's sign-in page).
import { describe, expect, it } from 'vitest';
import { sitePath } from '../../core/site-path.js';

const ORIGIN = 'https://journeys.council.example';

describe('sitePath', () => {
  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https:evil.example',
    'https://evil.example/',
    '/\t/evil.example',
    '/\n/evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/\r\n/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
  ])('keeps %j on this site', (next) => {
    const path = sitePath(next);
    expect(path).toBe('/');
    // and a browser resolving it lands on this origin
    expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
  });

  it('follows a path of this site with its query and fragment', () => {
    expect(sitePath('/views.html?dataset=kent#flow')).toBe('/views.html?dataset=kent#flow');
    expect(sitePath('/')).toBe('/');
    expect(sitePath(null)).toBe('/');
    expect(sitePath(undefined)).toBe('/');
  });
});
