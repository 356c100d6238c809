package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
 * {@code chromium-driver}; {@code .ci/run} installs them): the page signs in with a signed
 * cookie, the WebSocket handshake authenticates with it, and the agent's events render in order.
 */
@DisplayName("The demo in a real browser")
class DemoBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<String> RUN = List.of("agent_started", "agent_thinking",
            "agent_thinking", "tool_executing", "tool_completed", "agent_thinking", "agent_completed");

    private static DemoServer demo;
    private final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void startDemo() throws Exception {
        assertThat(CHROMIUM).as("Chromium must be installed (apt-get install chromium chromium-driver;"
                + " .ci/run does it)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver must be installed").exists();
        demo = DemoServer.start(new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW),
                Duration.ofMillis(400));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    @DisplayName("the five events appear in order, on every tab of the user, and never for another user")
    void runInOrderAndIsolated() throws Exception {
        WebDriver alice = signedIn("alice");
        WebDriver bob = signedIn("bob");
        String aliceFirstTab = alice.getWindowHandle();
        alice.switchTo().newWindow(WindowType.TAB);
        alice.get(demo.pageUri().toString());
        waitFor(alice, "connected", d -> d.findElement(By.id("status")).getText().startsWith("connected"));
        String aliceSecondTab = alice.getWindowHandle();
        alice.switchTo().window(aliceFirstTab);

        ask(alice, "What is the weather in Oslo?");
        waitFor(alice, "agent_completed", d -> !eventTypes(d).isEmpty() && eventTypes(d).contains("agent_completed"));

        assertThat(eventTypes(alice)).containsExactlyElementsOf(RUN);
        assertThat(eventSeqs(alice)).containsExactlyElementsOf(LongStream.rangeClosed(1, RUN.size()).boxed().toList());
        alice.switchTo().window(aliceSecondTab);
        waitFor(alice, "the second tab's agent_completed", d -> eventTypes(d).contains("agent_completed"));
        assertThat(eventTypes(alice)).as("another tab of the same user sees the same run").containsExactlyElementsOf(RUN);
        assertThat(eventTypes(bob)).as("another user sees none of it").isEmpty();
        alice.switchTo().window(aliceFirstTab);
        screenshot(alice, "demo-run.png");
    }

    @Test
    @DisplayName("after a forced drop in the middle of a run, every event is shown exactly once")
    void dropInTheMiddleRecoversEverything() throws Exception {
        WebDriver carol = signedIn("carol");
        ask(carol, "Summarize the last meeting");
        waitFor(carol, "the run to start", d -> eventTypes(d).contains("agent_thinking"));
        carol.findElement(By.id("drop")).click();
        waitFor(carol, "agent_completed after the drop", d -> eventTypes(d).contains("agent_completed"));
        waitFor(carol, "the recovery banner", d -> d.findElement(By.id("banner")).getText().contains("recovered"));

        assertThat(eventTypes(carol)).containsExactlyElementsOf(RUN);
        assertThat(eventSeqs(carol)).as("every event exactly once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, RUN.size()).boxed().toList());
        assertThat(demo.manager().stats().resumes()).isGreaterThan(0);
        screenshot(carol, "demo-recovered.png");
    }

    private WebDriver signedIn(String name) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.get(demo.pageUri().toString());
        waitFor(driver, "the sign-in form", d -> d.findElement(By.id("login")).isDisplayed());
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.cssSelector("#login-form button")).click();
        waitFor(driver, "connected", d -> d.findElement(By.id("status")).getText().startsWith("connected"));
        return driver;
    }

    private static void ask(WebDriver driver, String question) {
        driver.findElement(By.id("question")).sendKeys(question);
        driver.findElement(By.cssSelector("#ask button")).click();
    }

    private static List<String> eventTypes(WebDriver driver) {
        List<String> types = new ArrayList<>();
        for (WebElement item : agentEvents(driver)) {
            types.add(item.getDomAttribute("data-type"));
        }
        return types;
    }

    private static List<Long> eventSeqs(WebDriver driver) {
        List<Long> seqs = new ArrayList<>();
        for (WebElement item : agentEvents(driver)) {
            seqs.add(Long.parseLong(item.getDomAttribute("data-seq")));
        }
        return seqs;
    }

    // Events the server sent (they carry a seq); the user's own messages are rendered without.
    private static List<WebElement> agentEvents(WebDriver driver) {
        return driver.findElements(By.cssSelector("#events .event:not([data-seq=''])"));
    }

    private static void waitFor(WebDriver driver, String what,
            java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "waiting for " + what)
                .until(condition::apply);
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
