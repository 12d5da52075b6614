'use client';

/**
 * Whether this page is signing its user out. Signing out ends the session at once, so the page's
 * live stream is told its session ended (here, or from another replica) before the sign-out has
 * sent the browser on (to the provider's logout, or to sign-in); a page signing out lets the
 * sign-out decide where the browser goes.
 */
let signingOut = false;

/** Called by the sign-out button before it ends the session. */
export function beginSignOut(): void {
  signingOut = true;
}

/** Called when the sign-out failed: the session goes on, and the live stream's word counts again. */
export function endSignOut(): void {
  signingOut = false;
}

export function isSigningOut(): boolean {
  return signingOut;
}
