'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { useSession } from '@/components/auth/session-context';
import { draftFieldOf, enrollmentInput } from '@/lib/enroll/draft';
import { hostEnrollmentSchema } from '@/lib/enroll/schema';
import { DRAFT_STORAGE_KEY, initialWizardState, networkProblems, restoredWizard, shownProblems, storedWizard, wizardReducer } from '@/lib/enroll/wizard';
import { validateNmstate } from '@/lib/nmstate/validate';
import { hostPath } from '@/lib/paths';
import { newUuid } from '@/lib/uuid';
import { fieldErrors } from '@/lib/validation';
import { DetailsStep } from './details-step';
import { NetworkEditor } from './network-editor';
import { ProblemSummary } from './problem-summary';
import { ReviewStep } from './review-step';
import { useEnrollmentConflicts, useNmstateVerdict } from './use-conflicts';

const LEAVE_QUESTION = 'Leave the enrollment? What you typed stays in this tab, except the BMC password.';

/**
 * The enrollment wizard: details, then review (`?step=review`, a history entry, so Back and
 * Forward move between steps). The draft lives in this tab's sessionStorage without the password,
 * so Back, Forward and a reload keep it; leaving with unsaved input asks first. Problems show at a
 * field once it is left, and in a summary of links after an attempted Review.
 */
export function EnrollmentWizard({ suggestedName, createAccess }: { suggestedName: string; createAccess: { allowed: boolean; reason?: string } }) {
  const { username, csrfToken } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const step = useSearchParams().get('step') === 'review' ? 'review' : 'details';
  const [state, dispatch] = useReducer(wizardReducer, suggestedName, initialWizardState);
  const summaryRef = useRef<HTMLDivElement>(null);
  const created = useRef(false);
  const restored = useRef(false);

  // The draft of this tab, back after a reload or Back/Forward (never the password).
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const saved = restoredWizard(sessionStorage.getItem(DRAFT_STORAGE_KEY), suggestedName);
    if (saved) dispatch({ type: 'restore', ...saved });
  }, [suggestedName]);
  useEffect(() => {
    if (restored.current && state.dirty) sessionStorage.setItem(DRAFT_STORAGE_KEY, storedWizard(state));
  }, [state]);

  // Leaving with unsaved input asks first: a reload or closing the tab, or a link elsewhere.
  useEffect(() => {
    if (!state.dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (created.current) return;
      event.preventDefault();
      event.returnValue = LEAVE_QUESTION;
    };
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!link || created.current || link.closest('[data-enrollment-wizard]')) return;
      const target = new URL((link as HTMLAnchorElement).href, window.location.href);
      if (target.origin !== window.location.origin || target.pathname === pathname) return;
      if (!window.confirm(LEAVE_QUESTION)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [state.dirty, pathname]);

  const parsed = useMemo(() => hostEnrollmentSchema.safeParse(enrollmentInput(state.draft)), [state.draft]);
  const conflicts = useEnrollmentConflicts(state.draft);
  const schemaErrors: Record<string, string> = {};
  if (!parsed.success) for (const [field, message] of Object.entries(fieldErrors(parsed.error))) schemaErrors[draftFieldOf(field, message)] ??= message;
  const conflictErrors = conflicts.data?.fields ?? {};
  const issues = useMemo(() => (state.draft.kind === 'static' ? validateNmstate(state.draft.networkConfig).issues : []), [state.draft.kind, state.draft.networkConfig]);
  const network = useMemo(() => networkProblems(state.draft.networkConfig, issues), [state.draft.networkConfig, issues]);
  const ipConflicts = conflicts.data?.ips ?? {};
  // nmstate itself (on the server) once the console's own rules pass: what metal3 will run at boot.
  const nmstate = useNmstateVerdict(state.draft.kind === 'static' && issues.length === 0 ? state.draft.networkConfig : '');
  const nmstateProblem = nmstate.data?.problem;
  const problems = shownProblems({ state, schemaErrors, conflictErrors, network: { ...network, conflicts: Object.values(ipConflicts), ...(nmstateProblem ? { nmstate: nmstateProblem } : {}) } });
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const blocking = !parsed.success || Object.keys(conflictErrors).length > 0 || Object.keys(ipConflicts).length > 0 || nmstateProblem !== undefined;

  // Review in the URL without a reviewable draft (a reload forgets the password): back to the details, problems shown.
  const reviewable = parsed.success && state.operation !== null;
  useEffect(() => {
    if (step !== 'review' || reviewable || !restored.current) return;
    dispatch({ type: 'attempt' });
    router.replace(pathname);
  }, [step, reviewable, router, pathname]);

  function review() {
    dispatch({ type: 'attempt' });
    if (blocking) {
      // The summary lists every problem as a link to its field.
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    // What identifies the submission (never the password: the key is kept in sessionStorage).
    const key = JSON.stringify({ ...parsed.data, bmc: { ...parsed.data.bmc, password: undefined } });
    if (state.operation?.key !== key) dispatch({ type: 'operation', operation: { id: newUuid(), key } });
    router.push(`${pathname}?step=review`);
  }

  if (step === 'review' && parsed.success && state.operation) {
    return (
      <div data-enrollment-wizard>
        <ReviewStep
          enrollment={parsed.data}
          operationId={state.operation.id}
          username={username}
          csrfToken={csrfToken}
          createAccess={createAccess}
          onBack={(fields) => {
            // The server and the cluster name the enrollment's fields; the form may split one (the BMC address).
            dispatch({ type: 'server-fields', fields: Object.fromEntries(Object.entries(fields).map(([field, message]) => [draftFieldOf(field, message), message])) });
            router.push(pathname);
          }}
          onCreated={(host) => {
            created.current = true;
            sessionStorage.removeItem(DRAFT_STORAGE_KEY);
            router.push(hostPath(host));
          }}
        />
      </div>
    );
  }

  return (
    <form
      data-enrollment-wizard
      noValidate
      className="max-w-3xl space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <ProblemSummary ref={summaryRef} problems={problems} visible={state.attempted} />
      <DetailsStep
        draft={state.draft}
        dispatch={dispatch}
        errorOf={problemOf}
        network={
          <NetworkEditor
            value={state.draft.networkConfig}
            onChange={(networkConfig) => dispatch({ type: 'edit', field: 'networkConfig', change: (d) => ({ ...d, networkConfig }) })}
            issues={issues}
            errorOf={(field) => problemOf(`network.${field}`)}
            onTouch={(field) => dispatch({ type: 'touch', field: field ? `network.${field}` : 'network' })}
            yamlOnly={network.yamlOnly}
            ipConflicts={ipConflicts}
            serverProblem={state.serverFields.networkConfig ?? nmstateProblem}
            {...(nmstate.data?.line && !state.serverFields.networkConfig ? { markedLine: nmstate.data.line } : {})}
            {...(nmstate.data?.unchecked ? { unchecked: nmstate.data.unchecked } : {})}
          />
        }
      />
      <div className="flex gap-2">
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-white">
          Review
        </button>
      </div>
    </form>
  );
}
