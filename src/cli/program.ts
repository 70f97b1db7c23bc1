// The vdocs command line: one thin command per file over the core library.
import { Command } from 'commander';
import { SERVER_VERSION } from '../server/create-server.js';
import { registerAdd } from './add.js';
import { registerAgentsMd } from './agents-md.js';
import { registerChanges } from './changes.js';
import { registerDiff } from './diff.js';
import { registerDoctor } from './doctor.js';
import { registerList } from './list.js';
import { registerRead } from './read.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';

export function buildProgram(): Command {
  const program = new Command('vdocs')
    .description('Documentation for coding agents: ranked section search over versioned doc sets, served over MCP and on the command line')
    .version(SERVER_VERSION, '--version')
    .showHelpAfterError();
  registerServe(program);
  registerAdd(program);
  registerSearch(program);
  registerRead(program);
  registerList(program);
  registerDiff(program);
  registerChanges(program);
  registerDoctor(program);
  registerAgentsMd(program);
  return program;
}
