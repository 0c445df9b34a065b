#!/usr/bin/env node
// The `vpclink` binary. Node 20 cannot run TypeScript, so the CLI's sources are loaded through
// tsx's ESM loader; no build step is needed from a checkout or an installed package.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
