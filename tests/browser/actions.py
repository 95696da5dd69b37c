"""What a person does in the browser, shared by the journey tests."""

from tests.conftest import PASSWORD


def log_in(page, login: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#login", login)
    page.fill("#password", password)
    submit(page)


def log_out(page) -> None:
    submit(page, "header form[action='/logout'] button")


def submit(page, selector: str = "main form button[type=submit]") -> None:
    """Click a button that submits a form, and wait for the page that answers."""
    with page.expect_navigation():
        page.click(selector)


def navigate(page, key: str) -> None:
    """Press a key that follows a link or submits a form, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def retype(page, selector: str, text: str) -> None:
    """Tab to a field, select what it holds and type ``text`` over it, as a keyboard user does."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
