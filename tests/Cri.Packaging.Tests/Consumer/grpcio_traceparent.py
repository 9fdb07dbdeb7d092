"""Calls a CRI runtime with the reference gRPC stack (grpcio, C-core), as CRI-O's callers do,
with a sampled W3C traceparent in the metadata.

Usage: grpcio_traceparent.py STUB_DIR TARGET TRACEPARENT
Prints one JSON object: the sandbox id RunPodSandbox returned and PodSandboxStatus's code for an unknown id.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import runtime_v1_pb2 as api  # noqa: E402
import runtime_v1_pb2_grpc as rpc  # noqa: E402

target, traceparent = sys.argv[2], sys.argv[3]
metadata = (("traceparent", traceparent),)
runtime = rpc.RuntimeServiceStub(grpc.insecure_channel(target))
config = api.PodSandboxConfig(
    metadata=api.PodSandboxMetadata(name="grpcio-pod", namespace="grpcio-ns", uid="grpcio-uid", attempt=0),
    hostname="grpcio-pod")
pod_id = runtime.RunPodSandbox(api.RunPodSandboxRequest(config=config), timeout=10, metadata=metadata).pod_sandbox_id
try:
    runtime.PodSandboxStatus(api.PodSandboxStatusRequest(pod_sandbox_id="no-such-sandbox"), timeout=10, metadata=metadata)
    code = "OK"
except grpc.RpcError as error:
    code = error.code().name
print(json.dumps({"pod_sandbox_id": pod_id, "status_code": code}))
