package dev.resilientshop.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Bad-input fuzzing from a service's own OpenAPI document ({@code /q/openapi}): for every public
 * operation, requests with hostile path, query and header values ({@link HostileInputs}), broken
 * or ill-typed JSON bodies, missing, wrong and doubled headers. The rules checked on every answer:
 * never a 5xx (but a 504 problem when the request carried a spent {@code X-Request-Budget-Ms}: that is
 * the deadline rule's designed answer); a 4xx of a JSON operation is {@code application/problem+json} (an HTML page's 4xx is
 * an HTML page). "Nothing written" and "still healthy" are the calling test's to check.
 *
 * <p>Cases are drawn from jqwik arbitraries with one seeded {@link Random}, so a failing run is
 * repeated by its seed (printed in the report); a case that fails becomes a plain example test.
 * Requests go over {@link RawHttp}, so doubled headers and odd paths reach the server as written.
 */
public final class OpenApiFuzzer {

    /** One operation of the document. */
    record Operation(
            String method,
            String path,
            List<JsonNode> parameters,
            List<String> bodyMembers,
            boolean hasBody,
            boolean html) {}

    /** What a run did. */
    public record Report(String service, long seed, int cases, List<String> failures) {

        public String summary() {
            return "fuzz " + service + ": " + cases + " cases, seed " + seed + ", " + failures.size() + " failures"
                    + (failures.isEmpty()
                            ? ""
                            : ":\n  " + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String service;
    private long seed = 13L;
    /**
     * Cases per run: 500 in the everyday build (about a quarter of the time), {@code -Dfuzz.cases=2000}
     * for the deep run. The same seed gives the same sequence, so the short run is the deep run's
     * first 500 cases, round robin over the operations.
     */
    private int maxCases = Integer.getInteger("fuzz.cases", 500);

    private Duration budget = Duration.ofSeconds(45);

    private OpenApiFuzzer(int port, String service) {
        this.port = port;
        this.service = service;
    }

    public static OpenApiFuzzer of(int port, String service) {
        return new OpenApiFuzzer(port, service);
    }

    public OpenApiFuzzer seed(long seed) {
        this.seed = seed;
        return this;
    }

    public OpenApiFuzzer maxCases(int maxCases) {
        this.maxCases = maxCases;
        return this;
    }

    public OpenApiFuzzer budget(Duration budget) {
        this.budget = budget;
        return this;
    }

    public Report run() throws IOException {
        var operations = operations();
        if (operations.isEmpty()) {
            throw new IllegalStateException(service + " publishes no operation in /q/openapi");
        }
        // jqwik's generators need a session when they run outside a jqwik property (here: a @QuarkusTest)
        JqwikSession.start();
        try {
            return fuzz(operations);
        } finally {
            JqwikSession.finish();
        }
    }

    private Report fuzz(List<Operation> operations) {
        var random = new Random(seed);
        var failures = new ArrayList<String>();
        long end = System.nanoTime() + budget.toNanos();
        int cases = 0;
        while (cases < maxCases && System.nanoTime() < end) {
            var op = operations.get(cases % operations.size());
            var request = FuzzRequest.build(op, random);
            cases++;
            RawHttp.Reply reply;
            try {
                reply = RawHttp.send(port, request.head(), request.body());
            } catch (IOException e) {
                failures.add(request.describe() + " -> no answer: " + e.getMessage());
                continue;
            }
            var problem = judge(op, reply, request.head().contains("X-Request-Budget-Ms"));
            if (problem != null) {
                failures.add(request.describe() + " -> " + problem);
            }
        }
        return new Report(service, seed, cases, failures);
    }

    private static String judge(Operation op, RawHttp.Reply reply, boolean budgetSent) {
        var type = String.valueOf(reply.header("Content-Type"));
        var excerpt = reply.body().length() > 200 ? reply.body().substring(0, 200) + "…" : reply.body();
        if (reply.status() == 504 && budgetSent && type.startsWith("application/problem+json")) {
            return null; // the caller said its budget was (nearly) spent: "Deadline spent" is the designed answer
        }
        if (reply.status() >= 500) {
            return reply.status() + " " + type + " " + excerpt;
        }
        if (reply.status() >= 400
                && !type.startsWith("application/problem+json")
                && !(op.html() && type.startsWith("text/html"))) {
            return reply.status() + " without problem+json (" + type + ") " + excerpt;
        }
        return null;
    }

    List<Operation> operations() throws IOException {
        var reply = RawHttp.get(port, "/q/openapi?format=json", "Accept: application/json");
        if (reply.status() != 200) {
            throw new IllegalStateException(service + ": /q/openapi answered " + reply.status());
        }
        var doc = JSON.readTree(reply.body());
        var out = new ArrayList<Operation>();
        doc.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
                    var method = entry.getKey().toUpperCase();
                    if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        return;
                    }
                    var node = entry.getValue();
                    var params = new ArrayList<JsonNode>();
                    path.getValue().path("parameters").forEach(params::add);
                    node.path("parameters").forEach(params::add);
                    var members = new ArrayList<String>();
                    var content = node.path("requestBody").path("content");
                    content.fields()
                            .forEachRemaining(
                                    media -> resolve(doc, media.getValue().path("schema"))
                                            .path("properties")
                                            .fieldNames()
                                            .forEachRemaining(members::add));
                    // an HTML page, or a form post that a browser sends (its 4xx is a page the person reads)
                    boolean html = node.path("responses").toString().contains("text/html")
                            || content.has("application/x-www-form-urlencoded");
                    out.add(new Operation(
                            method,
                            path.getKey(),
                            params,
                            members,
                            !content.isMissingNode() || !"GET".equals(method),
                            html));
                }));
        return out;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        var ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return doc.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }
}
