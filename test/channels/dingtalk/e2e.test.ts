// The shared conversations (test/cases) on DingTalk under Node: robot messages signed as DingTalk
// documents it and card callbacks over real HTTP on 127.0.0.1, the real Open API client talking to the
// loopback fake, a real SQLite store.
import { runConversationCases } from '../../cases/conversation.ts';
import { dingtalkNodeHarness } from '../../cases/harness/dingtalk-node.ts';

runConversationCases('DingTalk on Node', dingtalkNodeHarness);
