"""Drive qbank's study page (qbank export --to html) in headless Chromium.

    python browser.py PAGE.html [SCREENSHOT_DIR]

Prints one JSON object: what the page showed and did (entries, reveal,
a choice scored, progress kept over a reload, keys, search, themes, print,
math), every request that was not the page itself or a data: URI, and
every console message of level warning or worse. The Rust test
(tests/it/browser.rs) asserts on it. Needs selenium and Debian's chromium
and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
"""
import json
import os
import pathlib
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("QBANK_CHROMIUM", "/usr/bin/chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(os.environ.get("QBANK_CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(1280, 900)
    return driver


def requests(driver, page):
    """Requests the page made (for other than itself and data: URIs), and any
    request at all to a network scheme (the browser's own chrome: pages
    aside)."""
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        by_page = message["params"].get("documentURL", "").startswith(page)
        local = url.startswith("file:") or url.startswith("data:")
        network = url.split(":", 1)[0].lower() in ("http", "https", "ws", "wss", "ftp")
        if network or (by_page and not local):
            out.append(url)
    return out


def console(driver):
    return [f'{e["level"]}: {e["message"]}' for e in driver.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING")]


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def click(driver, element):
    """Click as a person would: the element scrolled to the middle of the
    window first (not under the page's sticky bar), twice, since entries
    off screen are laid out (content-visibility: auto) as they come near
    and move what is below them."""
    for _ in range(2):
        js(driver, "arguments[0].scrollIntoView({block: 'center'});"
                   "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
           element)
    element.click()


def displayed(driver, selector):
    return js(driver, "const e = document.querySelector(arguments[0]);"
                      "return !!e && getComputedStyle(e).display !== 'none';", selector)


def choice(driver, report):
    """Answer the first choice question right and the second wrong."""
    forms = driver.find_elements(By.CSS_SELECTOR, "form.options .check")
    report["answerable"] = len(forms)
    if len(forms) < 2:
        return
    first, second = [f.find_element(By.XPATH, "./ancestor::form") for f in forms[:2]]
    for option in first.find_elements(By.CSS_SELECTOR, ".option[data-correct] input"):
        click(driver, option)
    click(driver, first.find_element(By.CSS_SELECTOR, ".check"))
    report["first_verdict"] = first.find_element(By.CSS_SELECTOR, ".verdict").get_attribute("class")
    report["first_marked_right"] = len(first.find_elements(By.CSS_SELECTOR, ".option.right"))
    wrong = second.find_elements(By.CSS_SELECTOR, ".option:not([data-correct]) input")
    if wrong:
        click(driver, wrong[0])
        click(driver, second.find_element(By.CSS_SELECTOR, ".check"))
        report["second_verdict"] = second.find_element(By.CSS_SELECTOR, ".verdict").get_attribute("class")
        report["second_marked_wrong"] = len(second.find_elements(By.CSS_SELECTOR, ".option.wrong"))
        report["second_missed"] = len(second.find_elements(By.CSS_SELECTOR, ".option.missed"))
        report["second_verdict_text"] = second.find_element(By.CSS_SELECTOR, ".verdict").text
    report["score"] = driver.find_element(By.ID, "score").text
    report["answer_shown_after_check"] = js(
        driver, "const a = arguments[0].closest('article').querySelector('.answer');"
                "return !a || getComputedStyle(a).display !== 'none';", first)


def keys(driver, report):
    body = driver.find_element(By.TAG_NAME, "body")
    js(driver, "window.scrollTo(0, 0)")
    body.send_keys("j")
    report["current_after_j"] = js(driver, "const c = document.querySelector('article.current');"
                                           "return c && c.id;")
    body.send_keys("j")
    report["current_after_jj"] = js(driver, "const c = document.querySelector('article.current');"
                                            "return c && c.id;")
    body.send_keys("k")
    report["current_after_jjk"] = js(driver, "const c = document.querySelector('article.current');"
                                             "return c && c.id;")
    driver.switch_to.active_element.send_keys("r")
    report["revealed_by_key"] = js(driver, "const c = document.querySelector('article.current');"
                                           "return !!c && c.classList.contains('revealed');")


def search(driver, report):
    box = driver.find_element(By.ID, "search")
    word = js(driver, "const t = document.querySelector('article[data-entry] .title');"
                      "return t.textContent.replace(/^\\d+\\.\\s*/, '').trim().split(/\\s+/)[0].slice(0, 12);")
    box.send_keys(word)
    js(driver, "return new Promise(r => setTimeout(r, 600))")
    report["search_word"] = word
    report["shown_after_search"] = js(driver, "return document.querySelectorAll('article[data-entry]:not([hidden])').length")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    js(driver, "return new Promise(r => setTimeout(r, 600))")
    report["shown_after_clear"] = js(driver, "return document.querySelectorAll('article[data-entry]:not([hidden])').length")


def reveal_all(driver, report):
    """Show all answers: every entry with an answer counts as seen."""
    click(driver, driver.find_element(By.ID, "reveal-all"))
    report["revealable"] = js(driver, "return document.querySelectorAll('article .reveal').length")
    report["seen_after_reveal_all"] = js(driver, "return document.querySelectorAll('article.seen').length")
    report["seen_text_after_reveal_all"] = driver.find_element(By.ID, "seen").text
    click(driver, driver.find_element(By.ID, "reveal-all"))


def reload_kept(driver, report):
    """Reloads the page and counts what it kept of the visit.

    Chromium hands a page's localStorage writes to the browser process
    asynchronously; on a loaded machine a reload may outrun them (seen
    twice in CI, even after a one-second wait). The page's own write is
    checked first (`kept_written`), then the reload is tried up to five
    times, a second apart, until the kept progress shows.
    """
    report["kept_written"] = js(
        driver, "return Object.keys(localStorage).some(k => k.startsWith('qbank:'))")
    for attempt in range(5):
        js(driver, "return new Promise(r => setTimeout(r, 1000))")
        driver.refresh()
        report["kept_seen"] = js(driver, "return document.querySelectorAll('article.seen').length")
        report["reloads"] = attempt + 1
        if report["kept_seen"]:
            return


def main():
    page = pathlib.Path(sys.argv[1]).resolve()
    shots = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    report = {}
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            driver.get_log("performance")  # the browser's own start, not the page's
            driver.get(page.as_uri())
            report["title"] = driver.title
            report["entries"] = js(driver, "return document.querySelectorAll('[data-entry]').length")
            report["articles"] = js(driver, "return document.querySelectorAll('article').length")
            report["main_width"] = js(driver, "return document.querySelector('main').getBoundingClientRect().width")
            report["toc_links"] = js(driver, "return document.querySelectorAll('#toc a').length")
            report["toc_tex"] = js(driver, "return [...document.querySelectorAll('#toc a')].some(a => a.textContent.includes('\\\\('))")
            report["toc_katex"] = js(driver, "return document.querySelectorAll('#toc .katex').length")
            report["ready"] = js(driver, "return document.documentElement.classList.contains('ready')")
            report["answers"] = js(driver, "return document.querySelectorAll('article .answer').length")
            report["answer_hidden"] = not displayed(driver, "article .answer")
            button = driver.find_elements(By.CSS_SELECTOR, "article .reveal")
            if button:
                click(driver, button[0])
                report["answer_shown_after_click"] = displayed(driver, "article .answer")
            report["images"] = js(driver, "return [...document.images].filter(i => i.complete && i.naturalWidth > 0).length")
            report["code_spans"] = js(driver, "return document.querySelectorAll('pre.hl-code span[class^=hl-]').length")
            choice(driver, report)
            report["stats"] = driver.find_element(By.CSS_SELECTOR, ".stats").text
            reload_kept(driver, report)
            report["kept_checked"] = js(driver, "return document.querySelectorAll('form.options.checked').length")
            report["score_after_reload"] = driver.find_element(By.ID, "score").text
            keys(driver, report)
            search(driver, report)
            reveal_all(driver, report)
            theme = driver.find_element(By.ID, "theme")
            themes = [js(driver, "return document.documentElement.dataset.theme")]
            for _ in range(3):
                click(driver, theme)
                themes.append(js(driver, "return document.documentElement.dataset.theme"))
            report["themes"] = themes
            js(driver, "window.scrollTo(0, document.body.scrollHeight)")
            js(driver, "return new Promise(r => setTimeout(r, 300))")
            report["katex"] = js(driver, "return document.querySelectorAll('.katex').length")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            report["print_hidden_answers"] = js(
                driver, "return [...document.querySelectorAll('article .answer')]"
                        ".filter(a => getComputedStyle(a).display === 'none').length")
            report["print_toolbar_shown"] = displayed(driver, ".bar")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            if shots:
                js(driver, "window.scrollTo(0, 0)")
                for name, width, height in [("desktop", 1280, 900), ("phone", 390, 844)]:
                    driver.set_window_size(width, height)
                    js(driver, "return new Promise(r => setTimeout(r, 200))")
                    driver.save_screenshot(str(shots / f"{page.stem}-{name}.png"))
                for _ in range(3):
                    if js(driver, "return document.documentElement.dataset.theme") == "dark":
                        break
                    theme.click()
                js(driver, "document.querySelector('article .reveal').click()")
                driver.save_screenshot(str(shots / f"{page.stem}-phone-dark.png"))
            report["requests"] = requests(driver, page.as_uri())
            report["console"] = console(driver)
        finally:
            driver.quit()
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
