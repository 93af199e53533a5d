package org.omnireward.scalar.remote;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.Task;

/**
 * {@code --model pooling:<base-url>[#<model>]}: a {@link PoolingRewardModel} for a vLLM-style
 * {@code POST <base-url>/pooling} endpoint; {@code #<model>} sets the {@code model} field (left out
 * without it). Model options:
 * <ul>
 *   <li>{@code api-key-env=NAME}: send the value of environment variable NAME as a Bearer token; by
 *       default {@code OMNI_REWARD_API_KEY} when set (never another service's key by default: it would go to whatever server the spec names); {@code none} sends
 *       no key;</li>
 *   <li>{@code timeout} (default 120 s) and {@code connect-timeout} (default 10 s): a duration as
 *       every model option writes it ({@code 30}, {@code 2.5}, {@code 30s}, {@code 500ms}, {@code 2m});</li>
 *   <li>{@code parallel} (default 8): requests in flight at once;</li>
 *   <li>{@code media=none|image} (default none): {@code image} sends ti2t input images;</li>
 *   <li>{@code score-index} (default −1, the last): which value of a multi-value output is the reward;</li>
 *   <li>{@code tasks}: a comma list of the text-response tasks to accept (default all four).</li>
 * </ul>
 */
public final class PoolingProvider implements RewardModelProvider<ScalarRewardModel> {

    /** The variables read for the API key when option {@code api-key-env} is not given, in order. */
    public static final List<String> DEFAULT_KEY_VARIABLES = List.of("OMNI_REWARD_API_KEY");

    static final ModelOption<String> API_KEY_ENV = ModelOption.text(
                    "api-key-env", "environment variable whose value is sent as a Bearer token; none sends no key")
            .withDefaultShownAs("$" + DEFAULT_KEY_VARIABLES.get(0) + " when set");
    static final ModelOption<Duration> TIMEOUT = ModelOption.duration(
                    "timeout", "per-request timeout: 30, 2.5, 30s, 500ms or 2m")
            .withDefault(PoolingRewardModel.DEFAULT_REQUEST_TIMEOUT)
            .above(Duration.ZERO);
    static final ModelOption<Duration> CONNECT_TIMEOUT = ModelOption.duration("connect-timeout", "connection timeout")
            .withDefault(PoolingRewardModel.DEFAULT_CONNECT_TIMEOUT)
            .above(Duration.ZERO);
    static final ModelOption<Integer> PARALLEL = ModelOption.integer("parallel", "requests in flight at once")
            .withDefault(PoolingRewardModel.DEFAULT_PARALLEL)
            .atLeast(1);
    static final ModelOption<String> MEDIA = ModelOption.choice(
                    "media", "image sends ti2t input images", "none", "image", "images")
            .withDefault("none");
    static final ModelOption<Integer> SCORE_INDEX = ModelOption.integer(
                    "score-index", "which value of a multi-value output is the reward (-1: the last)")
            .withDefault(-1);
    static final ModelOption<List<String>> TASKS = ModelOption.list("tasks", "the text-response tasks to accept")
            .withDefault(Task.textResponseTasks().stream().map(Task::id).toList());

    static final List<ModelOption<?>> OPTIONS =
            List.of(API_KEY_ENV, TIMEOUT, CONNECT_TIMEOUT, PARALLEL, MEDIA, SCORE_INDEX, TASKS);

    @Override
    public List<ModelOption<?>> options() {
        return OPTIONS;
    }

    @Override
    public ModelKind<ScalarRewardModel> kind() {
        return ModelKind.SCALAR;
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
    public ScalarRewardModel create(ModelSpec spec) {
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
        b.optRequestTimeout(TIMEOUT.get(spec));
        b.optConnectTimeout(CONNECT_TIMEOUT.get(spec));
        b.optParallel(PARALLEL.get(spec));
        b.optSendImages(!MEDIA.get(spec).equals("none"));
        b.optScoreIndex(SCORE_INDEX.get(spec));
        b.optTasks(tasks(TASKS.get(spec)));
        return b.build();
    }

    private void applyApiKey(PoolingRewardModel.Builder b, ModelSpec spec) {
        String named = API_KEY_ENV.find(spec).orElse(null);
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

    private static Set<Task> tasks(List<String> ids) {
        Set<Task> out = EnumSet.noneOf(Task.class);
        for (String id : ids) {
            out.add(Task.parse(id));
        }
        return out;
    }
}
