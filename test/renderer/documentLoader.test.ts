/**
 * Opening a document off the UI thread (renderer/sim/documentLoader.ts): the worker keeps the
 * loader's document and the UI thread draws JSON.parse of its JSON. The two must be the same
 * plain data, or the panels would show a verdict for a document other than the one drawn. Where
 * there is no worker (here, in Node), the loader runs in place with the same results; the page
 * test (test/e2e/openDocument.test.ts) covers the worker itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateDocumentText } from '../../bench/generate';
import { loadDocumentText } from '../../simulator/document/load';
import { loadDocument } from '../../renderer/sim/documentLoader';
import { loadOpened } from '../../renderer/documentFiles';
import { documentStore, useUi } from '../../renderer/state';

const EXAMPLES = join(__dirname, '../../examples');

const documents: readonly (readonly [string, string])[] = [
  ...readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.vpclink.json'))
    .map((name) => [name, readFileSync(join(EXAMPLES, name), 'utf8')] as const),
  ['generated S', generateDocumentText('S', 3)],
  ['generated M', generateDocumentText('M', 5)],
];

describe('a document loaded in the worker and drawn on the UI thread', () => {
  it.each(documents)('%s: the UI copy (JSON of the loaded document, parsed) equals the worker copy', (_name, text) => {
    const loaded = loadDocumentText(text);
    expect(loaded.kind).toBe('ok');
    if (loaded.kind !== 'ok') return;
    const uiCopy: unknown = JSON.parse(JSON.stringify(loaded.document));
    // Strict: no key the worker has as `undefined`, no number that JSON changes, no class instance.
    expect(isDeepStrictEqual(uiCopy, loaded.document)).toBe(true);
  });

  it('without a worker, loads in place with the loader result', async () => {
    const text = readFileSync(join(EXAMPLES, 'peering.vpclink.json'), 'utf8');
    expect(await loadDocument(text)).toEqual(loadDocumentText(text));
  });
});

describe('opening a text that is no document', () => {
  const broken = (() => {
    const doc = JSON.parse(readFileSync(join(EXAMPLES, 'cross-account.vpclink.json'), 'utf8')) as {
      vpcs: { cidrBlock: unknown }[];
    };
    doc.vpcs[1]!.cidrBlock = 42;
    return JSON.stringify(doc);
  })();

  it('leaves the open document as it was and names the field in the notice', async () => {
    const before = documentStore.getState().doc;
    const opened = await loadOpened({
      text: broken,
      path: '/tmp/broken.vpclink.json',
      title: 'broken',
      origin: 'file',
    });
    expect(opened).toBe(false);
    expect(documentStore.getState().doc).toBe(before);
    const notice = useUi.getState().notices.at(-1);
    expect(notice?.level).toBe('error');
    expect(notice?.text).toMatch(/^broken: not a valid topology document: \/vpcs\/1\/cidrBlock /);
  });

  it('says what is wrong with text that is not JSON', async () => {
    expect(await loadOpened({ text: '{"format": ', path: null, title: 'cut', origin: 'file' })).toBe(false);
    expect(useUi.getState().notices.at(-1)?.text).toMatch(/^cut: not valid JSON/);
  });
});
