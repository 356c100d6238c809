package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo, end to end, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code scripts/install-test-deps.sh} installs them), on the page built
 * on {@code @switchboard/client}: the agent's answer renders as it streams, Approve continues a
 * run and Stop cancels it, a tab that drops in the middle of the answer ends with exactly the text
 * of a tab that never dropped, a tab beyond the per-user limit is evicted and stays closed, and
 * every thread shows its own events only. Screenshots go to {@code target/screenshots/}.
 */
@DisplayName("The demo in a real browser")
class DemoBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    // Steps 150 ms apart, about 80 tokens a second: an answer streams for about 5 s.
    private static final AgentPace PACE = new AgentPace(Duration.ofMillis(150), Duration.ofMillis(12));
    private static final String ANSWER = "#logs .log:not([hidden]) .message[data-kind=text]";

    private static DemoServer demo;
    private final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void startDemo() throws Exception {
        assertThat(CHROMIUM).as("Chromium must be installed (apt-get install chromium chromium-driver;"
                + " scripts/install-test-deps.sh does it)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver must be installed").exists();
        demo = DemoServer.start(new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW), PACE);
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    @DisplayName("the answer renders as it streams, on every tab of the user, never for another user; Approve continues the run")
    void answerStreamsAndApprovalContinues() throws Exception {
        String question = "What is the weather in Oslo?";
        AgentScript script = AgentScript.forQuestion(question);
        WebDriver alice = signedIn(demo, "alice");
        String first = alice.getWindowHandle();
        String second = newTab(alice, demo);
        WebDriver bob = signedIn(demo, "bob");
        alice.switchTo().window(first);

        ask(alice, question);
        waitFor(alice, "the working state", d -> d.findElement(By.id("working")).isDisplayed());
        WebElement approval = waitFor(alice, "the approval request",
                d -> visible(d, ".approval[data-status=pending] button.approve"));
        assertThat(text(alice, ".approval .title")).isEqualTo("Allow web search?");
        assertThat(text(alice, ".tool .args")).as("the tool call's arguments, streamed")
                .isEqualTo(script.toolArgumentsJson());
        assertThat(text(alice, ".message[data-kind=reasoning] .text")).isEqualTo(script.reasoning());
        screenshot(alice, "demo-approval.png");
        approval.click();
        waitFor(alice, "the decision", d -> visible(d, ".approval[data-status=approved]"));

        List<String> seen = watchAnswerStream(alice, script.answer(), "demo-streaming.png");
        assertThat(seen).as("distinct partial answers seen while it streamed").hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).allSatisfy(partial -> assertThat(script.answer()).startsWith(partial));
        waitFor(alice, "the run to succeed", d -> visible(d, ".run[data-status=succeeded]"));
        assertThat(text(alice, ANSWER + " .text")).isEqualTo(script.answer());
        waitFor(alice, "the working state to end", d -> !d.findElement(By.id("working")).isDisplayed());

        alice.switchTo().window(second);
        waitFor(alice, "the second tab's run", d -> visible(d, ".run[data-status=succeeded]"));
        assertThat(text(alice, ANSWER + " .text")).as("another tab of the same user").isEqualTo(script.answer());
        assertThat(text(alice, ".approval .decision")).as("every tab agrees on the decision").isEqualTo("Approved.");
        assertThat(text(alice, ".item.user")).as("the question, from the thread's stream").isEqualTo(question);
        assertThat(bob.findElements(By.cssSelector("#logs .item"))).as("another user sees none of it").isEmpty();
    }

    @Test
    @DisplayName("Stop in the middle of the answer ends the run as cancelled and the answer stops where it was")
    void stopCancelsTheRun() throws Exception {
        String question = "Summarize the last meeting";
        String answer = AgentScript.forQuestion(question).answer();
        WebDriver carol = signedIn(demo, "carol");
        approvedUntilPartOfTheAnswer(carol, question);

        carol.findElement(By.id("stop")).click();

        waitFor(carol, "the run to end as cancelled", d -> visible(d, ".run[data-status=cancelled]"));
        assertThat(carol.findElement(By.cssSelector(ANSWER)).getDomAttribute("data-status")).isEqualTo("interrupted");
        String stopped = text(carol, ANSWER + " .text");
        assertThat(stopped).hasSizeLessThan(answer.length());
        assertThat(answer).startsWith(stopped);
        waitFor(carol, "the working state to end", d -> !d.findElement(By.id("working")).isDisplayed());
        assertThat(carol.findElement(By.cssSelector("#ask button")).isEnabled()).isTrue();
        screenshot(carol, "demo-stopped.png");
    }

    @Test
    @DisplayName("a tab that drops in the middle of the answer shows the full text once, identical to a tab that never dropped")
    void dropInTheMiddleOfTheAnswer() throws Exception {
        String question = "How do I resume a stream?";
        String answer = AgentScript.forQuestion(question).answer();
        WebDriver dave = signedIn(demo, "dave");
        String dropping = dave.getWindowHandle();
        String steady = newTab(dave, demo);
        dave.switchTo().window(dropping);
        approvedUntilPartOfTheAnswer(dave, question);
        long resumes = demo.manager().stats().resumes();

        dave.findElement(By.id("drop")).click();

        waitFor(dave, "the drop", d -> !"open".equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
        waitFor(dave, "the recovery banner", d -> d.findElement(By.id("banner")).isDisplayed()
                && d.findElement(By.id("banner")).getText().contains("recovered"));
        screenshot(dave, "demo-recovered.png");
        assertThat(dave.findElement(By.id("banner")).getText()).containsPattern("recovered [1-9][0-9]* missed event");
        assertThat(text(dave, ANSWER + " .text")).as("the recovered text is the start of the answer").satisfies(
                recovered -> assertThat(answer).startsWith(recovered));
        waitFor(dave, "the run to succeed after the drop", d -> visible(d, ".run[data-status=succeeded]"));
        String recovered = text(dave, ANSWER + " .text");
        screenshot(dave, "demo-recovered-complete.png");
        assertThat(dave.findElements(By.cssSelector(ANSWER))).as("one answer, not two").hasSize(1);
        assertThat(dave.findElements(By.cssSelector("#logs .item.user"))).hasSize(1);
        assertThat(demo.manager().stats().resumes()).isGreaterThan(resumes);
        Object recoveries = ((JavascriptExecutor) dave).executeScript(
                "return window.demo.client.stats().recoveries;");
        assertThat(((Number) recoveries).intValue()).as("resumes the client saw served").isGreaterThanOrEqualTo(1);

        dave.switchTo().window(steady);
        waitFor(dave, "the steady tab's run", d -> visible(d, ".run[data-status=succeeded]"));
        assertThat(recovered).as("the tab that dropped, against the tab that did not")
                .isEqualTo(text(dave, ANSWER + " .text")).isEqualTo(answer);
        dave.switchTo().window(dropping);
        waitFor(dave, "the banner to go away", d -> !d.findElement(By.id("banner")).isDisplayed());
    }

    @Test
    @DisplayName("one tab more than the per-user limit: exactly one tab is evicted and stays closed with a clear message")
    void oneTabTooMany() throws Exception {
        try (DemoServer limited = DemoServer.start(
                new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW).withLimits(2, 100), PACE)) {
            WebDriver erin = signedIn(limited, "erin");
            List<String> tabs = new ArrayList<>(List.of(erin.getWindowHandle()));
            tabs.add(newTab(erin, limited));
            tabs.add(newTab(erin, limited));

            erin.switchTo().window(tabs.get(0));
            waitFor(erin, "the oldest tab to be evicted",
                    d -> "closed".equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
            assertThat(erin.findElement(By.id("status")).getDomAttribute("data-cause")).isEqualTo("evicted");
            assertThat(erin.findElement(By.id("status")).getText())
                    .contains("Another tab or device of this account took this connection's place")
                    .contains("Reload this page");
            screenshot(erin, "demo-evicted.png");

            // Nothing may flap: watch all three tabs for 3 s; the statuses must not change.
            List<String> before = statuses(erin, tabs);
            assertThat(before.get(0)).startsWith("closed:");
            assertThat(before.subList(1, 3)).allSatisfy(status -> assertThat(status).startsWith("open:connected ("));
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                assertThat(statuses(erin, tabs)).as("tab statuses over 3 s").isEqualTo(before);
            }
            assertThat(limited.manager().stats().evictions()).as("evictions in all").isEqualTo(1);
            assertThat(limited.manager().stats().connections()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("hidden panels stay hidden, each thread shows only its events, and a refused thread name is not added")
    void threadsAndPanels() throws Exception {
        WebDriver fay = browser(demo);
        waitFor(fay, "the sign-in form", d -> d.findElement(By.id("login")).isDisplayed());
        assertThat(fay.findElement(By.id("chat")).isDisplayed()).as("the chat before sign-in").isFalse();
        signIn(fay, "fay");
        assertThat(fay.findElement(By.id("login")).isDisplayed()).as("the sign-in form after sign-in").isFalse();
        assertThat(fay.findElement(By.id("banner")).isDisplayed()).as("an empty banner").isFalse();

        openThread(fay, "research");
        String inResearch = "Which sources cover delivery?";
        runRejected(fay, inResearch);
        fay.findElement(By.cssSelector("#threads button[data-thread=general]")).click();
        String inGeneral = "Say hello";
        runRejected(fay, inGeneral);

        assertOnlyThread(fay, "general", inGeneral, inResearch);
        fay.findElement(By.cssSelector("#threads button[data-thread=research]")).click();
        assertOnlyThread(fay, "research", inResearch, inGeneral);
        assertThat(text(fay, ".approval .decision")).isEqualTo("Rejected.");
        assertThat(text(fay, ANSWER + " .text")).isEqualTo(AgentScript.forQuestion(inResearch).answerWithoutSearch());

        int threads = fay.findElements(By.cssSelector("#threads button")).size();
        fay.findElement(By.id("thread-name")).sendKeys("no spaces allowed");
        fay.findElement(By.cssSelector("#new-thread button")).click();
        waitFor(fay, "the refusal", d -> d.findElement(By.id("thread-error")).isDisplayed());
        assertThat(fay.findElements(By.cssSelector("#threads button"))).as("threads after a refused name")
                .hasSize(threads);

        fay.navigate().refresh();
        waitFor(fay, "connected after the reload", DemoBrowserTest::connected);
        waitFor(fay, "the question back from the stream", d -> visible(d, ".log:not([hidden]) .item.user") != null);
        assertOnlyThread(fay, "research", inResearch, inGeneral);
        assertThat(fay.findElements(By.cssSelector("#threads button"))).hasSize(threads);
        screenshot(fay, "demo-threads.png");
    }

    // ---- steps ----

    // Follows the streaming answer; returns the distinct partial texts seen before it completed.
    private static List<String> watchAnswerStream(WebDriver driver, String answer, String screenshot)
            throws Exception {
        Set<String> partials = new LinkedHashSet<>();
        boolean shot = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<WebElement> found = driver.findElements(By.cssSelector(ANSWER));
            if (!found.isEmpty()) {
                String status = found.get(0).getDomAttribute("data-status");
                String partial = found.get(0).findElement(By.className("text")).getDomProperty("textContent");
                if (!"streaming".equals(status)) {
                    return new ArrayList<>(partials);
                }
                partials.add(partial);
                if (!shot && partial.length() > answer.length() / 3) {
                    screenshot(driver, screenshot);
                    shot = true;
                }
            }
        }
        throw new AssertionError("the answer did not complete within 60 s; seen: " + partials.size());
    }

    // Asks, approves the search, and returns once part of the answer is on the page.
    private static void approvedUntilPartOfTheAnswer(WebDriver driver, String question) {
        ask(driver, question);
        waitFor(driver, "the approval request", d -> visible(d, ".approval[data-status=pending] button.approve"))
                .click();
        waitFor(driver, "part of the answer", d -> visible(d, ANSWER + "[data-status=streaming]") != null
                && text(d, ANSWER + " .text").length() > 40);
    }

    private static void runRejected(WebDriver driver, String question) {
        ask(driver, question);
        waitFor(driver, "the approval request",
                d -> visible(d, ".log:not([hidden]) .approval[data-status=pending] button.reject")).click();
        waitFor(driver, "the run to succeed", d -> visible(d, ".log:not([hidden]) .run[data-status=succeeded]"));
    }

    private static void assertOnlyThread(WebDriver driver, String thread, String asked, String askedElsewhere) {
        List<WebElement> shown = new ArrayList<>();
        for (WebElement item : driver.findElements(By.cssSelector("#logs .item"))) {
            if (item.isDisplayed()) {
                shown.add(item);
            }
        }
        assertThat(shown).as("items shown in " + thread).isNotEmpty().allSatisfy(item -> assertThat(
                item.findElement(By.xpath("ancestor::ol")).getDomAttribute("data-thread")).isEqualTo(thread));
        List<String> questions = shown.stream().filter(item -> item.getDomAttribute("class").contains("user"))
                .map(WebElement::getText).toList();
        assertThat(questions).containsExactly(asked).doesNotContain(askedElsewhere);
        assertThat(text(driver, "#thread-title")).isEqualTo("Thread: " + thread);
    }

    private static void openThread(WebDriver driver, String name) {
        driver.findElement(By.id("thread-name")).sendKeys(name);
        driver.findElement(By.cssSelector("#new-thread button")).click();
        waitFor(driver, "the thread " + name, d -> visible(d, "#threads button.current[data-thread='" + name + "']"));
    }

    private static List<String> statuses(WebDriver driver, List<String> tabs) {
        List<String> statuses = new ArrayList<>();
        for (String tab : tabs) {
            driver.switchTo().window(tab);
            WebElement status = driver.findElement(By.id("status"));
            statuses.add(status.getDomAttribute("data-state") + ":" + status.getText());
        }
        return statuses;
    }

    private WebDriver signedIn(DemoServer server, String name) {
        WebDriver driver = browser(server);
        waitFor(driver, "the sign-in form", d -> d.findElement(By.id("login")).isDisplayed());
        signIn(driver, name);
        return driver;
    }

    private static void signIn(WebDriver driver, String name) {
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.cssSelector("#login-form button")).click();
        waitFor(driver, "connected", DemoBrowserTest::connected);
    }

    private static String newTab(WebDriver driver, DemoServer server) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(server.pageUri().toString());
        waitFor(driver, "connected", DemoBrowserTest::connected);
        return driver.getWindowHandle();
    }

    private WebDriver browser(DemoServer server) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.get(server.pageUri().toString());
        return driver;
    }

    private static boolean connected(WebDriver driver) {
        WebElement status = driver.findElement(By.id("status"));
        return "open".equals(status.getDomAttribute("data-state")) && status.getText().startsWith("connected");
    }

    private static void ask(WebDriver driver, String question) {
        driver.findElement(By.id("question")).sendKeys(question);
        waitFor(driver, "Send to be enabled", d -> d.findElement(By.cssSelector("#ask button")).isEnabled());
        driver.findElement(By.cssSelector("#ask button")).click();
    }

    // The first displayed element matching the selector, or null.
    private static WebElement visible(WebDriver driver, String css) {
        for (WebElement element : driver.findElements(By.cssSelector(css))) {
            if (element.isDisplayed()) {
                return element;
            }
        }
        return null;
    }

    // The exact text of the first displayed element matching the selector (no whitespace folding).
    private static String text(WebDriver driver, String css) {
        WebElement element = visible(driver, css);
        assertThat(element).as("a visible " + css).isNotNull();
        return element.getDomProperty("textContent");
    }

    private static <T> T waitFor(WebDriver driver, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(() -> "waiting for " + what)
                .until(condition::apply);
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
