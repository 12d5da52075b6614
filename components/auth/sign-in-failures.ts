/**
 * What the sign-in page says when single sign-on failed, by the code the callback put in the URL
 * (`/sign-in?failure=<code>`): only these fixed sentences, never text from the URL.
 */
export const SIGN_IN_FAILURES: Record<string, string> = {
  flow: 'The sign-in took too long or was started in another browser. Sign in again.',
  provider: 'Your identity provider did not sign you in. Sign in again, or ask your administrator.',
  verify: "Your identity provider's answer could not be verified. Sign in again.",
  cluster: "The cluster does not accept your identity provider's tokens: its apiserver must trust the provider (see the README, \"Sign in with your identity provider\").",
  unreachable: 'Your identity provider cannot be reached right now. Try again in a moment.',
  'too-large': "Your identity provider's tokens are too large for the console's session cookie.",
};

export function signInFailureMessage(code: string | string[] | undefined): string | undefined {
  return typeof code === 'string' && Object.hasOwn(SIGN_IN_FAILURES, code) ? SIGN_IN_FAILURES[code] : undefined;
}
