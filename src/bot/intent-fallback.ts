// The seam for an optional LLM intent fallback, off by default: when the rule-based parser does not
// understand a message, a configured fallback may classify it. Its answer is validated against the
// same intents before use; anything else is treated as not understood.
import type { Intent } from './intents.ts';

export interface IntentFallback {
  classify(
    text: string,
    context: { today: string; counties: readonly string[]; cities: readonly string[] },
  ): Promise<Intent | null>;
}
