package org.omnireward.data.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.data.UnifiedRecord;

/** The agreement statistics against published worked examples, and the collector against annotate's records. */
class AgreementTest {

    @Test
    void cohen_kappa_of_the_textbook_two_by_two_table_is_0_4() {
        // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 (p_o = 0.7, p_e = 0.5)
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        add(a, b, "yes", "yes", 20);
        add(a, b, "yes", "no", 5);
        add(a, b, "no", "yes", 10);
        add(a, b, "no", "no", 15);
        assertThat(Agreement.cohenKappa(a, b)).isCloseTo(0.4, within(1e-12));
        assertThat(Agreement.cohenKappa(List.of("x", "x"), List.of("x", "x"))).isNull();
    }

    @Test
    void fleiss_kappa_of_fleiss_1971_style_example_is_0_210() {
        // 10 subjects, 14 raters each, 5 categories (the worked example on Wikipedia's Fleiss' kappa page)
        int[][] table = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7}
        };
        List<Map<String, Integer>> items = new ArrayList<>();
        for (int[] row : table) {
            Map<String, Integer> m = new TreeMap<>();
            for (int j = 0; j < row.length; j++) {
                if (row[j] > 0) {
                    m.put("c" + j, row[j]);
                }
            }
            items.add(m);
        }
        assertThat(Agreement.fleissKappa(items)).isCloseTo(0.2099, within(1e-4));
    }

    @Test
    void krippendorff_alpha_of_krippendorffs_nominal_example_with_missing_values_is_0_743() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders, 12 units, missing values
        Integer[][] coders = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}
        };
        List<Map<String, Integer>> units = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            Map<String, Integer> m = new TreeMap<>();
            for (Integer[] c : coders) {
                if (c[u] != null) {
                    m.merge("v" + c[u], 1, Integer::sum);
                }
            }
            units.add(m);
        }
        assertThat(Agreement.krippendorffAlpha(units)).isCloseTo(0.743, within(5e-4));
    }

    @Test
    void collector_compares_labels_of_one_pair_under_one_criterion_and_keeps_each_annotators_latest() {
        Agreement.Collector c = new Agreement.Collector();
        // pair p1 under criterion X: ana and ben agree; pair p2 under X: they disagree; ben relabels p2
        c.add(label("p1", "X", "ana", "response1", "given", "response1"));
        c.add(label("p1", "  x ", "ben", "response1", "given", "response1"));
        c.add(label("p2", "X", "ana", "response2", "written", null));
        c.add(label("p2", "X", "ben", "tie", "written", null));
        c.add(label("p2", "X", "ben", "response1", "written", null));
        // ana alone under another criterion: one rater, not compared
        c.add(label("p3", "Y", "ana", "tie", "given", "response2"));
        c.add(UnifiedRecord.of(PreferencePair.text("q", "g", "X", "p", "a", "b", "s")));
        Agreement a = c.agreement();
        assertThat(a.labels()).isEqualTo(5);
        assertThat(a.perAnnotator()).containsEntry("ana", 3L).containsEntry("ben", 2L);
        assertThat(a.items()).isEqualTo(3);
        assertThat(a.multiRated()).isEqualTo(2);
        assertThat(a.repeats()).isEqualTo(1);
        assertThat(a.observed()).isCloseTo(0.5, within(1e-12));
        assertThat(a.cohen()).singleElement().satisfies(k -> {
            assertThat(k.shared()).isEqualTo(2);
            assertThat(k.observed()).isCloseTo(0.5, within(1e-12));
            // ana r1, r2; ben r1, r1: p_o = .5, p_e = (1/2)(2/2) = .5 -> kappa 0
            assertThat(k.kappa()).isCloseTo(0.0, within(1e-12));
        });
        assertThat(a.withDataLabel().get("ana")).isEqualTo(new Agreement.Share(1, 2));
        assertThat(a.withDataLabel().get("ben")).isEqualTo(new Agreement.Share(1, 1));
        assertThat(a.krippendorffAlpha()).isNotNull();
    }

    private static UnifiedRecord label(
            String item, String criterion, String annotator, String preference, String origin, String dataLabel) {
        ObjectNode prov = Json.mapper().createObjectNode();
        ObjectNode a = prov.putObject(Agreement.PROVENANCE_KEY);
        a.put("annotator", annotator);
        a.put("preference", preference);
        a.put("criterion_origin", origin);
        ObjectNode it = a.putObject("item");
        it.put("id", item);
        it.put("task", "t2t");
        if (dataLabel != null) {
            it.put("label", dataLabel);
        }
        return new UnifiedRecord(
                PreferencePair.text(item + "#" + annotator, "g", criterion, "p", "a", "b", "annotation:x"), prov, null);
    }

    private static void add(List<String> a, List<String> b, String x, String y, int n) {
        a.addAll(Collections.nCopies(n, x));
        b.addAll(Collections.nCopies(n, y));
    }
}
