package nc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** docs/api/nc.md §2: x-jdcloud-date is yyyyMMdd'T'HHmmss'Z' in UTC; anything else is no date (401). */
class SignedDateTest {

    @Test
    void theBasicIso8601FormOfAUtcInstantIsRead() {
        assertThat(Authenticator.parseDate("20180901T083000Z")).isEqualTo(Instant.parse("2018-09-01T08:30:00Z"));
        assertThat(Authenticator.parseDate("20241231T235959Z")).isEqualTo(Instant.parse("2024-12-31T23:59:59Z"));
    }

    @Test
    void otherFormsAndImpossibleDatesAreNoDate() {
        for (String bad : new String[] {"20180901T083000", "2018-09-01T08:30:00Z", "20180901 083000Z", "20180901T0830000Z",
                "2018090IT083000Z", "20181301T083000Z", "20180231T083000Z", "20180901T246000Z", "+2018091T083000Z", ""}) {
            assertThat(Authenticator.parseDate(bad)).as(bad).isNull();
        }
    }
}
