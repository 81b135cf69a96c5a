// A result's snippet, built from the body's text (not by either engine): the
// passage it shows, which words it marks, and what it leaves out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SNIPPET_SOURCE_CHARS, snippetOf, type SnippetPart } from '../../../src/domain/discovery/search-snippets.js';

const marked = (parts: SnippetPart[]) => parts.filter((p) => p.match).map((p) => p.text);
const text = (parts: SnippetPart[]) => parts.map((p) => p.text).join('');
const filler = (n: number, word = 'plankton') => Array.from({ length: n }, () => word).join(' ');

describe('a snippet', () => {
  test('marks every form of a searched word that the index matches: stems, case and diacritics', () => {
    const parts = snippetOf('The Running crew retries; a café, a CAFE and a Cafés.', ['run', 'retry', 'cafe']);
    assert.deepEqual(marked(parts), ['Running', 'retries', 'café', 'CAFE', 'Cafés']);
    assert.equal(text(parts), 'The Running crew retries; a café, a CAFE and a Cafés.');
  });

  test('marks whole words only', () => {
    assert.deepEqual(marked(snippetOf('Kelps and a kelp, not kelpish prose.', ['kelp'])), ['Kelps', 'kelp']);
    assert.deepEqual(marked(snippetOf('kelpie kelp', ['kelp'])), ['kelp']);
  });

  test('shows the passage around the first match, with an ellipsis where the body goes on', () => {
    const parts = snippetOf(`${filler(100)} the walrus sleeps ${filler(100)}`, ['walrus']);
    assert.deepEqual(marked(parts), ['walrus']);
    assert.match(text(parts), /^… (plankton ){7}the walrus sleeps( plankton)+ …$/);
    assert.equal(text(parts).split(' ').filter((w) => w !== '…').length, 30);
  });

  test('prefers a passage that holds more of the searched words', () => {
    const body = `The walrus first. ${filler(80)} Then a walrus on the ice floe. ${filler(80)}`;
    assert.deepEqual(marked(snippetOf(body, ['walrus', 'ice'])), ['walrus', 'ice']);
    assert.match(text(snippetOf(body, ['walrus'])), /^The walrus first\./);
  });

  test('without a searched word in the body (a title match), shows its beginning unmarked', () => {
    const parts = snippetOf(`Plain notes about oceans. ${filler(50)}`, ['walrus']);
    assert.deepEqual(marked(parts), []);
    assert.match(text(parts), /^Plain notes about oceans\. plankton/);
  });

  test("drops Markdown's marks and folds white space; leaves other text as text", () => {
    const parts = snippetOf('## Kelp\n\n> **Rinse** the `kelp`\n\n1. <b>kelp</b> & more', ['kelp']);
    assert.deepEqual(marked(parts), ['Kelp', 'kelp', 'kelp']);
    assert.equal(text(parts), 'Kelp Rinse the kelp <b>kelp</b> & more');
  });

  test('reads a bounded prefix of a long body', () => {
    const parts = snippetOf(`${filler(SNIPPET_SOURCE_CHARS / 4, 'krill')} walrus`, ['walrus']);
    assert.deepEqual(marked(parts), []);
    assert.match(text(parts), /^krill( krill)+ …$/);
  });

  test('an empty body, or one without words, has no snippet', () => {
    assert.deepEqual(snippetOf('', ['walrus']), []);
    assert.deepEqual(snippetOf('… — !', ['walrus']), []);
  });
});
