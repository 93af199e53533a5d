package org.omnireward.data.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Maps one record with the official Omni-RewardBench field names (protocol.md, "A sample"; parquet rows and JSON
 * objects alike) to a {@link PreferenceSample}: {@code id, prompt, criteria, criteria_preference,
 * model1, model2}, text or media {@code response1/response2} (media also via {@code *_path}), and
 * the input media {@code image}/{@code image_path}, {@code video}/{@code video_path},
 * {@code audio}/{@code audio_path}. An empty text response is valid (a model may answer nothing);
 * {@link ValidationReport} counts such samples.
 */
final class OmniRecordMapper {

    private final MediaResolver media;

    OmniRecordMapper(MediaResolver media) {
        this.media = media;
    }

    Mapped map(Map<String, Object> row, Task task, MediaObserver observer) {
        List<String> problems = new ArrayList<>();
        Fields f = new Fields(row, problems, media, observer);
        String id = f.id("id");
        String prompt = f.requiredString("prompt", true);
        String criteria = f.requiredString("criteria", false);
        Preference label = f.label("criteria_preference");
        String model1 = f.optionalString("model1");
        String model2 = f.optionalString("model2");
        List<MediaRef> inputs = new ArrayList<>();
        if (task.inputMedia().isPresent()) {
            Modality m = task.inputMedia().get();
            String field = inputField(m);
            MediaRef in = f.media(field, field + "_path", m);
            if (in != null) {
                inputs.add(in);
            }
        }
        Response r1 = response(f, task, "response1");
        Response r2 = response(f, task, "response2");
        if (!problems.isEmpty()) {
            return new Mapped(id, label, null, problems);
        }
        try {
            PreferenceSample s = PreferenceSample.builder()
                    .id(id)
                    .task(task)
                    .prompt(prompt)
                    .inputs(inputs)
                    .response1(r1)
                    .response2(r2)
                    .criteria(criteria)
                    .label(label)
                    .model1(model1)
                    .model2(model2)
                    .build();
            return new Mapped(id, label, s, List.of());
        } catch (InvalidInputException e) {
            return new Mapped(id, label, null, List.of(e.getMessage()));
        }
    }

    private static Response response(Fields f, Task task, String field) {
        if (task.hasTextResponses()) {
            String text = f.requiredString(field, true); // an empty answer is a valid response
            return text == null ? null : Response.text(text);
        }
        MediaRef m = f.media(field, field + "_path", task.responseModality());
        return m == null ? null : Response.media(m);
    }

    /** The official field of a task's input media. */
    static String inputField(Modality m) {
        return switch (m) {
            case IMAGE -> "image";
            case VIDEO -> "video";
            case AUDIO -> "audio";
            default -> throw new IllegalArgumentException("no input field for " + m);
        };
    }
}
