package org.omnireward.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Task;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.StableHash;
import org.omnireward.judge.PromptTemplates.Literal;
import org.omnireward.judge.PromptTemplates.Placeholder;
import org.omnireward.judge.PromptTemplates.Segment;
import org.omnireward.judge.PromptTemplates.Template;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;

/**
 * A generative reward model: an LLM judge behind any {@link ChatBackend}, the vendor-neutral core
 * of the {@code openai} provider (protocol.md, "Evaluation protocol").
 *
 * <p><b>Asking.</b> The prompt template of the task and mode ({@code pairwise-<task>.txt} or {@code
 * pointwise-<task>.txt}, see {@link PromptTemplates}) is filled in: the criterion and the verdict
 * rules of the setting ({@code verdict-ties.txt} / {@code verdict-no-ties.txt} / {@code
 * score-rules.txt}) go into the system message; the prompt, input media and responses go into the
 * user message as text and media parts in the order the template places them. Images and 3D renders
 * are JPEG data URIs; a video is sampled frames (10 for a tv2t input, 5 per t2v response by default)
 * or, with {@code video-mode=native}, a {@code video_url} part; audio is one {@code input_audio} WAV
 * part per clip, or with {@code audio-mode=concat} the two response clips joined with 1 s of silence
 * and the prompt saying A plays first.
 *
 * <p><b>Reading.</b> {@link VerdictParser}: exactly one allowed verdict, else an {@link
 * UnparseableOutputException} carrying the output (retriable). The {@link Verdict} carries the
 * analysis before the verdict as rationale, the full output and the token usage.
 *
 * <p><b>Swap.</b> With swap on, both orders are asked. When the two answers agree (after mapping the
 * second back) that is the verdict and the rationale starts with {@value #SWAP_CONSISTENT}. When they
 * disagree, the verdict is a tie where ties are allowed, and otherwise the answer of the order the
 * caller gave (the runner already randomises that order, so this is an unbiased pick); either way the
 * rationale starts with {@value #SWAP_INCONSISTENT} and names both answers, so a report can count
 * the position-consistency rate (the verdict's {@code positionConsistent} says it too). The raw output holds both outputs, separated by {@value
 * #SWAPPED_OUTPUT_SEPARATOR}.
 *
 * <p><b>Pointwise.</b> Each response is scored 1 to 5 alone; the higher score wins. Equal scores are
 * a tie where ties are allowed; where they are not, a coin seeded by the request's content decides
 * (stable across runs, and unbiased between A and B), and the rationale says so.
 *
 * <p><b>Cache and attempts.</b> With a {@link ResponseCache}, every reply a decision could be read
 * from is stored under the hash of the backend identity and the conversation; a rerun asks nothing.
 * A cache hit reports zero tokens (none were spent). Each question is asked at most {@code
 * maxAttempts} times through the runtime's {@link Retrier} (1 by default: the benchmark runner
 * retries whole judgements itself and records every raw output).
 */
public final class ChatJudge extends AbstractPairwiseRewardModel {

    /** Rationale prefix of a swap-consistent verdict. */
    public static final String SWAP_CONSISTENT = "[swap: consistent]";
    /** Rationale prefix of a swap-inconsistent verdict. */
    public static final String SWAP_INCONSISTENT = "[swap: inconsistent]";
    /** Between the two outputs of a swapped judgement in the raw output. */
    public static final String SWAPPED_OUTPUT_SEPARATOR = "\n===== swapped order: the second response shown first =====\n";
    /** Between the outputs of two attempts inside the judge. */
    public static final String ATTEMPT_SEPARATOR = "\n----- next attempt -----\n";

    private static final Set<String> PAIRWISE_PLACEHOLDERS =
            Set.of("criteria", "prompt", "verdict_rules", "input", "response_a", "response_b");
    private static final Set<String> POINTWISE_PLACEHOLDERS = Set.of("criteria", "prompt", "score_rules", "input", "response");

    private final String name;
    private final ChatBackend backend;
    private final JudgeMediaEncoder encoder;
    private final JudgeSettings settings;
    private final PromptTemplates prompts;
    private final Map<Task, Template> templates = new HashMap<>();
    private final Set<Task> tasks;

    /**
     * @param name the name in reports, e.g. {@code openai:gpt-4o}
     * @throws InvalidInputException when a prompt file is missing or malformed, or swap is asked with pointwise mode
     */
    public ChatJudge(String name, ChatBackend backend, JudgeMediaEncoder encoder, JudgeSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.swap() && settings.mode() == JudgeSettings.Mode.POINTWISE) {
            throw new InvalidInputException("model " + name + ": swap=true needs judge-mode=pairwise (a pointwise judge sees "
                    + "one response at a time, so there is no order to swap)");
        }
        this.tasks = settings.supportedTasks();
        if (tasks.isEmpty()) {
            throw new InvalidInputException("model " + name + ": capabilities " + settings.capabilities()
                    + " cover no task (every task needs text; add image, video or audio for media tasks)");
        }
        this.prompts = new PromptTemplates(settings.promptDir());
        boolean pairwise = settings.mode() == JudgeSettings.Mode.PAIRWISE;
        for (Task t : tasks) {
            Set<String> required = new HashSet<>(pairwise ? Set.of("criteria", "prompt", "response_a", "response_b")
                    : Set.of("criteria", "prompt", "response"));
            if (t.inputMedia().isPresent()) {
                required.add("input");
            }
            templates.put(t, prompts.template((pairwise ? "pairwise-" : "pointwise-") + t.id() + ".txt",
                    pairwise ? PAIRWISE_PLACEHOLDERS : POINTWISE_PLACEHOLDERS, required));
        }
        if (pairwise) {
            prompts.text("verdict-ties.txt");
            prompts.text("verdict-no-ties.txt");
        } else {
            prompts.text("score-rules.txt");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Task> supportedTasks() {
        return tasks;
    }

    /** The settings this judge was made with. */
    public JudgeSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    protected Verdict doJudge(PairwiseRequest request) {
        List<Conversation.Part> input = inputParts(request);
        List<Conversation.Part> a = responseParts(request.responseA(), "response A");
        List<Conversation.Part> b = responseParts(request.responseB(), "response B");
        if (settings.mode() == JudgeSettings.Mode.POINTWISE) {
            return pointwise(request, input, a, b);
        }
        Asked<VerdictParser.Parsed> first = ask(pairwiseConversation(request, input, a, b, false),
                out -> VerdictParser.pairwise(out, request.allowTies()));
        if (!settings.swap()) {
            return new Verdict(first.value().preference(), first.value().rationale(), first.raw(), first.usage());
        }
        Asked<VerdictParser.Parsed> second = ask(pairwiseConversation(request, input, b, a, true),
                out -> VerdictParser.pairwise(out, request.allowTies()));
        Preference p1 = first.value().preference();
        Preference p2 = second.value().preference().swapped();
        String raw = first.raw() + SWAPPED_OUTPUT_SEPARATOR + second.raw();
        Usage usage = sum(first.usage(), second.usage());
        if (p1 == p2) {
            return new Verdict(p1, SWAP_CONSISTENT + " " + first.value().rationale(), raw, usage, true);
        }
        Preference answer = request.allowTies() ? Preference.TIE : p1;
        String note = SWAP_INCONSISTENT + " as shown: " + letter(p1) + "; swapped, mapped back: " + letter(p2)
                + "; answered " + letter(answer) + (request.allowTies() ? " (a tie)" : " (the order as given)") + ". ";
        return new Verdict(answer, note + first.value().rationale(), raw, usage, false);
    }

    private Verdict pointwise(PairwiseRequest request, List<Conversation.Part> input, List<Conversation.Part> a,
            List<Conversation.Part> b) {
        Asked<VerdictParser.Score> sa = ask(pointwiseConversation(request, input, a), VerdictParser::pointwise);
        Asked<VerdictParser.Score> sb = ask(pointwiseConversation(request, input, b), VerdictParser::pointwise);
        int x = sa.value().value();
        int y = sb.value().value();
        Preference p;
        String how;
        if (x != y) {
            p = x > y ? Preference.RESPONSE1 : Preference.RESPONSE2;
            how = "";
        } else if (request.allowTies()) {
            p = Preference.TIE;
            how = "; equal scores: a tie";
        } else {
            p = StableHash.bit(0, "pointwise-equal-scores", request.contentKey()) ? Preference.RESPONSE2 : Preference.RESPONSE1;
            how = "; equal scores where ties are not allowed: a stable coin picked " + letter(p);
        }
        String rationale = "[pointwise: A scored " + x + ", B scored " + y + how + "]\nResponse A: " + sa.value().rationale()
                + "\nResponse B: " + sb.value().rationale();
        String raw = "===== response A =====\n" + sa.raw() + "\n===== response B =====\n" + sb.raw();
        return new Verdict(p, rationale, raw, sum(sa.usage(), sb.usage()));
    }

    private static String letter(Preference p) {
        return switch (p) {
            case RESPONSE1 -> "A";
            case RESPONSE2 -> "B";
            case TIE -> "C";
        };
    }

    private static Usage sum(Usage a, Usage b) {
        if (a.equals(Usage.UNKNOWN) && b.equals(Usage.UNKNOWN)) {
            return Usage.UNKNOWN;
        }
        return a.plus(b);
    }

    // ---- conversations ------------------------------------------------------------------------

    /** The pairwise conversation showing {@code first} as A and {@code second} as B. */
    Conversation pairwiseConversation(PairwiseRequest r, List<Conversation.Part> input, List<Conversation.Part> first,
            List<Conversation.Part> second, boolean swapped) {
        Map<String, String> texts = Map.of("criteria", r.criteria(), "prompt", r.prompt(),
                "verdict_rules", prompts.text(r.allowTies() ? "verdict-ties.txt" : "verdict-no-ties.txt").strip());
        Map<String, List<Conversation.Part>> media = new HashMap<>();
        media.put("input", input);
        if (settings.audioMode() == JudgeSettings.AudioMode.CONCAT && isAudio(r.responseA()) && isAudio(r.responseB())) {
            MediaRef ma = media(swapped ? r.responseB() : r.responseA());
            MediaRef mb = media(swapped ? r.responseA() : r.responseB());
            media.put("response_a", List.of(new Conversation.Text(prompts.text("audio-concat-a.txt").strip() + "\n"),
                    new Conversation.Audio(encoder.joinedAudioWavBase64(ma, mb, JudgeSettings.CONCAT_SILENCE_SECONDS), "wav")));
            media.put("response_b", List.of(new Conversation.Text(prompts.text("audio-concat-b.txt").strip())));
        } else {
            media.put("response_a", first);
            media.put("response_b", second);
        }
        return render(templates.get(r.task()), texts, media);
    }

    private Conversation pointwiseConversation(PairwiseRequest r, List<Conversation.Part> input, List<Conversation.Part> response) {
        Map<String, String> texts = Map.of("criteria", r.criteria(), "prompt", r.prompt(),
                "score_rules", prompts.text("score-rules.txt").strip());
        return render(templates.get(r.task()), texts, Map.of("input", input, "response", response));
    }

    private static Conversation render(Template t, Map<String, String> texts, Map<String, List<Conversation.Part>> media) {
        StringBuilder system = new StringBuilder();
        for (Segment s : t.system()) {
            if (s instanceof Literal l) {
                system.append(l.text());
            } else if (s instanceof Placeholder p) {
                system.append(texts.getOrDefault(p.name(), ""));
            }
        }
        Conversation.Builder user = new Conversation.Builder();
        for (Segment s : t.user()) {
            if (s instanceof Literal l) {
                user.text(l.text());
            } else if (s instanceof Placeholder p) {
                if (texts.containsKey(p.name())) {
                    user.text(texts.get(p.name()));
                } else {
                    for (Conversation.Part part : media.getOrDefault(p.name(), List.of())) {
                        user.part(part);
                    }
                }
            }
        }
        return new Conversation(system.toString(), user.build());
    }

    private static boolean isAudio(Response r) {
        return r.media().map(m -> m.modality() == Modality.AUDIO).orElse(false);
    }

    private static MediaRef media(Response r) {
        return r.media().orElseThrow();
    }

    private List<Conversation.Part> inputParts(PairwiseRequest r) {
        List<Conversation.Part> out = new ArrayList<>();
        for (MediaRef m : r.inputs()) {
            out.addAll(mediaParts(m, settings.inputFrames(), "input"));
        }
        return out;
    }

    private List<Conversation.Part> responseParts(Response r, String which) {
        if (r.isText()) {
            return List.of(new Conversation.Text(r.requireText()));
        }
        return mediaParts(media(r), settings.responseFrames(), which);
    }

    private List<Conversation.Part> mediaParts(MediaRef m, int frames, String which) {
        Modality needed = m.modality() == Modality.THREE_D ? Modality.IMAGE : m.modality();
        if (!settings.capabilities().contains(needed)) {
            throw new InvalidInputException("model " + name + " does not take " + needed.wireName() + " (the " + which
                    + " " + m.name() + "); add it to model option capabilities if the model does");
        }
        return switch (m.modality()) {
            case IMAGE, THREE_D -> List.of(new Conversation.Image(encoder.imageDataUri(m)));
            case AUDIO -> List.of(new Conversation.Audio(encoder.audioWavBase64(m), "wav"));
            case VIDEO -> {
                if (settings.videoMode() == JudgeSettings.VideoMode.NATIVE) {
                    yield List.of(new Conversation.Video(encoder.videoDataUri(m)));
                }
                List<String> uris = encoder.videoFrameDataUris(m, frames);
                List<Conversation.Part> parts = new ArrayList<>(uris.size() + 1);
                parts.add(new Conversation.Text(prompts.text("video-frames.txt").strip()
                        .replace("{{count}}", Integer.toString(uris.size())) + "\n"));
                for (String u : uris) {
                    parts.add(new Conversation.Image(u));
                }
                yield parts;
            }
            case TEXT -> throw new InvalidInputException("the " + which + " is a media reference of modality text: " + m.name());
        };
    }

    // ---- asking ---------------------------------------------------------------------------------

    /** A decision read from a reply, with the reply's text and usage. */
    private record Asked<T>(T value, String raw, Usage usage) {
    }

    private <T> Asked<T> ask(Conversation c, Function<String, T> parse) {
        ResponseCache cache = settings.cache();
        String key = cache == null ? null : ResponseCache.key(backend.cacheIdentity(), c);
        if (key != null) {
            Optional<ChatBackend.Reply> hit = cache.get(key);
            if (hit.isPresent()) {
                try {
                    return new Asked<>(parse.apply(hit.get().text()), hit.get().text(), new Usage(0, 0));
                } catch (UnparseableOutputException e) {
                    // stored under other rules: ask again and replace it
                }
            }
        }
        Callable<Asked<T>> once = () -> {
            ChatBackend.Reply reply = backend.chat(c);
            T value = parse.apply(reply.text());
            if (key != null) {
                cache.put(key, reply);
            }
            return new Asked<>(value, reply.text(), reply.usage());
        };
        if (settings.maxAttempts() == 1) {
            try {
                return once.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CallOutcome<Asked<T>> outcome;
        try {
            outcome = new Retrier(RetryPolicy.defaults().withMaxAttempts(settings.maxAttempts())).call(once);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("model " + name + ": interrupted while waiting to retry", e);
        }
        if (outcome.ok()) {
            return outcome.value();
        }
        Exception error = outcome.error();
        if (error instanceof UnparseableOutputException u && outcome.rawOutputs().size() > 1) {
            throw new UnparseableOutputException(u.getMessage() + " (" + outcome.attempts() + " attempts)",
                    String.join(ATTEMPT_SEPARATOR, outcome.rawOutputs()));
        }
        if (error instanceof OmniRewardException o) {
            throw o;
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
        throw new IllegalStateException(error);
    }
}
