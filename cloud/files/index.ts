/** Files as vpclink reads and writes them: regular files only, bounded, atomic writes, no torn or stray temp files. */
export { writeFileAtomic, cleanStaleTempFiles, processIsAlive } from './atomic';
export { readRegularFile, FileReadError } from './readRegular';
