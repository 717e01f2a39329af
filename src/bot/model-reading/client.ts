// The optional model reading: one chat-completions request to an on-premises OpenAI-compatible
// service (vLLM, Ollama, Xinference) through `fetch`, which both runtimes have. It is bounded three
// ways so a slow or failing model never holds a reply: each request is cut off at the timeout, at
// most `concurrency` are in flight (one more is not asked, and reads as not understood), and after
// repeated failures the breaker stays open for a minute before one request tries again.
import type { FallbackContext, FallbackReading, IntentFallback } from '../intent-fallback.ts';
import { readingOf } from './answer.ts';
import { systemPrompt } from './vocabulary.ts';

export interface ModelReadingOptions {
  /** The service's base URL, up to /v1 (http://10.0.0.5:8000/v1). */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  concurrency: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

export type Failure = 'timeout' | 'unreachable' | 'http_error' | 'bad_response';

export interface ModelStatus {
  enabled: true;
  model: string;
  /** closed: asked; open: not asked until `retryAt`; half_open: one request is trying. */
  breaker: 'closed' | 'open' | 'half_open';
  inFlight: number;
  concurrency: number;
  timeoutMs: number;
  consecutiveFailures: number;
  lastFailure: Failure | null;
  lastFailureAt: string | null;
  retryAt: string | null;
  answered: number;
  refused: number;
}

export interface ModelReading extends IntentFallback {
  status(): ModelStatus;
}

const FAILURES_TO_OPEN = 3;
const OPEN_MS = 60_000;
const MAX_TOKENS = 400;
// A reply larger than this is no reading (a model that rambles); it is not read further.
const MAX_REPLY_BYTES = 64 * 1024;

export function createModelReading(options: ModelReadingOptions): ModelReading {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? (() => new Date());
  let inFlight = 0;
  let failures = 0;
  let openUntil = 0;
  let trying = false;
  let lastFailure: Failure | null = null;
  let lastFailureAt: Date | null = null;
  let answered = 0;
  let refused = 0;

  const breaker = (): ModelStatus['breaker'] => {
    if (failures < FAILURES_TO_OPEN) return 'closed';
    return now().getTime() < openUntil ? 'open' : 'half_open';
  };

  const failed = (why: Failure) => {
    failures++;
    lastFailure = why;
    lastFailureAt = now();
    if (failures >= FAILURES_TO_OPEN) openUntil = now().getTime() + OPEN_MS;
  };

  async function ask(text: string, context: FallbackContext): Promise<FallbackReading | null> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await doFetch(`${options.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          messages: [
            { role: 'system', content: systemPrompt(context) },
            { role: 'user', content: text },
          ],
          temperature: 0,
          max_tokens: MAX_TOKENS,
          stream: false,
        }),
        signal: controller.signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        failed('http_error');
        return null;
      }
      const body = await response.text();
      if (body.length > MAX_REPLY_BYTES) {
        failed('bad_response');
        return null;
      }
      const content = contentOf(body);
      if (content === null) {
        failed('bad_response');
        return null;
      }
      failures = 0;
      return readingOf(content, context);
    } catch {
      failed(controller.signal.aborted ? 'timeout' : 'unreachable');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async read(text, context) {
      const state = breaker();
      if (state === 'open' || inFlight >= options.concurrency || (state === 'half_open' && trying)) {
        refused++;
        return null;
      }
      inFlight++;
      if (state === 'half_open') trying = true;
      try {
        const reading = await ask(text, context);
        if (reading) answered++;
        else refused++;
        return reading;
      } finally {
        inFlight--;
        if (state === 'half_open') trying = false;
      }
    },
    status() {
      const state = breaker();
      return {
        enabled: true,
        model: options.model,
        breaker: state,
        inFlight,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        consecutiveFailures: failures,
        lastFailure,
        lastFailureAt: lastFailureAt?.toISOString() ?? null,
        retryAt: state === 'open' ? new Date(openUntil).toISOString() : null,
        answered,
        refused,
      };
    },
  };
}

/** choices[0].message.content of a chat-completions reply, or null. */
function contentOf(body: string): string | null {
  try {
    const json = JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] };
    const content = json.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : null;
  } catch {
    return null;
  }
}
