package dev.resilientshop.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** services.conf, read the way ./shop reads it: the one description of the shop's topology. */
record Topology(Map<String, Service> services, Map<String, String> clients) {

    record Service(String name, String module, int port, String database) {
        boolean hasDatabase() {
            return !database.equals("-");
        }
    }

    static Topology load(Path root) throws IOException {
        var services = new LinkedHashMap<String, Service>();
        var clients = new LinkedHashMap<String, String>();
        for (var line : Files.readAllLines(root.resolve("services.conf"))) {
            var t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            var f = t.split("\\s+");
            switch (f[0]) {
                case "service" -> services.put(f[1], new Service(f[1], f[2], Integer.parseInt(f[3]), f[4]));
                case "client" -> clients.put(f[1], f[2]);
                default -> throw new IllegalStateException("services.conf: unknown line kind: " + line);
            }
        }
        return new Topology(services, clients);
    }
}
