def test_healthz_reports_database_and_migration_head(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True
    assert body["database"] is True
    assert body["migration"]["current"] == body["migration"]["head"] is not None


def test_healthz_fails_when_schema_is_behind(client, db, app):
    from sqlalchemy import text

    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'behind'"))
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["ok"] is False
    finally:
        from matchmaker.core.schema import migration_head

        with db.engine.begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": migration_head()}
            )
