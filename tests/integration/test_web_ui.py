"""The analysts' web interface in a real headless Chromium, against ``enlace serve`` over a pipeline-built index.

The index is ``api_corpus``'s (simulated events fused by the stream's steps, indexed by the
indexer's bulk path). ``enlace serve`` runs as its own process; Selenium drives Debian's
``chromium`` through ``/usr/bin/chromedriver`` (``make browser`` installs both). Every wait is a
``WebDriverWait`` on an explicit condition with a deadline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_corpus import SAMPLE_USERS, Corpus, corpus  # noqa: F401 - corpus is a fixture
from conftest import free_port
from helpers import wait_until
from streams.resolve.normalize.text import fold

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DEADLINE = 30.0
"""Seconds any one thing may take to appear on the page (the machine is small and shared)."""
ALL = "carla"  # prosecutions, SECRET: sees every record the simulator releases to prosecutions


@dataclass
class Server:
    url: str
    log: Path


@dataclass
class Linked:
    """A person the simulator's truth links to a vehicle and a firearm, and the fused entities the API shows."""

    person: dict[str, Any]
    query: str
    vehicles: set[str]
    firearms: set[str]
    profile: dict[str, Any]


def misspell(name: str) -> str:
    """The name with two neighbouring letters of its longest word swapped (first and last letters kept)."""
    words = fold(name).split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    i = len(word) // 2 - 1
    words[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return " ".join(words)


def true_links(corpus: Corpus) -> dict[str, set[str]]:
    """True entity id -> the true entity ids it links to, read from the simulated events' links and truth."""
    out: dict[str, set[str]] = defaultdict(set)
    for sim in corpus.sims:
        by_record = {key.split("/", 1)[1]: true for key, true in sim.truth.items()}
        for link in sim.event["payload"].get("links") or []:
            source, target = by_record.get(link["from_record"]), by_record.get(link["to_record"])
            if source and target:
                out[source].add(target)
    return out


def linked_person(corpus: Corpus) -> Linked:
    """A person whose fused entity holds two or more records of one true person, linked (truth) to a vehicle and a
    firearm whose fused entities the API's profile lists, and whom a misspelt name finds among the top results."""
    truth = corpus.truth()
    holders: dict[str, set[str]] = defaultdict(set)  # true id -> fused entity ids holding its records
    for document in corpus.documents:
        for record in document["records"]:
            holders[truth[record["record_key"]]].add(document["entity_id"])
    links = true_links(corpus)
    kinds = {document["entity_id"]: document["kind"] for document in corpus.documents}
    names: dict[str, int] = defaultdict(int)
    for document in corpus.documents:
        names[fold(document.get("display_name") or "")] += 1
    tried = 0
    for person in corpus.documents:
        trues = {truth[r["record_key"]] for r in person["records"]}
        name = person.get("display_name") or ""
        if (person["kind"] != "person" or len(trues) != 1 or len(person["records"]) < 2 or names[fold(name)] != 1
                or len(fold(name).split()) < 2):
            continue
        linked = {entity for true in links[trues.pop()] for entity in holders[true]}
        vehicles = {entity for entity in linked if kinds[entity] == "vehicle"}
        firearms = {entity for entity in linked if kinds[entity] == "firearm"}
        if not vehicles or not firearms:
            continue
        tried += 1
        profile = corpus.get(ALL, f"/api/entities/{person['entity_id']}")
        shown = {(e["kind"], e["entity_id"]) for e in profile["linked"]}
        vehicles = {v for v in vehicles if ("vehicle", v) in shown}
        firearms = {f for f in firearms if ("firearm", f) in shown}
        query = misspell(name)
        if query == fold(name):  # the swapped letters were the same
            continue
        found = [h["entity_id"] for h in corpus.search(ALL, q=query, kind="person", size=5)["hits"]]
        if vehicles and firearms and person["entity_id"] in found[:3]:
            return Linked(person, query, vehicles, firearms, profile)
    raise AssertionError(f"no person linked to a vehicle and a firearm found by a misspelt name ({tried} tried)")


def hidden_records_person(corpus: Corpus, user: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A person ``user`` sees with a notice of records another agency holds: (their hit, their profile)."""
    from consumers.redaction import redact
    from consumers.users import load_users

    viewer = load_users(SAMPLE_USERS).authenticate(f"sample-key-{user}")
    assert viewer is not None
    views = [v for v in (redact(d, viewer) for d in corpus.documents if d["kind"] == "person") if v is not None]
    names: dict[str, int] = defaultdict(int)
    for view in views:
        names[fold(view["display_name"] or "")] += 1
    for view in views:
        if view["notice"] is None or names[fold(view["display_name"] or "")] != 1:
            continue
        hits = corpus.search(user, q=view["display_name"], kind="person", size=5)["hits"]
        hit = next((h for h in hits if h["entity_id"] == view["entity_id"]), None)
        if hit is not None and hit["notice"]:
            return hit, corpus.get(user, f"/api/entities/{view['entity_id']}")
    raise AssertionError(f"no person with a notice of hidden records for {user}")


@pytest.fixture(scope="module")
def server(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``enlace serve`` as its own process over the corpus' index, on a free port."""
    from deploy.settings import settings_env

    enlace = Path(sys.executable).parent / "enlace"
    assert enlace.is_file(), f"{enlace} missing: install the project (make install)"
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, **settings_env(corpus.settings), "ENLACE_API__PORT": str(port)}
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen([str(enlace), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        def healthy() -> bool:
            if process.poll() is not None:
                pytest.fail(f"enlace serve exited {process.returncode}:\n{log.read_text()[-3000:]}", pytrace=False)
            try:
                return httpx.get(f"{url}/health", timeout=2.0).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(healthy, 60.0, "enlace serve did not answer /health")
        yield Server(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver (Selenium Manager never runs: the path is given)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    assert not missing, f"{missing} missing: `make browser` installs Debian's chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1100", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def until(driver: Any, condition: Callable[[Any], Any], message: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, DEADLINE).until(condition, message)


def visible(driver: Any, css: str) -> Any:
    from selenium.webdriver.support import expected_conditions as ec

    return until(driver, ec.visibility_of_element_located(("css selector", css)), f"{css} not visible")


def texts(driver: Any, css: str) -> list[str]:
    return [e.text for e in driver.find_elements("css selector", css)]


def sign_in(driver: Any, server: Server, key: str) -> None:
    """A fresh page with nothing kept in sessionStorage; type ``key`` into the prompt."""
    driver.get(server.url + "/")
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    field = visible(driver, "#api-key")
    field.clear()
    field.send_keys(key)
    driver.find_element("css selector", "#key-form button[type=submit]").click()


def search_for(driver: Any, query: str, kind: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(visible(driver, "#search-kind")).select_by_value(kind)
    box = driver.find_element("css selector", "#search-q")
    box.clear()
    box.send_keys(query)  # no Enter: results come as the analyst types
    # each keystroke pause may render a list of its own: go on once the list shows the whole query
    until(driver, lambda d: d.find_element("css selector", "#results").get_attribute("data-query") == query.strip(),
          f"no results shown for {query!r}")


def hit_link(driver: Any, entity_id: str) -> Any:
    css = f'#results a.hit-link[data-entity-id="{entity_id}"]'
    return until(driver, lambda d: (d.find_elements("css selector", css) or [None])[0], f"no result {entity_id}")


def open_entity(driver: Any, entity_id: str) -> None:
    hit_link(driver, entity_id).click()
    shown(driver, entity_id)


def shown(driver: Any, entity_id: str) -> None:
    until(driver, lambda d: d.find_element("css selector", "#entity-title").get_attribute("data-entity-id") == entity_id
          and not d.find_element("css selector", "#entity").get_attribute("hidden"), f"entity {entity_id} not shown")


def page_errors(driver: Any) -> list[str]:
    """Script errors and policy violations logged since the last call (refused API calls are expected: left out)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]


def test_the_page_and_every_asset_it_names_are_served() -> None:
    """No stack needed: the page, its scripts, styles and vendored Cytoscape, and each module a module imports."""
    import re

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from consumers.web import STATIC, mount

    app = FastAPI()
    mount(app)
    client = TestClient(app)
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', page.text)
    assert {"static/app.css", "static/js/main.js", "static/vendor/cytoscape.min.js"} <= set(assets)
    for module in STATIC.glob("js/*.js"):
        assets += [f"static/js/{name}" for name in re.findall(r'from "\./([\w.-]+)"', module.read_text())]
    for asset in assets:
        response = client.get(f"/{asset}")
        assert response.status_code == 200 and response.content, asset
        if asset.endswith(".js"):
            assert "javascript" in response.headers["content-type"], (asset, response.headers["content-type"])
    assert "The Cytoscape Consortium" in (STATIC / "vendor" / "cytoscape.LICENSE").read_text()
    assert client.get("/static/../__init__.py").status_code == 404


def test_misspelt_name_finds_the_person_and_the_page_shows_their_vehicle_and_firearm(
    corpus: Corpus, server: Server, browser: Any,
) -> None:
    target = linked_person(corpus)
    person_id = target.person["entity_id"]
    assert target.query != fold(target.person["display_name"])
    driver = browser

    sign_in(driver, server, "not-a-key")
    until(driver, lambda d: "not accepted" in d.find_element("css selector", "#key-error").text, "a bad key was not refused")
    assert not driver.find_element("css selector", "#workspace").is_displayed()
    sign_in(driver, server, f"sample-key-{ALL}")
    until(driver, lambda d: "Signed in as carla" in d.find_element("css selector", "#who-name").text, "not signed in")
    assert driver.execute_script("return sessionStorage.getItem('enlace.apiKey')") == f"sample-key-{ALL}"

    search_for(driver, target.query, "person")
    hit = hit_link(driver, person_id).find_element("xpath", "./ancestor::li[1]")
    assert target.person["display_name"] in hit.text and "PERSON" in hit.text.upper()
    assert hit.find_element("css selector", ".reason").text.startswith("matched on ")

    open_entity(driver, person_id)
    assert target.person["display_name"] in driver.find_element("css selector", "#entity-title").text
    until(driver, lambda d: d.find_elements("css selector", "#linked li[data-kind]"), "no linked entities listed")
    listed = {(e.get_attribute("data-kind"), e.get_attribute("data-entity-id"))
              for e in driver.find_elements("css selector", "#linked li[data-kind]")}
    assert {v for k, v in listed if k == "vehicle"} & target.vehicles, (listed, target.vehicles)
    assert {f for k, f in listed if k == "firearm"} & target.firearms, (listed, target.firearms)
    names = {e["entity_id"]: e["display_name"] for e in target.profile["linked"]}
    for kind, expected in (("vehicle", target.vehicles), ("firearm", target.firearms)):
        item = driver.find_element("css selector", f'#linked li[data-entity-id="{sorted(expected)[0]}"]')
        assert item.is_displayed() and kind.upper() in item.text.upper() and names[sorted(expected)[0]] in item.text

    nodes = until(driver, lambda d: d.execute_script(
        "const g = window.enlace && window.enlace.graph;"
        "return g && g.nodes().map(n => ({...n.data(), x: n.position('x'), y: n.position('y')}));"),
        "the graph was not drawn")
    in_graph = {(n["kind"], n["id"]) for n in nodes}
    assert ("person", person_id) in in_graph
    assert {v for k, v in in_graph if k == "vehicle"} & target.vehicles, (in_graph, target.vehicles)
    assert {f for k, f in in_graph if k == "firearm"} & target.firearms, (in_graph, target.firearms)
    assert len({(round(n["x"]), round(n["y"])) for n in nodes}) == len(nodes), "the layout put nodes on each other"
    edges = driver.execute_script("return window.enlace.graph.edges().map(e => e.data())")
    touching = {e["target"] if e["source"] == person_id else e["source"] for e in edges
                if person_id in (e["source"], e["target"])}
    assert touching & target.vehicles and touching & target.firearms, (edges, target.vehicles, target.firearms)
    assert driver.find_elements("css selector", "#graph canvas"), "Cytoscape drew no canvas"

    timeline = texts(driver, "#timeline li")
    assert len(timeline) == len(target.profile["timeline"]) >= 1
    assert all(e["event_type"].replace("_", " ") in t for e, t in zip(target.profile["timeline"], timeline))
    evidence = texts(driver, "#evidence li")
    assert len(evidence) == len(target.profile["evidence"]) >= 1
    assert "started this entity" in evidence[0]
    assert visible(driver, "#evidence-title").text == "Why these records are one entity"
    attributes = driver.find_element("css selector", "#attributes").text
    assert target.profile["records"][0]["record_key"] in attributes

    right = driver.find_element("css selector", "#judge-right")
    right.clear()
    right.send_keys("nobody/NO-SUCH-RECORD")  # the API answers 404, and the page says so
    driver.find_element("css selector", '#judge-form button[value="unsure"]').click()
    until(driver, lambda d: d.find_element("css selector", "#judge-status").text.startswith("Judgement refused"),
          "a judgement on an unknown record was not refused")
    right.clear()
    right.send_keys(target.profile["records"][1]["record_key"])  # record A is the first
    driver.find_element("css selector", '#judge-form button[value="unsure"]').click()
    until(driver, lambda d: d.find_element("css selector", "#judge-status").text.startswith("Judgement recorded: unsure"),
          "the judgement was not recorded")
    assert page_errors(driver) == []


def test_notice_of_records_held_by_another_agency_is_shown(corpus: Corpus, server: Server, browser: Any) -> None:
    user = "ben"  # licensing, RESTRICTED: CONFIDENTIAL records of others are acknowledged, not shown
    hit, profile = hidden_records_person(corpus, user)
    driver = browser
    sign_in(driver, server, f"sample-key-{user}")
    until(driver, lambda d: f"Signed in as {user}" in d.find_element("css selector", "#who-name").text, "not signed in")
    search_for(driver, hit["display_name"], "person")
    item = hit_link(driver, hit["entity_id"]).find_element("xpath", "./ancestor::li[1]")
    assert item.find_element("css selector", ".notice").text == hit["notice"]["message"]
    assert "request access" in hit["notice"]["message"]
    # By keyboard: arrow down from the search box to the hit, Enter opens it.
    from selenium.webdriver.common.keys import Keys

    from selenium.webdriver.common.action_chains import ActionChains

    def press(key: str) -> None:
        """A key press on whatever has the focus, as a keyboard user makes it (no check that an element is clickable)."""
        ActionChains(driver).send_keys(key).perform()

    order = [link.get_attribute("data-entity-id") for link in driver.find_elements("css selector", "#results a.hit-link")]
    driver.find_element("css selector", "#search-q").click()
    for _ in range(order.index(hit["entity_id"]) + 1):
        press(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element.get_attribute("data-entity-id") == hit["entity_id"]
    press(Keys.ENTER)
    shown(driver, hit["entity_id"])
    notice = visible(driver, "#entity-notice")
    assert notice.text == profile["notice"]["message"]
    assert "partial view" in driver.find_element("css selector", "#entity-meta").text
    driver.execute_script("location.hash = '#/entity/per-000000000000'")  # nobody's: the API answers 404
    until(driver, lambda d: "No entity per-000000000000" in d.find_element("css selector", "#entity-status").text,
          "an unknown entity was not reported")
    assert not driver.find_element("css selector", "#entity-body").is_displayed()
    assert page_errors(driver) == []
