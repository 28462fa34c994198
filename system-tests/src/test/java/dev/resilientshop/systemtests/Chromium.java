package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium for the browser tests, driven by Playwright (which downloads no browser of its
 * own: the CI installs the system package). One place for its path and flags, so the ops page test
 * and the replay report's check start the same browser.
 */
public final class Chromium {

    public static final String PATH = System.getProperty("shop.chromium", "/usr/lib/chromium/chromium");

    private Chromium() {}

    /** Headless, without the sandbox (containers) and the GPU, and with a fresh, empty profile of its own. */
    public static Browser launch(Playwright playwright) {
        assertThat(Path.of(PATH))
                .as("Chromium at %s (apt-get install chromium)", PATH)
                .exists();
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(PATH))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
        // (launch() gives Chromium a temporary profile directory of its own: no --user-data-dir needed)
    }
}
