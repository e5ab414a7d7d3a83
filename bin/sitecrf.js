#!/usr/bin/env node
// The installed `sitecrf` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

// A reader that stops early (`sitecrf read f.xlsx | head`) is not an error of ours.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv);
