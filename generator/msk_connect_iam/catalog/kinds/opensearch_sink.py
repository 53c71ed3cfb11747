"""Aiven OpenSearch sink (``io.aiven.kafka.connect.opensearch.OpensearchSinkConnector``).

Source: the connector's documentation (https://github.com/Aiven-Open/opensearch-connector-for-apache-kafka):
it sends documents over HTTP to ``connection.url``, authenticating with HTTP basic auth
(``connection.username`` / ``connection.password``). It does not sign requests with AWS SigV4
(*unconfirmed*: no SigV4 option in the stored documentation), so it needs no IAM permission: an
Amazon OpenSearch Service domain must admit it through fine-grained access control (an internal
user), which is what the warning says when ``connection.url`` is an AWS endpoint. Credentials held
in Secrets Manager are granted by the generic config-provider rule.
"""

from __future__ import annotations

import re

from ..base import Analysis, ConnectorKind, Context

DOC = "https://github.com/Aiven-Open/opensearch-connector-for-apache-kafka"
DOC_FGAC = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html"
TITLE = "Aiven OpenSearch sink"
_AWS_ENDPOINT = re.compile(r"\.(es|aoss)\.amazonaws\.com(\.cn)?(:\d+)?(/|$)")


def analyze(ctx: Context) -> Analysis:
    """No AWS grant; a warning for Amazon OpenSearch Service endpoints (see the module docstring)."""
    url = ctx.require("connection.url", "the OpenSearch sink writes to this endpoint")
    if url and any(_AWS_ENDPOINT.search(u.strip()) for u in url.split(",")):
        ctx.warn(f"{TITLE}: connection.url is an Amazon OpenSearch Service endpoint ({url}); the connector uses HTTP "
                 "basic auth, not SigV4-signed IAM requests, so the execution role gets no es:* permission: allow "
                 f"connection.username through the domain's fine-grained access control ({DOC_FGAC})")
    return Analysis()


KIND = ConnectorKind(
    id="opensearch_sink",
    title=TITLE,
    classes=("io.aiven.kafka.connect.opensearch.OpensearchSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
