package org.omnireward.data.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the three data modules (docs/architecture.md): no package cycle anywhere
 * under {@code org.omnireward.data}, and the modules layered as their poms say — the data layer
 * ({@code data}, {@code data.read}, {@code data.benchmark}) knows neither the public-set readers
 * ({@code data.sets..}) nor the tools, and the readers do not know the tools. The tools module's test
 * class path holds all three modules' classes, so the rules see every package.
 */
class DataPackagesTest {

    private static final String[] DATA_LAYER = {
        "org.omnireward.data", "org.omnireward.data.read", "org.omnireward.data.benchmark"
    };
    private static final String[] TOOLS = {
        "org.omnireward.data.convert..",
        "org.omnireward.data.synth..",
        "org.omnireward.data.mix..",
        "org.omnireward.data.stats..",
        "org.omnireward.data.export.."
    };

    private static JavaClasses data;

    @BeforeAll
    static void importData() {
        data = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.omnireward.data");
    }

    /** Each package one slice; a cycle between any two (or more) of them fails. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    @Test
    void every_module_of_the_three_is_imported() {
        assertThat(data.containPackage("org.omnireward.data.benchmark")).isTrue();
        assertThat(data.containPackage("org.omnireward.data.sets.xstest")).isTrue();
        assertThat(data.containPackage("org.omnireward.data.mix")).isTrue();
        assertThat(data.containPackage("org.omnireward.data")).isTrue();
    }

    @Test
    void no_package_cycles() {
        // org.omnireward.(**) makes org.omnireward.data itself a slice too ("data")
        noPackageCycles("org.omnireward").check(data);
    }

    @Test
    void the_data_layer_knows_neither_the_public_set_readers_nor_the_tools() {
        noClasses()
                .that()
                .resideInAnyPackage(DATA_LAYER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(TOOLS, "org.omnireward.data.sets.."))
                .check(data);
    }

    @Test
    void the_public_set_readers_do_not_know_the_tools() {
        noClasses()
                .that()
                .resideInAPackage("org.omnireward.data.sets..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TOOLS)
                .check(data);
    }

    @Test
    void the_read_building_blocks_depend_on_no_other_data_package() {
        noClasses()
                .that()
                .resideInAPackage("org.omnireward.data.read")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(
                        TOOLS, "org.omnireward.data", "org.omnireward.data.benchmark..", "org.omnireward.data.sets.."))
                .check(data);
    }

    @Test
    void the_cycle_rule_fails_on_a_cycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("org.omnireward.data.architecture.cyclefixture");
        assertThat(cyclic.size()).isEqualTo(2);
        assertThatThrownBy(() -> noPackageCycles("org.omnireward.data.architecture.cyclefixture")
                        .check(cyclic))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
