// DingTalk markdown (sampleMarkdown messages, the card template's body; it reads <font> too) for text
// a person wrote: shown as written, never a link, an image or a tag (channels/inert-markdown.ts).
import { inertMarkdown } from '../inert-markdown.ts';

export function dingtalkText(text: string): string {
  return inertMarkdown(text);
}
