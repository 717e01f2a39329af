import { say } from '../../prompts.ts';
import type { BotResponse, Conversation } from '../model.ts';

/** Forms and personal records are shared by everyone who sees them: in a group, send them privately. */
export function privately(conversation: Conversation, response: BotResponse): BotResponse {
  if (conversation.kind === 'direct') return response;
  return {
    ...response,
    replies: [{ kind: 'text', text: say('bot.sentPrivately') }],
    privateReplies: response.replies,
  };
}
