import 'server-only';
import { z } from 'zod';

/** The console's configuration, validated once at first use. */
const envSchema = z.object({
  /**
   * kubeconfig: the kubeconfig's own identity (local/demo use, loopback only).
   * token: each user signs in with a bearer token (added with sign-in).
   */
  CONSOLE_AUTH_MODE: z.enum(['kubeconfig', 'token']).default('kubeconfig'),
  /** Path of the kubeconfig; unset means ~/.kube/config, or the in-cluster service account. */
  KUBECONFIG: z.string().min(1).optional(),
});

export type ConsoleEnv = z.infer<typeof envSchema>;

let parsed: ConsoleEnv | undefined;

export function consoleEnv(): ConsoleEnv {
  if (!parsed) {
    const result = envSchema.safeParse(process.env);
    if (!result.success) {
      throw new Error(`Invalid console configuration: ${z.prettifyError(result.error)}`);
    }
    parsed = result.data;
  }
  return parsed;
}
