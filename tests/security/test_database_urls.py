"""Bad database URLs: a clear message and exit 2, never a traceback or a piece of a password."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crewtui.cli import cli
from crewtui.db.url import BadDatabaseUrl, database_url, driver_target, mask_url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://u@127.0.0.1:notaport/db", "port 'notaport' is not a number"),
        ("postgresql://u@127.0.0.1:99999/db", "port '99999'"),
        ("postgresql://u:s3cr@tP4ss@127.0.0.1:5432/db", "raw '@'"),
        ("postgres://u:p@ss@w0rd@host/db", "raw '@'"),
        ("postgresql://u:pw@[::1/db", "closing ']'"),
        ("sqlite:///%00", "NUL"),
        ("mysql://x/y", "unsupported database 'mysql'"),
        ("just-a-path.db", "is not a URL"),
    ],
)
def test_a_bad_url_is_refused_with_the_reason_and_no_secret(url: str, says: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "agents", "list"])
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    for secret in ("s3cr", "tP4ss", "p@ss", "w0rd"):
        assert secret not in result.output
    with pytest.raises(BadDatabaseUrl):
        database_url(url)
    assert driver_target(url) is None


def test_mask_url_hides_a_password_with_a_raw_at_sign() -> None:
    assert mask_url("postgresql://u:s3cr@tP4ss@host/db") == "postgresql://u:****@host/db"
    assert mask_url("postgresql://u:pw@host/db?password=x") == (
        "postgresql://u:****@host/db?password=****"
    )


def test_good_urls_still_parse() -> None:
    for url in (
        "sqlite:////tmp/x.db",
        "postgresql://u:p%40ss@127.0.0.1:5432/db",
        "postgresql://u@[::1]:5432/db",
        "postgres://u@host/db",
    ):
        database_url(url)
