// Builds requests exactly as Feishu sends them: the official sample payloads (FD 接收消息 and FD 卡片回传
// 交互回调, via /work/shared/platforms.md), AES-256-CBC encryption with a random IV prefix, and the
// sha256(timestamp + nonce + encryptKey + rawBody) signature. Written independently of src/.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** Inverse of the SDK's AESCipher: key = SHA-256(encryptKey), base64(iv ‖ ciphertext), PKCS7 padding. */
export function encryptFeishu(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signFeishu(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest('hex');
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface BuildOptions {
  encryptKey: string;
  /** Unix seconds. */
  timestamp: number;
  nonce?: string;
  /** Send `{encrypt}` (default) or the plain JSON, signed either way. */
  encrypt?: boolean;
}

export function buildSignedRequest(payload: unknown, options: BuildOptions): SignedRequest {
  const plain = JSON.stringify(payload);
  const body =
    options.encrypt === false ? plain : JSON.stringify({ encrypt: encryptFeishu(plain, options.encryptKey) });
  return signRawBody(body, options);
}

/** Signs an arbitrary body (e.g. a deliberately broken one) the way Feishu signs what it sends. */
export function signRawBody(body: string, options: Omit<BuildOptions, 'encrypt'>): SignedRequest {
  const timestamp = String(options.timestamp);
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signFeishu(timestamp, nonce, options.encryptKey, body),
    },
  };
}

export const SAMPLE_VERIFICATION_TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';

/** The official im.message.receive_v1 sample (FD 接收消息), verbatim; overrides for test variations. */
export function messageSample(overrides: { token?: string; eventId?: string; messageId?: string } = {}) {
  return {
    schema: '2.0',
    header: {
      event_id: overrides.eventId ?? '5e3702a84e847582be8db7fb73283c02',
      event_type: 'im.message.receive_v1',
      create_time: '1608725989000',
      token: overrides.token ?? SAMPLE_VERIFICATION_TOKEN,
      app_id: 'cli_9f5343c580712544',
      tenant_key: '2ca1d211f64f6438',
    },
    event: {
      sender: {
        sender_id: {
          union_id: 'on_8ed6aa67826108097d9ee143816345',
          user_id: 'e33ggbyz',
          open_id: 'ou_84aad35d084aa403a838cf73ee18467',
        },
        sender_type: 'user',
        tenant_key: '736588c9260f175e',
      },
      message: {
        message_id: overrides.messageId ?? 'om_5ce6d572455d361153b7cb51da133945',
        root_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
        parent_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
        create_time: '1609073151345',
        update_time: '1687343654666',
        chat_id: 'oc_5ce6d572455d361153b7xx51da133945',
        thread_id: 'omt_d4be107c616',
        chat_type: 'group',
        message_type: 'text',
        content: '{"text":"@_user_1 hello"}',
        mentions: [
          {
            key: '@_user_1',
            id: {
              union_id: 'on_8ed6aa67826108097d9ee143816345',
              user_id: 'e33ggbyz',
              open_id: 'ou_84aad35d084aa403a838cf73ee18467',
            },
            name: 'Tom',
            tenant_key: '736588c9260f175e',
          },
        ],
        user_agent: 'Mozilla/5.0 (...) Lark/6.7.5 ...',
      },
    },
  };
}

/** The official card.action.trigger sample (FD card-callback-communication, masking kept). */
export function cardActionSample(overrides: { token?: string; eventId?: string } = {}) {
  return {
    schema: '2.0',
    header: {
      event_id: overrides.eventId ?? 'f7984f25108f8137722bb63c*****',
      token: overrides.token ?? '066zT6pS4QCbgj5Do145GfDbbag*****',
      create_time: '1603977298000000',
      event_type: 'card.action.trigger',
      tenant_key: '2df73991750*****',
      app_id: 'cli_a5fb0ae6a4******',
    },
    event: {
      operator: {
        tenant_key: '2df73991750*****',
        user_id: '867*****',
        open_id: 'ou_3c14f3a59eaf2825dbe25359f15*****',
        union_id: 'on_cad4860e7af114fb4ff6c5d496d*****',
      },
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d******',
      action: {
        value: { key: 'value' },
        tag: 'button',
        timezone: 'Asia/Shanghai',
        form_value: {
          'field name1': ['selectDemo1', 'selectDemo2'],
          'field name2': 'value2',
          DatePicker_bpqdq5puvn4: '2024-04-01 +0800',
          DateTimePicker_ihz2d7a74i: '2024-04-29 07:07 +0800',
          Input_lf4fmxwfrd9: '1234',
          PersonSelect_2ejys7ype7m: 'ou_3c14f3a59eaf2825dbe25359f15*****',
          Select_a2d5b7l3zd: '1',
          TimePicker_7ecsf6xkqsq: '00:00 +0800',
        },
        name: 'Button_lvkepfu3',
      },
      host: 'im_message',
      delivery_type: 'url_preview',
      context: {
        url: 'xxx',
        preview_token: 'xxx',
        open_message_id: 'om_574d639e4a44e4dd646eaf628e2*****',
        open_chat_id: 'oc_e4d2605ca917e695f54f11aaf56*****',
      },
    },
  };
}
