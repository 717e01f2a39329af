// Feishu card markdown (JSON 2.0 also reads HTML: <at>, <font>, <link>) for text a person wrote: shown
// as written, never a link, a mention or a tag (channels/inert-markdown.ts).
import { inertMarkdown } from '../inert-markdown.ts';

export function feishuText(text: string): string {
  return inertMarkdown(text);
}
