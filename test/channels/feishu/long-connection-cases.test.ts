// The shared conversations (test/cases) over Feishu's long connection: events pushed as frames by the
// loopback gateway to the app, which connected out to it; answers read from the frames it sends back.
import { runConversationCases } from '../../cases/conversation.ts';
import { feishuLongConnectionHarness } from '../../cases/harness/feishu-long-connection.ts';

runConversationCases('Feishu over the long connection', feishuLongConnectionHarness);
