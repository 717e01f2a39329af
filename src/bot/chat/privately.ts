// Answers meant for one person (forms, personal records, names) leave a group chat for the asker's own.
import type { BotResponse, Conversation } from '../../conversation/model.ts';
import { say } from '../../prompts.ts';

/** Forms and personal records are shared by everyone who sees them: in a group, send them privately. */
export function privately(conversation: Conversation, response: BotResponse): BotResponse {
  if (conversation.kind === 'direct') return response;
  return {
    ...response,
    replies: [{ kind: 'text', text: say('bot.sentPrivately') }],
    privateReplies: response.replies,
  };
}
