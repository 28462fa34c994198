package dev.resilientshop.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;

/** One hostile request for one operation of {@link OpenApiFuzzer}: its head, body and a printable description. */
record FuzzRequest(String head, byte[] body, String describe) {

    static final String[] CONTENT_TYPES = {
        "application/json",
        null,
        "text/plain",
        "application/xml",
        "application/json; charset=utf-16",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "*/*"
    };
    /**
     * Path, query and header values are cut to 1000 characters: the request line and headers must stay
     * within the HTTP codec's own limits (4 KiB line, 20 KiB headers), which it answers with a bodiless
     * 414/431 before any of our code runs. Huge values go into bodies.
     */
    static final int MAX_TARGET = 3500;

    static final Arbitrary<String> URL_PART =
            HostileInputs.scalar().map(s -> s.length() > 1000 ? s.substring(0, 1000) : s);

    static FuzzRequest build(OpenApiFuzzer.Operation op, Random random) {
        var path = op.path();
        var query = new StringBuilder();
        var headers = new ArrayList<String>();
        for (var p : op.parameters()) {
            var name = p.path("name").asText();
            var where = p.path("in").asText();
            if (random.nextInt(6) == 0) {
                continue; // missing
            }
            var value = draw(URL_PART, random);
            switch (where) {
                case "path" ->
                    path = path.replace("{" + name + "}", random.nextInt(5) == 0 ? oddSegment(random) : encode(value));
                case "query" -> {
                    query.append(query.isEmpty() ? "?" : "&")
                            .append(encode(name))
                            .append('=')
                            .append(encode(value));
                    if (random.nextInt(4) == 0) {
                        query.append('&').append(encode(name)).append('=').append(encode(draw(URL_PART, random)));
                    }
                }
                case "header" -> {
                    headers.add(name + ": " + headerSafe(value));
                    if (random.nextInt(4) == 0) {
                        headers.add(name + ": " + headerSafe(draw(HostileInputs.scalar(), random)));
                    }
                }
                default -> {}
            }
        }
        path = path.replaceAll("\\{[^}]+}", "x");
        if (random.nextInt(8) == 0) {
            headers.add("X-Request-Budget-Ms: " + headerSafe(draw(HostileInputs.scalar(), random)));
            headers.add("X-Request-Budget-Ms: 5000");
        }
        byte[] body = null;
        if (op.hasBody()) {
            var json = draw(HostileInputs.body(op.bodyMembers()), random);
            body = json.getBytes(StandardCharsets.UTF_8);
            var type = CONTENT_TYPES[random.nextInt(3) == 0 ? random.nextInt(CONTENT_TYPES.length) : 0];
            if (type != null) {
                headers.add("Content-Type: " + type);
                if (random.nextInt(10) == 0) {
                    headers.add("Content-Type: text/plain");
                }
            }
        }
        headers.add("Accept: " + (random.nextBoolean() ? "application/json" : "*/*"));
        // URL-encoding can make a 1000-character value nine times longer, and values add up: the
        // request target as a whole is cut to stay under the codec's 4 KiB line (a cut %XX escape is
        // one more hostile input, which must be a 400)
        var target = path + query;
        if (target.length() > MAX_TARGET) {
            target = target.substring(0, MAX_TARGET);
        }
        var head = new StringBuilder(op.method() + " " + target + " HTTP/1.1\r\nHost: localhost");
        headers.forEach(h -> head.append("\r\n").append(h));
        var describe = op.method() + " " + excerpt(target) + " " + excerpt(headers.toString())
                + (body == null
                        ? ""
                        : " body[" + body.length + "]=" + excerpt(new String(body, StandardCharsets.UTF_8)));
        return new FuzzRequest(head.toString(), body, describe);
    }

    private static String oddSegment(Random random) {
        return List.of("%2F", "%2e%2e", "%00", "%20", "%252F", "a%2Fb", "%C0%AE", "%FF", "~", ";x=1", "x".repeat(3000))
                .get(random.nextInt(11));
    }

    private static String excerpt(String s) {
        var flat = s.replaceAll("\\p{Cntrl}", "·");
        return flat.length() > 100 ? flat.substring(0, 100) + "…(" + s.length() + ")" : flat;
    }

    static <T> T draw(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(1000).next(random).value();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Header values travel as Latin-1 without CR/LF (a split header line is a different attack, on the codec). */
    static String headerSafe(String value) {
        var sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            sb.append(c < 0x20 && c != '\t' || c > 0xff ? '?' : c);
        }
        var s = sb.toString();
        return s.length() > 4000 ? s.substring(0, 4000) : s;
    }
}
