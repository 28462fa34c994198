package dev.resilientshop.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the test writes it: no client library between
 * the test and the server to normalise {@code /css/../p/X}, encode a backslash or merge two
 * headers of the same name. What {@code curl --path-as-is} does, for attack tests and the fuzzer.
 */
public final class RawHttp {

    public record Reply(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and a body. */
    public static Reply send(int port, String head, byte[] body) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            var length = body == null ? "" : "Content-Length: " + body.length + "\r\n";
            out.write((head + "\r\n" + length + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    public static Reply get(int port, String rawTarget, String... headerLines) throws IOException {
        var head = new StringBuilder("GET " + rawTarget + " HTTP/1.1\r\nHost: localhost:" + port);
        for (var h : headerLines) {
            head.append("\r\n").append(h);
        }
        return send(port, head.toString(), null);
    }

    private static Reply read(InputStream in) throws IOException {
        var all = new ByteArrayOutputStream();
        in.transferTo(all);
        var text = all.toString(StandardCharsets.ISO_8859_1); // one char per byte: chunk sizes count bytes
        int split = text.indexOf("\r\n\r\n");
        var head = split < 0 ? text : text.substring(0, split);
        var body = split < 0 ? "" : text.substring(split + 4);
        var lines = head.split("\r\n");
        var parts = lines[0].split(" ");
        if (parts.length < 2) {
            throw new IOException("no HTTP status line in the answer: '" + lines[0] + "'");
        }
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Reply(
                Integer.parseInt(parts[1]),
                headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        var out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
