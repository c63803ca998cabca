package dev.stackd.controller.cli;

import dev.stackd.controller.Daemon;
import dev.stackd.controller.http.ListenAddress;
import dev.stackd.controller.store.DataDir;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the controller: the store, the control loop and the API.")
public final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", description = "Where the store lives (env STACKD_DATA_DIR; default /var/lib/stackd as root, else ~/.local/share/stackd).")
    String dataDir;

    @Option(names = "--listen", description = "host:port of the API (env STACKD_LISTEN; default 127.0.0.1:7777, loopback only). The token is root on this host: beyond loopback, put TLS in front (docs/operations.md).")
    String listen;

    @Option(names = "--docker-host", description = "The engine (default: DOCKER_HOST, else unix:///var/run/docker.sock).")
    String dockerHost;

    @Option(names = "--resync", defaultValue = "30s", converter = Durations.class,
            description = "How often every stack is reconciled even without events (default ${DEFAULT-VALUE}).")
    Duration resync;

    @Option(names = "--workers", defaultValue = "4", description = "Stacks reconciled at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--revisions", defaultValue = "10",
            description = "How many applied generations each stack's history keeps, for stackd history and rollback (1 to 1000, default ${DEFAULT-VALUE}).")
    int revisions;

    @Option(names = "--log-format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--log-level", defaultValue = "info", description = "error, warn, info, debug (default ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        Logging.configure(logFormat, logLevel);
        if (revisions < 1 || revisions > dev.stackd.controller.store.Store.MAX_REVISIONS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--revisions must be between 1 and "
                    + dev.stackd.controller.store.Store.MAX_REVISIONS + ", not " + revisions);
        }
        var config = new Daemon.Config(DataDir.resolve(dataDir), dockerHost, resync, workers, 8).withRevisions(revisions);
        var address = ListenAddress.resolve(listen, System.getenv());
        var serving = Serving.start(config, address, Daemon::dockerEngine);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            serving.close();
            stopped.countDown();
        }, "stackd-shutdown"));
        stopped.await();
        return 0;
    }
}
