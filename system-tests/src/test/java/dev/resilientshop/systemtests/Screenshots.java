package dev.resilientshop.systemtests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Where the browser tests' screenshots go. Always to {@code system-tests/target/artifacts/} (the CI
 * keeps them); a screenshot the docs show also goes to {@code docs/img/<name>.png} when the run
 * sets {@code -Dscreenshots.update=true}, so the pictures in the docs are what a test saw and
 * checked, not a hand-made capture that drifts from the pages. Without the property the docs are
 * left alone: an ordinary test run does not change the repository. {@code DocsClaimsTest} checks
 * that every image in docs/img is shown by a doc and written by a call to {@link #forDocs}.
 */
public final class Screenshots {

    /** One size for every docs screenshot: the same page gives the same picture from run to run. */
    public static final int WIDTH = 1280;

    public static final int HEIGHT = 800;
    public static final String UPDATE = "screenshots.update";

    private Screenshots() {}

    /** A page of {@link #WIDTH} x {@link #HEIGHT}. */
    public static Page page(Browser browser) {
        var page = browser.newPage();
        page.setViewportSize(WIDTH, HEIGHT);
        return page;
    }

    /** A screenshot for the test artifacts only. */
    public static Path artifact(Page page, String name, boolean fullPage) throws IOException {
        return artifact(page, name, new Page.ScreenshotOptions().setFullPage(fullPage));
    }

    /**
     * A screenshot the docs show as {@code docs/img/<name>.png}: taken into the artifacts, and
     * copied to docs/img when {@code -Dscreenshots.update=true}. Call it after the test asserted
     * what the picture is meant to show.
     */
    public static Path forDocs(Page page, String name, boolean fullPage) throws IOException {
        return forDocs(page, name, new Page.ScreenshotOptions().setFullPage(fullPage));
    }

    /** {@link #forDocs(Page, String, boolean)} of a part of the page (it may reach below the viewport). */
    public static Path forDocs(Page page, String name, Clip clip) throws IOException {
        return forDocs(
                page, name, new Page.ScreenshotOptions().setFullPage(true).setClip(clip));
    }

    private static Path forDocs(Page page, String name, Page.ScreenshotOptions options) throws IOException {
        var file = artifact(page, name, options);
        if (Boolean.getBoolean(UPDATE)) {
            var docs = Files.createDirectories(root().resolve("docs/img")).resolve(name + ".png");
            // the same pixels, deflated harder than Chromium does (12 to 35 % smaller on the ops test's three)
            if (!ImageIO.write(ImageIO.read(file.toFile()), "png", docs.toFile())) {
                throw new IOException("no PNG writer for " + docs);
            }
            System.out.printf("screenshot: %s (%d bytes)%n", root().relativize(docs), Files.size(docs));
        }
        return file;
    }

    private static Path artifact(Page page, String name, Page.ScreenshotOptions options) throws IOException {
        var file = artifacts().resolve(name + ".png");
        page.screenshot(options.setPath(file));
        return file;
    }

    private static Path root() {
        return Shop.root();
    }

    private static Path artifacts() throws IOException {
        return Files.createDirectories(root().resolve("system-tests/target/artifacts"));
    }
}
