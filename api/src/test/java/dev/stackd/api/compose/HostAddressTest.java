package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Host addresses of published ports, as Go's net.ParseIP reads them (what compose uses). */
class HostAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "1.2.3.4", "::", "::1", "1::", "fe80::1",
            "2001:db8:0:0:0:0:2:1", "2001:DB8::2:1", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4"})
    void valid(String ip) {
        assertThat(HostAddress.isValid(ip)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.999", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "1..2.3", "localhost",
            "::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", "fe80::1%eth0", ":1", "1:", "1:::2",
            "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "[::1]", "g::1"})
    void invalid(String ip) {
        assertThat(HostAddress.isValid(ip)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"'',*", "0.0.0.0,0.0.0.0", "::,::", "0:0::0,::", "::1,0:0:0:0:0:0:0:1", "0:0::1,0:0:0:0:0:0:0:1",
            "::ffff:127.0.0.1,127.0.0.1", "127.0.0.1,127.0.0.1", "FE80::A,fe80:0:0:0:0:0:0:a"})
    void keys(String ip, String key) {
        assertThat(HostAddress.key(ip)).isEqualTo(key);
    }
}
