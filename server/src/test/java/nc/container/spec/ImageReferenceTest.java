package nc.container.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Image names: docs/api/nc.md §8 rules 3 and 5. */
class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    static Stream<Arguments> validNames() {
        return Stream.of(
                Arguments.of("nginx", null, "nginx", "latest", null, "nginx:latest"),
                Arguments.of("nginx:1.15", null, "nginx", "1.15", null, "nginx:1.15"),
                Arguments.of("mysql/mysql-server:8", null, "mysql/mysql-server", "8", null, "mysql/mysql-server:8"),
                Arguments.of("127.0.0.1:5000/nc-test/app:1", "127.0.0.1:5000", "nc-test/app", "1", null,
                        "127.0.0.1:5000/nc-test/app:1"),
                Arguments.of("localhost/app", "localhost", "app", "latest", null, "localhost/app:latest"),
                Arguments.of("localhost:5000/a/b/c:V1.2-rc_3", "localhost:5000", "a/b/c", "V1.2-rc_3", null,
                        "localhost:5000/a/b/c:V1.2-rc_3"),
                Arguments.of("registry.example.com/team/app@" + DIGEST, "registry.example.com", "team/app", null, DIGEST,
                        "registry.example.com/team/app@" + DIGEST),
                Arguments.of("nginx:1.15@" + DIGEST, null, "nginx", "1.15", DIGEST, "nginx:1.15@" + DIGEST),
                Arguments.of("team/a.b__c-d---e_f9:_x", null, "team/a.b__c-d---e_f9", "_x", null, "team/a.b__c-d---e_f9:_x"),
                // A single part is never a registry, even with a dot.
                Arguments.of("foo.bar", null, "foo.bar", "latest", null, "foo.bar:latest"),
                Arguments.of("localhost:5000", null, "localhost", "5000", null, "localhost:5000"),
                // Docker Hub's own host names still mean Docker Hub.
                Arguments.of("docker.io/library/nginx:1.15", null, "library/nginx", "1.15", null, "library/nginx:1.15"),
                Arguments.of("index.docker.io/mysql/mysql-server", null, "mysql/mysql-server", "latest", null,
                        "mysql/mysql-server:latest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validNames")
    void parsesValidNames(String image, String registry, String repository, String tag, String digest, String canonical) {
        ImageReference reference = ImageReference.parse(image);
        assertThat(reference).isEqualTo(new ImageReference(registry, repository, tag, digest));
        assertThat(reference.canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void imageIsRequired(String image) {
        assertInvalid(image);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Nginx", "nginx/App", "nginx:", ":1", "nginx:-1", "nginx:.1", "nginx latest", "a//b", "/nginx",
        "nginx/", "a-/b", "-a/b", "a..b", "a___b", "a.-b", "app@", "app@sha256:abc", "app@sha1:" + "0123456789abcdef0123",
        "app@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "reg_istry.com/app",
        "exa mple.com/app", "localhost:port/app", "registry.example.com/", "-registry.com/app", "registry..com/app",
        "nginx:1@" + "sha256:" + "0123456789abcdef"})
    void rejectsMalformedNames(String image) {
        assertInvalid(image);
    }

    @Test
    void lengthLimits() {
        String tag128 = "t".repeat(128);
        assertThat(ImageReference.parse("nginx:" + tag128).tag()).isEqualTo(tag128);
        assertInvalid("nginx:" + tag128 + "t");

        String registry255 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63));
        assertThat(registry255).hasSize(255);
        assertThat(ImageReference.parse(registry255 + "/app").registry()).isEqualTo(registry255);
        assertInvalid(registry255 + "e/app");

        String repository256 = "a".repeat(100) + "/" + "b".repeat(155);
        assertThat(repository256).hasSize(256);
        assertThat(ImageReference.parse(repository256).repository()).isEqualTo(repository256);
        assertInvalid(repository256 + "c");
    }

    @ParameterizedTest(name = "{0} via {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "nginx:1.15, mirror.local:5000, mirror.local:5000/library/nginx:1.15",
        "nginx, mirror.local:5000/, mirror.local:5000/library/nginx:latest",
        "mysql/mysql-server:8, mirror.local:5000, mirror.local:5000/mysql/mysql-server:8",
        "docker.io/library/nginx:1.15, mirror.local:5000, mirror.local:5000/library/nginx:1.15",
        "127.0.0.1:5000/nc-test/app:1, mirror.local:5000, 127.0.0.1:5000/nc-test/app:1",
        "localhost/app, mirror.local:5000, localhost/app:latest",
        "nginx:1.15, null, nginx:1.15",
        "mysql/mysql-server:8, '', mysql/mysql-server:8"})
    void pullNameGoesThroughTheMirrorForDockerHubOnly(String image, String mirror, String expected) {
        assertThat(ImageReference.parse(image).pullName(mirror)).isEqualTo(expected);
    }

    @Test
    void pullNameKeepsTheDigest() {
        assertThat(ImageReference.parse("nginx@" + DIGEST).pullName("mirror.local:5000"))
                .isEqualTo("mirror.local:5000/library/nginx@" + DIGEST);
    }

    private static void assertInvalid(String image) {
        assertThatThrownBy(() -> ImageReference.parse(image))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(ErrorStatus.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("containerSpec.image");
                    assertThat(e.getMessage()).startsWith("containerSpec.image: ");
                });
    }
}
