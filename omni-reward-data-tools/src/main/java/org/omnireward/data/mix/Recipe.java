package org.omnireward.data.mix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.PreferenceFormat;

/**
 * A {@code data mix} recipe (YAML): the sources of a mixture, how much of each to take, and the
 * steps that derive pairs from them.
 *
 * <pre>
 * seed: 42                 # shuffling, weights' fractional draws, sampling, the split (default 42)
 * valid_fraction: 0.05     # share of prompt groups held out (default 0.05)
 * near_duplicates: true    # also drop records equal after normalising text (default true)
 * drop_ties: false         # leave ties out, counted (default false)
 * root: .                  # the folder source paths are relative to (default: the recipe's folder)
 * sources:
 *   - name: hh             # unique; counts in the manifest are per name
 *     path: hh.jsonl       # or paths: [a.tsv, b.tsv], read one after the other as one source
 *     format: unified      # any data convert format but omnirewardbench (default unified)
 *     weight: 1.0          # copies per record: 0.5 keeps half, 2 doubles (default 1)
 *     cap: 50000           # most records after weighting; or {train: N, valid: M} per side (default: none)
 *     balance_length: false  # true: the chosen answer longer as often as shorter on each side; train: on train only
 *     min_gap: 3           # arena-bench, newsroom, wmt-mqm: the least score gap of a pair
 *     optional: false      # true: a path that does not exist is noted, not an error
 *     write: true          # false: the records only feed steps
 *     provenance: true     # false: written without their provenance (steps still read it)
 * steps:
 *   - step: criterion-pairs   # rule-based criteria: kind length (concise/detailed), format (list/prose), refusal (declines/complies)
 *     kind: length
 *     from: [hh]              # the sources it reads (default: every written source)
 *     rate: 0.06              # share of the qualifying base pairs used (default 1)
 *   - step: quality-pairs     # padded / repeated / key-removed from kept pairs' chosen answers
 *   - step: criterion-flips   # the same two responses preferred in opposite orders under two criteria
 * </pre>
 *
 * @param file the recipe file (or the name of a shipped recipe)
 * @param seed the seed
 * @param validFraction the share of prompt groups in valid.jsonl
 * @param nearDuplicates whether normalised-text duplicates are dropped too
 * @param dropTies whether ties are left out (counted per output and side)
 * @param root the folder the sources' paths were resolved against
 * @param sources the sources in recipe order (earlier sources win duplicates)
 * @param steps the derivation steps in recipe order (their outputs come after every source)
 */
public record Recipe(
        Path file,
        long seed,
        double validFraction,
        boolean nearDuplicates,
        boolean dropTies,
        Path root,
        List<Source> sources,
        List<Step> steps) {

    /**
     * Most records of an output: on both sides together, or on each side of the split.
     *
     * @param total most records before the split, or empty
     * @param train most records on the train side, or empty
     * @param valid most records on the validation side, or empty
     */
    public record Cap(OptionalLong total, OptionalLong train, OptionalLong valid) {

        /** No cap. */
        public static final Cap NONE = new Cap(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

        /** A cap per side. */
        public static Cap perSide(long train, long valid) {
            return new Cap(OptionalLong.empty(), OptionalLong.of(train), OptionalLong.of(valid));
        }

        /** True when some cap applies. */
        public boolean any() {
            return total.isPresent() || train.isPresent() || valid.isPresent();
        }
    }

    /** Where length balancing applies. */
    public enum Balance {
        /** Not balanced. */
        NONE,
        /** Each side of the split balanced on its own. */
        BOTH,
        /** The train side balanced; validation keeps the natural distribution. */
        TRAIN
    }

    /**
     * One source of the mixture.
     *
     * @param path the first (usually only) path
     * @param paths every path, read in this order as one source
     * @param cap {@link Cap#NONE} for no cap
     * @param minGap the reader's least score gap, when the format has one and the recipe sets it
     * @param write false when the records only feed steps
     * @param provenance false: its records are written without their provenance (steps still read it)
     */
    public record Source(
            String name,
            Path path,
            PreferenceFormat format,
            double weight,
            Cap cap,
            List<Path> paths,
            Balance balance,
            OptionalDouble minGap,
            boolean optional,
            boolean write,
            boolean provenance) {

        /** A plain source: one path, no balancing, written. */
        public Source(String name, Path path, PreferenceFormat format, double weight, Cap cap) {
            this(
                    name,
                    path,
                    format,
                    weight,
                    cap,
                    List.of(path),
                    Balance.NONE,
                    OptionalDouble.empty(),
                    false,
                    true,
                    true);
        }

        /** The same source with another cap. */
        public Source withCap(Cap newCap) {
            return new Source(name, path, format, weight, newCap, paths, balance, minGap, optional, write, provenance);
        }
    }

    /** The kinds of derivation steps. */
    public enum StepKind {
        /** Rule-based criterion pairs ({@link CriterionSynthesis}). */
        CRITERION_PAIRS("criterion-pairs"),
        /** Quality-vs-length pairs ({@link QualityPairs}). */
        QUALITY_PAIRS("quality-pairs"),
        /** Real criterion flips ({@link QualityPairs#flip}). */
        CRITERION_FLIPS("criterion-flips");

        private final String id;

        StepKind(String id) {
            this.id = id;
        }

        /** The name in recipes, e.g. {@code criterion-pairs}. */
        public String id() {
            return id;
        }
    }

    /**
     * One derivation step: pairs made from the records of some sources, counted, capped and split
     * like a source under the names of {@link #outputs()}.
     *
     * @param kind what it makes
     * @param criterionKind for {@link StepKind#CRITERION_PAIRS}: {@code length}, {@code format} or {@code refusal}
     * @param from the sources it reads
     * @param rate the share of qualifying base pairs (or sets) used
     * @param balance length balancing of its sets (by the first pair of each set)
     * @param kept true: made only from records the mix keeps (after ties, duplicates and balancing);
     *     false: from every record read
     * @param ownDuplicates true: its pairs are checked for duplicates only against each other, so a
     *     flip that is also a source's pair stays a flip
     * @param cap the cap of each of its outputs
     */
    public record Step(
            StepKind kind,
            String criterionKind,
            List<String> from,
            double rate,
            Balance balance,
            boolean kept,
            boolean ownDuplicates,
            Cap cap) {

        /** The output names (source categories) of its pairs. */
        public List<String> outputs() {
            return switch (kind) {
                case CRITERION_PAIRS -> CriterionSynthesis.categories(criterionKind);
                case QUALITY_PAIRS -> QualityPairs.CATEGORIES;
                case CRITERION_FLIPS -> List.of(QualityPairs.FLIP_CATEGORY);
            };
        }

        /** The same step with another cap. */
        public Step withCap(Cap newCap) {
            return new Step(kind, criterionKind, from, rate, balance, kept, ownDuplicates, newCap);
        }

        /**
         * The salt of its sampling draws: the criterion kind for criterion pairs ({@code length|}, as the
         * rule-based synthesis has always drawn), else the step's name.
         */
        public String salt() {
            return (criterionKind == null ? kind.id() : criterionKind) + "|";
        }

        /** For the manifest: {@code criterion-pairs length}. */
        public String describe() {
            return kind.id() + (criterionKind == null ? "" : " " + criterionKind);
        }
    }

    /** The source of a name. */
    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every output name: the written sources', then each step's. */
    public List<String> outputs() {
        List<String> out = new ArrayList<>();
        sources.stream().filter(Source::write).forEach(s -> out.add(s.name()));
        steps.forEach(s -> out.addAll(s.outputs()));
        return out;
    }

    /** This recipe with another seed and validation fraction (the prepare aliases' options). */
    public Recipe withSplit(long newSeed, double newValidFraction) {
        RecipeLoader.checkFraction(file, newValidFraction);
        return new Recipe(file, newSeed, newValidFraction, nearDuplicates, dropTies, root, sources, steps);
    }

    /** This recipe with every source's and step's cap replaced. */
    public Recipe withCaps(UnaryOperator<Cap> caps) {
        return new Recipe(
                file,
                seed,
                validFraction,
                nearDuplicates,
                dropTies,
                root,
                sources.stream().map(s -> s.withCap(caps.apply(s.cap()))).toList(),
                steps.stream().map(s -> s.withCap(caps.apply(s.cap()))).toList());
    }

    /**
     * Reads and checks a recipe file.
     *
     * @throws InvalidInputException naming the file, the source and the key at fault: unknown keys,
     *     unknown formats, missing files, negative caps or weights, duplicate names, unknown steps
     */
    public static Recipe load(Path file) {
        return load(file, null);
    }

    /**
     * Reads and checks a recipe file whose source paths resolve against {@code root} (null: the
     * recipe's {@code root:}, relative to its folder, or the folder itself).
     */
    public static Recipe load(Path file, Path root) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("recipe not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return RecipeLoader.load(file.toAbsolutePath(), readYaml(file.toString(), in), root);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a recipe shipped with the tools ({@code bt}: {@code data prepare}'s, {@code rm}: {@code data
     * prepare-rm}'s and the cross-encoder's), its sources resolved against {@code root}.
     */
    public static Recipe shipped(String name, Path root) {
        String resource = "recipes/" + name + ".yaml";
        try (InputStream in = Recipe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidInputException("no shipped recipe '" + name + "' (" + resource + ")");
            }
            return RecipeLoader.load(Path.of(resource), readYaml(resource, in), root);
        } catch (IOException e) {
            throw new InvalidInputException(resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode readYaml(String where, InputStream in) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": not valid YAML: " + RecipeLoader.firstLine(e.getMessage()), e);
        }
    }

    /** Keys of a mapping that are not among {@code known}, for {@link RecipeLoader}. */
    static Optional<String> unknownKey(JsonNode o, Set<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!known.contains(k)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
