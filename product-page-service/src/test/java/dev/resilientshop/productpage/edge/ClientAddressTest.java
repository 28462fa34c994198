package dev.resilientshop.productpage.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        var clients = ClientAddress.trusting();
        assertThat(clients.keyOf("127.0.0.1", List.of("10.9.9.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        var clients = ClientAddress.trusting("127.0.0.1/32", "10.0.0.0/8");
        // client-written "6.6.6.6", then the address the edge proxy saw, then an inner proxy
        assertThat(clients.keyOf("127.0.0.1", List.of("6.6.6.6, 198.51.100.7, 10.1.2.3")))
                .isEqualTo("198.51.100.7");
        // two headers count as one list, in order
        assertThat(clients.keyOf("127.0.0.1", List.of("6.6.6.6", "198.51.100.8")))
                .isEqualTo("198.51.100.8");
        // garbage stops the walk at the proxy that appended it
        assertThat(clients.keyOf("10.1.2.3", List.of("not-an-ip"))).isEqualTo("10.1.2.3");
        // every hop trusted: the left-most one
        assertThat(clients.keyOf("127.0.0.1", List.of("10.0.0.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        var clients = ClientAddress.trusting();
        assertThat(clients.keyOf("2001:db8:7:9::1", List.of()))
                .isEqualTo(clients.keyOf("2001:db8:7:9:ffff::2", List.of()))
                .isEqualTo("2001:db8:7:9::/64");
        assertThat(clients.keyOf("2001:db8:7:a::1", List.of()))
                .isNotEqualTo(clients.keyOf("2001:db8:7:9::1", List.of()));
    }

    @Test
    void aHostNameIsNeverLookedUp() {
        assertThat(ClientAddress.parse("localhost")).isNull();
        assertThat(ClientAddress.parse("example.com")).isNull();
        assertThat(ClientAddress.parse("[::1]")).isNotNull();
    }
}
