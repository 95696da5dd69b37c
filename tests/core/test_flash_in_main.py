"""A message after an action (保存成功, 已登录) is inside the page's main landmark: a screen-reader
user who missed its announcement finds it by the skip link or by moving to the main region."""

import re

from tests.factories import UserFactory


def test_the_message_after_an_action_is_in_main_before_the_content(client, auth, db):
    user = UserFactory(roles=["donor"])
    page = auth.login(user.email, follow_redirects=True).get_data(as_text=True)
    main = re.search(r"<main\b.*?</main>", page, re.S)
    assert main, "the page has a main landmark"
    message = re.search(r"<p class=\"flash[^\"]*\" data-flash>([^<]+)</p>", main.group(0))
    assert message and message.group(1) == "您已登录。"
    assert main.group(0).index("data-flash") < main.group(0).index("<h1")
    assert page.count("data-flash") == 1  # once, not also outside main
