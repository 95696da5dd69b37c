"""The federation's help line (MATCHMAKER_HELP_CONTACT) is on every page's footer and where only
the people running the site can help: a donor without e-mail who forgot their password."""

CONTACT = "区残联服务热线 0571-8800 1234"


def test_every_page_and_the_forgotten_password_page_give_the_help_line(app, client):
    app.config["HELP_CONTACT"] = CONTACT
    for path in ("/", "/wishes", "/login"):
        assert f"需要帮助？请联系：{CONTACT}" in client.get(path).get_data(as_text=True), path
    forgot = client.get("/account/forgot").get_data(as_text=True)
    assert f"管理员联系方式：{CONTACT}" in forgot
    client.set_cookie("mm_locale", "en")
    assert f"Need help? Contact us: {CONTACT}" in client.get("/").get_data(as_text=True)


def test_without_one_nothing_is_promised(app, client):
    app.config["HELP_CONTACT"] = ""
    body = client.get("/account/forgot").get_data(as_text=True)
    assert "需要帮助？" not in body and "管理员联系方式" not in body
