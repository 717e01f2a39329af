// The seam for an optional model-based reading, off by default: when the rules do not understand a
// message, a configured fallback may read it. Its reading is used only if it names a known intent;
// anything else is treated as not understood.
import type { Reading } from '../understanding/understand.ts';

export interface IntentFallback {
  read(
    text: string,
    context: { today: string; counties: readonly string[]; cities: readonly string[] },
  ): Promise<Reading | null>;
}
