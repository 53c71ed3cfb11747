"""ARN formats for MSK clusters, Kafka resources, MSK Connect connectors and IAM policies.

Source: AWS Service Authorization Reference, "Actions, resources, and condition keys for Apache
Kafka APIs for Amazon MSK clusters" and "... for Amazon MSK Connect"; MSK Developer Guide,
"IAM access control - Resources" (iam-access-control.html#msk-iam-resources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msk_connect_iam.errors import ArnError, show

#: Partitions whose ARNs and service principals this tool knows (facts.md). Isolated partitions
#: (aws-iso, aws-iso-b, ...) are refused with a clear message rather than guessed at.
PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
ISOLATED_PARTITIONS = ("aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")

#: MSK Connect's service principal per supported partition. The same name in all three: the
#: China-region edition of the AWS page "Service execution role" (docs.amazonaws.cn) shows
#: ``kafkaconnect.amazonaws.com`` in its trust policy, and the provider's
#: ``aws_service_principal`` data source (5.100.0) gives that name for cn-north-1 and
#: us-gov-west-1 (tests/test_partitions.py compares it for every partition here). Isolated
#: partitions are refused: whether MSK Connect runs there, and under which principal, is not
#: documented publicly.
SERVICE_PRINCIPALS = {
    "aws": "kafkaconnect.amazonaws.com",
    "aws-cn": "kafkaconnect.amazonaws.com",
    "aws-us-gov": "kafkaconnect.amazonaws.com",
}
#: A region of each partition (for tests and examples).
PARTITION_SAMPLE_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

#: Region names and account ids; always matched with ``fullmatch`` (``$`` would accept a
#: trailing newline, ``\d`` other scripts' digits).
REGION_RE = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
ACCOUNT_RE = re.compile(r"[0-9]{12}")
#: Both patterns are used with ``fullmatch`` (``$`` would accept a trailing newline).
_ARN_RE = re.compile(r"^arn:(?P<partition>[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):(?P<account>[^:]*):(?P<resource>.*)$", re.S)


@dataclass(frozen=True)
class ClusterArn:
    """A parsed MSK cluster ARN: ``arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>``.

    ``uuid`` is copied verbatim, suffix included (``-3`` on provisioned clusters, another form on
    serverless ones); its shape is not validated beyond "non-empty, no '/'" (facts.md).
    """

    partition: str
    region: str
    account: str
    name: str
    uuid: str

    @property
    def arn(self) -> str:
        return f"arn:{self.partition}:kafka:{self.region}:{self.account}:cluster/{self.name}/{self.uuid}"

    def resource_arn(self, kind: str, resource_name: str) -> str:
        """ARN of a Kafka resource in this cluster; ``kind`` is topic, group or transactional-id."""
        return (f"arn:{self.partition}:kafka:{self.region}:{self.account}:"
                f"{kind}/{self.name}/{self.uuid}/{resource_name}")

    def topic_arn(self, topic: str) -> str:
        """``arn:<p>:kafka:<r>:<a>:topic/<cluster-name>/<cluster-uuid>/<topic>`` (``*`` allowed)."""
        return self.resource_arn("topic", topic)

    def group_arn(self, group: str) -> str:
        """``arn:<p>:kafka:<r>:<a>:group/<cluster-name>/<cluster-uuid>/<group>`` (``*`` allowed)."""
        return self.resource_arn("group", group)

    def transactional_id_arn(self, transactional_id: str) -> str:
        """``arn:<p>:kafka:<r>:<a>:transactional-id/<cluster-name>/<cluster-uuid>/<id>``."""
        return self.resource_arn("transactional-id", transactional_id)


def check_partition(partition: str) -> None:
    """Raise ArnError unless ``partition`` is one of :data:`PARTITIONS`."""
    if partition in PARTITIONS:
        return
    if partition in ISOLATED_PARTITIONS:
        raise ArnError(f"partition {show(partition)} is an isolated partition; msk-connect-iam supports "
                       f"{', '.join(PARTITIONS)} only (whether MSK Connect runs there, and its service principal "
                       "there, is not publicly documented)")
    raise ArnError(f"unknown partition {show(partition)}; expected one of {', '.join(PARTITIONS)}")


def parse_cluster_arn(value: str) -> ClusterArn:
    """Parse an MSK cluster ARN; raise ArnError saying what is wrong and what was expected."""
    expected = "expected arn:<partition>:kafka:<region>:<account>:cluster/<cluster-name>/<cluster-uuid>"
    m = _ARN_RE.match(value)
    if not m:
        raise ArnError(f"found {show(value)}, which is not an ARN; {expected}")
    partition, service, region, account, resource = m.group("partition", "service", "region", "account", "resource")
    if service != "kafka":
        raise ArnError(f"found {show(value)}, a {show(service)} ARN, not an MSK cluster ARN; {expected}")
    check_partition(partition)
    if not REGION_RE.fullmatch(region):
        raise ArnError(f"region {show(region)} in {show(value)} is not a region name like us-east-1; {expected}")
    if not ACCOUNT_RE.fullmatch(account):
        raise ArnError(f"account {show(account)} in {show(value)} is not 12 digits; {expected}")
    parts = resource.split("/")
    if parts[0] != "cluster":
        raise ArnError(f"found {show(value)}, which names a {show(parts[0])} resource, not a cluster; {expected}")
    if len(parts) != 3 or not parts[1] or not parts[2]:
        raise ArnError(f"found {show(value)}, which lacks the cluster name or UUID; {expected}")
    if "*" in parts[1] or "*" in parts[2] or "?" in parts[1] or "?" in parts[2]:
        raise ArnError(f"found {show(value)}, which has a wildcard; expected the ARN of exactly one cluster")
    return ClusterArn(partition, region, account, parts[1], parts[2])


def connector_arn_pattern(partition: str, region: str, account: str, connector_name: str) -> str:
    """``arn:<p>:kafkaconnect:<r>:<a>:connector/<name>/*``: the trust policy's aws:SourceArn.

    The connector ARN ends in a UUID assigned at creation, and the connector needs the role at
    creation, so the UUID can only be matched with ``*`` (facts.md; MSK guide "Cross-service
    confused deputy prevention").
    """
    return f"arn:{partition}:kafkaconnect:{region}:{account}:connector/{connector_name}/*"


_POLICY_ARN_RE = re.compile(r"arn:(?P<partition>[^:]+):iam::(?P<account>[0-9]{12}|aws):policy/(?P<rest>.+)", re.S)


def parse_policy_arn(value: str) -> str:
    """Check a managed policy ARN ``arn:<p>:iam::<account|aws>:policy/<path><name>``; return its partition."""
    m = _POLICY_ARN_RE.fullmatch(value)
    if not m:
        raise ArnError(f"found {show(value)}, which is not a managed policy ARN; expected "
                       "arn:<partition>:iam::<account or aws>:policy/<path><name>")
    check_partition(m.group("partition"))
    rest = m.group("rest")
    if rest.endswith("/") or "//" in rest or not re.fullmatch(r"[\w+=,.@/-]+", rest, re.ASCII):
        raise ArnError(f"found {show(value)}, whose policy path or name is invalid; expected a path and name of ASCII letters, digits and '+=,.@_-'")
    return m.group("partition")
