package org.omnireward.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Task;
import org.omnireward.data.UnifiedRecord;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real browser: headless Chromium (Debian's {@code chromium}) driven through Debian's
 * {@code chromedriver} by Selenium, with no browser download. Opens the runs, filters a list, opens samples,
 * checks that images decode and that video and audio elements reach {@code readyState >= 2} (enough data to
 * play), that the script payloads planted in every field do not run, and that an annotation session driven by
 * the keyboard writes the expected labels. Screenshots of the main pages go to {@code target/screenshots} (and
 * to the folder named by {@code -Domnireward.explore.screenshots=DIR}, which is how docs/images is refreshed).
 *
 * <p>Skipped with a message when the browser or the driver is missing (set {@code OMNI_REWARD_CHROMIUM} and
 * {@code OMNI_REWARD_CHROMEDRIVER} for other locations); under CI ({@code CI=true}), where {@code .ci/run}
 * installs both, their absence fails the test instead.
 */
class BrowserIT {

    @TempDir
    static Path dir;

    static Explorer explorer;
    static ExploreServer server;
    static ChromeDriver driver;
    static String base;
    static Path shots;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(env("OMNI_REWARD_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(env("OMNI_REWARD_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        if (!present) {
            String msg = "BrowserIT skipped: needs " + chromium + " and " + chromedriver
                    + " (apt-get install -y chromium chromium-driver)";
            System.out.println(msg);
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(msg + "; .ci/run installs them, so under CI this is a failure");
            }
            Assumptions.assumeTrue(false, msg);
        }
        explorer = Fixtures.runsExplorer(dir);
        server = ExploreServer.start(explorer, ExploreServer.Settings.local(), System.err);
        base = "http://127.0.0.1:" + server.port();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--mute-audio",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"),
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (explorer != null) {
            explorer.close();
        }
    }

    @Test
    void open_runs_filter_a_list_and_open_a_sample() throws Exception {
        driver.get(base + "/");
        assertThat(driver.getCurrentUrl()).endsWith("/runs");
        assertThat(driver.findElements(By.cssSelector("svg.chart"))).hasSize(2);
        screenshot("runs", 1280, 1500);
        driver.findElement(By.linkText("scalar")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("scalar");
        screenshot("run-overview", 1280, 1700);

        driver.get(base + "/tasks/ti2t?setting=no_ties");
        long all = rows();
        assertThat(all).isEqualTo(2);
        // choosing a filter submits the form by itself (app.js): the scalar run's wrong samples only
        new Select(driver.findElement(By.name("run"))).selectByVisibleText("scalar");
        waitFor(() -> driver.getCurrentUrl().contains("run=scalar"));
        new Select(driver.findElement(By.name("status"))).selectByValue("wrong");
        waitFor(() -> driver.getCurrentUrl().contains("status=wrong"));
        long wrong = rows();
        assertThat(wrong).isLessThan(all);
        for (WebElement cell : driver.findElements(By.cssSelector("#samples tbody tr td:nth-child(5)"))) {
            assertThat(cell.getAttribute("class")).isEqualTo("wrong"); // the scalar run's column
        }
        driver.get(base + "/tasks/ti2t?setting=no_ties");
        driver.findElement(By.cssSelector("a.sample")).click();
        assertThat(driver.getCurrentUrl()).contains("/sample/ti2t?id=");
        assertThat(driver.findElements(By.cssSelector("article.prediction"))).hasSize(4); // 2 runs x 2 settings
        assertThat(imageDecoded(driver.findElement(By.cssSelector("section.prompt figure img"))))
                .isTrue();
        // the arrow key moves to the next sample of the list
        new Actions(driver).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT).perform();
        waitFor(() -> driver.getCurrentUrl().contains("ti2t-001"));
    }

    @Test
    void images_decode_and_video_and_audio_have_data_to_play() throws Exception {
        // t2i and t23d responses, ti2i input and responses
        for (Task t : List.of(Task.T2I, Task.T23D, Task.TI2I)) {
            openFirstSample(t);
            List<WebElement> imgs = driver.findElements(By.cssSelector("figure.media img"));
            assertThat(imgs).as(t.id()).isNotEmpty();
            for (WebElement img : imgs) {
                waitFor(() -> imageDecoded(img));
            }
        }
        // t2v responses and the tv2t input: videos
        for (Task t : List.of(Task.T2V, Task.TV2T)) {
            openFirstSample(t);
            List<WebElement> videos = driver.findElements(By.tagName("video"));
            assertThat(videos).as(t.id()).isNotEmpty();
            for (WebElement v : videos) {
                waitFor(() -> readyState(v) >= 2);
                assertThat(js("return arguments[0].error", v)).isNull();
                assertThat(((Number) js("return arguments[0].duration", v)).doubleValue())
                        .isPositive();
            }
            if (t == Task.T2V) {
                screenshot("sample-video", 1280, 1500);
            }
        }
        // t2a responses and the ta2t input: audio
        for (Task t : List.of(Task.T2A, Task.TA2T)) {
            openFirstSample(t);
            List<WebElement> audios = driver.findElements(By.tagName("audio"));
            assertThat(audios).as(t.id()).isNotEmpty();
            for (WebElement a : audios) {
                waitFor(() -> readyState(a) >= 2);
                assertThat(js("return arguments[0].error", a)).isNull();
            }
        }
    }

    @Test
    void script_payloads_in_every_field_do_not_run() throws Exception {
        driver.get(base + "/sample/t2t?setting=ties&id=" + Markup.enc(Fixtures.EVIL_ID));
        driver.findElement(By.tagName("details")).click(); // open the raw output too
        Thread.sleep(500);
        assertThat(js("return typeof window." + Fixtures.FLAG)).isEqualTo("undefined");
        assertNoAlert();
        // the payloads are there, shown as text
        assertThat(driver.findElement(By.cssSelector("[data-field=prompt]")).getText())
                .contains(Fixtures.payload(0));
        assertThat(driver.findElement(By.cssSelector("[data-field=criteria]")).getText())
                .contains(Fixtures.payload(1));
        assertThat(driver.findElement(By.cssSelector("h1.sample-id")).getText()).isEqualTo(Fixtures.EVIL_ID);
        assertThat(driver.findElements(By.cssSelector("[data-field=rationale]")))
                .isNotEmpty();
        for (String page : List.of(
                "/runs",
                "/runs/judge",
                "/tasks/t2t?setting=ties",
                "/tasks/t2t?setting=ties&q=" + Markup.enc("<script>"),
                "/data",
                "/data/items?task=t2t",
                "/data/item/0")) {
            driver.get(base + page);
            assertThat(js("return typeof window." + Fixtures.FLAG)).as(page).isEqualTo("undefined");
            assertNoAlert();
        }
        driver.get(base + "/sample/t2t?setting=ties&id=" + Markup.enc(Fixtures.EVIL_ID));
        screenshot("sample-payloads", 1280, 1600);
    }

    @Test
    void the_dataset_pages_show_the_data_stats_figures() throws Exception {
        driver.get(base + "/data");
        assertThat(driver.findElements(By.cssSelector(".stats svg"))).hasSizeGreaterThanOrEqualTo(4);
        screenshot("data", 1280, 1400);
        driver.findElement(By.linkText("t2v")).click();
        assertThat(driver.getCurrentUrl()).contains("/data/items?task=t2v");
        assertThat(rowsOf("a[href^='/data/item/']")).isEqualTo(2);
    }

    @Test
    void an_annotation_session_by_keyboard_writes_the_expected_labels(@TempDir Path tmp) throws Exception {
        Path pairs = AnnotationIT.pairs(tmp);
        Path out = tmp.resolve("labels.jsonl");
        try (Explorer e = Explorer.annotate(
                        pairs, Optional.empty(), new AnnotationQueue.Settings(out, List.of("ana"), null, 3), null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            String b = "http://127.0.0.1:" + s.port();
            driver.get(b + "/annotate");
            assertThat(driver.getCurrentUrl()).endsWith("/annotate/ana");
            String firstShown = driver.findElement(By.name("shown")).getAttribute("value");
            screenshot("annotate", 1280, 1300);
            // pair 1: B, then Enter, all from the keyboard, with the criterion given with the pair
            driver.findElement(By.tagName("body")).click();
            new Actions(driver).sendKeys("b").perform();
            assertThat(driver.findElement(By.cssSelector("input[name=pick][value=B]"))
                            .isSelected())
                    .isTrue();
            new Actions(driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
            waitFor(() -> driver.getCurrentUrl().contains("saved="));
            // pair 2: write a criterion, say why, then T (tie) and Enter
            String secondShown = driver.findElement(By.name("shown")).getAttribute("value");
            driver.findElement(By.name("criterion_text")).sendKeys("Prefer the answer a child understands.");
            driver.findElement(By.name("rationale")).sendKeys("Both are simple.");
            driver.findElement(By.tagName("h2")).click(); // leave the text box: keys are shortcuts again
            new Actions(driver).sendKeys("t").perform();
            new Actions(driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
            waitFor(() -> driver.getCurrentUrl().contains("saved=1"));
            // pair 3: skip with S
            new Actions(driver).sendKeys("s").perform();
            waitFor(() -> driver.getCurrentUrl().contains("after=2"));
            assertThat(driver.findElement(By.cssSelector(".progress")).getText())
                    .contains("p3");
            List<UnifiedRecord> labels = AnnotationIT.read(out);
            assertThat(labels).hasSize(2);
            UnifiedRecord first = labels.get(0);
            assertThat(first.pair().id()).isEqualTo("p0#ana");
            assertThat(first.pair().criteria()).isEqualTo("Prefer the shorter answer.");
            assertThat(first.provenance().get("annotation").get("pick").asText())
                    .isEqualTo("B");
            // B is the response not shown first: its item slot decides chosen
            String bSlot = firstShown.equals("r1") ? "r2" : "r1";
            assertThat(first.pair().chosen().requireText())
                    .isEqualTo(bSlot.equals("r1") ? "short 0" : "a much longer answer 0");
            UnifiedRecord second = labels.get(1);
            assertThat(second.pair().tie()).isTrue();
            assertThat(second.pair().criteria()).isEqualTo("Prefer the answer a child understands.");
            assertThat(second.provenance()
                            .get("annotation")
                            .get("criterion_origin")
                            .asText())
                    .isEqualTo("written");
            assertThat(second.provenance().get("annotation").get("rationale").asText())
                    .isEqualTo("Both are simple.");
            assertThat(second.provenance().get("annotation").get("shown").get(0).asText())
                    .isEqualTo(secondShown.equals("r1") ? "response1" : "response2");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void openFirstSample(Task t) {
        driver.get(base + "/tasks/" + t.id() + "?setting=ties");
        driver.findElement(By.cssSelector("a.sample")).click();
    }

    private static long rows() {
        return rowsOf("a.sample");
    }

    private static long rowsOf(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    private static boolean imageDecoded(WebElement img) {
        return Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
    }

    private static long readyState(WebElement media) {
        return ((Number) js("return arguments[0].readyState", media)).longValue();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void assertNoAlert() {
        try {
            driver.switchTo().alert();
            throw new AssertionError("an alert opened: a payload ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "timed out at " + driver.getCurrentUrl() + " showing:\n"
                            + driver.findElement(By.tagName("main")).getText(),
                    e);
        }
    }

    /** A screenshot of the current page at the given size into target/screenshots (and the docs folder if asked). */
    private static void screenshot(String name, int width, int height) throws IOException {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("omnireward.explore.screenshots");
        if (docs != null && !docs.isBlank()) {
            Files.createDirectories(Path.of(docs));
            Files.copy(
                    png.toPath(),
                    Path.of(docs).resolve("explore-" + name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        driver.manage().window().setSize(before);
    }
}
