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
from dataclasses import dataclass

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
JCUSTENBORDER_SECRETS = "com.github.jcustenborder.kafka.config.aws.SecretsManagerConfigProvider"
DOC_JCUSTENBORDER = ("https://github.com/jcustenborder/kafka-config-provider-aws/blob/master/src/main/java/com/github/"
                     "jcustenborder/kafka/config/aws/SecretsManagerConfigProvider.java")
#: Kafka's own providers (org.apache.kafka.common.config.provider): files, directories and
#: environment variables of the worker; no AWS access.
KAFKA_PROVIDERS = frozenset(f"org.apache.kafka.common.config.provider.{c}ConfigProvider"
                            for c in ("File", "Directory", "EnvVar"))
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


@dataclass(frozen=True)
class _Provider:
    """One declared config provider: its class, and where it is declared (the worker
    configuration, or the connector configuration per KIP-421)."""

    name: str
    cls: str
    worker: bool

    def param(self, ctx: Context, name: str) -> str | None:
        key = f"config.providers.{self.name}.param.{name}"
        return ctx.worker_get(key) if self.worker else ctx.get(key)

    def param_key(self, name: str) -> str:
        return f"config.providers.{self.name}.param.{name}"


def _declared(ctx: Context, worker: bool) -> dict[str, _Provider]:
    get = ctx.worker_get if worker else ctx.get
    names = [n.strip() for n in (get("config.providers") or "").split(",") if n.strip()]
    return {n: _Provider(n, get(f"config.providers.{n}.class") or "", worker) for n in names}


def _provider_classes(ctx: Context) -> dict[str, _Provider]:
    """The config providers a placeholder can name: the worker's ``config.providers`` (Kafka
    Connect's WorkerConfigTransformer: apache/kafka connect/runtime Worker.java), and, for a name the
    worker does not declare, the connector configuration's own ``config.providers`` (KIP-421:
    ``AbstractConfig`` resolves ``${...}`` with the providers declared in the same configuration,
    apache/kafka clients/.../config/AbstractConfig.java ``resolveConfigVariables``; Kafka 2.3+).
    A connector-level declaration gets a warning: it works only when the connector parses its
    configuration with Kafka's ``AbstractConfig``. A listed name without a class gets a warning."""
    worker = _declared(ctx, True)
    connector = {n: p for n, p in _declared(ctx, False).items() if n not in worker}
    if connector:
        ctx.warn("connector_configuration.config.providers: config providers declared in the connector configuration "
                 f"({', '.join(sorted(connector))}) are not the worker's: Kafka Connect resolves placeholders with the "
                 "worker configuration's config.providers, and only a connector that parses its configuration with "
                 "Kafka's AbstractConfig resolves them itself (KIP-421); their grants are derived, but declare them "
                 "in the worker configuration to be sure they are used")
    for p in list(worker.values()) + list(connector.values()):
        if not p.cls:
            section = "worker_configuration" if p.worker else "connector_configuration"
            ctx.warn(f"{section}.config.providers lists '{p.name}' without config.providers.{p.name}.class: Kafka "
                     "cannot instantiate it, and placeholders that name it are not resolved")
    return {**connector, **worker}


def config_providers(ctx: Context) -> list[Grant]:
    """Grants for the ``${provider:path:key}`` placeholders found in the connector configuration.

    The provider name is resolved through ``config.providers.<name>.class`` (worker configuration
    first, then the connector's own: :func:`_provider_classes`); without any declaration the
    conventional names (secretsmanager, ssm, s3import) are assumed, with a warning. A name that
    differs only in case from a declared one is a located error (Kafka's provider names are
    case-sensitive: ConfigTransformer looks the name up in a HashMap). Per provider class:

    - AWS (aws-samples/msk-config-providers) SecretsManagerConfigProvider: ``${name:secret:key}`` or
      ``${name:secret}``, the secret name or URL-encoded ARN -> ``secretsmanager:GetSecretValue`` on
      the secret's ARN (a name gets ``-??????``); region ``param.region``.
    - AWS SsmParamStoreConfigProvider: ``${name::/param/name}``, the key is the parameter name ->
      ``ssm:GetParameter`` on ``parameter/<name>``.
    - AWS S3ImportConfigProvider: ``${name:<region>:<bucket>/<key>}`` -> ``s3:GetObject`` on that object.
    - ``com.github.jcustenborder.kafka.config.aws.SecretsManagerConfigProvider``
      (jcustenborder/kafka-config-provider-aws, SecretsManagerConfigProvider.java ``get``: the
      secret id is ``Paths.get(secret.prefix, path)``, one GetSecretValue per path, nothing else;
      SecretsManagerConfigProviderConfig.java: ``aws.region``, ``secret.prefix``, static keys when
      ``aws.access.key`` is set) -> ``secretsmanager:GetSecretValue`` on the named secret; with
      static keys the call is not made with the role: no grant, a warning.
    - Kafka's FileConfigProvider, DirectoryConfigProvider, EnvVarConfigProvider
      (org.apache.kafka.common.config.provider): read the worker's file system or environment, no
      AWS access: no grant.

    The region is the provider's region parameter when set, else the connector's.
    """
    declared = _provider_classes(ctx)
    out: list[Grant] = []
    warned: set[str] = set()
    for key in sorted(ctx.config):
        for m in PLACEHOLDER_RE.finditer(ctx.config[key]):
            provider = _resolve_provider(ctx, key, m, declared, warned)
            if provider is not None:
                out += _provider_grants(ctx, key, m, provider, warned)
    return out


def _resolve_provider(ctx: Context, key: str, m: re.Match, declared: dict[str, _Provider],
                      warned: set[str]) -> _Provider | None:
    name = m.group(1)
    if name in declared:
        return declared[name]
    same = [n for n in declared if n.lower() == name.lower()]
    if same:
        ctx.error(key, f"'{m.group(0)}' names config provider '{name}', but config.providers declares '{same[0]}': "
                       "provider names are case-sensitive, so the placeholder is not resolved; expected "
                       f"'${{{same[0]}:...}}'")
        return None
    cls = CONVENTIONAL_PROVIDERS.get(name)
    if cls is None:
        if name not in warned:
            ctx.warn(f"property '{key}' uses config provider '{name}', which the worker configuration "
                     "does not declare and the catalog does not know; declare its AWS access in "
                     "aws_permissions")
            warned.add(name)
        return None
    if declared or ctx.worker:
        ctx.error(key, f"'{m.group(0)}' uses config provider '{name}', but the worker configuration's "
                       "config.providers does not declare it", worker=False)
        return None
    if name not in warned:
        ctx.warn(f"config provider '{name}' is not declared (no worker_configuration given); assumed "
                 f"to be {cls.rsplit('.', 1)[-1]}")
        warned.add(name)
    return _Provider(name, cls, True)


def _provider_grants(ctx: Context, key: str, m: re.Match, provider: _Provider, warned: set[str]) -> list[Grant]:
    path, ref = m.group(3), m.group(4)
    cls = provider.cls
    region = provider.param(ctx, "aws.region" if cls == JCUSTENBORDER_SECRETS else "region") or ctx.region
    cause = f"connector_configuration: {key}={m.group(0)}"
    ref = ref.split("?", 1)[0]
    if path is not None:
        path = path.split("?", 1)[0]
    if cls == SECRETS_MANAGER:
        # the region (param.region) goes through the builder's checks too; a problem is located at
        # the property whose value is the offending text
        arn = ctx.secret(path if path is not None else ref, region=region, key=key)
        return [] if arn is None else [Grant("ConfigProviderSecrets", ("secretsmanager:GetSecretValue",), (arn,), cause,
                                             "MSK config provider for Secrets Manager reads the secret", DOC_PROVIDERS)]
    if cls == SSM:
        name = ref if not path else path
        return [Grant("ConfigProviderParameters", ("ssm:GetParameter",),
                      (ctx.ssm_parameter(name, region=region, key=key),), cause,
                      "MSK config provider for SSM Parameter Store reads the parameter "
                      "(GetParameter with decryption)", DOC_PROVIDERS_SRC)]
    if cls == S3_IMPORT:
        bucket, _, obj = ref.partition("/")
        if not bucket or not obj:
            ctx.error(key, f"'{m.group(0)}' does not name <bucket>/<key> for the S3 import config provider")
            return []
        return [Grant("ConfigProviderObjects", ("s3:GetObject",), (ctx.s3_object(bucket, obj, key=key),), cause,
                      "MSK config provider for S3 downloads the object", DOC_PROVIDERS)]
    if cls == JCUSTENBORDER_SECRETS:
        return _jcustenborder_secret(ctx, key, m, provider, path, region, cause, warned)
    if cls in KAFKA_PROVIDERS:
        return []  # the worker's files or environment: no AWS access
    if provider.name not in warned:
        ctx.warn(f"config provider '{provider.name}' ({cls or 'no class'}) is not one the catalog knows; "
                 "declare its AWS access in aws_permissions")
        warned.add(provider.name)
    return []


def _jcustenborder_secret(ctx: Context, key: str, m: re.Match, provider: _Provider, path: str | None,
                          region: str, cause: str, warned: set[str]) -> list[Grant]:
    """jcustenborder's provider: secret id ``Paths.get(secret.prefix, path)`` (see
    :func:`config_providers`)."""
    if provider.param(ctx, "aws.access.key"):
        if provider.name not in warned:
            ctx.warn(f"config provider '{provider.name}' ({JCUSTENBORDER_SECRETS}) signs its calls with the static "
                     f"keys of {provider.param_key('aws.access.key')}, not with the role: no grant is derived for it")
            warned.add(provider.name)
        return []
    if not path:
        ctx.error(key, f"'{m.group(0)}' names no secret: {JCUSTENBORDER_SECRETS} reads the secret named by the "
                       "placeholder's path; expected '${" + provider.name + ":<secret name>:<key>}'")
        return []
    prefix = provider.param(ctx, "secret.prefix") or ""
    # java.nio.file.Paths.get(prefix, path): joined with '/', repeated and trailing '/' removed
    secret = re.sub(r"/+", "/", f"{prefix}/{path}" if prefix else path).rstrip("/") or path
    arn = ctx.secret(secret, region=region, key=key)
    return [] if arn is None else [Grant("ConfigProviderSecrets", ("secretsmanager:GetSecretValue",), (arn,), cause,
                                         "jcustenborder's Secrets Manager config provider reads the secret "
                                         "(GetSecretValue of [secret.prefix/]path)", DOC_JCUSTENBORDER)]


DOC_IAM_AUTH = "https://github.com/aws/aws-msk-iam-auth#specifying-an-alternate-credential-profile-or-role"
_AWS_ROLE_ARN_RE = re.compile(r"""\bawsRoleArn\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+?))\s*(?:;|\s|$)""")


def iam_login_roles(ctx: Context) -> list[Grant]:
    """``sts:AssumeRole`` for each role an IAM login of the configuration assumes.

    A ``*sasl.jaas.config`` property (a client of the connector: ``producer.override.``,
    ``consumer.override.``, Debezium's ``schema.history.internal.producer.``, MirrorMaker 2's
    ``source.cluster.``/``target.cluster.``, ...) whose ``IAMLoginModule`` sets ``awsRoleArn``
    makes aws-msk-iam-auth assume that role with ``sts:AssumeRole`` and sign the client's Kafka
    requests with it (aws/aws-msk-iam-auth README, "Specifying an alternate credential profile
    or role"; ``STSAssumeRoleSessionCredentialsProvider``). The execution role then needs
    ``sts:AssumeRole`` on it; that client's Kafka permissions belong to the assumed role (a
    warning says so: the Kafka grants derived for the connector stay, because other clients
    still use the execution role). ``awsRoleArn`` naming anything but a role (an IAM user, a
    typo) is a located error: only a role can be assumed."""
    out: list[Grant] = []
    for key in sorted(ctx.config):
        if not key.endswith("sasl.jaas.config") or "IAMLoginModule" not in ctx.config[key]:
            continue
        m = _AWS_ROLE_ARN_RE.search(ctx.config[key])
        if not m:
            continue
        value = next(g for g in m.groups() if g is not None)
        if not re.match(r"^arn:[^:]+:iam::[^:]*:role/", value):
            ctx.error(key, f"awsRoleArn names '{value}', which is not an IAM role: aws-msk-iam-auth assumes awsRoleArn "
                           "with sts:AssumeRole, and only a role can be assumed; expected "
                           f"arn:{ctx.partition}:iam::<account>:role/<name> (or no awsRoleArn: the client then uses "
                           "the execution role)")
            continue
        out += ctx.assume_role(value, key, lambda arn, key=key: Grant(
            "IamLoginAssumeRole", ("sts:AssumeRole",), (arn,), ctx.cause(key, "...awsRoleArn=" + value),
            "aws-msk-iam-auth: IAMLoginModule with awsRoleArn assumes that role for the client's Kafka requests",
            DOC_IAM_AUTH))
        ctx.warn(f"{key}: the client's IAM login assumes {value} (awsRoleArn): its Kafka permissions must be on that "
                 "role; the execution role gets sts:AssumeRole on it")
    return out


def analyze(ctx: Context) -> Analysis:
    """Every generic rule (except sink topics, which need the manifest's declared topics: see
    :func:`sink_topics`)."""
    kafka_grants = _dlq(ctx) + _offsets(ctx) + _exactly_once(ctx)
    return Analysis(kafka=tuple(kafka_grants), aws=tuple(config_providers(ctx) + iam_login_roles(ctx)),
                    create_topics=_topic_creation(ctx))
