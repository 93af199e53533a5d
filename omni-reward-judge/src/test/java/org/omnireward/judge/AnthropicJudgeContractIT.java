package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.testing.RewardModelContractTest;

/**
 * The reward-model contract suite against the {@code anthropic} judge talking to a local server that
 * speaks the Messages API and prefers the response mentioning "good" (text) or, for images, the
 * second one: the judge core behaves the same over the second vendor.
 */
class AnthropicJudgeContractIT extends RewardModelContractTest {

    private static FakeChatServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeChatServer("/v1/messages").otherwise(rec -> {
            StringBuilder text = new StringBuilder();
            int images = 0;
            for (JsonNode block : rec.body().get("messages").get(0).get("content")) {
                if (block.get("type").asText().equals("text")) {
                    text.append(block.get("text").asText());
                } else if (block.get("type").asText().equals("image")) {
                    images++;
                }
            }
            String t = text.toString();
            int b = t.indexOf("[[RESPONSE B]]");
            int good = t.indexOf("good");
            String verdict = images > 0 ? "[[B]]" : good >= 0 && good < b ? "[[A]]" : "[[B]]";
            return FakeChatServer.Reply.raw(AnthropicJudgeIT.message("Reasoning.\n" + verdict));
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected RewardModel createModel() {
        String port = server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1");
        ModelSpec spec = ModelSpec.parse(
                "anthropic:claude-test",
                Map.of(
                        "base-url",
                        "http://127.0.0.1:" + port + "/v1/",
                        "cache",
                        "false",
                        "capabilities",
                        "text,image"));
        return new AnthropicJudgeProvider(Map.of("ANTHROPIC_API_KEY", "ak-test")::get, k -> null).create(spec);
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
