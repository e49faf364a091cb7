// Letting the event loop in: what a long task awaits between its slices (an import's TimeSlice, the audit
// trail's pages, a deleted dataset's purge batches) so that timers and other requests run meanwhile.
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets the event loop run, timers included, whatever phase of the loop the caller runs in. One setImmediate
 * is not enough: from an I/O callback (an upload read back from its spool file, zlib's thread pool, a
 * response's stream) or a timer, it runs in the same turn of the loop, before the timers that are due, so the
 * slices on either side of it held the service as one (a profile of the 110 MB census cin4x.xml: a pause
 * resumed after 0.2 ms with no timer run, between slices of 67 and 31 ms; audit a12f M2). The second
 * setImmediate, queued from the check phase, waits for the next turn, and the due timers run before it.
 */
export async function letLoopIn(): Promise<void> {
  await nextTurn();
  await nextTurn();
}
