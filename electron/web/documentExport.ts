/**
 * Export (SVG, PNG, draw.io, Terraform): the renderer makes the bytes, the host writes them to a
 * picked path or next to the open document, after checking they are what the format says.
 */
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../cloud/files';
import type { ExportFormat, ExportRequest } from '../common/hostApi';
import { absolutePath, errnoMessage, type DocumentContext } from './documentContext';
import { fail } from './errors';
import { requirePicked } from './filePicks';

/** What each export format is called in a file dialog and the extension its file gets. */
export const EXPORT_FILE_TYPES: Readonly<Record<ExportFormat, { readonly name: string; readonly extension: string }>> =
  {
    svg: { name: 'SVG image', extension: 'svg' },
    png: { name: 'PNG image', extension: 'png' },
    drawio: { name: 'draw.io diagram', extension: 'drawio' },
    terraform: { name: 'Terraform HCL', extension: 'tf' },
  };

export async function exportFile(ctx: DocumentContext, request: ExportRequest): Promise<{ path: string }> {
  const ext = `.${EXPORT_FILE_TYPES[request.format].extension}`;
  const data = Buffer.from(request.dataBase64, 'base64');
  checkExportData(request.format, data);
  let target = await exportTarget(ctx, request);
  if (!target.toLowerCase().endsWith(ext)) target += ext;
  try {
    await writeFileAtomic(target, data);
  } catch (error) {
    fail('FILE_WRITE_FAILED', `${target}: cannot write the export: ${errnoMessage(error)}`);
  }
  return { path: target };
}

/** The picked path, or the suggested name next to the open document (a folder the user picked a file in). */
async function exportTarget(ctx: DocumentContext, request: ExportRequest): Promise<string> {
  if (request.path) {
    const target = absolutePath(ctx, request.path);
    await requirePicked(ctx, target, 'export');
    return target;
  }
  if (!request.documentPath)
    fail(
      'NOT_AVAILABLE',
      'the document has not been saved yet, so there is no folder to export next to: choose a path (or download)',
    );
  const documentPath = absolutePath(ctx, request.documentPath);
  await requirePicked(ctx, documentPath, 'export');
  const name = request.suggestedName;
  if (name !== basename(name) || name === '' || name.startsWith('.')) {
    fail('BAD_REQUEST', `suggestedName "${name}" must be a plain file name, without folders`, {
      field: 'args[0].suggestedName',
    });
  }
  return join(dirname(documentPath), name);
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The bytes must be what the format says, so a `.png` is never an arbitrary blob. */
function checkExportData(format: ExportFormat, data: Buffer): void {
  if (data.length === 0) fail('BAD_REQUEST', 'the export is empty', { field: 'args[0].dataBase64' });
  if (format === 'png' && !data.subarray(0, 8).equals(PNG_MAGIC)) {
    fail('BAD_REQUEST', 'dataBase64 is not a PNG image (no PNG signature)', { field: 'args[0].dataBase64' });
  }
  if (
    format === 'drawio' &&
    !/^(<\?xml[^>]*\?>\s*)?<mxfile[\s>]/.test(data.subarray(0, 512).toString('utf8').trimStart())
  ) {
    fail('BAD_REQUEST', 'dataBase64 is not a draw.io file (no <mxfile> element at the start)', {
      field: 'args[0].dataBase64',
    });
  }
  if (format === 'terraform' && (data.includes(0) || !isUtf8(data))) {
    fail('BAD_REQUEST', 'dataBase64 is not Terraform HCL text (not UTF-8)', { field: 'args[0].dataBase64' });
  }
  if (format === 'svg') {
    const head = data.subarray(0, 512).toString('utf8').trimStart();
    if (!head.startsWith('<') || !/<svg[\s>]/.test(data.subarray(0, 4096).toString('utf8'))) {
      fail('BAD_REQUEST', 'dataBase64 is not an SVG document (no <svg> element at the start)', {
        field: 'args[0].dataBase64',
      });
    }
  }
}
