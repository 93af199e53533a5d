package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;
import org.omnireward.testing.SharedTestData;

/**
 * {@code data convert} on the real files in {@code ../shared/data/text-preferences} (read in place),
 * and export-then-convert round trips on them. Prints the counts the docs quote.
 */
class SharedDataConvertersIT {

    @TempDir
    Path dir;

    private DataConversion.Report convert(PreferenceFormat f, Path in, String out) {
        DataConversion.Report r = DataConversion.convert(f, in, dir.resolve(out), Optional.empty(), null);
        System.out.printf(
                "[convert %s] %s: %d records, %d ties, skipped %s%n",
                f.id(), in.getFileName(), r.records(), r.ties(), r.skippedByReason());
        return r;
    }

    @Test
    void the_existing_readers_convert_the_shared_files_counting_every_skip() {
        Path data = SharedTestData.require("SharedDataConvertersIT").resolve("text-preferences");
        DataConversion.Report ae = convert(PreferenceFormat.ALPACA_EVAL, data.resolve("alpaca_eval"), "ae/ae.jsonl");
        assertThat(ae.records()).isEqualTo(35_967);
        assertThat(ae.ties()).isEqualTo(191);
        assertThat(ae.records() + ae.skipped()).isEqualTo(36_223);
        assertThat(ae.skippedByReason())
                .containsEntry(SkipReason.MISSING_PREFERENCE, 25L)
                .containsEntry(SkipReason.IDENTICAL_RESPONSES, 161L);
        assertThat(ae.skippedFile()).isPresent();
        DataConversion.Report lf = convert(
                PreferenceFormat.LLAMAFACTORY_RANKING, data.resolve("llamafactory_dpo_en_demo.json"), "lf/lf.jsonl");
        assertThat(lf.records()).isEqualTo(300);
        assertThat(lf.skipped()).isZero();
        DataConversion.Report cm = convert(
                PreferenceFormat.CHOSEN_MESSAGES, data.resolve("llamafactory_v1_dpo_demo.jsonl"), "cm/cm.jsonl");
        assertThat(cm.records()).isEqualTo(10);
        DataConversion.Report xs = convert(PreferenceFormat.XSTEST, data.resolve("xstest"), "xs/xs.jsonl");
        assertThat(xs.records()).isEqualTo(1_565);
    }

    @Test
    void the_shared_llamafactory_demo_survives_export_and_convert_back() {
        Path demo = SharedTestData.file("SharedDataConvertersIT", "text-preferences/llamafactory_dpo_en_demo.json");
        Path unified = dir.resolve("u/demo.jsonl");
        DataConversion.convert(PreferenceFormat.LLAMAFACTORY_RANKING, demo, unified, Optional.empty(), null);
        DataExport.export(ExportTarget.LLAMAFACTORY, unified, dir.resolve("lf"), "omni", 1, null);
        Path back = dir.resolve("back/demo.jsonl");
        DataConversion.convert(
                PreferenceFormat.LLAMAFACTORY_RANKING,
                dir.resolve("lf/omni_t2t_demo.json"),
                back,
                Optional.empty(),
                null);
        assertThat(ExportRoundTripTest.essences(back))
                .hasSize(300)
                .containsExactlyElementsOf(ExportRoundTripTest.essences(unified));
        DataExport.export(ExportTarget.TRL, unified, dir.resolve("trl"), "omni", 1, null);
        Path back2 = dir.resolve("back2/demo.jsonl");
        DataConversion.convert(
                PreferenceFormat.CHAT_PAIRS, dir.resolve("trl/omni_t2t_demo.jsonl"), back2, Optional.empty(), null);
        assertThat(ExportRoundTripTest.essences(back2))
                .containsExactlyElementsOf(ExportRoundTripTest.essences(unified));
    }
}
