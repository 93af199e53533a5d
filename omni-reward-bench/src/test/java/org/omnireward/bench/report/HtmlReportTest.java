package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.bench.report.RunFixture.failed;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.Setting;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    @TempDir
    Path tmp;

    private static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void page_is_well_formed_and_self_contained() throws Exception {
        List<RunReport> runs = Reports.load(SampleRuns.write(tmp));
        Path file = HtmlReport.write(tmp.resolve("out/report.html"), runs);

        assertThat(file).isAbsolute().exists();
        String html = Files.readString(file);
        Document doc = parseXml(html);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(html).doesNotContain("http://", "https://", " src=", "href=", "url(", "@import", "<link");
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(2); // one chart per setting
    }

    @Test
    void draws_a_bar_with_whisker_per_evaluated_task_and_run() throws Exception {
        List<RunReport> runs = Reports.load(SampleRuns.write(tmp));
        Document doc = parseXml(HtmlReport.render(runs, List.of(Setting.NO_TIES)));

        // judge-a: 2 tasks + overall, scalar-b and length: 9 tasks + overall each
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(3 + 10 + 10);
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(2 + 9 + 9);
        assertThat(texts(doc, "text")).contains("judge-a: unsupported", "70.0", "t23d", "Overall");
    }

    @Test
    void shows_published_reference_values_labelled_as_such() throws Exception {
        List<RunReport> runs = Reports.load(SampleRuns.write(tmp));
        String html = HtmlReport.render(runs, List.of(Setting.NO_TIES, Setting.TIES));

        assertThat(html).contains(org.omnireward.core.util.Html.escape(PublishedResults.SOURCE));
        assertThat(html).contains("73.68", "65.36", "66.54", "65.12", "60.18", "59.69", "46.67");
        assertThat(html).contains("75.30", "60.23", "68.85", "70.59", "58.35", "64.08", "63.99", "67.88", "58.95");
        assertThat(html).contains("Claude 3.5 Sonnet (judge)", "MiniCPM-o-2.6 base (as reported)");
    }

    @Test
    void lists_paired_tests_correlations_and_supported_tasks() throws Exception {
        List<RunReport> runs = Reports.load(SampleRuns.write(tmp));
        Document doc = parseXml(HtmlReport.render(runs, List.of(Setting.NO_TIES)));

        List<String> rows = texts(doc, "tr");
        // setting, run A, run B, n common 10, b 4, c 0, acc A 90.0, acc B 50.0, +40.0 points, p 0.1250
        assertThat(rows)
                .contains(
                        "w/o ties" + "judge-a" + "scalar-b" + "10" + "4" + "0" + "90.0" + "50.0" + "+40.0" + "0.1250");
        assertThat(rows)
                .anyMatch(r -> r.startsWith("1judge-a")
                        && r.contains("t2t, ti2t")
                        && r.contains("tv2t, ta2t, t2i, t2v, t2a, t23d, ti2i"));
        String html = HtmlReport.render(runs, List.of(Setting.NO_TIES));
        assertThat(html).contains("Pearson r over 3 runs", "<td class=\"na\">n/a</td>", "background-color:rgb(");
    }

    @Test
    void escapes_ids_and_errors_from_result_files() throws Exception {
        List<RunReport> runs = Reports.load(SampleRuns.write(tmp));
        String html = HtmlReport.render(runs, List.of(Setting.NO_TIES, Setting.TIES));

        assertThat(html).doesNotContain("<script").doesNotContain("</td><script>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document doc = parseXml(html);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(texts(doc, "td")).contains(SampleRuns.EVIL_ID, SampleRuns.EVIL_ERROR);
        assertThat(org.omnireward.core.util.Html.escape("a\"b'c&<>")).isEqualTo("a&quot;b&#39;c&amp;&lt;&gt;");
    }

    @Test
    void caps_failed_samples_per_run_and_counts_the_rest() throws Exception {
        RunFixture f = new RunFixture("flaky");
        f.setting("no_ties", 0.5, 0.1);
        f.task("no_ties", "t2t", 0.5, 10, 205, 0.2, 0.8, null);
        for (int i = 0; i < 205; i++) {
            f.line(failed("f" + i, "t2t", "no_ties", "response1", "timeout " + i));
        }
        List<RunReport> runs = Reports.load(List.of(f.write(tmp.resolve("flaky"))));
        String html = HtmlReport.render(runs, List.of(Setting.NO_TIES));

        Document doc = parseXml(html);
        List<String> cells = texts(doc, "td");
        assertThat(cells).contains("f0", "f199").doesNotContain("f200", "f204");
        assertThat(html).contains("flaky — 205 failed", "… and 5 more failed lines in this run");
    }
}
