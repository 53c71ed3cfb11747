"""Amazon EventBridge sink (``software.amazon.event.kafkaconnector.EventBridgeSinkConnector``).

Source: the connector's README (https://github.com/aws/eventbridge-kafka-connector), "Required
Connector Permissions": "The connector only requires ``events:PutEvents``" on the event bus
(``aws.eventbridge.eventbus.arn``); "Offloading large events (payloads) to S3": with
``aws.eventbridge.offloading.default.s3.bucket`` "the IAM credentials/role used in the connector
needs PutObject permissions" (object keys are random UUIDs at the bucket root, so the grant is
``<bucket>/*``). With ``aws.eventbridge.iam.role.arn`` the connector assumes that role
(StsAssumeRoleCredentialsProvider) for its calls: this role then needs only ``sts:AssumeRole``.
``aws.eventbridge.endpoint.uri`` and ``aws.eventbridge.offloading.default.s3.endpoint.uri`` are
applied as the clients' ``endpointOverride`` (aws/eventbridge-kafka-connector@1cb4524d
``EventBridgeWriter.java`` L92-118): pointed at a host that is not AWS (LocalStack), the calls do
not reach AWS with the role, so that service gets no grant (a warning says so).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._shared import not_the_role

DOC = "https://github.com/aws/eventbridge-kafka-connector"
TITLE = "Amazon EventBridge sink"


def analyze(ctx: Context) -> Analysis:
    """PutEvents on the bus, PutObject on the offloading bucket, or AssumeRole (see the module docstring)."""
    bus = ctx.require("aws.eventbridge.eventbus.arn", "the EventBridge sink puts events on this event bus")
    role = ctx.get("aws.eventbridge.iam.role.arn")
    if role:
        return Analysis(aws=(*ctx.assume_role(role, "aws.eventbridge.iam.role.arn", lambda arn: Grant("AssumeRole", ("sts:AssumeRole",), (arn,), ctx.cause("aws.eventbridge.iam.role.arn"),
                                   f"{TITLE}: assumes aws.eventbridge.iam.role.arn for PutEvents (and offloading); "
                                   "those permissions belong to that role", DOC)),))
    aws = []
    if bus and not not_the_role(ctx, TITLE, "EventBridge", endpoints=("aws.eventbridge.endpoint.uri",)):
        # Cross-account event buses are an EventBridge feature (the target bus's resource policy).
        arn = ctx.parse_arn(bus, service="events", resource="event-bus/", key="aws.eventbridge.eventbus.arn",
                            other_account=True)
        if arn is not None:
            aws.append(Grant("EventBridgePutEvents", ("events:PutEvents",), (arn,),
                             ctx.cause("aws.eventbridge.eventbus.arn"), f"{TITLE}: puts the records on the event bus",
                             DOC))
    bucket = ctx.get("aws.eventbridge.offloading.default.s3.bucket")
    if bucket and not not_the_role(ctx, TITLE, "S3", endpoints=("aws.eventbridge.offloading.default.s3.endpoint.uri",)):
        aws.append(Grant("EventBridgeOffloading", ("s3:PutObject",), (ctx.s3_objects(bucket, key="aws.eventbridge.offloading.default.s3.bucket"),),
                         ctx.cause("aws.eventbridge.offloading.default.s3.bucket"),
                         f"{TITLE}: offloads large payloads to the S3 bucket (claim check)", DOC))
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="eventbridge_sink",
    title=TITLE,
    classes=("software.amazon.event.kafkaconnector.EventBridgeSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
