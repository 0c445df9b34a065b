/** Files as vpclink reads and writes them: regular files only, bounded, atomic writes, no torn or stray temp files. */
export {
  writeFileAtomic,
  cleanStaleTempFiles,
  finalWriteTarget,
  TEMP_FILE_PATTERN,
  type WriteFileAtomicOptions,
} from './atomic';
export { readRegularFile, FileReadError, MAX_INPUT_FILE_BYTES, type FileReadProblem } from './readRegular';
export { jsonNestingProblem, MAX_JSON_NESTING } from './jsonDepth';
