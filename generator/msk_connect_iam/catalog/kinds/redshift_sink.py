"""Confluent Amazon Redshift sink (``io.confluent.connect.aws.redshift.RedshiftSinkConnector``).

Sources: Confluent, "Amazon Redshift Sink Connector"
(https://docs.confluent.io/kafka-connectors/aws-redshift/current/overview.html): it reads ``topics``
and writes to ``aws.redshift.domain``:``aws.redshift.port``/``aws.redshift.database`` over JDBC with
``aws.redshift.user``/``aws.redshift.password``; AWS's own example
(https://docs.aws.amazon.com/msk/latest/developerguide/mkc-redshiftsink-connector-example.html)
grants the role only the config provider's secret. So no Redshift IAM action (no
``redshift:GetClusterCredentials``: the connector does not use IAM database authentication -
*unconfirmed from source*, the connector is closed source). Commercial: the license topic.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from ._shared import confluent_license

DOC = "https://docs.confluent.io/kafka-connectors/aws-redshift/current/overview.html"
TITLE = "Confluent Redshift sink"


def analyze(ctx: Context) -> Analysis:
    """The license topic only (see the module docstring)."""
    ctx.require("aws.redshift.domain", "the Redshift sink writes to this cluster endpoint")
    return Analysis(kafka=tuple(confluent_license(ctx, TITLE)))


KIND = ConnectorKind(
    id="redshift_sink",
    title=TITLE,
    classes=("io.confluent.connect.aws.redshift.RedshiftSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
