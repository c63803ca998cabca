package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/manifest.md lists every key of the Compose Specification (the list in compose-spec-keys.txt, taken from
 * compose-go's schema) with what stackd does with it, and says the same as the key tables the loader checks with:
 * a key is "supported" when its table supports it, "refused" with the very reason the loader gives, or "refused
 * with" the refused key it sits under. A key added to the spec, or a key whose handling changes, fails here until
 * the page says so. {@code -Dmanifest.update=true} rewrites the table from the code, keeping the notes written
 * for supported keys.
 */
class ManifestKeyTableTest {
    private static final Path MANIFEST = Path.of("..", "docs", "manifest.md");
    private static final String HEADING = "## Every key of the Compose Specification";
    private static final String HEADER = "| key | status | how, or why not |\n|---|---|---|\n";

    /** The table a key's own mapping is checked with, by the path of that mapping. */
    private static final Map<String, KeyTable> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("top", Keys.TOP);
        TABLES.put("service", Keys.SERVICE);
        TABLES.put("service.extends", Keys.EXTENDS);
        TABLES.put("include", Keys.INCLUDE);
        TABLES.put("service.build", Keys.BUILD);
        TABLES.put("service.deploy", Keys.DEPLOY);
        TABLES.put("service.deploy.resources", Keys.RESOURCES);
        TABLES.put("service.deploy.restart_policy", Keys.RESTART_POLICY);
        TABLES.put("service.deploy.update_config", Keys.UPDATE_CONFIG);
        TABLES.put("service.deploy.rollback_config", Keys.UPDATE_CONFIG);
        TABLES.put("service.deploy.resources.limits", Keys.LIMITS);
        TABLES.put("service.deploy.resources.reservations", Keys.RESERVATIONS);
        TABLES.put("service.deploy.resources.reservations.devices", Keys.DEVICE_REQUEST);
        TABLES.put("service.gpus", Keys.DEVICE_REQUEST);
        TABLES.put("service.devices", Keys.DEVICE);
        TABLES.put("service.blkio_config", Keys.BLKIO);
        TABLES.put("service.blkio_config.weight_device", Keys.BLKIO_WEIGHT);
        TABLES.put("service.blkio_config.device_read_bps", Keys.BLKIO_RATE);
        TABLES.put("service.blkio_config.device_read_iops", Keys.BLKIO_RATE);
        TABLES.put("service.blkio_config.device_write_bps", Keys.BLKIO_RATE);
        TABLES.put("service.blkio_config.device_write_iops", Keys.BLKIO_RATE);
        TABLES.put("service.ports", Keys.PORT);
        TABLES.put("service.volumes", Keys.MOUNT);
        TABLES.put("service.volumes.bind", Keys.MOUNT_BIND);
        TABLES.put("service.volumes.volume", Keys.MOUNT_VOLUME);
        TABLES.put("service.volumes.tmpfs", Keys.MOUNT_TMPFS);
        TABLES.put("service.depends_on", Keys.DEPENDS_ON);
        TABLES.put("service.env_file", Keys.ENV_FILE);
        TABLES.put("service.healthcheck", Keys.HEALTHCHECK);
        TABLES.put("service.networks", Keys.SERVICE_NETWORK);
        TABLES.put("service.secrets", Keys.FILE_REFERENCE);
        TABLES.put("service.configs", Keys.FILE_REFERENCE);
        TABLES.put("service.ulimits", Keys.ULIMIT);
        TABLES.put("service.logging", Keys.LOGGING);
        TABLES.put("network", Keys.NETWORK);
        TABLES.put("network.ipam", Keys.IPAM);
        TABLES.put("network.ipam.config", Keys.IPAM_CONFIG);
        TABLES.put("network.external", Keys.EXTERNAL);
        TABLES.put("volume.external", Keys.EXTERNAL);
        TABLES.put("volume", Keys.VOLUME);
        TABLES.put("secret", Keys.SECRET);
        TABLES.put("config", Keys.CONFIG);
    }

    /** The entries of a top-level section are under that section's key. */
    private static final Map<String, String> SECTIONS = Map.of("service", "top.services", "network", "top.networks",
            "volume", "top.volumes", "secret", "top.secrets", "config", "top.configs", "model", "top.models", "include", "top.include");

    record Row(String status, String note) {}

    @Test
    void theManifestListsEveryKeyOfTheSpecAsTheLoaderHandlesIt() throws IOException {
        List<String> keys = specKeys();
        Map<String, Row> expected = new LinkedHashMap<>();
        for (String key : keys) expected.put(key, expectedRow(key));
        if (Boolean.getBoolean("manifest.update")) rewrite(expected, documentedRows());
        Map<String, Row> documented = documentedRows();

        assertThat(documented.keySet()).as("keys in the table of " + MANIFEST).containsExactlyElementsOf(keys);
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, want) -> {
            Row got = documented.get(key);
            if (!got.status().equals(want.status())) wrong.add(key + ": documented " + got.status() + ", the code says " + want.status());
            else if (want.status().equals("refused") && !got.note().equals(want.note())) {
                wrong.add(key + ": documented reason \"" + got.note() + "\", the loader says \"" + want.note() + "\"");
            }
        });
        assertThat(wrong).as("rows that differ from the code (rewrite with -Dmanifest.update=true)").isEmpty();
    }

    @Test
    void theKeyListHasTheSpecsKeys() throws IOException {
        // a sample, so the list cannot silently shrink to what happens to be easy
        assertThat(specKeys()).hasSizeGreaterThan(300).contains("top.version", "service.pre_start", "service.pull_refresh_after",
                "service.build.provenance", "service.build.sbom", "service.develop", "service.provider", "service.use_api_socket",
                "service.deploy.restart_policy.window", "network.ipam.config.aux_addresses", "volume.external.name");
    }

    /** What the code does with a key: supported or refused by its table, or refused with a refused key above it. */
    private static Row expectedRow(String key) {
        String section = key.substring(0, key.indexOf('.'));
        String parentKey = SECTIONS.get(section);
        if (parentKey != null) {
            Row parentRow = expectedRow(parentKey);
            if (!parentRow.status().equals("supported")) return new Row("refused with `" + parentKey + "`", "");
        }
        String[] parts = key.split("\\.");
        for (int depth = 1; depth < parts.length; depth++) {
            String mapping = String.join(".", java.util.Arrays.copyOfRange(parts, 0, depth));
            KeyTable table = TABLES.get(mapping);
            String name = parts[depth];
            String at = mapping + "." + name;
            if (table != null && table.refused().containsKey(name)) {
                return depth == parts.length - 1 ? new Row("refused", table.refused().get(name)) : new Row("refused with `" + at + "`", "");
            }
            if (depth == parts.length - 1) {
                if (table != null && table.supported().contains(name)) return new Row("supported", "");
                throw new AssertionError("the code does not say what it does with " + key + ": add it to a key table of Keys");
            }
        }
        throw new AssertionError("not a key path: " + key);
    }

    static List<String> specKeys() throws IOException {
        try (InputStream in = ManifestKeyTableTest.class.getResourceAsStream("/compose-spec-keys.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static Map<String, Row> documentedRows() throws IOException {
        String text = Files.readString(MANIFEST);
        int start = text.indexOf(HEADING);
        assertThat(start).as(MANIFEST + " has a section \"" + HEADING + "\"").isGreaterThanOrEqualTo(0);
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : text.substring(start).lines().skip(1).toList()) {
            if (line.startsWith("## ")) break;
            if (!line.startsWith("| `")) {
                if (inTable && !line.startsWith("|")) break;
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\s*\\|\\s*", -1);
            // cells: "", key, status, note..., "" (a note may itself hold no pipes)
            String key = cells[1].replace("`", "");
            rows.put(key, new Row(cells[2], cells.length > 3 ? cells[3] : ""));
        }
        return rows;
    }

    private static void rewrite(Map<String, Row> expected, Map<String, Row> documented) throws IOException {
        StringBuilder table = new StringBuilder(HEADER);
        expected.forEach((key, row) -> {
            Row old = documented.get(key);
            String note = row.status().equals("refused") ? row.note()
                    : row.status().equals("supported") && old != null && old.status().equals("supported") ? old.note() : "";
            table.append("| `").append(key).append("` | ").append(row.status()).append(" | ").append(note).append(" |\n");
        });
        String text = Files.readString(MANIFEST);
        int start = text.indexOf(HEADING);
        int tableStart = text.indexOf("| key | status |", start);
        int end = text.indexOf("\n\n", tableStart);
        Files.writeString(MANIFEST, text.substring(0, tableStart) + table.toString().stripTrailing() + text.substring(end < 0 ? text.length() : end));
    }
}
