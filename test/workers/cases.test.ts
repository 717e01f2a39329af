// The shared conversations (test/cases) inside workerd: the Worker entry over the local D1, the same
// case file the Node runtime runs (test/channels/{feishu,dingtalk}/e2e.test.ts).
import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { runConversationCases } from '../cases/conversation.ts';
import { dingtalkWorkerdHarness } from '../cases/harness/dingtalk-workerd.ts';
import { feishuWorkerdHarness } from '../cases/harness/feishu-workerd.ts';

const deps = { env, fakes: inject('fakes') };
runConversationCases('Feishu on Workers', feishuWorkerdHarness(deps));
runConversationCases('DingTalk on Workers', dingtalkWorkerdHarness(deps));
