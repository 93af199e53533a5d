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
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * A generative reward model: an LLM judge behind any {@link ChatBackend}, the vendor-neutral core
 * of the {@code openai} and {@code anthropic} providers (protocol.md, "Evaluation protocol"). It
 * reports its backend's replicas ({@link ReportsReplicas}).
 *
 * <p><b>Asking.</b> The prompt template of the task and mode ({@code pairwise-<task>.txt} or {@code
 * pointwise-<task>.txt}, see {@link PromptTemplates}) is filled in: the criterion and the verdict
 * rules of the setting ({@code verdict-ties.txt} / {@code verdict-no-ties.txt} / {@code
 * score-rules.txt}) go into the system message; the prompt, input media and responses go into the
 * user message as text and media parts in the order the template places them. Images and 3D renders
 * are JPEG data URIs; a video is sampled frames (10 for a tv2t input, 5 per t2v response by default),
 * or with {@code video-mode=native} the file as a {@code video_url} part, or with {@code
 * video-mode=frame-list} the sampled frames as one {@code video_url} in vLLM's frame-list form
 * ({@value #FRAME_LIST_PREFIX}{@code <frame>,<frame>,…}); audio is one {@code input_audio} WAV
 * part per clip, or with {@code audio-mode=concat} the two response clips joined with 1 s of silence
 * and the prompt saying A plays first.
 *
 * <p><b>Layout.</b> With {@link JudgeSettings.Layout#OURS} each medium sits inside its section and is
 * preceded by a line naming its place among the message's media and its side ("Image 2 of this
 * message: Response A"), so the order stays decidable when a server moves every medium to the front
 * (vLLM does that for chat templates of the "string" content format). {@link
 * JudgeSettings.Layout#AUTHORS} reproduces the placement of the Omni-Reward authors' evaluation code
 * (templates under {@code authors/}), without those lines.
 *
 * <p><b>Reading.</b> {@link ReplyParts} splits off the reasoning and catches refusals ({@link
 * org.omnireward.core.RefusedException}) and answers cut off at the token limit ({@link
 * org.omnireward.core.TruncatedOutputException}); {@link VerdictParser} then reads exactly one allowed
 * verdict from the answer, else throws an {@link UnparseableOutputException} carrying the output
 * (retriable). The {@link Verdict} carries the analysis before the verdict (or the reasoning) as
 * rationale, the full output with its reasoning, the token usage and the finish reason.
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
public final class ChatJudge extends AbstractPairwiseRewardModel implements ReportsReplicas {

    /** Rationale prefix of a swap-consistent verdict. */
    public static final String SWAP_CONSISTENT = "[swap: consistent]";
    /** Rationale prefix of a swap-inconsistent verdict. */
    public static final String SWAP_INCONSISTENT = "[swap: inconsistent]";
    /** Between the two outputs of a swapped judgement in the raw output. */
    public static final String SWAPPED_OUTPUT_SEPARATOR =
            "\n===== swapped order: the second response shown first =====\n";
    /** How vLLM's frame-list video data URI starts; the frames' base64 follow, separated by commas. */
    public static final String FRAME_LIST_PREFIX = "data:video/jpeg;base64,";
    /** Between the outputs of two attempts inside the judge. */
    public static final String ATTEMPT_SEPARATOR = "\n----- next attempt -----\n";

    private static final Set<String> PAIRWISE_PLACEHOLDERS =
            Set.of("criteria", "prompt", "verdict_rules", "input", "response_a", "response_b");
    private static final Set<String> POINTWISE_PLACEHOLDERS =
            Set.of("criteria", "prompt", "score_rules", "input", "response");

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
            throw new InvalidInputException(
                    "model " + name + ": swap=true needs judge-mode=pairwise (a pointwise judge sees "
                            + "one response at a time, so there is no order to swap)");
        }
        this.tasks = settings.supportedTasks();
        if (tasks.isEmpty()) {
            throw new InvalidInputException("model " + name + ": capabilities " + settings.capabilities()
                    + " cover no task (every task needs text; add image, video or audio for media tasks)");
        }
        this.prompts = new PromptTemplates(
                settings.promptDir(), settings.layout() == JudgeSettings.Layout.AUTHORS ? "authors" : null);
        boolean pairwise = settings.mode() == JudgeSettings.Mode.PAIRWISE;
        for (Task t : tasks) {
            Set<String> required = new HashSet<>(
                    pairwise
                            ? Set.of("criteria", "prompt", "response_a", "response_b")
                            : Set.of("criteria", "prompt", "response"));
            if (t.inputMedia().isPresent()) {
                required.add("input");
            }
            templates.put(
                    t,
                    prompts.template(
                            (pairwise ? "pairwise-" : "pointwise-") + t.id() + ".txt",
                            pairwise ? PAIRWISE_PLACEHOLDERS : POINTWISE_PLACEHOLDERS,
                            required));
        }
        if (pairwise) {
            prompts.text("verdict-ties.txt");
            prompts.text("verdict-no-ties.txt");
        } else {
            prompts.text("score-rules.txt");
        }
        if (settings.layout() == JudgeSettings.Layout.OURS) {
            for (String f : List.of("label-image.txt", "label-audio.txt", "label-video.txt", "video-frames.txt")) {
                prompts.text(f);
            }
        }
    }

    @Override
    public List<ReplicaStats> replicaStats() {
        return backend.replicaStats();
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
        Asked<VerdictParser.Parsed> first = ask(
                pairwiseConversation(request, input, a, b, false),
                out -> VerdictParser.pairwise(out, request.allowTies()));
        if (!settings.swap()) {
            return new Verdict(
                    first.value().preference(),
                    first.value().rationale(),
                    first.raw(),
                    first.usage(),
                    null,
                    first.finishReason());
        }
        Asked<VerdictParser.Parsed> second = ask(
                pairwiseConversation(request, input, b, a, true),
                out -> VerdictParser.pairwise(out, request.allowTies()));
        Preference p1 = first.value().preference();
        Preference p2 = second.value().preference().swapped();
        String raw = first.raw() + SWAPPED_OUTPUT_SEPARATOR + second.raw();
        Usage usage = sum(first.usage(), second.usage());
        String finish = finishReasons(first.finishReason(), second.finishReason());
        if (p1 == p2) {
            return new Verdict(p1, SWAP_CONSISTENT + " " + first.value().rationale(), raw, usage, true, finish);
        }
        Preference answer = request.allowTies() ? Preference.TIE : p1;
        String note = SWAP_INCONSISTENT + " as shown: " + letter(p1) + "; swapped, mapped back: " + letter(p2)
                + "; answered " + letter(answer) + (request.allowTies() ? " (a tie)" : " (the order as given)") + ". ";
        return new Verdict(answer, note + first.value().rationale(), raw, usage, false, finish);
    }

    /** The distinct finish reasons of several calls, joined with {@code ,}; null when none was given. */
    static String finishReasons(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null || second.equals(first) ? first : first + "," + second;
    }

    private Verdict pointwise(
            PairwiseRequest request,
            List<Conversation.Part> input,
            List<Conversation.Part> a,
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
            p = StableHash.bit(0, "pointwise-equal-scores", request.contentKey())
                    ? Preference.RESPONSE2
                    : Preference.RESPONSE1;
            how = "; equal scores where ties are not allowed: a stable coin picked " + letter(p);
        }
        String rationale = "[pointwise: A scored " + x + ", B scored " + y + how + "]\nResponse A: "
                + sa.value().rationale() + "\nResponse B: " + sb.value().rationale();
        String raw = "===== response A =====\n" + sa.raw() + "\n===== response B =====\n" + sb.raw();
        return new Verdict(
                p,
                rationale,
                raw,
                sum(sa.usage(), sb.usage()),
                null,
                finishReasons(sa.finishReason(), sb.finishReason()));
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
    Conversation pairwiseConversation(
            PairwiseRequest r,
            List<Conversation.Part> input,
            List<Conversation.Part> first,
            List<Conversation.Part> second,
            boolean swapped) {
        Map<String, String> texts = Map.of(
                "criteria",
                r.criteria(),
                "prompt",
                r.prompt(),
                "verdict_rules",
                prompts.text(r.allowTies() ? "verdict-ties.txt" : "verdict-no-ties.txt")
                        .strip());
        Map<String, Slot> media = new HashMap<>();
        media.put("input", slot(inputRole(r.task()), input, hasVideo(r.inputs())));
        boolean authors = settings.layout() == JudgeSettings.Layout.AUTHORS;
        if ((authors || settings.audioMode() == JudgeSettings.AudioMode.CONCAT)
                && isAudio(r.responseA())
                && isAudio(r.responseB())) {
            MediaRef ma = media(swapped ? r.responseB() : r.responseA());
            MediaRef mb = media(swapped ? r.responseA() : r.responseB());
            Conversation.Audio joined = new Conversation.Audio(
                    encoder.joinedAudioWavBase64(ma, mb, JudgeSettings.CONCAT_SILENCE_SECONDS), "wav");
            if (authors) { // the authors' code sends the one joined clip first, then the text
                media.put("response_a", Slot.unlabelled(List.of(joined)));
            } else {
                media.put(
                        "response_a",
                        Slot.unlabelled(List.of(
                                new Conversation.Text(
                                        prompts.text("audio-concat-a.txt").strip() + "\n"),
                                joined)));
            }
            media.put(
                    "response_b",
                    Slot.unlabelled(List.of(new Conversation.Text(
                            prompts.text("audio-concat-b.txt").strip()))));
        } else {
            boolean video = isVideo(r.responseA());
            media.put("response_a", slot("Response A", first, video));
            media.put("response_b", slot("Response B", second, video));
        }
        return render(templates.get(r.task()), texts, media);
    }

    private Conversation pointwiseConversation(
            PairwiseRequest r, List<Conversation.Part> input, List<Conversation.Part> response) {
        Map<String, String> texts = Map.of(
                "criteria",
                r.criteria(),
                "prompt",
                r.prompt(),
                "score_rules",
                prompts.text("score-rules.txt").strip());
        return render(
                templates.get(r.task()),
                texts,
                Map.of(
                        "input",
                        slot(inputRole(r.task()), input, hasVideo(r.inputs())),
                        "response",
                        slot("the response", response, isVideo(r.responseA()))));
    }

    /** What a medium placeholder expands to, and the side its media belong to (null: no side line). */
    private record Slot(String role, List<Conversation.Part> parts, boolean frames) {
        static Slot unlabelled(List<Conversation.Part> parts) {
            return new Slot(null, parts, false);
        }
    }

    private Slot slot(String role, List<Conversation.Part> parts, boolean video) {
        return new Slot(role, parts, video && settings.videoMode() == JudgeSettings.VideoMode.FRAMES);
    }

    private static boolean hasVideo(List<MediaRef> media) {
        return media.stream().anyMatch(m -> m.modality() == Modality.VIDEO);
    }

    private static boolean isVideo(Response r) {
        return r.media().map(m -> m.modality() == Modality.VIDEO).orElse(false);
    }

    private static String inputRole(Task t) {
        return switch (t) {
            case TI2I -> "the original image";
            case TI2T -> "the image of the prompt";
            case TV2T -> "the video of the prompt";
            case TA2T -> "the audio clip of the prompt";
            default -> "the prompt's input";
        };
    }

    private Conversation render(Template t, Map<String, String> texts, Map<String, Slot> media) {
        StringBuilder system = new StringBuilder();
        for (Segment s : t.system()) {
            if (s instanceof Literal l) {
                system.append(l.text());
            } else if (s instanceof Placeholder p) {
                system.append(texts.getOrDefault(p.name(), ""));
            }
        }
        Conversation.Builder user = new Conversation.Builder();
        int[] counts = new int[3]; // images, audio clips, videos so far
        for (Segment s : t.user()) {
            if (s instanceof Literal l) {
                user.text(l.text());
            } else if (s instanceof Placeholder p) {
                if (texts.containsKey(p.name())) {
                    user.text(texts.get(p.name()));
                } else {
                    Slot slot = media.get(p.name());
                    if (slot != null) {
                        String label = label(slot, counts);
                        if (label != null) {
                            user.text(label + "\n");
                        }
                        for (Conversation.Part part : slot.parts()) {
                            user.part(part);
                        }
                    }
                }
            }
        }
        return new Conversation(system.toString(), user.build());
    }

    /**
     * The line naming a slot's media (our layout only): their place among the message's media and their
     * side; null for text, for slots without a side, and in the authors' layout. Advances {@code counts}.
     */
    private String label(Slot slot, int[] counts) {
        int images = 0;
        int audio = 0;
        int videos = 0;
        for (Conversation.Part p : slot.parts()) {
            if (p instanceof Conversation.Image) {
                images++;
            } else if (p instanceof Conversation.Audio) {
                audio++;
            } else if (p instanceof Conversation.Video) {
                videos++;
            }
        }
        int firstImage = counts[0] + 1;
        counts[0] += images;
        counts[1] += audio;
        counts[2] += videos;
        if (slot.role() == null || settings.layout() != JudgeSettings.Layout.OURS || images + audio + videos == 0) {
            return null;
        }
        String text;
        if (videos > 0) {
            text = prompts.text("label-video.txt").replace("{{index}}", Integer.toString(counts[2]));
        } else if (audio > 0) {
            text = prompts.text("label-audio.txt").replace("{{index}}", Integer.toString(counts[1]));
        } else if (images == 1 && !slot.frames()) {
            text = prompts.text("label-image.txt").replace("{{index}}", Integer.toString(firstImage));
        } else {
            text = prompts.text("video-frames.txt")
                    .replace("{{first}}", Integer.toString(firstImage))
                    .replace("{{last}}", Integer.toString(counts[0]))
                    .replace("{{count}}", Integer.toString(images));
        }
        return text.replace("{{role}}", slot.role()).strip();
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
                if (settings.videoMode() == JudgeSettings.VideoMode.FRAME_LIST) {
                    StringBuilder list = new StringBuilder(FRAME_LIST_PREFIX);
                    for (int i = 0; i < uris.size(); i++) {
                        String u = uris.get(i);
                        list.append(i == 0 ? "" : ",").append(u, u.indexOf(',') + 1, u.length());
                    }
                    yield List.of(new Conversation.Video(list.toString()));
                }
                List<Conversation.Part> parts = new ArrayList<>(uris.size());
                for (String u : uris) {
                    parts.add(new Conversation.Image(u));
                }
                yield parts;
            }
            case TEXT ->
                throw new InvalidInputException("the " + which + " is a media reference of modality text: " + m.name());
        };
    }

    // ---- asking ---------------------------------------------------------------------------------

    /** A decision read from a reply, with the reply's whole output, usage and finish reason. */
    private record Asked<T>(T value, String raw, Usage usage, String finishReason) {}

    private <T> Asked<T> ask(Conversation c, Function<ReplyParts, T> parse) {
        ResponseCache cache = settings.cache();
        String key = cache == null ? null : ResponseCache.key(backend.cacheIdentity(), c);
        if (key != null) {
            Optional<ChatBackend.Reply> hit = cache.get(key);
            if (hit.isPresent()) {
                try {
                    ReplyParts parts = ReplyParts.of(hit.get());
                    return new Asked<>(parse.apply(parts), parts.rawOutput(), new Usage(0, 0), parts.finishReason());
                } catch (OmniRewardException e) {
                    // stored under other rules: ask again and replace it
                }
            }
        }
        Callable<Asked<T>> once = () -> {
            ChatBackend.Reply reply = backend.chat(c);
            ReplyParts parts = ReplyParts.of(reply);
            T value = parse.apply(parts);
            if (key != null) {
                cache.put(key, reply);
            }
            return new Asked<>(value, parts.rawOutput(), reply.usage(), parts.finishReason());
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
        if (error instanceof UnparseableOutputException u
                && outcome.rawOutputs().size() > 1) {
            throw new UnparseableOutputException(
                    u.getMessage() + " (" + outcome.attempts() + " attempts)",
                    String.join(ATTEMPT_SEPARATOR, outcome.rawOutputs()),
                    u.finishReason());
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
