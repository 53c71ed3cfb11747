"""Manifests for the quota, lint, partition, cross-account and serverless tests, written from
scratch here (not by the generator), and a helper that generates them into a folder.

Every scenario is one connector; :func:`write_all` generates all of them into one output folder
so that a single terraform root configuration plans them together with ``modules/``.
"""

from __future__ import annotations

import random
from pathlib import Path

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
CLUSTER_CN = "arn:aws-cn:kafka:cn-north-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
CLUSTER_GOV = "arn:aws-us-gov:kafka:us-gov-west-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
CLUSTER_OTHER = "arn:aws:kafka:us-east-1:999988887777:cluster/shared/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-7"
CLUSTER_THIRD = "arn:aws:kafka:us-east-1:444455556666:cluster/legacy/0d3c5e7a-8b9f-4a2c-b1d4-6e8f0a2c4b6d-2"
CLUSTER_SERVERLESS = "arn:aws:kafka:us-east-1:123456789012:cluster/serverless-one/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9-s2"


def topics(n: int, seed: int = 1) -> list[str]:
    """``n`` distinct topic names of exactly 60 characters."""
    r = random.Random(seed)
    out = []
    for i in range(n):
        base = f"com.acme.{r.choice(['orders', 'payments', 'inventory', 'ledger'])}.events.v1.t{i:05d}-{r.randrange(10**6):06d}-"
        out.append((base + "x" * 60)[:60])
    assert len(set(out)) == n and all(len(t) == 60 for t in out)
    return out


def _topics_yaml(names) -> str:
    return "".join(f"      - {t}\n" for t in names)


def sink_manifest(name: str, topic_names, *, role: str = "", cluster: str = CLUSTER) -> str:
    """A sink connector reading ``topic_names``; ``role`` is extra YAML under ``role:``."""
    role_block = f"    role:\n{role}" if role else ""
    return (f"version: 1\nconnectors:\n  - name: {name}\n    type: sink\n    cluster:\n      arn: {cluster}\n"
            f"{role_block}    topics:\n{_topics_yaml(topic_names)}")


def buckets_manifest(name: str, n: int) -> str:
    """An S3 sink writing to ``n`` buckets, declared the long way: one object statement and one
    bucket statement per bucket (2n statements), as a user would paste them."""
    lines = [f"version: 1\nconnectors:\n  - name: {name}\n    type: sink\n    cluster:\n      arn: {CLUSTER}\n",
             "    topics: [orders]\n    aws_permissions:\n"]
    for i in range(n):
        bucket = f"acme-datalake-archive-{i:03d}-us-east-1"
        lines.append(f"      - sid: Objects{i:03d}\n"
                     "        actions: [s3:PutObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts]\n"
                     f"        resources: [\"arn:aws:s3:::{bucket}/*\"]\n"
                     f"      - sid: Bucket{i:03d}\n"
                     "        actions: [s3:ListBucket, s3:GetBucketLocation, s3:ListBucketMultipartUploads]\n"
                     f"        resources: [\"arn:aws:s3:::{bucket}\"]\n")
    return "".join(lines)


def mm2_manifest(name: str, *, cluster: str, source: str, source_alias: str, target_alias: str,
                 account: str | None = None, cross_account: bool = True) -> str:
    """A MirrorMaker 2 source connector replicating topic ``orders`` from ``source`` into ``cluster``."""
    return (f"version: 1\nconnectors:\n  - name: {name}\n"
            + (f"    account: \"{account}\"\n" if account else "")
            + ("    cross_account: true\n" if cross_account else "")
            + f"    cluster:\n      arn: {cluster}\n    source_cluster:\n      arn: {source}\n"
            "    connector_configuration:\n"
            "      connector.class: org.apache.kafka.connect.mirror.MirrorSourceConnector\n"
            f"      source.cluster.alias: {source_alias}\n      target.cluster.alias: {target_alias}\n"
            "      topics: orders\n      sync.topic.acls.enabled: false\n")


SCENARIOS: dict[str, str] = {
    # Go's HTML escaping of < > & in the rendered JSON, inline.
    "escape-sink": (
        f"version: 1\nconnectors:\n  - name: escape-sink\n    type: sink\n    cluster:\n      arn: {CLUSTER}\n"
        "    topics: [orders]\n    aws_permissions:\n"
        "      - sid: Archive\n        actions: [s3:ListBucket]\n        resources: [\"arn:aws:s3:::acme-archive\"]\n"
        "        conditions:\n          - test: StringLike\n            variable: s3:prefix\n"
        "            values: [\"a&b/<x>/*\", \"plain/*\"]\n"),
    # 300 topics at the default quota of 10: the hash tree with the inline policy as one leaf.
    "sink-300": sink_manifest("sink-300", topics(300)),
    # 300 other topics at the default quota, for which the tree needs 11: the fixed hash bins.
    "sink-300-bins": sink_manifest("sink-300-bins", topics(300, seed=3)),
    # Managed policies only (no inline leaf): the hash tree needs 11, which a quota of 20 allows ...
    "sink-300-stable": sink_manifest("sink-300-stable", topics(300),
                                     role="      policy_type: managed\n      max_managed_policies: 20\n"),
    # ... and which the default quota does not; a bin overflows with no inline policy to spill
    # into, so they are packed in order (dense, not stable).
    "sink-300-managed": sink_manifest("sink-300-managed", topics(300), role="      policy_type: managed\n"),
    "s3-50-buckets": buckets_manifest("s3-50-buckets", 50),
    "s3-50-buckets-managed": buckets_manifest("s3-50-buckets-managed", 50).replace(
        "    topics: [orders]\n", "    topics: [orders]\n    role:\n      policy_type: managed\n"),
    "managed-small": sink_manifest("managed-small", ["orders", "payments"], role="      policy_type: managed\n"),
    "cn-sink": sink_manifest("cn-sink", ["orders"], cluster=CLUSTER_CN),
    "gov-sink": sink_manifest("gov-sink", ["orders"], cluster=CLUSTER_GOV),
    "cross-sink": (
        f"version: 1\nconnectors:\n  - name: cross-sink\n    type: sink\n    account: \"123456789012\"\n"
        f"    cross_account: true\n    cluster:\n      arn: {CLUSTER_OTHER}\n    topics: [shared.orders]\n"),
    # MirrorMaker 2 with a source cluster of another account (the target is the connector's own).
    "cross-mm2-source": mm2_manifest("cross-mm2-source", cluster=CLUSTER, source=CLUSTER_OTHER,
                                     source_alias="shared", target_alias="analytics"),
    # MirrorMaker 2 whose target and source clusters belong to two other accounts: two documents.
    "cross-mm2-both": mm2_manifest("cross-mm2-both", cluster=CLUSTER_OTHER, source=CLUSTER_THIRD,
                                   source_alias="legacy", target_alias="shared", account="123456789012"),
    "serverless-source": (
        f"version: 1\nconnectors:\n  - name: serverless-source\n    type: source\n    cluster:\n"
        f"      arn: {CLUSTER_SERVERLESS}\n      type: serverless\n    topics: [\"cdc.*\"]\n    create_topics: true\n"),
}


def write_all(folder: Path) -> dict[str, Path]:
    """Write each scenario manifest to ``folder/manifests/<name>.yaml`` and generate it into
    ``folder/modules/``; returns ``{name: manifest path}``."""
    from msk_connect_iam import api

    (folder / "manifests").mkdir(parents=True, exist_ok=True)
    out_dir = folder / "modules"
    paths = {}
    for name, text in SCENARIOS.items():
        path = folder / "manifests" / f"{name}.yaml"
        path.write_text(text)
        api.generate(path, out_dir)
        paths[name] = path
    return paths
