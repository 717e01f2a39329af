// The seam for an optional model-based reading, off by default: when the rules do not understand a
// message, a configured fallback may read it (bot/model-reading/). Its reading is used only if it is
// a valid reading of a known intent in the roster's vocabulary; anything else is not understood.
import type { Reading } from '../understanding/understand.ts';

export interface FallbackReading {
  reading: Reading;
  /** The model said it is not sure: the bot asks with the clarify card instead of acting. */
  sure: boolean;
}

export interface FallbackContext {
  /** Beijing date, YYYY-MM-DD. */
  today: string;
  counties: readonly string[];
  cities: readonly string[];
}

export interface IntentFallback {
  /** `text` has had contact names and mobile numbers taken out by the caller. */
  read(text: string, context: FallbackContext): Promise<FallbackReading | null>;
}
