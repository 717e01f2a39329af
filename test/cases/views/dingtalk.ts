// What the DingTalk fake recorded (GET /__test/sent) → what the person was shown: robot messages
// (sampleText, sampleMarkdown) and cards from the generic template (src/channels/dingtalk/TEMPLATE.md),
// read the way the template draws them. Runtime-free.
import { type Answer, plainLines, type Shown, type ShownButton, type ShownInput } from '../harness.ts';

/** The part of the fake's state this view reads. */
export interface DingtalkSentState {
  requests: { method: string; path: string; body: unknown; status?: number }[];
  cardUpdates: { outTrackId: string; params: Record<string, string> }[];
  userLookups: { userid: string; mobile: string | null }[];
}

/** What a press on a template card carries back (cardPrivateData.params). */
export interface DingtalkButtonHandle {
  outTrackId: string;
  /** The neutral action as the JSON string the template passes back. */
  action: string;
  /** One of several submit buttons: the action travels as the form's `__action` choice. */
  viaSelect: boolean;
}

const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const GROUP_SEND = '/v1.0/robot/groupMessages/send';
const DELIVER = '/v1.0/card/instances/createAndDeliver';
const ACTION_FIELD = '__action';

type Body = Record<string, unknown>;

/** Robot messages and cards to a person (their robot chat) or a group, oldest first. */
export function dingtalkSent(
  state: DingtalkSentState,
  to: { userId: string } | { conversationId: string },
): Shown[] {
  const shown: Shown[] = [];
  for (const request of state.requests) {
    if (request.status !== 200 || request.method !== 'POST') continue;
    const body = (request.body ?? {}) as Body;
    if ('userId' in to) {
      const users = Array.isArray(body.userIds) ? body.userIds : [];
      if (request.path === BATCH_SEND && users.includes(to.userId)) shown.push(showRobotMessage(body));
      if (request.path === DELIVER && body.openSpaceId === `dtv1.card//IM_ROBOT.${to.userId}`)
        shown.push(showTemplateCard(cardParams(body), String(body.outTrackId)));
    } else {
      if (request.path === GROUP_SEND && body.openConversationId === to.conversationId)
        shown.push(showRobotMessage(body));
      if (request.path === DELIVER && body.openSpaceId === `dtv1.card//IM_GROUP.${to.conversationId}`)
        shown.push(showTemplateCard(cardParams(body), String(body.outTrackId)));
    }
  }
  return shown;
}

function cardParams(body: Body): Record<string, string> {
  return ((body.cardData ?? {}) as { cardParamMap?: Record<string, string> }).cardParamMap ?? {};
}

function parseJson<T>(text: string | undefined, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function showRobotMessage(body: Body): Shown {
  const param = parseJson<{ content?: string; title?: string; text?: string }>(String(body.msgParam), {});
  if (body.msgKey === 'sampleText') {
    return { kind: 'text', title: '', text: param.content ?? '', buttons: [], inputs: [] };
  }
  // sampleMarkdown: the title repeated as the first heading, then the body.
  const text = plainLines(param.text ?? '')
    .split('\n')
    .filter((line, i) => !(i === 0 && line === param.title))
    .join('\n');
  return { kind: 'card', title: param.title ?? '', text, buttons: [], inputs: [] };
}

interface Field {
  name: string;
  type: string;
  defaultValue?: string | { value: string };
  options?: { value: string; text: string }[];
}

/** A template card's variables, as the template shows them. */
export function showTemplateCard(params: Record<string, string>, outTrackId: string): Shown {
  const fields = parseJson<{ fields?: Field[] }>(params.form, {}).fields ?? [];
  const inputs: ShownInput[] = fields
    .filter((f) => f.name !== ACTION_FIELD)
    .map((f) => ({
      name: f.name,
      value: typeof f.defaultValue === 'object' ? f.defaultValue.value : (f.defaultValue ?? ''),
    }));
  const buttons: ShownButton[] = [];
  const choice = fields.find((f) => f.name === ACTION_FIELD);
  if (params.has_form === 'true' && params.form_action) {
    const handle: DingtalkButtonHandle = { outTrackId, action: params.form_action, viaSelect: false };
    buttons.push({ label: params.form_submit_label ?? '', submitsForm: true, handle });
  }
  for (const option of choice?.options ?? []) {
    const handle: DingtalkButtonHandle = { outTrackId, action: option.value, viaSelect: true };
    buttons.push({ label: option.text, submitsForm: true, handle });
  }
  if (params.has_buttons === 'true') {
    for (const b of parseJson<{ label: string; action: string }[]>(params.buttons, [])) {
      const handle: DingtalkButtonHandle = { outTrackId, action: b.action, viaSelect: false };
      buttons.push({ label: b.label, submitsForm: false, handle });
    }
  }
  const text = [params.subtitle, params.markdown, params.error]
    .filter((part): part is string => Boolean(part))
    .map(plainLines)
    .join('\n');
  return { kind: 'card', title: params.title ?? '', text, buttons, inputs };
}

const TONES = ['info', 'success', 'warning', 'danger'] as const;

/** A card callback's answer: the replaced variables (updated by key) and the toast variables. */
export function dingtalkAnswer(status: number, body: unknown, outTrackId: string): Answer {
  const map = ((body ?? {}) as { cardData?: { cardParamMap?: Record<string, string> } }).cardData
    ?.cardParamMap;
  if (!map) return { status };
  const tone = TONES.find((t) => t === map.toast_tone) ?? 'info';
  return {
    status,
    ...(map.toast ? { toast: { tone, text: map.toast } } : {}),
    ...('title' in map ? { card: showTemplateCard(map, outTrackId) } : {}),
  };
}
