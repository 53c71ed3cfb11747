"""Kafka Connect rules that apply to every connector, whatever its plugin.

Each rule reads a property of the connector or worker configuration and returns grants with
their provenance. Sources:

- Kafka Connect configuration reference (https://kafka.apache.org/documentation/#connectconfigs,
  sink ``topics``/``topics.regex``/``errors.deadletterqueue.topic.name``, source
  ``topic.creation.*`` (KIP-158), per-connector ``offsets.storage.topic`` and
  ``exactly.once.source.support`` (KIP-618)).
- MSK Developer Guide: "Semantics of IAM authorization policy actions and resources" (which
  kafka-cluster action a Kafka request needs) and "Custom worker configurations" (offset storage
  topic; https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-set-offset-storage-topic.html).
- The AWS MSK config providers (https://github.com/aws-samples/msk-config-providers), as used in
  the MSK Developer Guide "Tutorial: Externalizing sensitive information using config providers".
"""

from __future__ import annotations

import re

from .base import ANY, Analysis, Context, Grant, KafkaGrant, TopicUse, kafka

DOC_SINK = "https://kafka.apache.org/documentation/#sinkconnectorconfigs"
DOC_SOURCE = "https://kafka.apache.org/documentation/#sourceconnectorconfigs"
DOC_DLQ = "https://kafka.apache.org/documentation/#sinkconnectorconfigs_errors.deadletterqueue.topic.name"
DOC_WORKER = "https://kafka.apache.org/documentation/#connectconfigs"
DOC_EOS = "https://cwiki.apache.org/confluence/display/KAFKA/KIP-618%3A+Exactly-Once+Support+for+Source+Connectors"
DOC_IDEMPOTENCE = "https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html"
DOC_OFFSETS = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-set-offset-storage-topic.html"
DOC_TOPIC_CREATION = "https://cwiki.apache.org/confluence/display/KAFKA/KIP-158%3A+Kafka+Connect+should+allow+source+connectors+to+set+topic-specific+settings+for+new+topics"
DOC_PROVIDERS = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-config-provider.html"
DOC_PROVIDERS_SRC = "https://github.com/aws-samples/msk-config-providers"
DOC_TRANSFORMER = "https://kafka.apache.org/documentation/#config_providers"

#: The placeholder syntax of Kafka's ConfigTransformer (org.apache.kafka.common.config.ConfigTransformer
#: DEFAULT_PATTERN): ``${provider:[path:]key}``.
PLACEHOLDER_RE = re.compile(r"\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}")

SECRETS_MANAGER = "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider"
SSM = "com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider"
S3_IMPORT = "com.amazonaws.kafka.config.providers.S3ImportConfigProvider"
#: Provider names the MSK guide and the providers' README use, for when the worker configuration
#: is not given (the class is then inferred, with a warning).
CONVENTIONAL_PROVIDERS = {"secretsmanager": SECRETS_MANAGER, "secretmanager": SECRETS_MANAGER,
                          "ssm": SSM, "s3import": S3_IMPORT}

_PREFIX_REGEX_RE = re.compile(r"^\^?((?:[A-Za-z0-9_-]|\\\.|\.(?!\*))*)\.\*\$?$")
_LITERAL_PREFIX_RE = re.compile(r"^\^?((?:[A-Za-z0-9_-]|\\\.)*)")


def regex_prefix(regex: str) -> tuple[str, bool] | None:
    """If ``regex`` is a plain prefix regex (``^?<literal>.*$?``), return (prefix, exact) where
    ``exact`` is False when the literal used an unescaped '.', which the prefix reads as a dot
    although the regex matches any character there. Return None for any other regex."""
    m = _PREFIX_REGEX_RE.match(regex)
    if not m:
        return None
    literal = m.group(1)
    exact = not re.search(r"(?<!\\)\.", literal)
    return literal.replace("\\.", "."), exact


def literal_prefix(regex: str) -> str:
    """The literal text a regex starts with (letters, digits, '_', '-', escaped '.'): every topic
    it matches starts with it."""
    return _LITERAL_PREFIX_RE.match(regex).group(1).replace("\\.", ".")


def sink_topics(ctx: Context, declared: tuple[str, ...], widen_regex: bool) -> list[TopicUse]:
    """The topics a sink reads: ``topics`` (comma list) and ``topics.regex``.

    A plain prefix regex (``orders\\..*``) becomes the prefix ``orders.*``. Any other regex cannot be
    turned into an IAM pattern: the manifest must declare ``topics`` (they are then what is
    granted), or set ``widen_topics_regex: true`` to grant the regex's literal prefix followed by
    ``*`` (more than the regex matches). Otherwise a located error says so.
    """
    out = [TopicUse(ctx.kafka_name(t, key="topics"), ctx.cause("topics"), "Kafka Connect sink: reads the topics in 'topics'", DOC_SINK)
           for t in ctx.list("topics")]
    regex = ctx.get("topics.regex")
    if regex:
        rule = "Kafka Connect sink: reads every topic matching 'topics.regex'"
        prefix = regex_prefix(regex)
        if prefix is not None and prefix[0]:
            name, exact = prefix
            out.append(TopicUse(ctx.kafka_name(name, ANY, key="topics.regex"), ctx.cause("topics.regex"), rule + " (a prefix regex)", DOC_SINK))
            if not exact:
                ctx.warn(f"topics.regex '{regex}': an unescaped '.' matches any character, but the grant reads it "
                         f"as a literal dot (prefix '{name}*'); write '\\.' to match the regex to the grant")
        elif widen_regex:
            lit = literal_prefix(regex)
            if not lit:
                ctx.error("topics.regex", f"'{regex}' has no literal prefix, so widen_topics_regex would grant every "
                                          "topic of the cluster; declare the topics it reads in 'topics'")
            else:
                out.append(TopicUse(ctx.kafka_name(lit, ANY, key="topics.regex"), ctx.cause("topics.regex"),
                                    rule + " (widened to its literal prefix by widen_topics_regex)", DOC_SINK))
        elif not declared:
            ctx.error("topics.regex", f"'{regex}' is not a plain prefix regex such as 'orders\\..*', so it cannot "
                                      "be turned into an IAM resource pattern; declare the topics it reads in the "
                                      "connector's 'topics', or set widen_topics_regex: true to grant its literal "
                                      "prefix followed by '*'")
    return out


def _dlq(ctx: Context) -> list[KafkaGrant]:
    topic = ctx.get("errors.deadletterqueue.topic.name")
    if not topic or ctx.type != "sink":
        return []
    # DeadLetterQueueReporter.createAndSetup lists topics and creates the DLQ topic when missing,
    # then produces failed records to it.
    return [KafkaGrant("DeadLetterQueueTopic", kafka("CreateTopic", "DescribeTopic", "WriteData"), "topic",
                       (ctx.kafka_name(topic, key="errors.deadletterqueue.topic.name"),),
                       ctx.cause("errors.deadletterqueue.topic.name"),
                       "Kafka Connect: a sink writes failed records to its dead letter queue topic, creating it "
                       "if missing", DOC_DLQ)]


def _offsets(ctx: Context) -> list[KafkaGrant]:
    out = []
    rule = ("Kafka Connect: the worker creates, reads and writes its offset storage topic")
    actions = kafka("CreateTopic", "DescribeTopic", "ReadData", "WriteData")
    topic = ctx.worker_get("offset.storage.topic")
    if topic:
        out.append(KafkaGrant("OffsetStorageTopic", actions, "topic",
                              (ctx.kafka_name(topic, key="offset.storage.topic", worker=True),),
                              ctx.cause("offset.storage.topic", worker=True), rule, DOC_OFFSETS))
    own = ctx.get("offsets.storage.topic")
    if own and ctx.type == "source":
        out.append(KafkaGrant("OffsetStorageTopic", actions, "topic", (ctx.kafka_name(own, key="offsets.storage.topic"),),
                              ctx.cause("offsets.storage.topic"),
                              "Kafka Connect: a source connector with its own offsets topic creates, reads and "
                              "writes it (KIP-618)", DOC_SOURCE))
    return out


def _exactly_once(ctx: Context) -> list[KafkaGrant]:
    out = []
    eos = (ctx.worker_get("exactly.once.source.support") or "").lower()
    if eos == "enabled" and ctx.type == "source":
        cause = ctx.cause("exactly.once.source.support", worker=True)
        rule = ("Kafka Connect exactly-once source support: task producers are transactional, with "
                "transactional ids <group.id>-<connector>-<task>")
        out.append(KafkaGrant("ExactlyOnceCluster", kafka("WriteDataIdempotently"), "cluster", (), cause,
                              rule + "; transactional producers are idempotent", DOC_EOS))
        out.append(KafkaGrant("TransactionalIds", kafka("AlterTransactionalId", "DescribeTransactionalId"),
                              "transactional-id", (ctx.kafka_name(ANY, f"-{ctx.name}-", ANY, kind="transactional-id"),),
                              cause, rule, DOC_EOS))
        out.append(KafkaGrant("TransactionalIds", kafka("AlterTransactionalId", "DescribeTransactionalId"),
                              "transactional-id", (ctx.kafka_name("__amazon_msk_connect_", ANY, kind="transactional-id"),),
                              cause,
                              "Kafka Connect exactly-once source support: the leader writes the config topic with "
                              "the transactional id <group.id>-configs (MSK Connect's worker group id starts with "
                              "__amazon_msk_connect_)", DOC_EOS))
    if ctx.get("producer.override.enable.idempotence", "").lower() == "true":
        out.append(KafkaGrant("ExactlyOnceCluster", kafka("WriteDataIdempotently"), "cluster", (),
                              ctx.cause("producer.override.enable.idempotence"),
                              "An idempotent producer needs WriteDataIdempotently on the cluster", DOC_IDEMPOTENCE))
    txn = ctx.get("producer.override.transactional.id")
    if txn:
        cause = ctx.cause("producer.override.transactional.id")
        out.append(KafkaGrant("ExactlyOnceCluster", kafka("WriteDataIdempotently"), "cluster", (), cause,
                              "A transactional producer is idempotent", DOC_IDEMPOTENCE))
        out.append(KafkaGrant("TransactionalIds", kafka("AlterTransactionalId", "DescribeTransactionalId"),
                              "transactional-id",
                              (ctx.kafka_name(txn, kind="transactional-id", key="producer.override.transactional.id"),),
                              cause, "A transactional producer uses its transactional id",
                              DOC_IDEMPOTENCE))
    return out


def _topic_creation(ctx: Context) -> str | None:
    if ctx.type != "source" or (ctx.worker_get("topic.creation.enable") or "true").lower() == "false":
        return None
    for key in ("topic.creation.default.replication.factor", "topic.creation.default.partitions"):
        if ctx.get(key) is not None:
            return ctx.cause(key)
    return None


def _provider_classes(ctx: Context) -> dict[str, str]:
    names = [n.strip() for n in (ctx.worker_get("config.providers") or "").split(",") if n.strip()]
    return {n: ctx.worker_get(f"config.providers.{n}.class") or "" for n in names}


def config_providers(ctx: Context) -> list[Grant]:
    """Grants for the ``${provider:path:key}`` placeholders found in the connector configuration.

    The provider name is resolved through the worker's ``config.providers.<name>.class``; without
    a worker configuration the conventional names (secretsmanager, ssm, s3import) are assumed,
    with a warning. Per provider class (aws-samples/msk-config-providers):

    - SecretsManagerConfigProvider: ``${name:secret:key}`` or ``${name:secret}``, the secret name
      or URL-encoded ARN -> ``secretsmanager:GetSecretValue`` on the secret's ARN (a name gets
      ``-??????``).
    - SsmParamStoreConfigProvider: ``${name::/param/name}``, the key is the parameter name ->
      ``ssm:GetParameter`` on ``parameter/<name>``.
    - S3ImportConfigProvider: ``${name:<region>:<bucket>/<key>}`` -> ``s3:GetObject`` on that object.

    The region is the provider's ``param.region`` when set, else the connector's.
    """
    declared = _provider_classes(ctx)
    out: list[Grant] = []
    warned: set[str] = set()
    for key in sorted(ctx.config):
        for m in PLACEHOLDER_RE.finditer(ctx.config[key]):
            provider, path, ref = m.group(1), m.group(3), m.group(4)
            cls = declared.get(provider)
            if cls is None:
                cls = CONVENTIONAL_PROVIDERS.get(provider)
                if cls is None:
                    if provider not in warned:
                        ctx.warn(f"property '{key}' uses config provider '{provider}', which the worker configuration "
                                 "does not declare and the catalog does not know; declare its AWS access in "
                                 "aws_permissions")
                        warned.add(provider)
                    continue
                if declared or ctx.worker:
                    ctx.error(key, f"'{m.group(0)}' uses config provider '{provider}', but the worker configuration's "
                                   "config.providers does not declare it", worker=False)
                    continue
                if provider not in warned:
                    ctx.warn(f"config provider '{provider}' is not declared (no worker_configuration given); assumed "
                             f"to be {cls.rsplit('.', 1)[-1]}")
                    warned.add(provider)
            region_key = f"config.providers.{provider}.param.region"
            region = ctx.worker_get(region_key) or ctx.region
            cause = f"connector_configuration: {key}={m.group(0)}"
            ref = ref.split("?", 1)[0]
            if path is not None:
                path = path.split("?", 1)[0]
            if cls == SECRETS_MANAGER:
                secret = path if path is not None else ref
                # the region (param.region of the worker) goes through the builder's checks too; a
                # problem is located at the property whose value is the offending text
                arn = ctx.secret(secret, region=region, key=key)
                if arn is None:
                    continue
                out.append(Grant("ConfigProviderSecrets", ("secretsmanager:GetSecretValue",), (arn,), cause,
                                 "MSK config provider for Secrets Manager reads the secret", DOC_PROVIDERS))
            elif cls == SSM:
                name = ref if not path else path
                out.append(Grant("ConfigProviderParameters", ("ssm:GetParameter",),
                                 (ctx.ssm_parameter(name, region=region, key=key),), cause,
                                 "MSK config provider for SSM Parameter Store reads the parameter "
                                 "(GetParameter with decryption)", DOC_PROVIDERS_SRC))
            elif cls == S3_IMPORT:
                bucket, _, obj = ref.partition("/")
                if not bucket or not obj:
                    ctx.error(key, f"'{m.group(0)}' does not name <bucket>/<key> for the S3 import config provider")
                    continue
                out.append(Grant("ConfigProviderObjects", ("s3:GetObject",),
                                 (ctx.s3_object(bucket, obj, key=key),), cause,
                                 "MSK config provider for S3 downloads the object", DOC_PROVIDERS))
            else:
                if provider not in warned:
                    ctx.warn(f"config provider '{provider}' ({cls or 'no class'}) is not one the catalog knows; "
                             "declare its AWS access in aws_permissions")
                    warned.add(provider)
    return out


def analyze(ctx: Context) -> Analysis:
    """Every generic rule (except sink topics, which need the manifest's declared topics: see
    :func:`sink_topics`)."""
    kafka_grants = _dlq(ctx) + _offsets(ctx) + _exactly_once(ctx)
    return Analysis(kafka=tuple(kafka_grants), aws=tuple(config_providers(ctx)),
                    create_topics=_topic_creation(ctx))
