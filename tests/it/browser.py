"""Drive qbank's study page (qbank export --to html) in headless Chromium.

    python browser.py PAGE.html [SCREENSHOT_DIR]

Prints one JSON object: what the page showed and did (entries, reveal,
a choice scored, blanks filled in and scored, progress kept over a reload,
keys, search, themes, print, math), every request that was not the page itself or a data: URI, and
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


def typed_as_people_do(answer):
    """An answer as someone might type it: case swapped, ASCII letters,
    digits and punctuation in their full-width forms, spaces full-width and
    around it."""
    out = []
    for c in answer.swapcase():
        if "!" <= c <= "~":
            out.append(chr(ord(c) + 0xFEE0))
        elif c == " ":
            out.append("\u3000")
        else:
            out.append(c)
    return "  " + "".join(out) + " "


FILL_FORMS = """
return [...document.querySelectorAll('form.blanks')].map(f => {
  const groups = new Map();
  for (const i of f.elements) {
    if (!i.matches('.blank input')) continue;
    const g = i.parentElement.dataset.blank;
    if (!groups.has(g)) groups.set(g, {answers: JSON.parse(i.dataset.answers), inputs: 0});
    groups.get(g).inputs += 1;
  }
  return {id: f.id, groups: [...groups.values()]};
});
"""


def blank_inputs(driver, form):
    """The first input of each group of a fill form."""
    inputs = driver.find_elements(By.CSS_SELECTOR, f"input[form='{form}']")
    seen, out = set(), []
    for i in inputs:
        group = js(driver, "return arguments[0].parentElement.dataset.blank", i)
        if group not in seen:
            seen.add(group)
            out.append(i)
    return out


def fill(driver, report):
    """Fill in the blanks: one entry right as typed differently (case,
    full-width digits and letters, spaces), one wrong, one revealed; a
    repeated cloze typed once; Tab and Esc; the score; kept over a reload."""
    forms = js(driver, FILL_FORMS)
    report["fillable"] = len(forms)
    if len(forms) < 3:
        return
    ascii_ = lambda a: any(c.isascii() and c.isalnum() for c in a)
    def typable(form):
        return all(any(ascii_(a) for a in g["answers"]) for g in form["groups"])
    candidates = [f for f in forms if typable(f)]
    digits = [f for f in candidates if any(c.isdigit() for g in f["groups"] for a in g["answers"] for c in a)]
    right = (digits or candidates or forms)[0]
    others = [f for f in forms if f is not right]
    wrong, revealed = others[0], others[1]
    typed = []
    inputs = blank_inputs(driver, right["id"])
    for group, box in zip(right["groups"], inputs):
        answer = next((a for a in group["answers"] if ascii_(a)), group["answers"][0])
        typed.append(typed_as_people_do(answer))
        click(driver, box)
        box.send_keys(typed[-1])
    inputs[-1].send_keys(Keys.ENTER)
    article = f"document.getElementById('{right['id']}').closest('article')"
    report["fill_typed"] = typed
    report["fill_right_verdict"] = js(driver, f"return {article}.querySelector('.verdict').className")
    report["fill_right_marked"] = js(driver, f"return {article}.querySelectorAll('.blank.right').length")
    report["fill_right_groups"] = len(right["groups"])
    box = blank_inputs(driver, wrong["id"])[0]
    click(driver, box)
    box.send_keys("qbank wrong", Keys.ENTER)
    article = f"document.getElementById('{wrong['id']}').closest('article')"
    report["fill_wrong_verdict"] = js(driver, f"return {article}.querySelector('.verdict').className")
    report["fill_wrong_verdict_text"] = js(driver, f"return {article}.querySelector('.verdict').textContent")
    report["fill_wrong_marked"] = js(driver, f"return {article}.querySelectorAll('.blank.wrong').length")
    report["fill_wrong_invalid"] = box.get_attribute("aria-invalid")
    report["fill_wrong_key"] = wrong["groups"][0]["answers"][0]
    report["fill_answer_shown_after_check"] = js(
        driver, f"const a = {article}.querySelector('.answer'); return !a || getComputedStyle(a).display !== 'none'")
    box.send_keys(Keys.ESCAPE)
    report["fill_escape_to_entry"] = js(driver, f"return document.activeElement === {article}")
    article = f"document.getElementById('{revealed['id']}').closest('article')"
    report["fill_keys_before_reveal"] = js(
        driver, f"return [...{article}.querySelectorAll('.blank .key')].filter(k => getComputedStyle(k).display !== 'none').length")
    click(driver, driver.execute_script(f"return {article}.querySelector('.reveal')"))
    report["fill_keys_after_reveal"] = js(
        driver, f"return [...{article}.querySelectorAll('.blank .key')].filter(k => getComputedStyle(k).display !== 'none').map(k => k.textContent)")
    report["fill_keys_expected"] = js(
        driver, f"return [...{article}.querySelectorAll('.blank input')].map(i => JSON.parse(i.dataset.answers).join(' / '))")
    several = next((f for f in forms if len(f["groups"]) >= 2 and f["id"] not in (right["id"], wrong["id"])), None)
    if several:
        first = blank_inputs(driver, several["id"])[0]
        click(driver, first)
        first.send_keys(Keys.TAB)
        report["fill_tab_to_next_blank"] = js(
            driver, "return document.activeElement.matches('.blank input') && document.activeElement.getAttribute('form') === arguments[0]"
                    " && document.activeElement.parentElement.dataset.blank === '2'", several["id"])
    repeated = next((f for f in forms if any(g["inputs"] > 1 for g in f["groups"])), None)
    if repeated:
        first = blank_inputs(driver, repeated["id"])[0]
        click(driver, first)
        first.send_keys("Paris")
        report["fill_repeated_values"] = js(
            driver, "const g = arguments[0].parentElement.dataset.blank;"
                    "return [...document.querySelectorAll(`input[form='${arguments[1]}']`)]"
                    ".filter(i => i.parentElement.dataset.blank === g).map(i => i.value)", first, repeated["id"])
    report["fill_labels"] = js(driver, "return [...document.querySelectorAll('.blank input')].slice(0, 3).map(i => i.getAttribute('aria-label'))")
    report["fill_score"] = driver.find_element(By.ID, "score").text
    for attempt in range(5):
        js(driver, "return new Promise(r => setTimeout(r, 1000))")
        driver.refresh()
        report["fill_kept_checked"] = js(driver, "return document.querySelectorAll('form.blanks.checked').length")
        if report["fill_kept_checked"]:
            break
    report["fill_kept_value"] = js(driver, "return document.querySelector(`input[form='${arguments[0]}']`).value", right["id"])
    report["fill_kept_right_marked"] = js(
        driver, "return document.getElementById(arguments[0]).closest('article').querySelectorAll('.blank.right').length", right["id"])
    report["fill_score_after_reload"] = driver.find_element(By.ID, "score").text
    report["fill_toc_leaks"] = js(
        driver, "return [...document.querySelectorAll('article .title .blank')].filter(b => {"
                "  const a = document.querySelector(`#toc a[href='#${b.closest('article').id}']`);"
                "  return a && a.textContent.includes(b.querySelector('.key').textContent); }).length")
    report["fill_toc_titles"] = js(driver, "return [...document.querySelectorAll('#toc .toc-entry a')].map(a => a.textContent)"
                                           ".filter(t => t.includes('____')).length")


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
            fill(driver, report)
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
            report["print_hidden_blank_keys"] = js(
                driver, "return [...document.querySelectorAll('.blank .key')]"
                        ".filter(k => getComputedStyle(k).display === 'none').length")
            report["print_blank_inputs_shown"] = js(
                driver, "return [...document.querySelectorAll('.blank input')]"
                        ".filter(i => getComputedStyle(i).display !== 'none').length")
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
