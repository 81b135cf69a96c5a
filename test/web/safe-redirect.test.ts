import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refererPath, safePath } from '../../src/web/safe-redirect.js';

describe('safePath', () => {
  for (const kept of ['/', '/article/x?y=1', '/settings', '/tag/c%2B%2B?page=2', '/?feed=following&page=3', '/profile/Jane_Doe-1']) {
    test(`keeps ${JSON.stringify(kept)}`, () => {
      assert.equal(safePath(kept), kept);
    });
  }

  test('drops the fragment but keeps path and query', () => {
    assert.equal(safePath('/article/x?y=1#comments'), '/article/x?y=1');
  });

  const refused = [
    '//evil.com',
    '//evil.com/path',
    '/\\evil.com',
    '\\\\evil.com',
    '\\/evil.com',
    'https://evil.com',
    'http://evil.com/settings',
    'HTTPS://evil.com',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%0d%0aSet-Cookie:x',
    '/%0D%0ASet-Cookie:x',
    '/foo%0aLocation:%20https://evil.com',
    '/\r\nSet-Cookie:x',
    '/\t/evil.com',
    '/%2f%2fevil.com',
    '/%5cevil.com',
    'evil.com',
    '',
    '/' + 'a'.repeat(2001),
  ];
  for (const target of refused) {
    test(`refuses ${JSON.stringify(target.length > 60 ? `${target.slice(0, 20)}…` : target)}`, () => {
      assert.equal(safePath(target), '/');
    });
  }

  test('non-strings fall back', () => {
    for (const value of [undefined, null, 42, ['/settings'], { path: '/settings' }]) assert.equal(safePath(value), '/');
  });

  test('uses the given fallback', () => {
    assert.equal(safePath('//evil.com', '/settings'), '/settings');
    assert.equal(safePath(undefined, '/article/x'), '/article/x');
  });

  test('a kept path never leaves the site when used as a Location', () => {
    for (const target of [...refused, '/', '/article/x?y=1']) {
      const location = safePath(target);
      const resolved = new URL(location, 'https://conduit.example');
      assert.equal(resolved.origin, 'https://conduit.example', JSON.stringify(target));
      assert.doesNotMatch(location, /[\r\n]/);
    }
  });
});

describe('refererPath', () => {
  const host = 'conduit.example';

  test('keeps the path and query of a same-site referer', () => {
    assert.equal(refererPath('https://conduit.example/article/x?y=1', host), '/article/x?y=1');
    assert.equal(refererPath('http://conduit.example/', host), '/');
  });

  test('another host, a missing or malformed referer fall back', () => {
    assert.equal(refererPath('https://evil.com/article/x', host), '/');
    assert.equal(refererPath('https://conduit.example.evil.com/', host), '/');
    assert.equal(refererPath('https://evil.com/?https://conduit.example/', host), '/');
    assert.equal(refererPath(undefined, host), '/');
    assert.equal(refererPath('', host), '/');
    assert.equal(refererPath('not a url', host), '/');
    assert.equal(refererPath('/relative/path', host), '/');
    assert.equal(refererPath('https://conduit.example/x', undefined), '/');
    assert.equal(refererPath('javascript:alert(1)', host), '/');
  });

  test('a same-site referer with a dangerous path still falls back', () => {
    assert.equal(refererPath('https://conduit.example/%0d%0aSet-Cookie:x', host), '/');
  });

  test('uses the given fallback', () => {
    assert.equal(refererPath('https://evil.com/', host, '/article/x'), '/article/x');
  });
});
