package nc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project documents itself: README and docs/ link only to files of the repository that exist,
 * and every "docs/api/... §N" cited in the code names a section those pages have.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern CITATION = Pattern.compile("docs/api/(nc|nativecontainer|vpc-disk)\\.md ?§ ?(\\d+(?:\\.\\d+)*)");
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared/|(?<![\\w/.-])(API|VPC-DISK-API|DESIGN|NATIVECONTAINER)\\.md");

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> markdown() {
        List<Path> pages = new ArrayList<>(files(ROOT.resolve("docs"), ".md"));
        pages.add(ROOT.resolve("README.md"));
        return pages;
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAFileOfTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path page : markdown()) {
            Matcher m = LINK.matcher(read(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                Path resolved = page.getParent().resolve(target).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
    }

    @Test
    void theCodeCitesOnlyTheRepositorysDocsAndOnlySectionsTheyHave() {
        List<String> outside = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<Path> sources = new ArrayList<>(files(ROOT.resolve("server").resolve("src"), ".java"));
        sources.addAll(markdown());
        for (Path file : sources) {
            String text = read(file);
            if (OUTSIDE.matcher(text).find()) {
                outside.add(ROOT.relativize(file).toString());
            }
            Matcher m = CITATION.matcher(text);
            while (m.find()) {
                String page = read(ROOT.resolve("docs/api/" + m.group(1) + ".md"));
                String section = m.group(2);
                Pattern heading = Pattern.compile("(?m)^#{2,4} " + Pattern.quote(section) + (section.contains(".") ? " " : "\\. "));
                if (!heading.matcher(page).find()) {
                    unknown.add(ROOT.relativize(file) + ": " + m.group());
                }
            }
        }
        assertThat(outside).as("files that point outside the repository").isEmpty();
        assertThat(unknown).as("citations of sections the docs do not have").isEmpty();
    }
}
