// The one entry every channel calls with a verified, parsed, de-duplicated event.

import { attempts, BIND_LIMIT } from '../app/attempt-limit.ts';
import { CardActionSchema } from '../conversation/actions.ts';
import type { BotResponse, InboundEvent } from '../conversation/model.ts';
import type { Roster } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { loadRoster } from '../store/roster-repo.ts';
import { bindCodeIn } from '../understanding/understand.ts';
import { privately } from './chat/privately.ts';
import { respond } from './chat/respond.ts';
import type { BotDeps } from './deps.ts';
import { chooseDocument } from './handlers/documents.ts';
import { handleFormAction } from './handlers/forms.ts';
import { answerImport } from './handlers/import.ts';
import { handleReview } from './handlers/review.ts';
import { receiveFile } from './handlers/upload.ts';
import { bindByCode, bindByMobile, findBySender, forgetUnknown } from './identify.ts';

const NOTHING: BotResponse = { replies: [] };

export async function dispatch(event: InboundEvent, deps: BotDeps): Promise<BotResponse> {
  if (event.kind === 'message' && event.conversation.kind === 'group' && !event.conversation.mentioned)
    return NOTHING;
  const roster = await loadRoster(deps.store);
  const text = event.kind === 'message' ? event.text : '';
  // Before anything else: an unknown sender's only way in. Full-width codes (ＡＢ１２) count too.
  const bindCode = bindCodeIn(text);
  if (bindCode) return bind(deps, roster, event, bindCode);

  const who = findBySender(roster, event.sender) ?? (await bindByMobile(deps, roster, event.sender));
  if (!who) return reply(say('bot.unknownSender'), event.kind === 'card_action');

  if (event.kind === 'card_action') {
    const action = CardActionSchema.safeParse(event.action);
    if (!action.success) return { toast: { tone: 'danger', text: say('bot.errorToast') }, replies: [] };
    if (action.data.op === 'say')
      return respond(deps, roster, who, action.data.text, event.conversation, action.data.sure === '1');
    if (action.data.op === 'review') return handleReview(deps, roster, who, action.data, event.form);
    if (action.data.op === 'imp') return answerImport(deps, who, action.data);
    if (action.data.op === 'doc') return chooseDocument(deps, who, action.data);
    return handleFormAction(deps, roster, who, action.data, event.form);
  }
  if (event.attachment)
    return privately(event.conversation, await receiveFile(deps, who, event.sender, event.attachment));
  return respond(deps, roster, who, event.text, event.conversation);
}

/** 绑定 <code>: a few wrong codes per sender and window, then the sender waits (no code is tried). */
async function bind(deps: BotDeps, roster: Roster, event: InboundEvent, code: string): Promise<BotResponse> {
  const guesses = attempts(deps.store, BIND_LIMIT, deps.now);
  const key = `bind:${event.sender.platform}:${event.sender.userId}`;
  const limited = (minutes: number) =>
    reply(
      say('bot.bindLimited', { max: BIND_LIMIT.max, window: BIND_LIMIT.windowMs / 60_000, minutes }),
      false,
    );
  const before = await guesses.check(key);
  if (before.blocked) return limited(before.minutes);
  const who = await bindByCode(deps, roster, event.sender, code);
  if (who) {
    await guesses.succeed(key);
    forgetUnknown(deps, event.sender);
    return reply(say('bot.bound', { name: who.contact.name, unit: who.unit.name }), false);
  }
  const after = await guesses.fail(key);
  return after.blocked ? limited(after.minutes) : reply(say('bot.badCode'), false);
}

function reply(text: string, asToast: boolean): BotResponse {
  return asToast ? { toast: { tone: 'warning', text }, replies: [] } : { replies: [{ kind: 'text', text }] };
}
