/**
 * The CEN transit-router arrays (README "CEN transit routers"): every field loads, keeps its value,
 * validates against the published JSON Schema, takes the fast path with zod's exact value, and an
 * open → save is byte-stable. The fixture is canonical (declared keys in schema order, defaults
 * written), so save must reproduce it exactly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  loadDocumentText,
  serializeDocument,
  topologyJsonSchema,
  topologySchema,
  type LoadResult,
  type Topology,
} from '../../../simulator/document';
import { compileFastParser } from '../../../simulator/document/fastParse';
import {
  cenInstanceSchema,
  transitRouterPeerAttachmentSchema,
  transitRouterRouteEntrySchema,
  transitRouterRouteTableLinkSchema,
  transitRouterRouteTableSchema,
  transitRouterSchema,
  transitRouterVpcAttachmentSchema,
  zoneMappingSchema,
} from '../../../simulator/document/schema';

const text = readFileSync(resolve(__dirname, 'fixtures/every-cen-field.vpclink.json'), 'utf8');
const header = { format: 'vpclink/topology', version: 1 } as const;

function ok(result: LoadResult): Topology {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.document;
}

type Items = Array<Record<string, unknown>>;
const keysOf = (items: Items) => [...new Set(items.flatMap((i) => Object.keys(i)))].sort();
const declared = (schema: z.ZodObject) => Object.keys(schema.shape).sort();

describe('a document using every CEN field', () => {
  it('loads and saves byte for byte, twice', () => {
    const first = serializeDocument(ok(loadDocumentText(text)));
    expect(first).toBe(text);
    expect(serializeDocument(ok(loadDocumentText(first)))).toBe(text);
  });

  it('uses every declared field of every CEN array (so the round trip covers them)', () => {
    const doc = JSON.parse(text);
    const tables: Items = doc.transitRouterRouteTables;
    const cases: Array<[Items, z.ZodObject]> = [
      [doc.cenInstances, cenInstanceSchema],
      [doc.transitRouters, transitRouterSchema],
      [doc.transitRouterVpcAttachments, transitRouterVpcAttachmentSchema],
      [doc.transitRouterVpcAttachments.flatMap((a: { zoneMappings: Items }) => a.zoneMappings), zoneMappingSchema],
      [doc.transitRouterPeerAttachments, transitRouterPeerAttachmentSchema],
      [tables, transitRouterRouteTableSchema],
      [tables.flatMap((t) => t.transitRouterRouteEntries as Items), transitRouterRouteEntrySchema],
      [doc.transitRouterRouteTableAssociations, transitRouterRouteTableLinkSchema],
      [doc.transitRouterRouteTablePropagations, transitRouterRouteTableLinkSchema],
    ];
    for (const [items, schema] of cases) expect(keysOf(items)).toEqual(declared(schema));
  });

  it('validates against the published JSON Schema', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(topologyJsonSchema());
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("loads through the fast path with zod's exact value", () => {
    const fast = compileFastParser(topologySchema)!;
    const raw = JSON.parse(text);
    const quick = fast(structuredClone(raw));
    expect(quick.kind).toBe('ok');
    expect(JSON.stringify(quick.kind === 'ok' ? quick.value : undefined)).toBe(
      JSON.stringify(topologySchema.parse(structuredClone(raw))),
    );
  });

  it('keeps a document without CEN arrays free of them, and fills the nested defaults', () => {
    const bare = ok(loadDocumentText(JSON.stringify(header)));
    expect(serializeDocument(bare)).not.toContain('transitRouter');
    const doc = ok(
      loadDocumentText(
        JSON.stringify({
          ...header,
          transitRouterVpcAttachments: [
            { transitRouterAttachmentId: 'tr-attach-1', transitRouterId: 'tr-1', vpcId: 'v' },
          ],
          transitRouterRouteTables: [{ transitRouterRouteTableId: 'vtb-1', transitRouterId: 'tr-1' }],
        }),
      ),
    );
    expect(doc.transitRouterVpcAttachments![0]!.zoneMappings).toEqual([]);
    expect(doc.transitRouterRouteTables![0]!.transitRouterRouteEntries).toEqual([]);
  });

  it('keeps unknown fields of CEN objects (the API grows)', () => {
    const doc = ok(
      loadDocumentText(
        JSON.stringify({
          ...header,
          transitRouters: [
            { transitRouterId: 'tr-1', cenId: 'cen-1', regionId: 'cn-hangzhou', supportMulticast: true },
          ],
        }),
      ),
    );
    expect(serializeDocument(doc)).toContain('"supportMulticast": true');
  });

  it.each([
    ['transitRouters', { cenId: 'cen-1', regionId: 'cn-hangzhou' }, 'transitRouterId'],
    ['transitRouterVpcAttachments', { transitRouterAttachmentId: 'a', transitRouterId: 't' }, 'vpcId'],
    ['transitRouterPeerAttachments', { transitRouterAttachmentId: 'a', transitRouterId: 't' }, 'peerTransitRouterId'],
    ['transitRouterRouteTableAssociations', { transitRouterAttachmentId: 'a' }, 'transitRouterRouteTableId'],
  ])('refuses %s without its required field', (array, item, field) => {
    const result = loadDocumentText(JSON.stringify({ ...header, [array]: [item] }));
    expect(result.kind).not.toBe('ok');
    expect(JSON.stringify(result)).toContain(`/${array}/0/${field}`);
  });
});
