package org.omnireward.judge;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.testing.RewardModelContractTest;

/**
 * The reward-model contract suite against the {@code openai} judge talking to a local chat server
 * that prefers the response mentioning "good" (so the judge is deterministic here).
 */
class OpenAiJudgeContractIT extends RewardModelContractTest {

    private static FakeChatServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeChatServer().otherwise(rec -> {
            String t = rec.userText();
            int b = t.indexOf("[[RESPONSE B]]");
            int good = t.indexOf("good");
            boolean media = t.indexOf("[[RESPONSE A]]") >= 0 && rec.userParts().size() > 1;
            String verdict = media ? "[[B]]" : good >= 0 && good < b ? "[[A]]" : "[[B]]";
            return FakeChatServer.Reply.ok("Reasoning.\n" + verdict);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected RewardModel createModel() {
        return TestMedia.judge(server, dir, Map.of("capabilities", "text,image", "cache", "false"));
    }

    @Override
    protected List<PreferenceSample> samples() {
        return TestMedia.contractSamples();
    }

    @Override
    protected boolean deterministic() {
        return true;
    }
}
