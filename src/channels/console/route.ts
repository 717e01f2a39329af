// GET /console and its JSON API as a Hono sub-app. Messages and card actions become neutral events
// for the one `dispatch`, exactly as the Feishu webhook's do; replies come back rendered as HTML.
// Bad input is a 400 with a Chinese message; nothing unexpected ever escapes as a 500.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ZodType } from 'zod';
import type { BotResponse, InboundEvent, Reply } from '../../conversation/model.ts';
import { say } from '../../prompts.ts';
import { consoleSession, sameOriginApi } from './csrf.ts';
import type { ConsoleContact, ConsoleDeps } from './deps.ts';
import { renderConsolePage } from './page.ts';
import { renderCard, renderReply } from './render.ts';
import { ActionBodySchema, ClockBodySchema, InboxQuerySchema, MessageBodySchema } from './schemas.ts';
import { beijingInput, beijingText, fromBeijingInput } from './time.ts';

class BadRequest extends Error {}

export function consoleRoutes(deps: ConsoleDeps): Hono {
  const app = new Hono();
  const findContact = async (userId: string): Promise<ConsoleContact> => {
    const contact = (await deps.contacts()).flatMap((g) => g.contacts).find((c) => c.userId === userId);
    if (!contact) throw new BadRequest(say('console.unknownUser'));
    return contact;
  };
  const parse = async <T>(schema: ZodType<T>, read: () => Promise<unknown>): Promise<T> => {
    const raw = await read().catch(() => {
      throw new BadRequest(say('console.badJson'));
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || '-';
      throw new BadRequest(say('console.badRequest', { field }));
    }
    return parsed.data;
  };

  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ ok: false, error: error.message }, 400);
    deps.logError(error, c.req.path);
    return c.json({ ok: false, error: say('console.unavailable') }, 503);
  });
  app.use('/console/api/*', sameOriginApi());
  app.use(
    '/console/api/*',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (c) => c.json({ ok: false, error: say('console.tooLarge') }, 413),
    }),
  );

  app.get('/console', async (c) => {
    const groups = await deps.contacts();
    const as = c.req.query('as') ?? '';
    const selected = groups.flatMap((g) => g.contacts).find((x) => x.userId === as) ?? null;
    const token = consoleSession(c);
    return c.html(
      renderConsolePage({ groups, selected, clock: deps.clock, demo: deps.clock !== null, token }),
    );
  });

  app.get('/console/api/contacts', async (c) => c.json({ ok: true, groups: await deps.contacts() }));

  app.post('/console/api/message', async (c) => {
    const body = await parse(MessageBodySchema, () => c.req.json());
    await findContact(body.userId);
    const response = await deps.dispatch({
      kind: 'message',
      id: `console-${deps.newId()}`,
      sender: { platform: 'console', userId: body.userId },
      conversation: conversationOf(body.userId),
      text: body.text,
    });
    return c.json(rendered(response, deps.newId));
  });

  app.post('/console/api/action', async (c) => {
    const body = await parse(ActionBodySchema, () => c.req.json());
    await findContact(body.userId);
    const event: InboundEvent = {
      kind: 'card_action',
      id: `console-${deps.newId()}`,
      sender: { platform: 'console', userId: body.userId },
      conversation: conversationOf(body.userId),
      action: body.action,
      form: body.form,
    };
    return c.json(rendered(await deps.dispatch(event), deps.newId));
  });

  app.get('/console/api/inbox', async (c) => {
    const query = await parse(InboxQuerySchema, async () => c.req.query());
    await findContact(query.userId);
    // One millisecond back: a message stamped in the same millisecond as the last one seen is not
    // lost (the page drops what it already has by key).
    const since = query.since ? new Date(Date.parse(query.since) - 1).toISOString() : '';
    const items = await deps.readInbox(query.userId, since);
    return c.json({
      ok: true,
      now: deps.now().toISOString(),
      messages: items.map((item) => ({
        key: item.key,
        createdAt: item.createdAt,
        at: beijingText(new Date(item.createdAt)),
        html: renderReply(item.reply, `m-${deps.newId()}`).value,
      })),
    });
  });

  const clock = deps.clock;
  const sweep = deps.sweep;
  if (clock) {
    const clockState = () => ({
      ok: true,
      now: clock.now().toISOString(),
      text: beijingText(clock.now()),
      input: beijingInput(clock.now()),
      moved: clock.moved(),
    });
    app.get('/console/api/clock', (c) => c.json(clockState()));
    app.post('/console/api/clock', async (c) => {
      const body = await parse(ClockBodySchema, () => c.req.json());
      if ('reset' in body) clock.reset();
      else {
        const at = fromBeijingInput(body.at);
        if (!at) throw new BadRequest(say('console.badTime'));
        clock.set(at);
      }
      return c.json({
        ...clockState(),
        toast: say('console.clockChanged', { at: beijingText(clock.now()) }),
      });
    });
  }
  if (sweep) {
    app.post('/console/api/sweep', async (c) => {
      const result = await sweep();
      return c.json({ ok: true, result, toast: say('console.swept', { ...result }) });
    });
  }
  return app;
}

function conversationOf(userId: string) {
  return { id: `console:${userId}`, kind: 'direct' as const, mentioned: false };
}

/** The answer as the page draws it: a toast, the card that replaces the pressed one, new messages. */
function rendered(response: BotResponse, newId: () => string) {
  return {
    ok: true,
    toast: response.toast ?? null,
    update: response.update ? { html: renderCard(response.update, `u-${newId()}`).value } : null,
    messages: [...response.replies, ...(response.privateReplies ?? [])].map((reply) => ({
      html: renderReply(reply, `r-${newId()}`).value,
    })),
    // File bytes are in the link above; the JSON copy of the answer names the file only.
    response: {
      ...response,
      replies: response.replies.map(withoutBytes),
      ...(response.privateReplies ? { privateReplies: response.privateReplies.map(withoutBytes) } : {}),
    },
  };
}

function withoutBytes(reply: Reply) {
  return reply.kind === 'file'
    ? {
        kind: 'file',
        file: { filename: reply.file.filename, mime: reply.file.mime, size: reply.file.bytes.byteLength },
      }
    : reply;
}
