/**
 * A separate process for the data-dir lock test: takes the lock on argv[2] (with the
 * address argv[3], if given), says "locked" and waits to be killed, or prints the
 * refusal and exits 3.
 */
import { DataDirLockedError, lockDataDir } from '../../src-main/host/data-dir-lock';

try {
  const lock = lockDataDir(process.argv[2]!);
  if (process.argv[3]) lock.setUrl(process.argv[3]);
  process.on('exit', () => lock.release());
  process.on('SIGTERM', () => process.exit(0));
  console.log('locked');
  setInterval(() => undefined, 60_000);
} catch (err) {
  if (!(err instanceof DataDirLockedError)) throw err;
  console.log(err.message);
  process.exit(3);
}
