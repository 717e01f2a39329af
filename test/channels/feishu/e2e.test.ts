// The shared conversations (test/cases) on Feishu under Node: signed, encrypted events over real HTTP on
// 127.0.0.1, the real Open API client talking to the loopback fake, a real SQLite store.
import { runConversationCases } from '../../cases/conversation.ts';
import { feishuNodeHarness } from '../../cases/harness/feishu-node.ts';

runConversationCases('Feishu on Node', feishuNodeHarness);
