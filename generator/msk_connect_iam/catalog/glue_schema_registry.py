"""AWS Glue Schema Registry converters, wherever they appear (an analyser for every connector).

A connector uses the registry when its ``key.converter`` or ``value.converter`` (or, when the
connector sets none, the worker configuration's) is one of :data:`CONVERTERS`. Sources:

- AWS Glue Developer Guide, "Getting started with schema registry", IAM examples
  (https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html): serializers need
  ``glue:GetSchemaByDefinition`` on the registry and schema ARNs (code example 13); producers that
  register schemas add ``glue:CreateSchema``, ``glue:RegisterSchemaVersion`` and
  ``glue:PutSchemaVersionMetadata`` (code example 14); deserializers need ``glue:GetSchemaVersion``,
  which AWS's example grants on ``*`` because a record carries only the schema version id (code
  example 15).
- awslabs/aws-glue-schema-registry@eed1506b ``AWSSchemaRegistryClient.java`` L306-312, L373-383: with
  auto-registration, a registered version that is not yet AVAILABLE is polled with
  ``getSchemaVersion`` by its version id (``waitForSchemaEvolutionCheckToComplete``), so
  ``glue:GetSchemaVersion`` is granted too, on the same registry and schema ARNs (the resource types
  the Service Authorization Reference lists for it). Unclear (docs/catalog.md): AWS's deserializer
  example grants GetSchemaVersion on ``*``; a serializer polls only versions of its own schemas.
- Property names of the serde library (awslabs/aws-glue-schema-registry,
  ``AWSSchemaRegistryConstants``): ``region``, ``registry.name`` (default ``default-registry``),
  ``schemaName`` (default: the naming strategy's, the topic name), ``schemaAutoRegistrationEnabled``
  (default false), each prefixed by ``<key|value>.converter.``.

A source connector's converter serialises (one schema per topic it writes, or ``schemaName``); a
sink connector's deserialises. ARNs: ``arn:<p>:glue:<region>:<account>:registry/<registry>`` and
``...:schema/<registry>/<schema>`` (Service Authorization Reference, AWS Glue).
"""

from __future__ import annotations

from .base import ANY, Analysis, Context, Grant, everything

DOC = "https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html"
DOC_SERDE_CLIENT = ("https://github.com/awslabs/aws-glue-schema-registry/blob/master/common/src/main/java/com/amazonaws/"
                    "services/schemaregistry/common/AWSSchemaRegistryClient.java")
CONVERTERS = (
    "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter",
    "com.amazonaws.services.schemaregistry.kafkaconnect.jsonschema.JsonSchemaConverter",
    "com.amazonaws.services.schemaregistry.kafkaconnect.protobuf.ProtobufSchemaConverter",
)
TITLE = "AWS Glue Schema Registry converter"
_VERSION_ID_REASON = ("glue:GetSchemaVersion by schema version id names no registry or schema; AWS's Glue "
                      "Schema Registry guide grants it on * (code example 15)")


def _converter(ctx: Context, side: str) -> tuple[str, dict[str, str], bool] | None:
    """(class, its properties without the '<side>.converter.' prefix, from_worker) or None."""
    key = f"{side}.converter"
    cls = ctx.get(key)
    source, worker = ctx.config, False
    if cls is None:
        cls = ctx.worker_get(key)
        source, worker = ctx.worker, True
    if cls is None or cls.strip() not in CONVERTERS:
        return None
    prefix = key + "."
    props = {k[len(prefix):]: str(v).strip() for k, v in source.items() if k.startswith(prefix)}
    return cls.strip(), props, worker


def _topic_schema(name: str) -> tuple:
    """The parts of the schema named after a topic of ``ctx.topics`` (manifest topics, already
    validated, or names the builder made): a prefix ``orders.*`` keeps its ``*`` as a wildcard."""
    if name.endswith("*"):
        return tuple(p for p in (name[:-1],) if p) + (ANY,)
    return (name,)


def analyze(ctx: Context) -> Analysis:
    """Glue grants for each Glue Schema Registry converter of the connector.

    ``ctx.topics`` holds the names (exact, or prefixes ending in ``*``) of the topics the connector
    writes (source): a serialiser's schema names default to them.
    """
    topics = ctx.topics
    aws: list[Grant] = []
    for side in ("key", "value"):
        found = _converter(ctx, side)
        if found is None:
            continue
        cls, props, worker = found
        cause = ctx.cause(f"{side}.converter", worker=worker)
        region = props.get("region") or ctx.region
        registry = props.get("registry.name") or "default-registry"
        arn = lambda *res: ctx.arn("glue", *res, region=region)  # noqa: E731
        if ctx.type == "sink":
            aws.append(Grant("GlueSchemaRegistryRead", ("glue:GetSchemaVersion",),
                             (everything("a record carries only the schema version id"),), cause,
                             f"{TITLE}: deserialising looks schemas up by the schema version id in each record "
                             "(AWS's example grants it on *)", DOC,
                             wildcard_reason=_VERSION_ID_REASON))
            continue
        schemas = [(props["schemaName"],)] if props.get("schemaName") else [_topic_schema(t) for t in sorted(set(topics))]
        if not schemas:
            ctx.warn(f"{TITLE} ({side}.converter): the connector writes no known topic, so only the registry is "
                     "granted; set schemaName or declare the topics")
        resources = tuple([arn("registry/", registry)] + [arn("schema/", registry, "/", *s) for s in schemas])
        aws.append(Grant("GlueSchemaRegistryWrite", ("glue:GetSchemaByDefinition",), resources, cause,
                         f"{TITLE}: serialising finds the schema version id of each schema definition", DOC))
        if props.get("schemaAutoRegistrationEnabled", "false").lower() == "true":
            aws.append(Grant("GlueSchemaRegistryWrite", ("glue:CreateSchema", "glue:PutSchemaVersionMetadata",
                                                         "glue:RegisterSchemaVersion"), resources,
                             f"{cause}; {side}.converter.schemaAutoRegistrationEnabled=true",
                             f"{TITLE}: schemaAutoRegistrationEnabled registers new schemas and versions", DOC))
            aws.append(Grant("GlueSchemaRegistryWrite", ("glue:GetSchemaVersion",), resources,
                             f"{cause}; {side}.converter.schemaAutoRegistrationEnabled=true",
                             f"{TITLE}: after registering a version that is not yet AVAILABLE, the serializer polls "
                             "GetSchemaVersion by its version id until the compatibility check completes "
                             "(AWSSchemaRegistryClient.waitForSchemaEvolutionCheckToComplete)", DOC_SERDE_CLIENT))
    return Analysis(aws=tuple(aws))
