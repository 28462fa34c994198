package dev.resilientshop.productpage.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stop, kill and start buttons. Under {@code ./shop} the launcher tells each service where it is
 * ({@code SHOP_LAUNCHER}, with its port offset and state dir), so the ops page can run the very
 * command a person would type; under docker compose there is no launcher, and the page shows the
 * {@code docker compose} command instead. Only these three actions, only known services, only
 * with the ops token (the resource checks it), and never on the product page itself (it would
 * take the ops page down with it).
 */
@ApplicationScoped
class Launcher {

    static final Set<String> ACTIONS = Set.of("stop", "kill", "start");
    private static final Logger LOG = Logger.getLogger(Launcher.class);

    private final Optional<String> launcher;
    private final Optional<String> offset;
    private final Optional<String> stateDir;

    Launcher(
            @ConfigProperty(name = "shop.launcher") Optional<String> launcher,
            @ConfigProperty(name = "shop.launcher.port-offset") Optional<String> offset,
            @ConfigProperty(name = "shop.launcher.state-dir") Optional<String> stateDir) {
        this.launcher = launcher.filter(path -> new File(path).canExecute());
        this.offset = offset;
        this.stateDir = stateDir;
    }

    boolean available() {
        return launcher.isPresent();
    }

    /** The command a person would run for this action, shown on the page in both modes. */
    String command(String action, String service) {
        return available()
                ? "./shop " + action + " " + service
                : "docker compose " + (action.equals("start") ? "start" : action) + " " + service;
    }

    /** Starts {@code ./shop <action> <service>} in the background; it detaches the services it starts. */
    void run(String action, String service) throws IOException {
        var pb = new ProcessBuilder(List.of(launcher.orElseThrow(), action, service))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        offset.ifPresent(o -> pb.environment().put("SHOP_PORT_OFFSET", o));
        stateDir.ifPresent(d -> pb.environment().put("SHOP_STATE_DIR", d));
        LOG.infof("ops page: ./shop %s %s", action, service);
        pb.start();
    }
}
