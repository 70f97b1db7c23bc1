#!/usr/bin/env node
// vdocs entry point: parse argv and run the command.
import { buildProgram } from './cli/program.js';

// `vdocs search … | head`: the reader went away, which is the end of the command, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
