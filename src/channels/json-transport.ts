// One JSON call to an Open API and its answer read whole — all that either platform's message, card and
// token calls need. The default goes through fetch (Workers, where it is the native client). The Node
// entry passes one over node:http instead (runtime/node-http-transport.ts): Node's fetch took three to
// four times the CPU per call (~0.4 ms more, measured on loopback), which at 50 replies a second is CPU
// the webhook answers wait for, and holds ~25 MB more memory once used. Files (multipart uploads,
// capped downloads) still go through fetch.

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Ignored for GET. */
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Answers whatever the server said, any status; throws only when there is no answer at all. */
export type JsonTransport = (request: JsonRequest) => Promise<JsonResponse>;

export function fetchTransport(fetcher: typeof fetch): JsonTransport {
  return async ({ method, url, headers, body, timeoutMs }) => {
    const response = await fetcher(url, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), text };
  };
}
