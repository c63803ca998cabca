package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.plan.JobRuns;
import dev.stackd.controller.testing.TestImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through chromium-driver) against a real server, the
 * real controller and the real engine: sign in, apply a stack from the editor, see it Ready, see the repair of a
 * container removed behind stackd's back appear on the stack's page without a reload, follow a service's logs,
 * delete the stack. Screenshots of the overview and the stack's page go to target/dashboard/.
 */
class DashboardIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "dashboard");
    /** Generous: the machine may be busy; the page itself reacts within moments of each event. */
    static final Duration WAIT = Duration.ofSeconds(90);

    // "$$" is a "$" for the shell: compose interpolates a single one
    static final String COMPOSE = """
            services:
              web:
                image: %s
                command: ["sh", "-c", "i=0; while true; do echo tick $$i; echo warn $$i >&2; i=$$((i+1)); sleep 1; done"]
              worker:
                image: %s
                command: ["sleep", "3600"]
            """.formatted(TestImage.REF, TestImage.REF);

    @TempDir
    Path dir;
    StackFixture f;
    HttpServer http;
    String url;
    WebDriver browser;
    WebDriverWait wait;

    /** A failed test leaves what the page showed at that moment: a screenshot, its DOM, the browser's log. */
    @RegisterExtension
    final AfterTestExecutionCallback onFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            saveFailure(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeEach
    void start() {
        f = new StackFixture(dir.resolve("data"));
        http = new HttpServer(f.daemon, ApiToken.loadOrCreate(f.dataDir));
        url = "http://127.0.0.1:" + http.start("127.0.0.1", 0) + "/";
        browser = chromium();
        wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // a feed row replaced while it was read: read again
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (http != null) http.close();
        f.close(); // removes every container, network and volume labelled with the stack
    }

    @Test
    void aWrongTokenShowsAnErrorAndNoData() {
        f.apply(COMPOSE); // a stack exists: nothing of it may show
        // Chromium aborts the loads under way when a network interface appears (ERR_NETWORK_CHANGED): the stack's
        // bridge is made before the page loads
        f.awaitReady();
        browser.get(url);
        type(By.id("token"), "not-the-token-of-this-stackd-0123456789");
        browser.findElement(By.id("sign-in")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        assertThat(browser.findElement(By.id("sign-in-error")).getText()).contains("not the one");
        assertThat(browser.findElements(By.id("stacks"))).isEmpty();
        assertThat(browser.findElement(By.id("top")).isDisplayed()).isFalse();
        assertThat(browser.getPageSource()).doesNotContain(f.stack);
        assertThat(browser.manage().getCookieNamed("stackd_session")).isNull();
    }

    @Test
    void signInApplyWatchTheRepairFollowLogsAndDelete() throws IOException {
        browser.get(url);
        signIn();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-stacks")));

        // apply from the editor: an error is shown at its line, then the fixed file validates with a diff and a plan
        browser.findElement(By.id("new-stack")).click();
        type(By.id("stack-name"), f.stack);
        setEditor(COMPOSE.replace("command: [\"sleep\", \"3600\"]", "command: [\"sleep\", \"3600\"]\n    scale: -1"));
        browser.findElement(By.id("validate")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#errors li")));
        assertThat(error.getText()).contains("line 8").contains("services.worker");
        assertThat(browser.findElement(By.cssSelector(".gutter div.bad")).getText()).isEqualTo("8");
        assertThat(browser.findElement(By.id("apply")).isEnabled()).isFalse();

        setEditor(COMPOSE);
        browser.findElement(By.id("validate")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-preview"), "plan for stack " + f.stack));
        assertThat(browser.findElement(By.id("diff")).getText()).contains("does not exist yet");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("apply"))).click();

        // the stack's page: Ready, with its services, containers, plan and spec
        wait.until(ExpectedConditions.urlContains("#/stacks/" + f.stack));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#conditions tr[data-type=Ready] .status"), "True"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan"), "nothing to do"));
        assertThat(browser.findElement(By.cssSelector("#services tr[data-service=web]")).getText()).startsWith("web 1 1");
        assertThat(browser.findElement(By.id("spec")).getText()).contains("worker:").contains(TestImage.REF);
        wait.until(d -> d.findElements(By.cssSelector("#containers tbody tr")).size() == 2);

        // the overview shows it Ready, live
        browser.findElement(By.cssSelector("header .brand")).click();
        String row = "#stacks tr[data-stack='" + f.stack + "']";
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row + " .ready"), "True"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row + " .services"), "2/2"));
        screenshot("overview.png");

        // a container removed behind stackd's back: its repair appears on the stack's page, no reload
        click(By.cssSelector(row + " a.stack-link"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#conditions tr[data-type=Ready] .status"), "True"));
        wait.until(d -> !d.findElements(By.cssSelector("#events li")).isEmpty());
        ((JavascriptExecutor) browser).executeScript("window.stackdNoReload = true");
        long before = lastSeq();
        var web = f.running(f.name("web", 1));
        f.engine.removeContainer(web.id(), true);
        String container = "container " + f.name("web", 1);
        wait.until(d -> d.findElements(By.cssSelector("#events li")).stream()
                .anyMatch(li -> Long.parseLong(li.getDomAttribute("data-seq")) > before && li.getText().contains(container)));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#conditions tr[data-type=Ready] .status"), "True"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stackdNoReload")).isEqualTo(true);
        // the repair's Started event arrives on its own: waited for, not read once (a read right after Ready showed
        // "Created x2" and not yet "Started" in one run of the full suite)
        wait.until(d -> d.findElements(By.cssSelector("#events li")).stream()
                .filter(li -> Long.parseLong(li.getDomAttribute("data-seq")) > before).map(WebElement::getText)
                .anyMatch(t -> t.contains("Started") && t.contains(container)));
        screenshot("stack.png");

        if (http.endpoints().contains("GET /api/v1/stacks/:name/logs")) {
            followLogs();
        } else {
            System.out.println("DashboardIT: no logs endpoint in this build: the logs step did not run");
        }

        // delete: the confirmation names the stack and says what happens to volumes
        browser.findElement(By.id("delete")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.id("confirm-title")).getText()).contains(f.stack);
        assertThat(browser.findElement(By.id("confirm-consequence")).getText()).contains("no named volumes");
        browser.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stack-notice")));
        assertThat(browser.findElement(By.id("stack-notice")).getText()).contains("does not exist");
        await().atMost(WAIT).until(() -> f.containers().isEmpty() && f.daemon.store().get(f.stack).isEmpty());
    }

    /** A job that never fires by itself in a test (New Year's midnight): only "Run now" makes its runs. */
    static final String JOB_COMPOSE = """
            services:
              worker:
                image: %s
                command: ["sleep", "3600"]
              report:
                image: %s
                command: ["sh", "-c", "echo report done; sleep 1"]
                x-stackd: {schedule: "0 0 1 1 *", timezone: UTC, history: {succeeded: 5}}
            """.formatted(TestImage.REF, TestImage.REF);

    @Test
    void theJobsPageListsAJobAndRunNowMakesARunAppear() throws IOException {
        f.apply(JOB_COMPOSE);
        f.awaitReady(); // the stack's network exists before the page loads (see aWrongTokenShowsAnErrorAndNoData)
        browser.get(url);
        signIn();

        browser.findElement(By.id("jobs-link")).click();
        String row = "#jobs tr[data-stack='" + f.stack + "'][data-job=report]";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row)));
        assertThat(browser.findElement(By.cssSelector(row + " .schedule")).getText()).contains("0 0 1 1 *");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row + " .next-run"), "in "));
        assertThat(browser.findElement(By.cssSelector(row + " .last-run")).getText()).contains("never run");
        assertThat(f.containers().stream().filter(JobRuns::isRun)).as("no run before Run now").isEmpty();

        click(By.cssSelector(row + " button.run-now"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs-status"), "asked for"));
        // live, no reload: the run appears, going, then succeeded (it takes a second)
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row + " .last-run"), "succeeded"));
        var runs = f.containers().stream().filter(JobRuns::isRun).toList();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.labels()).containsEntry(Labels.JOB_TRIGGER, "manual");
            assertThat(run.exitCode()).isZero();
        });
        screenshot("jobs.png");

        // the job's page: its run, its events; Run now there makes a second run appear
        click(By.cssSelector(row + " a.job-link"));
        wait.until(ExpectedConditions.urlContains("#/stacks/" + f.stack + "/jobs/report"));
        String first = "#runs tr[data-run='" + runs.getFirst().name() + "']";
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(first + " .outcome"), "succeeded"));
        wait.until(d -> d.findElements(By.cssSelector("#events li[data-reason=JobSucceeded]")).size() == 1);
        // the first run took a second: this request is of a later second, so it is a run of its own
        browser.findElement(By.id("run-now")).click();
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-trigger=manual]")).size() == 2);
        wait.until(d -> d.findElements(By.cssSelector("#events li[data-reason=JobSucceeded]")).size() == 2);
        screenshot("job.png");

        // the stack's page has the job too
        browser.findElement(By.linkText("Stack " + f.stack)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#stack-jobs tr[data-job=report]")));
    }

    private void followLogs() {
        click(By.cssSelector("#services a.logs-link[data-service=web]"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "tick"));
        int seen = browser.findElements(By.cssSelector("#logs li")).size();
        wait.until(d -> d.findElements(By.cssSelector("#logs li")).size() > seen); // following: new lines keep coming
        assertThat(browser.findElements(By.cssSelector("#logs li.stderr"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#logs li .container")).getText()).contains(f.name("web", 1));
        browser.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete")));
    }

    /** Clicks in a live row, which the page may replace meanwhile: a stale element is found again (see start()). */
    private void click(By target) {
        wait.until(d -> {
            d.findElement(target).click();
            return true;
        });
    }

    private void signIn() {
        type(By.id("token"), ApiToken.loadOrCreate(f.dataDir).value());
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top")));
        assertThat(browser.manage().getCookieNamed("stackd_session").isHttpOnly()).isTrue();
    }

    private long lastSeq() {
        return browser.findElements(By.cssSelector("#events li")).stream()
                .mapToLong(li -> Long.parseLong(li.getDomAttribute("data-seq"))).max().orElse(0);
    }

    private void type(By field, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(field));
        e.clear();
        e.sendKeys(text);
    }

    /** Replaces the editor's text by typing it, as a person would (clear first: the editor starts with an example). */
    private void setEditor(String text) {
        WebElement editor = wait.until(ExpectedConditions.elementToBeClickable(By.id("compose")));
        editor.clear();
        editor.sendKeys(text);
    }

    /**
     * Chromium aborts the loads under way when an address of the host changes (net::ERR_NETWORK_CHANGED), and the
     * engine adds one with each network it makes: the cause of a blank page, once, when a stack came up as the page
     * loaded. The page now loads itself again; here networks come and go while it is opened ten times.
     */
    @Test
    void theDashboardLoadsWhileTheEngineMakesNetworks() throws Exception {
        var stop = new AtomicBoolean();
        var made = new AtomicInteger();
        var churn = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                String name = f.stack + "_churn" + made.incrementAndGet();
                String id = f.engine.createNetwork(new NetworkRequest(
                        new NetworkSpec(name, null, null, false, false, false, null, null, null), Map.of(Labels.STACK, f.stack)));
                f.engine.removeNetwork(id);
                sleep(1000); // bursts, as stacks coming up make (a change without pause for minutes defeats any retry)
            }
        });
        var reloaded = new ArrayList<Integer>();
        try {
            for (int i = 0; i < 10; i++) {
                browser.get(url + "?load=" + i); // a new page each time, not a hash change
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
                Object type = ((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('navigation')[0].type");
                if ("reload".equals(type)) reloaded.add(i);
            }
        } finally {
            stop.set(true);
            churn.join(WAIT.toMillis());
        }
        System.out.printf("DashboardIT: 10 loads while %d networks came and went; loaded again by the page: %s%n", made.get(), reloaded);
        assertThat(made.get()).as("networks made while the page loaded").isGreaterThan(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A module that does not load (the browser blocks it here): the page loads itself again, then says so. */
    @Test
    void aModuleThatDoesNotLoadMakesThePageLoadAgainThenSaySo() {
        var chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/js/feed.js")));
        browser.get(url);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("load-retry")));
        assertThat(browser.findElement(By.id("load-error")).getText()).contains("did not load");
        assertThat(((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('navigation')[0].type"))
                .as("the page loaded itself again before it gave up").isEqualTo("reload");
        assertThat(browser.findElements(By.id("token"))).isEmpty();

        chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        browser.findElement(By.id("load-retry")).click();
        signIn();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-stacks")));
    }

    private void saveFailure(String test) {
        try {
            Path dir = Files.createDirectories(SCREENSHOTS.resolve("failed"));
            screenshot("failed/" + test + ".png");
            Files.writeString(dir.resolve(test + ".html"), browser.getCurrentUrl() + "\n" + browser.getPageSource());
            var log = new StringBuilder();
            for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) log.append(e).append('\n');
            Object loads = ((JavascriptExecutor) browser).executeScript("return performance.getEntries()"
                    + ".map(e => [e.entryType, e.name, e.responseStatus, e.transferSize, Math.round(e.duration)].join(' ')).join('\\n')");
            log.append("performance entries:\n").append(loads).append('\n');
            Files.writeString(dir.resolve(test + ".log"), log);
            System.out.println("DashboardIT: " + test + " failed; the page as it was is in " + dir.toAbsolutePath());
        } catch (Exception e) {
            System.out.println("DashboardIT: could not save the page of " + test + ": " + e);
        }
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Debian's chromium through its chromium-driver, headless; never a browser or driver downloaded at run time. */
    static WebDriver chromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("No " + CHROMIUM + " or " + CHROMEDRIVER + ": run ./scripts/test as root on Debian,"
                    + " which installs chromium and chromium-driver, or apt-get install chromium chromium-driver");
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL")); // kept for saveFailure
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
