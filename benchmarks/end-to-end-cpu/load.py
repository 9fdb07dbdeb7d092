"""Load for the end-to-end CPU measurement: CALLS unary PodSandboxStatus calls over CALLERS threads.

Usage: load.py STUB_DIR TARGET CALLS CALLERS
Runs one RunPodSandbox first, then the calls on one channel, and prints the calls per second.
"""
import sys
import threading
import time
import uuid

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import runtime_v1_pb2 as api  # noqa: E402
import runtime_v1_pb2_grpc as rpc  # noqa: E402

target, calls, callers = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
channel = grpc.insecure_channel(target)
runtime = rpc.RuntimeServiceStub(channel)
config = api.PodSandboxConfig(metadata=api.PodSandboxMetadata(name=f"load-{uuid.uuid4().hex[:8]}", namespace="default", uid=uuid.uuid4().hex, attempt=0))
pod = runtime.RunPodSandbox(api.RunPodSandboxRequest(config=config), timeout=10).pod_sandbox_id
request = api.PodSandboxStatusRequest(pod_sandbox_id=pod)


def caller(count):
    for _ in range(count):
        runtime.PodSandboxStatus(request, timeout=10)


threads = [threading.Thread(target=caller, args=(calls // callers,)) for _ in range(callers)]
start = time.monotonic()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"{calls / (time.monotonic() - start):.0f}")
