'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { callApi, useSession } from '@/components/auth/session-context';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import { StatusBadge } from '@/components/ui/status-badge';
import { useNow } from '@/components/ui/use-now';
import { type CsrView, orderCsrs } from '@/lib/csr/view';
import { formatAge } from '@/lib/format/age';
import type { Topic } from '@/lib/live/topics';
import { queryKeys } from '@/lib/query-keys';

const TOPICS: Topic[] = [{ kind: 'csrs' }];

/** RDN attribute types as people write them (the rest by OID). */
const SUBJECT_NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

const CONDITION_TONE = { Pending: 'warning', Approved: 'ok', Denied: 'error', Failed: 'error' } as const;

/**
 * A pending CSR's checks, as of now. A decided one shows the verdict recorded with the decision
 * (facts that came later, such as its node having joined, are not failures of that decision).
 */
function Checks({ csr }: { csr: CsrView }) {
  if (csr.condition !== 'Pending') {
    const joined = csr.assessment.kind === 'client' && csr.assessment.checks.some((c) => c.id === 'node-absent' && !c.pass);
    return (
      <div aria-label={`Checks of ${csr.name}`} className="space-y-0.5 text-xs">
        <p>{csr.decision?.message || `${csr.condition} (${csr.decision?.reason || 'no reason given'})`}</p>
        {joined && csr.assessment.nodeName ? <p className="text-slate-600">Since then, node {csr.assessment.nodeName} has joined.</p> : null}
      </div>
    );
  }
  return (
    <ul aria-label={`Checks of ${csr.name}`} className="space-y-0.5 text-xs">
      {csr.assessment.checks.map((check) => (
        <li key={check.id} className={check.pass ? 'text-green-900' : 'text-red-800'}>
          <span aria-hidden="true">{check.pass ? '✔ ' : '✖ '}</span>
          <span className="sr-only">{check.pass ? 'Pass: ' : 'Fail: '}</span>
          {check.label}
          {check.detail ? ` — ${check.detail}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** The id of the note that says why the viewer may not decide CSRs (the buttons point to it). */
const DECIDE_BLOCKED_ID = 'csr-decide-blocked';

function Decide({ csr, onDecided, blocked }: { csr: CsrView; onDecided: (name: string) => void; blocked: boolean }) {
  const { csrfToken: csrToken } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  // The decision arrives in the list through the live stream (the CSR's watch event).
  const decide = useMutation({
    mutationFn: (body: { decision: 'approve' | 'deny'; confirm?: string }) =>
      callApi({ method: 'POST', path: `/api/csrs/${encodeURIComponent(csr.name)}`, body, csrfToken: csrToken }),
    onSuccess: () => onDecided(csr.name),
  });
  if (csr.condition !== 'Pending') return null;
  const failing = !csr.assessment.passes;
  return (
    <div className="space-y-1">
      <div className="flex gap-2">
        <button
          type="button"
          disabled={decide.isPending || blocked}
          aria-describedby={blocked ? DECIDE_BLOCKED_ID : undefined}
          onClick={() => (failing ? setConfirming(true) : decide.mutate({ decision: 'approve' }))}
          className="rounded bg-slate-900 px-2 py-1 text-xs text-white disabled:opacity-50"
        >
          Approve {csr.name}
        </button>
        <button
          type="button"
          disabled={decide.isPending || blocked}
          aria-describedby={blocked ? DECIDE_BLOCKED_ID : undefined}
          onClick={() => decide.mutate({ decision: 'deny' })}
          className="rounded border border-red-800 px-2 py-1 text-xs text-red-800 disabled:opacity-50"
        >
          Deny {csr.name}
        </button>
      </div>
      {confirming && (
        <form
          className="space-y-1"
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate({ decision: 'approve', confirm: typed });
          }}
        >
          <label htmlFor={`confirm-${csr.name}`} className="block text-xs font-medium text-red-800">
            This CSR fails a check. Type {csr.name} to approve it anyway
          </label>
          <input
            id={`confirm-${csr.name}`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            className="rounded border border-red-800 px-1 text-xs"
          />
          <button type="submit" disabled={typed !== csr.name || decide.isPending} className="ml-2 rounded bg-red-800 px-2 py-1 text-xs text-white disabled:opacity-50">
            Approve despite failed checks
          </button>
        </form>
      )}
      {decide.error && (
        <p role="alert" className="text-xs text-red-800">
          {decide.error.message}
        </p>
      )}
    </div>
  );
}

/** Every CSR with its checks, kept current by the live stream (topic `csrs`). */
export function CsrList({ initial, decideBlocked }: { initial: CsrView[]; decideBlocked?: string }) {
  const { csrfToken } = useSession();
  const now = useNow();
  const connection = useLive(TOPICS);
  const data = useLiveValue(queryKeys.csrs(), initial) ?? initial;
  const unavailable = useTopicError(TOPICS[0]!);
  const approveAll = useMutation({
    mutationFn: () => callApi<{ results: { name: string; outcome?: string; error?: string }[] }>({ method: 'POST', path: '/api/csrs/approve-passing', csrfToken }),
    onSuccess: () => setTimeout(() => approvedRef.current?.focus(), 0),
  });
  const approvedRef = useRef<HTMLDivElement>(null);
  // After a decision, focus goes to its result: the CSR's condition, once the stream brings it.
  const [decided, setDecided] = useState<string>();
  const decidedCondition = data.find((c) => c.name === decided)?.condition;
  useEffect(() => {
    if (decided && decidedCondition && decidedCondition !== 'Pending') document.getElementById(`csr-condition-${decided}`)?.focus();
  }, [decided, decidedCondition]);
  const csrs = orderCsrs(data);
  const passing = csrs.filter((c) => c.condition === 'Pending' && c.assessment.passes).length;
  const pending = csrs.filter((c) => c.condition === 'Pending').length;

  return (
    <div className="space-y-4">
      {connection === 'reconnecting' && (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          Reconnecting — data may be stale.
        </p>
      )}
      {unavailable && (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {unavailable}
        </p>
      )}
      {decideBlocked ? (
        <p id={DECIDE_BLOCKED_ID} className="rounded border border-slate-400 bg-slate-50 p-2 text-sm">
          Approve and deny are disabled: {decideBlocked}
        </p>
      ) : null}
      <div className="flex items-center gap-4">
        <p role="status">
          {pending} pending, {passing} of them pass every check.
        </p>
        <button
          type="button"
          disabled={passing === 0 || approveAll.isPending || decideBlocked !== undefined}
          aria-describedby={decideBlocked ? DECIDE_BLOCKED_ID : undefined}
          onClick={() => approveAll.mutate()}
          className="rounded bg-slate-900 px-3 py-1.5 text-white disabled:opacity-50"
        >
          Approve all that pass ({passing})
        </button>
      </div>
      {approveAll.data && (
        <div role="status" ref={approvedRef} tabIndex={-1} className="outline-none">
          <ul aria-label="Approved" className="text-sm">
            {approveAll.data.results.map((r) => (
              <li key={r.name}>
                {r.name}: {r.error ?? r.outcome}
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Certificate signing requests</caption>
        <thead className="bg-slate-100">
          <tr>
            {['Name', 'Condition', 'Signer', 'Requestor', 'Subject', 'SANs', 'Usages', 'Age', 'Host', 'Checks', 'Actions'].map((h) => (
              <th key={h} scope="col" className="px-2 py-2 text-left">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {csrs.length === 0 ? (
            <tr>
              <td colSpan={11} className="px-2 py-3 text-slate-700">
                No certificate signing requests. A new node files its client CSR once its host is provisioned and has booted; the host’s page shows when.
              </td>
            </tr>
          ) : null}
          {csrs.map((csr) => (
            <tr key={csr.name} id={csr.name} className="border-t border-slate-200 align-top">
              <td className="px-2 py-1 font-mono text-xs">{csr.name}</td>
              <td id={`csr-condition-${csr.name}`} tabIndex={-1} className="px-2 py-1 outline-none">
                <StatusBadge tone={CONDITION_TONE[csr.condition]} label={csr.condition === 'Approved' && csr.issued ? 'Approved, Issued' : csr.condition} />
              </td>
              <td className="px-2 py-1 text-xs">{csr.signerName}</td>
              <td className="px-2 py-1 text-xs">
                {csr.username}
                <div className="text-slate-600">{csr.groups.join(', ')}</div>
              </td>
              <td className="px-2 py-1 text-xs">
                {csr.request.subject ? (
                  // Every RDN as written, in order: a repeated CN or a multi-valued RDN shows as it is.
                  <span className="font-mono">{csr.request.subject.map((rdn) => rdn.map((a) => `${SUBJECT_NAMES[a.type] ?? a.type}=${a.value ?? '(unreadable)'}`).join('+')).join(', ') || '(empty)'}</span>
                ) : (
                  <>
                    CN={csr.request.commonName}
                    <div>O={csr.request.organizations.join('+')}</div>
                  </>
                )}
              </td>
              <td className="px-2 py-1 text-xs">
                {[...csr.request.dnsNames, ...csr.request.ipAddresses, ...(csr.request.emailAddresses ?? []), ...(csr.request.uris ?? []), ...csr.request.otherNames].join(', ') || 'none'}
              </td>
              <td className="px-2 py-1 text-xs">{csr.usages.join(', ')}</td>
              <td className="px-2 py-1 text-xs">{formatAge(csr.createdAt, now)}</td>
              <td className="px-2 py-1 text-xs">{csr.assessment.host ?? csr.linkedHost ?? (csr.assessment.kind === 'other' ? '—' : 'unmatched')}</td>
              <td className="px-2 py-1">
                <Checks csr={csr} />
              </td>
              <td className="px-2 py-1">
                <Decide csr={csr} onDecided={setDecided} blocked={decideBlocked !== undefined} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
