import { describe, expect, it } from 'vitest';
import { maintenanceReasonSchema } from './flows';

describe('maintenanceReasonSchema', () => {
  it('takes a reason on one line, trimmed', () => {
    expect(maintenanceReasonSchema.parse('  replace DIMM B2 (ticket 4711)  ')).toBe('replace DIMM B2 (ticket 4711)');
  });

  it.each([
    ['empty', '   ', 'Say why the host goes into maintenance (it is recorded).'],
    ['a NUL and a line break (they would forge lines in `oc get events`)', 'ok\u0000\nfake line', 'Write the reason on one line, without control characters.'],
    ['an escape sequence', 'ok \u001b[31mred', 'Write the reason on one line, without control characters.'],
    ['too long', 'x'.repeat(257), 'Keep the reason under 256 characters.'],
  ])('refuses %s', (_, text, message) => {
    const result = maintenanceReasonSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});
