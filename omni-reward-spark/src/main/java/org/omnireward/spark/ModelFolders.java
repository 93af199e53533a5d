package org.omnireward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.util.Sha256;

/**
 * Model folders ({@code rm:DIR}, {@code bt:DIR}) on cluster storage: the folder is read through
 * Hadoop's {@link FileSystem} ({@code hdfs://}, {@code s3a://}, {@code file:}, or a path on the
 * default file system) and copied once per executor JVM into a local folder, which the provider then
 * opens as usual. A folder already on the local file system is used where it is.
 */
public final class ModelFolders {

    /** The providers whose argument is a model folder. */
    static final Set<String> FOLDER_PROVIDERS = Set.of("rm", "bt");

    /** Marks a complete local copy (written last). */
    static final String COMPLETE = ".omni-reward-copy-complete";

    private ModelFolders() {}

    /** {@code spec} with its model folder replaced by a local one, for the folder providers; else {@code spec}. */
    public static ModelSpec localize(ModelSpec spec, Configuration conf) {
        if (!FOLDER_PROVIDERS.contains(spec.provider().toLowerCase(Locale.ROOT))
                || spec.argument().isBlank()
                || spec.argument().startsWith("~/")) {
            return spec;
        }
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(spec.argument());
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if ("file".equals(fs.getScheme())) {
                Path local = Path.of(fs.makeQualified(folder).toUri());
                return new ModelSpec(spec.provider(), local.toString(), spec.options());
            }
            return new ModelSpec(
                    spec.provider(),
                    copyOnce(fs, fs.makeQualified(folder), localRoot()).toString(),
                    spec.options());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the model folder " + spec.argument() + " through Hadoop's file system: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Where copies go: this executor's working folder (removed with the application's containers). */
    static Path localRoot() {
        String dir = System.getProperty("omnireward.spark.models.dir");
        return Path.of(dir != null ? dir : System.getProperty("java.io.tmpdir"), "omni-reward-models");
    }

    /**
     * Copies {@code folder} under {@code root} unless a complete copy of the same files (names, sizes,
     * modification times: a model retrained into the same folder is copied anew) is there; returns the copy.
     */
    static synchronized Path copyOnce(FileSystem fs, org.apache.hadoop.fs.Path folder, Path root) throws IOException {
        URI uri = folder.toUri();
        if (!fs.exists(folder)) {
            throw new InvalidInputException("model folder " + uri + " does not exist");
        }
        if (!fs.getFileStatus(folder).isDirectory()) {
            throw new InvalidInputException("model folder " + uri + " is not a directory");
        }
        StringBuilder listing = new StringBuilder(uri.toString());
        fingerprint(fs, folder, "", listing);
        Path target = root.resolve(Sha256.hex(listing.toString()).substring(0, 16));
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Files.createDirectories(target);
        copy(fs, folder, target);
        Files.writeString(target.resolve(COMPLETE), uri.toString(), StandardCharsets.UTF_8);
        return target;
    }

    private static void fingerprint(FileSystem fs, org.apache.hadoop.fs.Path dir, String prefix, StringBuilder out)
            throws IOException {
        FileStatus[] entries = fs.listStatus(dir);
        java.util.Arrays.sort(
                entries, java.util.Comparator.comparing(st -> st.getPath().getName()));
        for (FileStatus st : entries) {
            String name = prefix + st.getPath().getName();
            if (st.isDirectory()) {
                fingerprint(fs, st.getPath(), name + "/", out);
            } else {
                out.append('\n')
                        .append(name)
                        .append(' ')
                        .append(st.getLen())
                        .append(' ')
                        .append(st.getModificationTime());
            }
        }
    }

    private static void copy(FileSystem fs, org.apache.hadoop.fs.Path from, Path to) throws IOException {
        for (FileStatus st : fs.listStatus(from)) {
            Path dest = to.resolve(st.getPath().getName());
            if (st.isDirectory()) {
                Files.createDirectories(dest);
                copy(fs, st.getPath(), dest);
            } else {
                Path part = to.resolve(st.getPath().getName() + ".part");
                try (var in = fs.open(st.getPath())) {
                    Files.copy(in, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
