"""assert_accessible: axe-core (shipped inside axe-playwright-python) with no rule disabled."""

from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

_AXE = Axe()
FAILING_IMPACTS = {"serious", "critical"}
#: The display modes a reader can choose; each is a class on <html> (see base.html).
MODES = {
    "default": [],
    "large text": ["text-large"],
    "high contrast": ["contrast-high"],
    "large text + high contrast": ["text-large", "contrast-high"],
}


def axe_failures(page) -> list[str]:
    """Serious and critical violations on the page as it is now, one line per element.

    axe-core is injected once per document (0.1 s of parsing each time), not once per run.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE.axe_script)
    response = page.evaluate("options => axe.run(document, options)", DEFAULT_OPTIONS)
    lines = []
    for violation in response["violations"]:
        if violation.get("impact") in FAILING_IMPACTS:
            for node in violation["nodes"]:
                lines.append(
                    f"{violation['id']} ({violation['impact']}): {node['target']} - "
                    f"{node.get('failureSummary', '').splitlines()[-1:]}"
                )
    return lines


def assert_accessible(page, *, modes=tuple(MODES)) -> None:
    """Fail if axe-core finds a serious or critical violation, in each display mode.

    Each mode is applied the way the site applies it (classes on <html>), then restored,
    so a page in its form-error state is checked without re-submitting.
    """
    original = page.evaluate("document.documentElement.className")
    problems = []
    try:
        for mode in modes:
            page.evaluate(
                "classes => { document.documentElement.className = classes.join(' '); }",
                MODES[mode],
            )
            problems += [f"[{mode}] {line}" for line in axe_failures(page)]
    finally:
        page.evaluate("c => { document.documentElement.className = c; }", original)
    assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)
