package org.omnireward.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One preference sample {@code (x, y1, y2, c, p)}: a prompt with optional input media, two candidate
 * responses, a free-form criterion and, for labelled data, which response is better under that
 * criterion. Immutable; build with {@link #builder()}.
 *
 * <p>{@link Builder#build()} checks the contract and throws {@link InvalidInputException} naming
 * the offending field: non-blank id and criterion, a task, a prompt, responses of the task's
 * response modality, and input media when the task takes them.
 */
public final class PreferenceSample {

    private final String id;
    private final Task task;
    private final String prompt;
    private final List<MediaRef> inputs;
    private final Response response1;
    private final Response response2;
    private final String criteria;
    private final Preference label;
    private final String model1;
    private final String model2;
    private final Map<String, String> metadata;

    private PreferenceSample(Builder b) {
        this.id = b.id;
        this.task = b.task;
        this.prompt = b.prompt;
        this.inputs = List.copyOf(b.inputs);
        this.response1 = b.response1;
        this.response2 = b.response2;
        this.criteria = b.criteria;
        this.label = b.label;
        this.model1 = b.model1;
        this.model2 = b.model2;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this sample's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.task = task;
        b.prompt = prompt;
        b.inputs = inputs;
        b.response1 = response1;
        b.response2 = response2;
        b.criteria = criteria;
        b.label = label;
        b.model1 = model1;
        b.model2 = model2;
        b.metadata = new LinkedHashMap<>(metadata);
        return b;
    }

    /** The same sample with response1/response2 (and model1/model2) exchanged and the label flipped. */
    public PreferenceSample swapped() {
        Builder b = toBuilder();
        b.response1 = response2;
        b.response2 = response1;
        b.model1 = model2;
        b.model2 = model1;
        b.label = label == null ? null : label.swapped();
        return b.build();
    }

    public String id() {
        return id;
    }

    public Task task() {
        return task;
    }

    /** The prompt text (may be empty only when the input media carry the whole request). */
    public String prompt() {
        return prompt;
    }

    /** Input media of the prompt (the image of ti2t/ti2i, the video of tv2t, the audio of ta2t). */
    public List<MediaRef> inputs() {
        return inputs;
    }

    public Response response1() {
        return response1;
    }

    public Response response2() {
        return response2;
    }

    /** {@code response1} or {@code response2} by preference; a tie has no single response. */
    public Response response(Preference which) {
        return switch (which) {
            case RESPONSE1 -> response1;
            case RESPONSE2 -> response2;
            case TIE -> throw new IllegalArgumentException("a tie names no single response");
        };
    }

    /** The free-form criterion the preference is judged under. */
    public String criteria() {
        return criteria;
    }

    /** The human label, when this sample has one. */
    public Optional<Preference> label() {
        return Optional.ofNullable(label);
    }

    public Optional<String> model1() {
        return Optional.ofNullable(model1);
    }

    public Optional<String> model2() {
        return Optional.ofNullable(model2);
    }

    /** Extra facts carried along (source file, row, how a chosen/rejected pair was ordered, …). */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "PreferenceSample{" + task.id() + "/" + id + ", label=" + label + "}";
    }

    /** Builder for {@link PreferenceSample}. {@code id}, {@code task}, responses and criteria are required. */
    public static final class Builder {
        private String id;
        private Task task;
        private String prompt = "";
        private List<MediaRef> inputs = List.of();
        private Response response1;
        private Response response2;
        private String criteria;
        private Preference label;
        private String model1;
        private String model2;
        private Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder task(Task task) {
            this.task = task;
            return this;
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder inputs(List<MediaRef> inputs) {
            this.inputs = Objects.requireNonNull(inputs, "inputs");
            return this;
        }

        public Builder input(MediaRef input) {
            this.inputs = List.of(input);
            return this;
        }

        public Builder response1(Response r) {
            this.response1 = r;
            return this;
        }

        public Builder response2(Response r) {
            this.response2 = r;
            return this;
        }

        public Builder criteria(String criteria) {
            this.criteria = criteria;
            return this;
        }

        public Builder label(Preference label) {
            this.label = label;
            return this;
        }

        public Builder model1(String model1) {
            this.model1 = model1;
            return this;
        }

        public Builder model2(String model2) {
            this.model2 = model2;
            return this;
        }

        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        /**
         * Checks the contract and builds the sample.
         *
         * @throws InvalidInputException naming the first field that is missing or wrong
         */
        public PreferenceSample build() {
            if (id == null || id.isBlank()) {
                throw new InvalidInputException("field 'id' is missing or empty");
            }
            if (task == null) {
                throw new InvalidInputException("sample " + id + ": no task");
            }
            if (prompt == null) {
                throw new InvalidInputException("sample " + id + ": field 'prompt' is missing");
            }
            if (criteria == null || criteria.isBlank()) {
                throw new InvalidInputException("sample " + id + ": field 'criteria' is missing or empty");
            }
            checkResponse("response1", response1);
            checkResponse("response2", response2);
            if (task.inputMedia().isPresent()) {
                Modality want = task.inputMedia().get();
                if (inputs.isEmpty()) {
                    throw new InvalidInputException("sample " + id + ": task " + task.id() + " needs an input "
                            + want.wireName() + " but none was given");
                }
                for (MediaRef m : inputs) {
                    if (m.modality() != want) {
                        throw new InvalidInputException("sample " + id + ": input media is "
                                + m.modality().wireName() + ", task " + task.id() + " expects " + want.wireName());
                    }
                }
            }
            return new PreferenceSample(this);
        }

        private void checkResponse(String field, Response r) {
            if (r == null) {
                throw new InvalidInputException("sample " + id + ": field '" + field + "' is missing");
            }
            Modality want = task.responseModality();
            Modality got = r.modality();
            boolean ok = got == want || (want == Modality.THREE_D && got == Modality.IMAGE);
            if (!ok) {
                throw new InvalidInputException("sample " + id + ": field '" + field + "' is " + got.wireName()
                        + ", task " + task.id() + " expects " + want.wireName());
            }
        }
    }
}
