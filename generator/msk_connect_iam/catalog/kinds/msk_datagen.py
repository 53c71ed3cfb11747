"""Amazon MSK Data Generator (``com.amazonaws.mskdatagen.GeneratorSourceConnector``).

Source: https://github.com/awslabs/amazon-msk-data-generator (README): keys ``genkp.<topic>.with``
/ ``genk.<topic>.<attr>.with`` generate a topic's keys and ``genv.<topic>.<attr>.with`` (or
``.matching``) its values, so every topic it writes is named in a ``genkp.``/``genk.``/``genv.``
key. No AWS access.
"""

from __future__ import annotations

import re

from ..base import Analysis, ConnectorKind, Context, TopicUse

DOC = "https://github.com/awslabs/amazon-msk-data-generator"
TITLE = "Amazon MSK Data Generator"
_KEY_RE = re.compile(r"^(genkp|genk|genv)\.([^.]+)\.")


def analyze(ctx: Context) -> Analysis:
    """The topics named in the generator keys."""
    found: dict[str, str] = {}
    for key in sorted(ctx.config):
        m = _KEY_RE.match(key)
        if m:
            found.setdefault(m.group(2), key)
    if not found:
        ctx.error("genkp", "no genkp.<topic>.with / genv.<topic>.<attr>.with keys: the generator writes no topic")
    return Analysis(topics=tuple(TopicUse(ctx.kafka_name(t, key=k), ctx.cause(k), f"{TITLE}: generates records for the topic named in "
                                          "its generator keys", DOC) for t, k in sorted(found.items())))


KIND = ConnectorKind(
    id="msk_datagen",
    title=TITLE,
    classes=("com.amazonaws.mskdatagen.GeneratorSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
