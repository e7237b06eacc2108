#!/usr/bin/python3
# natter: an IRC server. ISC licence; see the COPYING file.
#
# A person at the web chat page, in headless Chromium through Selenium,
# driven one step at a time by tests/browser.bats: each line read from
# stdin is a step ("say hello", "see hello", ...); each step ends in a
# line "ok STEP" or "fail STEP: why" on stdout, and after a failure the
# script exits.  Every wait has a deadline (STEP_TIMEOUT seconds), and any
# SEVERE entry in the browser's console log fails the step it came in
# (but those an "allow" step has named).
#
# usage: browser.py URL [WIDTHxHEIGHT]
# Exit 77 (skip) when Selenium is not importable.

import os
import re
import signal
import sys
import tempfile
import shutil

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("skip: python3-selenium not installed", flush=True)
    sys.exit(77)

STEP_TIMEOUT = float(os.environ.get("BROWSER_TIMEOUT", "30"))


class StepFailed(Exception):
    pass


def start(size):
    opts = webdriver.ChromeOptions()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--lang=en-GB",
                "--window-size=%d,%d" % size):
        opts.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="natter-chromium-")
    opts.add_argument("--user-data-dir=" + profile)
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=opts)
    # Headless windows are at least 500 pixels wide: a phone's screen
    # is emulated, as the browser's developer tools do.
    if size[0] < 500:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1,
            "mobile": True})
    driver.set_page_load_timeout(STEP_TIMEOUT)
    driver.set_script_timeout(STEP_TIMEOUT)
    return driver, profile


class Page:
    def __init__(self, driver, url):
        self.d = driver
        self.url = url
        self.console = []
        self.allowed = None

    def wait(self, what, cond):
        try:
            return WebDriverWait(self.d, STEP_TIMEOUT).until(
                lambda d: cond())
        except WebDriverException as e:
            raise StepFailed("%s: %s" % (what, type(e).__name__))

    def el(self, id_):
        return self.d.find_element(By.ID, id_)

    def text(self, id_):
        """What element ID_ shows (nothing while it is hidden)."""
        return self.el(id_).text

    def content(self, id_):
        """The text of element ID_, shown or not."""
        return self.el(id_).get_attribute("textContent")

    def check_console(self):
        """Fail on any SEVERE console entry; keep them all for the end."""
        entries = self.d.get_log("browser")
        self.console += entries
        bad = [e["message"] for e in entries if e["level"] == "SEVERE"
               and not (self.allowed and self.allowed.search(e["message"]))]
        if bad:
            raise StepFailed("console error: " + " | ".join(bad))

    # The steps: step_NAME(self, arg).

    def step_allow(self, regex):
        """From now on, console errors matching REGEX do not fail a step
        (what Chromium itself logs while a server is down)."""
        self.allowed = re.compile(regex)

    def step_open(self, arg):
        self.d.get(self.url)
        self.wait("the nickname prompt",
                  lambda: self.el("login-nick").is_displayed())

    def step_login(self, nick):
        """Type the nickname in the prompt; Enter connects."""
        box = self.el("login-nick")
        box.clear()
        box.send_keys(nick, Keys.ENTER)
        self.wait("the chat after login", lambda: self.el("chat")
                  .is_displayed() and not self.el("login").is_displayed()
                  and self.content("me") == nick)

    def step_rooms(self, room):
        """Open the list of rooms (LIST) and join ROOM from it."""
        self.el("list-rooms").click()
        self.wait("the room list", lambda: self.el("rooms-dialog")
                  .is_displayed())
        xpath = "//ul[@id='rooms-all']//button[normalize-space()='%s']" % room
        button = self.wait("%s in the room list" % room,
                           lambda: self.d.find_elements(By.XPATH, xpath))
        button[0].click()
        self.wait("the room %s shown" % room,
                  lambda: self.text("title") == room)
        self.wait("the room list closed", lambda: not self.el("rooms-dialog")
                  .is_displayed())

    def step_join(self, room):
        """Join ROOM through the join box of the rooms dialog (on a
        narrow screen, behind the Rooms button)."""
        if not self.el("list-rooms").is_displayed():
            self.el("toggle-views").click()
        self.el("list-rooms").click()
        self.wait("the join box", lambda: self.el("join-room").is_displayed())
        self.el("join-room").send_keys(room, Keys.ENTER)
        self.wait("the room %s shown" % room,
                  lambda: self.text("title") == room)

    def step_say(self, text):
        """Type TEXT in the message box and press the Send button."""
        self.el("say").send_keys(text)
        self.el("send").click()
        self.wait("the message box emptied",
                  lambda: self.el("say").get_attribute("value") == "")

    def tab_to(self, id_):
        """Keyboard only: from the top of the page, Tab to element ID_."""
        self.d.execute_script("document.activeElement.blur();")
        for _ in range(40):
            if self.d.switch_to.active_element.get_attribute("id") == id_:
                return
            ActionChains(self.d).send_keys(Keys.TAB).perform()
        raise StepFailed("Tab never reached #" + id_)

    def step_keysay(self, text):
        """Keyboard only: Tab to the message box, type TEXT, Enter."""
        self.tab_to("say")
        ActionChains(self.d).send_keys(text, Keys.ENTER).perform()
        self.wait("the message box emptied",
                  lambda: self.el("say").get_attribute("value") == "")

    def step_keyjoin(self, room):
        """Keyboard only: Tab to the rooms button, Enter, type ROOM in
        the join box (which has the focus), Enter."""
        self.tab_to("list-rooms")
        ActionChains(self.d).send_keys(Keys.ENTER).perform()
        self.wait("the join box focused", lambda: self.d.switch_to
                  .active_element.get_attribute("id") == "join-room")
        ActionChains(self.d).send_keys(room, Keys.ENTER).perform()
        self.wait("the room %s shown" % room,
                  lambda: self.text("title") == room)
        self.wait("the message box focused", lambda: self.d.switch_to
                  .active_element.get_attribute("id") == "say")

    def step_see(self, text):
        """TEXT appears in the message area, with a server-time stamp."""
        xpath = ("//main[@id='log']/p[contains(., %s)]" % xpath_str(text))
        line = self.wait("'%s' in the messages" % text,
                         lambda: self.d.find_elements(By.XPATH, xpath))
        stamp = line[-1].find_elements(By.TAG_NAME, "time")
        if not stamp or not stamp[0].get_attribute("datetime"):
            raise StepFailed("'%s' has no timestamp" % text)

    def step_members(self, nicks):
        """Each of NICKS is in the member list (shown)."""
        for nick in nicks.split():
            self.wait("%s in the member list" % nick,
                      lambda: nick in [w.lstrip("@+") for w in
                                       self.text("member-list").split()])

    def step_away(self, nick):
        """NICK is marked away in the member list."""
        self.wait("%s away in the member list" % nick,
                  lambda: any(l.lstrip("@+") == nick + " (away)" for l in
                              self.text("member-list").splitlines()))

    def step_people(self, nicks):
        """On a narrow screen: the People button shows the member list
        with NICKS; Escape hides it again."""
        self.el("toggle-members").click()
        self.wait("the member list shown",
                  lambda: self.el("members").is_displayed())
        self.step_members(nicks)
        ActionChains(self.d).send_keys(Keys.ESCAPE).perform()
        self.wait("the member list hidden",
                  lambda: not self.el("members").is_displayed())

    def step_query(self, nick):
        """Click NICK in the member list: a private conversation."""
        xpath = ("//ul[@id='member-list']//button[contains(., %s)]" %
                 xpath_str(nick))
        self.wait("%s in the member list" % nick,
                  lambda: self.d.find_elements(By.XPATH, xpath))[0].click()
        self.wait("the conversation with %s shown" % nick,
                  lambda: self.text("title") == nick)

    def step_view(self, name):
        """Go back to view NAME through the list of rooms and people."""
        xpath = "//nav[@id='views']//button[normalize-space()=%s]" % \
            xpath_str(name)
        self.wait("%s in the list of views" % name,
                  lambda: self.d.find_elements(By.XPATH, xpath))[0].click()
        self.wait("%s shown" % name, lambda: self.text("title") == name)

    def step_topic(self, text):
        self.wait("the topic '%s'" % text,
                  lambda: self.el("topic").get_attribute("textContent") ==
                  text)

    def step_leave(self, room):
        """The Leave button leaves the room shown."""
        self.el("leave").click()
        xpath = "//nav[@id='views']//button[normalize-space()=%s]" % \
            xpath_str(room)
        self.wait("%s gone from the list" % room,
                  lambda: not self.d.find_elements(By.XPATH, xpath))

    def step_reachable(self, arg):
        """The message box and the Send button are shown, inside the
        window, not covered, and big enough to touch."""
        for id_ in ("say", "send"):
            ok = self.d.execute_script("""
                const e = document.getElementById(arguments[0]);
                const r = e.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                return r.width >= 24 && r.height >= 24 && r.left >= 0 &&
                    r.top >= 0 && r.right <= innerWidth &&
                    r.bottom <= innerHeight &&
                    document.elementFromPoint(x, y) === e &&
                    document.documentElement.scrollWidth <= innerWidth;
            """, id_)
            if not ok:
                raise StepFailed("#%s is not visible and usable in %dx%d" %
                                 ((id_,) + tuple(self.d.execute_script(
                                     "return [innerWidth, innerHeight]"))))

    def step_shot(self, path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        if not self.d.save_screenshot(path):
            raise StepFailed("no screenshot")
        print("screenshot: %s" % os.path.abspath(path), flush=True)


def xpath_str(s):
    if "'" not in s:
        return "'%s'" % s
    return "concat('%s')" % "', \"'\", '".join(s.split("'"))


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: browser.py URL [WIDTHxHEIGHT]", file=sys.stderr)
        return 2
    size = (1100, 700)
    if len(sys.argv) == 3:
        size = tuple(int(n) for n in sys.argv[2].split("x"))
    # make check, or the test's teardown, may stop us: quit Chromium first.
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(1))
    driver, profile = start(size)
    rc = 0
    try:
        page = Page(driver, sys.argv[1])
        print("started", flush=True)
        for line in sys.stdin:
            step = line.rstrip("\n")
            name, _, arg = step.partition(" ")
            fn = getattr(page, "step_" + name, None)
            try:
                if fn is None:
                    raise StepFailed("no such step")
                fn(arg)
                page.check_console()
            except (StepFailed, WebDriverException) as e:
                print("fail %s: %s" % (step, str(e).splitlines()[0]
                                       if str(e) else type(e).__name__),
                      flush=True)
                rc = 1
                break
            print("ok %s" % step, flush=True)
        for e in page.console:
            print("console %s: %s" % (e["level"], e["message"]), flush=True)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
