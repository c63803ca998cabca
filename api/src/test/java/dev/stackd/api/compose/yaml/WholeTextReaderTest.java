package dev.stackd.api.compose.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** The in-memory reader gives SnakeYAML the same nodes, positions and errors as its own reader. */
class WholeTextReaderTest {
    private static final List<String> DOCUMENTS = List.of(
            "services:\n  web:\n    image: nginx # comment\n    ports: [\"8080:80\", 443]\n",
            "a: 1\r\nb:\r\n  - x\r\n  - 'y z'\r\n",
            "a: 1\rb: 2\r",
            "\uFEFFname: bom\nlabels: {emoji: \"\uD83D\uDE00 ok\", sep: \"x\u2028y\"}\n",
            "script: |\n  line one\n  line two\n\n  after blank\nfolded: >-\n  a\n  b\n",
            "{\"services\": {\"web\": {\"image\": \"nginx\", \"command\": [\"a\", \"b\"]}}}",
            "x: &a {k: v}\ny:\n  <<: *a\n  z: \"esc\\t\\u00e9\\0\"\n",
            "a: b\n---\nc: d\n",
            "a: [b\n",
            "a:\n\tb: c\n",
            "a: b\u0001c\n",
            "a: " + "9".repeat(5000) + "\nb: \"" + "q".repeat(3000) + "\"\n",
            "key: value\n" + "long: " + "w ".repeat(2000) + "\n");

    @Test
    void nodesPositionsAndErrorsAreTheSnakeYamlReadersOnes() {
        for (String doc : DOCUMENTS) {
            assertThat(dump(doc, WholeTextReader::new)).as(doc)
                    .isEqualTo(dump(doc, text -> new StreamReader(new StringReader(text))));
        }
    }

    private static List<String> dump(String doc, Function<String, StreamReader> reader) {
        List<String> out = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        try {
            Composer composer = new Composer(new ParserImpl(reader.apply(doc), options), new Resolver(), options);
            while (composer.checkNode()) dump(composer.getNode(), out);
        } catch (YAMLException e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }

    private static void dump(Node n, List<String> out) {
        out.add(n.getNodeId() + " " + n.getTag() + " " + mark(n.getStartMark()) + "-" + mark(n.getEndMark())
                + (n instanceof ScalarNode s ? " " + s.getValue() + " " + s.getScalarStyle() : ""));
        if (n instanceof SequenceNode s) s.getValue().forEach(item -> dump(item, out));
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                dump(t.getKeyNode(), out);
                dump(t.getValueNode(), out);
            }
        }
    }

    private static String mark(Mark m) {
        return m.getLine() + ":" + m.getColumn() + "@" + m.getIndex();
    }
}
