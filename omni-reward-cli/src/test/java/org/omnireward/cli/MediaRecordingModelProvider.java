package org.omnireward.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.Verdict;

/**
 * Test-only provider ({@code --model media-recorder:LOG_FILE}, registered in the test class path's
 * service file): a pairwise model that reads every media item of every sample it is asked about and
 * appends one line per item to {@code LOG_FILE} — {@code <prompt> TAB <media name> TAB <base64
 * of the bytes read>} — then answers response1 (a model sees no sample id: the tests' prompts name
 * their samples). End-to-end tests read the log to see exactly which
 * samples and which bytes reached the model through the real command line.
 */
public final class MediaRecordingModelProvider implements RewardModelProvider {

    @Override
    public String name() {
        return "media-recorder";
    }

    @Override
    public String description() {
        return "test only: reads every media item it is shown and logs it to the file given as argument";
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        if (spec.argument().isBlank()) {
            throw new InvalidInputException("media-recorder needs a log file: media-recorder:/path/to/log");
        }
        return new Recorder(Path.of(spec.argument()));
    }

    /** One logged media item. */
    record Seen(String prompt, String mediaName, byte[] bytes) {}

    /** Reads the log written by a recorder. */
    static List<Seen> read(Path log) throws IOException {
        List<Seen> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", -1);
            out.add(new Seen(parts[0], parts[1], Base64.getDecoder().decode(parts[2])));
        }
        return out;
    }

    private static final class Recorder extends AbstractPairwiseRewardModel {
        private final Path log;

        Recorder(Path log) {
            this.log = log;
        }

        @Override
        public String name() {
            return "media-recorder";
        }

        @Override
        protected Verdict doJudge(PairwiseRequest sample) {
            List<MediaRef> media = new ArrayList<>(sample.inputs());
            for (Response r : List.of(sample.responseA(), sample.responseB())) {
                r.media().ifPresent(media::add);
            }
            StringBuilder lines = new StringBuilder();
            for (MediaRef m : media) {
                try {
                    lines.append(sample.prompt())
                            .append('\t')
                            .append(m.name())
                            .append('\t')
                            .append(Base64.getEncoder().encodeToString(m.readAllBytes()))
                            .append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (media.isEmpty()) {
                lines.append(sample.prompt()).append("\t\t\n");
            }
            append(lines.toString());
            return Verdict.of(Preference.RESPONSE1);
        }

        private synchronized void append(String text) {
            try {
                Files.writeString(
                        log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
