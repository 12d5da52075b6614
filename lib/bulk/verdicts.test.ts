import { describe, expect, it } from 'vitest';
import type { RowVerdict } from './batch';
import { type ServerVerdict, hasDryRun, mergeVerdicts, rowsToDryRun } from './verdicts';

const accepted = [{ object: 'BareMetalHost w', outcome: 'accepted' as const }];
const conflict = { bootMACAddress: 'Row 3 has the same boot MAC address.' };

describe('rowsToDryRun', () => {
  it('asks for every passing row that has no dry run of its current content', () => {
    const server = new Map<string, ServerVerdict>([
      ['dry-run', { operationId: 'dry-run', key: 'k1', fields: {}, dryRun: accepted }],
      ['edited', { operationId: 'edited', key: 'old', fields: {}, dryRun: accepted }],
    ]);
    const sent = [
      { id: 'dry-run', key: 'k1', passes: true },
      { id: 'edited', key: 'new', passes: true },
      { id: 'never-checked', key: 'k3', passes: true },
      { id: 'failing', key: 'k4', passes: false },
    ];
    expect(rowsToDryRun(sent, server)).toEqual(['edited', 'never-checked']);
  });

  it('asks again for an unchanged row whose last check refused it without a dry run (its conflict with another row has gone)', () => {
    // Rows 2 and 3 shared a boot MAC: the server refused both and dry-ran neither. Row 3 is fixed; row 2 is as it was.
    const server = new Map<string, ServerVerdict>([
      ['row-2', { operationId: 'row-2', key: 'same', fields: conflict }],
      ['row-3', { operationId: 'row-3', key: 'before', fields: conflict }],
    ]);
    const sent = [
      { id: 'row-2', key: 'same', passes: true },
      { id: 'row-3', key: 'after', passes: true },
    ];
    expect(rowsToDryRun(sent, server)).toEqual(['row-2', 'row-3']);
  });
});

describe('mergeVerdicts', () => {
  it("gives each answered row the verdict for the content it was sent with, keeping a dry run only of that same content", () => {
    const previous = new Map<string, ServerVerdict>([
      ['kept', { operationId: 'kept', key: 'k1', fields: {}, dryRun: accepted }],
      ['edited', { operationId: 'edited', key: 'old', fields: {}, dryRun: accepted }],
      ['unsent', { operationId: 'unsent', key: 'k9', fields: conflict }],
    ]);
    const answer: RowVerdict[] = [
      { operationId: 'kept', fields: {} },
      { operationId: 'edited', fields: {} },
    ];
    const next = mergeVerdicts(previous, [{ id: 'kept', key: 'k1' }, { id: 'edited', key: 'new' }], answer);
    expect(next.get('kept')).toEqual({ operationId: 'kept', key: 'k1', fields: {}, dryRun: accepted });
    expect(next.get('edited')).toEqual({ operationId: 'edited', key: 'new', fields: {} });
    expect(next.get('unsent')).toBe(previous.get('unsent'));
    expect(hasDryRun(next.get('kept'), 'k1')).toBe(true);
    expect(hasDryRun(next.get('edited'), 'new')).toBe(false);
  });

  it('takes a new dry run over an old one', () => {
    const refused = [{ object: 'BareMetalHost w', outcome: 'refused' as const, message: 'no' }];
    const previous = new Map<string, ServerVerdict>([['r', { operationId: 'r', key: 'k', fields: {}, dryRun: accepted }]]);
    expect(mergeVerdicts(previous, [{ id: 'r', key: 'k' }], [{ operationId: 'r', fields: {}, dryRun: refused }]).get('r')?.dryRun).toEqual(refused);
  });
});
