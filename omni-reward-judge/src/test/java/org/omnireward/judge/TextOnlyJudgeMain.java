package org.omnireward.judge;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.omnireward.core.MediaRef;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Run in a child JVM by {@link MediaOnDemandIT} with class loading logged: a teacher ({@link TextChat},
 * as {@code data synthesize} opens it) writes a criterion and a verifier judge ({@code openai:} through
 * the provider) judges a text pair, both against a fake chat server; with argument {@code image} the
 * teacher is also shown an image. Prints {@code done} at the end.
 */
public final class TextOnlyJudgeMain {

    private TextOnlyJudgeMain() {}

    public static void main(String[] args) throws Exception {
        boolean image = args.length > 0 && args[0].equals("image");
        Path cache = Files.createTempDirectory("text-only-judge");
        try (FakeChatServer server = new FakeChatServer()) {
            server.otherwise(r -> FakeChatServer.Reply.ok("Prefer the answer that names the capital.\n[[A]]"));
            ModelSpec teacherSpec =
                    ModelSpec.parse("openai:test/teacher", Map.of("base-url", server.baseUrl(), "cache", "false"));
            List<MediaRef> inputs = image ? List.of(TestMedia.png("red.png", Color.RED, 32, 32)) : List.of();
            try (TextChat teacher = TextChat.open(teacherSpec)) {
                String reply = teacher.reply("Write a criterion.", "Which is better?", inputs)
                        .text();
                if (reply.isBlank()) {
                    throw new IllegalStateException("no reply");
                }
            }
            ChatJudge verifier = TestMedia.judge(server, cache, Map.of("capabilities", "text"));
            PairwiseRequest pair = new PairwiseRequest(
                    Task.T2T,
                    "Prefer the answer that names the capital.",
                    "What is the capital of France?",
                    List.of(),
                    Response.text("Paris."),
                    Response.text("A city."),
                    false);
            System.out.println("verdict " + verifier.judge(pair).winner());
        }
        System.out.println("done");
    }
}
