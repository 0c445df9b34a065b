// The lint rule `vpclink/import-rules` (eslint.config.js) is the editor's view of design.md §2:
// these cases prove it fires through the real ESLint configuration, for each kind of import.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: resolve(ROOT, 'eslint.config.js') });

async function importRuleMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'vpclink/import-rules').map((m) => m.message);
}

describe('vpclink/import-rules (design.md §2 as a lint rule)', () => {
  it.each<[string, string, string | null]>([
    [
      'simulator/reach/x.ts',
      "import { readFile } from 'node:fs';\nexport const r = readFile;\n",
      'may not import Node',
    ],
    ['simulator/reach/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n", null],
    ['renderer/x.ts', "export { ipcRenderer } from 'electron';\n", 'may not import package electron'],
    ['renderer/x.ts', "export type { HostApi } from '../electron/common/hostApi';\n", null],
    ['renderer/x.ts', "import { HOST } from '../electron/common/protocol';\nexport const h = HOST;\n", 'only types'],
    ['renderer/x.ts', "import { type HostApi } from '../electron/common/hostApi';\nexport type H = HostApi;\n", null],
    ['cli/x.ts', "export const m = () => import('../renderer/App');\n", 'cli may not import renderer'],
    [
      'cloud/apply/x.ts',
      "import RPCClient = require('@alicloud/pop-core');\nexport = RPCClient;\n",
      'only cloud/client',
    ],
    ['cloud/x.ts', "const fs = require('fs');\nexport default fs;\n", 'write Node built-ins as "node:fs"'],
    ['test/x.test.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n", null],
  ])('%s: %j', async (file, code, expected) => {
    const messages = await importRuleMessages(file, code);
    if (expected === null) expect(messages).toEqual([]);
    else expect(messages).toEqual([expect.stringContaining(expected)]);
  });
});
