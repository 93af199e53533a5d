package org.omnireward.core;

import java.util.List;
import java.util.Objects;

/**
 * The two kinds of reward model, as a provider declares them and a caller asks for them: {@link
 * #PAIRWISE} (sees both responses, names the better: {@link PairwiseRewardModel}) and {@link
 * #SCALAR} (scores each response alone: {@link ScalarRewardModel}). Typed by the model interface, so
 * {@link RewardModels#create(ModelSpec, ModelKind)} returns a model of that interface and refuses a
 * provider of the other kind before it loads anything.
 *
 * @param <M> the model interface of this kind
 */
public final class ModelKind<M extends RewardModel> {

    /** Models that see both responses at once and name the better one (LLM judges, the random baseline). */
    public static final ModelKind<PairwiseRewardModel> PAIRWISE = new ModelKind<>(
            "pairwise", PairwiseRewardModel.class, "a pairwise model (it names the better of two responses)");

    /** Models that score each response alone (BT heads, cross-encoders, served reward models, the length baseline). */
    public static final ModelKind<ScalarRewardModel> SCALAR =
            new ModelKind<>("scalar", ScalarRewardModel.class, "a scalar model (it scores each response alone)");

    private final String id;
    private final Class<M> type;
    private final String description;

    private ModelKind(String id, Class<M> type, String description) {
        this.id = id;
        this.type = type;
        this.description = description;
    }

    /** Both kinds. */
    public static List<ModelKind<?>> values() {
        return List.of(PAIRWISE, SCALAR);
    }

    /** {@code pairwise} or {@code scalar}: the word result files ({@code run.json}'s {@code model_kind}) and messages use. */
    public String id() {
        return id;
    }

    /** The model interface of this kind. */
    public Class<M> type() {
        return type;
    }

    /** A phrase for messages, e.g. {@code a scalar model (it scores each response alone)}. */
    public String description() {
        return description;
    }

    /**
     * {@code model} as this kind's interface.
     *
     * @throws IllegalStateException when it is of the other kind (a provider that broke its declaration)
     */
    public M cast(RewardModel model) {
        Objects.requireNonNull(model, "model");
        if (!type.isInstance(model)) {
            throw new IllegalStateException("model " + model.name() + " ("
                    + model.getClass().getName() + ") is not " + description + " although its provider said so");
        }
        return type.cast(model);
    }

    @Override
    public String toString() {
        return id;
    }
}
