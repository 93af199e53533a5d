package org.omnireward.judge;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModelProvider;

/**
 * What the chat judge providers ({@code openai}, {@code anthropic}) share: the environment and system
 * properties they read, their kind, their declared options, and the {@link ChatJudge} they make
 * from their settings and their own chat backend.
 */
abstract class ChatJudgeProvider implements RewardModelProvider<PairwiseRewardModel> {

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> properties;
    private final ModelOption<List<String>> capabilities;
    private final List<ModelOption<?>> options;

    /**
     * @param environment environment variables by name (the process's, or a test's)
     * @param properties system properties by name
     * @param capabilities the provider's {@code capabilities} option
     * @param options every option the provider declares
     */
    ChatJudgeProvider(
            UnaryOperator<String> environment,
            UnaryOperator<String> properties,
            ModelOption<List<String>> capabilities,
            List<ModelOption<?>> options) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.capabilities = capabilities;
        this.options = options;
    }

    @Override
    public final ModelKind<PairwiseRewardModel> kind() {
        return ModelKind.PAIRWISE;
    }

    @Override
    public final List<ModelOption<?>> options() {
        return options;
    }

    /** The provider's chat backend for {@code spec}, reading {@code environment}. */
    abstract ChatBackend chatBackend(ModelSpec spec, UnaryOperator<String> environment);

    @Override
    public final PairwiseRewardModel create(ModelSpec spec) {
        JudgeSettings settings = ChatProviderSupport.settings(spec, capabilities, properties, environment);
        ChatBackend backend = chatBackend(spec, environment);
        return new ChatJudge(
                name() + ":" + spec.argument().trim(), backend, ChatProviderSupport.encoder(settings), settings);
    }
}
