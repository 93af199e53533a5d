package org.omnireward.data.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.Criteria;
import org.omnireward.data.Groups;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;

/** Builders of small preference files for the data modules' tests (shipped in the data test-jar). */
public final class PreferenceFixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private PreferenceFixtures() {}

    public static ObjectNode obj(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return o;
    }

    public static ArrayNode arr(Object... items) {
        ArrayNode a = JSON.createArrayNode();
        for (Object o : items) {
            a.add(JSON.<JsonNode>valueToTree(o));
        }
        return a;
    }

    /** Writes the objects as one JSON array. */
    public static Path jsonArray(Path file, Object... records) {
        return write(file, arr(records).toPrettyString());
    }

    /** Writes one line per item: objects as JSON, strings as they are (for malformed lines). */
    public static Path jsonLines(Path file, Object... lines) {
        return write(
                file,
                Arrays.stream(lines)
                                .map(l -> l instanceof String s
                                        ? s
                                        : JSON.valueToTree(l).toString())
                                .collect(Collectors.joining("\n"))
                        + "\n");
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode alpaca(String instruction, String out1, String out2, Object preference) {
        ObjectNode o = obj(
                "instruction",
                instruction,
                "output_1",
                out1,
                "output_2",
                out2,
                "generator_1",
                "base",
                "generator_2",
                "model",
                "annotator",
                "judge",
                "dataset",
                "test-fixture");
        o.set("preference", JSON.valueToTree(preference));
        return o;
    }

    public static PreferencePair text(String id, String prompt, String chosen, String rejected) {
        return PreferencePair.text(
                id, Groups.ofPrompt(prompt), Criteria.GENERAL, prompt, chosen, rejected, "fixture:" + id);
    }

    public static List<String> ids(List<PreferencePair> pairs) {
        return pairs.stream().map(PreferencePair::id).toList();
    }

    /** An XSTest completion CSV: header plus rows {id, type, prompt, completion, final_label}. */
    public static String xstestCsv(String[]... rows) {
        StringBuilder sb =
                new StringBuilder("id,type,prompt,completion,annotation_1,annotation_2,agreement,final_label\r\n");
        for (String[] r : rows) {
            sb.append(csv(r[0]))
                    .append(',')
                    .append(csv(r[1]))
                    .append(',')
                    .append(csv(r[2]))
                    .append(',')
                    .append(csv(r[3]))
                    .append(",x,x,TRUE,")
                    .append(csv(r[4]))
                    .append("\r\n");
        }
        return sb.toString();
    }

    /** Every record of a unified file, failing the test on a record its own reader skips. */
    public static List<UnifiedRecord> readBack(Path file, boolean evaluation) {
        List<UnifiedRecord> out = new ArrayList<>();
        new UnifiedJsonlReader(file, evaluation).read(new RecordSink() {
            @Override
            public void record(UnifiedRecord r) {
                out.add(r);
            }

            @Override
            public void skipped(SkippedRecord record) {
                throw new AssertionError("the converter wrote a record its own reader skips: " + record);
            }
        });
        return out;
    }

    /** An 8×8 PNG of one colour. */
    public static byte[] png(Color c) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
