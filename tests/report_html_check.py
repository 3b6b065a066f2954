#!/usr/bin/python3
"""Checks a page of `medliab report --html` (issue 17, point 2), as
tests/report_html.sh calls it.

Three layers, each of which reports its own problems:

static      the file read as XML (the page is XML-compatible HTML, so any
            unbalanced tag or unescaped '<' or '&' from a file fails the
            parse); ids unique and every '#' reference resolving; nothing
            that loads from elsewhere (no script, link, img, iframe, object,
            embed, media, no href/src/url() that is not '#...' or 'data:');
            one <svg> per SVG file the plotting step wrote, each in a
            <figure> with a caption; and the provenance (each file's commit,
            creation time, format version, seed and replicates, read here
            with h5py, and each rate's source) present as text.
browser     the page opened in headless Chromium driven through the DevTools
            protocol over --remote-debugging-pipe (JSON messages ended by a
            NUL byte on file descriptors 3 and 4: no websocket client and no
            port needed).  The protocol's own events are collected from the
            navigation to the load event and half a second after:
            Runtime.exceptionThrown, Runtime.consoleAPICalled of type error
            or assert, Log.entryAdded of level error (failed loads, security
            errors), Page.javascriptDialogOpening (an alert() is no console
            error, but markup from a file that ran), every Network.requestWillBeSent for a URL other than
            the page's own, and Network.loadingFailed.  Any of them is a
            problem.  This is why the protocol rather than scanning
            --enable-logging=stderr: Chromium's stderr carries its own
            ERROR lines (D-Bus, GPU, sandbox) on every start, its format
            changes between versions, and a request for an outside file
            logs nothing there.  Then, from the DOM the browser built, the
            number of <svg> elements must equal the SVG files, each laid out
            at a real size, and a screenshot of each (clipped to its box)
            must not be blank.
screenshot  `chromium --headless --screenshot --window-size=1200,3000`, as a
            user would take one: the PNG (read by matplotlib.image) must not
            be blank: more than 1% of its pixels differ from its commonest
            colour.

--self-test then breaks copies of the page in the ways each layer exists to
catch (unescaped text, a repeated id, a script error, a script that ran,
an outside reference, a missing figure, an empty figure, a hidden body) and fails unless the layer catches each: a check
that cannot fail is not a check.
"""
import argparse
import base64
import csv
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import h5py
import matplotlib.image as mpimg
import numpy as np

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
FETCHING = {"script", "link", "img", "iframe", "object", "embed", "audio", "video",
            "source", "track", "frame", "base"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def text_of(e):
    return "".join(e.itertext())


def static_problems(page, n_svg, texts):
    out = []
    try:
        root = ET.parse(page).getroot()
    except ET.ParseError as e:
        return [f"not well-formed markup: {e}"]
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    dup = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
    if dup:
        out.append(f"{len(dup)} ids used more than once, e.g. {dup[:3]}")
    known = set(ids)
    for e in root.iter():
        name = local(e.tag)
        if name in FETCHING:
            out.append(f"a <{name}> element (loads from elsewhere): {e.attrib}")
        for k, v in e.attrib.items():
            attr = local(k)
            if attr in ("href", "src", "srcset", "action", "poster", "data"):
                if v.startswith("#"):
                    if v[1:] not in known:
                        out.append(f"{attr}={v!r} refers to no id of the page")
                elif not v.startswith("data:"):
                    out.append(f"{attr}={v!r} refers outside the page")
            for m in re.finditer(r"url\(\s*['\"]?([^)'\"]*)", v):
                if m.group(1).startswith("#"):
                    if m.group(1)[1:] not in known:
                        out.append(f"url({m.group(1)}) refers to no id of the page")
                elif not m.group(1).startswith("data:"):
                    out.append(f"url({m.group(1)}) in an attribute refers outside the page")
        if name == "style" and e.text and re.search(r"@import|url\(\s*['\"]?(?!#|data:)",
                                                    e.text):
            out.append("a style sheet that imports or refers to a URL")
    svgs = [e for e in root.iter() if e.tag == SVG + "svg"]
    if len(svgs) != n_svg:
        out.append(f"{len(svgs)} <svg> elements, not {n_svg} (one per SVG file drawn)")
    parent = {c: p for p in root.iter() for c in p}
    for s in svgs:
        p = parent.get(s)
        if p is None or local(p.tag) != "figure" or \
                not any(local(c.tag) == "figcaption" and text_of(c).strip() for c in p):
            out.append("an <svg> that is not in a <figure> with a caption")
    whole = text_of(root)
    for t in texts:
        if t not in whole:
            out.append(f"text missing from the page: {t!r}")
    return out


def provenance_texts(h5files, rates):
    """What the provenance must say: each file's root attributes, read
    here with h5py, and every rate's source."""
    texts = []
    for f in h5files:
        texts.append(os.fsencode(f).decode("utf-8", "replace"))
        with h5py.File(f, "r") as h:
            a = h.attrs
            for k in ("git_commit", "created_utc", "software_version"):
                v = a[k]
                texts.append(v.decode() if isinstance(v, bytes) else str(v))
            texts += [f"medliab {texts[-1]}", str(int(a["seed"])), str(int(a["replicates"]))]
            for name, g in h["scenarios"].items():
                v = g.attrs["source_file"]
                texts.append(v.decode() if isinstance(v, bytes) else str(v))
    if rates:
        # A CSV rates file (read as bytes by medliab): an invalid byte shows
        # as U+FFFD on the page.
        with open(rates, encoding="utf-8", errors="replace", newline="") as r:
            for x in csv.DictReader(r):
                texts.append(x["source"])
    return texts


class Cdp:
    """Chromium's DevTools protocol over --remote-debugging-pipe."""

    def __init__(self, browser, profile, log):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        err = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        # Python's own descriptors are not inherited (PEP 446); dup2 in the
        # child makes 3 and 4 the protocol's and nothing else leaks.
        acts = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, err, 1),
                (os.POSIX_SPAWN_DUP2, err, 2), (os.POSIX_SPAWN_DUP2, to_chrome_r, 3),
                (os.POSIX_SPAWN_DUP2, from_chrome_w, 4)]
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "about:blank"]
        self.pid = os.posix_spawn(browser, args, os.environ, file_actions=acts)
        for fd in (to_chrome_r, from_chrome_w, err, devnull):
            os.close(fd)
        self.w, self.r = to_chrome_w, from_chrome_r
        self.buf = b""
        self.id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.id += 1
        msg = {"id": self.id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]
        return self.id

    def next(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from the browser in time")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise EOFError("the browser closed the protocol pipe (it exited)")
                self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        i = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            m = self.next(deadline)
            if m.get("id") == i:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait(self, method, session, timeout=60):
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method and e.get("sessionId") == session
                      for e in self.events):
            e = self.next(deadline)
            self.events.append(e)
            # A dialog holds the load event back until it is answered; it is
            # recorded as a problem, and answered so that the check goes on.
            if e.get("method") == "Page.javascriptDialogOpening":
                self.send("Page.handleJavaScriptDialog", {"accept": True}, e.get("sessionId"))

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self.next(deadline))
        except TimeoutError:
            pass

    def close(self):
        try:
            self.send("Browser.close")
        except OSError:
            pass
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.w)
        os.close(self.r)


def png_blank(data):
    """Why a PNG is blank ('' when it is not): fewer than 1% of its pixels
    differ from its commonest colour."""
    img = mpimg.imread(io.BytesIO(data), format="png")
    rgb = (np.asarray(img)[..., :3] * 255).round().astype(np.uint32).reshape(-1, 3)
    if rgb.shape[0] == 0:
        return "an empty image"
    # One integer a pixel: a 1-D unique is a plain sort, row-wise is slow.
    px = (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
    colours, counts = np.unique(px, return_counts=True)
    share = 1.0 - counts.max() / px.shape[0]
    if share <= 0.01:
        c = int(colours[counts.argmax()])
        return (f"{share:.2%} of {px.shape[0]} pixels differ from the commonest colour "
                f"#{c:06x}")
    return ""


FIGURES_JS = """JSON.stringify(Array.from(document.querySelectorAll('svg')).map(function (s) {
  var r = s.getBoundingClientRect();
  return {x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height};
}))"""


def browser_problems(browser, page, n_svg, work):
    out = []
    url = "file://" + os.path.abspath(page)
    prof = tempfile.mkdtemp(prefix="profile-", dir=work)
    cdp = Cdp(browser, prof, os.path.join(work, "chromium-cdp.log"))
    try:
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            cdp.call(domain + ".enable", session=s)
        cdp.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1200, "height": 3000, "deviceScaleFactor": 1, "mobile": False},
                 session=s)
        nav = cdp.call("Page.navigate", {"url": url}, session=s)
        if nav.get("errorText"):
            return [f"navigation failed: {nav['errorText']}"]
        cdp.wait("Page.loadEventFired", s)
        cdp.drain(0.5)
        for e in cdp.events:
            if e.get("sessionId") != s:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append("uncaught exception: " +
                           (d.get("exception", {}).get("description") or d.get("text", "")))
            elif m == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(f"console.{p['type']}: " +
                           " ".join(str(a.get("value", a.get("description", "")))
                                    for a in p["args"]))
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                en = p["entry"]
                out.append(f"console error ({en['source']}): {en['text']} {en.get('url', '')}")
            elif m == "Network.requestWillBeSent":
                u = p["request"]["url"]
                if u != url and not u.startswith("data:"):
                    out.append(f"a request for {u}")
            elif m == "Page.javascriptDialogOpening":
                out.append(f"a script opened a dialog: {p.get('message')!r}")
            elif m == "Network.loadingFailed":
                out.append(f"loading failed: {p.get('errorText')}")
        r = cdp.call("Runtime.evaluate", {"expression": FIGURES_JS, "returnByValue": True},
                     session=s)
        boxes = json.loads(r["result"]["value"])
        if len(boxes) != n_svg:
            out.append(f"the browser's DOM has {len(boxes)} <svg> elements, not {n_svg} "
                       "(one per SVG file drawn)")
        for k, b in enumerate(boxes):
            if b["w"] < 50 or b["h"] < 50:
                out.append(f"figure {k + 1} laid out at {b['w']:.0f} x {b['h']:.0f} px")
                continue
            shot = cdp.call("Page.captureScreenshot",
                            {"format": "png", "captureBeyondViewport": True,
                             "clip": {"x": b["x"], "y": b["y"], "width": b["w"],
                                      "height": b["h"], "scale": 1}}, session=s)
            why = png_blank(base64.b64decode(shot["data"]))
            if why:
                out.append(f"figure {k + 1} is blank on screen: {why}")
    except (TimeoutError, EOFError, RuntimeError, OSError) as e:
        out.append(f"the browser session failed: {e} (chromium's output: "
                   f"{os.path.join(work, 'chromium-cdp.log')})")
    finally:
        cdp.close()
        shutil.rmtree(prof, ignore_errors=True)
    return out


def screenshot_problems(browser, page, work):
    png = os.path.join(work, "screenshot.png")
    if os.path.exists(png):
        os.unlink(png)
    prof = tempfile.mkdtemp(prefix="profile-", dir=work)
    # Without scrollbars: on a long page the bar alone would pass for content.
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={prof}",
           "--window-size=1200,3000", "--hide-scrollbars", f"--screenshot={png}",
           "file://" + os.path.abspath(page)]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    except subprocess.TimeoutExpired:
        return ["chromium --screenshot did not finish in 120 s"]
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    if p.returncode != 0 or not os.path.exists(png):
        return [f"chromium --screenshot failed (exit {p.returncode}): "
                f"{p.stdout.decode(errors='replace')[-800:]}"]
    with open(png, "rb") as f:
        why = png_blank(f.read())
    return [f"the screenshot is blank: {why}"] if why else []


def check(browser, page, n_svg, texts, work):
    return {"static": static_problems(page, n_svg, texts),
            "browser": browser_problems(browser, page, n_svg, work),
            "screenshot": screenshot_problems(browser, page, work)}


def broken_copies(page, work):
    """(name, the layer that must catch it, the page's text) for each way of
    breaking the page."""
    with open(page, encoding="utf-8") as f:
        html = f.read()
    first_fig = re.search(r"<figure .*?</figure>\n", html, re.S)
    first_svg = re.search(r"(<svg [^>]*>)(.*?)(</svg>)", html, re.S)
    yield ("text from a file left unescaped", "static",
           html.replace("</main>", "<p>R&D <costs></p>\n</main>"))
    yield ("an id used twice", "static",
           html.replace('<section id="table">', '<section id="plots">'))
    yield ("a script error", "browser",
           html.replace("</body>", "<script>no_such_function_of_the_test();</script>\n</body>"))
    yield ("markup from a file that ran", "browser",
           html.replace("</main>", "<script>alert('from a file')</script>\n</main>"))
    yield ("a reference outside the page", "browser",
           html.replace("</main>", f"<img alt=\"\" src=\"file://{work}/no-such.png\"/>\n</main>"))
    yield ("a missing figure", "browser", html[:first_fig.start()] + html[first_fig.end():])
    yield ("an empty figure", "browser",
           html[:first_svg.start()] + first_svg.group(1) + first_svg.group(3) +
           html[first_svg.end():])
    yield ("a hidden body", "screenshot",
           html.replace("</head>", "<style>body{visibility:hidden}</style>\n</head>"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--browser", required=True)
    ap.add_argument("--page", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--plots", help="the folder of --plots: one <svg> per SVG file in it")
    g.add_argument("--svgs", type=int, help="the number of <svg> elements expected")
    ap.add_argument("--rates", help="the rates file: each source must be on the page")
    ap.add_argument("--work", required=True)
    ap.add_argument("--static-only", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("h5", nargs="*", help="the results files the page was made from")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    n_svg = a.svgs if a.plots is None else \
        len([f for f in os.listdir(a.plots) if f.endswith(".svg")])
    texts = provenance_texts(a.h5, a.rates)
    if a.static_only:
        probs = {"static": static_problems(a.page, n_svg, texts)}
    else:
        probs = check(a.browser, a.page, n_svg, texts, a.work)
    fails = 0
    for layer, p in probs.items():
        for x in p:
            print(f"FAIL {layer}: {x}")
        if not p:
            print(f"ok {layer}: {a.page} ({n_svg} figures)")
        fails += len(p)
    if a.self_test:
        for what, layer, html in broken_copies(a.page, os.path.abspath(a.work)):
            bad = os.path.join(a.work, "broken.html")
            with open(bad, "w", encoding="utf-8") as f:
                f.write(html)
            # Only the layer that must catch it: each browser start costs seconds.
            got = static_problems(bad, n_svg, texts) if layer == "static" else \
                browser_problems(a.browser, bad, n_svg, a.work) if layer == "browser" else \
                screenshot_problems(a.browser, bad, a.work)
            if got:
                print(f"ok self-test: {what} is caught by the {layer} check: {got[0]}")
            else:
                print(f"FAIL self-test: {what} passes the {layer} check")
                fails += 1
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
