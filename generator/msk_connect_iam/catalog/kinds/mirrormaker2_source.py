"""MirrorMaker 2 MirrorSourceConnector (``org.apache.kafka.connect.mirror.MirrorSourceConnector``).

Source: Kafka documentation, "Geo-Replication" (https://kafka.apache.org/documentation/#georeplication),
KIP-382, and the AWS blog on MirrorMaker 2 on MSK Connect with IAM authentication. Every rule and
its source is in :mod:`._mirrormaker`. No AWS permission beyond Kafka.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _mirrormaker

TITLE = "MirrorMaker 2 MirrorSourceConnector"


def analyze(ctx: Context) -> Analysis:
    """See :func:`._mirrormaker.source_connector`."""
    return _mirrormaker.source_connector(ctx, TITLE)


KIND = ConnectorKind(
    id="mirrormaker2_source",
    title=TITLE,
    classes=("org.apache.kafka.connect.mirror.MirrorSourceConnector",),
    type="source",
    doc=_mirrormaker.DOC,
    analyze=analyze,
)
