// The shared conversations (test/cases) over DingTalk's Stream mode: robot messages and card presses
// pushed as frames by the loopback gateway to the app, which connected out to it.
import { runConversationCases } from '../../cases/conversation.ts';
import { dingtalkStreamHarness } from '../../cases/harness/dingtalk-stream.ts';

runConversationCases('DingTalk over the stream', dingtalkStreamHarness);
