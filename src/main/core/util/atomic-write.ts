/** Atomic writes for main: the one recipe both sides share lives in src/node-shared/fs/atomic.ts. */
export { writeFileAtomic } from '../../../node-shared/fs/atomic';
