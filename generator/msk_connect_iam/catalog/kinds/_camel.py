"""What the Apache Camel Kafka connectors for AWS services share (not a kind: no ``KIND``).

Two generations of classes are in use (both are matched by the same kind):

- kamelet-based (camel-kafka-connector 3.x/4.x, apache/camel-kafka-connector@01ca1e4c):
  ``org.apache.camel.kafkaconnector.<pkg>.Camel<Name>SinkConnector`` / ``...SourceConnector``, every
  option ``camel.kamelet.<kamelet>.<option>`` (``connectors/camel-<kamelet>-kafka-connector/.../
  Camel<Name>ConnectorConfig.java`` L29-L89, e.g. ``camel.kamelet.aws-s3-sink.bucketNameOrArn``);
  the kamelet (apache/camel-kamelets@ce3def2d ``kamelets/<kamelet>.kamelet.yaml``) passes them to
  the Camel ``aws2-*`` endpoint;
- 0.x (camel-kafka-connector-0.11.5): ``org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SinkConnector``
  and so on, with ``camel.<sink|source>.path.<path>`` (``bucketNameOrArn``, ``queueNameOrArn``,
  ``topicNameOrArn``, ``streamName``, ``tableName``, ``namespace``), ``camel.<sink|source>.endpoint.<option>``
  and ``camel.component.<component>.<option>`` (``CamelAws2s3SinkConnectorConfig.java`` L27-L237).

Credentials (the same in every ``aws2-*`` component): the client uses the default provider chain,
which on MSK Connect is the execution role, only with ``useDefaultCredentialsProvider=true``
(apache/camel ``AWS2S3ClientFactory.getAWSS3Client``; kamelet default ``false``, e.g.
``aws-s3-sink.kamelet.yaml`` L69-73); otherwise a profile (``useProfileCredentialsProvider``),
session credentials (``useSessionCredentials``) or ``accessKey``/``secretKey``; with none of them the
component refuses to start (apache/camel ``Sqs2Component.createEndpoint``: "useDefaultCredentialsProvider
is set to false ... accessKey and secretKey must be specified"). ``overrideEndpoint=true`` with
``uriEndpointOverride`` sends the calls to that endpoint (LocalStack, MinIO).

A source writes every record to each topic of ``topics`` (``CamelSourceConnectorConfig.java`` L46,
L86; ``CamelSourceTask.java`` L124, L233).
"""

from __future__ import annotations

from ..arnbuild import is_region
from ..base import Context, TopicUse
from ._shared import _REGION_RE, not_the_role, region

DOC_CKC = "https://camel.apache.org/camel-kafka-connector/next/reference/index.html"
DOC_KAMELETS = "https://camel.apache.org/camel-kamelets/next/"
DOC_SOURCE_TOPICS = ("https://github.com/apache/camel-kafka-connector/blob/main/core/src/main/java/org/apache/camel/"
                     "kafkaconnector/CamelSourceConnectorConfig.java")
DOC_CREDENTIALS = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-s3/src/main/java/org/"
                   "apache/camel/component/aws2/s3/client/AWS2S3ClientFactory.java")


class Camel:
    """A Camel AWS connector's options, whichever generation of class names them.

    ``kamelet``: ``aws-s3-sink``...; ``component``: ``aws2-s3``...; ``direction``: ``sink``/``source``;
    ``path``: (kamelet option, 0.x path option) of the resource the endpoint names.
    """

    def __init__(self, ctx: Context, kamelet: str, component: str, direction: str, path: tuple[str, str],
                 title: str, service: str):
        self.ctx, self.kamelet, self.component, self.direction = ctx, kamelet, component, direction
        self.path_options, self.title, self.service = path, title, service
        cls = ctx.get("connector.class") or ""
        self.legacy = ".aws2" in cls or cls.startswith("CamelAws2")

    def keys(self, option: str) -> tuple[str, ...]:
        """The properties that may hold ``option``, most specific first."""
        if self.legacy:
            return (f"camel.{self.direction}.endpoint.{option}", f"camel.component.{self.component}.{option}")
        return (f"camel.kamelet.{self.kamelet}.{option}",)

    def key(self, option: str) -> str:
        """The property that holds ``option`` (the first set one, else the first candidate)."""
        keys = self.keys(option)
        return next((k for k in keys if self.ctx.get(k)), keys[0])

    def get(self, option: str, default: str | None = None) -> str | None:
        return self.ctx.get(self.key(option)) or default

    def flag(self, option: str, default: bool = False) -> bool:
        value = self.get(option)
        return default if value is None else value.lower() == "true"

    def path_key(self) -> str:
        kamelet_opt, legacy_opt = self.path_options
        return f"camel.{self.direction}.path.{legacy_opt}" if self.legacy else f"camel.kamelet.{self.kamelet}.{kamelet_opt}"

    def require_path(self, why: str) -> str | None:
        return self.ctx.require(self.path_key(), why)

    def uses_role(self) -> bool:
        """True when the AWS client is built with the default provider chain (the execution role) and
        calls AWS; else a warning says why nothing is granted (see the module docstring)."""
        ctx = self.ctx
        endpoint = self.get("uriEndpointOverride") if self.flag("overrideEndpoint") else None
        endpoints = (self.key("uriEndpointOverride"),) if endpoint else ()
        if self.flag("useDefaultCredentialsProvider"):
            return not not_the_role(ctx, self.title, self.service, endpoints=endpoints)
        other = []
        for option, why in (("useProfileCredentialsProvider", "a profile from the worker's file system"),
                            ("useSessionCredentials", "the configured session credentials")):
            if self.flag(option):
                other.append((self.key(option), f"{option}=true uses {why}"))
        keys = (self.key("accessKey"), self.key("secretKey"))
        if not_the_role(ctx, self.title, self.service, keys=keys, endpoints=endpoints, other=tuple(other)):
            return False
        ctx.warn(f"{self.title}: {self.key('useDefaultCredentialsProvider')} is not true and no accessKey/secretKey "
                 f"is set, so the Camel {self.component} component refuses to start; set it to true for the execution "
                 f"role (nothing is granted for {self.service} until then)")
        return False

    def region(self, role: bool) -> str:
        """The ``region`` option (normalised). With the role a bad value is a located error; without
        it (IAM does not depend on it) a warning."""
        key = self.key("region")
        if role:
            return region(self.ctx, key)
        value = self.ctx.get(key)
        if value:
            norm = value.lower().replace("_", "-")
            if not _REGION_RE.match(norm) or not (norm == self.ctx.region or is_region(self.ctx.partition, norm)):
                self.ctx.warn(f"{self.title}: {key}='{value}' is not an AWS region (the configuration looks "
                              "unfinished)")
        return self.ctx.region

    def source_topics(self) -> tuple[TopicUse, ...]:
        """The topics a Camel source writes (``topics``), or a located error when missing."""
        ctx = self.ctx
        names = ctx.list("topics")
        if not names:
            ctx.require("topics", f"{self.title} writes every record to the topics in 'topics'")
            return ()
        return tuple(TopicUse(ctx.kafka_name(t, key="topics"), ctx.cause("topics"),
                              f"{self.title}: writes every record to each topic in 'topics'", DOC_SOURCE_TOPICS)
                     for t in names)

    def cause(self, *options: str) -> str:
        return "; ".join(self.ctx.cause(self.path_key() if o == "path" else self.key(o)) for o in options)


def arn_or_name(value: str) -> tuple[str, str | None, str | None]:
    """``arn:<p>:<svc>:<region>:<account>:<name>`` -> (name, region, account); a plain name -> (name, None, None)."""
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        if len(parts) == 6:
            return parts[5], parts[3] or None, parts[4] or None
    return value, None, None


DOC_SQS_ENDPOINT = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-sqs/src/main/java/org/"
                    "apache/camel/component/aws2/sqs/Sqs2Endpoint.java")


def sqs_queue(camel: Camel, role_region: str):
    """(queue ARN, grants needed to find it) for a Camel SQS endpoint: an ARN is used as given
    (``Sqs2Component`` takes the region and owner account from it, so the URL is built without a
    call); a name, without ``queueURL``, is looked up with ``ListQueues`` (``Sqs2Endpoint.java``
    ``doInit``/``initQueueUrl``: ``listQueues`` with the name as prefix; ListQueues has no resource
    type, so ``*``); ``autoCreateQueue=true`` adds ``GetQueueUrl`` and ``CreateQueue``
    (``createQueue``/``queueExists``)."""
    from ..base import Grant, everything

    ctx = camel.ctx
    key = camel.path_key()
    value = ctx.get(key) or ""
    grants = []
    if value.startswith("arn:"):
        arn = ctx.parse_arn(value, service="sqs", resource="", key=key)
    else:
        arn = ctx.arn("sqs", value, region=role_region, key=key)
        if not camel.get("queueURL"):
            grants.append(Grant("CamelSqsListQueues", ("sqs:ListQueues",), (everything("ListQueues has no resource type"),),
                                ctx.cause(key), f"{camel.title}: finds the queue's URL by listing queues with its name "
                                "as prefix (ListQueues has no resource type)", DOC_SQS_ENDPOINT))
    if arn is not None and camel.flag("autoCreateQueue"):
        grants.append(Grant("CamelSqsCreateQueue", ("sqs:CreateQueue", "sqs:GetQueueUrl"), (arn,),
                            camel.cause("autoCreateQueue"), f"{camel.title}: creates the queue when it is missing",
                            DOC_SQS_ENDPOINT))
    return arn, grants
