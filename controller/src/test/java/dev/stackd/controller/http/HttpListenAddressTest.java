package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpListenAddressTest {

    @Test
    void theFlagWinsOverTheEnvironmentWhichWinsOverLoopback() {
        assertThat(ListenAddress.resolve("0.0.0.0:8080", Map.of(ListenAddress.ENV, "127.0.0.1:9"))).isEqualTo(new ListenAddress("0.0.0.0", 8080));
        assertThat(ListenAddress.resolve(null, Map.of(ListenAddress.ENV, "10.0.0.1:9000"))).isEqualTo(new ListenAddress("10.0.0.1", 9000));
        assertThat(ListenAddress.resolve(" ", Map.of())).isEqualTo(new ListenAddress("127.0.0.1", 7777));
    }

    @Test
    void aPortAloneListensOnLoopbackAndIpv6NeedsBrackets() {
        assertThat(ListenAddress.parse("7000")).isEqualTo(new ListenAddress("127.0.0.1", 7000));
        assertThat(ListenAddress.parse(":7000")).isEqualTo(new ListenAddress("127.0.0.1", 7000));
        assertThat(ListenAddress.parse("[::1]:7000")).isEqualTo(new ListenAddress("::1", 7000));
        assertThat(ListenAddress.parse("[::1]:7000").toString()).isEqualTo("[::1]:7000");
        assertThatThrownBy(() -> ListenAddress.parse("::1:7000")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ListenAddress.parse("localhost:http")).hasMessageContaining("number");
        assertThatThrownBy(() -> ListenAddress.parse("localhost:70000")).hasMessageContaining("out of range");
    }
}
