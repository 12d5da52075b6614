import 'server-only';
import { userMessageOf } from '../errors';
import { revocations } from './revocation';
import type { Session } from './session';
import { releaseSession } from './session-resources';

/**
 * Ends a session: revokes its id (here at once, and in the shared list other replicas watch), then
 * lets go of everything it holds here (streams end, flows it runs pause at their current step with
 * their intent recorded, its identity's hub stops once unused). A failed shared write is reported
 * as a warning: this process already refuses the session.
 */
export async function endSession(session: Session): Promise<{ warning?: string }> {
  let warning: string | undefined;
  try {
    await revocations().revoke(session.sid, session.expiresAt);
  } catch (error) {
    warning = `Signed out here, but other replicas of the console could not be told: ${userMessageOf(error, 'record the sign-out')}`;
    console.error('[session] recording the sign-out for other replicas failed', error);
  }
  releaseSession(session.sid);
  return warning ? { warning } : {};
}
