package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TrainingLogTest {

    @TempDir
    Path dir;

    private static final FeaturePairList TRAIN = SyntheticPairs.source(SyntheticPairs.linear(200, 1, 0.0, 2));
    private static final FeaturePairList VALID = SyntheticPairs.source(SyntheticPairs.linear(80, 2, 0.0, 0));

    @Test
    void writes_one_json_row_per_epoch_with_losses_accuracies_learning_rate_and_time() throws Exception {
        BtTrainingConfig config =
                BtTrainingConfig.defaults().withHiddenSize(4).withMaxEpochs(3).withPatience(0);
        BtTrainingResult result = new BtTrainer(config).train(SyntheticPairs.SHAPE, TRAIN, VALID, null);
        Path file = dir.resolve("training-log.json");

        result.writeLog(file);

        JsonNode log = Json.mapper().readTree(file.toFile());
        assertThat(log.get("status").asText()).isEqualTo("completed");
        assertThat(log.get("train_pairs").asInt()).isEqualTo(200);
        assertThat(log.get("train_ties_skipped").asInt()).isEqualTo(2);
        assertThat(log.get("config").get("hidden_size").asInt()).isEqualTo(4);
        assertThat(log.get("epochs")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode row = log.get("epochs").get(i);
            EpochLog e = result.epochs().get(i);
            assertThat(row.get("epoch").asInt()).isEqualTo(i + 1);
            assertThat(row.get("train_loss").asDouble()).isEqualTo(e.trainLoss());
            assertThat(row.get("train_accuracy").asDouble()).isEqualTo(e.trainAccuracy());
            assertThat(row.get("valid_loss").asDouble()).isEqualTo(e.validLoss());
            assertThat(row.get("valid_accuracy").asDouble()).isEqualTo(e.validAccuracy());
            assertThat(row.get("learning_rate").asDouble()).isPositive();
            assertThat(row.get("seconds").asDouble()).isNotNegative();
        }
    }

    @Test
    void validation_values_are_null_without_a_validation_set() {
        BtTrainingConfig config = BtTrainingConfig.defaults().withHiddenSize(4).withMaxEpochs(2);
        BtTrainingResult result = new BtTrainer(config).train(SyntheticPairs.SHAPE, TRAIN, null, null);

        JsonNode log = result.logJson();
        assertThat(log.get("valid_accuracy").isNull()).isTrue();
        assertThat(log.get("epochs").get(0).get("valid_loss").isNull()).isTrue();
        assertThat(result.bestEpoch()).isEqualTo(2);
    }

    @Test
    void plots_loss_and_accuracy_curves_as_well_formed_self_contained_svg() throws Exception {
        List<EpochLog> epochs = List.of(
                new EpochLog(1, 0.69, 0.55, 0.68, 0.58, 1e-3, 1.0),
                new EpochLog(2, 0.50, 0.75, 0.55, 0.70, 8e-4, 1.0),
                new EpochLog(3, 0.40, 0.82, 0.52, 0.74, 2e-4, 1.0));
        Path file = dir.resolve("plot.svg");

        new BtTrainingResult(
                        BtHead.initialize(SyntheticPairs.SHAPE, 1),
                        BtTrainingResult.Status.COMPLETED,
                        "ok",
                        epochs,
                        3,
                        null,
                        1,
                        0,
                        0,
                        0,
                        BtTrainingConfig.defaults())
                .writePlot(file, "run <a & b>");

        String svg = Files.readString(file);
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).doesNotContain("<script").doesNotContain("href").contains("run &lt;a &amp; b&gt;");
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(4);
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            assertThat(line.getAttribute("points").trim().split(" ")).hasSize(3);
        }
        // the training loss falls, so its curve goes down the page (SVG y grows downwards)
        String[] loss = polyline(doc, "train-loss").split(" ");
        assertThat(y(loss[2])).isGreaterThan(y(loss[0]));
        String[] accuracy = polyline(doc, "train-accuracy").split(" ");
        assertThat(y(accuracy[2])).isLessThan(y(accuracy[0]));
    }

    @Test
    void plot_leaves_out_missing_validation_curves() throws Exception {
        List<EpochLog> epochs = List.of(
                new EpochLog(1, 0.69, 0.55, Double.NaN, Double.NaN, 1e-3, 1.0),
                new EpochLog(2, 0.60, 0.65, Double.NaN, Double.NaN, 1e-3, 1.0));

        Document doc = parse(TrainingPlot.svg(epochs, "no validation"));

        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(polyline(doc, "valid-loss")).isNull();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String polyline(Document doc, String cls) {
        NodeList lines = doc.getElementsByTagName("polyline");
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            if (e.getAttribute("class").equals(cls)) {
                return e.getAttribute("points").trim();
            }
        }
        return null;
    }

    private static double y(String point) {
        return Double.parseDouble(point.split(",")[1]);
    }
}
