"""Time a first partner for an ELZ editor of Brugge in Chromium: from opening the admin home to the
partner visible on the public partnerkaart (docs/first-partner.md has the numbers and how to run it).

Usage: first_partner.py before|after 0|1 — `before` drives the five admin forms of main, `after` the
one form "Een partner toevoegen"; 1 models a person's pace (60 ms per typed character, 1 s before
each action), 0 runs at machine speed. Each run adds the partner: start from a fresh database copy.
"""

import sys
import time

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8104"
MODE, PACE = sys.argv[1], sys.argv[2] == "1"
ORG, NAME = "Proefpartner Brugge", "Proefdienst opvoeding"
stats = {"pages": 0, "fields": 0, "clicks": 0, "chars": 0}


def think(page):
    if PACE:
        page.wait_for_timeout(1000)


def type_(page, sel, text):
    think(page)
    stats["fields"] += 1
    stats["chars"] += len(text)
    if PACE:
        page.click(sel)
        page.keyboard.type(text, delay=60)
    else:
        page.fill(sel, text)


def choose(page, sel, label):
    think(page)
    stats["fields"] += 1
    if "admin-autocomplete" in (page.get_attribute(sel, "class") or ""):  # select2: open, type, pick
        page.click(f"{sel} + .select2 .select2-selection")
        words = label.split(":")[-1].strip()[:12]
        stats["chars"] += len(words)
        page.keyboard.type(words, delay=60 if PACE else 0)
        page.locator(".select2-results__option", has_text=label.split(":")[-1].strip()).first.click()
    else:
        page.select_option(sel, label=label)


def check(page, sel):
    think(page)
    stats["fields"] += 1
    page.check(sel)


def click(page, sel):
    think(page)
    stats["clicks"] += 1
    page.click(sel)
    page.wait_for_load_state()
    stats["pages"] += 1


with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    page = b.new_page(viewport={"width": 1280, "height": 900})
    page.goto(BASE + "/admin/login/")
    page.fill("#id_username", "bea")
    page.fill("#id_password", "een-lang-wachtwoord-123")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    start = time.monotonic()
    page.goto(BASE + "/admin/")
    stats["pages"] += 1
    if MODE == "before":
        click(page, "a[href='/admin/partners/organization/add/']")
        type_(page, "#id_name", ORG)
        click(page, "input[name=_save]")
        click(page, "a[href='/admin/partners/service/add/']")
        choose(page, "#id_organization", ORG)
        type_(page, "#id_name", NAME)
        type_(page, "#id_key", "brugge-proefdienst-opvoeding")
        type_(page, "#id_description", "Vragen over opvoeden, voor alle ouders.")
        type_(page, "#id_age_min_months", "0")
        type_(page, "#id_age_max_months", "155")
        type_(page, "#id_url", "https://www.example.org")
        type_(page, "#id_street", "Markt 1")
        type_(page, "#id_postcode", "8000")
        type_(page, "#id_city", "Brugge")
        type_(page, "#id_phones-0-number", "050 44 82 00")
        type_(page, "#id_emails-0-address", "info@example.org")
        check(page, "#id_verified_now")
        click(page, "input[name=_save]")
        click(page, "a[href='/admin/partners/entry/add/']")
        choose(page, "#id_section", "Partnerkaart: Gezinnen")
        choose(page, "#id_service", NAME)
        click(page, "input[name=_save]")
        click(page, "a[href='/admin/partners/consultcontact/add/']")
        choose(page, "#id_topic", "Welzijn of de ontwikkeling van het jonge kind")
        choose(page, "#id_service", NAME)
        click(page, "input[name=_save]")
        click(page, "a[href='/admin/partners/tiercontact/add/']")
        choose(page, "#id_tier", "ELZ Brugge: Nood aan ondersteuning")
        choose(page, "#id_service", NAME)
        click(page, "input[name=_save]")
        think(page)
        page.goto(BASE + "/brugge/partnerkaart/")
        stats["pages"] += 1
        stats["clicks"] += 1
    else:
        click(page, "a[href='/admin/partner-toevoegen/?elz=brugge']")
        type_(page, "#id_organization", ORG)
        type_(page, "#id_name", NAME)
        type_(page, "#id_description", "Vragen over opvoeden, voor alle ouders.")
        type_(page, "#id_phones", "050 44 82 00")
        type_(page, "#id_emails", "info@example.org")
        type_(page, "#id_url", "https://www.example.org")
        type_(page, "#id_street", "Markt 1")
        type_(page, "#id_postcode", "8000")
        type_(page, "#id_city", "Brugge")
        check(page, "input[name=ages][value='0-3']")
        check(page, "input[name=ages][value='3-12']")
        check(page, "label:has-text('Partnerkaart: Gezinnen') input")
        check(page, "label:has-text('Welzijn of de ontwikkeling van het jonge kind') input")
        check(page, "label:has-text('Nood aan ondersteuning') input")
        check(page, "#id_verified")
        click(page, "input[type=submit][value='Bewaar de partner']")
        click(page, "text=Bekijk het op de site")
    page.get_by_text(NAME).first.wait_for(state="visible")
    elapsed = time.monotonic() - start
    print(f"{MODE} pace={'person' if PACE else 'script'}: {elapsed:.1f} s, {stats}")
    page.screenshot(path=f"/tmp/coord-time-{MODE}.png")
    b.close()
