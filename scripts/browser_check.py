#!/usr/bin/env python3
"""What a person sees on `agenda serve`'s web agenda, in a real headless Chromium (Selenium).

Usage: browser_check.py BASE_URL --confidential TITLE --events PUBLIC_EVENTS.json --out DIR --secret-feed URL

Checks: the Bangkok dialogue under October 2023's "date TBC" section, after the dated days; the chair timeline on the
committee page (recorded and projected terms, today marked); search that folds diacritics ("doi thoai" finds
"Đối thoại"), typed into the page's form; subscribe links (webcal and https) for every public feed, whose downloads
the independent readers accept (interop_check.py on all.ics; icalendar, ical and recurring-ical-events on each); the
confidential title on no page and in no public feed, but in the secret link's feed; the page usable at phone width.
Saves screenshots in DIR.
"""
import argparse
import os
import subprocess
import sys
import urllib.request

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


def navigate(driver, action, path_part):
    """Runs a click or a submit and returns once the next page has replaced this one: a submit returns before the
    new page loads, and elements found meanwhile belong to the old page and go stale under the reader."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()
    wait = WebDriverWait(driver, 15)

    def left(_):
        # The old page is gone when its root is stale. Chromium sometimes says so another way while the new
        # document replaces the old one: "Node with given id does not belong to the document".
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise

    wait.until(left)
    wait.until(lambda d: path_part in d.current_url and d.execute_script("return document.readyState") == "complete")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--confidential", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--secret-feed", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                "--lang=en-GB"):
        opts.add_argument(arg)
    chromium = "/usr/bin/chromium"
    if os.path.exists(chromium):
        opts.binary_location = chromium
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    seen_sources = []
    try:
        # The agenda: dated days first, then the date-TBC section with October 2023 and the dialogue in it.
        driver.get(a.base + "/")
        seen_sources.append(driver.page_source)
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the page declares its language")
        days = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "section.day h2")]
        check(len(days) > 0 and days[0] == "Mon 20 Feb 2023", f"dated days come first, from today: {days[:3]}")
        check(len(days) == len(set(days)), "each day once")
        tbc = driver.find_elements(By.CSS_SELECTOR, "section.tbc")
        check(len(tbc) == 1, "one 'Date to be confirmed' section")
        october = driver.find_elements(
            By.XPATH, "//section[@class='tbc']/h3[normalize-space()='October 2023 — date TBC']"
                      "/following-sibling::ul[1]//a[contains(., 'Italy-ASEAN High-Level Dialogue')]")
        check(len(october) == 1, "the Bangkok dialogue is listed under 'October 2023 — date TBC'")
        check(october and october[0].is_displayed(), "and a person can see it")
        section_y = tbc[0].location["y"] if tbc else 0
        day_y = driver.find_element(By.CSS_SELECTOR, "section.day").location["y"]
        check(day_y < section_y, "the date-TBC section sits after the dated days")
        driver.save_screenshot(os.path.join(a.out, "agenda.png"))

        # The dialogue's own page: where, and "add to my calendar".
        navigate(driver, october[0].click, "/events/")
        seen_sources.append(driver.page_source)
        check("Bangkok" in driver.page_source, "the event page says where (Bangkok)")
        add = driver.find_elements(By.CSS_SELECTOR, "a.add")
        check(len(add) == 1, "the event page has an 'add to my calendar' link")
        if add:
            body = urllib.request.urlopen(add[0].get_attribute("href")).read().decode()
            check("Italy-ASEAN High-Level Dialogue" in body and body.startswith("BEGIN:VCALENDAR"), "it downloads the event")

        # Search, typed into the form: diacritics folded.
        driver.get(a.base + "/")
        box = driver.find_element(By.ID, "q")
        box.send_keys("doi thoai")
        navigate(driver, box.submit, "q=")
        seen_sources.append(driver.page_source)
        hits = driver.find_elements(By.CSS_SELECTOR, "ul.events a.title")
        check(any("Dialogue" in h.text for h in hits), f"'doi thoai' finds the Đối thoại dialogue: {[h.text for h in hits]}")
        driver.save_screenshot(os.path.join(a.out, "search.png"))

        # The committee: chair now and next, the timeline picture.
        driver.get(a.base + "/committees/ACR")
        seen_sources.append(driver.page_source)
        check("Viet Nam" in driver.find_element(By.CSS_SELECTOR, "dd.chair-now").text, "Viet Nam chairs the ACR today")
        svg = driver.find_elements(By.CSS_SELECTOR, "svg.timeline")
        check(len(svg) == 1 and svg[0].size["width"] > 300, "the chair timeline is drawn")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline g.recorded")) >= 1, "recorded terms on it")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline g.projected")) >= 1, "projected terms on it")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline line.today")) == 1, "today marked on it")
        driver.save_screenshot(os.path.join(a.out, "committee.png"))

        # Subscribe links for every public feed; their downloads read by independent implementations.
        driver.get(a.base + "/feeds")
        seen_sources.append(driver.page_source)
        https = [e.get_attribute("href") for e in driver.find_elements(By.CSS_SELECTOR, "a.https")]
        webcal = [e.get_attribute("href") for e in driver.find_elements(By.CSS_SELECTOR, "a.webcal")]
        check(len(https) >= 4 and len(webcal) == len(https), f"{len(https)} feeds with https and webcal links")
        check(all(w.startswith("webcal://") and w[len("webcal://"):] == h[len("http://"):] for w, h in zip(webcal, https)),
              "each webcal link is its https link's address")
        for url in https:
            body = urllib.request.urlopen(url).read()
            name = url.rsplit("/feeds/", 1)[-1].replace("/", "_")
            path = os.path.join(a.out, name)
            with open(path, "wb") as f:
                f.write(body)
            check(a.confidential.encode() not in body, f"{name}: no confidential title")
            cal = icalendar.Calendar.from_ical(body)
            n = len(cal.walk("VEVENT"))
            n2 = len(list(IcsCalendarStream.calendar_from_ics(body.decode()).events))
            n3 = len(recurring_ical_events.of(cal).between((1900, 1, 1), (2200, 1, 1)))
            check(n == n2 and n3 >= n, f"{name}: icalendar {n}, ical {n2}, recurring-ical-events {n3} events")
            if name == "all.ics":
                r = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "interop_check.py"), path,
                                    a.events, "--khal", "10"], capture_output=True, text=True)
                print(r.stdout, r.stderr, end="")
                check(r.returncode == 0, "all.ics passes the interop checks (icalendar, ical, recurring-ical-events, khal)")

        # Phone width: nothing wider than the screen.
        driver.set_window_size(390, 844)
        driver.get(a.base + "/")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 0, f"at phone width nothing overflows ({overflow}px)")
        driver.save_screenshot(os.path.join(a.out, "agenda-phone.png"))
    finally:
        driver.quit()

    check(not any(a.confidential in s for s in seen_sources), "the confidential title is on no page a person opened")
    secret = urllib.request.urlopen(a.secret_feed).read().decode()
    check(a.confidential in secret, "the secret link's internal feed has it")
    if failures:
        print(f"browser: {len(failures)} failed", file=sys.stderr)
        sys.exit(1)
    print("browser: all checks passed")


main()
