import { z } from 'zod';

/**
 * zod, configured once for the whole app: every schema in lib/ and components/ imports `z` from
 * here, so this runs before any schema is built. In the browser zod must not compile parsers with
 * `new Function` (its JIT): the console's Content-Security-Policy has no 'unsafe-eval', and even
 * zod's caught probe for it is reported as a violation. The server keeps the JIT.
 */
if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
