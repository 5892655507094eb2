"""Client options from settings: URL, API key forms, CA bundle."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from consumers.elastic import client_options
from deploy.settings import ElasticSettings, Settings


@pytest.mark.parametrize(("elastic", "expected"), [
    ({}, {}),
    ({"api_key": SecretStr("abc:def")}, {"api_key": ("abc", "def")}),
    ({"api_key": SecretStr("YWJjOmRlZg==")}, {"api_key": "YWJjOmRlZg=="}),
    ({"ca_certs": "/etc/ca.pem"}, {"ca_certs": "/etc/ca.pem", "verify_certs": True}),
])
def test_client_options(elastic: dict[str, Any], expected: dict[str, Any]) -> None:
    settings = Settings(elastic=ElasticSettings(url="https://es.example:9243", request_timeout=7.0, **elastic))
    options = client_options(settings)
    assert options == {"hosts": ["https://es.example:9243"], "timeout": 7.0, "max_retries": 2,
                       "retry_on_timeout": True, **expected}
