package org.omnireward.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.omnireward.explore.ExploreServer;
import org.omnireward.server.BearerToken;
import org.omnireward.server.ServerSettings;
import picocli.CommandLine.Option;

/** Where {@code explore} and {@code annotate} listen, and the token people sign in with (as for {@code serve}). */
final class WebAppOptions {

    @Option(
            names = "--host",
            defaultValue = ServerSettings.DEFAULT_HOST,
            paramLabel = "ADDR",
            description =
                    "Address to bind (default: ${DEFAULT-VALUE}). Another than loopback needs a token or --insecure.")
    String host;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the token people sign in with (one line, at least 16 characters); else the "
                    + BearerToken.ENV + " environment variable; else none (loopback only).")
    Path tokenFile;

    @Option(names = "--insecure", description = "Allow a non-loopback --host without a token (trusted networks only).")
    boolean insecure;

    /** The settings, checked (a non-loopback host without a token is refused). */
    ExploreServer.Settings settings(int port) {
        BearerToken token = null;
        if (tokenFile != null) {
            token = BearerToken.fromFile(tokenFile);
        } else {
            String env = System.getenv(BearerToken.ENV);
            if (env != null && !env.isBlank()) {
                token = BearerToken.of(env, "the " + BearerToken.ENV + " environment variable");
            }
        }
        return new ExploreServer.Settings(host, port, Optional.ofNullable(token), insecure);
    }
}
