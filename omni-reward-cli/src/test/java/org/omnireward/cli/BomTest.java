package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The bill of materials ({@code omni-reward-bom}) manages every shipped module of the build at the build's
 * version, and nothing else: a module added to the root pom without a BOM entry fails here.
 */
class BomTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void the_bom_names_every_shipped_module_at_the_build_version_and_nothing_else() throws Exception {
        Document root = parse(ROOT.resolve("pom.xml"));
        Document bom = parse(ROOT.resolve("omni-reward-bom/pom.xml"));
        List<String> modules = new ArrayList<>();
        for (Element m : children(first(root.getDocumentElement(), "modules"), "module")) {
            String name = m.getTextContent().trim();
            if (!name.equals("perf") && !name.equals("omni-reward-bom")) {
                modules.add(name);
            }
        }
        Element managed = first(first(bom.getDocumentElement(), "dependencyManagement"), "dependencies");
        List<String> listed = new ArrayList<>();
        for (Element d : children(managed, "dependency")) {
            assertThat(text(d, "groupId")).isEqualTo("org.omnireward");
            assertThat(text(d, "version")).isEqualTo("${project.version}");
            if (!"test-jar".equals(text(d, "type"))) {
                listed.add(text(d, "artifactId"));
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(modules);
        assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(text(root.getDocumentElement(), "version"));
        // no parent: importing the BOM must not manage a user's third-party versions
        assertThat(children(bom.getDocumentElement(), "parent")).isEmpty();
    }

    private static Document parse(Path file) throws Exception {
        assertThat(file).exists();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(file)) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertThat(c).as("<%s> in <%s>", name, parent.getTagName()).isNotEmpty();
        return c.get(0);
    }

    private static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }
}
