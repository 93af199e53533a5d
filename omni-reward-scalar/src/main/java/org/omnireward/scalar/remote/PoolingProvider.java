package org.omnireward.scalar.remote;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.Task;

/**
 * {@code --model pooling:<base-url>[#<model>]}: a {@link PoolingRewardModel} for a vLLM-style
 * {@code POST <base-url>/pooling} endpoint; {@code #<model>} sets the {@code model} field (left out
 * without it). Model options:
 * <ul>
 *   <li>{@code api-key-env=NAME}: send the value of environment variable NAME as a Bearer token; by
 *       default {@code OMNI_REWARD_API_KEY} when set (never another service's key by default: it would go to whatever server the spec names); {@code none} sends
 *       no key;</li>
 *   <li>{@code timeout} (default 120 s) and {@code connect-timeout} (default 10 s): seconds, or a
 *       number with {@code ms} or {@code s};</li>
 *   <li>{@code parallel} (default 8): requests in flight at once;</li>
 *   <li>{@code media=none|image} (default none): {@code image} sends ti2t input images;</li>
 *   <li>{@code score-index} (default −1, the last): which value of a multi-value output is the reward;</li>
 *   <li>{@code tasks}: a comma list of the text-response tasks to accept (default all four).</li>
 * </ul>
 */
public final class PoolingProvider implements RewardModelProvider {

    /** The variables read for the API key when option {@code api-key-env} is not given, in order. */
    public static final List<String> DEFAULT_KEY_VARIABLES = List.of("OMNI_REWARD_API_KEY");

    static final List<ModelOption> OPTIONS = List.of(
            ModelOption.of(
                    "api-key-env",
                    ModelOption.Type.STRING,
                    "OMNI_REWARD_API_KEY",
                    "environment variable whose value is sent as a Bearer token; none sends no key"),
            ModelOption.of("timeout", ModelOption.Type.STRING, "120s", "per-request timeout: 30, 2.5, 30s or 500ms"),
            ModelOption.of("connect-timeout", ModelOption.Type.STRING, "10s", "connection timeout"),
            ModelOption.of(
                    "parallel",
                    ModelOption.Type.INTEGER,
                    "" + PoolingRewardModel.DEFAULT_PARALLEL,
                    "requests in flight at once"),
            ModelOption.choice("media", "none", "image sends ti2t input images", "none", "image", "images"),
            ModelOption.of(
                    "score-index",
                    ModelOption.Type.INTEGER,
                    "-1",
                    "which value of a multi-value output is the reward (-1: the last)"),
            ModelOption.of("tasks", ModelOption.Type.LIST, "t2t,ti2t,tv2t,ta2t", "the text-response tasks to accept"));

    @Override
    public List<ModelOption> options() {
        return OPTIONS;
    }

    private final Function<String, String> environment;

    /** The provider as {@link java.util.ServiceLoader} creates it: reads the process environment. */
    public PoolingProvider() {
        this(System::getenv);
    }

    /** For tests: read environment variables from {@code environment}. */
    PoolingProvider(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String name() {
        return "pooling";
    }

    @Override
    public String description() {
        return "a scalar reward model behind vLLM's POST /pooling (argument http://host:port[#model])";
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        String arg = spec.argument().trim();
        if (arg.isEmpty()) {
            throw new InvalidInputException(
                    "model 'pooling' needs the server URL, e.g. pooling:http://gpu-box:8000#OmniRewardModel-BT");
        }
        int hash = arg.indexOf('#');
        String base = hash < 0 ? arg : arg.substring(0, hash);
        String model = hash < 0 ? null : arg.substring(hash + 1).trim();
        if (model != null && model.isEmpty()) {
            throw new InvalidInputException("model spec 'pooling:" + arg + "' has an empty model name after '#';"
                    + " leave out the '#' to send no model name");
        }
        PoolingRewardModel.Builder b =
                PoolingRewardModel.builder().setEndpoint(base).optModel(model);
        applyApiKey(b, spec);
        spec.option("timeout").ifPresent(v -> b.optRequestTimeout(duration("timeout", v)));
        spec.option("connect-timeout").ifPresent(v -> b.optConnectTimeout(duration("connect-timeout", v)));
        b.optParallel(
                (int) Math.min(Integer.MAX_VALUE, spec.longOption("parallel", PoolingRewardModel.DEFAULT_PARALLEL)));
        spec.option("media").ifPresent(v -> b.optSendImages(media(v)));
        b.optScoreIndex(
                (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, spec.longOption("score-index", -1))));
        spec.option("tasks").ifPresent(v -> b.optTasks(tasks(v)));
        return b.build();
    }

    private void applyApiKey(PoolingRewardModel.Builder b, ModelSpec spec) {
        String named = spec.option("api-key-env").map(String::trim).orElse(null);
        if (named != null) {
            if (named.isEmpty() || named.equalsIgnoreCase("none")) {
                b.optApiKey(null, null);
                return;
            }
            String value = environment.apply(named);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("model option api-key-env names environment variable " + named
                        + ", which is not set (use api-key-env=none to send no key)");
            }
            b.optApiKey(value, "$" + named);
            return;
        }
        for (String variable : DEFAULT_KEY_VARIABLES) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                b.optApiKey(value, "$" + variable);
                return;
            }
        }
    }

    /** A duration option: {@code 120}, {@code 2.5} (seconds), {@code 500ms}, {@code 30s}. */
    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        BigDecimal factor = BigDecimal.valueOf(1000);
        if (v.endsWith("ms")) {
            v = v.substring(0, v.length() - 2).trim();
            factor = BigDecimal.ONE;
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1).trim();
        }
        try {
            long millis = new BigDecimal(v).multiply(factor).longValueExact();
            if (millis <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException("model option " + option + " must be a positive duration in seconds "
                    + "(e.g. 30, 2.5, 30s or 500ms), got '" + value + "'");
        }
    }

    private static boolean media(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
            case "":
                return false;
            case "image":
            case "images":
                return true;
            default:
                throw new InvalidInputException("model option media must be none or image, got '" + value + "'");
        }
    }

    private static Set<Task> tasks(String value) {
        Set<Task> out = EnumSet.noneOf(Task.class);
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(Task.parse(part));
            }
        }
        return out;
    }
}
