"""Drives a CRI runtime with the reference gRPC stack (grpcio, C-core).

Usage: grpcio_client.py STUB_DIR TARGET [AUTHORITY]
AUTHORITY, when given, is sent as :authority (grpc.default_authority) on every call: Debian's
grpcio 1.51 sends localhost on a Unix socket, C-core 1.57+ the %-encoded socket path. Stubs are generated from the project's own .proto into STUB_DIR before this runs. Prints one
JSON object with what each step observed; the .NET test asserts on it.
"""
import json
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import runtime_v1_pb2 as api  # noqa: E402
import runtime_v1_pb2_grpc as rpc  # noqa: E402

target = sys.argv[2]
options = [("grpc.default_authority", sys.argv[3])] if len(sys.argv) > 3 else []
results = {}
channel = grpc.insecure_channel(target, options=options)
runtime = rpc.RuntimeServiceStub(channel)
images = rpc.ImageServiceStub(channel)

events = []
event_stream = runtime.GetContainerEvents(api.GetEventsRequest(), timeout=30)


def watch_events():
    try:
        for event in event_stream:
            events.append((event.container_id, api.ContainerEventType.Name(event.container_event_type)))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.CANCELLED:
            events.append(("", "error:" + error.code().name))


def code_of(call):
    try:
        call()
        return "OK"
    except grpc.RpcError as error:
        return error.code().name


version = runtime.Version(api.VersionRequest(version="v1"), timeout=10)
results["version"] = {"runtime_name": version.runtime_name, "runtime_api_version": version.runtime_api_version}

watcher = threading.Thread(target=watch_events)
watcher.start()
# The server registers a subscriber when the call arrives; let it arrive before anything happens.
time.sleep(0.5)

images.PullImage(api.PullImageRequest(image=api.ImageSpec(image="busybox")), timeout=10)
pod_config = api.PodSandboxConfig(
    metadata=api.PodSandboxMetadata(name="grpcio-pod", namespace="default", uid="uid-1", attempt=0),
    hostname="grpcio-pod",
    labels={"app": "grpcio"})
pod_id = runtime.RunPodSandbox(api.RunPodSandboxRequest(config=pod_config), timeout=10).pod_sandbox_id
container_config = api.ContainerConfig(
    metadata=api.ContainerMetadata(name="main", attempt=0),
    image=api.ImageSpec(image="busybox"),
    command=["sleep", "3600"])
container_id = runtime.CreateContainer(api.CreateContainerRequest(
    pod_sandbox_id=pod_id, config=container_config, sandbox_config=pod_config), timeout=10).container_id
runtime.StartContainer(api.StartContainerRequest(container_id=container_id), timeout=10)
listed = runtime.ListContainers(api.ListContainersRequest(
    filter=api.ContainerFilter(pod_sandbox_id=pod_id)), timeout=10).containers
results["listed"] = [{"id": c.id, "state": api.ContainerState.Name(c.state)} for c in listed]
exec_result = runtime.ExecSync(api.ExecSyncRequest(container_id=container_id, cmd=["echo", "hello"], timeout=5), timeout=10)
results["exec"] = {"stdout": exec_result.stdout.decode(), "exit_code": exec_result.exit_code}
runtime.StopContainer(api.StopContainerRequest(container_id=container_id, timeout=0), timeout=10)
runtime.RemoveContainer(api.RemoveContainerRequest(container_id=container_id), timeout=10)
runtime.StopPodSandbox(api.StopPodSandboxRequest(pod_sandbox_id=pod_id), timeout=10)
runtime.RemovePodSandbox(api.RemovePodSandboxRequest(pod_sandbox_id=pod_id), timeout=10)
results["removed_pod_status"] = code_of(lambda: runtime.PodSandboxStatus(api.PodSandboxStatusRequest(pod_sandbox_id=pod_id), timeout=10))
results["remove_again"] = code_of(lambda: runtime.RemovePodSandbox(api.RemovePodSandboxRequest(pod_sandbox_id=pod_id), timeout=10))

time.sleep(0.5)
event_stream.cancel()
watcher.join(15)
results["container_events"] = [kind for (container, kind) in events if container == container_id]
results["sandbox_events"] = [kind for (container, kind) in events if container == pod_id]


def stream_until_deadline():
    for _ in runtime.GetContainerEvents(api.GetEventsRequest(), timeout=0.3):
        pass


results["deadline"] = code_of(stream_until_deadline)
raw_version = channel.unary_unary("/runtime.v1.RuntimeService/Version")
results["garbage"] = code_of(lambda: raw_version(b"\xff\xff\xff\xff", timeout=10))
results["unknown_method"] = code_of(lambda: channel.unary_unary("/runtime.v1.RuntimeService/NoSuchMethod")(b"", timeout=10))
results["still_serving"] = runtime.Version(api.VersionRequest(), timeout=10).runtime_name
# Many more calls on the same connection, whose header blocks refer to the client's HPACK table.
results["repeated"] = sum(runtime.Version(api.VersionRequest(), timeout=10).runtime_name == "cri-sample" for _ in range(200))

print(json.dumps(results))
