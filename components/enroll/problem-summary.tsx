'use client';

import { forwardRef } from 'react';
import type { WizardProblem } from '@/lib/enroll/wizard';

/**
 * The problems of the form, each a link that moves focus to its field; its count is the number of
 * messages shown on the page (the same list). Focused after an attempted Review.
 */
export const ProblemSummary = forwardRef<HTMLDivElement, { problems: readonly WizardProblem[]; visible: boolean }>(function ProblemSummary({ problems, visible }, ref) {
  return (
    <div ref={ref} tabIndex={-1} aria-labelledby={visible && problems.length > 0 ? 'problem-summary-heading' : undefined} className="outline-none">
      {visible && problems.length > 0 ? (
        <div role="alert" className="space-y-1 rounded border border-red-700 bg-red-50 p-3 text-red-900">
          <h2 id="problem-summary-heading" className="font-medium">
            {problems.length === 1 ? 'One field needs attention' : `${problems.length} fields need attention`} before review
          </h2>
          <ul className="list-disc pl-6 text-sm">
            {problems.map((problem) => (
              <li key={`${problem.field}:${problem.message}`}>
                <a
                  href={`#${problem.elementId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    const element = document.getElementById(problem.elementId);
                    element?.scrollIntoView({ block: 'center' });
                    element?.focus();
                  }}
                  className="underline"
                >
                  {problem.label}
                </a>
                : {problem.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
});
