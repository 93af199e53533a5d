package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnireward.core.RewardModelProvider;

/**
 * Runs the real {@code ./omni-reward} launcher (against the jar {@code mvn package} built, never
 * rebuilding it) with a third-party provider jar made at test time: a {@link RewardModelProvider}
 * compiled here, listed in {@code META-INF/services}, and put on the class path only through
 * {@code OMNI_REWARD_CLASSPATH}.
 */
class LauncherUserClasspathIT {

    private static final String PROVIDER = "plugged";
    private static final String PACKAGE = "com.example.plugged";

    private static final String PROVIDER_SOURCE = """
            package com.example.plugged;

            import org.omnireward.core.ModelKind;
            import org.omnireward.core.ModelSpec;
            import org.omnireward.core.RewardModelProvider;
            import org.omnireward.core.ScalarRewardModel;

            public final class PluggedProvider implements RewardModelProvider<ScalarRewardModel> {
                @Override
                public String name() {
                    return "plugged";
                }

                @Override
                public String description() {
                    return "a provider from a user jar (terminal=" + System.getProperty("omnireward.terminal") + ")";
                }

                @Override
                public ModelKind<ScalarRewardModel> kind() {
                    return ModelKind.SCALAR;
                }

                @Override
                public ScalarRewardModel create(ModelSpec spec) {
                    return new PluggedModel();
                }
            }
            """;

    /** Scores 1000 plus the length of the response: figures no built-in model gives. */
    private static final String MODEL_SOURCE = """
            package com.example.plugged;

            import java.util.List;
            import java.util.Set;
            import org.omnireward.core.AbstractScalarRewardModel;
            import org.omnireward.core.ScoringRequest;
            import org.omnireward.core.Task;

            public final class PluggedModel extends AbstractScalarRewardModel {
                @Override
                public String name() {
                    return "plugged";
                }

                @Override
                public Set<Task> supportedTasks() {
                    return Set.of(Task.T2T);
                }

                @Override
                protected double[] doScoreBatch(List<ScoringRequest> requests) {
                    double[] scores = new double[requests.size()];
                    for (int i = 0; i < scores.length; i++) {
                        String text = requests.get(i).response().requireText();
                        scores[i] = 1000 + text.codePointCount(0, text.length());
                    }
                    return scores;
                }
            }
            """;

    @TempDir
    static Path tmp;

    static Path repo;
    static Path launcher;
    static Path classes;
    static Path jarDir;
    static Path jar;

    @BeforeAll
    static void buildProviderJar() throws IOException, URISyntaxException {
        repo = moduleDir().getParent();
        launcher = repo.resolve("omni-reward");
        Path cliJar = repo.resolve("omni-reward-cli/target/omni-reward.jar");
        assertThat(launcher).as("the launcher script at the repository root").isRegularFile();
        assertThat(cliJar)
                .as("the CLI jar (run this test through mvn verify: it needs the package phase)")
                .isRegularFile();

        classes = compileProvider(tmp.resolve("classes"));
        jarDir = Files.createDirectories(tmp.resolve("jars"));
        jar = jarUp(classes, jarDir.resolve("plugged-provider.jar"));
    }

    @Test
    void lists_a_provider_from_a_user_jar() throws Exception {
        Run r = launch(jar.toString(), "models");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .as(r.toString())
                .containsPattern("(?m)^" + PROVIDER + "\\s+scalar\\s+a provider from a user jar")
                .containsPattern("(?m)^length\\s"); // the built-in providers are still there
    }

    @Test
    void scores_with_the_model_of_a_user_jar() throws Exception {
        Run r = launch(
                jar.toString(),
                "score",
                "--model",
                PROVIDER,
                "--prompt",
                "Say hi",
                "--criteria",
                "Prefer the longer answer",
                "--response",
                "abc",
                "--response",
                "abcdef");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .as(r.toString())
                .contains("response 1: 1003.0000")
                .contains("response 2: 1006.0000   <- preferred");
    }

    @Test
    void without_the_user_class_path_the_model_is_unknown() throws Exception {
        Run r = launch(
                null,
                "score",
                "--model",
                PROVIDER,
                "--prompt",
                "Say hi",
                "--criteria",
                "Prefer the longer answer",
                "--response",
                "abc");

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).as(r.toString()).contains("unknown model '" + PROVIDER + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a folder of classes", "a folder of jars (dir/*)", "several entries, one missing"})
    void finds_the_provider_in_every_kind_of_class_path_entry(String kind) throws Exception {
        String missing = tmp.resolve("no-such.jar").toString();
        String classpath = switch (kind) {
            case "a folder of classes" -> classes.toString();
            case "a folder of jars (dir/*)" -> jarDir + "/*";
            case "several entries, one missing" -> missing + ":" + jarDir + "/*";
            default -> throw new IllegalArgumentException(kind);
        };

        Run r = launch(classpath, "models");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsPattern("(?m)^" + PROVIDER + "\\s");
        if (kind.contains("missing")) {
            assertThat(r.err())
                    .as(r.toString())
                    .contains("warning: OMNI_REWARD_CLASSPATH entry '" + missing + "' does not exist");
        }
    }

    @Test
    void tells_the_program_that_a_redirected_standard_error_is_no_terminal() throws Exception {
        Run r = launch(jar.toString(), "models");

        assertThat(r.out()).as(r.toString()).contains("(terminal=false)");
    }

    @Test
    void refuses_to_run_a_missing_jar_when_building_is_switched_off() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare-checkout"));
        Path copy = Files.copy(launcher, bare.resolve("omni-reward"), StandardCopyOption.COPY_ATTRIBUTES);

        Run r = run(copy, null, "models");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .as(r.toString())
                .contains("OMNI_REWARD_NO_BUILD=1")
                .contains(bare.resolve("omni-reward-cli/target/omni-reward.jar").toString())
                .contains("does not exist");
    }

    /** What one launcher run printed. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run launch(String userClasspath, String... args) throws IOException, InterruptedException {
        return run(launcher, userClasspath, args);
    }

    /** Runs {@code script args} with standard output and error redirected to files. */
    private static Run run(Path script, String userClasspath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        Path work = Files.createTempDirectory(tmp, "run");
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("OMNI_REWARD_CLASSPATH");
        if (userClasspath != null) {
            env.put("OMNI_REWARD_CLASSPATH", userClasspath);
        }
        env.put("OMNI_REWARD_NO_BUILD", "1"); // never start a nested maven build
        env.put("OMNI_REWARD_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish in 120 s: " + command);
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The module folder: Maven's {@code basedir}, else the working folder (which is the module's). */
    private static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
    }

    /** Compiles the provider and model against omni-reward-core alone, and adds the services file. */
    private static Path compileProvider(Path out) throws IOException, URISyntaxException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler)
                .as("a JDK compiler (the tests must run on a JDK, not a JRE)")
                .isNotNull();
        Path sources = tmp.resolve("src/" + PACKAGE.replace('.', '/'));
        Files.createDirectories(sources);
        Path provider = Files.writeString(sources.resolve("PluggedProvider.java"), PROVIDER_SOURCE);
        Path model = Files.writeString(sources.resolve("PluggedModel.java"), MODEL_SOURCE);
        Files.createDirectories(out);
        Path core = Path.of(RewardModelProvider.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());

        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-classpath", core.toString(), "-d", out.toString());
            boolean ok = compiler.getTask(
                            null, files, diagnostics, options, null, files.getJavaFileObjects(provider, model))
                    .call();
            assertThat(ok)
                    .as(
                            "compiling the test provider against %s:%n%s",
                            core,
                            diagnostics.getDiagnostics().stream()
                                    .map(d -> d.getMessage(Locale.ROOT))
                                    .collect(Collectors.joining("\n")))
                    .isTrue();
        }
        Path services = out.resolve("META-INF/services/" + RewardModelProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, PACKAGE + ".PluggedProvider\n");
        return out;
    }

    /** Writes every file under {@code dir} into a jar at {@code jarFile}. */
    private static Path jarUp(Path dir, Path jarFile) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream os = Files.newOutputStream(jarFile);
                JarOutputStream jos = new JarOutputStream(os, manifest)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                jos.putNextEntry(new JarEntry(name));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jarFile;
    }
}
