"""MirrorMaker 2 MirrorCheckpointConnector (``org.apache.kafka.connect.mirror.MirrorCheckpointConnector``).

Source: Kafka documentation, "Geo-Replication" (https://kafka.apache.org/documentation/#georeplication),
KIP-382, and the AWS blog on MirrorMaker 2 on MSK Connect with IAM authentication. Every rule and
its source is in :mod:`._mirrormaker`. No AWS permission beyond Kafka.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _mirrormaker

TITLE = "MirrorMaker 2 MirrorCheckpointConnector"


def analyze(ctx: Context) -> Analysis:
    """See :func:`._mirrormaker.checkpoint_connector`."""
    return _mirrormaker.checkpoint_connector(ctx, TITLE)


KIND = ConnectorKind(
    id="mirrormaker2_checkpoint",
    title=TITLE,
    classes=("org.apache.kafka.connect.mirror.MirrorCheckpointConnector",),
    type="source",
    doc=_mirrormaker.DOC,
    analyze=analyze,
)
