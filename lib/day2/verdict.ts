import { z } from '@/lib/zod';

/** ok: BMO will act on it; noop: it is already so (a second click changes nothing); refused: not now, with why. */
export const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok'), note: z.string().optional() }),
  z.object({ kind: z.literal('noop'), message: z.string() }),
  z.object({ kind: z.literal('refused'), reason: z.string() }),
]);
export type Verdict = z.infer<typeof verdictSchema>;
