/**
 * Said at the top of an enrollment page when the user may not create what it creates (their own
 * SelfSubjectAccessReview, read by the page): before any typing, not only at the Create button.
 */
export function CreateAccessNotice({ access }: { access: { allowed: boolean; reason?: string } }) {
  if (access.allowed) return null;
  return (
    <p role="note" aria-label="Read only" className="max-w-3xl rounded border border-amber-700 bg-amber-50 p-2">
      <strong>You cannot enroll hosts here.</strong> {access.reason ?? 'The cluster refuses it.'} You can still fill everything in and have it checked; creating is left to someone who may.
    </p>
  );
}
