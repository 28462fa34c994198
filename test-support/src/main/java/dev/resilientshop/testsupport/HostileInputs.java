package dev.resilientshop.testsupport;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The fuzzer's generators (jqwik arbitraries): the values a careless or hostile client puts where
 * a service expects a SKU, a number or a JSON document.
 */
public final class HostileInputs {

    private HostileInputs() {}

    /** A value for a string, number or boolean slot: wrong types, edges, huge and empty, control and odd unicode. */
    public static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "0",
                        "-1",
                        "-2147483648",
                        "2147483647",
                        "2147483648",
                        "9223372036854775808",
                        "99999999999999999999999",
                        "1e309",
                        "-0",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "1.5",
                        "true",
                        "null",
                        "[]",
                        "{}",
                        "AUD-0001",
                        "aud-0001",
                        "AUD-00001",
                        "' or '1'='1",
                        "\"; drop table x; --",
                        "../../etc/passwd",
                        "..%2f..%2f",
                        "%00",
                        "\\",
                        "\\u0000",
                        "${jndi:ldap://x/a}",
                        "<script>x</script>",
                        "\u0000",
                        "a\u0000b",
                        "\r\nX-Injected: 1",
                        "\u001b[31m",
                        "\u202e\u0635\u0644",
                        "e\u0301\u0301\u0301",
                        "\ud83d\ude00",
                        "\ud800",
                        "\uffff",
                        "\u00a0",
                        "\t"),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(8),
                Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40),
                Arbitraries.integers().between(1_000, 70_000).map("x"::repeat),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    /** A JSON body: broken, of the wrong shape, or the expected object with hostile member values. */
    public static Arbitrary<String> body(java.util.List<String> members) {
        var hostileObject = scalar().list().ofSize(Math.max(1, members.size())).map(values -> {
            var sb = new StringBuilder("{");
            for (int i = 0; i < members.size(); i++) {
                sb.append(i == 0 ? "" : ",")
                        .append(quote(members.get(i)))
                        .append(':')
                        .append(jsonValue(values.get(i)));
            }
            return sb.append('}').toString();
        });
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "{",
                        "}",
                        "[",
                        "{\"a\":",
                        "{\"a\":1,,}",
                        "{'a':1}",
                        "nul",
                        "null",
                        "true",
                        "1",
                        "\"s\"",
                        "[]",
                        "[{}]",
                        "{}",
                        "{\"\\u0000\":1}",
                        "{\"a\":\"\\ud800\"}",
                        "{\"a\":1}{\"b\":2}",
                        "\u0000",
                        "[".repeat(5_000),
                        "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}"),
                hostileObject,
                hostileObject.map(json -> json.substring(0, json.length() / 2)),
                hostileObject.map(json ->
                        members.isEmpty() ? json : json.replaceFirst("\\{", "{" + quote(members.get(0)) + ":1,")));
    }

    /** A JSON rendering of a hostile scalar: sometimes the bare token (a number, true, []), sometimes a string. */
    static String jsonValue(String value) {
        if (value.matches("-?\\d{1,30}|true|null|\\[]|\\{}|-?\\d+\\.\\d+")) {
            return value;
        }
        return quote(value);
    }

    static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
