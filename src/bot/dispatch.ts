// The one entry every channel calls with a verified, parsed, de-duplicated event.
import { attempts, BIND_LIMIT } from '../app/attempt-limit.ts';
import { localDate } from '../domain/clock.ts';
import type { Roster } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { loadRoster } from '../store/roster-repo.ts';
import { CardActionSchema } from './actions.ts';
import type { BotDeps } from './deps.ts';
import { close, reopen } from './handlers/closing.ts';
import { chooseDocument } from './handlers/documents.ts';
import { exportChat } from './handlers/export.ts';
import { fill } from './handlers/fill.ts';
import { handleFormAction } from './handlers/forms.ts';
import { helpCard } from './handlers/help.ts';
import { history } from './handlers/history.ts';
import { answerImport } from './handlers/import.ts';
import { nudge } from './handlers/nudge.ts';
import { reminderLog } from './handlers/reminder-log.ts';
import { handleReview } from './handlers/review.ts';
import { countyDetail, progress, summary, unreported } from './handlers/status.ts';
import { receiveFile } from './handlers/upload.ts';
import { bindByCode, bindByMobile, findBySender, forgetUnknown, type Identified } from './identify.ts';
import { parseIntent } from './intents.ts';
import type { BotResponse, Conversation, InboundEvent } from './model.ts';

const NOTHING: BotResponse = { replies: [] };

export async function dispatch(event: InboundEvent, deps: BotDeps): Promise<BotResponse> {
  if (event.kind === 'message' && event.conversation.kind === 'group' && !event.conversation.mentioned)
    return NOTHING;
  const roster = await loadRoster(deps.store);
  const text = event.kind === 'message' ? event.text : '';
  const bindCode = /^绑定\s*([A-Za-z0-9]{4,12})$/.exec(text.trim())?.[1];
  if (bindCode) return bind(deps, roster, event, bindCode.toUpperCase());

  const who = findBySender(roster, event.sender) ?? (await bindByMobile(deps, roster, event.sender));
  if (!who) return reply(say('bot.unknownSender'), event.kind === 'card_action');

  if (event.kind === 'card_action') {
    const action = CardActionSchema.safeParse(event.action);
    if (!action.success) return { toast: { tone: 'danger', text: say('bot.errorToast') }, replies: [] };
    if (action.data.op === 'say') return respond(deps, roster, who, action.data.text, event.conversation);
    if (action.data.op === 'review') return handleReview(deps, roster, who, action.data, event.form);
    if (action.data.op === 'imp') return answerImport(deps, who, action.data);
    if (action.data.op === 'doc') return chooseDocument(deps, who, action.data);
    return handleFormAction(deps, roster, who, action.data, event.form);
  }
  if (event.attachment)
    return privately(event.conversation, await receiveFile(deps, who, event.sender, event.attachment));
  return respond(deps, roster, who, event.text, event.conversation);
}

async function respond(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  text: string,
  conversation: Conversation,
): Promise<BotResponse> {
  const vocabulary = {
    counties: roster.units.filter((u) => u.kind === 'county').map((u) => u.name),
    cities: roster.units.filter((u) => u.kind === 'city').map((u) => u.name),
  };
  const parsed = parseIntent(text, vocabulary, deps.now());
  const intent =
    parsed.kind === 'unknown' && deps.intentFallback
      ? ((await deps.intentFallback
          .classify(text, { today: localDate(deps.now()), ...vocabulary })
          .catch(() => null)) ?? parsed)
      : parsed;
  switch (intent.kind) {
    case 'help':
    case 'bind':
      return { replies: [{ kind: 'card', card: helpCard(roster, who) }] };
    case 'unknown':
      return {
        replies: [
          {
            kind: 'card',
            card: helpCard(roster, who, say('bot.notUnderstood', { text: intent.text.slice(0, 30) })),
          },
        ],
      };
    case 'fill':
      return privately(conversation, await fill(deps, roster, who, intent));
    case 'unreported':
      return unreported(deps, roster, who, intent, conversation);
    case 'progress':
      return progress(deps, who, intent);
    case 'summary':
      return summary(deps, who, intent, conversation);
    case 'county':
      return countyDetail(deps, roster, who, intent, conversation);
    case 'history':
      return privately(conversation, await history(deps, roster, who, intent));
    case 'nudge':
      return nudge(deps, roster, who, intent);
    case 'close':
      return close(deps, who, intent.period);
    case 'reopen':
      return reopen(deps, who, intent);
    case 'reminders':
      return privately(conversation, await reminderLog(deps, roster, who));
    case 'export':
      return privately(conversation, await exportChat(deps, who, intent));
  }
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

/** Forms and personal records are shared by everyone who sees them: in a group, send them privately. */
function privately(conversation: Conversation, response: BotResponse): BotResponse {
  if (conversation.kind === 'direct') return response;
  return {
    ...response,
    replies: [{ kind: 'text', text: say('bot.sentPrivately') }],
    privateReplies: response.replies,
  };
}
