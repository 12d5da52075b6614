import { z } from '@/lib/zod';

/** What the sign-in form sends; the same schema checks it in the browser and on the server. */
export const signInSchema = z.object({
  token: z
    .string()
    .trim()
    .max(16_384, 'That is too long to be a bearer token.')
    .regex(/^[^\s]*$/, 'A bearer token has no spaces or line breaks.')
    .optional(),
});

export type SignIn = z.infer<typeof signInSchema>;
