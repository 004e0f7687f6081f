export {
  findReadmes,
  parseBlocks,
  parseSpans,
  repoBlocks,
  where,
  type Block,
  type Span,
} from './blocks';
export { checkCommands, installedBy, parseCommands, specName, type Workspace } from './commands';
export { importedPackages, packageOf, typesPackageOf } from './imports';
export { kindOf, scriptOf, type Kind } from './kinds';
export { typecheckBlocks, type BlockDiagnostic } from './typecheck';
export { readWorkspace } from './workspace';
export {
  readmeBlock,
  readmeBlocks,
  runnableSource,
  runReadmeExample,
  runSource,
  runToEnd,
  type BlockQuery,
  type Exit,
  type Format,
  type RunningBlock,
} from './run';
