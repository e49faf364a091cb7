// zod, configured once for every importer of core's schemas: jitless, so that building a schema never
// probes `Function('')`, which the pages' Content-Security-Policy (no eval) reports as a violation.
// Validation gives the same answers either way; only zod's code-generated fast path is off.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
