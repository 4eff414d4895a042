package nc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageNameTest {
    @Test
    void splitsTheTagOffTheLastPathPart() {
        assertThat(ImageName.parse("127.0.0.1:5000/nc-test/app:1")).isEqualTo(new ImageName("127.0.0.1:5000/nc-test/app", "1"));
        assertThat(ImageName.parse("nginx:1.25-alpine")).isEqualTo(new ImageName("nginx", "1.25-alpine"));
    }

    @Test
    void withoutTagMeansLatestNotEveryTag() {
        assertThat(ImageName.parse("busybox")).isEqualTo(new ImageName("busybox", "latest"));
        assertThat(ImageName.parse("127.0.0.1:5000/nc-test/app")).isEqualTo(new ImageName("127.0.0.1:5000/nc-test/app", "latest"));
    }

    @Test
    void aDigestStaysInTheReference() {
        String pinned = "registry.example.com/a/b@sha256:" + "0".repeat(64);
        assertThat(ImageName.parse(pinned)).isEqualTo(new ImageName(pinned, null));
    }
}
